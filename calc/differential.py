"""``calc.differential``: dy = f′(x) dx, Δy and the remainder Δy − dy."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Optional

import sympy as sp

from .catalogue import REGISTRY
from .catalogue.base import C, U, V, dU, dV
from .derivative import ExprLike, simplify_display, variables_of
from .differentiate import Step, _combine, differentiate
from .errors import CalcError
from .let import takes_let
from .parsing import parse, symbol
from .printing import d
from .render import differential as _render
from .render.notebook import Notebook

_FPRIME_U = sp.Symbol("f'(u)")      # the chain rule's f′(u) in Table 2-2's row 5


@dataclass(frozen=True, eq=False)
class DifferentialStep:
    """One node of a differential's derivation, by the differential column of Tables 2-1/2-2.

    ``form`` is d(``expr``) as the cited row writes it, in the differentials
    ``d(u)`` of the sub-expressions (:class:`calc.printing.d`; ``dx`` for the
    variable): ``d(uv) = v du + u dv``, and for a composite function the
    invariant form ``dy = f′(u) du`` with ``inner`` = u.  ``result`` is the same
    differential in dx (f′(x) dx); ``children`` derive the d(u) that ``form`` uses.
    Shared sub-expressions share one step (a DAG, as the derivative's steps)."""

    expr: sp.Expr
    variable: sp.Symbol
    kind: str
    rules: tuple
    form: sp.Expr
    children: tuple
    result: sp.Expr
    inner: Optional[sp.Expr] = None

    def walk(self):
        """Every distinct step once, root first."""
        seen, stack = set(), [self]
        while stack:
            s = stack.pop()
            if id(s) in seen:
                continue
            seen.add(id(s))
            yield s
            stack.extend(reversed(s.children))


def differential_form(step: Step) -> sp.Expr:
    """d(step.expr) by the differential column of the step's row, in the children's d(u)."""
    x, kind, data = step.variable, step.kind, step.data
    holes = [d(c.expr) for c in step.children]
    if kind == "var":
        return d(x)
    if kind == "const":
        return sp.Integer(0)
    if kind == "sum":                       # 2-2.1  d(u ± v) = du ± dv, term by term
        return sp.Add(*holes)
    if kind == "cmul":                      # 2-2.2  d(Cu) = C du
        return REGISTRY["2-2.2"].differential.xreplace({C: data, dU: holes[0]})
    if kind == "product" and len(holes) == 2:   # 2-2.3  d(uv) = v du + u dv
        return REGISTRY["2-2.3"].differential.xreplace({U: data[0], V: data[1], dU: holes[0], dV: holes[1]})
    if kind == "product":                   # 2-2.3 for each factor against the product of the others
        return sp.Add(*[sp.Mul(*(data[:i] + data[i + 1:])) * h for i, h in enumerate(holes)])
    if kind == "quotient":                  # 2-2.4  d(u/v) = (v du − u dv)/v²
        return REGISTRY["2-2.4"].differential.xreplace({U: data[0], V: data[1], dU: holes[0], dV: holes[1]})
    if kind == "logdiff":                   # u^v: d(u^v) = u^v (ln u dv + v du/u)
        return REGISTRY["extra.uv"].differential.xreplace({U: data[0], V: data[1], dU: holes[0], dV: holes[1]})
    if not holes:                           # a Table 2-1 row at x itself: f′(x) dx
        return step.result * d(x)
    if len(holes) == 1 and "2-2.5" in step.rules:   # 2-2.5  dy = f′(u) du, the invariant form
        outer = _combine(kind, step.expr, step.data, [], x)
        return REGISTRY["2-2.5"].differential.xreplace({_FPRIME_U: outer, dU: holes[0]})
    # max/min and piecewise: their rows' differential is the derivative with du for u′
    return _combine(kind, step.expr, step.data, holes, x)


def differential_steps(root: Step) -> DifferentialStep:
    """The derivative's steps (the rule walker's DAG) written as differentials."""
    memo: dict = {}
    stack = [root]
    while stack:
        s = stack[-1]
        if id(s) in memo:
            stack.pop()
            continue
        pending = [c for c in s.children if id(c) not in memo]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        inner = s.children[0].expr if "2-2.5" in s.rules and len(s.children) == 1 else None
        memo[id(s)] = DifferentialStep(s.expr, s.variable, s.kind, s.rules, differential_form(s),
                                       tuple(memo[id(c)] for c in s.children), s.result * d(s.variable), inner)
    return memo[id(root)]


@dataclass(frozen=True)
class DifferentialResult(Notebook):
    """dy = f′(x) dx (or the total differential dz = f_x dx + f_y dy + ...).

    With a point ``at`` and a step ``dx``: the increment Δy, the differential
    dy, the remainder Δy − dy, and rows (Δx, Δy, dy, Δy − dy, (Δy − dy)/Δx)
    for Δx, Δx/10, Δx/100, ... showing the remainder vanishes faster than Δx.

    >>> r = differential("x^3", at=2, dx="0.01")
    >>> r.increment, r.differential_value, r.remainder
    (120601/1000000, 3/25, 601/1000000)
    """

    function: sp.Expr
    variables: tuple
    partials: tuple
    expr: sp.Expr               # the differential, in symbols dx, dy, ...
    at: Optional[tuple] = None
    step: Optional[tuple] = None
    increment: Optional[sp.Expr] = None
    differential_value: Optional[sp.Expr] = None
    remainder: Optional[sp.Expr] = None
    table: tuple = ()
    shown: tuple = ()           # the partials in their display form (simplified under a budget)

    @property
    def dependent(self) -> str:
        """The name of the dependent variable: y = f(x), z = f(x, y), u = f(x, y, z) (one not taken)."""
        names = {v.name for v in self.variables}
        pool = ("y", "z", "u", "w") if len(self.variables) == 1 else ("z", "u", "w")
        return next((n for n in pool if n not in names), "f")

    @functools.cached_property
    def steps(self) -> tuple:
        """The derivation: one variable, (:class:`DifferentialStep`,) by the differential
        column (dy = f′(u) du kept through every composition); several, the derivation
        of each partial derivative (the derivative's steps), for dz = f_x dx + f_y dy."""
        trees = [differentiate(self.function, v, True)[1] for v in self.variables]
        if len(self.variables) == 1:
            return (differential_steps(trees[0]),)
        return tuple(trees)

    # -- renderers (calc.render.differential)
    def text(self, steps: bool = False) -> str:
        return _render.text(self, steps)

    def formula(self) -> str:
        """``3x² dx``, ``(2x + y) dx + x dy``: the textbook form."""
        return _render.formula(self)

    def latex(self, steps: bool = False) -> str:
        return _render.latex(self, steps)

    def markdown(self, steps: bool = True) -> str:
        return _render.markdown(self, steps)

    def to_dict(self, steps: bool = True) -> dict:
        return _render.to_dict(self, steps)

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(**kw), ensure_ascii=False, indent=2)

    def __str__(self) -> str:
        return self.text()


