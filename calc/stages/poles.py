"""Poles and one-sided neighbourhoods: the sign of an infinite limit, poles proven inside boxes where
the domain or the roots of f′ were not decided (f = 1/r with r through 0; f = c·G(F) + d, G increasing
without bound, F through a pole), and the ball boxes [p, p + ε] ending exactly at a point."""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..differentiate import differentiate
from .balls import NotCompilable, ball_state, compile_ball, to_arb
from .conditions import holds_on
from .context import value_ball
from .precision import precision as _prec
from .walk import reciprocal


def _clamped(e, x):
    try:
        return compile_ball(e, x, clamp=True)
    except NotCompilable:
        return None


def _eps(room) -> arb:
    """The width of the one-sided boxes next to an end: 2^-30, less than a quarter of ``room``."""
    eps = arb(2) ** -30
    if room is not None and room.is_finite:
        while eps * 4 > to_arb(room):
            eps = eps / 2 ** 10
    return eps


def _side_box(P: arb, eps: arb, side: str) -> arb:
    """The ball [p, p + ε] (side "+") or [p − ε, p] (side "−") for p in P, ending exactly at P's end
    (a union of balls overshoots p by its radius's rounding: √(1 − u²) at u = 1 then has a negative
    argument beyond rounding)."""
    with _prec(256):
        r = eps / 2
        over = arb(arb(0), r).rad() - r       # the rounding of a radius: the ball is 2·over wider
        if side == "-":
            return arb(P.upper() - r - over, r)
        return arb(P.lower() + r + over, r)


def pole_limits(run, boxes, conds) -> list:
    """[(p, "", +∞, "pole", None), (p, "", −∞, "pole", None)] for the first box [a, b] (where the
    domain or the roots of f′ were not decided) proven to hold a pole of f where the formula as
    written is defined (``conds``, its written conditions, hold on all of [a, b]): f is unbounded
    both ways there.  [] when none is proven.  Boxes that touch are tried as one (the two sides of an
    excluded point: a pole at π/2 between (a, π/2) and (π/2, b)).  One way only where f = c·G(F) + d
    (see :func:`_outer`) and F runs through a pole or a zero in the box."""
    # (a condition u ≠ 0 excludes points only, as the pole itself: f is unbounded on what is left)
    conds = [c for c in conds if not isinstance(c, sp.Ne)]
    outer = _outer(run.f)
    for a, b in _joined(boxes):
        if not holds_on(conds, run.x, a, b):
            continue
        at = sp.Float(float((to_arb(a) + to_arb(b)).mid()) / 2, 15)
        if pole_in_box(run, a, b):
            return [(at, "", sp.oo, "pole", None), (at, "", -sp.oo, "pole", None)]
        if outer is None:
            continue
        F, c, _, r = outer
        # F through a pole (through a zero): F takes every large (small) positive value in the box, where
        # f is defined; G(F) runs to G(+∞) (G(0⁺)) there — on one side only
        for through, end in ((F, _G_at(r, sp.oo)), (1 / F, _G_at(r, 0))):
            if end.is_infinite and pole_in_box(run, a, b, through):
                return [(at, "", sp.sign(c) * end, "pole", None)]
    return []


def beyond_pole(run, lo: arb, hi: arb, maximum, minimum) -> bool:
    """A box where f = c·G(F) + d (see :func:`_outer`, G = ln or t^r) and F > 0 wherever f is defined:
    F ≤ B there (F's ball) and F ≥ 1/m (|1/F| ≤ m, the ball of 1/F written without poles: next to a
    pole of F), so f lies between c·G(1/m) + d and c·G(B) + d — strictly inside (min, max), or only
    beyond an extremum that is ±∞?"""
    outer = _outer(run.f)
    if outer is None or outer[3] == "exp" or any(e is None or e.value is None for e in (maximum, minimum)):
        return False
    F, c, d, r = outer
    try:
        fF, rF = compile_ball(F, run.x), compile_ball(reciprocal(F), run.x)
    except NotCompilable:
        return False
    with _prec(128):
        box = lo.union(hi)
        v, w = fF(box), rF(box)
        top = v.upper() if v.is_finite() else None                       # F ≤ top (None: no bound)
        m = max(abs(w.lower()), abs(w.upper())) if w.is_finite() else None
        low = 1 / m if m is not None and m > 0 else arb(0)                # F ≥ low where F > 0
        ends = [_affine(c, d, _G_at(r, sp.Integer(0)) if low == 0 else _G_ball(r, low)),
                _affine(c, d, _G_at(r, sp.oo) if top is None else _G_ball(r, top))]
        if (c > 0) != (r is None or r > 0):
            ends.reverse()                          # c·G decreasing in F
        return _inside(ends[1], maximum, +1) and _inside(ends[0], minimum, -1)


