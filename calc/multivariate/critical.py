"""The critical-point front door: every point where ∇f = 0 or f is not differentiable, classified."""
from __future__ import annotations

import time

import sympy as sp

from .. import budget
from ..errors import BudgetExceeded, CalcError, ParseError
from ..parsing import parse
from ..printing import textbook
from ..render.several import _KIND_WORDS
from ..stages.intervals import parse_box
from .caps import DEFAULT_SEARCH
from .classify import _Classifier
from .describe import _eq_text, _tidy
from .engine import _Engine
from .faces import _BoxFinder
from .results import CriticalPoint, CriticalPointsResult
from .values import _V, _Sol, _d


class _CritFinder(_BoxFinder):
    """Critical points on all of R^n (or inside a box): no faces, ridges described."""

    def __init__(self, eng, expr, vars_, box):
        super().__init__(eng, expr, vars_, box)
        self.ridge_text: list[str] = []
        self.lattice: list = []
        self.family_eqs: list = []

    def on_family(self, c) -> bool:
        """Does the candidate lie on a described continuum of critical points?"""
        if not self.family_eqs or any(p.exact is None for p in c.point):
            return False
        pt = {v: p.exact for v, p in zip(self.vars, c.point)}
        for eqs in self.family_eqs:
            if eqs and all(self.E.is_zero(e.xreplace(pt), 0.3) is True for e in eqs):
                return True
        return False

    def run(self) -> None:
        self.stratum(self.f, list(self.vars), {}, False)

    def on_ridge(self, F, h, br, W, sub) -> None:
        free = [w for w in W if w not in br]
        if not free or sub:
            return
        text = f"f is not differentiable on the set {textbook(h)} = 0"
        if text in self.ridge_text:
            return
        # check at one point of the ridge that the one-sided derivatives across it disagree
        pv = {w: sp.Rational(3, 7) + i for i, w in enumerate(free)}
        p = {v: (br[v].xreplace(pv) if v in br else pv[v]) for v in self.vars}
        if any(self.E.real_exact(c) is None for c in p.values()):
            pv = {w: -sp.Rational(5, 3) - i for i, w in enumerate(free)}
            p = {v: (br[v].xreplace(pv) if v in br else pv[v]) for v in self.vars}
        normal = [_d(h, v).xreplace(p) for v in self.vars]
        C = _Classifier(self.E, self.f, self.vars)
        a = C.dirder(self.f, p, normal)
        b = C.dirder(self.f, p, [-c for c in normal])
        if a is not None and b is not None and self.E.is_zero(a[1] + b[1], 0.5) is True:
            return          # differentiable across it (e.g. |x|^3)
        self.ridge_text.append(text)

    def add_family(self, s: _Sol, W, sub, nondiff) -> None:
        ints = [p for p in s.params if p not in W]
        assign = {v: (s.vals.get(v, v) if v in W else sub[v].xreplace(s.vals)) for v in self.vars}
        order = []
        for v in self.vars:
            for a in sp.preorder_traversal(assign[v]):
                if a in ints and a not in order:
                    order.append(a)
        order += [p for p in ints if p not in order]
        names = dict(zip(order, [sp.Symbol(n, integer=True) for n in ("n", "m", "k", "j", "l")]))
        ints = order
        shown = {v: a.xreplace(names) for v, a in assign.items()}
        if ints:
            desc = "(" + ", ".join(textbook(shown[v]) for v in self.vars) + ")" + \
                   f", {', '.join(str(names[p]) for p in ints)} ∈ ℤ"
            C = _Classifier(self.E, self.f, self.vars)
            kind, test, _ = C.hessian_exact(assign) if not nondiff else ("inconclusive", "", None)
            val = self.E.simp(self.f.xreplace(assign), 0.5)
            desc += f": f = {textbook(val.xreplace(names))}"
            if kind != "inconclusive":
                desc += f", {_KIND_WORDS[kind]} — {test}"
            self.lattice.append(desc)
            return
        free = [p for p in s.params if p in W]
        val = self.E.simp(self.f.xreplace(assign), 1.0)
        what = "points where f is not differentiable" if nondiff else "critical points"
        implicit = [e for e in s.eqs if e.free_symbols & set(free)] if not sub else []
        fixed = [f"{v.name} = {textbook(shown[v])}" for v in self.vars
                 if shown[v] != v and not (shown[v].free_symbols & set(free))]
        if implicit:
            parts = ", ".join(fixed + [_eq_text(e) for e in implicit])
            desc = f"a continuum of {what}: {parts}"
        else:
            parts = ", ".join(f"{v.name} = {textbook(shown[v])}" for v in self.vars if shown[v] != v)
            desc = f"a continuum of {what}: {parts or 'every point'} ({', '.join(p.name for p in free)} free)"
        if not val.free_symbols:
            desc += f", where f = {textbook(val)}"
        if desc not in self.families:
            self.families.append(desc)
            self.family_eqs.append([sp.Add(v, -shown[v]) for v in self.vars if shown[v] != v
                                    and not (shown[v].free_symbols & set(free))] + list(implicit))


