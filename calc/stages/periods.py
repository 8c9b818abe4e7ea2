"""Stage: periodic functions on the whole real line or a half-line.

The period comes from the catalogue (``Entry.period``: sin, cos 2π; tan, cot π ...):
the periodic functions with a linear argument a·x + b have the periods T/|a|; their
least common multiple (they must be rational multiples of one another) is the
candidate, and f(x + T) = f(x) is checked exactly (sin(x − sin x) is 2π-periodic,
x + sin x is not).  On ℝ the extremum problem is then the one on one closed
period [0, T], and every point attaining an extremum there stands for the
family p + kT, k ∈ ℤ; on a half-line (a, ∞) the one on [a, a + T], with k ∈ ℕ₀.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

from .. import budget
from ..catalogue import by_head, native
from ..numbers import Num
from ..printing import textbook
from ..results import Family
from .intervals import interval_text


def period_of(f: sp.Expr, x: sp.Symbol, seconds: float = 2.0) -> Optional[sp.Expr]:
    """The least period of the periodic parts of f, proven to be a period of f; None otherwise."""
    periods, stack = [], [f]
    while stack:
        n = stack.pop()
        if not n.has(x):
            continue
        e = by_head(n)
        if e is not None and e.period is not None and len(n.args) == 1:
            arg = n.args[0]
            if arg.is_polynomial(x) and sp.degree(arg, x) == 1:
                periods.append(e.period / abs(arg.coeff(x, 1)))
                continue
        stack.extend(n.args)    # tan(cos x), sin(x − sin x): the candidates come from inside; checked below
    if not periods:
        return None
    T = periods[0]
    for P in periods[1:]:
        r = sp.nsimplify(P / T)
        if not r.is_Rational:
            return None
        T = _lcm(T, P, r)
    ok, same = budget.run(lambda: sp.simplify(native(f).subs(x, x + T) - native(f)) == 0, seconds)
    return T if ok and same else None


def one_period(I: sp.Set, T) -> Optional[tuple]:
    """(the closed period to solve on, the set k runs over, the direction) for ℝ or a half-line.

    A periodic f takes on a half-line (a, ∞) exactly its values on one period: the half-line
    holds the whole period [a + T, a + 2T], and every point of it is a point of [a, a + T]
    shifted by T.  So the extrema on (a, ∞) are those on [a, a + T], attained at p + kT,
    k ∈ ℕ₀ (the points on the half-line); on (−∞, b] at p − kT from [b − T, b]."""
    if I == sp.S.Reals:
        return sp.Interval(0, T), "integers", 1
    if not isinstance(I, sp.Interval):
        return None
    if I.start.is_finite and I.end == sp.oo:
        return sp.Interval(I.start, I.start + T), "naturals0", 1
    if I.start == -sp.oo and I.end.is_finite:
        return sp.Interval(I.end - T, I.end), "naturals0", -1
    return None


def _same(a, b, shift=0) -> bool:
    """Is the number a equal to b + shift (exact forms, else certified floats)?"""
    if a.exact is not None and b.exact is not None:
        return sp.simplify(a.exact - b.exact - shift) == 0
    return a.approx is not None and b.approx is not None and abs(a.approx - b.approx - float(shift)) < 1e-9


def _shifted(p, points, T) -> bool:
    """Is p = q + T for another attaining point q (the far end of the period)?"""
    return any(q is not p and _same(p, q, T) for q in points)


def _lcm(T, P, r):
    """lcm of T and P = r·T with r = p/q rational: T·lcm(q, p)/q."""
    return T * sp.ilcm(r.p, r.q) / r.q


def _spans(e, P, T, ks):
    """The plateau intervals of an extremum on the period P as families of intervals; on ℝ an
    interval ending at the period's end joins the next period's interval starting at its start."""
    opens = e.open_ends or ((False, False),) * len(e.intervals)
    spans = [(a, b, lo, hi) for (a, b), (lo, hi) in zip(e.intervals, opens)]
    if ks == "integers":
        end = [s for s in spans if not s[3] and _same(s[1], Num.of(P.end))]
        start = [s for s in spans if not s[2] and _same(s[0], Num.of(P.start))]
        if end and start and end[0] is not start[0]:
            J, K = end[0], start[0]
            spans = [s for s in spans if s is not J and s is not K]
            spans.append((J[0], Num.of(K[1].exact + T) if K[1].exact is not None else
                          Num.enclosure(K[1].lo + float(T), K[1].hi + float(T)), J[2], K[3]))
    return [Family(span=s, period=T, k=ks) for s in spans]


def on_period(result, I, T):
    """The result on one period (see :func:`one_period`) as the answer on I: attaining points
    become families p + kT, plateaus families of intervals, the domain the periodic one."""
    P, ks, sign = one_period(I, T)
    step = sign * T

    def lift(e):
        if e is None or not e.decided or not e.attained:
            return e
        reps = [p for p in e.points if not _shifted(p, e.points, step)]
        fams = []
        for p in reps:
            if p.exact is not None and I.contains(p.exact) != sp.true:
                p = Num.of(p.exact + step)      # the open end of a half-line: its next point
            fams.append(Family(p, step, k=ks))
        # families given by a formula x(k) or an equation u(x) = v(k) (an oscillating end) name their
        # points on any interval, I as well as the period
        own = tuple(F for F in e.families if F.formula is not None or F.equation is not None)
        return replace(e, points=tuple(reps), families=tuple(fams) + tuple(_spans(e, P, step, ks)) + own,
                       intervals=(), open_ends=())
    where = "ℝ" if I == sp.S.Reals else interval_text(I)
    k_set = "k ∈ ℤ" if ks == "integers" else "k ∈ ℕ₀"
    notes = (f"f is periodic with period {textbook(T)} (checked exactly): on {where} the answer is the one on "
             f"one period {interval_text(P)}, every attaining point repeating with {k_set}",)
    # (sympy's set algebra on a domain of many pieces can take minutes: budgeted, D is shown otherwise)
    ok, domain = budget.run(lambda: _periodic_domain(result.domain, P, I, T), 1.0)
    domain = domain if ok else None
    # an end of the period inside I is no end of the domain: f′ = 0 there only from one side
    flat = tuple(sp.Interval(J.start, J.end, J.left_open or (J.start == P.start and J.start != I.inf),
                             J.right_open or (J.end == P.end and J.end != I.sup)) for J in result.stationary_intervals)
    return replace(result, interval=I, domain=domain if domain is not None else result.domain,
                   domain_period=None if domain is not None else P, maximum=lift(result.maximum),
                   minimum=lift(result.minimum), notes=notes + tuple(result.notes), stationary_intervals=flat)


def _periodic_domain(D, P, I, T):
    """The domain on I from the domain D on the period P: all of I, or I without the points
    e + kT of the finitely many points e the period lacks; None otherwise (D is shown)."""
    gaps = sp.Complement(P, D)
    if gaps == sp.S.EmptySet:
        return I
    if isinstance(gaps, sp.FiniteSet):
        n = sp.Symbol("k", integer=True)
        reps = []
        for g in sorted(gaps, key=float):
            if not any(sp.simplify((g - r) / T).is_integer for r in reps):
                reps.append(g)
        holes = sp.Union(*(sp.ImageSet(sp.Lambda(n, r + n * T), sp.S.Integers) for r in reps))
        return sp.Complement(I, holes, evaluate=False)
    return None
