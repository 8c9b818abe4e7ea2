"""Stage: stationary points, the roots of f′ in a component of the domain.

Exact first (sympy's solvers under a time budget), then cross-checked and
completed by certified isolation (:mod:`calc.stages.roots`): a certified root the
exact answer does not explain is added, never dropped; simple closed forms are
recovered from enclosures; intervals where f′ vanishes identically (plateaus)
are kept as such.
"""
from __future__ import annotations

import time
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..differentiate import differentiate
from ..printing import textbook
from .intervals import interval_text
from .context import SYMPY_ERRORS, Pt, pt_exact
from .precision import precision as _prec
from .balls import to_arb
from .roots import isolate_roots

MAX_POINTS = 2000


def stationary_points(run, g, C: sp.Interval, cuts=()):
    """(exact points, certified points, undecided boxes, plateaus) of g = 0 inside C.

    The exact answer (sympy) is cross-checked by certified isolation on the
    interval (or a window of it when it is unbounded): sympy's solvers
    sometimes return an empty set for equations with |x| or exponentials,
    so a certified root the exact answer does not explain is added, never
    dropped.
    """
    interior = sp.Interval(C.start, C.end, True, True)
    t = root_target(run, g)
    if t.is_positive or t.is_negative:
        return [], [], [], []   # sympy's sign rules (e^u > 0, a^u > 0, ...): f′ never vanishes
    ok, sol = budget.run(lambda: _solve(run, g, interior), run.slice(0.25, 2.0))
    exact, plateaus, fam = ([], [], None) if not (ok and sol is not None) else sol
    if fam is not None:
        run.families.append(fam)
        if not (C.start.is_finite and C.end.is_finite):
            run.undecided_extrema = True
            run.partial("infinitely many critical points on an unbounded interval (" + fam
                         + "); give a bounded interval to compare them")
            return exact, [], [], []
    plateaus = [P for P in plateaus if _verify_plateau(run, g, P)]
    plateaus = split_at(plateaus, cuts)
    if ok and sol is not None and len(plateaus) == 1 and plateaus[0] == interior:
        return exact, [], [], plateaus
    if ok and sol is not None and fam is None and not g.has(sp.Abs, sp.sign, sp.Piecewise) \
            and root_target(run, g).is_polynomial(run.x):
        return exact, [], [], plateaus  # real roots of a polynomial: exact and complete
    cert, und, pl = [], [], []
    for piece in pieces(C, cuts, plateaus):
        _, c1, u1, p1 = isolate(run, g, piece)
        cert += c1
        und += u1
        pl += p1
    merged_cert = []
    recovered = 0
    cut_balls = [pt_exact(c).ball for c in cuts]
    for r in cert:
        if any(r.ball.contains(p.ball) or p.ball.overlaps(r.ball) for p in exact):
            continue
        if any(r.ball.overlaps(cb) for cb in cut_balls):
            continue  # a sign change of f′ across a kink, not a root
        if any(in_closure(P, r) for P in plateaus):
            continue
        if run.worth is not None and not run.worth(r.ball):
            continue
        rec = recover_exact(run, g, r.ball.lower(), r.ball.upper(), deep=len(cert) <= 4) \
            if recovered < 12 else None
        recovered += 1
        if rec is not None and not any(q.exact == rec for q in exact):
            exact.append(pt_exact(rec))
        else:
            merged_cert.append(r)
    und2 = [(lo, hi) for lo, hi in und
            if not any(near(p, lo, hi) for p in exact) and not any(
                float(P.start) - 1e-9 <= float(lo.mid()) and float(hi.mid()) <= float(P.end) + 1e-9 for P in plateaus)]
    return exact, merged_cert, und2, plateaus + [P for P in pl if not any(
        P.is_subset(Q.closure) for Q in plateaus)]


def root_target(run, g):
    """An expression with the same zeros as g inside the domain, better for interval
    arithmetic: the numerator (cancelled for rational functions, so removable
    singularities disappear) without factors that never vanish (exp(u), c^u with c > 0, positive
    constants)."""
    cached = run.root_targets
    if g in cached:
        return cached[g]
    x = run.x

    def work():
        if g.is_rational_function(x):
            num = sp.fraction(sp.cancel(sp.together(g)))[0]
        else:
            num = sp.fraction(sp.together(g))[0]
            if num.is_polynomial(x):
                num = sp.factor(num)    # x² − x(x − 1) + 1 is x + 1: balls see no cancellation
        if num.is_Mul:
            keep = [a for a in num.args if a.has(x) and not isinstance(a, sp.exp)
                    and not (a.is_Pow and not a.base.has(x) and a.base.is_positive)]    # (c^u, c > 0)
            num = sp.Mul(*keep) if keep else sp.Integer(1)
        return num
    ok, t = budget.run(work, run.slice(0.05, 0.5))
    out = t if ok and t is not None and t != 0 and not t.has(sp.nan, sp.zoo) else g
    cached[g] = out
    return out