def _G_at(r, t):
    """G(t) for t = 0 (the limit from above) or +∞: G = ln (r None), t^r, or e^t (r "exp")."""
    if r == "exp":
        return sp.oo if t == sp.oo else sp.Integer(1)
    if r is None:
        return sp.oo if t == sp.oo else -sp.oo
    return (sp.oo if t == sp.oo else sp.Integer(0)) if r > 0 else (sp.Integer(0) if t == sp.oo else sp.oo)


def _G_ball(r, t: arb) -> arb:
    """G(t) on a ball t > 0 (G = ln, or t^r)."""
    return t.log() if r is None else (t.log() * to_arb(r)).exp()


def _affine(c, d, g) -> Optional[arb]:
    """c·g + d as a ball (g a ball, or 0, or ±∞ given as sympy numbers); None when infinite."""
    if isinstance(g, arb):
        return to_arb(c) * g + to_arb(d)
    return to_arb(d) if g == 0 else None


def _inside(bound, ext, sense) -> bool:
    """Is the bound of f (None: unbounded that way) strictly below the maximum (sense +1) / above the
    minimum, or is that extremum ±∞ (never attained)?"""
    v = ext.value
    if v.is_infinite:
        return (v.exact == sp.oo) == (sense > 0)
    vb = value_ball(v)
    if bound is None or not bound.is_finite() or vb is None or not vb.is_finite():
        return False
    return bool(bound < vb if sense > 0 else bound > vb)


def _outer(f) -> Optional[tuple]:
    """(F, c, d, r) when f = c·G(F) + d with c ≠ 0 and d real numbers and G monotone: G = ln (r None) or
    t^r (r a fraction of even denominator), both defined for F > 0 (≥ 0) only, or G = exp (r "exp");
    else None."""
    d, g = f.as_independent(*f.free_symbols, as_Add=True)
    c, g = g.as_independent(*f.free_symbols, as_Add=False)
    if not (c.is_number and c.is_nonzero and c.is_extended_real and d.is_number and d.is_extended_real):
        return None
    if g.is_Pow and g.exp.is_Rational and g.exp.q % 2 == 0:
        return g.base, c, d, g.exp
    if isinstance(g, sp.log) and len(g.args) == 1:
        return g.args[0], c, d, None
    if isinstance(g, sp.exp):
        return g.args[0], c, d, "exp"
    return None


def _joined(boxes) -> list:
    """The boxes, each followed by its union with the next one when they touch (a = b exactly)."""
    out = []
    for i, (a, b) in enumerate(boxes):
        out.append((a, b))
        touching = [(c, d) for c, d in boxes[i + 1:] if isinstance(b, sp.Expr) and isinstance(c, sp.Expr) and b == c]
        out += [(a, d) for _, d in touching[:1]]
    return out


def pole_in_box(run, a, b, f=None) -> bool:
    """Does [a, b] (where the domain or the roots of f′ were not decided) hold a pole of f where it
    changes sign, proven with balls: r = 1/f continuous on [a, b] (a finite ball, no jump) with
    opposite signs at a and b takes every small value of both signs next to its zeros, where
    f = 1/r runs to +∞ and to −∞ (a simple zero, or a cube-root one as of ∛(cot x) at π/2).  (``f``:
    another expression in place of the run's function.)"""
    ok, r = budget.run(lambda: reciprocal(run.f if f is None else f), run.slice(0.05, 1.0))
    if not ok or r is None:
        return False
    try:
        ra = compile_ball(r, run.x)
    except NotCompilable:
        return False
    with _prec(128):
        A, B = to_arb(a), to_arb(b)
        w, st = ball_state(ra, A.union(B))
        if not (w.is_finite() and st.discontinuity == 0):
            return False
        ra_, rb_ = ra(A), ra(B)
        return bool((ra_ < 0 and rb_ > 0) or (ra_ > 0 and rb_ < 0))


