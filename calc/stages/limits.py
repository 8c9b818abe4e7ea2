"""Stage: one-sided limits at open ends, excluded points, poles and infinite
ends, and the interval-arithmetic checks of the tails and undecided regions."""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..differentiate import differentiate
from ..catalogue import by_head, native
from ..printing import textbook
from .context import ops, pt_exact, value_ball
from .precision import precision as _prec
from .balls import NotCompilable, ball_state, to_arb
from .walk import log_powers
from .poles import _clamped, _eps, _side_box, _signed_infinity
from .intervals import interval_text
from .holes import hole_bound
from .limit_laws import limit_by_laws, signed_pole, sympy_limit
from .one_sided import bounds


def swings(run, end, side, defined=None) -> bool:
    """Does f swing to +∞ and to −∞ next to the end?  Proven when f = g·E(u)^n + h with E a bounded
    periodic function of the catalogue taking both signs (sin, cos: ±1 at points of every period;
    1/csc u and 1/sec u read as sin u and cos u, defined there), n odd, u → ±∞ and g → ±∞ there, and
    h/g → 0 (h = 0 for a product; sympy's limits, exact values; u continuous where f is defined next to
    the end, so it runs through whole periods): f = g·(±1 + h/g) at infinitely many points on each
    side of 0.  (sympy's own ⟨−∞, ∞⟩ is not trusted: it says oo·sign(⟨−1, 1⟩) for x sin(atan x + 1/x),
    which tends to +∞.)  ``defined(e)``: where the domain next to the end is not described, g, u and h
    must be proven defined there."""
    f, x = native(run.f), run.x

    def lim(e):
        ok, L = budget.run(lambda: sympy_limit(e, x, end, side), run.slice(0.05, 1.0))
        return L if ok else None
    for term in (f.args if f.is_Add else (f,)):
        if not term.is_Mul:
            continue
        h = f - term
        for k in term.args:
            E, n = (k.base, k.exp) if k.is_Pow and k.exp.is_Integer and k.exp.is_odd else (k, 1)
            if isinstance(E, (sp.csc, sp.sec)) and n < 0:
                E, n = (sp.sin if isinstance(E, sp.csc) else sp.cos)(E.args[0]), -n
            entry = by_head(E)
            if n < 0 or entry is None or entry.period is None or entry.bounds is None or len(E.args) != 1:
                continue
            lo, hi = entry.bounds
            if not (sp.sign(lo) < 0 < sp.sign(hi)):
                continue
            u, g = E.args[0], term / k
            if u.has(sp.floor, sp.ceiling, sp.sign, sp.frac, sp.Heaviside, sp.Piecewise):
                continue            # (u must be continuous to run through whole periods)
            if defined is not None and not (defined(u) and defined(g) and (h == 0 or defined(h))):
                continue
            if all(lim(e) in (sp.oo, -sp.oo) for e in (u, g)) and (h == 0 or lim(h / g) == 0):
                return True
    return False