def _verify_plateau(run, g, P: sp.Interval) -> bool:
    """Check a claimed interval of zeros of f′ at a few interior points."""
    ga = run.compile(g)
    a, b = P.start, P.end
    if not (a.is_finite or b.is_finite):
        a, b = sp.Integer(-10), sp.Integer(10)
    elif not (a.is_finite and b.is_finite):
        a = a if a.is_finite else b - 10
        b = b if b.is_finite else a + 10
    for k in (1, 3, 5, 7):
        t = a + (b - a) * sp.Rational(k, 8) + sp.Rational(1, 10**6)
        if ga is not None:
            with _prec(128):
                try:
                    v = ga(to_arb(t))
                except (ValueError, ZeroDivisionError):   # flint refusing an argument: not verified
                    return False
            if v.is_finite() and (v > 0 or v < 0):
                return False
        else:
            v = sp.N(g.subs(run.x, t), 30)
            if v.is_number and abs(v) > 1e-20:
                return False
    return True


def solveset_worthy(e, v) -> bool:
    """Can solveset plausibly solve e = 0 completely?  e must be a rational function
    of one transcendental atom in v, or of trigonometric functions of linear arguments
    (mixtures such as x e^(-x²) + ... or several radicals end in ConditionSets after
    seconds; the certified numeric search handles those)."""
    atoms = set()
    for a in sp.preorder_traversal(e):
        if not a.has(v):
            continue
        if isinstance(a, sp.Function) or (a.is_Pow and not a.exp.is_Integer):
            atoms.add(a)
    outer = {a for a in atoms if not any(b is not a and b.has(a) for b in atoms)}
    reps = {a: sp.Dummy() for a in outer}
    if e.xreplace(reps).has(v):
        return False
    if len(outer) <= 1:
        return True
    trig = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
    args = {a.args[0] for a in outer if isinstance(a, trig)}
    return len(outer) <= 2 and len(args) == 1 and all(isinstance(a, trig) for a in outer)


def _solve(run, g, interior):
    x = run.x
    if g == 0:
        return [], [interior], None
    num, den = sp.fraction(sp.together(g))
    target = num if not num.has(sp.Piecewise, sp.Abs, sp.sign) else g
    poly = None
    try:
        if target.is_polynomial(x):
            poly = sp.Poly(target, x)
    except (sp.PolynomialError, TypeError):
        poly = None
    if poly is not None and poly.degree() >= 1:
        roots = [r for r in sp.real_roots(poly) if interior.contains(r) == sp.true]
        return [pt_exact(r) for r in dict.fromkeys(roots)], [], None
    # a product vanishes where one of its factors does: each factor solved alone (solveset on
    # (ln 3 cot x − ln 2 + ln 3) csc² x runs a minute, on the first factor 0.05 s)
    factors = [a.base if a.is_Pow and a.exp.is_Integer and a.exp > 0 else a
               for a in sp.Mul.make_args(target) if a.has(x)] if poly is None else [target]
    if run.quick_exact and poly is None and not all(solveset_worthy(a, x) for a in factors):
        return None      # solveset would end in a ConditionSet after seconds: go to certified isolation
    sol = sp.Union(*[sp.solveset(a, x, interior) for a in factors]) if factors else sp.S.EmptySet
    pts, plateaus, fam = [], [], None
    for part in (sol.args if isinstance(sol, sp.Union) else [sol]):
        if isinstance(part, sp.FiniteSet):
            for r in part:
                if r.is_real is False or r.has(sp.I):
                    continue
                if den.has(x) and den.subs(x, r) == 0:
                    continue
                pts.append(r)
        elif isinstance(part, sp.Interval):
            plateaus.append(part)
        elif part == sp.S.EmptySet:
            continue
        elif isinstance(part, sp.Intersection) and any(isinstance(a, sp.ImageSet) for a in part.args):
            got = _enumerate(run, part, interior)
            if got is None:
                return None
            pts += got
        elif isinstance(part, sp.ImageSet):
            fam = family_text(part, x)
            return [], [], fam
        else:
            return None  # ConditionSet etc.: not solved exactly
    pts = [r for r in dict.fromkeys(pts) if interior.contains(r) == sp.true]
    if len(pts) > MAX_POINTS:
        return None
    return [pt_exact(r) for r in pts], plateaus, None


