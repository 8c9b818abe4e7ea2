"""Stage: an end where f oscillates (sin(1/x) at 0⁺).  Its critical points are infinitely many,
so they are not sought next to it: the part of the interval next to the end is cut off and
decided apart from the rest, in one of two ways:

* f = F(u) with u → ±∞ at the end and F periodic: u covers whole periods there, so f takes near
  the end exactly the values of F on one period — solved by the finder on [0, T]; its extrema are
  attained at every x with u(x) = p + kT (families x(k));
* otherwise f is bounded there by interval arithmetic (a function of the catalogue whose argument
  is unbounded contributes its whole range, ``Entry.bounds``): a bound strictly inside (min, max)
  shows nothing there matters; else the extremum is not decided.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head
from ..printing import textbook
from ..results import UNDECIDED, Extremum, Family
from .balls import NotCompilable, compile_ball, to_arb
from .compare import compare_values, exact_zero
from .limit_laws import sympy_limit
from .limits import bounds_on
from .precision import precision as _prec

#: the part of the interval next to an oscillating end that is bounded, not searched
SHARE = sp.Rational(1, 64)


def derivative_oscillation(run, g, C) -> None:
    """Record the open ends of C where f has a limit but f′ oscillates (x sin(1/x) at 0⁺: the
    critical points accumulate there).  Tried only where a function of the catalogue has an
    argument that balls cannot enclose next to the end while its range bounds f (the cheap sign)."""
    args = [n.args[0] for n in sp.preorder_traversal(run.f) if isinstance(n, sp.Function) and len(n.args) == 1
            and (by_head(n) is not None and by_head(n).bounds is not None) and n.args[0].has(run.x)]
    if not args:
        return
    for end, side, open_ in ((C.start, "+", C.left_open), (C.end, "-", C.right_open)):
        if not (open_ and end.is_finite) or (end, side) in run.oscillating:
            continue
        with _prec(64):
            e = to_arb(end)
            span = C.end - C.start if C.start.is_finite and C.end.is_finite else 1
            w = span * SHARE / 2 ** 20
            near = e.union(to_arb(end + w if side == "+" else end - w))
            if all(_finite_near(a, run.x, near) for a in args):
                continue
        ok, L = budget.run(lambda: sympy_limit(g, run.x, end, side), run.slice(0.1, 1.5))
        if ok and isinstance(L, sp.Basic) and (isinstance(L, sp.AccumBounds) or L.has(sp.AccumBounds)):
            run.oscillating.append((end, side))
            run.notes.append(f"f′ oscillates as {run.x.name} → {textbook(end)}{side}: its zeros accumulate there")


def _finite_near(u, x, near) -> bool:
    """Can balls enclose u next to the end (else it may be unbounded there)?"""
    try:
        return compile_ball(u, x)(near).is_finite()
    except NotCompilable:
        return True


def cut_oscillation(run, C):
    """(C without the parts next to the ends where f oscillates, those parts [(a, b)]).  Where
    f = F(u) with F periodic (below), f takes all its values next to the end, so most of C is
    cut off; otherwise a 1/64th next to the end is."""
    ends = {e for e, side in run.oscillating
            if (e == C.start and side == "+") or (e == C.end and side == "-")}
    if not ends or not (C.start.is_finite and C.end.is_finite):
        return C, []
    w = C.end - C.start
    lo, lo_open, hi, hi_open = C.start, C.left_open, C.end, C.right_open
    parts = []
    for e in sorted(ends, key=lambda v: float(v)):
        periodic = periodic_form(run, e, "+" if e == C.start else "-") is not None
        d = w * (sp.Rational(31, 64) if periodic else SHARE)
        if e == C.start:
            parts.append((C.start, C.start + d))
            lo, lo_open = C.start + d, True
        else:
            parts.append((C.end - d, C.end))
            hi, hi_open = C.end - d, True
    return sp.Interval(lo, hi, lo_open, hi_open), parts


def check_oscillation(run, C, a, b, maximum: Optional[Extremum], minimum: Optional[Extremum], solve):
    """(maximum, minimum) decided with the part [a, b] of C next to an oscillating end.

    First route: f = F(u) with u → ±∞ at the end and F periodic (sin(1/x): F = sin, u = 1/x).
    Then u covers whole periods on [a, b], so f takes there exactly the values of F on one
    period: ``solve(F, U, T)`` (the finder on [0, T]) gives its maximum and minimum, attained
    at the points where u = p + kT.  Second route: a bound of f on [a, b] strictly inside
    (min, max) shows that nothing there matters."""
    end = a if a in run.oscillating_ends() else b
    per = periodic_form(run, end, "+" if end == a else "-")
    if per is not None:
        F, U, u, T = per
        got = solve(F, U, T)
        if got is not None:
            return (merge(run, maximum, got.maximum, u, T, +1),
                    merge(run, minimum, got.minimum, u, T, -1))
    v = None
    if run.f_range is not None:
        with _prec(128):
            v = bounds_on(run.f_range, to_arb(a), to_arb(b))
    out = []
    for ext, sign, word in ((maximum, 1, "maximum"), (minimum, -1, "minimum")):
        if ext is not None and (not ext.decided or (
                ext.value is not None and ext.value.is_infinite and (ext.value.exact == sp.oo) == (sign > 0))):
            out.append(ext)        # (undecided, or already +∞ / −∞: nothing near the end can change it)
            continue
        m = num_ball(ext.value) if ext is not None else None
        edge = None if v is None else (v[1] if sign > 0 else v[0])
        if m is not None and edge is not None and ((edge < m) if sign > 0 else (edge > m)):
            out.append(ext)
            continue
        run.partial(f"f oscillates near {run.x.name} = {textbook(end)}: interval arithmetic does not bound it there below the "
                    f"best value found, so the global {word} is not decided")
        out.append(ext.undecided() if ext is not None else UNDECIDED)
    return out[0], out[1]


def num_ball(n) -> Optional[arb]:
    """A ball holding the number n (exact or certified), None when n is only numeric."""
    if n is None or n.is_infinite:
        return None
    with _prec(128):
        if n.exact is not None:
            return to_arb(n.exact)
        return arb(n.lo).union(arb(n.hi)) if n.lo is not None and n.certified else None


def periodic_form(run, end, side):
    """(F, U, u, T): f = F(u) with F periodic of period T and u → ±∞ as x → end from ``side``
    (u is the argument of a periodic function of the catalogue); None when f is not so."""
    key = (end, side)
    if key not in run.periodic_forms:
        run.periodic_forms[key] = _periodic_form(run, end, side)
    return run.periodic_forms[key]


def _periodic_form(run, end, side):
    from .periods import period_of
    x = run.x
    seen = []
    for n in sp.preorder_traversal(run.f):
        e = by_head(n) if isinstance(n, sp.Function) else None
        if e is None or e.period is None or len(n.args) != 1 or n.args[0] in seen:
            continue
        u = n.args[0]
        seen.append(u)
        U = sp.Dummy("u", real=True)
        F = run.f.xreplace({u: U})
        if F.has(x):
            continue
        ok, L = budget.run(lambda: sympy_limit(u, x, end, side), run.slice(0.1, 1.0))
        if not ok or L not in (sp.oo, -sp.oo):
            continue
        T = period_of(F, U, run.slice(0.1, 1.0))
        if T is not None:
            return F, U, u, T
    return None


def merge(run, ext, E, u, T, sign):
    """The extremum on C from the one found away from the end (ext) and the one of F on a
    period (E), which f attains near the end at every x with u(x) = p + kT."""
    if E is not None and E.decided and E.value is not None and E.value.exact == (sp.oo if sign > 0 else -sp.oo):
        # F is unbounded on a period (cot u at its poles): f takes all of F's values near the end
        return Extremum(False, E.value, reason=E.reason)
    if E is None or not E.decided or not E.attained:
        run.partial("the extrema of f over one period of its oscillation were not decided")
        return ext.undecided() if ext is not None else UNDECIDED
    fams = families_of(run, u, E, T)
    near = Extremum(True, E.value, (), families=tuple(fams))
    if ext is None:             # (no candidate away from the end)
        return near if fams else UNDECIDED
    if not ext.decided:
        return ext
    m, n = num_ball(ext.value), num_ball(E.value)
    if ext.value.is_infinite:
        return ext
    if m is None or n is None:
        return ext.undecided()
    r = compare_values(m, ext.value.exact, n, E.value.exact, lambda d: exact_zero(d, _ball, run_budget(run)))
    if r == "eq":
        new = tuple(f for f in fams if f not in ext.families)
        return replace(ext, families=ext.families + new) if fams else ext.undecided()
    if r in ("lt", "gt"):
        beats = (r == "lt") if sign > 0 else (r == "gt")
        if not beats:
            return ext
        return near if fams else ext.undecided()
    if fams:
        # f = F(u) on all of C: no value of f lies beyond F's extremum on a period, which f attains
        # near the end, at every x of C where u(x) = p + kT (the families: x away from the end too)
        return near
    run.partial("the extreme values near the oscillating end and away from it could not be ordered")
    return ext.undecided()


def families_of(run, u, E, T) -> list:
    """The points of C where u(x) = p + kT for each point p of F's extremum (as families x(k))."""
    k = sp.Symbol("k", integer=True)
    out = []
    reps: list = []
    for p in E.points:
        if p.exact is None:
            return []
        if any(sp.simplify((p.exact - q) / T).is_integer for q in reps):
            continue            # (0 and T on [0, T]: one family)
        reps.append(p.exact)
        target = p.exact + k * T
        if holds_periodic(u):
            # u = tan x: solve gives the principal branch atan(t(k)) only, not every x with u(x) = t(k)
            out.append(Family(equation=(u, target)))
            continue
        ok, S = budget.run(lambda: sp.solve(sp.Eq(u, target), run.x), run.slice(0.1, 1.0))
        if not ok or not S:
            out.append(Family(equation=(u, target)))       # (u is continuous: such x exist)
            continue
        kept = [xk for xk in S if not xk.has(sp.I) and _solves(run, u, xk, target, k)]
        # (solve squares radicals: a root it returns may solve u = −target instead; where none is
        # proven, the family is the equation itself)
        out += [Family(formula=xk) for xk in kept] or [Family(equation=(u, target))]
    return out


def holds_periodic(u) -> bool:
    """Does u hold a periodic function of the catalogue (so that u(x) = t has solutions on many branches)?"""
    return any(isinstance(n, sp.Function) and (e := by_head(n)) is not None and e.period is not None
               and n.has(sp.Symbol) for n in sp.preorder_traversal(u))


def _solves(run, u, xk, target, k) -> bool:
    """Is x = xk(k) a solution of u(x) = target(k) for every integer k — proven by simplify?"""
    ok, d = budget.run(lambda: sp.simplify(u.subs(run.x, xk) - target), run.slice(0.05, 0.5))
    return bool(ok and d == 0)


def _ball(e, bits=None):
    with _prec(bits or 256):
        try:
            return to_arb(e)
        except (NotCompilable, ValueError, TypeError):
            return None


def run_budget(run):
    return lambda fn, cap: budget.run(fn, min(cap, run.slice(0.1, 1.0)))
