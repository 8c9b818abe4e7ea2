"""Stage helper: one-sided bounds of an expression on a box, where a ball has no finite enclosure.

A ball (midpoint and radius) cannot hold [−∞, c]: ln x on (0, ε] has no ball, yet ln x ≤ ln ε there,
and (e^x − 1000)^(−1/2) ≥ δ^(−1/2) where e^x − 1000 ≤ δ.  Here each node of the tree gets a lower and an
upper bound, each an arb (its ``lower()`` / ``upper()`` end: a proven bound) or None (unbounded on
that side), bottom up:

- sums add the bounds on each side; products of factors of known sign multiply them (a factor of
  unknown sign with an infinite end leaves both sides open);
- powers with a constant exponent of a base of one sign, u^v as e^(v·ln u) (u > 0 where defined);
- a one-to-one catalogue function (``Entry.direction``) maps the bounds through it, an infinite end to
  the end of its range (``Entry.bounds``); e^u > 0 and √u ≥ 0 wherever defined;
- any other node with finite bounds on its argument: its ball there (arguments cut to the domain).

The bounds hold wherever the expression is defined on the box (a logarithm's argument cut at 0), so a
relation they contradict is false wherever the expression exists (calc.stages.conditions).
"""
from __future__ import annotations

import sympy as sp
from flint import arb

from ..catalogue import by_head
from .balls import NotCompilable, compile_ball, to_arb
from .context import SYMPY_ERRORS
from .precision import precision

Bounds = tuple  # (lower arb or None, upper arb or None)
_T = sp.Symbol("t", real=True)
_OPEN: Bounds = (None, None)


def bounds(e: sp.Expr, x: sp.Symbol, a: arb, b: arb) -> Bounds:
    """(lower, upper) bounds of e for x in [a, b] wherever e is defined; None on a side without one."""
    try:
        with precision(128):
            return _bounds(e, x, a, b, {})
    except (NotCompilable, *SYMPY_ERRORS):
        return _OPEN


def _bounds(e, x, a, b, memo) -> Bounds:
    if e in memo:
        return memo[e]
    if not e.has(x):
        v = to_arb(e)
        out = (v.lower(), v.upper()) if v.is_finite() else _OPEN
    elif e == x:
        out = a, b
    else:       # the tighter of the node's rule and its ball (a ball may be finite but very wide)
        (lo, hi), ball = _node(e, x, a, b, memo), _ball(e, x, a, b)
        if ball is not None:
            lo = ball[0] if lo is None or ball[0] > lo else lo
            hi = ball[1] if hi is None or ball[1] < hi else hi
        out = lo, hi
    memo[e] = out
    return out


def _node(e, x, a, b, memo) -> Bounds:
    if e.is_Add:
        parts = [_bounds(t, x, a, b, memo) for t in e.args]
        lo = None if any(p[0] is None for p in parts) else sum((p[0] for p in parts[1:]), parts[0][0]).lower()
        hi = None if any(p[1] is None for p in parts) else sum((p[1] for p in parts[1:]), parts[0][1]).upper()
        return lo, hi
    if e.is_Mul:
        return _product([_bounds(t, x, a, b, memo) for t in e.args])
    if e.is_Pow:
        base, p = e.args
        if p.has(x):
            return _bounds(sp.exp(p * sp.log(base)), x, a, b, memo) if not base.is_negative else _OPEN
        return _power(_bounds(base, x, a, b, memo), p)
    entry = by_head(e)
    if entry is None or len(e.args) != 1:
        return _OPEN
    lo, hi = _bounds(e.args[0], x, a, b, memo)
    if isinstance(e, sp.exp):
        return (arb(0) if lo is None else lo.exp().lower()), (None if hi is None else hi.exp().upper())
    if entry.direction == 0:
        return _OPEN
    g = compile_ball(e.func(_T), _T, ranges=True)      # (each end cut to the function's domain)
    ends = entry.bounds or (None, None)

    def at(v, end):
        if v is None:
            return None if end is None else to_arb(end)
        w = g(v)
        return w if w.is_finite() else None
    top, bottom = (at(hi, ends[1]), at(lo, ends[0])) if entry.direction > 0 else (at(lo, ends[1]), at(hi, ends[0]))
    if isinstance(e, sp.log) and lo is not None and not lo > 0:
        bottom = None          # (the argument reaches 0, where ln → −∞)
    return (None if bottom is None else bottom.lower()), (None if top is None else top.upper())


def _ball(e, x, a, b) -> Bounds | None:
    try:
        v = compile_ball(e, x, ranges=True)(a.union(b))
    except (NotCompilable, *SYMPY_ERRORS):
        return None
    return (v.lower(), v.upper()) if v.is_finite() else None


def _sign(p: Bounds) -> int:
    lo, hi = p
    if lo is not None and lo >= 0:
        return 1
    if hi is not None and hi <= 0:
        return -1
    return 0


def _product(parts) -> Bounds:
    """Factors of known sign: their magnitudes [m, M] (M may be None) multiplied, the sign applied;
    factors of unknown sign only with finite bounds (then the whole product as one ball)."""
    s, m, M, balls = 1, arb(1), arb(1), []
    for p in parts:
        k = _sign(p)
        if k == 0:
            if p[0] is None or p[1] is None:
                return _OPEN
            balls.append(p[0].union(p[1]))
            continue
        s *= k
        lo, hi = p if k > 0 else (-p[1], None if p[0] is None else -p[0])
        m = m * lo
        M = None if M is None or hi is None else M * hi
    if balls:
        if M is None:
            return _OPEN
        w = m.union(M) * s
        for v in balls:
            w = w * v
        return w.lower(), w.upper()
    m, M = m.lower(), (None if M is None else M.upper())
    return (m, M) if s > 0 else ((None if M is None else -M), -m)


def _power(p: Bounds, q) -> Bounds:
    if not q.is_number:
        return _OPEN
    lo, hi = p
    if q.is_Rational and q.q % 2 == 0 and (hi is None or hi > 0):
        lo = arb(0) if lo is None or not lo >= 0 else lo      # (an even root: the base ≥ 0 where defined)
    k = _sign((lo, hi))
    if k == 0:
        return _OPEN
    if k < 0:
        if not q.is_Integer:
            return _OPEN
        m = _power(((None if hi is None else -hi), (None if lo is None else -lo)), q)
        if q.is_even:
            return m
        return (None if m[1] is None else -m[1]), (None if m[0] is None else -m[0])
    r = to_arb(q)

    def pw(v):
        return None if v is None else (arb(0) if v == 0 and r > 0 else (v ** r if v > 0 else None))
    if r > 0:
        low, high = pw(lo if lo is not None else arb(0)), pw(hi)
        return (arb(0) if low is None else low.lower()), (None if high is None else high.upper())
    if r < 0:
        low = arb(0) if hi is None else pw(hi)
        high = pw(lo) if lo is not None else None
        return (arb(0) if low is None else low.lower()), (None if high is None else high.upper())
    return arb(1), arb(1)