def limit(run, end, side, f=None, quiet: bool = False, unbounded: bool = False, room=None) -> Optional[sp.Expr]:
    """lim f(x) as x → end from ``side`` ("+" or "-"), under a time budget; None
    (with a note) when sympy cannot tell, or f oscillates, or the limit is zoo.

    ``f`` defaults to the run's function (another expression in run.x: a difference
    quotient, for one-sided derivatives); ``quiet`` adds no note and leaves the run's
    status alone (the caller has an answer without the limit); with ``unbounded``, f
    oscillating with values unbounded both ways gives AccumBounds(−∞, ∞).  ``room``: a length such
    that f is defined on the open one-sided neighbourhood of that length (the end's component of the
    domain)."""
    own = f is None     # the run's function (by_balls and the signed poles work on run.f)
    f0 = run.f if own else f
    f = f0.rewrite(sp.Piecewise) if f0.has(sp.Max, sp.Min) else f0
    x = run.x

    def report(msg, undecided=False):
        if not quiet:
            run.undecided_extrema = run.undecided_extrema or undecided
            run.partial(msg)

    def lim():
        for g in dict.fromkeys((f, log_powers(f))):      # (sympy fails on tan(2^(log₃ x)) at 0⁺, not on x^(ln 2/ln 3))
            try:
                return sympy_limit(g, x, end, side)
            except (NotImplementedError, TypeError, ValueError, AttributeError, ZeroDivisionError):
                continue
        return None
    if end.is_finite and own:
        # first the proof by balls (milliseconds, where sympy may spend seconds and fail)
        L = by_balls(run, end, side, room) or signed_pole(run, end, side, room)
        if L is not None:
            return L
    ok, L = budget.run(lim, run.slice(0.15, 3.0))
    if own and (not ok or L is None or isinstance(L, sp.Limit) or L.has(sp.nan, sp.AccumBounds)):
        M = limit_by_laws(run, end, side, room)       # (the limit laws, where sympy's limit of the whole fails)
        if M is not None:
            ok, L = True, M
    if not ok or L is None or isinstance(L, sp.Limit) or L.has(sp.nan):
        report(f"the limit of f as {x.name} → {textbook(end)}{side if end.is_finite else ''} could not be computed")
        return None
    if L not in (sp.oo, -sp.oo, sp.zoo) and not L.has(sp.AccumBounds) and L.has(sp.oo, -sp.oo, sp.zoo):
        # an infinity sympy writes with a factor it cannot sign (∞·I·sign(ln(√5/3 − 2I/3)), from the
        # complex form of arcsin): |f| → ∞, its sign decided below by a proof, or left undecided
        L = sp.zoo
    if L.is_number and L not in (sp.oo, -sp.oo, sp.zoo) and not _finite_ball(L):
        # sympy's "limit" is undefined in disguise: tan(u) with u = 5π/2 unrecognised, or 1/(r⁵ − r − 1)
        # at the root r = CRootOf(x⁵ − x − 1, 0) of the denominator (a pole: |f| → ∞)
        L = sp.zoo
    elif L.is_number and L not in (sp.oo, -sp.oo, sp.zoo) and (L.is_extended_real is False or _not_real(L)):
        # sympy's limit of the complex continuation: f is not real-valued next to that end
        report(f"f is not real-valued as {x.name} → {textbook(end)}{side if end.is_finite else ''} (the limit "
               f"sympy finds is {L}); the supremum and infimum near there are not decided", True)
        return None
    if L == sp.zoo:
        # |f| → ∞ but sympy cannot say with which sign: decide it, or say it is undecided
        L = _signed_infinity(run, f0, end, side, room) if end.is_finite else None
        if L is None:
            report(f"|f| → ∞ as {x.name} → {textbook(end)}{side if end.is_finite else ''}, with a sign calc could "
                   f"not decide", True)
            return None
        return L
    if unbounded and L.has(sp.AccumBounds) and swings(run, end, side):
        run.notes.append(f"f oscillates as {x.name} → {textbook(end)}{side if end.is_finite else ''} with values "
                         f"unbounded above and below (f = g·E(u) + h, E periodic taking both signs, u and |g| → ∞, "
                         f"h/g → 0): sup f = ∞ and inf f = −∞")
        return sp.AccumBounds(-sp.oo, sp.oo)
    if L.has(sp.AccumBounds) and end.is_finite:
        if quiet:
            return None
        # decided later from a bound of f near the end (see check_oscillation); sympy's value may be an
        # expression in AccumBounds (g(p) + c·⟨−1, 1⟩: x sin(1/x) + 1 at 0)
        run.oscillating.append((end, side))
        fill = f"filling {interval_text(sp.Interval(L.min, L.max))}" if isinstance(L, sp.AccumBounds) else "changing"
        run.notes.append(f"f oscillates as {x.name} → {textbook(end)}{side} (it has no limit; its values keep {fill})")
        return None
    if isinstance(L, sp.AccumBounds) or not L.is_number:
        fill = (f"its values keep filling {interval_text(sp.Interval(L.min, L.max))}"
                if isinstance(L, sp.AccumBounds) else "its values keep changing")
        report(f"f oscillates as {x.name} → {textbook(end)}{side if end.is_finite else ''} (no limit; {fill}); "
               f"the supremum and infimum near there are not decided", True)
        return None
    return L


