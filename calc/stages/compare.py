"""Stage: the values of the candidates and their comparison (exact where sympy
decides, otherwise certified enclosures), ties, plateaus, the global maximum and
minimum or the supremum/infimum that is not attained."""
from __future__ import annotations

import math
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..numbers import Num
from ..results import Extremum
from .balls import NotCompilable, to_arb
from .context import Pt, Undefined, is_poly, outward, pt_exact
from .critical import in_closure
from .precision import precision as _prec
from .symmetry import tie_1d


def value_at(run, p: Pt) -> tuple[Num, arb]:
    f, x = run.f, run.x
    if p.exact is not None:
        ok, raw = budget.run(lambda: f.subs(x, p.exact), run.slice(0.1, 1.0))
        ok2, real = budget.run(lambda: not raw.has(sp.nan, sp.zoo) and raw.is_real is not False,
                               run.slice(0.1, 1.0)) if ok and raw is not None else (False, None)
        if not ok2:
            # sympy cannot substitute or classify in time (x^x at a rational with a 2^50 denominator;
            # an evalf dividing by 0): the value is the ball's
            with _prec(256):
                b = _eval_ball(run, p)
            lo, hi = outward(b)
            return Num(None, lo, hi, run.f_arb is not None, float(b.mid())), b
        ok, v = budget.run(lambda: sp.nsimplify(sp.simplify(raw)) if raw.is_Rational else sp.simplify(raw),
                           run.slice(0.1, 1.0))
        if not ok or v is None:
            v = raw
        ok, real = budget.run(lambda: not v.has(sp.nan, sp.zoo) and v.is_real is not False, run.slice(0.1, 1.0))
        if ok and not real:
            raise Undefined()
        if v.has(sp.RootOf) or sp.count_ops(v) > 60:
            with _prec(256):
                b = _eval_ball(run, p)
            lo, hi = outward(b)
            return Num(v if sp.count_ops(v) <= 200 else None, lo, hi, True, float(b.mid())), b
        with _prec(256):
            try:
                b = to_arb(v)
            except NotCompilable:
                b = _eval_ball(run, p)
        return Num.of(v), b
    with _prec(256):
        b = _eval_ball(run, p)
    lo, hi = outward(b)
    return Num(None, lo, hi, p.certified, float(b.mid())), b


def _eval_ball(run, p: Pt) -> arb:
    if run.f_arb is None:
        v = sp.N(run.f.subs(run.x, sp.Float(p.key, 30)), 30)
        return arb(str(v))
    b = run.f_arb(p.ball)
    if not b.is_finite():
        raise Undefined()
    return b


def extremum(run, entries, lims, plat, sign) -> Optional[Extremum]:
    # infinite limits dominate
    inf = [l for l in lims if l[2].is_infinite and (l[2] == sp.oo) == (sign > 0)]
    if inf:
        l = inf[0]
        return Extremum(False, Num.of(l[2]), (), (), l[3])
    pool = [(b, v, ("pt", p)) for p, kind, detail, v, b in entries]
    pool += [(b, Num.of(L), ("lim", reason)) for end, side, L, reason, b in lims if b is not None]
    pool += [(b, v, ("plat", P)) for P, v, b in plat]
    if not pool:
        return None
    key = (lambda t: float(t[0].mid())) if sign > 0 else (lambda t: -float(t[0].mid()))
    pool.sort(key=key, reverse=True)
    top = pool[0]
    for t in pool[1:]:
        # values that floats cannot tell apart (ln(3 + e^-64) and ln(3 + e^-125)): ordered by their balls
        if key(t) < key(top):
            break
        if not t[0].overlaps(top[0]) and ((t[0] > top[0]) if sign > 0 else (t[0] < top[0])):
            top = t
    run.unproven_tie = False
    ties = [t for t in pool if _equal(run, t, top)]
    unproven = run.unproven_tie      # (values equal to every digit the balls give, equality not proven)
    attained_pts = [t for t in ties if t[2][0] == "pt"]
    plats = [t for t in ties if t[2][0] == "plat"]
    if attained_pts or plats:
        pts = []
        intervals = []
        openness = []
        for t in plats:
            P = t[2][1]
            intervals.append((Num.of(P.start), Num.of(P.end)))
            ends = []
            for e in (P.start, P.end):
                ends.append(not any(u[2][1].exact == e for u in attained_pts if u[2][1].exact is not None))
            openness.append(tuple(ends))
        for t in attained_pts:
            p = t[2][1]
            if any(in_closure(P, p) for P, _, _ in plat) and any(_equal(run, t, u) for u in plats):
                continue
            pts.append(p)
        pts.sort(key=lambda p: p.key)
        best = attained_pts[0] if attained_pts else plats[0]
        value = best[1]
        exact_vals = [t[1] for t in attained_pts if t[1].exact is not None]
        if value.exact is None and exact_vals:
            value = exact_vals[0]
        spans = _joined(sorted(zip(intervals, openness), key=lambda s: s[0][0].sort_key()))
        why = ("the values at these points agree to every digit computed; that each of them attains it is "
               "not proven" if unproven and len(pts) + len(spans) > 1 else None)
        return Extremum(True, value, tuple(p.num() for p in pts), tuple(s[0] for s in spans), why,
                        tuple(s[1] for s in spans))
    lim = ties[0]
    return Extremum(False, lim[1], (), (), lim[2][1])


