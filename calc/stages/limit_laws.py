"""Stage helper: limits at singular points proven by the limit laws on the tree of f.

*Infinite limits at a finite point* (:func:`signed_pole`, where sympy's limit cannot sign |f| → ∞ —
it writes the limit of the complex continuation — and 1/f cannot be enclosed next to the point).
Each node of f gets, bottom up, a *proven* one-sided limit as x → p±: a finite limit enclosed by a
ball (the node continuous up to p: a finite ball with no jump on the closed one-sided box; or from
the laws below), or +∞ / −∞ (1/u continuous with 1/u(p) = 0 exactly, signed by
:func:`calc.stages.poles._signed_infinity`; or from the laws).  The laws: sums (a finite limit plus
±∞; never ∞ − ∞), products (±∞ times a limit of known sign, or times ±∞), and G(u) for a power or a
catalogue function G of one argument: continuous at the limit of u (G's ball on a neighbourhood of
it), or G(t) as t → ±∞ or t → c± (c = lim u exactly, the side from the sign of u − c next to p, or
from G′ of one sign below) by sympy's limit of G alone — G defined on that side (its conditions
there: comparisons of t with a number).  u^v with v depending on x is exp(v·ln u).  A node none of
these decide leaves the limit undecided.

*Infinite limits somewhere in the interval* (:func:`search_poles`, for a run left undecided: sup f =
+∞ or inf f = −∞ decide alone): the same laws as x tends to a point of a small box where a part w
of f runs to ±∞ (1/w continuous with a sign change) or to 0 (w continuous with a sign change) — in
the boxes where the domain or f′'s roots were not decided, then on a grid over the interval.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head, native
from .balls import ball_state, compile_ball, NotCompilable, to_arb
from .conditions import _truth, conditions, holds_on
from .poles import _clamped, _eps, _joined, _side_box, _signed_infinity
from .precision import precision as _prec
from .walk import nodes, reciprocal

_T = sp.Symbol("t", real=True)


class _Lim:
    """A proven one-sided limit: finite (``ball`` holds it; ``exact`` when known; ``cont``: the node
    is continuous on the closed one-sided box, so its limit is its value at p) or ``sign``·∞."""

    __slots__ = ("ball", "exact", "sign", "cont", "approach")

    def __init__(self, ball=None, exact=None, sign=0, cont=False, approach=0):
        self.ball, self.exact, self.sign, self.cont = ball, exact, sign, cont
        self.approach = approach    # a finite limit approached from above (+1) or below (−1), if known

    @property
    def infinite(self) -> bool:
        return self.sign != 0


def signed_pole(run, p, side, room=None) -> Optional[sp.Expr]:
    """lim f as x → p± when it is proven to be +∞ or −∞ by the limit laws on the tree of f; None
    otherwise (a finite limit is left to the other proofs).  ``room`` as for
    :func:`calc.stages.limits.limit` (f defined on the open one-sided neighbourhood of that length)."""
    tree = _Tree(run, p, side, room)
    ok, L = budget.run(lambda: tree.limit(run.f), run.slice(0.1, 1.5))
    if ok and L is not None and L.infinite:
        return sp.oo if L.sign > 0 else -sp.oo
    return None


def limit_by_laws(run, end, side, room=None) -> Optional[sp.Expr]:
    """lim f as x → end from ``side`` (end finite or ±∞) by the same laws, each node's limit from its
    parts' (x itself tends to ±∞ at an infinite end; G(u) through G's own limit or its continuity at
    lim u): exact, or ±∞; None when a node is not decided or the finite value is known only as a ball.
    For where sympy's limit of the whole fails (sec((π/2 + 1 − arctan x)/c) at ∞ and arccot(x^arccot(−1/x))
    at 0⁺: sympy 1.14 gives ⟨−∞, ∞⟩).  ``room`` as for :func:`signed_pole`."""
    tree = _Tree(run, end, side, room)
    ok, L = budget.run(lambda: tree.limit(run.f), run.slice(0.1, 1.5))
    if not ok or L is None:
        return None
    if L.infinite:
        return sp.oo if L.sign > 0 else -sp.oo
    return L.exact


def _at(a, b) -> sp.Float:
    """The midpoint of [a, b], as the place of a pole found in it."""
    with _prec(128):
        return sp.Float(float(((to_arb(a) + to_arb(b)) / 2).mid()), 15)


def box_poles(run, boxes, sources=None) -> dict:
    """{s: the first box} for the signs s of the infinities s·∞ that f is proven to approach in the
    boxes [a, b] (where the domain or the roots of f′ were not decided): a part w of f defined on
    [a, b] but at isolated points (its conditions other than ≠ hold there), with 1/w (written without
    poles) continuous on [a, b] and of opposite signs at a and b, tends to ±∞ at the first zero z of
    1/w from the left (the sign of 1/w at a) and at the last one from the right; or w itself,
    continuous on [a, b] with opposite signs at a and b, tends to 0 there from the side of its sign
    at a (at b) — ln w → −∞ where w → 0+.  The limit of f there follows from the limit laws, every
    other part continuous on all of [a, b].  Then f is unbounded that way at points of the interval
    (sup f = +∞ or inf f = −∞), whatever side of z f is defined on."""
    if sources is None:
        ok, sources = budget.run(lambda: _sources(run), run.slice(0.2, 1.0))
    found: dict = {}

    def scan():
        for a, b in (boxes if sources else ()):
            if not _within(run.I, a, b):
                continue        # (the pole and the side it is approached from lie in the interval)
            for s in _box_signs(run, sources, a, b):
                found.setdefault(s, (a, b))
            if len(found) == 2:
                return
    budget.run(scan, run.slice(0.3, 1.5))       # (what was found before the time ran out stands)
    return found


def search_poles(run, want, boxes=()) -> list:
    """[(p, "", s·∞, "pole", None)] for the signs s in ``want`` of infinities f is proven to approach
    somewhere in the interval (for a run left undecided: sup f = +∞ or inf f = −∞ decide alone): in
    the ``boxes`` where the domain or f′'s roots were not decided (:func:`box_poles`), then on the
    interval — each part w of f (its reciprocal for a pole, or w itself for a zero) sampled on 128
    pieces of it (its finite part, ends beyond ±32 cut there) for a piece where it is continuous and
    changes sign, halved 30 times around the sign change, the box decided as in :func:`box_poles`."""
    if not want:
        return []
    ok, sources = budget.run(lambda: _sources(run), run.slice(0.2, 1.0))
    if not ok or not sources:
        return []
    out = {s: box for s, box in box_poles(run, _joined(list(boxes)), sources).items() if s in want}
    I = run.I
    with _prec(128):
        lo = to_arb(I.start) if I.start.is_finite else arb(-32)
        hi = to_arb(I.end) if I.end.is_finite else arb(32)
        if not lo < hi:
            return []
        grid = [lo + (hi - lo) * k / 128 for k in range(129)]

    def scan():
        if set(out) >= want:
            return
        for n, kind, conds, fa in sources:
            for a, b in zip(grid, grid[1:]):
                box = _narrowed(fa, a, b)
                if box is None:
                    continue
                for s in _box_signs(run, [(n, kind, conds, fa)], *box) & want:
                    out.setdefault(s, box)
                if set(out) >= want:
                    return
    budget.run(scan, run.slice(0.3, 1.5))
    return [(_at(a, b), "", s * sp.oo, "pole", None) for s, (a, b) in out.items()]


def _narrowed(fa, a: arb, b: arb) -> Optional[tuple]:
    """[a, b] halved 30 times keeping a sign change of fa, continuous on it (a finite ball, no jump)."""
    with _prec(128):
        w, st = ball_state(fa, a.union(b))
        sa, sb = fa(a), fa(b)
        if not (w.is_finite() and st.discontinuity == 0 and ((sa > 0 and sb < 0) or (sa < 0 and sb > 0))):
            return None
        for _ in range(30):
            m = (a + b) / 2
            sm = fa(m)
            if not (sm > 0 or sm < 0):
                break
            a, b, sa = (a, m, sa) if (sm > 0) != (sa > 0) else (m, b, sm)
        return a, b


def _within(I, a, b) -> bool:
    """Is [a, b] proven to lie in the interval I (balls of the ends)?"""
    with _prec(128):
        lo = I.start.is_infinite or bool(to_arb(I.start) <= to_arb(a))
        return lo and (I.end.is_infinite or bool(to_arb(b) <= to_arb(I.end)))


def _sources(run) -> list:
    """[(w, "pole", its conditions other than ≠, the ball function of 1/w written without poles)]
    and [(w, "zero", [], the ball function of w)]."""
    x, out = run.x, []
    for n in list(nodes(run.f))[:60]:
        if n == x or not isinstance(n, sp.Expr) or not n.has(x):
            continue
        r = reciprocal(n)
        ra = run.compile(r) if r is not None and r.has(x) else None
        if ra is not None:
            out.append((n, "pole", [c for c in conditions(n, x) if not isinstance(c, sp.Ne)], ra))
        na = run.compile(n) if n != run.f else None
        if na is not None:
            out.append((n, "zero", [], na))
    return out


def _box_signs(run, sources, a, b) -> set:
    x, out = run.x, set()
    with _prec(128):
        A, B = to_arb(a), to_arb(b)
        H = A.union(B)
    for n, kind, conds, ra in sources:
        with _prec(128):
            w, st = ball_state(ra, H)
            ends = (ra(A), ra(B))
        if not (w.is_finite() and st.discontinuity == 0):
            continue
        sa = 1 if ends[0] > 0 else -1 if ends[0] < 0 else 0
        if sa == 0 or not (ends[1] < 0 if sa > 0 else ends[1] > 0) or not holds_on(conds, x, a, b):
            continue
        for s in (sa, -sa):         # n → sa·∞ (or 0 from the side sa) at the first zero from the left, and
            # −sa·∞ (0 from the side −sa) at the last one from the right
            L = _Tree(run, None, None, None, box=H, source=(n, kind, s)).limit(run.f)
            if L is not None and L.infinite:
                out.add(L.sign)
    return out


class _Tree:
    """The limit laws as x → p± (``box``: as x tends to a point of that ball at which ``source`` = (w, s)
    tends to s·∞, every part without w continuous on the ball)."""

    def __init__(self, run, p, side, room, box=None, source=None):
        self.run, self.x, self.side, self.room, self.source = run, run.x, side, room, source
        self.p = sp.S(p) if p is not None else None
        self.far = self.p is not None and self.p.is_infinite     # (x → ±∞: no box, no value at p)
        if box is not None or self.far:
            self.box = box
        else:
            with _prec(128):
                self.box = _side_box(to_arb(p), _eps(room), side)
        self.memo: dict = {}

    def limit(self, e) -> Optional[_Lim]:
        if e not in self.memo:
            self.memo[e] = self._limit(e)
        return self.memo[e]

    def _limit(self, e) -> Optional[_Lim]:
        budget.check()
        x = self.x
        if not isinstance(e, sp.Expr) or isinstance(e, sp.Piecewise):
            return None
        if not e.has(x):
            b = _ball(e)
            return _Lim(b, e) if b is not None else None
        if self.source is not None and e == self.source[0]:
            n, kind, s = self.source
            return _Lim(sign=s) if kind == "pole" else _Lim(arb(0), sp.S.Zero, approach=s)
        if e == x:
            if self.far:
                return _Lim(sign=1 if self.p > 0 else -1)
            return _Lim(to_arb(self.p), self.p, cont=True) if self.p is not None else _Lim(self.box)
        L = self._continuous(e) if not self.far else None
        if L is None and self.p is not None and not self.far:
            L = self._pole(e)
        if L is not None:
            return L
        if e.is_Add or e.is_Mul:
            parts = [self.limit(a) for a in e.args]
            if any(q is None for q in parts):
                return None
            return _sum(parts) if e.is_Add else _product(parts)
        if e.is_Pow:
            if e.exp.has(x):
                if e.base.has(x) or _positive(e.base):
                    return self.limit(sp.exp(e.exp * sp.log(e.base)))
                return None
            if e.exp.is_Rational:
                return self._through(e.base, e.func(_T, e.exp))
            return None
        if len(e.args) == 1 and by_head(e) is not None:
            return self._through(e.args[0], e.func(_T))
        return None

    def _compile(self, e):
        if self.room is not None:      # f defined next to p: the extension cut to the domains is f there
            return _clamped(e, self.x)
        return self.run.compile(e)

    def _continuous(self, e) -> Optional[_Lim]:
        """e continuous on the closed one-sided box: its limit is e(p), inside its ball there."""
        fa = self._compile(e)
        if fa is None:
            return None
        with _prec(128):
            v, st = ball_state(fa, self.box)
        if v.is_finite() and st.discontinuity == 0:
            return _Lim(v, cont=True)
        return None

    def _pole(self, e) -> Optional[_Lim]:
        """1/e continuous on the closed box with 1/e(p) = 0 exactly: |e| → ∞, signed by a proof."""
        run = self.run
        ok, r = budget.run(lambda: reciprocal(e), run.slice(0.05, 0.5))
        if not ok or r is None or not r.has(self.x):
            return None
        ra = self._compile(r)
        if ra is None:
            return None
        with _prec(128):
            w, st = ball_state(ra, self.box)
        if not (w.is_finite() and st.discontinuity == 0 and w.contains(0)):
            return None
        ok, r0 = budget.run(lambda: sp.simplify(r.subs(self.x, self.p)), run.slice(0.05, 0.5))
        if not (ok and r0 == 0):
            return None
        s = _signed_infinity(run, e, self.p, self.side, self.room)
        return None if s is None else _Lim(sign=1 if s == sp.oo else -1)

    def _exact(self, u, L: _Lim):
        """The exact limit of u (its value at p when u is continuous there), or None."""
        from .limits import _overlaps, _value_at      # (limits imports this module)
        if L.exact is not None or not L.cont or self.p is None or self.far:
            return L.exact
        ok, c = budget.run(lambda: _value_at(u, self.x, self.p), self.run.slice(0.05, 0.5))
        if ok and c is not None and c.is_number and not c.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and _overlaps(c, L.ball):
            L.exact = c
        return L.exact

    def _through(self, u, G) -> Optional[_Lim]:
        """The limit of G(u) (G an expression in _T) from the limit of u."""
        L = self.limit(u)
        if L is None:
            return None
        if not L.infinite:
            try:
                g = compile_ball(G, _T)
            except NotCompilable:
                return None
            with _prec(128):
                w, st = ball_state(g, _widen(L.ball))
            if w.is_finite() and st.discontinuity == 0 and not st.outside:
                # G continuous on a neighbourhood of lim u: lim G(u) = G(lim u)
                return _Lim(w, G.subs(_T, L.exact) if L.exact is not None else None)
            if L.approach:
                to, d = L.exact, ("+" if L.approach > 0 else "-")
            else:
                c = self._exact(u, L)
                if c is None or self.p is None or self.far or _truth(conditions(G, _T), _T, c, True) is not False:
                    return None     # (G undefined at c: u ≠ c next to p, where G(u) is defined)
                # the side from which u tends to c: the sign of 1/(u − c) → ±∞ next to p
                s = _signed_infinity(self.run, 1 / (u - c), self.p, self.side, self.room)
                if s is None:
                    return None
                to, d = c, ("+" if s == sp.oo else "-")
        else:
            to, d = (sp.oo if L.sign > 0 else -sp.oo), ("-" if L.sign > 0 else "+")
        if not _defined_next_to(G, to, d):
            return None
        ok, M = budget.run(lambda: _limit_of(G, to, d), self.run.slice(0.2, 1.0))
        if not ok or M is None:
            return None
        if M in (sp.oo, -sp.oo):
            return _Lim(sign=1 if M == sp.oo else -1)
        b = _ball(M) if M.is_number and M.is_extended_real else None
        return _Lim(b, M, approach=self._approach(G, to, d)) if b is not None else None

    def _approach(self, G, to, d) -> int:
        """The side from which G(t) tends to its limit as t → to from side d (finite): G′(t) tends to a
        limit of one sign (or ±∞), so G is strictly monotone next to ``to``; 0 when not known."""
        from ..differentiate import differentiate
        if to.is_infinite:
            return 0
        ok, dM = budget.run(lambda: _limit_of(differentiate(G, _T)[0], to, d), self.run.slice(0.1, 0.5))
        if not ok or dM is None or not (dM in (sp.oo, -sp.oo) or (dM.is_number and dM.is_extended_real)):
            return 0
        b = _ball(dM) if dM.is_finite else None
        s = (1 if dM == sp.oo else -1) if dM.is_infinite else (1 if b is not None and b > 0 else
                                                                -1 if b is not None and b < 0 else 0)
        return s * (1 if d == "+" else -1)


@lru_cache(maxsize=512)
def _limit_of(G, to, d):
    """sympy's limit of G(t) as t → ``to`` from side d (G: a power or a catalogue function of t)."""
    return sympy_limit(native(G), _T, to, d)