def _enumerate(run, part, interior):
    img = [a for a in part.args if isinstance(a, sp.ImageSet)]
    if not (interior.start.is_finite and interior.end.is_finite):
        run.families.append(family_text(img[0], run.x))
        return None
    out = []
    for im in img:
        lam = im.lamda
        n = lam.variables[0]
        e = lam.expr
        if not e.is_polynomial(n) or sp.degree(e, n) != 1:
            return None
        c1 = e.coeff(n, 1)
        c0 = e.subs(n, 0)
        lo = (interior.start - c0) / c1
        hi = (interior.end - c0) / c1
        lo, hi = sorted([float(lo), float(hi)])
        if hi - lo > MAX_POINTS:
            return None
        for k in range(int(lo) - 1, int(hi) + 2):
            v = e.subs(n, k)
            if interior.contains(v) == sp.true:
                out.append(v)
    return out


def isolate(run, g, C: sp.Interval):
    a, b = C.start, C.end
    if not (a.is_finite and b.is_finite):
        R = sp.Integer(20)
        span = max([abs(v) for v in (a, b) if v.is_finite] + [sp.Integer(0)])
        a2 = a if a.is_finite else -(R + 2 * span)
        b2 = b if b.is_finite else R + 2 * span
        for end, tail in ((a, (a2, -1)), (b, (b2, +1))):
            if end.is_infinite and tail not in run.tails:
                run.tails.append(tail)
        a, b = a2, b2
    g = root_target(run, g)
    ga = run.compile(g)
    if ga is None:
        run.partial("f′ contains a function calc cannot evaluate rigorously; stationary points not certified")
        return [], [], [], []
    dg = differentiate(g, run.x)[0]
    dga = run.compile(dg)
    with _prec(max(128, int(run.digits * 3.33) + 40)):
        deadline = time.monotonic() + run.slice(0.4, 4.0)
        roots, undecided, plateaus = isolate_roots(ga, dga, a, b, run.digits, deadline, max_boxes=20_000,
                                                   skip_undefined=True)
    cert = [Pt(None, r.lo.union(r.hi), True) for r in roots]
    und = [(lo, hi) for lo, hi in undecided]
    pl = [sp.Interval(sp.Rational(str(float(lo.mid()))), sp.Rational(str(float(hi.mid())))) for lo, hi in plateaus]
    return [], cert, und, pl


def recover_exact(run, g, lo, hi, deep: bool = True) -> Optional[sp.Expr]:
    """A simple exact root (0, 1/2, π/3 ...) inside a box the subdivision could not decide."""
    if run.left() <= 0:
        return None
    mid = float(((lo + hi) / 2).mid())
    width = max(float((hi - lo).mid()), 1e-15)
    guesses = [lambda: sp.nsimplify(mid, tolerance=width * 10, rational=True),
               lambda: sp.nsimplify(mid, [sp.pi], tolerance=width * 10)]
    if deep:
        guesses.append(lambda: sp.nsimplify(mid, tolerance=width * 10))
    for make in guesses:
        ok, guess = budget.run(lambda: _exact_root(run, g, make(), mid, width), run.slice(0.05, 0.5))
        if ok and guess is not None:
            return guess
    return None


def _exact_root(run, g, guess, mid, width) -> Optional[sp.Expr]:
    """The guess when g vanishes there exactly (checked numerically, then by simplify), else None."""
    if guess is None or guess.is_Float or abs(float(guess) - mid) > width * 10 or sp.count_ops(guess) > 12:
        return None
    val = g.subs(run.x, guess)
    try:
        n = sp.N(val, 50)
    except SYMPY_ERRORS:   # sympy cannot evaluate the guess: not a root we can use
        return None
    if not n.is_number or n.has(sp.nan, sp.zoo) or not n.is_finite or abs(n) > sp.Float("1e-40"):
        return None
    return guess if sp.simplify(val) == 0 else None


def proven_plateau(run, P: sp.Interval, nondiff) -> bool:
    """f′ = 0 on P makes f constant there only if f does not jump inside P: every point where
    it may (the catalogue's jumps and kinks) must be located, and exactly (P is split at exact
    points); otherwise the plateau is not claimed and the extrema are not decided."""
    where = interval_text(P)
    if any(sp.Intersection(P, U).measure != 0 for U in run.unlocated):
        why = f"f′ = 0 on {where}, but the points where f may jump there were not all located"
    elif any(q.exact is None and P.start < q.key < P.end for q in nondiff):
        why = f"f′ = 0 on {where}, but f may jump there at a point known only numerically"
    else:
        return True
    run.undecided_extrema = True
    run.partial(why + ": f is not proven constant there")
    return False