def _joined(spans) -> list:
    """Attaining intervals in order, two that meet at an attained point joined into one
    ((7π/6, 3π/2] and [3π/2, 11π/6) are (7π/6, 11π/6))."""
    out = []
    for (a, b), (lo, hi) in spans:
        if out:
            (pa, pb), (plo, phi) = out[-1]
            if pb.exact is not None and pb.exact == a.exact and not (phi and lo):
                out[-1] = ((pa, b), (plo, hi))
                continue
        out.append(((a, b), (lo, hi)))
    return out


def exact_zero(e, ball, run, bits: int, cap: float = 1.0) -> Optional[bool]:
    """Is the number e exactly 0?  True / False when proven, None when only numerically zero.

    ``ball(e, bits)`` encloses a number (None when it cannot), ``run(fn, seconds)`` is a budgeted
    call returning (finished, value).  Proofs: balls excluding 0; for one CRootOf, the remainder
    modulo its polynomial; sympy's simplify/equals (never on CRootOf: too slow)."""
    e = sp.sympify(e, strict=True)
    if e == 0:
        return True
    if e.free_symbols:
        ok, r = run(lambda: sp.simplify(e), cap)
        return True if ok and r == 0 else None
    b = ball(e)
    if b is not None and not b.contains(0):
        return False
    roots = list(e.atoms(sp.CRootOf))
    if len(roots) == 1:
        r = roots[0]
        t = sp.Dummy("t")
        num = sp.fraction(sp.together(e.xreplace({r: t})))[0]
        if is_poly(num, [t]):
            ok, rem = run(lambda: sp.rem(sp.Poly(num, t), sp.Poly(r.poly.as_expr().xreplace(
                {r.poly.gen: t}), t)), cap)
            if ok and rem is not None:
                if rem.is_zero:
                    return True
                if rem.free_symbols <= {t} and rem.domain.is_QQ or rem.domain.is_ZZ:
                    return False
    if b is not None:
        b2 = ball(e, bits * 3)
        if b2 is not None and not b2.contains(0):
            return False
    if roots:
        return None     # sympy's simplify/equals are very slow on CRootOf expressions
    ok, r = run(lambda: sp.simplify(e), cap)
    if ok and r is not None:
        if r == 0:
            return True
        rb = ball(r)
        if rb is not None and not rb.contains(0):
            return False
    ok, r = run(lambda: e.equals(0), cap)
    if ok and r is True:
        return True
    return None


def compare_values(a: arb, ea, b: arb, eb, is_zero, fine=None) -> str:
    """Order two candidate values: 'lt' / 'gt' (balls disjoint, or finer balls ``fine(e)`` of the
    exact forms disjoint), 'eq' (exact forms proven equal), 'ne' (proven different, not yet
    ordered), '~' (equal to the balls' precision, not proven)."""
    if not a.overlaps(b):
        return "lt" if a < b else "gt"
    if ea is not None and eb is not None:
        if ea == eb:
            return "eq"
        if fine is not None:
            fa, fb = fine(ea), fine(eb)
            if fa is not None and fb is not None and not fa.overlaps(fb):
                return "lt" if fa < fb else "gt"
        z = is_zero(ea - eb)
        if z is True:
            return "eq"
        if z is False:
            return "ne"
    return "~"


def _ball_of(e, bits: int = 256):
    try:
        with _prec(bits):
            return to_arb(e)
    except (NotCompilable, ValueError, TypeError):
        return None


def _zero_test(run):
    """``is_zero`` for :func:`compare_values` within the run's budget."""
    return lambda d: exact_zero(d, _ball_of, lambda fn, cap: budget.run(fn, run.slice(0.05, cap)), 256)


def _equal(run, s, t) -> bool:
    """Are two candidate values (ball, Num, …) equal?  Proven equal or different when the
    exact forms or balls decide; otherwise equal to the balls' 256-bit precision, said in a note."""
    if s is t:
        return True
    r = compare_values(s[0], s[1].exact, t[0], t[1].exact, _zero_test(run))
    if r in ("lt", "gt", "ne"):
        return False
    if r == "~":
        rad = max(float(s[0].rad()), float(t[0].rad()), 1e-300)
        if rad > 1e-12:
            # wide overlapping enclosures (f at a point known only as a ball): neither equal nor ordered
            run.undecided_extrema = True
            run.partial("some candidate values could not be compared (their enclosures overlap)")
            return False
        if s[2][0] == t[2][0] == "pt" and _symmetric(run, s[2][1], t[2][1]):
            return True
        run.unproven_tie = True
        note = (f"some candidate values agree to {min(70, int(-math.log10(rad)))} digits and are treated "
                f"as equal (not proven)")
        if note not in run.notes:
            run.notes.append(note)
    return True


