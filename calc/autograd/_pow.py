"""Powers: x ** c (row 2-1.2), c ** x (rows 2-1.9 / 2-1.10) and u ** v (extra.uv).

The backward of x ** c and of c ** x is compiled from the catalogue's rows
(entries ``pow`` and ``exp_a``); u ** v with two tensors follows the row's two
partial derivatives, v·u^(v−1) and u^v·ln u, with torch's masking at u = 0.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from ..catalogue import A, MU, X, by_key
from ._backend import NB, _np_pow
from ._compile import OUT, compile_vjp
from ._node import Node, _const_sym, _shape, _vec, record, record2
from ._pool import _alloc_like
from ._tensor import Tensor, _raw
from ._unary import DERIVATIVES

_NS = {"np": np, "_pow": _np_pow, "math": math, "_A": _alloc_like}
_POW_D = by_key["pow"].rule.derivative                              # mu x^(mu-1)
_EXPA_D = by_key["exp_a"].rule.derivative.subs(A ** X, OUT)          # a^x ln a, with a^x = out
_pow_np, _pow_plain = compile_vjp("pow", _POW_D, {X: "x"}, {MU: "mu"}, _NS)
_expa_np, _expa_plain = compile_vjp("expa", _EXPA_D, {OUT: "out"}, {A: "a"}, _NS)
DERIVATIVES["pow"] = _POW_D
DERIVATIVES["rpow"] = _EXPA_D


@functools.lru_cache(maxsize=64)
def _pow_vjp(mu: float):
    """numpy backward of x**mu for this constant: the row with μ substituted when μ is a small
    multiple of 1/2 (2·x·ḡ for x², ḡ/(2√x) for √x: no x^(μ−1) pass), else the general one."""
    if mu * 2 == int(mu * 2) and abs(mu) <= 8:
        d = _POW_D.xreplace({MU: sp.Rational(int(mu * 2), 2)})
        return compile_vjp("powc", d, {X: "x"}, {}, _NS)[0]
    return lambda g, x: _pow_np(g, x, mu)


class PowBackward0(Node):
    """x ** c for a constant c: ḡ·c·x^(c−1) (rule 2-1.2)."""

    __slots__ = ()
    SAVED = (0,)
    FORMULA = "u^c"
    PARTIALS = ("ḡ·c·u^(c−1)",)

    def back(self, g, B):
        mu = self.meta
        x = B.v(self.inputs[0])
        if mu == 0:
            return (B.mul(g, 0.0),)
        if B is NB and x.ndim:
            return (_pow_vjp(mu)(g, x),)
        return (_pow_plain(B, g, x, mu),)

    def back_owned(self, g):
        x = self.inputs[0]._data
        f = _pow_vjp(self.meta)
        if self.meta == 0 or not x.ndim or g.shape != x.shape or g.dtype != x.dtype or not hasattr(f, "owned"):
            return self.back(g, NB)
        return (f.owned(g, x),)

    def rules(self):
        return ("2-1.2", "2-2.5")

    def nondiff(self):
        mu = self.meta
        x = self.inputs[0]._data
        out = []
        if mu != int(mu):
            if 0 < mu < 1 and np.any(x == 0):
                out.append(f"u^{mu:g} has no derivative at u = 0 (cusp / vertical tangent; torch gives inf)")
            if np.any(x < 0):
                out.append(f"u^{mu:g} is not real for u < 0 (numpy and torch give nan; calc.derivative uses "
                           f"the real odd root where one exists)")
        elif mu < 0 and np.any(x == 0):
            out.append(f"u^{mu:g} is not defined at u = 0")
        return out

    def sym(self, args):
        return _vec(lambda u: u ** _const_sym(self.meta))(args[0])


class PowBackward2(Node):
    """c ** x for a constant c > 0: ḡ·c^x·ln c (rule 2-1.9)."""

    __slots__ = ()
    SAVES_OUT = True
    FORMULA = "c^u"
    PARTIALS = ("ḡ·c^u·ln c",)

    def back(self, g, B):
        if B is NB and self.value.ndim:
            return (_expa_np(g, self.value, self.meta),)
        return (_expa_plain(B, g, B.out(self), self.meta),)

    def rules(self):
        return ("2-1.10" if self.meta == math.e else "2-1.9", "2-2.5")

    def sym(self, args):
        c = sp.E if self.meta == math.e else _const_sym(self.meta)
        return _vec(lambda u: c ** u)(args[0])


class PowBackward1(Node):
    """u ** v with both tensors: ḡ·v·u^(v−1) and ḡ·u^v·ln u (rule extra.uv, torch's masking at u = 0)."""

    __slots__ = ()
    SAVED = (0, 1)
    SAVES_OUT = True
    FORMULA = "u^v"
    PARTIALS = ("ḡ·v·u^(v−1)", "ḡ·u^v·ln u")
    RULES = ("extra.uv",)

    @np.errstate(all="ignore")
    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        av, bv = B.v(a), B.v(b)
        ga = gb = None
        if ea is not None:
            ad, bd = _raw(a), _raw(b)
            zero = np.asarray(bd == 0)
            e = B.sub(bv, 1.0)
            t = B.mul(B.mul(g, bv), B.pow(av, e))
            if np.any(zero):
                t = B.where(~zero, t, 0.0)
            ga = B.sum_to(t, _shape(a))
        if eb is not None:
            ad, bd = _raw(a), _raw(b)
            mask = np.asarray((ad == 0) & (bd >= 0))
            t = B.mul(B.mul(g, B.out(self)), B.log(av))
            if np.any(mask):
                t = B.where(~mask, t, 0.0)
            gb = B.sum_to(t, _shape(b))
        return ga, gb

    def nondiff(self):
        a = _raw(self.inputs[0])
        if np.any(np.asarray(a) <= 0):
            return ["u^v = e^(v ln u) needs u > 0 (extra.uv)"]
        return []

    def sym(self, args):
        return args[0] ** args[1]


def pow(a, b) -> Tensor:  # noqa: A001 - torch's name
    """a ** b: PowBackward0 (tensor ** number, rule 2-1.2), PowBackward2 (number ** tensor,
    rule 2-1.9 / 2-1.10) or PowBackward1 (tensor ** tensor, rule extra.uv)."""
    ta, tb = type(a) is Tensor, type(b) is Tensor
    if ta and not tb and np.ndim(b) == 0:
        mu = float(b)
        x = a._data
        return record(PowBackward0, a, _np_pow(x, mu), mu)
    if tb and not ta and np.ndim(a) == 0:
        c = float(a)
        x = b._data
        with np.errstate(over="ignore"):
            data = np.exp(x) if c == math.e else np.power(c, x)
        return record(PowBackward2, b, data, c)
    ad, bd = _raw(a), _raw(b)
    with np.errstate(invalid="ignore"):
        return record2(PowBackward1, a, b, np.power(ad, bd))