def _num(v):
    if isinstance(v, sp.Basic):
        return v
    return parse(str(v)) if isinstance(v, (str, float)) else sp.Integer(v)


@takes_let
def differential(f: ExprLike, vars=None, at=None, dx=None, rows: int = 5) -> DifferentialResult:
    """The differential dy = f′(x) dx; the total differential for several variables.

    ``at`` (a number, or a tuple for several variables) and ``dx`` (the step,
    likewise) add Δy, dy, the remainder and the table of shrinking steps.

    >>> print(differential("x^2 + x y").expr)
    dx*(2*x + y) + dy*x
    """
    expr = parse(f)
    vs = variables_of(expr, vars) or [symbol("x")]
    partials = tuple(differentiate(expr, v)[0] for v in vs)
    dsyms = [symbol("d" + v.name) for v in vs]
    shown = tuple(simplify_display(p) for p in partials)
    total = sp.Add(*[p * d for p, d in zip(shown, dsyms)])
    if at is None:
        return DifferentialResult(expr, tuple(vs), partials, total, shown=shown)
    at_t = tuple(_num(a) for a in (at if isinstance(at, (tuple, list)) else [at]))
    if dx is None:
        raise CalcError("give the step dx together with the point at")
    h_t = tuple(_num(h) for h in (dx if isinstance(dx, (tuple, list)) else [dx]))
    if len(at_t) != len(vs) or len(h_t) != len(vs):
        raise CalcError(f"expected {len(vs)} coordinate(s) for at and dx ({', '.join(v.name for v in vs)})")

    def parts(scale):
        hs = [h * scale for h in h_t]
        base = dict(zip(vs, at_t))
        f0 = expr.xreplace(base)
        f1 = expr.xreplace({v: a + h for v, a, h in zip(vs, at_t, hs)})
        dy = sp.Add(*[p.xreplace(base) * h for p, h in zip(partials, hs)])
        inc = sp.nsimplify(f1 - f0) if (f1 - f0).is_Rational else f1 - f0
        return hs, inc, dy

    hs, inc, dy = parts(1)
    for v in (inc, dy):
        if v.has(sp.zoo, sp.nan) or sp.N(v).is_real is False:
            raise CalcError(f"f is not differentiable or not defined at {at_t}")
    table = []
    for k in range(rows):
        hk, ik, dk = parts(sp.Rational(1, 10 ** k))
        rem = ik - dk
        # one variable: Δx (with its sign); several: ρ = √(Δx² + Δy² + ...), as the remainder is o(ρ)
        h = hk[0] if len(hk) == 1 else sp.sqrt(sp.Add(*[t ** 2 for t in hk]))
        table.append((h, ik, dk, rem, rem / h if h != 0 else sp.nan))
    rem = inc - dy
    return DifferentialResult(expr, tuple(vs), partials, total, at_t, h_t, sp.simplify(inc) if inc.is_number else inc,
                              dy, sp.simplify(rem) if rem.is_number else rem, tuple(table), shown)
