"""Stage: f = F(u) with F periodic and u sweeping a whole period somewhere on the interval.

Where u runs through a whole period of F (cos((4x)⁴) on (−∞, −1), arccot(sin x³) on [3, ∞),
csc(10^(1 − x)), or u → ±∞ at a pole of an inner function: tan(2^(−tan x)) next to −3π/2), f′
has too many roots to isolate — and none is needed: f takes no value F does not take, and on a
piece [a, b] where u is continuous with |u(b) − u(a)| ≥ T, u takes every value of some period
[c, c + T) (intermediate values), so f takes every value of F there.  Hence

* max f = max F over one period (the finder on [0, T]), attained exactly at the x where
  u(x) = p + kT for the points p attaining it (families x(k), or the equations themselves);
* sup F not attained (+∞ at a pole of F, or a finite value approached) is sup f, not attained;
* the same for the minimum.

The proof of the sweep is by balls: u finite with no possible jump on every piece of a
subdivision of [a, b] (continuous there; the arguments of sin and cos finite too, as balls give
them a range even where their argument is unbounded), and the certified values u(a), u(b)
differ by T at least.  Points where u is not finite are approached by bisection (a pole of an
inner function: u → ±∞ there).  The formula as written must hold on [a, b] as well (x/x: x ≠ 0).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Callable, Optional

import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head, by_key
from ..errors import DomainError
from ..numbers import Num
from ..printing import textbook
from ..results import Extremum
from .balls import NotCompilable, ball_state, compile_ball, to_arb
from .conditions import holds_on
from .context import outward
from .domain import components, written_conditions
from .oscillation import families_of, holds_periodic, num_ball
from .periods import period_of
from .precision import precision as _prec

#: at most this many distinct arguments u are tried, and this many points placed while searching
MAX_FORMS = 4
MAX_POINTS = 3000


@dataclass(frozen=True)
class Sweep:
    """f = F(U) at U = u, F of period T; u continuous on [a, b] with |u(b) − u(a)| ≥ T."""

    F: sp.Expr
    U: sp.Symbol
    u: sp.Expr
    T: sp.Expr
    a: sp.Rational
    b: sp.Rational
    maximum: Optional[Extremum] = None     # decided extrema of f (None: not decided by the sweep)
    minimum: Optional[Extremum] = None
    G: Optional[sp.Expr] = None            # f = G(x) + F(u) (op "+") or G(x)·F(u) (op "*")
    op: str = ""

    def note(self, x) -> str:
        if self.op:
            both = "sum" if self.op == "+" else "product"
            return (f"f is the {both} of G = {textbook(self.G)} and F(u) with u = {textbook(self.u)} and F(u) = "
                    f"{textbook(self.F)} periodic (period {textbook(self.T)}, checked exactly); on "
                    f"[{_dec(self.a)}, {_dec(self.b)}] u runs through a whole period (interval arithmetic) and G is "
                    f"bounded{'' if self.op == '+' else ' and of one sign'} there, so f is unbounded where F is")
        return (f"f = F(u) with u = {textbook(self.u)} and F(u) = {textbook(self.F)} periodic (period "
                f"{textbook(self.T)}, checked exactly); on [{_dec(self.a)}, {_dec(self.b)}] u is continuous (interval "
                f"arithmetic) and its certified values at the ends differ by at least {textbook(self.T)}, so u runs "
                f"through a whole period there and f takes every value of F: the global extrema are F's over one "
                f"period, attained where u = p + k·{textbook(self.T)} for the points p attaining them")


def _dec(q) -> str:
    return f"{float(q):.6g}"


def find_sweep(run, solve: Callable) -> Optional[Sweep]:
    """The sweep of f on the run's interval with the extrema it decides, or None.  ``solve(F, U, T,
    seconds, written)`` is the one-variable finder on [0, T] (without this stage)."""
    for F, U, u, T, G, op in _forms(run):
        seg = _segment(run, u, T)
        if seg is None:
            continue
        a, b = seg
        written = _written(run, u, U, T, a, b, G)
        if written is None:
            continue
        if run.restrict is not None and not sp.Interval(a, b).is_subset(run.restrict):
            continue
        sign = _sign_of(run, G, a, b, op) if op else 0
        if sign is None:
            continue
        got = solve(F, U, T, max(0.2, run.left() * 0.5), written)
        sw = Sweep(F, U, u, T, a, b, G=G, op=op)
        if op:
            mx, mn = _unbounded(got.maximum, got.minimum, sign)
        else:
            alone = _isolated(got.domain)
            mx, mn = (_lift(run, sw, E, alone) for E in (got.maximum, got.minimum))
        if mx is None and mn is None:
            continue
        return replace(sw, maximum=mx, minimum=mn)
    return None


def _sign_of(run, G, a, b, op) -> Optional[int]:
    """G bounded on [a, b] (a finite ball on each of 64 pieces, the arguments of sin and cos as well):
    its sign there for a product (+1 or −1, None when not proven), 1 for a sum; None when G is not
    proven bounded."""
    try:
        fns = _guarded(G, run.x)
    except NotCompilable:
        return None
    lo = None
    with _prec(128):
        A, B = to_arb(a), to_arb(b)
        for k in range(64):
            box = (A + (B - A) * k / 64).union(A + (B - A) * (k + 1) / 64)
            vs = [ball_state(fn, box) for fn in fns]
            if any(not v.is_finite() or st.discontinuity for v, st in vs):
                return None
            v = vs[0][0]
            lo = v if lo is None else lo.union(v)
    if op == "+":
        return 1
    return 1 if lo > 0 else (-1 if lo < 0 else None)


def _unbounded(EM, Em, sign) -> tuple:
    """(max, min) of f = G + F(u) or G·F(u) (G bounded, of the sign ``sign`` for a product) where
    F is unbounded on a period: sup f = +∞ where sup F = +∞ (for G < 0: where inf F = −∞) — the
    rest is not decided this way."""
    def infinite(E, v):
        return E is not None and E.decided and E.value is not None and E.value.exact == v
    up, down = infinite(EM, sp.oo), infinite(Em, -sp.oo)
    if sign < 0:
        up, down = down, up
    return (Extremum(False, Num.of(sp.oo), reason="pole") if up else None,
            Extremum(False, Num.of(-sp.oo), reason="pole") if down else None)


def _forms(run):
    """(F, U, u, T): f = F(u), u the argument of a periodic function of the catalogue (not x itself),
    F of period T (period_of: checked exactly)."""
    x, seen, n_tried = run.x, set(), 0
    for n in sp.preorder_traversal(run.f):
        e = by_head(n) if isinstance(n, sp.Function) else None
        if e is None or e.period is None or len(n.args) != 1:
            continue
        u = n.args[0]
        if u in seen or u == x or not u.has(x):
            continue
        seen.add(u)
        U = sp.Dummy("u", real=True)
        F, G, op = run.f.xreplace({u: U}), None, ""
        if F.has(x):
            F, G, op = _split(run.f, u, U, x)
            if F is None:
                continue
        n_tried += 1
        if n_tried > MAX_FORMS or run.left() <= 0:
            return
        T = period_of(F, U, run.slice(0.1, 1.0))
        if T is not None:
            yield F, U, u, T, G, op


def _split(f, u, U, x) -> tuple:
    """(F(U), G, op): f = G + F(u) (op "+") or G·F(u) (op "*"), the terms or factors of f that are
    functions of u alone in F, the others in G; (None, None, "") when f is neither."""
    if not (f.is_Add or f.is_Mul):
        return None, None, ""
    mine, rest = [], []
    for t in f.args:
        m = t.xreplace({u: U})
        (mine if m.has(U) and not m.has(x) else rest).append((t, m))
    if not mine or not rest:
        return None, None, ""
    join = sp.Add if f.is_Add else sp.Mul
    return join(*[m for _, m in mine]), join(*[t for t, _ in rest]), "+" if f.is_Add else "*"


def _written(run, u, U, T, a, b, G=None) -> Optional[tuple]:
    """The formula's nodes as written, in U (for the finder on one period: their conditions are F's
    too), or None when one of them is not a periodic function of u whose conditions hold on [a, b].
    A node inside u (or G) holds where u (G) is proven continuous; a node in U must be T-periodic (U
    only in arguments a·U + b of periodic functions whose periods divide T).  With G (f unbounded
    where F is: a claim about points next to F's poles) a condition v ≠ 0 excludes isolated points
    only and is not required."""
    inner = set(sp.preorder_traversal(u)) | (set(sp.preorder_traversal(G)) if G is not None else set())
    out, conds = [], []
    for n in run.written:
        if not n.has(run.x) or n in inner:
            continue
        m = n.xreplace({u: U})
        if not m.has(run.x) and _periodic_in_U(m, U, T):
            out.append(m)
            continue
        got = written_conditions((n,), run.f, run.x)
        if got is None:
            return None
        conds += [c for c in got if G is None or not isinstance(c, sp.Ne)]
    if conds and not holds_on(conds, run.x, a, b):
        return None
    return tuple(out)


def _periodic_in_U(e, U, T) -> bool:
    """Does U occur in e only inside periodic functions of the catalogue with arguments c·U + d whose
    periods divide T (so e(U + T) = e(U), conditions included)?"""
    if not e.has(U):
        return True
    entry = by_head(e) if isinstance(e, sp.Function) else None
    if entry is not None and entry.period is not None and len(e.args) == 1:
        arg = e.args[0]
        if arg.is_polynomial(U) and sp.degree(arg, U) == 1:
            q = sp.simplify(T * abs(arg.coeff(U, 1)) / entry.period)
            return bool(q.is_integer)
    if e == U:
        return False
    return all(_periodic_in_U(a, U, T) for a in e.args)


def _segment(run, u, T) -> Optional[tuple]:
    """[a, b] (rationals in the interval) where u is proven continuous with |u(b) − u(a)| ≥ T."""
    try:
        fns = _guarded(u, run.x)
    except NotCompilable:
        return None
    I = run.I
    stop = time.monotonic() + run.slice(0.3, 2.0)
    with _prec(128):
        Tb = to_arb(T)
        pts = _grid(I)
        if len(pts) < 2:
            return None
        vals = [_value(fns[0], p) for p in pts]
        ok = [_continuous(fns, p, q) for p, q in zip(pts, pts[1:])]
        while True:
            found = _sweeping(pts, vals, ok, Tb)
            if found is not None:
                return sp.Rational(found[0].numerator, found[0].denominator), \
                    sp.Rational(found[1].numerator, found[1].denominator)
            bad = [i for i, good in enumerate(ok) if not good and _worth(pts, vals, i)]
            if not bad or len(pts) + len(bad) > MAX_POINTS or time.monotonic() > stop:
                return None
            budget.check()
            new_pts, new_vals, new_ok = [pts[0]], [vals[0]], []
            for i in range(len(ok)):
                p, q = pts[i], pts[i + 1]
                if i in bad:
                    m = (p + q) / 2
                    new_pts.append(m)
                    new_vals.append(_value(fns[0], m))
                    new_ok += [_continuous(fns, p, m), _continuous(fns, m, q)]
                else:
                    new_ok.append(ok[i])
                new_pts.append(q)
                new_vals.append(vals[i + 1])
            pts, vals, ok = new_pts, new_vals, new_ok


def _guarded(e, x) -> list:
    """Ball functions of e and of the arguments of its sin and cos (balls give sin and cos a range even
    where their argument is unbounded: e finite with no jump and these finite shows e continuous)."""
    return [compile_ball(e, x)] + [compile_ball(n.args[0], x) for n in sp.preorder_traversal(e)
                                   if isinstance(n, (sp.sin, sp.cos)) and n.args[0].has(x)]


def _worth(pts, vals, i) -> bool:
    """Split the piece [p_i, p_i+1] where u is not proven continuous?  When u is finite at one of its
    ends (a pole or a domain edge inside), or the piece is still wide (u may be defined inside)."""
    if vals[i].is_finite() or vals[i + 1].is_finite():
        return True
    return (pts[i + 1] - pts[i]) * 64 >= (pts[-1] - pts[0]) / 64 if abs(pts[-1] - pts[0]) < 2 ** 20 else False


def _sweeping(pts, vals, ok, Tb) -> Optional[tuple]:
    """(p, q) with u continuous on [p, q] and |u(q) − u(p)| ≥ T proven, from the pieces so far: of
    the first such pairs met from the left and from the right of each run of continuous pieces, the
    one nearest to 0 (moderate x: its points have tight enclosures)."""
    best = None
    i = 0
    while i < len(ok):
        if not ok[i]:
            i += 1
            continue
        j = i
        while j < len(ok) and ok[j]:
            j += 1
        for order in (range(i, j + 1), range(j, i - 1, -1)):     # points p_i … p_j, u continuous between them
            pair = _first_sweep(order, vals, Tb)
            if pair is not None:
                p, q = pts[min(pair)], pts[max(pair)]
                if best is None or max(abs(p), abs(q)) < max(abs(best[0]), abs(best[1])):
                    best = (p, q)
        i = j
    return best


def _first_sweep(order, vals, Tb) -> Optional[tuple]:
    """The first (argmin, argmax) of u over a prefix of ``order`` whose values differ by T."""
    lo = hi = None
    for k in order:
        v = vals[k]
        if lo is None or float(v.mid()) < float(vals[lo].mid()):
            lo = k
        if hi is None or float(v.mid()) > float(vals[hi].mid()):
            hi = k
        if (vals[hi] - vals[lo]) >= Tb:
            return lo, hi
    return None


def _ball(p: Fraction) -> arb:
    return arb(p.numerator) / p.denominator


def _value(fn, p: Fraction) -> arb:
    v, st = ball_state(fn, _ball(p))
    return v if v.is_finite() and st.discontinuity == 0 else arb("nan")


def _continuous(fns, p: Fraction, q: Fraction) -> bool:
    box = _ball(p).union(_ball(q))
    for fn in fns:
        v, st = ball_state(fn, box)
        if not v.is_finite() or st.discontinuity:
            return False
    return True


def _grid(I) -> list:
    """Points of the interval to start from (fractions): 63 across its bounded part, the closed
    ends, points approaching the open ends geometrically, and ±2^k out to an infinite end."""
    A, a_in = _inner(I.start, +1, I.left_open)
    B, b_in = _inner(I.end, -1, I.right_open)
    L = A if A is not None else (B - 1 if B is not None else Fraction(-1))
    R = B if B is not None else L + 2
    pts = {L + (R - L) * i / 64 for i in range(1, 64)}
    for E, inside, sign in ((A, a_in, 1), (B, b_in, -1)):
        if E is None:
            anchor = R if sign < 0 else L
            pts |= {anchor - sign * Fraction(2) ** k for k in range(0, 63)}
        elif inside:
            pts.add(E)
        else:
            pts |= {E + sign * (R - L) / Fraction(2) ** k for k in range(7, 61)}
    return sorted(pts)


def _inner(e, sign, open_) -> tuple:
    """(a rational end to work from, whether it belongs to the interval); (None, False) at ±∞.  An
    irrational end is replaced by a rational just inside (approached as an open end)."""
    if e.is_infinite:
        return None, False
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q)), not open_
    scale = 2 ** 40
    with _prec(128):
        E = to_arb(e)
        q = Fraction(int(sp.floor(e * scale)) + (1 if sign > 0 else 0), scale)
        while not ((_ball(q) > E) if sign > 0 else (_ball(q) < E)):
            q += Fraction(sign, scale)
    return q, False


def _isolated(D) -> list:
    """The isolated points of F's domain on the period (where F is defined at points only)."""
    try:
        return components(D)[1]
    except DomainError:
        return []


def _lift(run, sw: Sweep, E, alone=()) -> Optional[Extremum]:
    """f's extremum from F's on one period (E), or None when it is not decided that way.  ``alone``:
    the isolated points of F's domain, where f is defined at single points only — listed exactly or
    not at all (an enclosure of such a point would not say which of its points f is defined at)."""
    if E is None or not E.decided or E.value is None:
        return None
    if E.value.is_infinite or not E.attained:
        return Extremum(False, E.value, reason=E.reason)
    fams = families_of(run, sw.u, E, sw.T)
    if not fams:
        return None
    if not all(F.equation is not None for F in fams):
        return Extremum(True, E.value, (), families=tuple(fams))
    # families that are equations name no point: a few attaining points on [a, b] are listed
    exact_only = any(p.exact is not None and p.exact in alone for p in E.points)
    pts = _examples(run, sw, E, exact_only=exact_only)
    if exact_only and not pts:
        return None
    return Extremum(True, E.value, pts, families=tuple(fams))


def _examples(run, sw: Sweep, E, per_point: int = 2, exact_only: bool = False) -> tuple:
    """Points x of [a, b] with u(x) = p + kT for the points p attaining E: exact where u = h(w) with
    h periodic and w linear (the inverse function's branches, each checked by simplify), otherwise
    certified enclosures by bisection (u − t changes sign on [a, b], u continuous there)."""
    out = []
    try:
        ua = compile_ball(sw.u, run.x)
    except NotCompilable:
        return ()
    with _prec(128):
        A, B = to_arb(sw.a), to_arb(sw.b)
        va, vb = ua(A), ua(B)
        small_first = abs(float(va.mid())) <= abs(float(vb.mid()))
        lo, hi = (va, vb) if va < vb else (vb, va)
        Tb = to_arb(sw.T)
        reps: list = []
        for p in E.points:
            if p.exact is None or run.left() <= 0 or any(
                    sp.simplify((p.exact - q) / sw.T).is_integer for q in reps):
                continue            # (0 and T on [0, T]: the same points)
            reps.append(p.exact)
            mine = 0
            P = to_arb(p.exact)
            k0 = int(math.ceil(float(((lo - P) / Tb).upper()))) if small_first == (lo is va) else \
                int(math.floor(float(((hi - P) / Tb).lower())))
            step = 1 if small_first == (lo is va) else -1
            for k in range(k0, k0 + step * (4 * per_point), step):
                t = p.exact + k * sw.T
                tb = to_arb(t)
                if not (tb > lo and tb < hi):
                    continue
                pt = _exact_solution(run, sw, t) or (None if exact_only else _bisect(ua, sw.a, sw.b, tb))
                if pt is not None and pt not in out:
                    out.append(pt)
                    mine += 1
                if mine >= per_point:
                    break
    return tuple(out)


def _exact_solution(run, sw: Sweep, t) -> Optional[Num]:
    """x in (a, b) with u(x) = t exactly: a candidate (below) checked by simplify."""
    u, x = sw.u, run.x
    with _prec(128):
        A, B = to_arb(sw.a), to_arb(sw.b)
        for cand in _candidates(run, sw, t):
            try:
                cb = to_arb(cand)
            except (NotCompilable, ValueError, TypeError):
                continue
            if not (cb > A and cb < B):
                continue
            ok, d = budget.run(lambda: sp.simplify(u.subs(x, cand) - t), run.slice(0.05, 0.5))
            if ok and d == 0:
                return Num.of(cand)
    return None


def _candidates(run, sw: Sweep, t):
    """Candidates x for u(x) = t: for u = h(w), h periodic of the catalogue with an inverse and w
    linear in x, the branches h⁻¹(t) + jP, −h⁻¹(t) + jP, P/2 − h⁻¹(t) + jP near [a, b]; otherwise
    sympy's real solutions."""
    u, x = sw.u, run.x
    entry = by_head(u) if isinstance(u, sp.Function) else None
    w = u.args[0] if entry is not None and len(u.args) == 1 else None
    if entry is None or entry.period is None or not entry.inverse or not (
            w.is_polynomial(x) and sp.degree(w, x) == 1):
        ok, sols = budget.run(lambda: sp.solve(sp.Eq(u, t), x), run.slice(0.1, 0.5))
        sols = [c for c in (sols if ok and sols else []) if not c.has(sp.I)]
        yield from sols
        # (u periodic in x, tan x + 3: sympy gives the principal solution only; its shifts by u's period)
        P = period_of(u, x, run.slice(0.05, 0.3)) if sols and holds_periodic(u) else None
        for c in sols if P is not None else ():
            yield from _shifts(c, P, sw)
        return
    inv = by_key[entry.inverse].head
    c1, c0 = w.coeff(x, 1), w.subs(x, 0)
    P = entry.period
    for base in (inv(t), -inv(t), P / 2 - inv(t)):
        yield from _shifts((base - c0) / c1, P / abs(c1), sw)


def _shifts(c, P, sw):
    """c + jP for the integers j that bring it near [a, b] (at most 20)."""
    try:
        b0 = float(to_arb(c).mid())
    except (NotCompilable, ValueError, TypeError):
        return
    span = float(P)
    lo_j, hi_j = sorted(((float(sw.a) - b0) / span, (float(sw.b) - b0) / span))
    for j in range(int(math.floor(lo_j)) - 1, min(int(math.ceil(hi_j)) + 2, int(math.floor(lo_j)) + 20)):
        yield c + j * P


def _bisect(ua, a, b, tb) -> Optional[Num]:
    """A certified enclosure of a root of u − t on [a, b], where u(a) − t and u(b) − t have proven
    opposite signs (u continuous on [a, b]); None if the signs are not proven."""
    lo, hi = to_arb(a), to_arb(b)
    s_lo = ua(lo) - tb
    s_hi = ua(hi) - tb
    if not ((s_lo < 0 and s_hi > 0) or (s_lo > 0 and s_hi < 0)):
        return None
    neg_left = bool(s_lo < 0)
    for _ in range(200):
        m = (lo + hi) / 2
        m = arb(m.mid())
        v = ua(m) - tb
        if v < 0:
            lo, hi = (m, hi) if neg_left else (lo, m)
        elif v > 0:
            lo, hi = (lo, m) if neg_left else (m, hi)
        else:
            break
        if float(((hi - lo) / (abs(hi) + 1)).upper()) < 2.0 ** -100:
            break
    l, h = outward(lo.union(hi))
    # (floats far from 0 are coarse: a point whose float enclosure leaves u loose is not listed)
    spread = ua(arb(l).union(arb(h)))
    return Num.enclosure(l, h) if spread.is_finite() and spread.rad() < 1e-9 * (1 + abs(tb)).mid() else None


def with_sweep(result, sw: Sweep, x):
    """The finder's result completed by the sweep: an extremum the finder left undecided is the
    sweep's; one both decided, with values that are proven different, is not decided (one of the
    two proofs is wrong: said in a note, never a value)."""
    notes = list(result.notes)
    out = []
    for mine, theirs, word in ((result.maximum, sw.maximum, "maximum"), (result.minimum, sw.minimum, "minimum")):
        if mine is not None and mine.decided:
            if theirs is not None and _differ(mine.value, theirs.value):
                notes.append(f"the global {word} found by the stages ({mine.value}) and the one of the sweep of a "
                             f"whole period ({theirs.value}) differ: it is not decided")
                mine = mine.undecided()
            out.append(mine)
        else:
            out.append(theirs if theirs is not None else mine)
    if out[0] is result.maximum and out[1] is result.minimum and len(notes) == len(result.notes):
        return result
    status = result.status if all(e is not None and e.decided for e in out) else "partial"
    return replace(result, maximum=out[0], minimum=out[1], notes=tuple(notes) + (sw.note(x),), status=status)


def _differ(v, w) -> bool:
    """Are the values v and w (Nums: exact, ±∞ or certified enclosures) proven different?"""
    if v is None or w is None:
        return False
    if v.is_infinite or w.is_infinite:
        return v.exact != w.exact
    a, b = num_ball(v), num_ball(w)
    return a is not None and b is not None and not a.overlaps(b)
