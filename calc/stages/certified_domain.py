"""Stage: the natural domain of f on a bounded interval, certified.

Every node of f says where it is defined — the catalogue's ``domain`` of each
function (log u: u > 0; arcsin u: −1 ≤ u ≤ 1; tan u: cos u ≠ 0 ...), and the
powers (u^(−n): u ≠ 0; u^(p/q), q even: u ≥ 0; u^v: u > 0).  The truth of each
condition can change only at a zero of the expression it compares with 0: the
*boundary points*.  They are found as the certified roots of those expressions
on the interval (:func:`calc.stages.roots.isolate_roots`, each enclosure proven
to hold exactly one root), and given their exact form from sympy's solveset
(which proposes: the count must match the certified one) or from a simple
closed form checked exactly.  Between two boundary points no condition changes:
one ball evaluation at a rational point decides each piece; each boundary point
is decided exactly.  Whatever cannot be decided is said so (``decided`` False).
"""
from __future__ import annotations

import math
import time
from fractions import Fraction
from typing import Optional

import numpy as np
import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head, native
from ..differentiate import differentiate
from ..printing import textbook
from .balls import NotCompilable, compile_ball, to_arb
from .conditions import (_false_on, _is_zero, _nonzero, _rational_between, _targets,
                         _true_on, _truth, conditions)
from .precision import precision
from .roots import isolate_roots
from .walk import trig_as_cos

MAX_BOUNDARY = 400      # boundary points on one interval

class Boundary:
    """A boundary point: exact when ``exact`` is set, else a certified enclosure [lo, hi]."""

    def __init__(self, exact: Optional[sp.Expr], lo: arb, hi: arb, zero_of: set):
        self.exact, self.lo, self.hi, self.zero_of = exact, lo, hi, zero_of

    @property
    def key(self) -> float:
        return float(((self.lo + self.hi) / 2).mid())


def certified_domain(f: sp.Expr, x: sp.Symbol, I: sp.Interval, seconds: float, extra: tuple = (),
                     boxes: Optional[list] = None, split: bool = True):
    """(domain, notes, decided) of f on the bounded interval I (``extra``: more conditions; the
    intervals left undecided are appended to ``boxes``)."""
    deadline = time.monotonic() + seconds
    conds = list(dict.fromkeys(conditions(native(f), x) + list(extra)))
    if not conds:
        return I, [], True
    simple = [c for c in conds if all(t.is_rational_function(x) for t in _targets(c))]
    if split and simple and len(simple) < len(conds):
        # the rational conditions first (x > 0 for ln x): the others are examined only where those
        # hold (ln x + 1 ≠ 0 need not be isolated where ln x is not defined)
        D0, notes0, sure = certified_domain(sp.Integer(0), x, I, seconds, tuple(simple), split=False)
        if sure and D0 == sp.S.EmptySet:
            return D0, notes0, True
        parts = [] if D0 is None else (D0.args if isinstance(D0, sp.Union) else [D0])
        if sure and D0 is not None and len(parts) <= 8 and all(isinstance(J, sp.Interval) for J in parts):
            if D0 != I:
                return _on_parts(f, x, parts, conds, max(0.05, deadline - time.monotonic()), boxes)
    targets = list(dict.fromkeys(t for c in conds for t in _targets(c)))
    points: list[Boundary] = []
    notes: list = []
    unknown: list = []     # boxes (arb lo, hi) where a boundary could not be located exactly
    unlocated: dict = {}   # target -> its own such boxes (rational)
    pending = {}           # target -> its boxes with a multiple zero not located exactly
    for h in targets:
        got = _zeros(_entire_part(h, x), x, I, deadline, h)
        if got is None:
            return None, [f"could not find where {textbook(h)} = 0 on the interval within the time budget"], False
        found, mine = got
        pending[h] = mine
        for b in found:
            if b.exact is not None:
                _merge(points, b, h)
            else:
                unknown.append((b.lo, b.hi))
                unlocated.setdefault(h, []).append((b.lo, b.hi))
        if len(points) > MAX_BOUNDARY:
            return None, ["the domain has too many pieces on this interval"], False
    for h, mine in pending.items():
        # a multiple zero at a point another target located exactly (sin(cos x/sec x) at a zero of cos x)
        left = [(lo, hi) for lo, hi in mine if not _located_by(points, h, x, lo, hi)]
        unknown += left
        unlocated[h] = _outward(unlocated.get(h, []) + left, I)
    points.sort(key=lambda b: b.key)
    return _assemble(conds, x, I, points, notes, _outward(unknown, I), boxes, unlocated)


