"""Stage: periodic functions on the whole real line.

The period comes from the catalogue (``Entry.period``: sin, cos 2π; tan, cot π ...):
every occurrence of x must sit inside a periodic function with a linear argument
a·x + b, whose period is then T/|a|; f's period is the least common multiple of
these (they must be rational multiples of one another), and f(x + T) = f(x) is
checked exactly.  On ℝ the extremum problem is then the one on one closed
period [0, T], and every point attaining an extremum there stands for the
family p + kT, k ∈ ℤ.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

from .. import budget
from ..catalogue import by_head, native
from ..printing import textbook
from ..results import Family


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
            if not (arg.is_polynomial(x) and sp.degree(arg, x) == 1):
                return None
            periods.append(e.period / abs(arg.coeff(x, 1)))
            continue
        if n == x:
            return None         # x outside every periodic function: f is not periodic
        stack.extend(n.args)
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


def on_real_line(result, T):
    """The one-period result as the answer on ℝ: attaining points become families p + kT."""
    def lift(e):
        if e is None or not e.decided or not e.attained:
            return e
        reps = [p for p in e.points if not _shifted(p, e.points, T)]
        return replace(e, points=tuple(reps), families=tuple(Family(p, T) for p in reps))
    notes = (f"f is periodic with period {textbook(T)} (checked exactly): on ℝ the answer is the one on one "
             f"period [0, {textbook(T)}], every attaining point repeating with k ∈ ℤ",) + tuple(result.notes)
    return replace(result, interval=sp.S.Reals, maximum=lift(result.maximum), minimum=lift(result.minimum),
                   notes=notes)
