"""The elementwise functions of the catalogue (sin, cos, …, exp, log, sqrt, tanh) and sigmoid.

One op per catalogue entry that has an ``autograd_name``: its forward is the
entry's ``np_forward`` (the half-angle form where that is np.sin / np.cos,
see :mod:`._fastmath`), its node is named ``entry.torch_node``, and its
backward ``ḡ·f′(u)`` is compiled by :func:`._compile.compile_vjp` from the
entry's derivative row, where f(u) itself is written ``out`` when the
derivative is a function of the output alone (exp, tanh, sqrt).  The points
``explain`` flags come from the entry too: outside its ``domain``, at the
zeros of its ``kinks`` and ``jumps``.  Where the forward computes, on the way, the
very function of x the derivative asks for (cos x for sin, see ``WITH_AUX`` in
:mod:`._fastmath`), the node keeps it and the row is compiled a second time
with that function written ``aux``.  No derivative is written here by hand.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from ..catalogue import CATALOGUE, X, arrays, by_key
from ._backend import NB, _np_pow, bind_numpy_funcs
from ._compile import OUT, compile_vjp
from ._fastmath import FASTER, WITH_AUX
from ._gradmode import MODE
from ._node import Node, _points, _vec, record
from ._pool import POOL_MIN, _alloc, _alloc_like
from ._tensor import Tensor, tensor

#: op name -> the sympy derivative (in the row's x, with ``out`` standing for
#: the node's output) that its backward was compiled from
DERIVATIVES: dict[str, sp.Expr] = {}
#: op name -> the node class
UNARY_NODES: dict[str, type] = {}
#: op name -> the numpy forward
FORWARDS: dict[str, object] = {}
#: op name -> the catalogue entry (None for sigmoid)
ENTRIES: dict[str, object] = {}

_U = sp.Symbol("u", real=True)
AUX = sp.Symbol("aux")  # a second function of x that the forward computed on the way (cos x for sin)


class _Unary(Node):
    """A one-argument function whose derivative comes from a compiled catalogue row."""

    __slots__ = ()
    SAVED = (0,)
    FWD = None
    VJP_NP = None       # (g, x[, out]) -> g * f'(x), numpy, in place on its own temporaries
    VJP_PLAIN = None    # (B, g, x[, out]) -> g * f'(x), any backend
    VJP_NB = None       # VJP_PLAIN with the numpy backend (0-d arrays)
    FWD_AUX = None      # x -> (f(x), aux) when the derivative is a function of aux alone, else None
    VJP_AUX = None      # (g, aux) -> g * f'(x), numpy, the derivative written in aux
    USES_X = True
    USES_OUT = False
    SYMPY = None
    ENTRY = None
    RULE_ID = ""
    RULE_IDS = ()
    PARTIALS = ("ḡ·f′(u)",)

    def back(self, g, B):
        if B is NB:     # the in-place numpy version of the same formula
            return self._back_np(g, False)
        args = []
        if self.USES_X:
            args.append(B.v(self.inputs[0]))
        if self.USES_OUT:
            args.append(B.out(self))
        return (type(self).VJP_PLAIN(B, g, *args),)

    def back_owned(self, g):
        x = self.inputs[0]._data
        return self._back_np(g, g.shape == x.shape and g.dtype == x.dtype)

    def _back_np(self, g, own):
        """The compiled numpy backward; ``own``: the version that overwrites g."""
        if self.meta is not None:   # the derivative's function of x, kept by the forward
            f = self.VJP_AUX
            return ((f.owned if own else f)(g, self.meta),)
        x = self.inputs[0]._data
        f = (self.VJP_NP.owned if own else self.VJP_NP) if x.ndim else self.VJP_NB
        if self.USES_OUT:
            return (f(g, x, self.value),) if self.USES_X else (f(g, self.value),)
        return (f(g, x),)

    def rules(self):
        return self.RULE_IDS

    def sym(self, args):
        return _vec(self.SYMPY)(args[0])

    def nondiff(self):
        """Where the input lies outside the entry's domain, or on a zero of its kinks or jumps."""
        if self.ENTRY is None:
            return []
        x = self.inputs[0]._data
        out = []
        for kind, rel, test in _checks(self.ENTRY):
            with np.errstate(all="ignore"):
                bad = ~np.asarray(test(x), dtype=bool) if kind == "domain" else np.asarray(test(x) == 0)
            if np.any(bad):
                out.append(_MESSAGES[kind].format(f=_name_u(self.ENTRY), pts=_points(x, bad), rel=rel))
        return out


_MESSAGES = {
    "domain": "{f} is not differentiable where it is not defined: u = {pts} violates {rel}",
    "kink": "{f} has no derivative at u = {pts} ({rel} = 0: a corner, cusp or vertical tangent)",
    "jump": "{f} jumps at u = {pts} ({rel} = 0): left and right limits differ, no derivative",
}


def _name_u(entry) -> str:
    d = entry.display or entry.key
    return d + ("u" if not d[-1].isalpha() else " u")


@functools.cache
def _checks(entry):
    """(kind, relation text, numpy test) for the entry's domain relations, kinks and jumps."""
    out = []
    for kind, exprs in (("domain", entry.domain(_U)), ("kink", entry.kinks(_U)), ("jump", entry.jumps(_U))):
        for e in exprs:
            out.append((kind, sp.sstr(e), sp.lambdify(_U, e, modules="numpy")))
    return tuple(out)


