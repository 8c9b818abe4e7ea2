"""Compile a rule's sympy derivative formula into backward functions, once.

A Table 2-1 row says, for instance, ``(arcsin x)' = 1/sqrt(1 - x^2)``.  The
backward of an ``arcsin`` node must compute ``g * f'(x)`` for the incoming
adjoint ``g``.  :func:`compile_vjp` translates the registry's formula into
Python source twice:

* an **in-place numpy** version for arrays, which reuses its own temporaries
  (``t = x*x; 1 - t -> t; sqrt(t) -> t; g / t -> t``) so a backward step
  allocates one array, not five;
* a **plain** version written with a backend ``B`` (``B.div(g, B.sqrt(...))``):
  with numpy functions it serves 0-d arrays, with calc.autograd's own
  differentiable operations it is the ``create_graph=True`` backward, so
  derivatives of any order are again built from the same rule.

The sources are compiled with :func:`exec` when calc.autograd is imported;
no sympy runs while a graph is built or differentiated.
"""
from __future__ import annotations

import math

import sympy as sp

OUT = sp.Symbol("out")  # the node's own output value (exp, sqrt, tanh, sigmoid, a^x)

# sympy function -> (numpy source name, backend method name)
_NP_FUNCS = {sp.sin: "_sin", sp.cos: "_cos", sp.tan: "np.tan", sp.exp: "np.exp",
             sp.log: "np.log", sp.asin: "np.arcsin", sp.acos: "np.arccos", sp.atan: "np.arctan",
             sp.tanh: "np.tanh"}
_RECIPROCAL_OF = {sp.sec: sp.cos, sp.csc: sp.sin, sp.cot: sp.tan}
_B_FUNCS = {sp.sin: "sin", sp.cos: "cos", sp.tan: "tan", sp.cot: "cot", sp.sec: "sec", sp.csc: "csc",
            sp.exp: "exp", sp.log: "log", sp.asin: "asin", sp.acos: "acos", sp.atan: "atan",
            sp.acot: "acot", sp.tanh: "tanh"}


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
        f = type(e)
        if f in _RECIPROCAL_OF:
            code, kind = self.emit(_RECIPROCAL_OF[f](e.args[0]))
            return self.binary("np.divide", "1.0", "scalar", code, kind)
        if f is sp.acot:
            code, kind = self.emit(1 / e.args[0])
            return self.unary("np.arctan", code, kind)
        if f in _NP_FUNCS:
            return self.unary(_NP_FUNCS[f], *self.emit(e.args[0]))
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
        f = type(e)
        if f in _B_FUNCS:
            return f"B.{_B_FUNCS[f]}({self.emit(e.args[0])})"
        raise NotImplementedError(f"cannot compile {e}")


def vjp_sources(deriv: sp.Expr, arrays: dict, scalars: dict) -> tuple[str, str]:
    """(in-place numpy body, plain backend expression) computing ``g * deriv``.

    ``arrays`` maps the formula's array symbols (x, out) to argument names,
    ``scalars`` its parameters (mu, a) to argument names; the adjoint is ``g``.
    """
    c, rest = deriv.as_coeff_Mul()
    # in-place numpy
    gen = _Gen(arrays, scalars)
    if rest.is_Pow and rest.exp == -1:
        code, kind = gen.emit(rest.base)
        res = gen.binary("np.divide", "g", "array", code, kind)
    elif rest.is_Pow and rest.exp == sp.Rational(-1, 2):
        code, kind = gen.unary("np.sqrt", *gen.emit(rest.base))
        res = gen.binary("np.divide", "g", "array", code, kind)
    else:
        res = gen.binary("np.multiply", *gen.emit(rest), "g", "array")
    if c == -1:
        res = gen.unary("np.negative", *res)
    elif c != 1:
        res = gen.binary("np.multiply", *res, repr(float(c)), "scalar")
    body = "\n".join("    " + ln for ln in gen.lines) + f"\n    return {res[0]}\n"
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

    The argument order is ``arrays`` then ``scalars`` (dict order).
    """
    body, plain = vjp_sources(deriv, arrays, scalars)
    args = ", ".join(list(arrays.values()) + list(scalars.values()))
    src = (f"def {name}_np(g, {args}):\n{body}\n"
           f"def {name}_plain(B, g, {args}):\n    return {plain}\n")
    ns = dict(namespace)
    ns.setdefault("math", math)
    exec(compile(src, f"<calc.autograd rule {name}>", "exec"), ns)  # noqa: S102 - our own generated code
    f_np, f_plain = ns[f"{name}_np"], ns[f"{name}_plain"]
    f_np.source = f_plain.source = src
    return f_np, f_plain
