"""The extremum finder for functions of one variable.

``calc.extrema(f, x=None, on="[a, b]")`` follows the textbook: natural domain
on the interval, f′, stationary points (f′ = 0), points where f is not
differentiable, the candidates with the endpoints, the classification of each
interior candidate and the global maximum and minimum with every point
attaining them — or the supremum/infimum and why it is not attained.

Stationary points are found exactly first (sympy, under a time budget) and
otherwise isolated with ball arithmetic (:mod:`calc.certified`), each
enclosure proven to hold exactly one root.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Optional

import sympy as sp
from flint import arb, ctx

from . import budget
from .catalogue import native
from .certified import NotCompilable, compile_arb, isolate_roots, to_arb
from .derivative import ExprLike, find_nondifferentiable, resolve, simplify_display
from .differentiate import differentiate
from .errors import CalcError, DomainError, ParseError
from .nondiff import kink_candidates, one_sided
from .numbers import Num
from .parsing import parse
from .printing import latex as _latex
from .printing import textbook

MAX_POINTS = 2000


# ---------------------------------------------------------------- intervals
def parse_interval(on) -> sp.Interval:
    """``[a, b]``, ``(a, b]``, ``[0, oo)``, ``R`` or a sympy Interval.

    >>> parse_interval("[0, oo)")
    Interval(0, oo)
    >>> parse_interval("(-1, 2]")
    Interval.Lopen(-1, 2)
    """
    if on is None:
        return sp.S.Reals
    if isinstance(on, sp.Set):
        return on
    if isinstance(on, (tuple, list)) and len(on) == 2:
        return sp.Interval(parse(str(on[0])) if not isinstance(on[0], sp.Basic) else on[0],
                           parse(str(on[1])) if not isinstance(on[1], sp.Basic) else on[1])
    if not isinstance(on, str):
        raise ParseError(f"cannot read interval {on!r}")
    s = on.strip()
    if " in " in s:
        s = s.split(" in ", 1)[1].strip()
    if s in ("R", "ℝ", "reals", "Reals", "(-oo, oo)", "(-∞, ∞)"):
        return sp.S.Reals
    if len(s) < 5 or s[0] not in "[(" or s[-1] not in "])" or "," not in s:
        raise ParseError(f"cannot read interval {on!r}", hint='write "[a, b]", "(a, b]", "[0, oo)" or "R"')
    body = s[1:-1]
    depth, cut = 0, None
    for i, c in enumerate(body):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            if cut is not None:
                raise ParseError(f"an interval has two ends: {on!r}")
            cut = i
    if cut is None:
        raise ParseError(f"cannot read interval {on!r}", hint='write "[a, b]"')
    a, b = parse(body[:cut]), parse(body[cut + 1:])
    for v in (a, b):
        if v.free_symbols or not v.is_extended_real:
            raise ParseError(f"interval ends must be real numbers: {on!r}")
    if a == sp.oo or b == -sp.oo or bool(a > b) or (a == b and (s[0] == "(" or s[-1] == ")")):
        raise DomainError(f"empty interval {on!r}")
    return sp.Interval(a, b, left_open=s[0] == "(" or a == -sp.oo, right_open=s[-1] == ")" or b == sp.oo)


def _interval_text(I: sp.Set) -> str:
    if I == sp.S.Reals:
        return "(-oo, oo)"
    if isinstance(I, sp.Interval):
        return f"{'(' if I.left_open else '['}{I.start}, {I.end}{')' if I.right_open else ']'}"
    return str(I)


# ---------------------------------------------------------------- domain
def natural_domain(f: sp.Expr, x: sp.Symbol, I: sp.Set, seconds: float = 3.0) -> tuple[sp.Set, list]:
    """The set of points of I where f is defined (real and finite)."""
    notes = []
    if f.has(sp.I):
        # sympy folded a square root of a non-positive quantity into i·(...): f is real
        # only where the imaginary part vanishes
        ok, real_set = budget.run(lambda: sp.solveset(sp.Eq(sp.im(f), 0), x, I), seconds)
        if ok and isinstance(real_set, (sp.FiniteSet, sp.Interval, sp.Union)) or real_set == sp.S.EmptySet:
            return real_set, notes
        raise DomainError(f"f = {textbook(f)} is not real-valued on the interval")
    pw = [p for p in _atoms(f, sp.Piecewise)]
    if pw:
        # domain of a piecewise: on each piece, the domain of its branch
        p = pw[0]
        total = sp.S.EmptySet
        rest = I
        for pair in p.args:
            ok, region = budget.run(lambda: pair.cond.as_set() if pair.cond != sp.true else sp.S.Reals, seconds)
            if not ok:
                return I, ["could not determine the domain of the piecewise function; assumed everywhere"]
            piece_region = sp.Intersection(rest, region)
            sub = f.xreplace({p: pair.expr})
            d, n = natural_domain(sub, x, piece_region, seconds)
            notes += n
            total = sp.Union(total, d)
            rest = sp.Complement(rest, region)
        return total, notes
    surrogate = f
    reps = {}
    for n in _atoms(f, (sp.sign, sp.floor, sp.ceiling, sp.Heaviside, sp.frac)):
        reps[n] = n.args[0]
    if reps:
        surrogate = f.xreplace(reps)
    surrogate = native(surrogate)
    from sympy.calculus.util import continuous_domain
    ok, dom = budget.run(lambda: continuous_domain(surrogate, x, I), seconds)
    if not ok or dom is None:
        notes.append("the natural domain could not be determined exactly within the time budget; "
                     "assumed the whole interval")
        return I, notes
    return dom, notes


def _atoms(e, types):
    out, seen, stack = [], set(), [e]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        if isinstance(n, types):
            out.append(n)
        stack.extend(n.args)
    return out


def _components(D: sp.Set) -> tuple[list, list]:
    """(intervals, isolated points) of a set."""
    if isinstance(D, sp.Interval):
        return [D], []
    if isinstance(D, sp.FiniteSet):
        return [], list(D)
    if isinstance(D, sp.Union):
        iv, pts = [], []
        for a in D.args:
            i, p = _components(a)
            iv += i
            pts += p
        iv.sort(key=lambda J: float(J.start) if J.start.is_finite else -1e308)
        return iv, pts
    if D == sp.S.EmptySet:
        return [], []
    raise DomainError(f"cannot analyse the domain {D} (not a union of intervals)")


# ---------------------------------------------------------------- results
@dataclass(frozen=True)
class Candidate:
    x: Num
    kind: str          # endpoint | stationary | nondifferentiable
    value: Num
    detail: str = ""   # e.g. "corner", "cusp", "jump"

    def to_dict(self) -> dict:
        return {"x": self.x.to_dict(), "kind": self.kind, "value": self.value.to_dict()}


@dataclass(frozen=True)
class LocalExtremum:
    x: Num
    kind: str          # max | min | neither
    strict: bool
    test: str

    def to_dict(self) -> dict:
        return {"x": self.x.to_dict(), "kind": self.kind, "strict": self.strict, "test": self.test}


@dataclass(frozen=True)
class Extremum:
    attained: bool
    value: Num
    points: tuple = ()
    intervals: tuple = ()
    reason: Optional[str] = None
    open_ends: tuple = ()   # per interval: (left end not attained, right end not attained)

    def to_dict(self) -> dict:
        return {"attained": self.attained, "value": self.value.to_dict(),
                "points": [p.to_dict() for p in self.points],
                "intervals": [[a.to_dict(), b.to_dict()] for a, b in self.intervals],
                "reason": self.reason}


@dataclass(frozen=True)
class ExtremaResult:
    """Everything the extremum finder found; render with text(), markdown(), latex(), to_dict()."""

    function: sp.Expr
    variable: sp.Symbol
    interval: sp.Set
    domain: sp.Set
    derivative: sp.Expr
    stationary_points: tuple
    nondifferentiable_points: tuple
    candidates: tuple
    local_extrema: tuple
    maximum: Optional[Extremum]
    minimum: Optional[Extremum]
    status: str = "ok"
    notes: tuple = ()
    families: tuple = ()
    limits: tuple = ()   # (where, value, reason)

    def to_dict(self) -> dict:
        none_ext = {"attained": False, "value": {"exact": None, "float": None, "enclosure": None,
                                                 "certified": False}, "points": [], "intervals": [],
                    "reason": None}
        return {
            "function": str(self.function),
            "variable": self.variable.name,
            "interval": _interval_text(self.interval),
            "domain": _set_text(self.domain),
            "derivative": str(self.derivative),
            "stationary_points": [p.to_dict() for p in self.stationary_points],
            "nondifferentiable_points": [p.to_dict() for p in self.nondifferentiable_points],
            "candidates": [c.to_dict() for c in self.candidates],
            "local_extrema": [e.to_dict() for e in self.local_extrema],
            "maximum": self.maximum.to_dict() if self.maximum else none_ext,
            "minimum": self.minimum.to_dict() if self.minimum else none_ext,
            "status": self.status,
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    # -- text
    def _ext_text(self, e: Optional[Extremum], word: str) -> str:
        if e is None:
            return f"global {word}: not decided"
        if not e.attained:
            sup = "supremum" if word == "maximum" else "infimum"
            v = e.value.text()
            if e.value.is_infinite:
                return f"no global {word}: f is unbounded ({sup} {v}; {e.reason})"
            return f"no global {word}: {sup} {v} is not attained ({e.reason})"
        where = [f"x = {p.text()}" for p in e.points]
        opens = e.open_ends or ((False, False),) * len(e.intervals)
        where += [f"every x in {'(' if lo_o else '['}{a.text()}, {b.text()}{')' if hi_o else ']'}"
                  for (a, b), (lo_o, hi_o) in zip(e.intervals, opens)]
        return f"global {word}: {e.value.text()} at " + ", ".join(where)

    def text(self) -> str:
        x = self.variable.name
        L = [f"f({x}) = {textbook(self.function)} on {_interval_text(self.interval)}",
             f"domain on the interval: {_set_text(self.domain)}",
             f"f′({x}) = {textbook(simplify_display(self.derivative, 1.0))}"]
        sp_ = ", ".join(p.text() for p in self.stationary_points) or "none"
        L.append(f"stationary points (f′ = 0): {sp_}")
        nd = ", ".join(p.text() for p in self.nondifferentiable_points) or "none"
        L.append(f"non-differentiable points: {nd}")
        for fam in self.families:
            L.append(f"infinitely many critical points: {fam}")
        L.append("candidates:")
        L.append(f"  {'x':<34} {'kind':<22} f(x)")
        for c in self.candidates:
            kind = c.kind + (f" ({c.detail})" if c.detail else "")
            L.append(f"  {c.x.text():<34} {kind:<22} {c.value.text()}")
        for w, v, r in self.limits:
            L.append(f"  limit {w:<28} {'(' + r + ')':<22} {v.text()}")
        if self.local_extrema:
            L.append("classification:")
            for e in self.local_extrema:
                kind = {"max": "local maximum", "min": "local minimum", "neither": "not an extremum"}[e.kind]
                strict = "" if e.kind == "neither" else (" (strict)" if e.strict else " (not strict)")
                L.append(f"  x = {e.x.text()}: {kind}{strict} — {e.test}")
        L.append(self._ext_text(self.maximum, "maximum"))
        L.append(self._ext_text(self.minimum, "minimum"))
        for n in self.notes:
            L.append(f"note: {n}")
        if self.status != "ok":
            L.append(f"status: {self.status}")
        return "\n".join(L)

    def markdown(self) -> str:
        x = self.variable.name
        L = [f"**f({x})** = ${_latex(self.function)}$ on ${_latex(self.interval)}$", "",
             f"**domain**: ${_latex(self.domain)}$", "",
             f"**f′({x})** = ${_latex(simplify_display(self.derivative, 1.0))}$", "",
             "| x | kind | f(x) |", "|---|---|---|"]
        for c in self.candidates:
            L.append(f"| ${c.x.latex()}$ | {c.kind}{' (' + c.detail + ')' if c.detail else ''} | ${c.value.latex()}$ |")
        L.append("")
        for e in self.local_extrema:
            L.append(f"- ${e.x.latex()}$: {e.kind}{' (strict)' if e.strict and e.kind != 'neither' else ''} — {e.test}")
        L += ["", "- " + self._ext_text(self.maximum, "maximum"), "- " + self._ext_text(self.minimum, "minimum")]
        L += [f"- note: {n}" for n in self.notes]
        return "\n".join(L)

    def latex(self) -> str:
        rows = " \\\\\n".join(f"{c.x.latex()} & \\text{{{c.kind}}} & {c.value.latex()}" for c in self.candidates)
        out = (f"f({self.variable.name}) = {_latex(self.function)},\\quad f'({self.variable.name}) = "
               f"{_latex(simplify_display(self.derivative, 1.0))}\n"
               f"\\begin{{array}}{{lll}}\nx & \\text{{kind}} & f(x) \\\\ \\hline\n{rows}\n\\end{{array}}\n")
        for e, w in ((self.maximum, "\\max"), (self.minimum, "\\min")):
            if e is not None and e.attained:
                out += f"{w} f = {e.value.latex()}\\ \\text{{at}}\\ " + ", ".join(p.latex() for p in e.points) + "\n"
            elif e is not None:
                sup = "\\sup" if w == "\\max" else "\\inf"
                out += f"{sup} f = {e.value.latex()}\\ (\\text{{not attained: {e.reason}}})\n"
        return out

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    def plot(self, path: Optional[str] = None):
        from .plotting import plot_extrema
        return plot_extrema(self, path)


def _set_text(S) -> str:
    if isinstance(S, sp.Interval):
        return _interval_text(S)
    if isinstance(S, sp.Union):
        return " ∪ ".join(_set_text(a) for a in S.args)
    return textbook(S) if isinstance(S, sp.Expr) else str(S)


# ---------------------------------------------------------------- points
@dataclass
class _Pt:
    """A point on the real line: exact, or an arb enclosure of a certified root."""

    exact: Optional[sp.Expr]
    ball: arb
    certified: bool = True

    @property
    def key(self) -> float:
        return float(self.ball.mid())

    def num(self) -> Num:
        if self.exact is not None:
            return Num.of(self.exact)
        lo, hi = _outward(self.ball)
        return Num(None, lo, hi, self.certified, float(self.ball.mid()))


def _key(v: arb) -> float:
    return float(v.mid())


def _outward(b: arb) -> tuple[float, float]:
    """Float bounds that still contain the ball (rounded outwards)."""
    import math
    return math.nextafter(float(b.lower()), -math.inf), math.nextafter(float(b.upper()), math.inf)


def _pt_exact(v: sp.Expr) -> _Pt:
    with _prec(256):
        b = to_arb(v)
    return _Pt(v, b)


class _prec:
    def __init__(self, bits):
        self.bits = bits

    def __enter__(self):
        self.old = ctx.prec
        ctx.prec = self.bits

    def __exit__(self, *a):
        ctx.prec = self.old


# ---------------------------------------------------------------- the finder
class _Finder:
    def __init__(self, f, x, I, digits, timeout):
        self.f, self.x, self.I = f, x, I
        self.digits = digits
        self.deadline = time.monotonic() + timeout
        self.notes: list = []
        self.status = "ok"
        self.families: list = []
        self.f_arb = self._compile(f)
        self.undecided_extrema = False
        self.regions: list = []  # boxes where f′'s roots were not isolated
        self.tails: list = []   # (R, ±1): [R, oo) or (-oo, R] where roots of f' were not isolated

    def left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def slice(self, share: float = 0.3, cap: float = 3.0) -> float:
        return max(0.05, min(cap, self.left() * share))

    def _compile(self, e):
        try:
            return compile_arb(e, self.x)
        except NotCompilable:
            return None

    def partial(self, note):
        self.status = "partial"
        if note not in self.notes:
            self.notes.append(note)

    # exact value of f at an exact point, simplified within a budget
    def value_at(self, p: _Pt) -> tuple[Num, arb]:
        f, x = self.f, self.x
        if p.exact is not None:
            raw = f.subs(x, p.exact)
            ok, v = budget.run(lambda: sp.nsimplify(sp.simplify(raw)) if raw.is_Rational else sp.simplify(raw),
                               self.slice(0.1, 1.0))
            if not ok or v is None:
                v = raw
            if v.has(sp.nan, sp.zoo) or v.is_real is False:
                raise _Undefined()
            if v.has(sp.RootOf) or sp.count_ops(v) > 60:
                with _prec(256):
                    b = self._eval_ball(p)
                lo, hi = _outward(b)
                return Num(v if sp.count_ops(v) <= 200 else None, lo, hi, True, float(b.mid())), b
            with _prec(256):
                try:
                    b = to_arb(v)
                except NotCompilable:
                    b = self._eval_ball(p)
            return Num.of(v), b
        with _prec(256):
            b = self._eval_ball(p)
        lo, hi = _outward(b)
        return Num(None, lo, hi, p.certified, float(b.mid())), b

    def _eval_ball(self, p: _Pt) -> arb:
        if self.f_arb is None:
            v = sp.N(self.f.subs(self.x, sp.Float(p.key, 30)), 30)
            return arb(str(v))
        b = self.f_arb(p.ball)
        if not b.is_finite():
            raise _Undefined()
        return b

    # ------------------------------------------------------------ stationary points
    def stationary(self, g, C: sp.Interval, cuts=()):
        """(exact points, certified points, undecided boxes, plateaus) of g = 0 inside C.

        The exact answer (sympy) is cross-checked by certified isolation on the
        interval (or a window of it when it is unbounded): sympy's solvers
        sometimes return an empty set for equations with |x| or exponentials,
        so a certified root the exact answer does not explain is added, never
        dropped.
        """
        interior = sp.Interval(C.start, C.end, True, True)
        ok, sol = budget.run(lambda: self._solve(g, interior), self.slice(0.25, 2.0))
        exact, plateaus, fam = ([], [], None) if not (ok and sol is not None) else sol
        if fam is not None:
            self.families.append(fam)
            if not (C.start.is_finite and C.end.is_finite):
                self.undecided_extrema = True
                self.partial("infinitely many critical points on an unbounded interval (" + fam
                             + "); give a bounded interval to compare them")
                return exact, [], [], []
        plateaus = [P for P in plateaus if self._verify_plateau(g, P)]
        plateaus = _split_at(plateaus, cuts)
        if ok and sol is not None and len(plateaus) == 1 and plateaus[0] == interior:
            return exact, [], [], plateaus
        if ok and sol is not None and fam is None and not g.has(sp.Abs, sp.sign, sp.Piecewise) \
                and self._root_target(g).is_polynomial(self.x):
            return exact, [], [], plateaus  # real roots of a polynomial: exact and complete
        cert, und, pl = [], [], []
        for piece in _pieces(C, cuts, plateaus):
            _, c1, u1, p1 = self.isolate(g, piece)
            cert += c1
            und += u1
            pl += p1
        merged_cert = []
        recovered = 0
        cut_balls = [_pt_exact(c).ball for c in cuts]
        for r in cert:
            if any(r.ball.contains(p.ball) or p.ball.overlaps(r.ball) for p in exact):
                continue
            if any(r.ball.overlaps(cb) for cb in cut_balls):
                continue  # a sign change of f′ across a kink, not a root
            if any(_in_closure(P, r) for P in plateaus):
                continue
            rec = self._recover_exact(g, r.ball.lower(), r.ball.upper(), deep=len(cert) <= 4) \
                if recovered < 12 else None
            recovered += 1
            if rec is not None and not any(q.exact == rec for q in exact):
                exact.append(_pt_exact(rec))
            else:
                merged_cert.append(r)
        und2 = [(lo, hi) for lo, hi in und
                if not any(_near(p, lo, hi) for p in exact) and not any(
                    float(P.start) - 1e-9 <= float(lo.mid()) and float(hi.mid()) <= float(P.end) + 1e-9 for P in plateaus)]
        return exact, merged_cert, und2, plateaus + [P for P in pl if not any(
            P.is_subset(Q.closure) for Q in plateaus)]

    def _root_target(self, g):
        """An expression with the same zeros as g inside the domain, better for interval
        arithmetic: the numerator (cancelled for rational functions, so removable
        singularities disappear) without factors that never vanish (exp(u), positive
        constants)."""
        cached = getattr(self, "_rt_cache", {})
        self._rt_cache = cached
        if g in cached:
            return cached[g]
        x = self.x

        def work():
            if g.is_rational_function(x):
                num = sp.fraction(sp.cancel(sp.together(g)))[0]
            else:
                num = sp.fraction(sp.together(g))[0]
            if num.is_Mul:
                keep = [a for a in num.args if a.has(x) and not isinstance(a, sp.exp)
                        and not (a.is_Pow and a.base == sp.E)]
                num = sp.Mul(*keep) if keep else sp.Integer(1)
            return num
        ok, t = budget.run(work, self.slice(0.05, 0.5))
        out = t if ok and t is not None and t != 0 and not t.has(sp.nan, sp.zoo) else g
        cached[g] = out
        return out

    def _verify_plateau(self, g, P: sp.Interval) -> bool:
        """Check a claimed interval of zeros of f′ at a few interior points."""
        ga = self._compile(g)
        a, b = P.start, P.end
        if not (a.is_finite and b.is_finite):
            a = a if a.is_finite else b - 10
            b = b if b.is_finite else a + 10
        for k in (1, 3, 5, 7):
            t = a + (b - a) * sp.Rational(k, 8) + sp.Rational(1, 10**6)
            if ga is not None:
                with _prec(128):
                    try:
                        v = ga(to_arb(t))
                    except Exception:  # noqa: BLE001
                        return False
                if v.is_finite() and (v > 0 or v < 0):
                    return False
            else:
                v = sp.N(g.subs(self.x, t), 30)
                if v.is_number and abs(v) > 1e-20:
                    return False
        return True

    def _solve(self, g, interior):
        x = self.x
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
        if poly is not None and poly.degree() > 4:
            roots = [r for r in sp.real_roots(poly) if interior.contains(r) == sp.true]
            return [_pt_exact(r) for r in dict.fromkeys(roots)], [], None
        sol = sp.solveset(target, x, interior)
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
                got = self._enumerate(part, interior)
                if got is None:
                    return None
                pts += got
            elif isinstance(part, sp.ImageSet):
                fam = _family_text(part, x)
                return [], [], fam
            else:
                return None  # ConditionSet etc.: not solved exactly
        pts = [r for r in dict.fromkeys(pts) if interior.contains(r) == sp.true]
        if len(pts) > MAX_POINTS:
            return None
        return [_pt_exact(r) for r in pts], plateaus, None

    def _enumerate(self, part, interior):
        img = [a for a in part.args if isinstance(a, sp.ImageSet)]
        if not (interior.start.is_finite and interior.end.is_finite):
            self.families.append(_family_text(img[0], self.x))
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

    def isolate(self, g, C: sp.Interval):
        a, b = C.start, C.end
        if not (a.is_finite and b.is_finite):
            R = sp.Integer(20)
            span = max([abs(v) for v in (a, b) if v.is_finite] + [sp.Integer(0)])
            a2 = a if a.is_finite else -(R + 2 * span)
            b2 = b if b.is_finite else R + 2 * span
            if a.is_infinite:
                self.tails.append((a2, -1))
            if b.is_infinite:
                self.tails.append((b2, +1))
            a, b = a2, b2
        g = self._root_target(g)
        ga = self._compile(g)
        if ga is None:
            self.partial("f′ contains a function calc cannot evaluate rigorously; stationary points not certified")
            return [], [], [], []
        dg = differentiate(g, self.x)[0]
        dga = self._compile(dg)
        with _prec(max(128, int(self.digits * 3.33) + 40)):
            deadline = time.monotonic() + self.slice(0.4, 4.0)
            roots, undecided, plateaus = isolate_roots(ga, dga, a, b, self.digits, deadline, max_boxes=20_000)
        cert = [_Pt(None, r.lo.union(r.hi), True) for r in roots]
        und = [(lo, hi) for lo, hi in undecided]
        pl = [sp.Interval(sp.Rational(str(float(lo.mid()))), sp.Rational(str(float(hi.mid())))) for lo, hi in plateaus]
        return [], cert, und, pl

    # ------------------------------------------------------------ main
    def run(self) -> ExtremaResult:
        f, x, I = self.f, self.x, self.I
        D, dnotes = natural_domain(f, x, I, self.slice(0.2, 3.0))
        self.notes += dnotes
        comps, isolated = _components(D)
        if not comps and not isolated:
            raise DomainError(f"f = {textbook(f)} is not defined anywhere on {_interval_text(I)}")
        g = differentiate(f, x)[0]
        stationary: list = []
        nondiff: list = []
        cands: list = []       # (pt, kind, detail)
        limits: list = []      # (pt_or_inf, side, value expr, reason)
        plateaus: list = []
        undecided: list = []
        for C in comps:
            # non-differentiable points (kinks, cusps, jumps) inside C
            interior = sp.Interval(C.start, C.end, True, True)
            nd = find_nondifferentiable(f, x, interior, seconds=self.slice(0.15, 2.0), exact=False)
            jumps = []
            for item in nd:
                if isinstance(item, sp.Basic):  # unsolved condition g = 0: isolate numerically
                    if isinstance(item, sp.Eq) and isinstance(item.lhs, sp.frac):
                        jumps += self._integer_crossings(item.lhs.args[0], C, nondiff, cands)
                        continue
                    self._unsolved_kinks(item, C, nondiff, cands)
                    continue
                p = _pt_exact(item.point)
                nondiff.append(p)
                cands.append((p, "nondifferentiable", "kink" if item.kind.startswith("possible") else item.kind))
                if item.kind == "jump":
                    jumps.append(item.point)
            # stationary points
            cuts = [q.exact for q in nondiff if q.exact is not None]
            ex, cert, und, pl = self.stationary(g, C, cuts)
            for p in ex + cert:
                if any(abs(p.key - q.key) < 1e-300 for q in nondiff if q.exact is not None and p.exact is not None and q.exact == p.exact):
                    continue
                stationary.append(p)
                cands.append((p, "stationary", "" if p.exact is not None else "certified"))
            und = _cluster(und)
            for lo, hi in und:
                if any(_near(q, lo, hi) for q in nondiff) or _touches_end(lo, hi, C):
                    continue
                if float((hi - lo).mid()) > 1e-9:
                    # a region where the roots of f′ could not be isolated: bound f on it
                    self.regions.append((lo, hi))
                    continue
                r = self._recover_exact(g, lo, hi)
                if r is not None:
                    if not any(q.exact == r for q in stationary):
                        p = _pt_exact(r)
                        stationary.append(p)
                        cands.append((p, "stationary", ""))
                    continue
                p = _Pt(None, lo.union(hi), False)
                undecided.append(p)
                cands.append((p, "stationary", "not certified"))
                self.partial(f"could not certify whether f′ has a root in [{float(lo.mid()):.17g}, "
                             f"{float(hi.mid()):.17g}] (a multiple root?); it is kept as a candidate")
            plateaus += pl
            # endpoints and limits
            for end, side, open_ in ((C.start, "+", C.left_open), (C.end, "-", C.right_open)):
                if end.is_infinite:
                    limits.append((end, side, self._limit(end, side), "infinite end"))
                elif open_:
                    reason = "open end" if (end == I.start and I.left_open and side == "+") or \
                        (end == I.end and I.right_open and side == "-") else "excluded point"
                    limits.append((end, side, self._limit(end, side), reason))
                else:
                    cands.append((_pt_exact(end), "endpoint", ""))
            for j in jumps:
                for side in "+-":
                    limits.append((j, side, self._limit(j, side), "jump"))
        for p in isolated:
            cands.append((_pt_exact(p), "endpoint", "isolated point"))
        return self._conclude(g, D, stationary, nondiff, cands, limits, plateaus, undecided)

    def _recover_exact(self, g, lo, hi, deep: bool = True) -> Optional[sp.Expr]:
        """A simple exact root (0, 1/2, π/3 ...) inside a box the subdivision could not decide."""
        mid = float(((lo + hi) / 2).mid())
        width = max(float((hi - lo).mid()), 1e-15)
        guesses = [lambda: sp.nsimplify(mid, tolerance=width * 10, rational=True),
                   lambda: sp.nsimplify(mid, [sp.pi], tolerance=width * 10)]
        if deep:
            guesses.append(lambda: sp.nsimplify(mid, tolerance=width * 10))
        for make in guesses:
            ok, guess = budget.run(make, self.slice(0.05, 0.3))
            if not ok or guess is None:
                continue
            if guess.is_Float or abs(float(guess) - mid) > width * 10 or sp.count_ops(guess) > 12:
                continue
            val = g.subs(self.x, guess)
            try:
                n = sp.N(val, 50)
            except Exception:  # noqa: BLE001
                continue
            if not n.is_number or n.has(sp.nan, sp.zoo) or not n.is_finite or abs(n) > sp.Float("1e-40"):
                continue
            ok, v = budget.run(lambda: sp.simplify(val), self.slice(0.05, 0.5))
            if ok and v == 0:
                return guess
        return None

    def _integer_crossings(self, u, C, nondiff, cands) -> list:
        """Jumps of floor(u)/ceiling(u): the points of C where u is an integer."""
        a, b = C.start, C.end
        ua = self._compile(u)
        if ua is None or not (a.is_finite and b.is_finite):
            self.partial(f"could not locate the points where {textbook(u)} is an integer")
            return []
        with _prec(128):
            rng = _bound_on(ua, to_arb(a), to_arb(b))
        if rng is None or float(rng.upper().mid()) - float(rng.lower().mid()) > 500:
            self.partial(f"could not locate the points where {textbook(u)} is an integer")
            return []
        import math
        out = []
        for k in range(math.floor(float(rng.lower().mid())) - 1, math.ceil(float(rng.upper().mid())) + 2):
            ok, sol = budget.run(lambda: sp.solveset(sp.Eq(u, k), self.x, sp.Interval(a, b, True, True)),
                                 self.slice(0.05, 1.0))
            if ok and sol == sp.S.EmptySet:
                continue
            if not (ok and isinstance(sol, sp.FiniteSet)):
                self.partial(f"could not locate the points where {textbook(u)} = {k}")
                continue
            for r in sol:
                if r.is_real is False:
                    continue
                p = _pt_exact(r)
                nondiff.append(p)
                cands.append((p, "nondifferentiable", "jump"))
                out.append(r)
        return out

    def _unsolved_kinks(self, cond, C, nondiff, cands):
        h = cond.lhs - cond.rhs
        a, b = C.start, C.end
        if not (a.is_finite and b.is_finite):
            self.partial(f"could not solve {textbook(h)} = 0 (where f may not be differentiable) on an unbounded interval")
            return
        ha = self._compile(h)
        if ha is None:
            self.partial(f"could not locate the points where {textbook(h)} = 0")
            return
        dh = self._compile(differentiate(h, self.x)[0])
        with _prec(128):
            roots, und, _ = isolate_roots(ha, dh, a, b, self.digits, time.monotonic() + self.slice(0.2, 2.0))
        for r in roots:
            rec = self._recover_exact(h, r.lo, r.hi)
            p = _pt_exact(rec) if rec is not None else _Pt(None, r.lo.union(r.hi), True)
            nondiff.append(p)
            cands.append((p, "nondifferentiable", "" if rec is not None else "certified"))
        for lo, hi in und:
            p = _Pt(None, lo.union(hi), False)
            nondiff.append(p)
            cands.append((p, "nondifferentiable", "not certified"))

    def _limit(self, end, side) -> Optional[sp.Expr]:
        f = self.f.rewrite(sp.Piecewise) if self.f.has(sp.Max, sp.Min) else self.f

        def lim():
            try:
                if end.is_finite:
                    h = sp.Symbol("h", positive=True)
                    return sp.limit(f.subs(self.x, end + h if side == "+" else end - h), h, 0, "+")
                return sp.limit(f, self.x, end, side)
            except (NotImplementedError, TypeError, ValueError, AttributeError, ZeroDivisionError):
                return None
        ok, L = budget.run(lim, self.slice(0.15, 3.0))
        if not ok or L is None or isinstance(L, sp.Limit) or L.has(sp.nan):
            self.partial(f"the limit of f as x → {end}{side if end.is_finite else ''} could not be computed")
            return None
        if L == sp.zoo:
            return None
        if isinstance(L, sp.AccumBounds) or not L.is_number:
            self.undecided_extrema = True
            self.partial(f"f oscillates as x → {end}{side if end.is_finite else ''} (no limit; values fill "
                         f"{L}); the supremum and infimum near there are not decided")
            return None
        return L

    def _conclude(self, g, D, stationary, nondiff, cands, limits, plateaus, undecided) -> ExtremaResult:
        # values
        entries = []   # (pt, kind, detail, Num value, arb value)
        seen = []
        # one candidate per point: an exact form beats an enclosure, an endpoint or a
        # kink beats a stationary point found at the same place
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
        for p, kind, detail in sorted(kept, key=lambda c: c[0].key):
            try:
                v, b = self.value_at(p)
            except _Undefined:
                continue
            e = (p, kind, detail, v, b)
            seen.append(e)
            entries.append(e)
        # limits
        lim_entries = []
        for end, side, L, reason in limits:
            if L is None:
                continue
            if L.is_infinite:
                lim_entries.append((end, side, L, reason if reason not in ("excluded point", "open end") or end.is_infinite else "pole", None))
            else:
                with _prec(256):
                    try:
                        b = to_arb(L)
                    except NotCompilable:
                        b = arb(str(sp.N(L, 30)))
                lim_entries.append((end, side, L, reason, b))
        # plateau intervals: closures, with their value; ends found numerically are
        # snapped to a nearby exact candidate (a kink) when there is one
        exact_pts = [p.exact for p, _, _, _, _ in entries if p.exact is not None]
        snapped = []
        for P in plateaus:
            a, b = P.start, P.end
            for q in exact_pts:
                if not a.is_Rational or q == a:
                    break
            if a.is_Float or (a.is_Rational and a.q > 10**6):
                a = min(exact_pts, key=lambda q: abs(float(q) - float(a)), default=a) \
                    if exact_pts and min(abs(float(q) - float(a)) for q in exact_pts) < 1e-9 else a
            if b.is_Float or (b.is_Rational and b.q > 10**6):
                b = min(exact_pts, key=lambda q: abs(float(q) - float(b)), default=b) \
                    if exact_pts and min(abs(float(q) - float(b)) for q in exact_pts) < 1e-9 else b
            snapped.append(sp.Interval(a, b, P.left_open, P.right_open) if a != P.start or b != P.end else P)
        plateaus = snapped
        plat = []
        for P in plateaus:
            if P.measure == 0:
                continue
            mid = (P.start + P.end) / 2
            try:
                v, b = self.value_at(_pt_exact(mid))
            except _Undefined:
                continue
            plat.append((P, v, b))
        local = self._classify(g, entries, stationary, nondiff, undecided, plat)
        maximum = self._extremum(entries, lim_entries, plat, +1)
        minimum = self._extremum(entries, lim_entries, plat, -1)
        for R, direction in self.tails:
            self._check_tail(R, direction, maximum, minimum, entries)
        for lo, hi in self.regions:
            self._check_region(lo, hi, maximum, minimum, entries)
        if self.undecided_extrema:
            maximum = minimum = None
        if plat:
            self.notes.append("f is constant on " + ", ".join(_interval_text(P) for P, _, _ in plat)
                              + ": every point there is a non-strict local extremum")
        cand_out = tuple(Candidate(p.num(), kind, v, detail) for p, kind, detail, v, _ in entries)
        lims_out = tuple((f"x → {textbook(end)}{side if end.is_finite else ''}", Num.of(L), reason)
                         for end, side, L, reason, _ in lim_entries)
        return ExtremaResult(
            self.f, self.x, self.I, D, g,
            tuple(p.num() for p in sorted(stationary, key=lambda p: p.key)),
            tuple(p.num() for p in sorted(nondiff, key=lambda p: p.key)),
            cand_out, tuple(local), maximum, minimum, self.status, tuple(self.notes),
            tuple(self.families), lims_out)

    def _check_tail(self, R, direction, maximum, minimum, entries):
        """Beyond the window where f′'s roots were isolated, bound f by interval
        arithmetic on [R·2^k, R·2^(k+1)]: the tail holds no extremum when f stays
        strictly below the maximum and above the minimum there."""
        word = f"x > {R}" if direction > 0 else f"x < {R}"
        if self.f_arb is None:
            self.partial(f"the critical points for {word} were not examined")
            return
        lo_all, hi_all = None, None
        with _prec(128):
            start = to_arb(abs(R))
            for k in range(64):
                a, b = start * 2 ** k, start * 2 ** (k + 1)
                box = a.union(b) if direction > 0 else (-b).union(-a)
                v = self.f_arb(box)
                if not v.is_finite():
                    self.partial(f"f could not be bounded for {word}; critical points there were not examined")
                    return
                lo_all = v.lower() if lo_all is None else min(lo_all, v.lower(), key=_key)
                hi_all = v.upper() if hi_all is None else max(hi_all, v.upper(), key=_key)
        ok_max = maximum is not None and (not maximum.attained or self._below(hi_all, maximum, entries, +1))
        ok_min = minimum is not None and (not minimum.attained or self._below(lo_all, minimum, entries, -1))
        if maximum is not None and not maximum.attained:
            ok_max = maximum.value.is_infinite or (maximum.value.float is not None and float(hi_all.mid()) < maximum.value.float)
        if minimum is not None and not minimum.attained:
            ok_min = minimum.value.is_infinite or (minimum.value.float is not None and float(lo_all.mid()) > minimum.value.float)
        if ok_max and ok_min:
            self.notes.append(f"f′ = 0 was solved up to x = {R}; for {word} interval arithmetic bounds f "
                              f"strictly between the minimum and the maximum (checked up to |x| = {abs(R)}·2^64), "
                              f"so no global extremum lies there (stationary points beyond it, if any, are not listed)")
        else:
            self.partial(f"critical points for {word} were not examined (f′ = 0 has no closed form there)")

    def _check_region(self, lo, hi, maximum, minimum, entries):
        """A box where f′'s roots were not isolated cannot hold the global extremum if
        an interval-arithmetic bound of f on it lies strictly inside (min, max)."""
        where = f"[{float(lo.mid()):.6g}, {float(hi.mid()):.6g}]"
        v = None
        if self.f_arb is not None:
            with _prec(128):
                v = _bound_on(self.f_arb, lo, hi)
        if v is None or maximum is None or minimum is None:
            self.undecided_extrema = True
            self.partial(f"the roots of f′ in {where} could not be isolated and f could not be bounded there")
            return
        ok_max = (self._below(v.upper(), maximum, entries, +1) if maximum.attained else
                  (maximum.value.is_infinite or float(v.upper().mid()) < (maximum.value.float or 0)))
        ok_min = (self._below(v.lower(), minimum, entries, -1) if minimum.attained else
                  (minimum.value.is_infinite or float(v.lower().mid()) > (minimum.value.float or 0)))
        if ok_max and ok_min:
            self.notes.append(f"the roots of f′ in {where} were not isolated, but interval arithmetic bounds f "
                              f"there strictly between the minimum and the maximum")
        else:
            self.undecided_extrema = True
            self.partial(f"the roots of f′ in {where} could not be isolated (infinitely many?) and f reaches "
                         f"the extreme values there; give a smaller interval")

    def _below(self, bound, ext, entries, sign) -> bool:
        v = ext.value
        b = to_arb(v.exact) if v.exact is not None and not v.is_infinite else (
            arb(v.lo).union(arb(v.hi)) if v.lo is not None else None)
        if b is None:
            return False
        return bool(bound < b) if sign > 0 else bool(bound > b)

    # ------------------------------------------------------------ comparison
    def _extremum(self, entries, lims, plat, sign) -> Optional[Extremum]:
        best_val = None   # (arb or inf marker)
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
        ties = [t for t in pool if self._equal(t, top)]
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
                if any(_in_closure(P, p) for P, _, _ in plat) and any(self._equal(t, u) for u in plats):
                    continue
                pts.append(p)
            pts.sort(key=lambda p: p.key)
            best = attained_pts[0] if attained_pts else plats[0]
            value = best[1]
            exact_vals = [t[1] for t in attained_pts if t[1].exact is not None]
            if value.exact is None and exact_vals:
                value = exact_vals[0]
            return Extremum(True, value, tuple(p.num() for p in pts), tuple(intervals), None, tuple(openness))
        lim = ties[0]
        return Extremum(False, lim[1], (), (), lim[2][1])

    def _equal(self, s, t) -> bool:
        if s is t:
            return True
        a, b = s[0], t[0]
        if a < b or a > b:
            return False
        ea, eb = s[1].exact, t[1].exact
        if ea is not None and eb is not None:
            if ea == eb:
                return True
            ok, d = budget.run(lambda: sp.simplify(ea - eb), self.slice(0.05, 1.0))
            if ok and d == 0:
                return True
            if ok and d is not None and d.is_number:
                ok2, z = budget.run(lambda: d.equals(0), self.slice(0.05, 1.0))
                if ok2 and z is False:
                    return False
                if ok2 and z is True:
                    return True
        # overlapping enclosures at 256 bits: equal to about 75 digits
        if s[2][0] == "pt" and t[2][0] == "pt" and (ea is None or eb is None):
            pass
        note = "some candidate values agree to 70 digits and are treated as equal (not proven)"
        if note not in self.notes and not (ea is not None and eb is not None and ea == eb):
            if float(a.rad()) < 1e-60 and float(b.rad()) < 1e-60:
                self.notes.append(note)
        return True

    # ------------------------------------------------------------ classification
    def _classify(self, g, entries, stationary, nondiff, undecided, plat):
        """First-derivative sign test on the gaps between critical points (f′ has no
        root inside a gap, so one certified evaluation gives its sign), refined by the
        second- and higher-derivative tests at stationary points."""
        x = self.x
        crit = sorted([e for e in entries if e[1] != "endpoint"], key=lambda e: e[0].key)
        all_pts = sorted([e[0] for e in entries], key=lambda p: p.key)
        ga = self._compile(g)
        out = []
        for p, kind, detail, v, b in crit:
            i = next(k for k, q in enumerate(all_pts) if q is p)
            left = all_pts[i - 1] if i > 0 else None
            right = all_pts[i + 1] if i + 1 < len(all_pts) else None
            sl = self._gap_sign(ga, g, left, p)
            sr = self._gap_sign(ga, g, p, right)
            test = "first-derivative sign test"
            kind_out, strict = "neither", True
            if kind == "stationary" and p.exact is not None:
                r = self._higher_order(p.exact)
                if r is not None:
                    kind_out, strict, test = r
                    if sl == 0 or sr == 0:
                        strict = False
                    out.append(LocalExtremum(p.num(), kind_out, strict, test))
                    continue
            if detail == "jump":
                k = self._jump_kind(p, v, sl, sr)
                if k is not None:
                    out.append(LocalExtremum(p.num(), k[0], k[1], "comparison with the one-sided limits at the jump"))
                    continue
            if sl is None or sr is None:
                out.append(LocalExtremum(p.num(), "neither" if False else "neither", False,
                                         "undecided: the sign of f′ near this point could not be certified"))
                continue
            if sl >= 0 and sr <= 0 and not (sl == 0 and sr == 0):
                kind_out = "max"
            elif sl <= 0 and sr >= 0 and not (sl == 0 and sr == 0):
                kind_out = "min"
            elif sl == 0 and sr == 0:
                kind_out, test = "max", "f is constant on both sides (plateau)"
                out.append(LocalExtremum(p.num(), "max", False, test))
                out.append(LocalExtremum(p.num(), "min", False, test))
                continue
            strict = not (sl == 0 or sr == 0)
            if kind == "stationary" and p.exact is None and kind_out != "neither":
                test = "first-derivative sign test (f′ changes sign across the certified root)"
            out.append(LocalExtremum(p.num(), kind_out, strict, test))
        return out

    def _gap_sign(self, ga, g, a: Optional[_Pt], b: Optional[_Pt]) -> Optional[int]:
        if a is None or b is None:
            # one-sided: pick a point just beyond within the interval
            ref = a or b
            I = self.I
            if a is None:
                lo = I.start if I.start.is_finite else sp.Float(ref.key - 1.0)
                pts = [(sp.Rational(str(float(lo))) + sp.Rational(str(ref.key))) / 2]
            else:
                hi = I.end if I.end.is_finite else sp.Float(ref.key + 1.0)
                pts = [(sp.Rational(str(float(hi))) + sp.Rational(str(ref.key))) / 2]
        else:
            pts = [(sp.Rational(str(a.key)) + sp.Rational(str(b.key))) / 2]
        m = pts[0]
        if ga is not None:
            with _prec(128):
                try:
                    v = ga(to_arb(m))
                except Exception:  # noqa: BLE001
                    v = arb("nan")
            if v.is_finite():
                if v > 0:
                    return 1
                if v < 0:
                    return -1
                if v == 0:
                    return 0
        ok, val = budget.run(lambda: sp.N(g.subs(self.x, m), 30), self.slice(0.05, 0.5))
        if ok and val is not None and val.is_number and val.is_real:
            return 0 if val == 0 else (1 if val > 0 else -1)
        return None

    def _higher_order(self, p) -> Optional[tuple]:
        x = self.x
        d = differentiate(self.f, x)[0]
        for n in range(2, 9):
            d = differentiate(d, x)[0]
            ok, v = budget.run(lambda: sp.simplify(d.subs(x, p)), self.slice(0.05, 1.0))
            if not ok or v is None or v.has(sp.nan, sp.zoo) or not v.is_number:
                return None
            if v == 0:
                continue
            with _prec(256):
                try:
                    b = to_arb(v)
                except NotCompilable:
                    return None
            if not (b > 0 or b < 0):
                ok, z = budget.run(lambda: v.equals(0), self.slice(0.05, 1.0))
                if ok and z is True:
                    continue
                return None
            name = "second-derivative test" if n == 2 else f"higher-order derivative test (f^({n}) is the first nonzero derivative)"
            if n % 2 == 1:
                return "neither", True, name
            return ("min" if b > 0 else "max"), True, name
        return None

    def _jump_kind(self, p: _Pt, v: Num, sl=None, sr=None):
        """Compare f(p) with the one-sided limits at a jump; a side whose limit equals
        f(p) is judged by the sign of f′ next to p."""
        if p.exact is None or v.exact is None:
            return None
        L = self._limit(p.exact, "-")
        R = self._limit(p.exact, "+")
        sides = []
        for lim, s, left in ((L, sl, True), (R, sr, False)):
            if lim is None:
                return None
            try:
                if lim.is_infinite:
                    rel = "higher" if lim == sp.oo else "lower"
                elif bool(lim < v.exact):
                    rel = "lower"
                elif bool(lim > v.exact):
                    rel = "higher"
                else:
                    if s is None:
                        return None
                    if s == 0:
                        rel = "equal"
                    else:
                        rel = ("lower" if s > 0 else "higher") if left else ("higher" if s > 0 else "lower")
            except TypeError:
                return None
            sides.append(rel)
        if all(r in ("lower", "equal") for r in sides) and "lower" in sides:
            return "max", "equal" not in sides
        if all(r in ("higher", "equal") for r in sides) and "higher" in sides:
            return "min", "equal" not in sides
        if sides == ["equal", "equal"]:
            return None
        return "neither", True


class _Undefined(Exception):
    pass


def _split_at(intervals, cuts):
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


def _pieces(C: sp.Interval, cuts, plateaus):
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


def _in_closure(P: sp.Interval, p: "_Pt") -> bool:
    if p.exact is not None:
        return bool(P.closure.contains(p.exact) == sp.true)
    return float(P.start) - 1e-12 <= p.key <= float(P.end) + 1e-12


def _near(p: _Pt, lo: arb, hi: arb) -> bool:
    return float(lo.mid()) - 1e-9 <= p.key <= float(hi.mid()) + 1e-9


def _bound_on(fa, lo: arb, hi: arb, pieces: int = 64) -> Optional[arb]:
    """An enclosure of f on [lo, hi]; a piece touching a point where f is not defined
    (an open end, a pole, a hole) is approached geometrically, the last 2^-40 of it
    being covered by the one-sided limit computed for that point."""
    out = None
    for k in range(pieces):
        a = lo + (hi - lo) * k / pieces
        b = lo + (hi - lo) * (k + 1) / pieces
        w = fa(a.union(b))
        if not w.is_finite():
            w = None
            if k == 0 or k == pieces - 1:
                anchor, other = (a, b) if k == 0 else (b, a)
                acc = None
                for j in range(40):
                    p = anchor + (other - anchor) / 2 ** j
                    q = anchor + (other - anchor) / 2 ** (j + 1)
                    u = fa(p.union(q))
                    if not u.is_finite():
                        acc = None
                        break
                    acc = u if acc is None else acc.union(u)
                w = acc
            if w is None:
                return None
        out = w if out is None else out.union(w)
    return out


def _cluster(boxes):
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


def _touches_end(lo, hi, C) -> bool:
    if float((hi - lo).mid()) > 1e-9:
        return False  # a wide undecided box at an end may hide many roots: keep it
    for e in (C.start, C.end):
        if e.is_finite and abs(float(lo.mid()) - float(e)) < 1e-9 or e.is_finite and abs(float(hi.mid()) - float(e)) < 1e-9:
            return True
    return False


def _family_text(img, x) -> str:
    lam = img.lamda
    n = lam.variables[0]
    k = sp.Symbol("k", integer=True)
    return f"{x.name} = {textbook(lam.expr.xreplace({n: k}))}, k ∈ ℤ"


def extrema_1d(f: sp.Expr, x: sp.Symbol, interval: sp.Set, digits: int = 15, timeout: float = 10.0) -> ExtremaResult:
    """The one-variable finder on a parsed function and interval."""
    if not (1 <= digits <= 100):
        raise CalcError("digits must be between 1 and 100")
    if timeout <= 0:
        raise CalcError("timeout must be positive")
    finder = _Finder(f, x, interval, digits, timeout)
    ok, res = budget.run(finder.run, timeout + 2.0, catch=False)
    if not ok:
        raise _TimeoutResult(f, x, interval, finder)
    return res


class _TimeoutResult(CalcError):
    exit_code = 3

    def __init__(self, f, x, I, finder):
        super().__init__(f"could not decide the extrema of {textbook(f)} on {_interval_text(I)} within the "
                         f"time budget; try a larger --timeout or a smaller interval")


def extrema(f: ExprLike, x=None, on=None, digits: int = 15, timeout: float = 10.0):
    """Global maximum and minimum of f on an interval, with every candidate.

    ``on`` is an interval (``"[a, b]"``, ``"(a, b]"``, ``"[0, oo)"``, ``"R"``, a
    sympy Interval) for one variable, or a box (``{"x": "[a, b]", "y": "[c, d]"}``
    or ``"x in [a, b], y in [c, d]"``) for several.

    >>> r = extrema("x^3 - 3x", on="[-2, 3]")
    >>> r.maximum.value.exact, [p.exact for p in r.maximum.points]
    (18, [3])
    >>> r.minimum.value.exact, [p.exact for p in r.minimum.points]
    (-2, [-2, 1])
    """
    if isinstance(on, dict) or (isinstance(on, str) and on.count(" in ") >= 2):
        from .multivariate import extrema_box
        return extrema_box(f, on, timeout=timeout, digits=digits)
    expr = parse(f)
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    if x is None and len(syms) > 1:
        if on is None or isinstance(on, dict):
            from .multivariate import extrema_box
            return extrema_box(f, on, timeout=timeout, digits=digits)
        raise CalcError(f"{textbook(expr)} has several variables; give a box such as "
                        f"\"{syms[0].name} in [a, b], {syms[1].name} in [c, d]\"")
    expr, var = resolve(expr, x)
    if isinstance(on, str) and " in " in on:
        name = on.split(" in ", 1)[0].strip()
        if name != var.name:
            raise CalcError(f"the interval is for {name!r} but the variable is {var.name!r}")
    I = parse_interval(on)
    return extrema_1d(expr, var, I, digits, timeout)
