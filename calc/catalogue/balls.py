"""Ball (arb) evaluators the catalogue's entries use.

Each takes a finite arb ball t and returns a ball proven to contain f(s) for
every s in t: NaN when f is undefined somewhere in t.  Monotone functions are
evaluated at the two ends (much tighter than arb's Lipschitz bound on wide
balls); sin and cos add the extreme value of each critical point they cross.
"""
from __future__ import annotations

from flint import arb


def nan() -> arb:
    return arb("nan")


def mono(fn):
    """The range of a monotone function on a ball: the hull of its values at the ends."""
    def g(t):
        if t.rad() == 0 or not t.is_finite():
            return fn(t)
        a, b = fn(arb(t.lower())), fn(arb(t.upper()))
        if a.is_finite() and b.is_finite():
            return a.union(b)
        return fn(t)
    return g


def periodic_mono(fn, phase):
    """sin / cos: monotone between consecutive critical points (phase + k)π, where the
    value is 1 at even k and -1 at odd k."""
    def g(t):
        if t.rad() == 0 or not t.is_finite():
            v = fn(t)
            return v if v.is_finite() else arb(0, 1)
        lo, hi = arb(t.lower()), arb(t.upper())
        pi = arb.pi()
        k1 = ((lo - phase * pi) / pi).floor()
        k2 = ((hi - phase * pi) / pi).floor()
        a, b = fn(lo), fn(hi)
        if not (k1.rad() == 0 and k2.rad() == 0):
            v = fn(t)
        elif k1 == k2:
            v = a.union(b)
        elif round(float(k2.mid())) - round(float(k1.mid())) == 1:
            k = round(float(k2.mid()))
            v = a.union(b).union(arb(1 if k % 2 == 0 else -1))
        else:
            v = arb(0, 1)
        if not v.is_finite():
            return arb(0, 1)
        try:
            return v.intersection(arb(0, 1))
        except ValueError:  # pragma: no cover - the two balls cannot be disjoint; rounding only
            return v
    return g


def in_unit(fn):
    """arcsin / arccos: NaN unless the ball lies in [-1, 1] (up to the rounding of a ball's
    radius, as for √ at 0: then the ends are cut to ±1)."""
    m = mono(fn)

    def g(t):
        if t >= -1 and t <= 1:
            return m(t)
        if not t.is_finite():
            return nan()
        lo, hi = arb(t.lower()), arb(t.upper())
        slack = (hi - lo) * arb("1e-8")
        if lo < -1 - slack or hi > 1 + slack:
            return nan()
        a = fn(arb(-1)) if lo < -1 else fn(lo)
        b = fn(arb(1)) if hi > 1 else fn(hi)
        return a.union(b)
    return g


def positive(fn):
    m = mono(fn)
    return lambda t: m(t) if t > 0 else nan()


def sympy_acot(t: arb) -> arb:
    """sympy's acot: atan(1/t), π/2 at 0; it jumps from -π/2 to π/2 at 0."""
    if t > 0 or t < 0:
        return mono(lambda s: (1 / s).atan())(t)
    if t == 0:
        return arb.pi() / 2
    return (arb.pi() / 2) * arb(0, 1)


def arccot(t: arb) -> arb:
    """The textbook's arccot, π/2 - arctan t (range (0, π), decreasing)."""
    return arb.pi() / 2 - mono(lambda s: s.atan())(t)


def sign(t: arb) -> arb:
    if t > 0:
        return arb(1)
    if t < 0:
        return arb(-1)
    if t == 0:
        return arb(0)
    return arb(0, 1)


def heaviside(t: arb) -> arb:
    """H(t) with H(0) = 1/2 (sympy's convention; calc never differentiates there)."""
    return (sign(t) + 1) / 2


def floor(t: arb) -> arb:
    lo, hi = t.lower().floor(), t.upper().floor()
    return lo if lo == hi else lo.union(hi)


def ceiling(t: arb) -> arb:
    lo, hi = t.lower().ceil(), t.upper().ceil()
    return lo if lo == hi else lo.union(hi)


def absolute(t: arb) -> arb:
    if not t.is_finite():
        return nan()
    return t.abs_lower().union(t.abs_upper())


def maximum(*vals: arb) -> arb:
    return _extreme(vals, True)


def minimum(*vals: arb) -> arb:
    return _extreme(vals, False)


def _extreme(vals, is_max):
    if any(not v.is_finite() for v in vals):
        return nan()
    lo, hi = vals[0].lower(), vals[0].upper()
    for v in vals[1:]:
        l, h = v.lower(), v.upper()
        lo = l if (l > lo if is_max else l < lo) else lo
        hi = h if (h > hi if is_max else h < hi) else hi
    return lo.union(hi)
