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

import sympy as sp
from flint import arb

from ..stages.balls import NotCompilable
from ..stages.precision import precision as _prec


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


def seed(E, bounds: Bounds, f, vars_, box, fc) -> None:
    """Offer f's values at good points of the box before the search: a grid, then a local
    refinement (a pattern search) from the best grid points for the maximum and the minimum.  The points
    are only guesses; what is offered is f's ball at each (exact float) point, a proven value."""
    import numpy as np
    ends = []
    for v in vars_:
        I = box[v]
        if not (I.start.is_finite and I.end.is_finite):
            return
        ends.append((float(I.start), float(I.end)))
    try:
        fn = sp.lambdify(vars_, f, modules="numpy")
    except (TypeError, ValueError, NameError, SyntaxError):   # (lambdify refusing a function)
        return
    n = len(vars_)
    m = max(3, int(round(600 ** (1 / n))))
    axes = [np.linspace(a, b, m) for a, b in ends]
    mesh = np.meshgrid(*axes, indexing="ij")
    with np.errstate(all="ignore"):
        try:
            vals = np.asarray(fn(*mesh), dtype=float) * np.ones(mesh[0].shape)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
            return
    ok = np.isfinite(vals)
    if not ok.any():
        return
    flat = np.where(ok, vals, np.nan).ravel()
    pts = np.stack([g.ravel() for g in mesh], axis=1)
    starts = [pts[i] for i in np.argsort(-np.nan_to_num(flat, nan=-np.inf))[:3]] + \
             [pts[i] for i in np.argsort(np.nan_to_num(flat, nan=np.inf))[:3]]
    found = list(starts)
    lo_b = np.array([a for a, _ in ends])
    hi_b = np.array([b for _, b in ends])
    for k, p0 in enumerate(starts):
        if E.left() <= 0:
            break
        found.append(_pattern_search(fn, p0, lo_b, hi_b, -1.0 if k < 3 else 1.0))
    with _prec(E.bits):
        for q in found:
            v, st = fc.enclose([arb(float(c)) for c in q])
            if not st.outside and not st.discontinuity:
                bounds.offer(v)


def _pattern_search(fn, p, lo, hi, sign, steps: int = 80):
    """A local minimiser of sign·f near p in the box [lo, hi] (compass search: try ± a step in
    each coordinate, move to the best, halve the step when none is better).  A guess only."""
    import numpy as np
    n = len(p)
    p = np.array(p, dtype=float)
    step = (hi - lo) / 20
    moves = np.concatenate([np.eye(n), -np.eye(n)])

    def val(q):
        with np.errstate(all="ignore"):
            v = np.asarray(fn(*q.T), dtype=float) * np.ones(len(q))
        return np.where(np.isfinite(v), sign * v, np.inf)
    best = val(p[None, :])[0]
    for _ in range(steps):
        cand = np.clip(p + moves * step, lo, hi)
        vs = val(cand)
        i = int(np.argmin(vs))
        if vs[i] < best:
            p, best = cand[i], vs[i]
        else:
            step = step / 2
            if np.all(step < 1e-12 * (1 + np.abs(p))):
                break
    return p
