"""Stage: the natural domain of f on the interval (where f is real and finite)."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from .. import budget
from ..catalogue import native
from ..errors import DomainError
from ..printing import textbook
from .certified_domain import certified_domain, certified_domain_unbounded, tail_excluded
from .conditions import conditions, node_conditions
from .intervals import set_text
from .tails import conditions_on_tail
from .walk import atoms_of


def written_conditions(written, f: sp.Expr, x: sp.Symbol) -> Optional[list]:
    """The conditions of the formula as written (its nodes before sympy's evaluation, see
    :func:`calc.parsing.parse_written`) that f no longer carries: exp(ln x) is x for x > 0 only,
    x/x is 1 for x ≠ 0.  None when a part of the formula is not a real number wherever it is
    defined (ln(−3), cot 0, ln(x + ln(−3))): then f is defined nowhere."""
    out = []
    for n in written:
        if not n.has(x) and (n.has(sp.zoo, sp.nan) or n.is_extended_real is False):
            return None
        try:
            conds = conditions(native(n), x) if n.has(x) else node_conditions(native(n), x)
        except TypeError:    # sympy refuses to order a non-real number: that part is never real
            return None
        if any(c == sp.false for c in conds):
            return None
        out += conds
    have = set() if f.has(sp.I) else set(conditions(native(f), x))
    return [c for c in dict.fromkeys(out) if c not in have and c != sp.true and c.has(x)]


def _with_written(found, extra, I, seconds, f=None, x=None, boxes=None):
    """The domain found for f, restricted by the conditions of the formula as written (sympy's
    answer: not certified on a bounded interval; on a half-line where sympy cannot tell,
    certified on the window)."""
    D, notes, decided = found
    if f is not None and isinstance(I, sp.Interval) and not (I.start.is_finite and I.end.is_finite):
        got = certified_domain_unbounded(f, x, I, seconds, tuple(extra))
        if got is not None and got[0] is not None:
            return got
        got = windowed(f, x, I, seconds, extra, boxes)
        if got is not None:
            return got
    ok, more = budget.run(lambda: sp.Intersection(sp.And(*extra).as_set(), I), seconds)
    if not (ok and _intervals(more)):
        _assumed(I, boxes)
        return D, notes + ["the domain of the formula as written (before sympy's simplification) could "
                           "not be determined"], False
    _assumed(I, boxes)
    return sp.Intersection(D, more), notes + ["the domain of the formula as written is sympy's answer, not "
                                              "certified"], False


def natural_domain(f: sp.Expr, x: sp.Symbol, I: sp.Set, seconds: float = 3.0,
                   written: tuple = (), boxes: Optional[list] = None) -> tuple[sp.Set, list, bool]:
    """(the set of points of I where f is defined (real and finite), notes, decided).

    On a bounded interval the domain is certified (:mod:`calc.stages.certified_domain`);
    otherwise, and where that cannot decide, sympy's ``continuous_domain`` answers and the
    result says it is not certified (``decided`` False).  ``written``: the formula's nodes as
    written (their conditions hold too); the intervals where it is not decided whether f is
    defined are appended to ``boxes``.
    """
    extra = written_conditions(written, f, x) if written else []
    if extra is None:
        return sp.S.EmptySet, ["a constant part of the formula is not a real number"], True
    bounded = isinstance(I, sp.Interval) and I.start.is_finite and I.end.is_finite
    if extra and not (bounded and not f.has(sp.I) and not atoms_of(f, sp.Piecewise)):
        return _with_written(natural_domain(f, x, I, seconds, boxes=boxes), extra, I, seconds, f, x, boxes)
    notes = []
    if f.has(sp.I):
        # sympy folded a square root of a non-positive quantity into i·(...): f is real
        # only where the imaginary part vanishes
        ok, real_set = budget.run(lambda: sp.solveset(sp.Eq(sp.im(f), 0), x, I), seconds)
        if ok and isinstance(real_set, (sp.FiniteSet, sp.Interval, sp.Union)) or real_set == sp.S.EmptySet:
            return real_set, notes, True
        raise DomainError(f"f = {textbook(f)} is not real-valued on the interval")
    pw = [p for p in atoms_of(f, sp.Piecewise)]
    if pw:
        # domain of a piecewise: on each piece, the domain of its branch
        p = pw[0]
        decided = True
        total = sp.S.EmptySet
        rest = I
        for pair in p.args:
            ok, region = budget.run(lambda: pair.cond.as_set() if pair.cond != sp.true else sp.S.Reals, seconds)
            if not ok:
                return I, ["could not determine the domain of the piecewise function"], False
            piece_region = sp.Intersection(rest, region)
            sub = f.xreplace({p: pair.expr})
            d, n, dec = natural_domain(sub, x, piece_region, seconds)
            notes += n
            decided = decided and dec
            total = sp.Union(total, d)
            rest = sp.Complement(rest, region)
        return total, notes, decided
    if isinstance(I, sp.Interval) and I.start.is_finite and I.end.is_finite:
        ok, got = budget.run(lambda: certified_domain(f, x, I, seconds, tuple(extra), boxes), seconds)
        if not ok or got is None:
            got = None, ["the natural domain could not be certified within the time budget"], False
        D, cnotes, decided = got
        if D is not None:
            return D, cnotes, decided
        if extra:
            return _with_written(natural_domain(f, x, I, seconds, boxes=boxes), extra, I, seconds, f, x, boxes)
        notes += cnotes
    elif isinstance(I, sp.Interval):
        got = certified_domain_unbounded(f, x, I, seconds)
        if got is not None and got[0] is not None:
            return got
        if got is not None:
            notes += got[1]
        got = windowed(f, x, I, seconds, extra, boxes)
        if got is not None:
            return got[0], notes + got[1], got[2]
    surrogate = f
    reps = {}
    for n in atoms_of(f, (sp.sign, sp.floor, sp.ceiling, sp.Heaviside, sp.frac)):
        reps[n] = n.args[0]
    if reps:
        surrogate = f.xreplace(reps)
    surrogate = native(surrogate)          # calc's own functions (arccot) in sympy's heads
    from sympy.calculus.util import continuous_domain
    ok, dom = budget.run(lambda: continuous_domain(surrogate, x, I), seconds)
    if not ok or dom is None:
        _assumed(I, boxes)
        notes.append("the natural domain could not be determined within the time budget: the answer "
                     "below is for the whole interval and is not certified")
        return I, notes, False
    if not _intervals(dom):
        _assumed(I, boxes)
        notes.append("the natural domain could not be described as intervals: the answer below is for the "
                     "whole interval and is not certified")
        return I, notes, False
    notes.append("the natural domain is sympy's answer, not certified")
    _assumed(I, boxes)       # (limits at its ends do not decide alone)
    return dom, notes, False


def _assumed(I, boxes) -> None:
    """The whole of I is assumed to be the domain, not certified: say so in ``boxes``."""
    if boxes is not None:
        boxes.append((I.inf, I.sup))


def window_of(I: sp.Interval) -> sp.Interval:
    """The bounded part of an unbounded interval that the stages examine closely (the critical
    points are isolated there too): |x| ≤ 20 + 2·(the largest finite end)."""
    span = max([abs(v) for v in (I.start, I.end) if v.is_finite] + [sp.Integer(0)])
    R = 20 + 2 * span
    return sp.Intersection(I, sp.Interval(-R, R))


def windowed(f, x, I, seconds, extra=(), boxes=None):
    """The domain on an unbounded interval with boundary expressions that are not rational (tan x
    has infinitely many poles): certified on the window; beyond it, decided where the conditions
    can be (see :func:`tail_excluded` and calc.stages.tails), otherwise not described (not decided).
    None when even the window cannot be certified.  A half-line [a, ∞) with a > 0 (or (−∞, b] with
    b < 0) is first tried whole: every condition proven on all of it (calc.stages.tails), or one
    proven false on all of it."""
    conds = list(dict.fromkeys(conditions(native(f), x) + list(extra)))
    for d, end in ((1, I.inf), (-1, I.sup)):
        if I.is_left_unbounded != I.is_right_unbounded and end.is_finite and d * end > 0:
            whole = conditions_on_tail(conds, x, end, d, min(2.0, seconds / 2))
            if whole is not None:
                return (I, [f"f is defined on all of {set_text(I)} (every condition of its domain proven on the "
                            f"whole half-line)"], True) if whole else (sp.S.EmptySet, [], True)
    W = window_of(I)
    ok, got = budget.run(lambda: certified_domain(f, x, W, seconds, tuple(extra), boxes), seconds)
    if not (ok and got is not None and got[0] is not None):
        return None
    D, notes, decided = got
    R = max(abs(W.inf), abs(W.sup))
    open_tails = []
    for d, far in ((-1, I.inf), (1, I.sup)):
        proven = conditions_on_tail(conds, x, R, d, min(2.0, seconds)) if far.is_infinite else None
        if not far.is_infinite or proven is False or tail_excluded(f, x, R, d, tuple(extra)):
            continue           # (f is defined nowhere beyond the window on that side)
        if proven:
            D = sp.Union(D, sp.Interval(R, sp.oo, True, True) if d > 0 else sp.Interval(-sp.oo, -R, True, True))
            notes = notes + [f"f is defined for |{x.name}| > {textbook(R)} (every condition of its domain proven "
                             f"on the whole half-line)"]
            continue
        open_tails.append(d)
        if boxes is not None:
            boxes.append((R, sp.oo) if d > 0 else (-sp.oo, -R))
    if not open_tails:
        return D, notes, decided
    return D, notes + [f"the natural domain is certified on {set_text(W)} only; beyond it, it is not "
                       f"described"], False


def _intervals(S) -> bool:
    """Is S a finite union of intervals and points (as sympy wrote it)?"""
    return isinstance(S, (sp.Interval, sp.FiniteSet)) or S == sp.S.EmptySet or isinstance(S, sp.Union) and \
        all(isinstance(a, (sp.Interval, sp.FiniteSet)) for a in S.args)


def components(D: sp.Set) -> tuple[list, list]:
    """(intervals, isolated points) of a set."""
    if isinstance(D, sp.Interval):
        return [D], []
    if isinstance(D, sp.FiniteSet):
        return [], list(D)
    if isinstance(D, sp.Union):
        iv, pts = [], []
        for a in D.args:
            i, p = components(a)
            iv += i
            pts += p
        iv.sort(key=lambda J: float(J.start) if J.start.is_finite else -1e308)
        return iv, pts
    if D == sp.S.EmptySet:
        return [], []
    raise DomainError(f"cannot analyse the domain {set_text(D)} (not a union of intervals)")
