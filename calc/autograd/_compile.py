"""Compile a rule's sympy derivative formula into backward functions, once.

A Table 2-1 row says, for instance, ``(arcsin x)' = 1/sqrt(1 - x^2)``.  The
backward of an ``arcsin`` node must compute ``g * f'(x)`` for the incoming
adjoint ``g``.  :func:`compile_vjp` translates the registry's formula into
Python source twice:

* an **in-place numpy** version for arrays, which reuses its own temporaries
  (``t = x*x; 1 - t -> t; sqrt(t) -> t; g / t -> t``) so a backward step
  allocates one array, not five;
  a second in-place version may also overwrite the adjoint ``g`` itself,
  for the backward pass to call when nothing else holds ``g``
  (``np.multiply(aux, g, out=g)``: no allocation at all);
* a **plain** version written with a backend ``B`` (``B.div(g, B.sqrt(...))``):
  with numpy functions it serves 0-d arrays, with calc.autograd's own
  differentiable operations it is the ``create_graph=True`` backward, so
  derivatives of any order are again built from the same rule.

The sources are compiled with :func:`exec` when calc.autograd is imported;
no sympy runs while a graph is built or differentiated.  A function inside a
formula (``cos`` in ``(sin x)′ = cos x``) is looked up in the catalogue: the
numpy code calls its ``np_forward`` (as ``_f_cos`` in the namespace the caller
passes), the backend code ``B.cos``.
"""
from __future__ import annotations

import math

import sympy as sp

from ..catalogue import by_head

OUT = sp.Symbol("out")  # the node's own output value (exp, sqrt, tanh, sigmoid, a^x)



def function_names(head) -> tuple[str, str]:
    """(name of the numpy forward in the compiled code's namespace, backend method name) of a
    sympy function, from its catalogue entry: ``_f_sin`` and ``sin``."""
    e = by_head(head)
    if e is None or e.autograd_name is None or e.np_forward is None:
        raise NotImplementedError(f"no elementwise autograd op for {head.__name__} in the catalogue")
    return f"_f_{e.autograd_name}", e.autograd_name


class _Gen:
    """Emit in-place numpy code for an expression; arrays are the symbols in ``arrays``."""

    def __init__(self, arrays: dict, scalars: dict):
        self.arrays = arrays      # sympy Symbol -> python name (ndarray arguments)
        self.scalars = scalars    # sympy Symbol -> python name (float arguments)
        self.lines: list[str] = []
        self.n = 0

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def is_scalar(self, e) -> bool:
        return not any(s in self.arrays for s in e.free_symbols)

    def scalar(self, e) -> str:
        reps = {s: sp.Symbol(n) for s, n in self.scalars.items()}
        code = sp.pycode(e.xreplace(reps), fully_qualified_modules=True)
        return f"({code})"

    # each emit returns (code, kind) with kind in {"scalar", "array", "temp"};
    # a "temp" is a fresh array owned by this function and may be overwritten.
    def emit(self, e):
        if e in self.arrays:
            return self.arrays[e], "array"
        if self.is_scalar(e):
            return self.scalar(e), "scalar"
        if e.is_Add:
            return self.add(e)
        if e.is_Mul:
            c, rest = e.as_coeff_Mul()
            if c != 1:
                code, kind = self.emit(rest)
                if c == -1:
                    return self.unary("np.negative", code, kind)
                return self.binary("np.multiply", code, kind, repr(float(c)), "scalar")
            args = list(e.args)
            acc = self.emit(args[0])
            for a in args[1:]:
                acc = self.binary("np.multiply", *acc, *self.emit(a))
            return acc
        if e.is_Pow:
            return self.pow(e.base, e.exp)
        if len(e.args) == 1:
            return self.unary(function_names(type(e))[0], *self.emit(e.args[0]))
        raise NotImplementedError(f"cannot compile {e}")

    def add(self, e):
        terms = list(e.args)
        # start with a term that is not negated if possible
        terms.sort(key=lambda t: bool(t.as_coeff_Mul()[0].is_negative))
        acc = self.emit(terms[0])
        for t in terms[1:]:
            c, rest = t.as_coeff_Mul()
            if c.is_negative:
                acc = self.binary("np.subtract", *acc, *self.emit(-t))
            else:
                acc = self.binary("np.add", *acc, *self.emit(t))
        return acc

    def pow(self, b, ex):
        if not self.is_scalar(ex):
            raise NotImplementedError("array exponent")
        code, kind = self.emit(b)
        if ex == 2:
            return self.unary("np.square", code, kind)
        if ex == -1:
            return self.binary("np.divide", "1.0", "scalar", code, kind)
        if ex == sp.Rational(1, 2):
            return self.unary("np.sqrt", code, kind)
        if ex == sp.Rational(-1, 2):
            code, kind = self.unary("np.sqrt", code, kind)
            return self.binary("np.divide", "1.0", "scalar", code, kind)
        t = self.tmp()
        self.lines.append(f"{t} = _pow({code}, {self.scalar(ex)})")
        return t, "temp"

    def unary(self, fn, code, kind):
        if kind == "scalar":
            raise NotImplementedError
        if kind == "temp":
            self.lines.append(f"{fn}({code}, out={code})")
            return code, "temp"
        t = self.tmp()
        self.lines.append(f"{t} = {fn}({code}, out=_A({code}))")
        return t, "temp"

    def binary(self, fn, a, ka, b, kb):
        if ka == "temp":
            self.lines.append(f"{fn}({a}, {b}, out={a})")
            return a, "temp"
        if kb == "temp":
            self.lines.append(f"{fn}({a}, {b}, out={b})")
            return b, "temp"
        t = self.tmp()
        ref = a if ka == "array" else b
        self.lines.append(f"{t} = {fn}({a}, {b}, out=_A({ref}))")
        return t, "temp"


