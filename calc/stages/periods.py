"""Stage: periodic functions on the whole real line or a half-line.

The period comes from the catalogue (``Entry.period``: sin, cos 2π; tan, cot π ...):
the periodic functions with a linear argument a·x + b have the periods T/|a|; their
least common multiple (they must be rational multiples of one another) is the
candidate, and f(x + T) = f(x) is checked exactly (sin(x − sin x) is 2π-periodic,
x + sin x is not).  On ℝ the extremum problem is then the one on one closed
period [0, T], and every point attaining an extremum there stands for the
family p + kT, k ∈ ℤ; on a half-line [a, ∞) the one on [a, a + T] (families
p + kT, k ≥ 0), on (−∞, b] the one on [b − T, b] (families p − kT, k ≥ 0).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

from .. import budget
from ..catalogue import by_head, native
from ..numbers import Num
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


def _shifted(p, points, T) -> bool:
    """Is p = q + T for another attaining point q (the far end of the period)?"""
    for q in points:
        if q is p:
            continue
        if p.exact is not None and q.exact is not None:
            if sp.simplify(p.exact - q.exact - T) == 0:
                return True
        elif p.approx is not None and q.approx is not None and abs(p.approx - q.approx - float(T)) < 1e-9:
            return True
    return False


def _lcm(T, P, r):
    """lcm of T and P = r·T with r = p/q rational: T·lcm(q, p)/q."""
    return T * sp.ilcm(r.p, r.q) / r.q


def window(I: sp.Interval, T) -> sp.Interval:
    """One closed period of the line or half-line I: [0, T], [a, a + T] or [b − T, b]."""
    if I.start.is_finite:
        return sp.Interval(I.start, I.start + T)
    if I.end.is_finite:
        return sp.Interval(I.end - T, I.end)
    return sp.Interval(0, T)


def on_line(result, T, I: sp.Interval):
    """The one-period result (on :func:`window`) as the answer on the line or half-line I:
    attaining points become families p + kT, k ∈ ℤ on ℝ; on a half-line the families run away
    from the finite end (p + kT or p − kT, k = 0, 1, 2, ...), starting inside I."""
    whole = not (I.start.is_finite or I.end.is_finite)
    step = T if whole or I.start.is_finite else -T

    def lift(e):
        if e is None or not e.decided or not e.attained:
            return e
        reps = [p for p in e.points if not _shifted(p, e.points, step)]
        bases = []
        for p in reps:
            if p.exact is not None and I.contains(p.exact) != sp.true:
                p = Num.of(p.exact + step)       # an open end: its first repetition inside I
            bases.append(p)
        return replace(e, points=tuple(bases), families=tuple((p, step) for p in bases),
                       family_k="integers" if whole else "naturals0")
    span = "ℝ" if whole else interval_text(I)
    ks = "k ∈ ℤ" if whole else f"k = 0, 1, 2, … ({'+' if step == T else '−'}{T} each time)"
    notes = (f"f is periodic with period {T} (checked exactly): on {span} the answer is the one on one period "
             f"{interval_text(window(I, T))}, every attaining point repeating with {ks}",) + tuple(result.notes)
    domain = I if result.domain == window(I, T) else result.domain   # defined on a whole period: on all of I
    return replace(result, interval=I, domain=domain, maximum=lift(result.maximum), minimum=lift(result.minimum),
                   notes=notes)