def sympy_limit(e, x, end, side):
    """sympy's one-sided limit of e as x → end, always taken as a variable tending to 0⁺ or to +∞: at a
    finite end x = end ± h, h → 0⁺; at −∞ x = −y, y → +∞ (sympy 1.14 gives lim 2^x = ∞ and lim (1/2)^x = 0
    as x → −∞, as if x tended to +∞)."""
    if end.is_finite:
        h = sp.Symbol("h", positive=True)
        return sp.limit(e.subs(x, end + h if side == "+" else end - h), h, 0, "+")
    y = sp.Symbol("y", positive=True)
    return sp.limit(e.subs(x, y if end > 0 else -y), y, sp.oo)


def _defined_next_to(G, to, d) -> bool:
    """Is G(t) defined for every t next to ``to`` on side d ("+": above it) — each condition of G
    a comparison of t with a number that holds there, or a ≠ that excludes points only?"""
    for c in conditions(G, _T):
        if isinstance(c, sp.Ne):
            continue        # (isolated points: poles of the catalogue's functions)
        if not isinstance(c, sp.core.relational.Relational):
            return False
        g = sp.expand(c.lhs - c.rhs)
        k = g.coeff(_T, 1)
        if not (g.is_polynomial(_T) and sp.degree(g, _T) == 1 and k.is_number):
            return False
        # the sign of g next to ``to`` on side d
        side = 1 if d == "+" else -1
        if to.is_infinite:
            s = int(sp.sign(k)) * (1 if to > 0 else -1)
        else:
            b = _ball(g.subs(_T, to))
            if b is None:
                return False
            s = 1 if b > 0 else -1 if b < 0 else (int(sp.sign(k)) * side if sp.simplify(g.subs(_T, to)) == 0
                                                   else 0)
        if s == 0 or not {">": s > 0, ">=": s > 0, "<": s < 0, "<=": s < 0}.get(c.rel_op, False):
            return False
    return True


