"""Global extrema of a polynomial over all of ℝⁿ (no box given).

The behaviour at infinity comes from the leading form L (the terms of top total degree d):
odd d, or L taking both signs, makes f unbounded above and below (along a ray); even d with
L positive definite makes f coercive (→ +∞), so its infimum is a minimum attained at critical
points, compared exactly; negative definite, the same for the maximum.  A leading form that
vanishes along some direction is not decided here, and the answer says so.
"""
from __future__ import annotations

import itertools
from typing import Optional

import sympy as sp

from ..differentiate import hessian_of
from ..numbers import Num
from ..printing import textbook
from .critical import critical_points
from .results import BoxCandidate, BoxExtremaResult, BoxExtremum

_INF, _NEG_INF = Num.of(sp.oo), Num.of(-sp.oo)


def leading_sign(L: sp.Expr, vars_) -> Optional[str]:
    """'pos' / 'neg' (definite), 'indef' (takes both signs, proven by two directions), or None."""
    d = sp.Poly(L, *vars_).total_degree()
    if d == 2:
        H = hessian_of(L, vars_) / 2            # the form's own matrix: exact rationals
        if H.is_positive_definite:
            return "pos"
        if H.is_negative_definite:
            return "neg"
        if H.is_indefinite:
            return "indef"
        return None
    signs = set()
    for v in itertools.product((-2, -1, 0, 1, 2), repeat=len(vars_)):
        if any(v):
            s = sp.sign(L.subs(dict(zip(vars_, v))))
            signs.add(int(s))
    if 1 in signs and -1 in signs:
        return "indef"
    P = sp.Poly(L, *vars_)
    # a sum of even powers of single variables with one sign is definite
    if all(sum(1 for e in m if e) == 1 and all(e % 2 == 0 for e in m) for m in P.monoms()) \
            and len(P.monoms()) == len(vars_):
        cs = P.coeffs()
        if all(c > 0 for c in cs):
            return "pos"
        if all(c < 0 for c in cs):
            return "neg"
    return None


def extrema_on_space(expr: sp.Expr, timeout: float = 10.0, digits: int = 15) -> BoxExtremaResult:
    vars_ = sorted(expr.free_symbols, key=lambda s: s.name)
    box = tuple(sp.S.Reals for _ in vars_)
    notes = []

    def undecided(reason, cands=()):
        und = BoxExtremum(None, None, (), None, False, None)
        return BoxExtremaResult(expr, tuple(vars_), box, tuple(cands), und, und, "partial",
                                tuple(notes + [reason]))

    if not vars_ or not expr.is_polynomial(*vars_):
        return undecided("f is not a polynomial: its behaviour at infinity over all of ℝⁿ is not analysed; "
                         "give a box")
    P = sp.Poly(expr, *vars_)
    d = P.total_degree()
    L = sum((c * sp.Mul(*[v ** e for v, e in zip(vars_, m)]) for m, c in P.terms() if sum(m) == d), sp.S.Zero)
    kind = "indef" if d % 2 == 1 else leading_sign(L, vars_)
    if kind is None:
        return undecided(f"the leading form {textbook(L)} of f could not be shown definite or indefinite (it may vanish "
                         f"along some direction): the behaviour at infinity is not decided; give a box")
    if kind == "indef":
        notes.append(f"the leading form {textbook(L)} takes both signs (degree {d}): f is unbounded above and below")
        return BoxExtremaResult(expr, tuple(vars_), box, (), BoxExtremum(False, _INF, (), "along a ray"),
                                BoxExtremum(False, _NEG_INF, (), "along a ray"), "ok", tuple(notes))
    cp = critical_points(expr, vars=vars_, timeout=timeout * 0.8, digits=digits)
    pts = [c for c in cp.critical_points if c.value.exact is not None]
    cands = [BoxCandidate(c.point, "interior critical", c.value) for c in cp.critical_points]
    if cp.status != "ok" or len(pts) != len(cp.critical_points) or not pts or cp.families:
        notes += list(cp.notes)
        return undecided("the critical points were not all found exactly; the optimum is not decided", cands)
    sense = 1 if kind == "pos" else -1
    best = min(pts, key=lambda c: sense * c.value.approx)
    ties = [c for c in pts if sp.simplify(c.value.exact - best.value.exact) == 0]
    if any(c not in ties and abs(c.value.approx - best.value.approx) < 1e-9 for c in pts):
        return undecided("two critical values agree to 9 digits without being proven equal", cands)
    word = "coercive (→ +∞)" if kind == "pos" else "→ −∞ in every direction"
    notes.append(f"the leading form {textbook(L)} is {'positive' if kind == 'pos' else 'negative'} definite: f is {word}, "
                 f"so its {'minimum' if kind == 'pos' else 'maximum'} over ℝ^{len(vars_)} is attained at a "
                 f"critical point (all found exactly, compared exactly)")
    attained = BoxExtremum(True, best.value, tuple(c.point for c in ties), None)
    unbounded = BoxExtremum(False, _INF if kind == "pos" else _NEG_INF, (), "at infinity")
    mx, mn = (unbounded, attained) if kind == "pos" else (attained, unbounded)
    return BoxExtremaResult(expr, tuple(vars_), box, tuple(cands), mx, mn, "ok", tuple(notes))
