"""Branch and bound on a box: the best values of f known so far, and the test that rules out
a sub-box whose interval enclosure of f can reach neither the global maximum nor the minimum.

Every bound is f's ball at a point of the box (a candidate, or the centre of a sub-box met
during the search), so ``lo_max`` ≤ max f and ``hi_min`` ≥ min f are proven; a sub-box X with
f(X) inside (hi_min, lo_max) holds no point where either optimum is attained, so its critical
points need not be sought (the model is IBEX's ``ibexopt`` and IntervalOptimisation.jl, with the
monotonicity test done by the root isolation stage: a box where a component of ∇f excludes 0
is dropped there)."""
from __future__ import annotations

from typing import Optional

from flint import arb

from ..stages.balls import NotCompilable


class Bounds:
    """The proven bounds lo_max ≤ max f and hi_min ≥ min f on the box."""

    def __init__(self):
        self.lo_max: Optional[arb] = None
        self.hi_min: Optional[arb] = None
        self.ruled_out = 0

    def offer(self, v: arb) -> None:
        """v encloses f at some point of the box."""
        if not v.is_finite():
            return
        lo, hi = v.lower(), v.upper()
        if self.lo_max is None or lo > self.lo_max:
            self.lo_max = lo
        if self.hi_min is None or hi < self.hi_min:
            self.hi_min = hi

    def useless(self, F: arb) -> bool:
        """Can no point where f takes a value in F be a global optimum?"""
        if self.lo_max is None or not F.is_finite():
            return False
        return bool(F.upper() < self.lo_max and F.lower() > self.hi_min)


def pruner(E, bounds: Bounds, F, W, wbox, sample: bool):
    """prune(X) for the root isolation of ∇F on the box ``wbox`` of the unknowns W (X: balls
    in the order of W): True when F(X) cannot reach an optimum.  With ``sample`` (F is f on a
    face of the box, so its values are values of f), the centre of X offers its value."""
    try:
        Fc = E.compile(F, W)
    except NotCompilable:
        return None
    ends = [(E.ball(wbox[w].start), E.ball(wbox[w].end)) for w in W]
    if any(a is None or b is None for a, b in ends):
        sample = False

    def prune(X) -> bool:
        v, st = Fc.enclose(X)
        if st.outside or st.discontinuity:
            return False
        if sample:
            m = [x.mid() for x in X]
            if all(a <= c <= b for c, (a, b) in zip(m, ends)):
                fm, sm = Fc.enclose(m)
                if not sm.outside and not sm.discontinuity:
                    bounds.offer(fm)
        if bounds.useless(v):
            bounds.ruled_out += 1
            return True
        return False
    return prune