def critical_points(f, vars=None, timeout: float = 10.0, on=None, digits: int = 15) -> CriticalPointsResult:
    """Every point where ∇f = 0 or f is not differentiable, each classified.

    ``vars`` lists the variables (names, Symbols or "x,y"; default: the free
    symbols in alphabetical order).  ``on`` optionally restricts the search to
    a box (same forms as :func:`parse_box`); without it, equations sympy cannot
    solve are searched numerically on [-10, 10]^n (said in the notes).

    >>> r = critical_points("x^3 - 3x y + y^3")
    >>> [([n.exact for _, n in c.point], c.kind) for c in r.critical_points]
    [([0, 0], 'saddle'), ([1, 1], 'min')]
    """
    from ..derivative import only_variables, variables_of
    expr = parse(f)
    if isinstance(expr, sp.logic.boolalg.Boolean) and not isinstance(expr, sp.Expr):
        raise ParseError("expected a function, got a condition")
    if on is not None:
        vars_, box = parse_box(on, expr, closed=False)
        if vars is not None:
            want = variables_of(expr, vars)
            if set(want) != set(vars_):
                raise CalcError("the variables and the box disagree")
            vars_ = want
    else:
        vars_ = variables_of(expr, vars)
        if not vars_:
            raise CalcError(f"{textbook(expr)} has no variables")
        only_variables(expr, vars_)
        box = {v: sp.Interval(-sp.oo, sp.oo) for v in vars_}
    eng = _Engine(timeout, digits)
    finder = _CritFinder(eng, expr, vars_, box)
    ok, _ = budget.run(finder.run, timeout + 1.0, catch=False)
    if not ok:
        eng.note("the time budget ran out; the list may be incomplete", partial=True)
    if eng.default_box_used:
        eng.note(f"some equations have no closed-form solution; they were solved numerically (certified) "
                 f"only in [-{DEFAULT_SEARCH}, {DEFAULT_SEARCH}] for each variable — pass on=... for another region")
    eng.deadline = time.monotonic() + max(3.0, min(10.0, timeout))
    C = _Classifier(eng, expr, vars_)
    names = [v.name for v in vars_]
    pts = []
    on_fam = 0
    for c in finder.cands:
        if finder.on_family(c):
            on_fam += 1
            continue
        if c.nondiff and all(p.exact is not None for p in c.point):
            d = C.differentiable_at(dict(zip(vars_, [p.exact for p in c.point])))
            if d == "regular":
                continue            # f is differentiable there with a non-zero gradient
            if d == "critical":
                c.nondiff = False
        try:
            ok, res = budget.run(lambda: C.classify(c.point, not c.nondiff), max(0.5, eng.left()))
        except BudgetExceeded:
            ok, res = False, None
        if not ok or res is None:
            res = ("inconclusive", "not classified (time budget exhausted)", None)
            eng.partial = True
        kind, test, strict = res
        v = c.value
        if v.exact is not None:
            v = _V(eng.simp(v.exact, 0.3), v.ball, True)
        pts.append(CriticalPoint(tuple((n, p.num()) for n, p in zip(names, c.point)), kind, test,
                                 not c.nondiff, v.num(), strict))
    pts.sort(key=lambda c: [n.sort_key() for _, n in c.point])
    if on_fam:
        eng.note(f"{on_fam} isolated solution(s) lying on a continuum of critical points are described by "
                 f"the continuum only")
    fams = list(finder.lattice) + list(finder.families) + list(finder.ridge_text)
    grad = tuple(_d(expr, v) for v in vars_)
    hess = tuple(tuple(_tidy(eng, _d(g, v)) for v in vars_) for g in grad)
    region = None
    if on is not None:
        region = tuple(box[v] for v in vars_)
    return CriticalPointsResult(expr, tuple(vars_), grad, hess, tuple(pts), tuple(fams),
                                "partial" if eng.partial else "ok", tuple(eng.notes), region)
