"""Stage helper: removable holes — f, or f′, enclosed next to an exact point q where f is not defined
and a part S of f is 0/0 (S = N/D with N(q) = D(q) = 0), by Cauchy's mean value theorem: on (q, q + w]
S takes only values N′(ξ)/D′(ξ) with ξ in the box, where D′ has no zero (again with N′/D′ when that
is 0/0, up to eight times).  Used for the boxes next to q where f′'s roots were not isolated."""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head
from ..differentiate import differentiate
from .balls import NotCompilable, ball_state, compile_ball, to_arb
from .poles import _side_box
from .precision import precision as _prec
from .walk import trig_as_cos


def hole_bound(run, q, region_lo: arb, region_hi: arb, e=None) -> Optional[arb]:
    """An enclosure of f (or of ``e``, an expression in x: f′) on the region [lo, hi] minus the exact point q (an excluded point or an end
    of the domain next to it, where f may be 0/0), or None.  Each side of q is a box [q, q + w]
    (or [q − w, q]) closed at q; a part S = N/D of f that balls cannot enclose there, with N and D
    continuous on the box and N(q) = D(q) = 0 exactly, takes on (q, q + w] only values N′(ξ)/D′(ξ)
    with ξ in the box when D′ has no zero there (Cauchy's mean value theorem; again with N′/D′ when
    that is 0/0 at q, up to eight times): S is replaced by that ball."""
    with _prec(128):
        Q, H = to_arb(q), region_lo.union(region_hi)
        parts = []
        if H.lower() < Q.lower():
            parts.append(_side_box(Q, (Q - H.lower()).upper(), "-"))
        if H.upper() > Q.upper():
            parts.append(_side_box(Q, (H.upper() - Q).upper(), "+"))
        if not parts:
            return None
        out = None
        for box in parts:
            ok, v = budget.run(lambda box=box: _hole_ball(run, q, box, run.f if e is None else e), run.slice(0.1, 1.0))
            if not ok or v is None:
                return None
            out = v if out is None else out.union(v)
        return out


def _hole_ball(run, q, box: arb, f) -> Optional[arb]:
    x, consts = run.x, {}

    def ball_of(e):
        fa = run.compile(e)
        if fa is None:
            return None
        v, st = ball_state(fa, box)
        return v if v.is_finite() and st.discontinuity == 0 else None

    def cut(e):
        """e with each part balls cannot enclose on the box replaced by a symbol (its ball)."""
        if not isinstance(e, sp.Expr) or not e.has(x) or ball_of(e) is not None:
            return e
        b = _cauchy(run, e, q, box, ball_of)
        if b is not None:
            s = sp.Dummy("s")
            consts[s] = b
            return s
        if not (e.is_Add or e.is_Mul or e.is_Pow or (len(e.args) == 1 and by_head(e) is not None)):
            return e
        return e.func(*[cut(a) for a in e.args])
    g = cut(f)
    try:
        v, st = ball_state(compile_ball(g, x, constants=consts), box)
    except NotCompilable:
        return None
    return v if v.is_finite() and st.discontinuity == 0 else None


def _cauchy(run, e, q, box, ball_of) -> Optional[arb]:
    x = run.x
    N, D = sp.fraction(sp.together(trig_as_cos(e)))
    for _ in range(8):
        if not (D.has(x) and N.has(x)) or ball_of(N) is None or ball_of(D) is None:
            return None
        if any(sp.simplify(h.subs(x, q)) != 0 for h in (N, D)):
            return None
        N, D = differentiate(N, x)[0], differentiate(D, x)[0]
        n, d = ball_of(N), ball_of(D)
        if n is not None and d is not None and (d > 0 or d < 0):
            return n / d
    return None