def _unary_op(Cls, x):
    if type(x) is not Tensor:
        x = tensor(x)
    xd = x._data
    if xd.size >= POOL_MIN and xd.dtype.kind == "f":
        if Cls.FWD_AUX is not None and x._rg and MODE.enabled:
            data, aux = Cls.FWD_AUX(xd, _alloc(xd.shape, xd.dtype))
            return record(Cls, x, data, aux)
        data = Cls.FWD(xd, _alloc(xd.shape, xd.dtype))
    else:
        data = Cls.FWD(xd)
    return record(Cls, x, data)


def _derivative(entry):
    """The row's f′(x), with f(x) written ``out`` when that removes x (exp, tanh, sqrt)."""
    d = entry.derivative_at(X)
    f = (entry.build or entry.head)(X)
    in_out = d.subs(f, OUT)
    return d if X in in_out.free_symbols else sp.simplify(in_out)


# CATALOGUE-NEEDED: sigmoid has no catalogue entry (it is not a sympy function); it needs one with
# np_forward=arrays.sigmoid, autograd_name="sigmoid", torch_node="SigmoidBackward0" and a row (or a
# derivative) giving σ′ = σ(1 − σ).  Until then its derivative is derived here: σ = 1/(1 + e^−x) by
# rules 2-2.4, 2-1.10, 2-2.5 gives σ′ = e^−x/(1 + e^−x)² = σ(1 − σ) (the test suite checks it against
# calc.diff of the definition).
_SIGMOID = ("sigmoid", "SigmoidBackward0", arrays.sigmoid, lambda u: 1 / (1 + sp.exp(-u)), OUT * (1 - OUT),
            ("2-2.4", "2-1.10"))


def _specs():
    """(name, torch node, forward, sympy function, derivative, rule ids, entry) of every op."""
    for e in CATALOGUE:
        if e.autograd_name:
            fwd = FASTER.get(e.np_forward, e.np_forward)
            yield (e.autograd_name, e.torch_node, fwd, e.build or e.head, _derivative(e), (e.rule_id,), e,
                   WITH_AUX.get(e.np_forward))
    yield _SIGMOID + (None, None)


def _aux_vjp(name, d, aux, namespace):
    """(forward with aux, numpy backward in aux) when the forward ``aux`` = (fwd, key) computes the
    catalogue function ``key`` of x and the derivative d depends on x only through it, else (None, None)."""
    if aux is None:
        return None, None
    fwd, key = aux
    e = by_key[key]
    d_aux = d.xreplace({(e.build or e.head)(X): AUX})
    if d_aux.free_symbols != {AUX}:
        return None, None
    return fwd, compile_vjp(name + "_aux", d_aux, {AUX: "aux"}, {}, namespace)[0]


def _make_op(name, node_name, fwd, fsym, d, rids, entry, aux, namespace):
    fwd_aux, vjp_aux = _aux_vjp(name, d, aux, namespace)
    uses_x = X in d.free_symbols
    uses_out = OUT in d.free_symbols
    arrays_ = ({X: "x"} if uses_x else {}) | ({OUT: "out"} if uses_out else {})
    f_np, f_plain = compile_vjp(name, d, arrays_, {}, namespace)
    shown = sp.sstr(d.xreplace({X: sp.Symbol("u"), OUT: sp.Symbol(f"{name}(u)")}))
    source = f"rule {rids[0]}" if entry is not None else "σ′ = σ(1 − σ)"
    cls = type(node_name, (_Unary,), {
        "PARTIALS": (f"ḡ·({shown})",), "__slots__": (), "FWD": staticmethod(fwd),
        "VJP_NP": staticmethod(f_np), "VJP_PLAIN": staticmethod(f_plain),
        "VJP_NB": staticmethod(functools.partial(f_plain, NB)), "USES_X": uses_x,
        "FWD_AUX": fwd_aux and staticmethod(fwd_aux), "VJP_AUX": vjp_aux and staticmethod(vjp_aux),
        "USES_OUT": uses_out, "SAVED": (0,) if uses_x else (), "SAVES_OUT": uses_out,
        "SYMPY": staticmethod(fsym), "ENTRY": entry, "RULE_ID": rids[0], "RULE_IDS": rids + ("2-2.5",),
        "FORMULA": f"{name}(u)", "__module__": __name__,
        "__doc__": f"Backward of {name}: ḡ·({sp.sstr(d)}), compiled from {source}.",
    })

    def op(x, _cls=cls):
        return _unary_op(_cls, x)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"{name}(x) elementwise; node {node_name}, local derivative {sp.sstr(d)} ({source})."
    return cls, op


def _build():
    specs = list(_specs())
    for name, _node, fwd, *_ in specs:
        FORWARDS[name] = fwd
    namespace = {"np": np, "_pow": _np_pow, "math": math, "_A": _alloc_like}
    namespace.update({f"_f_{n}": f for n, f in FORWARDS.items()})
    bind_numpy_funcs(FORWARDS)
    ops = {}
    for name, node_name, fwd, fsym, d, rids, entry, aux in specs:
        cls, op = _make_op(name, node_name, fwd, fsym, d, rids, entry, aux, namespace)
        DERIVATIVES[name] = d
        UNARY_NODES[name] = cls
        ENTRIES[name] = entry
        ops[name] = op
        ops[node_name] = cls
    return ops


#: op name -> function, and torch node name -> node class
OPS = _build()