def _located_by(points, h, x, lo, hi) -> bool:
    """Is the one zero of h in the box [lo, hi] an exact point already found (then it joins it)?"""
    e = _entire_part(h, x)
    for b in points:
        if b.exact is not None and _inside(b.exact, lo, hi) and _is_zero(e.subs(x, b.exact)) \
                and _only_root(e, x, lo, hi, b.exact):
            b.zero_of.add(h)
            return True
    return False


def _on_parts(f, x, parts, conds, seconds, boxes):
    """The domain on each interval of ``parts`` (where the rational conditions hold), joined."""
    pieces, notes, decided = [], [], True
    for J in parts:
        lo, hi = J.start, J.end
        D, n, d = certified_domain(f, x, sp.Interval(lo, hi), seconds / len(parts), tuple(conds), boxes, False)
        if D is None:
            return None, n, False
        pieces.append(sp.Intersection(D, J))
        notes += n
        decided = decided and d
    return sp.Union(*pieces), notes, decided


def _entire_part(h, x):
    """An expression with the zeros of h and without its poles (tan u -> the numerator of
    cos(u − π/2)/cos u), for interval root isolation; the poles are boundary points anyway."""
    h = _peeled(h, x)
    if h is None:
        return sp.Integer(1)
    # (deep: the arguments too — (π/4 + 1)/(x + 1/x) is x(π + 4)/(4(x² + 1)), with no hole at 0)
    ok, num = budget.run(lambda: sp.fraction(sp.together(trig_as_cos(h), deep=True))[0], 1.0)
    if ok and num is not None:
        # sign(1/u) is sign(u) wherever 1/u exists: the real cube root |cos x|^(1/3)·sign(1/cos x) then
        # reads |cos x|^(1/3)·sign(cos x), continuous through cos x = 0
        num = num.replace(lambda e: isinstance(e, sp.sign) and e.args[0].is_Pow and e.args[0].exp.is_negative,
                          lambda e: sp.sign(e.args[0].base ** -e.args[0].exp))
    if ok and num is not None and num.is_number and _nonzero(num):
        return sp.Integer(1)     # h = c/D(x), c ≠ 0: no zeros (csc x/(arccot x − sec 1) next to its poles)
    return num if ok and num is not None and num.has(x) else h


