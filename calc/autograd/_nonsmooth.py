"""Non-smooth operations with torch's conventions at their corners: abs, relu, maximum,
minimum, clamp, where.

Their backward formulas are masks (hand-written: a mask is not a catalogue
derivative row); ``nondiff`` names the corners that ``explain`` flags.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ._gradmode import MODE
from ._node import Node, _const_sym, _points, _shape, _vec, record, record2
from ._tensor import Tensor, _make, _raw, tensor


class AbsBackward0(Node):
    """|u|: ḡ·sign(u) (extra.abs, u/|u|; torch's convention 0 at u = 0)."""

    __slots__ = ()
    SAVED = (0,)
    RULES = ("extra.abs", "2-2.5")
    FORMULA = "|u|"
    PARTIALS = ("ḡ·sign(u)",)

    def back(self, g, B):
        return (B.mul(g, np.sign(_raw(self.inputs[0]))),)

    def nondiff(self):
        x = self.inputs[0]._data
        z = x == 0
        return ["|u| has a corner at u = 0 (f′₋ = −1, f′₊ = 1); torch's convention: 0"] if np.any(z) else []

    def sym(self, args):
        return _vec(sp.Abs)(args[0])


def abs(x) -> Tensor:  # noqa: A001
    """|x|; node AbsBackward0, rule extra.abs (gradient 0 at x = 0, as torch)."""
    x = x if type(x) is Tensor else tensor(x)
    return record(AbsBackward0, x, np.abs(x._data))


class ReluBackward0(Node):
    """max(u, 0): ḡ where out > 0 (extra.max; torch's convention 0 at u = 0)."""

    __slots__ = ()
    SAVES_OUT = True
    RULES = ("extra.max", "2-2.5")
    FORMULA = "max(u, 0)"
    PARTIALS = ("ḡ·[u > 0]",)

    def back(self, g, B):
        return (B.mul(g, (self.value > 0).astype(self.value.dtype)),)

    def nondiff(self):
        x = self.inputs[0]._data
        return ["relu = max(u, 0) has a corner at u = 0 (f′₋ = 0, f′₊ = 1); torch's convention: 0"] \
            if np.any(x == 0) else []

    def sym(self, args):
        return _vec(lambda u: sp.Max(u, 0))(args[0])


def relu(x) -> Tensor:
    """max(x, 0); node ReluBackward0, rule extra.max (gradient 0 at x = 0, as torch)."""
    x = x if type(x) is Tensor else tensor(x)
    return record(ReluBackward0, x, np.maximum(x._data, 0.0))


class MaximumBackward0(Node):
    """max(u, v): ḡ to the larger, ḡ/2 to each at a tie (torch; extra.max)."""

    __slots__ = ()
    SAVED = (0, 1)
    RULES = ("extra.max",)
    FORMULA = "max(u, v)"
    PARTIALS = ("ḡ·[u > v] (½ at a tie)", "ḡ·[v > u] (½ at a tie)")
    SIGN = 1

    def _weights(self):
        a, b = _raw(self.inputs[0]), _raw(self.inputs[1])
        if self.SIGN < 0:
            a, b = b, a
        w = np.where(a > b, 1.0, np.where(a == b, 0.5, 0.0))
        return w

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        w = self._weights()
        return (None if ea is None else B.sum_to(B.mul(g, w), _shape(a)),
                None if eb is None else B.sum_to(B.mul(g, 1.0 - w), _shape(b)))

    def nondiff(self):
        a, b = _raw(self.inputs[0]), _raw(self.inputs[1])
        tie = np.asarray(a == b)
        if np.any(tie):
            f = "max" if self.SIGN > 0 else "min"
            return [f"{f}(u, v) at a tie u = v = {_points(np.broadcast_to(a, tie.shape), tie)}: not differentiable "
                    f"(one-sided derivatives u′ and v′); torch's convention: ḡ/2 to each"]
        return []

    def sym(self, args):
        f = sp.Max if self.SIGN > 0 else sp.Min
        return np.frompyfunc(f, 2, 1)(args[0], args[1])


class MinimumBackward0(MaximumBackward0):
    __slots__ = ()
    SIGN = -1
    RULES = ("extra.min",)
    FORMULA = "min(u, v)"
    PARTIALS = ("ḡ·[u < v] (½ at a tie)", "ḡ·[v < u] (½ at a tie)")


def maximum(a, b) -> Tensor:
    """Elementwise max; node MaximumBackward0 (ties split ḡ/2 each, as torch)."""
    return record2(MaximumBackward0, a, b, np.maximum(_raw(a), _raw(b)))


def minimum(a, b) -> Tensor:
    """Elementwise min; node MinimumBackward0 (ties split ḡ/2 each, as torch)."""
    return record2(MinimumBackward0, a, b, np.minimum(_raw(a), _raw(b)))


class ClampBackward1(Node):
    """clamp(u, lo, hi) with number bounds: ḡ where lo ≤ u ≤ hi (bounds count as inside, as torch)."""

    __slots__ = ()
    SAVED = (0,)
    RULES = ("extra.max", "extra.min", "2-2.5")
    FORMULA = "min(max(u, lo), hi)"
    PARTIALS = ("ḡ·[lo ≤ u ≤ hi]",)

    def _mask(self):
        x = self.inputs[0]._data
        lo, hi = self.meta
        m = np.ones(x.shape, dtype=bool)
        if lo is not None:
            m &= x >= lo
        if hi is not None:
            m &= x <= hi
        return m

    def back(self, g, B):
        return (B.mul(g, self._mask().astype(self.value.dtype)),)

    def nondiff(self):
        x = self.inputs[0]._data
        lo, hi = self.meta
        hit = np.zeros(x.shape, dtype=bool)
        if lo is not None:
            hit |= x == lo
        if hi is not None:
            hit |= x == hi
        if np.any(hit):
            return [f"clamp has a corner at a bound u = {_points(x, hit)} (one-sided derivatives 0 and 1); "
                    f"torch's convention: 1"]
        return []

    def sym(self, args):
        lo, hi = self.meta

        def f(u):
            if lo is not None:
                u = sp.Max(u, _const_sym(lo))
            if hi is not None:
                u = sp.Min(u, _const_sym(hi))
            return u
        return _vec(f)(args[0])


class ClampBackward0(Node):
    """clamp(u, lo, hi) with tensor bounds: ḡ to u where lo ≤ u ≤ hi, to lo where u < lo, to hi where u > hi."""

    __slots__ = ()
    SAVED = (0, 1, 2)
    RULES = ("extra.max", "extra.min")
    FORMULA = "min(max(u, lo), hi)"
    PARTIALS = ("ḡ·[lo ≤ u ≤ hi]", "ḡ·[u < lo]", "ḡ·[u > hi]")

    def back(self, g, B):
        x, lo, hi = (_raw(t) if t is not None else None for t in self.inputs)
        shape = self.value.shape
        inside = np.ones(shape, dtype=bool)
        below = np.zeros(shape, dtype=bool)
        above = np.zeros(shape, dtype=bool)
        if lo is not None:
            inside &= x >= lo
            below = np.broadcast_to(x < lo, shape)
        if hi is not None:
            inside &= x <= hi
            above = np.broadcast_to(x > hi, shape) & ~below
        dt = self.value.dtype
        res = []
        for i, m in enumerate((inside, below, above)):
            if self.next[i] is None:
                res.append(None)
            else:
                res.append(B.sum_to(B.mul(g, m.astype(dt)), _shape(self.inputs[i])))
        return tuple(res)

    def nondiff(self):
        x, lo, hi = (_raw(t) if t is not None else None for t in self.inputs)
        hit = np.zeros(self.value.shape, dtype=bool)
        if lo is not None:
            hit |= np.broadcast_to(x == lo, hit.shape)
        if hi is not None:
            hit |= np.broadcast_to(x == hi, hit.shape)
        return ["clamp at a bound u = lo or u = hi: not differentiable; torch's convention: ḡ to u, 0 to the bound"] \
            if np.any(hit) else []

    def sym(self, args):
        u, lo, hi = args

        def f(u, lo, hi):
            if lo is not None:
                u = sp.Max(u, lo)
            if hi is not None:
                u = sp.Min(u, hi)
            return u
        return np.frompyfunc(f, 3, 1)(u, lo if lo is not None else None, hi if hi is not None else None)


def clamp(x, min=None, max=None) -> Tensor:  # noqa: A002
    """min(max(x, min), max): ClampBackward1 (number bounds) or ClampBackward0 (tensor bounds)."""
    x = x if type(x) is Tensor else tensor(x)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if type(min) is not Tensor and type(max) is not Tensor:
        d = x._data
        if min is not None:
            d = np.maximum(d, min)
        if max is not None:
            d = np.minimum(d, max)
        if d is x._data:
            d = d.copy()
        return record(ClampBackward1, x, d, (min, max))
    ins = (x, min, max)
    d = x._data
    if min is not None:
        d = np.maximum(d, _raw(min))
    if max is not None:
        d = np.minimum(d, _raw(max))
    out = _make(np.array(d, copy=True))
    edges = tuple((t.grad_fn or t) if type(t) is Tensor and t._rg else None for t in ins)
    if MODE.enabled and any(e is not None for e in edges):
        out._rg = True
        out.grad_fn = ClampBackward0(edges, ins, out._data,
                                     tuple(t._vc[0] if type(t) is Tensor else 0 for t in ins))
    return out


class WhereBackward0(Node):
    """where(c, u, v): ḡ to u where c, to v elsewhere (extra.piecewise)."""

    __slots__ = ()
    SAVED = ()
    RULES = ("extra.piecewise",)
    FORMULA = "u if c else v"
    PARTIALS = ("ḡ·[c]", "ḡ·[not c]")

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        c = self.meta
        return (None if ea is None else B.sum_to(B.where(c, g, 0.0), _shape(a)),
                None if eb is None else B.sum_to(B.where(c, 0.0, g), _shape(b)))

    def sym(self, args):
        return np.where(self.meta, args[0], args[1])


def where(condition, a, b) -> Tensor:
    """a where condition holds, else b; node WhereBackward0 (the condition is a constant)."""
    c = condition._data if type(condition) is Tensor else np.asarray(condition)
    c = c.astype(bool, copy=False)
    out = record2(WhereBackward0, a, b, np.where(c, _raw(a), _raw(b)))
    if out.grad_fn is not None:
        out.grad_fn.meta = c
    return out