def without_poles(run):
    """f as a ball function written without the poles of its parts (1/cot u as sin u/cos u): equal
    to f wherever f is defined, and continuous across its removable holes; None if not compilable."""
    ok, g = budget.run(lambda: reciprocal(1 / run.f), run.slice(0.05, 1.0))
    if not ok or g is None:
        return None
    try:
        return compile_ball(g, run.x)
    except NotCompilable:
        return None


def _signed_infinity(run, f, p, side, room=None) -> Optional[sp.Expr]:
    """The sign of f near a pole p, proven: r = 1/f (written without poles) is continuous at p
    with r(p) = 0 (|f| → ∞ there), and r′ keeps one sign on [p, p ± ε]; then r, hence f,
    keeps the sign of ±r′ on the one-sided neighbourhood, and f → ±∞.  Where r′ is unbounded at p
    (√(1 − u²) at u = 1) and f is defined next to p (``room``), by the intermediate value theorem."""
    x = run.x

    def work():
        r = reciprocal(f)
        return r, differentiate(r, x)[0]
    ok, got = budget.run(work, run.slice(0.1, 1.0))
    if not ok or got is None:
        return None
    r, dr = got
    try:
        fr, fdr = compile_ball(r, x), compile_ball(dr, x)
    except NotCompilable:
        return None
    with _prec(128):
        P = to_arb(p)
        for k in range(4, 40, 4):
            box = _side_box(P, arb(2) ** -k, side)
            (v, sv), (d, sd) = ball_state(fr, box), ball_state(fdr, box)
            if not (v.is_finite() and d.is_finite() and sv.discontinuity == sd.discontinuity == 0):
                continue        # (r with a jump in the box, as sign or floor can give, is not monotone)
            if d > 0 or d < 0:
                positive = (d > 0) == (side == "+")
                return sp.oo if positive else -sp.oo
        if room is not None:
            # r continuous on [p − ε, p] (a finite ball, no jump) with r(p) = 0 has no zero on (p − ε, p),
            # where f = 1/r is defined and finite (the end's component of the domain; a zero of f would
            # make the ball of r infinite): r keeps there the sign it has at one point
            eps, rc = _eps(room), _clamped(r, x)
            v, st = ball_state(rc, _side_box(P, eps, side)) if rc is not None else (arb("nan"), None)
            if v.is_finite() and st.discontinuity == 0:
                s = fr(P + eps / 2 if side == "+" else P - eps / 2)
                if s > 0 or s < 0:
                    return sp.oo if s > 0 else -sp.oo
    return _sign_by_order(run, r, p, side)


def _sign_by_order(run, r, p, side) -> Optional[sp.Expr]:
    """r′ vanishes at p (a pole of even order, as of 1/(x⁵ − x − 1)² at a root): the first
    derivative r⁽ʲ⁾ not vanishing at p (proven zero before it: exact_zero) gives the sign of r
    near p by Taylor's formula, r ≈ r⁽ʲ⁾(p)(x − p)ʲ/j!, so of f = 1/r."""
    from .compare import _ball_of, exact_zero   # (compare → results → derivative → kinks → limits)

    x = run.x

    def ask(fn, cap):           # exact_zero's budgeted call
        return budget.run(fn, run.slice(0.05, cap))
    d = r
    for j in range(1, 9):
        ok, d = ask(lambda d=d: differentiate(d, x)[0], 0.5)
        if not ok or d is None:
            return None
        ok, e = ask(lambda d=d: d.subs(x, p), 0.5)
        if not ok or e is None or e.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            return None
        b = _ball_of(e)
        if b is not None and (b > 0 or b < 0):
            positive = (b > 0) == (side == "+" or j % 2 == 0)
            return sp.oo if positive else -sp.oo
        if exact_zero(e, _ball_of, ask, 256) is not True:
            return None
    return None