def _peeled(h, x):
    """An expression with the zeros that h has where it is defined (None: it has none), for root
    isolation: nonzero constant factors and factors that never vanish (e^u, a^u, u^v with v not a
    number: u > 0) taken off, u^r (r > 0) read as u, and an outer one-to-one function undone:
    a·g(u) + b = 0 exactly where u = L(−b/a), L the catalogue's left inverse of g (ln(ln x) > 0 is
    decided by the zero of x − e, not by ln's unbounded ball next to 0)."""
    if not h.has(x):
        return h
    if h.is_Mul:
        parts = []
        for a in h.args:
            if a.has(x):
                p = _peeled(a, x)
                if p is not None:           # (a factor that never vanishes is left out)
                    parts.append(p)
            elif not _nonzero(a):
                return h
        return sp.Mul(*parts) if parts else None
    if isinstance(h, sp.exp) or (h.is_Pow and h.exp.has(x)):
        return None
    if h.is_Pow and h.exp.is_Rational:
        return _peeled(h.base, x) if h.exp > 0 else None
    b, g = h.as_independent(x, as_Add=True)
    a, g = g.as_independent(x, as_Add=False)
    entry = by_head(g) if len(g.args) == 1 else None
    L = entry.left_inverse if entry is not None else None
    if L is None and entry is not None and entry.branch is not None and _within(g.args[0], x, *entry.branch[1:]):
        L = entry.branch[0]        # (g one-to-one on the range of its argument: tan(cos x) = c)
    if L is None or not _nonzero(a):
        return h
    c = -b / a
    u = L(c)
    if u.is_extended_real is False or u.has(sp.I, sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None            # g(v) = c would make v = L(c) a real number
    back = g.func(u) - c
    if _nonzero(back):
        return None            # g(L(c)) ≠ c: no v has g(v) = c
    if not _is_zero(back):
        return h
    return _peeled(g.args[0] - u, x)


def _within(u, x, lo, hi) -> bool:
    """Does u take its values in [lo, hi] for every real x (a ball with x unbounded, each catalogue
    function contributing its range)?"""
    try:
        with precision(128):
            v = compile_ball(u, x, ranges=True)(arb(0, float("inf")))
            return v.is_finite() and bool(v >= to_arb(lo)) and bool(v <= to_arb(hi))
    except (NotCompilable, ValueError, TypeError, ZeroDivisionError):
        return False


def _merge(points, b, h):
    for q in points:
        if q.exact is not None and b.exact is not None and _is_zero(q.exact - b.exact):
            q.zero_of.add(h)
            return
    b.zero_of.add(h)
    points.append(b)


def _zeros(h, x, I, deadline, written=None) -> Optional[tuple]:
    """The zeros of h on I as Boundary points (certified count, exact forms where found; sympy
    proposes them from h as ``written`` — cot x = a is solved where its entire form is not —
    and from h)."""
    if not h.has(x):
        return [], []
    try:
        # (h is enclosed where it is defined: its zeros matter only there, the other conditions
        # mark where it is not)
        fh = compile_ball(h, x, ranges=True)
        fd = compile_ball(differentiate(h, x)[0], x)
    except NotCompilable:
        return None
    with precision(128):
        roots, undecided, plateaus = isolate_roots(fh, fd, I.start, I.end, 30, deadline, max_boxes=20_000)
    if plateaus:
        return None
    proposals = _proposals(written, x, I, deadline) if written is not None and written != h else []
    unknown = []
    if len([p for p in proposals if any(_inside(p, r.lo, r.hi) for r in roots)]) < len(roots) + len(undecided):
        proposals += _proposals(h, x, I, deadline)
    out = []
    near = _near_enough(proposals)
    for r in roots:
        ex = list(dict.fromkeys(p for p in near(r.lo, r.hi) if _inside(p, r.lo, r.hi)))
        if len(ex) > 1 and all(_is_zero(p - ex[0]) for p in ex[1:]):
            ex = ex[:1]         # one root proposed twice (by h as written and by its entire form)
        if not ex and time.monotonic() < deadline:
            ex = _recovered(h, x, r.lo, r.hi)
        out.append(Boundary(ex[0] if len(ex) == 1 else None, r.lo, r.hi, set()))
    for lo, hi in undecided:
        # a box with a multiple root: an exact proposal inside it decides it when it is proven to
        # be the only zero there (derivatives vanishing at it up to one of constant sign)
        ends = [e for e in (I.start, I.end) if _inside(e, lo, hi)]
        ex = [p for p in dict.fromkeys(proposals + ends) if _inside(p, lo, hi) and _is_zero(h.subs(x, p))]
        if len(ex) == 1 and _only_root(h, x, lo, hi, ex[0]):
            out.append(Boundary(ex[0], lo, hi, set()))
        else:
            unknown.append((lo, hi))    # h undefined there, or a multiple root not located exactly
    for end in (I.start, I.end):
        if _is_zero(h.subs(x, end)) and not any(_inside(end, q.lo, q.hi) for q in out):
            e = to_arb(end)
            out.append(Boundary(end, e, e, set()))
    return out, unknown


def _proposals(h, x, I, deadline) -> list:
    """Exact zeros of h in I proposed by sympy (they are checked against the certified count)."""
    ok, got = budget.run(lambda: _solutions(h, x, I), max(0.05, min(2.0, deadline - time.monotonic())))
    return got if ok and got is not None else []


def _solutions(h, x, I) -> list:
    sol = sp.solveset(h, x, I)
    out = []
    for part in (sol.args if isinstance(sol, sp.Union) else [sol]):
        if isinstance(part, sp.FiniteSet):
            out += [p for p in part if p.is_real is not False and not p.has(sp.I)]
        elif isinstance(part, sp.Intersection):
            for im in (a for a in part.args if isinstance(a, sp.ImageSet)):
                out += _members(im, I)
        elif isinstance(part, sp.ImageSet):
            out += _members(part, I)
    return [p for p in dict.fromkeys(out) if I.contains(p) == sp.true]


def _members(im: sp.ImageSet, I: sp.Interval, reach: int = 2000) -> list:
    """The members of {e(n) : n ∈ ℤ} inside the bounded interval I."""
    n = im.lamda.variables[0]
    e = im.lamda.expr
    if e.is_polynomial(n) and sp.degree(e, n) == 1:
        c1, c0 = e.coeff(n, 1), e.subs(n, 0)
        lo, hi = sorted([float((I.start - c0) / c1), float((I.end - c0) / c1)])
        if hi - lo > reach:
            return []
        ks = range(int(lo) - 1, int(hi) + 2)
    else:
        # (a float screen of every k at once; each member kept is checked exactly by the caller)
        fn = sp.lambdify(n, e, modules="numpy")
        k = np.arange(-reach, reach + 1).astype(complex)
        with np.errstate(all="ignore"):
            try:
                v = np.broadcast_to(np.asarray(fn(k), dtype=complex), k.shape)
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                return []
        near = np.isfinite(v) & (np.abs(v.imag) < 1e-9) & (v.real >= float(I.start) - 1) & \
            (v.real <= float(I.end) + 1)
        ks = [int(j.real) for j in k[near]]
        if len(ks) > 64:
            return []           # (members accumulating next to I: proposals only, none worth thousands of subs)
    return [e.subs(n, k) for k in ks]


def _near_enough(proposals):
    """A filter: the proposals whose float lies near [lo, hi] (few are then checked exactly)."""
    keyed = []
    for p in proposals:
        try:
            keyed.append((float(p), p))
        except (TypeError, ValueError):
            keyed.append((None, p))

    def near(lo, hi):
        a, b = float(lo.mid()), float(hi.mid())
        slack = 1e-9 * (1 + abs(a) + abs(b))
        return [p for v, p in keyed if v is None or a - slack <= v <= b + slack]
    return near


def _recovered(h, x, lo, hi) -> list:
    """A simple closed form (p/q, p·π/q) of the one root of h certified in [lo, hi], proven:
    it lies in the enclosure and h vanishes there exactly."""
    mid = float(((lo + hi) / 2).mid())
    for unit in (sp.Integer(1), sp.pi):
        q = Fraction(mid / float(unit)).limit_denominator(720)     # (the nearest short fraction)
        guess = sp.Rational(q.numerator, q.denominator) * unit
        if _inside(guess, lo, hi) and _is_zero(h.subs(x, guess)):
            return [guess]
    return []


def _inside(p, lo: arb, hi: arb) -> bool:
    """Is the exact number p proven to lie in the enclosure [lo, hi]?"""
    try:
        with precision(256):
            v = to_arb(p)
            return bool(lo.union(hi).contains(v))
    except (ValueError, TypeError, NotCompilable):
        return False


def _only_root(h, x, lo, hi, p, order: int = 6) -> bool:
    """Is p the only zero of h in the box [lo, hi]?  Proven when h(p) = h′(p) = … = h^(m−1)(p) = 0
    exactly and h^(m) keeps one strict sign on the whole box: then h^(m−1), …, h are strictly
    monotone on each side of p and vanish only at p (Rolle, m times)."""
    box = lo.union(hi)
    d = h
    for m in range(order + 1):
        if m:
            d = differentiate(d, x)[0]
        try:
            with precision(128):
                v = compile_ball(d, x)(box)
        except NotCompilable:
            return False
        if v > 0 or v < 0:
            return m > 0
        if not _is_zero(d.subs(x, p)):
            return False
    return False


def _dyadic(v: float, direction: int) -> sp.Rational:
    """A short rational m/2^k at most (direction −1) or at least (+1) v, within 10^-9·(1 + |v|)."""
    for k in range(4, 60):
        m = math.floor(v * 2 ** k) if direction < 0 else math.ceil(v * 2 ** k)
        if abs(m / 2 ** k - v) <= 1e-9 * (1 + abs(v)):
            return sp.Rational(m, 2 ** k)
    return sp.Rational(v)


def _outward(boxes, I) -> list:
    """Boxes (arb lo, hi) as rational intervals a little wider, merged and clipped to I."""
    out = []
    for lo, hi in boxes:
        a = _dyadic(math.nextafter(float(lo.lower()), -math.inf), -1)
        b = _dyadic(math.nextafter(float(hi.upper()), math.inf), +1)
        out.append((max(a, I.start), min(b, I.end)))
    out.sort()
    merged = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _assemble(conds, x, I, points, notes, unknown=(), boxes=None, unlocated=None):
    """The domain from the boundary points: each piece between two of them decided at one
    rational point, each boundary point exactly; a piece inside an ``unknown`` box (where a
    boundary could not be located) is left out — unless a condition is proven false on all of it —
    and the domain is then not decided."""
    inner = [b.exact for b in points if b.exact not in (I.start, I.end)] + \
        [e for box in unknown for e in box if I.start < e < I.end]
    cuts = [I.start] + sorted(set(inner), key=lambda v: float(v)) + [I.end]
    pieces, undecided = [], []

    def boxed(a, b):
        return any(lo <= a and b <= hi for lo, hi in unknown)
    for i in range(len(cuts) - 1):
        a, b = cuts[i], cuts[i + 1]
        if boxed(a, b):
            if _true_on(conds, x, a, b, unlocated or {}):
                pieces.append(sp.Interval.open(a, b))
            elif not _false_on(conds, x, a, b, unlocated or {}):
                undecided.append(f"({textbook(a)}, {textbook(b)})")
                if boxes is not None:
                    boxes.append((a, b))
            continue
        t = _truth(conds, x, _rational_between(a, b), False)
        if t is None:
            undecided.append(f"({textbook(a)}, {textbook(b)})")
            if boxes is not None:
                boxes.append((a, b))
        elif t:
            pieces.append(sp.Interval.open(a, b))
    for p in cuts:
        if I.contains(p) != sp.true:
            continue
        if boxed(p, p) and not any(lo == p or hi == p for lo, hi in unknown):
            if not _false_on(conds, x, p, p, unlocated or {}):
                undecided.append(f"{x.name} = {textbook(p)}")
                if boxes is not None:
                    boxes.append((p, p))
            continue
        t = _truth(conds, x, p, True)
        if t is None:
            undecided.append(f"{x.name} = {textbook(p)}")
            if boxes is not None:
                boxes.append((p, p))
        elif t:
            pieces.append(sp.FiniteSet(p))
    if undecided:
        more = f" and {len(undecided) - 3} more" if len(undecided) > 3 else ""
        notes.append("could not decide whether f is defined on " + ", ".join(undecided[:3]) + more)
    return _joined(pieces), notes, not undecided


def _joined(pieces) -> sp.Set:
    """The union of disjoint open intervals (a, b) and points p (sorted by position), touching ones
    merged; built without sympy's pairwise union (137 pieces next to an accumulation point took it
    more than 30 s)."""
    items = sorted(pieces, key=lambda P: (float(P.start if isinstance(P, sp.Interval) else P.args[0]),
                                          isinstance(P, sp.Interval)))
    merged: list = []           # [start, end, left_open, right_open]
    for P in items:
        a, b, lo, ro = (P.start, P.end, P.left_open, P.right_open) if isinstance(P, sp.Interval) else \
            (P.args[0], P.args[0], False, False)
        if merged and merged[-1][1] == a and not (merged[-1][3] and lo):
            merged[-1][1], merged[-1][3] = b, ro
        else:
            merged.append([a, b, lo, ro])
    sets = [sp.FiniteSet(a) if a == b else sp.Interval(a, b, lo, ro) for a, b, lo, ro in merged]
    if not sets:
        return sp.S.EmptySet
    return sets[0] if len(sets) == 1 else sp.Union(*sets, evaluate=False)


def certified_domain_unbounded(f: sp.Expr, x: sp.Symbol, I: sp.Interval, seconds: float, extra: tuple = ()):
    """(domain, notes, decided) on an unbounded interval, when every boundary expression is a
    rational function of x (its outer one-to-one functions undone, see :func:`_peeled`): all their
    real zeros and poles lie within the Cauchy bound B, so the
    domain is certified on I ∩ [−B, B] and each tail beyond ±B is decided at one point.  None
    when some boundary expression is not rational (sympy's answer is then used, not certified).
    ``extra``: more conditions."""
    conds = list(dict.fromkeys(conditions(native(f), x) + list(extra)))
    if not conds:
        return I, [], True
    B = 1
    for c in conds:
        for h in _targets(c):
            if h.has(sp.floor, sp.ceiling, sp.frac, sp.sign, sp.Heaviside, sp.Piecewise):
                return None
            h = _peeled(h, x)      # (the zeros of arccos(arctan u) − 1 are those of u − tan(cos 1))
            if h is None:
                continue           # no zeros (its own poles and domain ends are other conditions' targets)
            if not h.is_rational_function(x):
                return None
            for part in sp.fraction(sp.together(h)):
                if not part.has(x):
                    continue
                b = _cauchy_bound(part, x)
                if b is None:
                    return None
                B = max(B, b)
    lo = I.start if I.start.is_finite else min(-B, I.end - 1)
    hi = I.end if I.end.is_finite else max(B, I.start + 1)     # (the tail begins beyond I's finite end)
    notes: list = []
    pieces = []
    if lo < hi:
        D, notes, decided = certified_domain(f, x, sp.Interval(lo, hi, I.left_open and I.start.is_finite,
                                                                I.right_open and I.end.is_finite), seconds, extra)
        if D is None or not decided:
            return D, notes, False
        pieces.append(D)
    for far, tail in ((I.start, sp.Interval(-sp.oo, lo, True, True)), (I.end, sp.Interval(hi, sp.oo, True, True))):
        if far.is_finite:
            continue
        t = _truth(conds, x, (lo - 1) if far == -sp.oo else (hi + 1), True)
        if t is None:
            return None, notes + ["could not decide whether f is defined far out"], False
        if t:
            pieces.append(tail)
    return (sp.Union(*pieces) if pieces else sp.S.EmptySet), notes, True


def tail_excluded(f: sp.Expr, x: sp.Symbol, R, direction: int, extra: tuple = ()) -> bool:
    """Is f defined nowhere on (R, ∞) (direction +1) or (−∞, −R)?  Proven when one condition has only
    rational boundary expressions whose real zeros and poles all lie within R (Cauchy's bound): its
    truth is then the same on the whole tail, and it is false at one point of it."""
    conds = list(dict.fromkeys(conditions(native(f), x) + list(extra)))
    for c in conds:
        targets = _targets(c)
        if not targets or not all(h.is_rational_function(x) for h in targets):
            continue
        bounds = [_cauchy_bound(part, x) for h in targets for part in sp.fraction(sp.together(h)) if part.has(x)]
        if any(B is None or B >= abs(R) for B in bounds):
            continue
        if _truth([c], x, (abs(R) + 1) * direction, True) is False:
            return True
    return False


_CAUCHY_MAX = 10 ** 12     # (beyond, the interval between the bounds is no place for root isolation)


def _cauchy_bound(p, x) -> Optional[sp.Integer]:
    """An integer above |r| for every real zero r of the polynomial p (Cauchy's bound, in ball
    arithmetic); None when it cannot be formed or exceeds 10^12 (ln(log x) ≤ 10 ends at x = 10^(e^10))."""
    try:
        cs = sp.Poly(p, x).all_coeffs()
        with precision(128):
            bs = [abs(to_arb(c)) for c in cs]
            if not bs or not bs[0] > 0:
                return None
            m = max((b / bs[0] for b in bs[1:]), key=lambda b: b.upper(), default=arb(0))
            B = (m + 2).upper()
            if not B.is_finite() or B > _CAUCHY_MAX:
                return None
            return sp.Integer(int(B.ceil().unique_fmpz()))
    except (sp.PolynomialError, NotCompilable, TypeError, ValueError):
        return None