def by_balls(run, p, side, room=None) -> Optional[sp.Expr]:
    """The one-sided limit at a finite point p where sympy cannot tell, proven with balls:
    f finite on the closed box [p, p + ε] (or [p − ε, p]) with no jump is continuous there, so the
    limit is the exact value f(p); 1/f continuous there and exactly 0 at p means |f| → ∞, signed by
    :func:`_signed_infinity`.  None when neither is proven.  (The balls enclose f with each argument
    cut to its function's domain — equal to f next to p, and continuous up to p: at an end of the
    domain, √(1 − u²) → 0 as u → 1 although rounding puts u past 1.)"""
    x = run.x
    # cut to the domains only next to an end of the domain's component (``room``): elsewhere the cut
    # could invent a limit on a side where f is not defined at all (√(−x) as x → 0+)
    cut = (lambda e: _clamped(e, x)) if room is not None else run.compile
    fa = cut(run.f)
    with _prec(128):
        box = _side_box(to_arb(p), _eps(room), side)
        if fa is not None:
            v, st = ball_state(fa, box)
            if v.is_finite() and st.discontinuity == 0:
                ok, val = budget.run(lambda: _value_at(run.f, x, p), run.slice(0.05, 1.0))
                if ok and val is not None and val.is_number and not val.has(sp.zoo, sp.nan, sp.oo, -sp.oo) \
                        and val.is_extended_real is not False and _overlaps(val, v):
                    return val
    ok, r = budget.run(lambda: sp.together(1 / run.f), run.slice(0.05, 1.0))
    if not ok or r is None:
        return None
    ra = cut(r)
    if ra is None:
        return None
    with _prec(128):
        w, st = ball_state(ra, box)
    if not (w.is_finite() and st.discontinuity == 0):
        return None
    ok, r0 = budget.run(lambda: sp.simplify(r.subs(x, p)), run.slice(0.05, 1.0))
    if ok and r0 == 0:
        return _signed_infinity(run, run.f, p, side, room)
    return None


def _value_at(f, x, p):
    """f(p), exactly, in the shorter of its plain and simplified forms."""
    v = f.subs(x, p)
    w = sp.simplify(v)
    return w if ops(w) < ops(v) else v


def _overlaps(val, v: arb) -> bool:
    try:
        with _prec(128):
            return to_arb(val).overlaps(v)
    except (NotCompilable, ValueError, TypeError, ZeroDivisionError):
        return False


def _not_real(L) -> bool:
    """Is the number L (finite, as sympy wrote it) not real — its imaginary part clearly not 0 at
    30 digits?  (Only ever used to refuse a value: then f is not real next to that end.)"""
    if L.is_infinite or L.has(sp.zoo, sp.oo, -sp.oo):
        return False
    try:
        re, im = sp.N(L, 30).as_real_imag()
        return bool(im.is_number and abs(im) > 1e-12 * (1 + abs(re)))
    except (TypeError, ValueError, ArithmeticError):
        return False


def _finite_ball(L) -> bool:
    try:
        with _prec(128):
            return to_arb(L).is_finite()
    except (NotCompilable, ValueError, TypeError, ZeroDivisionError):
        return True     # not a number balls can enclose (oo, a symbolic form): leave it to sympy's answer


def _strictly(bound: arb, value, sign) -> bool:
    """Is the ball bound strictly below (sign +1) / above (sign −1) the supremum / infimum value,
    compared in ball arithmetic (floats underflow: e^(−2^70) is not 0)?"""
    if value.is_infinite:
        return True
    try:
        with _prec(128):
            v = to_arb(value.exact) if value.exact is not None else arb(value.float)
    except (NotCompilable, ValueError, TypeError):
        return False
    return bool(bound < v) if sign > 0 else bool(bound > v)


