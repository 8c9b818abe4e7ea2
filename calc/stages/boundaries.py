"""Domain boundaries with no closed form: √(csc x − 2x + 1) ends where csc x − 2x + 1 = 0.

The certified domain (certified_domain.py) isolates such a boundary r in a tiny box (a, b) but
cannot write it as a sympy number, so the domain it returns leaves (a, b) undecided.  Here the box
is settled: when exactly one condition target h changes sign in it (h monotone there, every other
target of one sign), f is defined on one side of r only, and interval arithmetic encloses f on
that side — on [a, r⁻] (inside the domain) by balls, on the tiny enclosure of r by the ball
compiler's ``ranges`` mode (each argument cut to its function's domain, sound at points of the
domain).  The box then either cannot hold a global extremum (f strictly inside (min, max)), or
holds it: when f at r itself is known exactly (h replaced by 0 in f: √h → 0) and bounds f on the
whole side, the extremum is f(r), attained at r; when f's values next to r lie strictly beyond
every other candidate, the extremum is enclosed and attained at a point of the tiny box.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head, native
from ..differentiate import differentiate
from ..numbers import Num
from ..printing import textbook
from ..results import Extremum
from .balls import NotCompilable, compile_ball, to_arb
from .conditions import _factors, _holds, _targets, _truth, conditions
from .context import SYMPY_ERRORS, outward
from .precision import precision


@dataclass
class Side:
    """f is defined on [a, r⟩ (``left``) or ⟨r, b] of the box, r the one zero of h in it."""

    a: sp.Rational
    b: sp.Rational
    h: sp.Expr
    left: bool
    closed: bool      # is f defined at r itself
    r: arb            # a tight enclosure of r
    equal: tuple = ()  # (lhs, rhs) of the domain relations that hold with equality at r


def side_of(f, x, a, b, extra=()) -> Optional[Side]:
    """The side of the box (a, b) where f is defined, when the box holds one simple boundary."""
    conds = list(dict.fromkeys(conditions(native(f), x) + list(extra)))
    ta, tb = _truth(conds, x, a, True), _truth(conds, x, b, True)
    if ta is None or tb is None or ta == tb:
        return None
    targets = list(dict.fromkeys(t for c in conds for t in _targets(c)))
    with precision(256):
        box = to_arb(a).union(to_arb(b))
        changing = []
        for t in targets:
            try:
                v = compile_ball(t, x)(box)
            except (NotCompilable, *SYMPY_ERRORS):
                return None
            if v.is_finite() and (v > 0 or v < 0):
                continue
            changing.append(t)
        if len(changing) != 1:
            return None
        h = changing[0]
        try:
            fh = compile_ball(h, x)
            dh = compile_ball(differentiate(h, x)[0], x)(box)
            lo, hi = fh(to_arb(a)), fh(to_arb(b))
        except (NotCompilable, *SYMPY_ERRORS):
            return None
        if not (dh.is_finite() and (dh > 0 or dh < 0) and ((lo < 0 and hi > 0) or (lo > 0 and hi < 0))):
            return None
        r = _refined(fh, to_arb(a), to_arb(b), lo > 0)
    with precision(128):
        box = to_arb(a).union(to_arb(b))
    got = _closed_at_root(conds, h, x, a if ta else b, box)
    return None if got is None else Side(a, b, h, bool(ta), got[0], r, tuple(got[1]))


def _refined(fh, lo: arb, hi: arb, positive_at_lo: bool, steps: int = 80) -> arb:
    """The one zero of h in [lo, hi] (sign change proven at the ends), enclosed by bisection."""
    for _ in range(steps):
        m = arb((lo + hi).mid()) / 2
        v = fh(m)
        if v > 0 or v < 0:
            if (v > 0) == positive_at_lo:
                lo = m
            else:
                hi = m
        else:
            break
    return lo.union(hi)


def _closed_at_root(conds, h, x, inside, box=None) -> Optional[tuple]:
    """(closed, equalities): do the conditions hold at r (h(r) = 0) — relations on h at the value 0,
    the others as at the point ``inside`` of the defined side (their signs do not change in the
    box) — and the relations lhs ~ rhs that hold with equality there (u ≤ 1 of arcsin u: u(r) = 1)?"""
    ok, equal = True, []
    for c in conds:
        reps = {}
        for rel in c.atoms(sp.core.relational.Relational):
            d = rel.lhs - rel.rhs
            if any(_proportional(t, h, box) for t in _factors(d, False)):
                # d = 0 at r — unless h divides: then d is not even defined at r
                below = any(_proportional(t, h, box) for t in _factors(sp.fraction(sp.together(d))[1], False))
                reps[rel] = False if below else _holds(rel.rel_op, 0)
                if not below:
                    equal.append((rel.lhs, rel.rhs))
            else:
                t = _truth([rel], x, inside, True)
                if t is None:
                    return None
                reps[rel] = t
        v = c.xreplace({k: sp.true if t else sp.false for k, t in reps.items()})
        if v not in (sp.true, sp.false):
            return None
        ok = ok and v == sp.true
    return ok, equal


def enclose(run, s: Side) -> Optional[tuple]:
    """(lo, hi, reached_hi, reached_lo): lo ≤ f ≤ hi on the defined side of the box, and
    sup f ≥ reached_hi, inf f ≤ reached_lo there; or None."""
    if run.f_arb is None or run.f_range is None:
        return None
    with precision(256):
        near, far = (s.r.lower(), to_arb(s.a)) if s.left else (s.r.upper(), to_arb(s.b))
        vals = []
        pieces = 16
        for i in range(pieces):
            # [far, r⁻] in pieces (each inside the domain), finer towards r
            t0, t1 = arb(1) - arb(2) ** (-i), arb(1) - arb(2) ** (-(i + 1))
            p, q = far + (near - far) * t0, far + (near - far) * (t1 if i < pieces - 1 else 1)
            vals.append(run.f_range(p.union(q)))      # (arguments cut to their domains: sound in D)
        vals.append(run.f_range(s.r))
        if not all(v.is_finite() for v in vals):
            return None
        lo, hi = min(v.lower() for v in vals), max(v.upper() for v in vals)
        floor, ceiling = _sign_bounds(native(run.f))
        # each piece holds a point of the side: inf f ≤ its upper bound, sup f ≥ its lower bound
        return (max(lo, to_arb(floor).lower()) if floor is not None else lo,
                min(hi, to_arb(ceiling).upper()) if ceiling is not None else hi,
                max(v.lower() for v in vals), min(v.upper() for v in vals))


def _sign_bounds(e) -> tuple:
    """(floor, ceiling) of e by its form: 0 below √u, u², |u|, e^u (0 above their negatives), the
    catalogue's range of its outer function (arcsin: [−π/2, π/2]); None where none is known.  (A ball
    centred on 0 hides that √u ≥ 0; one next to π/2 that arcsin u ≤ π/2.)"""
    def nonneg(u):
        if isinstance(u, (sp.Abs, sp.exp)):
            return True
        if u.is_Pow and u.exp.is_Rational and u.exp > 0 and (u.exp.p % 2 == 0 or u.exp.q % 2 == 0):
            return True
        return u.is_Mul and all(nonneg(k) or (k.is_number and k.is_positive) for k in u.args)
    if nonneg(e):
        return 0, None
    if e.is_Mul and nonneg(-e):
        return None, 0
    entry = by_head(e)
    if entry is None or entry.bounds is None:
        return None, None
    lo, hi = entry.bounds                       # the catalogue's range (arcsin: [−π/2, π/2])
    direction = entry.direction
    if direction and len(e.args) == 1:
        # a monotone outer function of an argument with bounds of its own: arctan(arcsin u) ≤ arctan(π/2)
        ulo, uhi = _sign_bounds(e.args[0])
        if direction < 0:
            ulo, uhi = uhi, ulo
        lo = e.func(ulo) if ulo is not None else lo
        hi = e.func(uhi) if uhi is not None else hi
    return lo, hi


def at_root(run, s: Side) -> Optional[sp.Expr]:
    """f(r) exactly, when putting the equalities that hold at r into f leaves a number (√g with
    g = 0, arcsin u with u = 1), else None."""
    if not s.closed or not s.equal:
        return None
    f = native(run.f)
    g = f.xreplace({lhs: rhs for lhs, rhs in s.equal if lhs.has(run.x) and not rhs.has(run.x)})
    if g.has(run.x) or g.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not g.is_number:
        return None
    return g


def _proportional(u, h, box=None) -> bool:
    """Is u = q·h with q a non-zero number — or, on the ball ``box``, q finite and of one sign (u = h/sign
    sec x) — so that u and h vanish together?"""
    for way in (lambda: sp.cancel(sp.together(u / h)), lambda: sp.simplify(u / h)):
        ok, q = budget.run(way, 0.5)
        if not ok or q is None or q.has(sp.Piecewise, sp.zoo, sp.nan):
            continue
        if q.is_number:
            return bool(q != 0 and q.is_finite)
        if box is None or len(q.free_symbols) != 1:
            continue
        try:
            with precision(128):
                v = compile_ball(q, next(iter(q.free_symbols)))(box)
        except (NotCompilable, *SYMPY_ERRORS):
            continue
        if v.is_finite() and (v > 0 or v < 0):
            return True
    return False


def settle(run, boxes: list, maximum, minimum, entries) -> tuple:
    """(maximum, minimum, settled boxes): the domain boxes decided by the module's rule."""
    settled = []
    for a, b in boxes[:40]:
        if not (a.is_finite and b.is_finite) or a == b:
            continue
        if time.monotonic() > run.end - 0.3:
            break                               # (what is left stays undecided: the budget is the budget)
        s = side_of(run.f, run.x, a, b, _extra(run))
        if s is None:
            continue
        got = enclose(run, s)
        if got is None:
            continue
        new = [_with_box(run, s, ext, sense, *got) for ext, sense in ((maximum, 1), (minimum, -1))]
        if any(n is None for n in new):
            continue
        maximum, minimum = new
        r = Num.enclosure(*outward(s.r))
        settled.append((a, b, f"the domain {'ends' if s.left else 'begins'} at r = {r.text(10)}, the root of "
                              f"{textbook(s.h)} = 0 in ({textbook(a)}, {textbook(b)}) (no closed form; r "
                              f"{'included' if s.closed else 'excluded'}): the domain above stops at "
                              f"{textbook(a if s.left else b)}, and interval arithmetic bounds f up to r"))
    return maximum, minimum, settled