def split_at(intervals, cuts):
    """Intervals with the cut points (jumps, kinks) removed: a plateau does not run
    across a jump."""
    out = []
    for P in intervals:
        inner = sorted({c for c in cuts if P.start < c < P.end}, key=lambda v: float(v))
        if not inner:
            out.append(P)
            continue
        bounds = [P.start] + inner + [P.end]
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            out.append(sp.Interval(a, b, P.left_open if i == 0 else True,
                                   P.right_open if i == len(bounds) - 2 else True))
    return out


def pieces(C: sp.Interval, cuts, plateaus):
    """C split at the cut points, with the plateaus removed (closed pieces)."""
    pts = sorted({c for c in cuts if C.contains(c) == sp.true and c not in (C.start, C.end)},
                 key=lambda v: float(v))
    bounds = [C.start] + pts + [C.end]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = sp.Interval(a, b)
        for P in plateaus:
            piece = sp.Complement(piece, P)
        parts = piece.args if isinstance(piece, sp.Union) else [piece]
        for q in parts:
            if isinstance(q, sp.Interval) and q.measure != 0:
                out.append(sp.Interval(q.start, q.end))
    return out


def in_closure(P: sp.Interval, p: "Pt") -> bool:
    if p.exact is not None:
        return bool(P.closure.contains(p.exact) == sp.true)
    return float(P.start) - 1e-12 <= p.key <= float(P.end) + 1e-12


def _finite_on(fa, lo: arb, hi: arb) -> bool:
    with _prec(128):
        return fa(lo.union(hi)).is_finite()


def near(p: Pt, lo: arb, hi: arb) -> bool:
    return float(lo.mid()) - 1e-9 <= p.key <= float(hi.mid()) + 1e-9


def cluster(boxes):
    """Merge wide undecided boxes that lie close together (roots accumulating at a
    point leave a chain of them) into regions; tiny boxes stay as they are."""
    boxes = sorted(boxes, key=lambda b: float(b[0].mid()))
    out = []
    for lo, hi in boxes:
        w = float((hi - lo).mid())
        if out and w > 1e-9:
            plo, phi = out[-1]
            pw = float((phi - plo).mid())
            if pw > 1e-9 and float((lo - phi).mid()) <= 10 * max(w, pw):
                out[-1] = (plo, hi)
                continue
        out.append((lo, hi))
    return out


def touches_end(lo, hi, C) -> bool:
    if float((hi - lo).mid()) > 1e-9:
        return False  # a wide undecided box at an end may hide many roots: keep it
    for e in (C.start, C.end):
        if e.is_finite and abs(float(lo.mid()) - float(e)) < 1e-9 or e.is_finite and abs(float(hi.mid()) - float(e)) < 1e-9:
            return True
    return False


def family_text(img, x) -> str:
    lam = img.lamda
    n = lam.variables[0]
    k = sp.Symbol("k", integer=True)
    return f"{x.name} = {textbook(lam.expr.xreplace({n: k}))}, k ∈ ℤ"


def critical_points(run, g, C, nondiff: list, stationary: list, cands: list, undecided: list) -> list:
    """The stationary points inside the component C (appended to ``stationary`` and
    to ``cands``; roots that could not be certified to ``undecided``, wide boxes
    to ``run.regions``); returns the plateaus (intervals where f′ = 0)."""
    cuts = [q.exact for q in nondiff if q.exact is not None]
    ex, cert, und, pl = stationary_points(run, g, C, cuts)
    pl = [P for P in pl if proven_plateau(run, P, nondiff)]
    for p in ex + cert:
        if any(q.exact == p.exact for q in nondiff if q.exact is not None and p.exact is not None):
            continue
        stationary.append(p)
        cands.append((p, "stationary", "" if p.exact is not None else "certified"))
    for lo, hi in cluster(und):
        if any(near(q, lo, hi) for q in nondiff) or touches_end(lo, hi, C):
            continue
        if float((hi - lo).mid()) > 1e-9:
            # a region where the roots of f′ could not be isolated: bound f on it
            run.regions.append((lo, hi))
            continue
        if run.f_arb is not None and not _finite_on(run.f_arb, lo, hi):
            # f itself is unbounded or undefined there (a pole with no closed form, where f′ cannot be
            # evaluated): no stationary point to certify, a region for the poles and bounds stage
            run.regions.append((lo, hi))
            continue
        r = recover_exact(run, g, lo, hi)
        if r is not None:
            if not any(q.exact == r for q in stationary):
                p = pt_exact(r)
                stationary.append(p)
                cands.append((p, "stationary", ""))
            continue
        p = Pt(None, lo.union(hi), False)
        undecided.append(p)
        cands.append((p, "stationary", "not certified"))
        run.doubtful.append((lo, hi))     # (decided after the comparison: stages/limits.check_doubtful)
    return pl