def _symmetric(run, p, q) -> bool:
    """Is f(p) = f(q) proven by a symmetry of f and the interval carrying p to q?  (Said in a note.)"""
    def period():
        if "period" not in run.__dict__:
            from .periods import period_of
            run.period = period_of(run.f, run.x, run.slice(0.1, 1.0))
        return run.period
    if not (p.certified and q.certified):
        return False

    def unique(J) -> bool:          # f″ of one sign on J: f′ has at most one zero there
        if "f2_arb" not in run.__dict__:
            from ..differentiate import differentiate
            run.f2_arb = run.compile(differentiate(differentiate(run.f, run.x)[0], run.x)[0])
        if run.f2_arb is None:
            return False
        with _prec(256):
            v = run.f2_arb(J)
        return v.is_finite() and (v > 0 or v < 0)
    label = tie_1d(run.f, run.x, run.I, p.ball, q.ball, period, _ball_of,
                   lambda d: exact_zero(d, _ball_of, lambda fn, cap: budget.run(fn, run.slice(0.05, cap)), 256),
                   unique)
    if label is not None:
        note = f"ties proven by the symmetry {label} of f and the interval"
        if note not in run.notes:
            run.notes.append(note)
    return label is not None


def candidate_values(run, cands, stationary: list, nondiff: list) -> list:
    """One candidate per point with its value: [(pt, kind, detail, Num, arb)] in
    order along the line.  An exact form beats an enclosure, an endpoint or a kink
    beats a stationary point found at the same place; ``stationary`` and
    ``nondiff`` are pruned to the points kept; points where f is undefined drop out."""
    rank = {"endpoint": 0, "nondifferentiable": 1, "stationary": 2}
    order = sorted(cands, key=lambda c: (c[0].exact is None, rank.get(c[1], 3)))
    kept = []
    for p, kind, detail in order:
        if any(p.ball.overlaps(q.ball) or (p.exact is not None and p.exact == q.exact) for q, _, _ in kept):
            continue
        kept.append((p, kind, detail))
    kept_ids = {id(p) for p, _, _ in kept}
    stationary[:] = [p for p in stationary if id(p) in kept_ids]
    nondiff[:] = [p for p in nondiff if id(p) in kept_ids]
    entries = []
    for p, kind, detail in sorted(kept, key=lambda c: c[0].key):
        try:
            v, b = value_at(run, p)
        except Undefined:
            continue
        entries.append((p, kind, detail, v, b))
    return entries


def limit_values(limits) -> list:
    """[(end, side, L, reason, arb or None)] for the limits that exist; an infinite
    limit at an open end or excluded point is a pole."""
    out = []
    for end, side, L, reason in limits:
        if L is None:
            continue
        if L.is_infinite:
            pole = reason in ("excluded point", "open end") and not end.is_infinite
            out.append((end, side, L, "pole" if pole else reason, None))
        else:
            with _prec(256):
                try:
                    b = to_arb(L)
                except NotCompilable:
                    b = arb(str(sp.N(L, 30)))
            out.append((end, side, L, reason, b))
    return out


def _snap(v, exact_pts):
    """A plateau end found numerically, replaced by a nearby exact candidate (a kink)."""
    if not (v.is_Float or (v.is_Rational and v.q > 10**6)) or not exact_pts:
        return v
    q = min(exact_pts, key=lambda q: abs(float(q) - float(v)))
    return q if abs(float(q) - float(v)) < 1e-9 else v


def inner_point(P: sp.Interval) -> sp.Expr:
    """A point inside an interval of positive length, which may be unbounded."""
    if P.start.is_finite and P.end.is_finite:
        return (P.start + P.end) / 2
    if P.start.is_finite or P.end.is_finite:
        return P.start + 1 if P.start.is_finite else P.end - 1
    return sp.S.Zero


def plateau_values(run, plateaus, entries) -> list:
    """[(interval, Num, arb)]: each plateau with its value; ends found numerically
    are snapped to a nearby exact candidate when there is one."""
    exact_pts = [p.exact for p, _, _, _, _ in entries if p.exact is not None]
    out = []
    for P in plateaus:
        a, b = _snap(P.start, exact_pts), _snap(P.end, exact_pts)
        if a != P.start or b != P.end:
            P = sp.Interval(a, b, P.left_open, P.right_open)
        if P.measure == 0:
            continue
        try:
            v, b = value_at(run, pt_exact(inner_point(P)))
        except Undefined:
            continue
        out.append((P, v, b))
    return out


def stationary_intervals(run, plat, entries) -> list:
    """The intervals where f′ = 0 at every point: each plateau, with an end e included when f is
    differentiable there from the plateau's side (then f′(e) = 0, one-sided at an end of the
    domain): e is a candidate that is no kink or jump, and f(e) is proven equal to the plateau's value."""
    out = []
    for P, v, b in plat:
        opens = []
        for e in (P.start, P.end):
            at = [t for t in entries if t[0].exact is not None and t[0].exact == e] if e.is_finite else []
            same = bool(at) and at[0][1] != "nondifferentiable" and compare_values(
                b, v.exact, at[0][4], at[0][3].exact, _zero_test(run)) == "eq"
            opens.append(not same)
        out.append(sp.Interval(P.start, P.end, *opens))
    return out