class _Plain:
    """Emit one expression in backend calls ``B.mul(...)`` (numpy or differentiable ops)."""

    def __init__(self, arrays: dict, scalars: dict):
        self.arrays, self.scalars = arrays, scalars

    def is_scalar(self, e) -> bool:
        return not any(s in self.arrays for s in e.free_symbols)

    def emit(self, e) -> str:
        if e in self.arrays:
            return self.arrays[e]
        if self.is_scalar(e):
            reps = {s: sp.Symbol(n) for s, n in self.scalars.items()}
            return "(" + sp.pycode(e.xreplace(reps), fully_qualified_modules=True) + ")"
        if e.is_Add:
            terms = sorted(e.args, key=lambda t: bool(t.as_coeff_Mul()[0].is_negative))
            acc = self.emit(terms[0])
            for t in terms[1:]:
                if t.as_coeff_Mul()[0].is_negative:
                    acc = f"B.sub({acc}, {self.emit(-t)})"
                else:
                    acc = f"B.add({acc}, {self.emit(t)})"
            return acc
        if e.is_Mul:
            c, rest = e.as_coeff_Mul()
            if c == -1:
                return f"B.neg({self.emit(rest)})"
            if c != 1:
                return f"B.mul({self.emit(rest)}, {float(c)!r})"
            args = list(e.args)
            acc = self.emit(args[0])
            for a in args[1:]:
                acc = f"B.mul({acc}, {self.emit(a)})"
            return acc
        if e.is_Pow:
            b, ex = e.base, e.exp
            if ex == -1:
                return f"B.div(1.0, {self.emit(b)})"
            if ex == sp.Rational(1, 2):
                return f"B.sqrt({self.emit(b)})"
            if ex == sp.Rational(-1, 2):
                return f"B.div(1.0, B.sqrt({self.emit(b)}))"
            return f"B.pow({self.emit(b)}, {self.emit(ex)})"
        if len(e.args) == 1:
            return f"B.{function_names(type(e))[1]}({self.emit(e.args[0])})"
        raise NotImplementedError(f"cannot compile {e}")


def _np_body(deriv: sp.Expr, arrays: dict, scalars: dict, g_kind: str) -> str:
    """The in-place numpy body computing ``g * deriv``; ``g_kind`` "temp" lets it overwrite g."""
    c, rest = deriv.as_coeff_Mul()
    gen = _Gen(arrays, scalars)
    if rest.is_Pow and rest.exp == -1:
        code, kind = gen.emit(rest.base)
        res = gen.binary("np.divide", "g", g_kind, code, kind)
    elif rest.is_Pow and rest.exp == sp.Rational(-1, 2):
        code, kind = gen.unary("np.sqrt", *gen.emit(rest.base))
        res = gen.binary("np.divide", "g", g_kind, code, kind)
    else:
        res = gen.binary("np.multiply", *gen.emit(rest), "g", g_kind)
    if c == -1:
        res = gen.unary("np.negative", *res)
    elif c != 1:
        res = gen.binary("np.multiply", *res, repr(float(c)), "scalar")
    return "\n".join("    " + ln for ln in gen.lines) + f"\n    return {res[0]}\n"


def vjp_sources(deriv: sp.Expr, arrays: dict, scalars: dict) -> tuple[str, str]:
    """(in-place numpy body, plain backend expression) computing ``g * deriv``.

    ``arrays`` maps the formula's array symbols (x, out) to argument names,
    ``scalars`` its parameters (mu, a) to argument names; the adjoint is ``g``.
    """
    c, rest = deriv.as_coeff_Mul()
    body = _np_body(deriv, arrays, scalars, "array")
    # plain backend expression
    pl = _Plain(arrays, scalars)
    if rest.is_Pow and rest.exp == -1:
        plain = f"B.div(g, {pl.emit(rest.base)})"
    elif rest.is_Pow and rest.exp == sp.Rational(-1, 2):
        plain = f"B.div(g, B.sqrt({pl.emit(rest.base)}))"
    else:
        plain = f"B.mul(g, {pl.emit(rest)})"
    if c == -1:
        plain = f"B.neg({plain})"
    elif c != 1:
        plain = f"B.mul({plain}, {float(c)!r})"
    return body, plain


def compile_vjp(name: str, deriv: sp.Expr, arrays: dict, scalars: dict, namespace: dict):
    """Two Python functions ``(inplace(g, *args), plain(B, g, *args))`` for ``g * deriv``.

    The argument order is ``arrays`` then ``scalars`` (dict order).  ``inplace.owned``
    is the variant that may overwrite ``g`` (for an adjoint nothing else holds).
    """
    body, plain = vjp_sources(deriv, arrays, scalars)
    owned = _np_body(deriv, arrays, scalars, "temp")
    args = ", ".join(list(arrays.values()) + list(scalars.values()))
    src = (f"def {name}_np(g, {args}):\n{body}\n"
           f"def {name}_np_owned(g, {args}):\n{owned}\n"
           f"def {name}_plain(B, g, {args}):\n    return {plain}\n")
    ns = dict(namespace)
    ns.setdefault("math", math)
    exec(compile(src, f"<calc.autograd rule {name}>", "exec"), ns)  # noqa: S102 - our own generated code
    f_np, f_plain = ns[f"{name}_np"], ns[f"{name}_plain"]
    f_np.owned = ns[f"{name}_np_owned"]
    f_np.source = f_plain.source = f_np.owned.source = src
    return f_np, f_plain