def check_region(run, lo, hi, maximum, minimum, entries, holes=()):
    """A box where f′'s roots were not isolated cannot hold the global extremum if
    an interval-arithmetic bound of f on it lies strictly inside (min, max) — next to one of the
    exact points ``holes`` (where f is not defined: 0/0 there), by :func:`holes.hole_bound` — or if
    f′ has no zero there (next to a hole, by the same bound of f′)."""
    if _unbounded_both_ways(maximum, minimum):
        return      # sup = +∞ and inf = −∞ already: nothing in the region can change them
    where = f"[{float(lo.mid()):.6g}, {float(hi.mid()):.6g}]"
    inside = strictly_inside(run, lo, hi, maximum, minimum, entries)
    if not inside:
        with _prec(128):
            near = [q for q in holes if to_arb(q).overlaps(lo.union(hi))]
        v = hole_bound(run, near[0], lo, hi) if len(near) == 1 else None
        inside = value_inside(run, v, maximum, minimum, entries) if v is not None else inside
        d = hole_bound(run, near[0], lo, hi, differentiate(run.f, run.x)[0]) if len(near) == 1 and not inside \
            else None
        if d is not None and (d > 0 or d < 0):
            run.notes.append(f"the roots of f′ in {where} were not isolated, but f′ has no zero there (next to "
                             f"{run.x.name} = {textbook(near[0])}, by Cauchy's mean value theorem on f′ = N/D "
                             f"with N = D = 0 there)")
            return
    if inside is None:
        run.undecided_extrema = True
        run.partial(f"the roots of f′ in {where} could not be isolated and f could not be bounded there")
    elif inside:
        run.notes.append(f"the roots of f′ in {where} were not isolated, but interval arithmetic bounds f "
                          f"there strictly between the minimum and the maximum")
    else:
        run.undecided_extrema = True
        run.partial(f"the roots of f′ in {where} could not be isolated (infinitely many?) and f reaches "
                     f"the extreme values there; give a smaller interval")


def _unbounded_both_ways(maximum, minimum) -> bool:
    return all(e is not None and e.value is not None and e.value.exact == v for e, v in ((maximum, sp.oo),
                                                                                       (minimum, -sp.oo)))


def check_doubtful(run, lo, hi, maximum, minimum, entries):
    """A tiny box kept as a candidate (whether f′ has a root there is not certified) cannot change
    the global extrema if an interval-arithmetic bound of f on it lies strictly inside (min, max)."""
    what = (f"could not certify whether f′ has a root in [{float(lo.mid()):.17g}, {float(hi.mid()):.17g}] "
            f"(a multiple root?); it is kept as a candidate")
    if strictly_inside(run, lo, hi, maximum, minimum, entries):
        run.notes.append(what + ", and interval arithmetic bounds f there strictly between the minimum and "
                                "the maximum")
    else:
        run.partial(what)


def strictly_inside(run, lo: arb, hi: arb, maximum, minimum, entries, fa=None) -> Optional[bool]:
    """Does an interval-arithmetic bound of f (or of ``fa``, a ball function equal to f wherever f is
    defined) on [lo, hi] lie strictly inside (min, max)?  None when f cannot be bounded there."""
    v = None
    fa = fa or run.f_arb
    if fa is not None:
        with _prec(128):
            v = bound_on(fa, lo, hi)
    inside = value_inside(run, v, maximum, minimum, entries) if v is not None and v.is_finite() else None
    if not inside and maximum is not None and minimum is not None and \
            _inside_one_sided(run, lo, hi, maximum, minimum, entries):
        return True
    return inside


def _inside_one_sided(run, lo: arb, hi: arb, maximum, minimum, entries) -> bool:
    """f has no ball on [lo, hi] (next to a pole), but one-sided bounds (calc.stages.one_sided) keep it
    above the minimum, and below the maximum — or the supremum is +∞ already (not attained)."""
    with _prec(128):
        low, high = bounds(run.f, run.x, lo, hi)
    return _side(run, high, maximum, entries, +1) and _side(run, low, minimum, entries, -1)