def _extra(run):
    from .domain import written_conditions
    return tuple(written_conditions(run.written, run.f, run.x) or ())


def _with_box(run, s: Side, ext, sense, lo: arb, hi: arb, reached_hi: arb, reached_lo: arb) -> Optional[Extremum]:
    """The extremum with the box's side taken into account, or None when it is not decided."""
    if ext is None or not ext.decided or ext.value is None:
        return None
    v = ext.value
    if v.is_infinite:
        return ext if (v.exact == sp.oo) == (sense > 0) else None
    with precision(256):
        vb = to_arb(v.exact) if v.exact is not None else to_arb(v.lo).union(to_arb(v.hi))
        beyond = (lambda u: u > vb) if sense > 0 else (lambda u: u < vb)
        short = (hi < vb) if sense > 0 else (lo > vb)
        if short:
            return ext                       # f on the box stays strictly on the near side of the optimum
        fr = at_root(run, s)
        # f(r) bounds f on the side: by balls, or as the catalogue's own bound of f (arcsin u ≤ π/2)
        edge = _sign_bounds(native(run.f))[0 if sense < 0 else 1]
        if fr is not None and (((hi <= to_arb(fr)) if sense > 0 else (lo >= to_arb(fr)))
                               or (edge is not None and sp.simplify(edge - fr) == 0)):
            # f(r) is known exactly and bounds f on the side: the side's optimum is f(r), at r
            point = Num.enclosure(*outward(s.r))
            if beyond(to_arb(fr)):
                return Extremum(True, Num.of(fr), (point,))
            if v.exact is not None and sp.simplify(v.exact - fr) == 0 and ext.attained:
                pts = tuple(sorted(ext.points + (point,), key=lambda p: p.sort_key()))
                return Extremum(True, ext.value, pts, ext.intervals, ext.reason, ext.open_ends)
            return None
        if not s.closed or not beyond(reached_hi if sense > 0 else reached_lo):
            return None
        # f's values on the side go strictly beyond every other candidate: the optimum is there, attained
        # (f is continuous on the closed side, a compact interval) at a point of it, its value enclosed
        ends = (to_arb(s.a), s.r) if s.left else (s.r, to_arb(s.b))
        point = Num.enclosure(*outward(ends[0].union(ends[1])))
        value = Num.enclosure(*outward(reached_hi.union(hi) if sense > 0 else lo.union(reached_lo)))
        return Extremum(True, value, (point,), reason="attained at a point of the enclosure shown, next to the "
                                                      "domain's end r (its value enclosed by interval arithmetic)")
