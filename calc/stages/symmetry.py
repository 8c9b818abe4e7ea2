"""Ties proven by symmetry, for one and several variables.

Two candidates p and q whose values agree to every digit the balls give are proven equal when a
map T of the interval (box) onto itself has f∘T ≡ f (checked exactly) and T(p) = q: then f(q) = f(p).
T(p) = q is shown by T's image of p's ball overlapping q's ball, both being tiny certified
enclosures of isolated critical points (T maps critical points to critical points).  The maps tried
per coordinate: the reflection about the interval's centre, v ↦ −v, a translation by whole periods
(the catalogue's period of f, checked exactly) and the reflection about a simple form of p + q.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable, Optional

import sympy as sp
from flint import arb

from ..printing import textbook
from .context import arb_key as _mid
from .precision import precision as _prec


def cheap_forms(b: arb, qmax: int) -> list:
    """p/q, p·π/q and √(p/q) with q ≤ qmax nearest to the ball's centre (guesses, to be checked)."""
    out = []
    with _prec(256):
        for val, make in ((b, lambda r: r), (b / arb.pi(), lambda r: r * sp.pi),
                          (b * b, lambda r: sp.sqrt(r) if b > 0 else -sp.sqrt(r))):
            try:
                fr = Fraction(val.mid().str(40, radius=False).strip("[]").split(" ")[0]).limit_denominator(qmax)
            except (ValueError, ZeroDivisionError):
                continue
            g = make(sp.Rational(fr.numerator, fr.denominator))
            if g not in out:
                out.append(g)
    return out


def coordinate_maps(v: sp.Symbol, I: sp.Interval, p: arb, q: arb, period: Optional[sp.Expr],
                    to_ball: Callable, bits: int) -> list:
    """[(image of v, label)]: the identity (label None), then the maps of one coordinate that may
    carry p to q (see the module's text)."""
    bounded = isinstance(I, sp.Interval) and I.start.is_finite and I.end.is_finite
    c = I.start + I.end if bounded else sp.S.Zero    # (an unbounded interval: only v ↦ −v about 0)
    maps = [(v, None), (c - v, f"{v.name} ↦ {textbook(c - v)}")]
    if c != 0:
        maps.append((-v, f"{v.name} ↦ -{v.name}"))
    if period is not None:
        with _prec(bits):
            d = (q - p) / to_ball(period)
        j = round(_mid(d))
        if j and abs(_mid(d) - j) < 1e-20:
            maps.append((v + j * period, f"{v.name} ↦ {textbook(v + j * period)}"))
    with _prec(bits):
        s = p + q
    for c in cheap_forms(s, 1000)[:2]:
        cb = to_ball(c)
        if cb is not None and cb.overlaps(s) and c not in (maps[1][0] + v, 0):
            maps.append((c - v, f"{v.name} ↦ {textbook(c - v)}"))
            break
    return maps


def tie_1d(f: sp.Expr, x: sp.Symbol, I: sp.Interval, p: arb, q: arb, period: Callable, to_ball: Callable,
           is_zero: Callable, unique: Callable, bits: int = 256) -> Optional[str]:
    """The map T proving f(p) = f(q) for one variable (its label), or None.  p and q are critical points
    of f, and so is T(p); T(p) is q when ``unique(J)`` proves f′ has one zero at most on the hull J of
    T's image of p's ball and q's ball (f″ of one sign there)."""
    for image, label in coordinate_maps(x, I, p, q, period(), to_ball, bits)[1:]:
        with _prec(bits):
            lin = sp.Poly(image, x)
            a, b = (to_ball(c) for c in (lin.coeff_monomial(x), lin.coeff_monomial(1)))
            if a is None or b is None or not (a * p + b).overlaps(q):
                continue
            J = (a * p + b).union(q)
        if unique(J) and is_zero(f.xreplace({x: image}) - f) is True:
            return label
    return None