def _ball(v) -> Optional[arb]:
    try:
        with _prec(128):
            b = to_arb(v)
        return b if b.is_finite() else None
    except (NotCompilable, ValueError, TypeError, ZeroDivisionError):
        return None


def _widen(b: arb) -> arb:
    """b with a slightly larger radius: a limit inside b is inside the result's interior."""
    with _prec(128):
        return b + arb(0, 2.0 ** -40) * (1 + abs(b.mid()))


def _sum(parts) -> Optional[_Lim]:
    signs = {q.sign for q in parts if q.infinite}
    if len(signs) > 1:
        return None                 # ∞ − ∞
    if signs:
        return _Lim(sign=signs.pop())
    with _prec(128):
        b = parts[0].ball
        for q in parts[1:]:
            b = b + q.ball
    exact = sp.Add(*[q.exact for q in parts]) if all(q.exact is not None for q in parts) else None
    return _Lim(b, exact)


def _product(parts) -> Optional[_Lim]:
    infinite = [q for q in parts if q.infinite]
    if infinite:
        s = 1
        for q in parts:
            if q.infinite:
                s *= q.sign
            elif q.ball > 0:
                pass
            elif q.ball < 0:
                s = -s
            else:
                return None         # a factor whose limit may be 0 (or of unknown sign) times ∞
        return _Lim(sign=s)
    with _prec(128):
        b = parts[0].ball
        for q in parts[1:]:
            b = b * q.ball
    exact = sp.Mul(*[q.exact for q in parts]) if all(q.exact is not None for q in parts) else None
    return _Lim(b, exact)


def _positive(v) -> bool:
    b = _ball(v)
    return b is not None and bool(b > 0)