def value_inside(run, v: Optional[arb], maximum, minimum, entries) -> Optional[bool]:
    """Does the enclosure v lie strictly inside (min, max)?  None when there is no v or extremum."""
    if v is None or maximum is None or minimum is None:
        return None
    return _side(run, v.upper(), maximum, entries, +1) and _side(run, v.lower(), minimum, entries, -1)


def _side(run, bound: Optional[arb], ext, entries, sign) -> bool:
    """Is the bound (None: none on that side) strictly below the maximum (sign +1) / above the minimum
    (−1) — an infinite supremum / infimum that is not attained being beyond every bound?"""
    if ext.value is None:
        return False
    if not ext.attained and ext.value.is_infinite:
        return True
    if bound is None:
        return False
    return _below(run, bound, ext, entries, sign) if ext.attained else _strictly(bound, ext.value, sign)


def _below(run, bound, ext, entries, sign) -> bool:
    b = value_ball(ext.value)
    if b is None:
        return False
    return bool(bound < b) if sign > 0 else bool(bound > b)


def bound_on(fa, lo: arb, hi: arb, pieces: int = 64) -> Optional[arb]:
    """An enclosure of f on [lo, hi]; a piece touching a point where f is not defined
    (an open end, a pole, a hole) is approached geometrically, the last 2^-40 of it
    being covered by the one-sided limit computed for that point."""
    ends = bounds_on(fa, lo, hi, pieces)
    return None if ends is None else ends[0].union(ends[1])


def bounds_on(fa, lo: arb, hi: arb, pieces: int = 64) -> Optional[tuple]:
    """(lower, upper): exact points bounding f on [lo, hi] as :func:`bound_on` does, without the
    rounding of a ball union (so a bound such as sin ≤ 1 stays exactly 1)."""
    low = high = None

    def take(w):
        nonlocal low, high
        a, b = w.lower(), w.upper()
        low = a if low is None or a < low else low
        high = b if high is None or b > high else high

    for k in range(pieces):
        a = lo + (hi - lo) * k / pieces
        b = lo + (hi - lo) * (k + 1) / pieces
        w = fa(a.union(b))
        if w.is_finite():
            take(w)
            continue
        if k not in (0, pieces - 1):
            return None
        anchor, other = (a, b) if k == 0 else (b, a)
        for j in range(40):
            p = anchor + (other - anchor) / 2 ** j
            q = anchor + (other - anchor) / 2 ** (j + 1)
            u = fa(p.union(q))
            if not u.is_finite():
                return None
            take(u)
    return low, high


def end_limits(run, C, jumps, cands: list, limits: list) -> None:
    """The ends of the component C: a closed end is a candidate; at an open end, an
    excluded point or an infinite end, and on both sides of each jump, the
    one-sided limit (appended to ``limits`` as (point, side, value, reason))."""
    I = run.I
    marks = sorted({C.start, C.end, *jumps}, key=lambda q: float(q) if q.is_finite else (1e308 if q > 0 else -1e308))

    def room(q, side):      # f is defined on the open piece of C from q to the next mark on that side
        i = marks.index(q)
        other = marks[i + 1] if side == "+" else marks[i - 1]
        return abs(other - q)

    def add(end, side, reason):
        L = limit(run, end, side, unbounded=True, room=room(end, side) if end.is_finite else None)
        if isinstance(L, sp.AccumBounds):      # unbounded both ways: the sup is ∞, the inf −∞
            limits.extend([(end, side, sp.oo, "oscillation"), (end, side, -sp.oo, "oscillation")])
        else:
            limits.append((end, side, L, reason))
    for end, side, open_ in ((C.start, "+", C.left_open), (C.end, "-", C.right_open)):
        if end.is_infinite:
            add(end, side, "infinite end")
        elif open_:
            reason = "open end" if (end == I.start and I.left_open and side == "+") or \
                (end == I.end and I.right_open and side == "-") else "excluded point"
            add(end, side, reason)
        else:
            cands.append((pt_exact(end), "endpoint", ""))
    for j in jumps:
        for side in "+-":
            limits.append((j, side, limit(run, j, side, room=room(j, side)), "jump"))
