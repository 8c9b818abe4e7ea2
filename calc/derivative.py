"""``calc.derivative``, ``calc.gradient``, ``calc.hessian``, ``calc.jacobian``."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import sympy as sp

from . import budget
from .differentiate import differentiate, hessian_of
from .errors import CalcError, ParameterError, ParseError
from .nondiff import jump_capable, kink_candidates, one_sided, quick_kind
from .let import takes_let
from .parsing import free_symbols, parse, parse_variable
from .printing import textbook
from .render import derivative as _render
from .render.derivative import render_steps, steps_to_dict  # noqa: F401 - public names
from .render.notebook import Notebook

ExprLike = Union[str, sp.Basic, int, float]
SIMPLIFY_SECONDS = 2.0


def resolve(f: ExprLike, x=None) -> tuple[sp.Expr, sp.Symbol]:
    """Parse f and pick the variable (the only free symbol, or x)."""
    expr = parse(f)
    if isinstance(expr, sp.logic.boolalg.Boolean) and not isinstance(expr, sp.Expr):
        raise ParseError("expected a function, got a condition")
    if x is not None:
        return expr, parse_variable(x)
    syms = sorted(free_symbols(expr), key=lambda s: s.name)
    if not syms:
        return expr, parse_variable("x")
    if len(syms) == 1:
        return expr, syms[0]
    raise ParameterError(f"{textbook(expr)} has several variables ({', '.join(s.name for s in syms)}); "
                         f"say which one", tuple(s.name for s in syms), f"x='{syms[0].name}'", need="variable")


def only_variables(expr: sp.Expr, vars, absent_ok: bool = True) -> None:
    """f depends on its variables only: a parameter without a value (``a x²`` in x) is a
    :class:`ParameterError` naming it; so is, unless ``absent_ok``, a variable f lacks."""
    syms = free_symbols(expr)

    def names(ss):
        return ", ".join(s.name for s in ss)
    absent = [v for v in vars if v not in syms]
    if syms and absent and not absent_ok:
        own = sorted(syms, key=lambda s: s.name)
        raise ParameterError(f"the variable {names(absent)} does not occur in f = {textbook(expr)}; its "
                             f"variable{'s are' if len(own) > 1 else ' is'} {names(own)}",
                             (own[0].name,), f"x='{own[0].name}'", need="variable")
    extra = sorted(syms - set(vars), key=lambda s: s.name)
    if extra:
        many = len(extra) > 1
        raise ParameterError(f"f = {textbook(expr)} has the parameter{'s' if many else ''} {names(extra)} "
                             f"besides the variable{'s' if len(vars) > 1 else ''} {names(vars)}; give "
                             f"{'them values' if many else 'it a value'}", tuple(s.name for s in extra),
                             hint=f"let={{{', '.join(repr(s.name) + ': 2' for s in extra)}}}")


def variables_of(expr: sp.Expr, vars=None) -> list[sp.Symbol]:
    if vars is None:
        return sorted(expr.free_symbols, key=lambda s: s.name)
    if isinstance(vars, str):
        vars = [v for v in vars.replace(" ", "").split(",") if v]
    return [parse_variable(v) for v in vars]


def _differentiate(expr, x, steps):
    try:
        return differentiate(expr, x, steps)
    except RecursionError:
        raise CalcError("the expression is nested too deeply for sympy's evaluated form; "
                        "build it with evaluate=False or use calc.derivative(..., evaluate=False)") from None


@dataclass(frozen=True)
class NonDifferentiablePoint:
    """A point where f is defined but f' does not exist, with the one-sided derivatives."""

    point: sp.Expr
    kind: str
    left: Optional[sp.Expr]
    right: Optional[sp.Expr]
    variable: Optional[sp.Symbol] = None   # the variable's name in the text (x when not given)

    def text(self) -> str:
        return _render.point_text(self)

    def to_dict(self) -> dict:
        return _render.point_dict(self)


@dataclass(frozen=True)
class DerivativeResult(Notebook):
    """The derivative of ``function`` with respect to ``variable``.

    ``expr`` is the derivative, ``steps`` the derivation tree of each order
    (``steps[0]`` for the first derivative ...), whose evaluation is ``expr``.

    >>> r = derivative("x^2 sin x")
    >>> r.expr
    x**2*cos(x) + 2*x*sin(x)
    >>> r.display
    'x² cos x + 2x sin x'
    """

    function: sp.Expr
    variable: sp.Symbol
    order: int
    expr: sp.Expr
    steps: tuple = ()
    notes: tuple = ()

    # -- derived values (computed on demand, under time budgets)
    @functools.cached_property
    def simplified(self) -> sp.Expr:
        """A short equivalent form (simplification under a time budget)."""
        return simplify_display(self.expr)

    @property
    def display(self) -> str:
        return textbook(self.simplified)

    @property
    def final_step(self) -> Optional[tuple]:
        """(f′ as the rules give it, the headline form) when the headline is simplified:
        the derivation's last step, "simplify: 3x² + 4x = x (3x + 4)"; None otherwise."""
        return None if self.simplified == self.expr else (self.expr, self.simplified)

    @functools.cached_property
    def undefined_at(self) -> tuple:
        """Points where f^(order-1) is defined but not differentiable (kinks, cusps,
        jumps, piecewise corners) with both one-sided derivatives; for several
        variables, the conditions (sympy Eq) where the derivative may not exist."""
        prev = self.function
        for _ in range(self.order - 1):
            prev = differentiate(prev, self.variable)[0]
        return find_nondifferentiable(prev, self.variable)

    # -- renderers (calc.render.derivative)
    def text(self, steps: bool = False) -> str:
        return _render.text(self, steps)

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


def simplify_display(expr: sp.Expr, seconds: float = SIMPLIFY_SECONDS) -> sp.Expr:
    """The shortest of a few equivalent forms found within the budget."""
    if sp.count_ops(expr) > 400:
        return expr
    best = expr
    partial = any(not p.args[-1].cond == sp.true for p in expr.atoms(sp.Piecewise))
    if partial:
        return expr  # keep "undefined at the jump" visible
    risky = expr.has(sp.sign, sp.Abs)
    for fn in ((sp.together, sp.cancel) if risky else (sp.together, sp.cancel, sp.simplify)):
        ok, cand = budget.run(lambda: fn(best), seconds / 2)
        if ok and cand is not None and not cand.has(sp.nan) and not (cand.has(sp.Piecewise) and not expr.has(sp.Piecewise)) \
                and sp.count_ops(cand) <= 0.8 * sp.count_ops(best):
            best = cand
    return best


def find_nondifferentiable(f: sp.Expr, x: sp.Symbol, interval: Optional[sp.Set] = None,
                           seconds: float = 3.0, exact: bool = True) -> tuple:
    """Non-differentiable points of f (defined there, no derivative), in ``interval``.

    With ``exact=False`` the points are classified cheaply (:func:`quick_kind`)
    without the one-sided derivatives' exact values (the extremum finder's mode).
    """
    gs, jumps = kink_candidates(f, x)
    dom = interval if interval is not None else sp.S.Reals
    points, conds = [], []
    for g in gs:
        ok, sol = budget.run(lambda: sp.solveset(sp.Eq(g, 0), x, dom), seconds)
        if ok and isinstance(sol, sp.FiniteSet):
            points.extend(p for p in sol if p.is_real is not False)
        elif ok and sol == sp.S.EmptySet:
            continue
        else:
            conds.append(sp.Eq(g, 0))
    out = []
    seen = set()
    if not exact:
        g = differentiate(f, x)[0]
        jumpy = jump_capable(f)
    for p in points:
        if p in seen:
            continue
        seen.add(p)
        if not exact:
            k = quick_kind(f, g, x, p, jumpy, min(seconds, 1.0))
            if k is not None:
                out.append(NonDifferentiablePoint(p, k, None, None, x))
            continue
        o = one_sided(f, x, p)
        k = o.kind
        if k in ("differentiable", "undefined", "isolated point"):
            continue
        if k == "jump":
            out.append(NonDifferentiablePoint(p, k, None, None, x))
        elif k == "unknown":
            out.append(NonDifferentiablePoint(p, "possible kink (one-sided derivatives not computed)", None, None, x))
        else:
            out.append(NonDifferentiablePoint(p, k, o.left_derivative, o.right_derivative, x))
    out.sort(key=lambda n: float(sp.N(n.point)) if n.point.is_real else 0.0)
    for u in jumps:
        conds.append(sp.Eq(sp.frac(u), 0))
    return tuple(out) + tuple(conds)


@takes_let
def derivative(f: ExprLike, x=None, order: int = 1, steps: bool = True,
               evaluate: bool = True) -> DerivativeResult:
    """The ``order``-th derivative of f with respect to x, by the rule tables.

    f is text (parsed safely) or a sympy expression; x a name or Symbol (needed
    when f has several variables: the partial derivative).

    >>> derivative("x**x").expr
    x**x*(log(x) + 1)
    >>> derivative("arccot(x)/ln x").steps[0].rules
    ('2-2.4',)
    >>> derivative("|x|").undefined_at[0].text()
    'x = 0 (corner; f′₋ = -1, f′₊ = 1)'
    """
    expr, var = resolve(f, x)
    if not isinstance(order, int) or order < 1:
        raise CalcError(f"order must be a positive integer, got {order!r}")
    if order > 50:
        raise CalcError("order above 50 is not supported")
    trees = []
    cur = expr
    notes = []
    for _ in range(order):
        if evaluate:
            try:
                cur, tree = differentiate(cur, var, steps)
            except RecursionError:
                notes.append("too deep for evaluated sympy output: built unevaluated")
                with sp.evaluate(False):
                    cur, tree = differentiate(cur, var, steps)
        else:
            with sp.evaluate(False):
                cur, tree = differentiate(cur, var, steps)
        if tree is not None:
            trees.append(tree)
    return DerivativeResult(expr, var, order, cur, tuple(trees), tuple(notes))


@takes_let
def diff(f: ExprLike, x=None, order: int = 1) -> sp.Expr:
    """The derivative as a plain sympy expression, without steps (the fast path)."""
    expr, var = resolve(f, x)
    cur = expr
    for _ in range(order):
        cur = differentiate(cur, var, False)[0]
    return cur


@takes_let
def gradient(f: ExprLike, vars=None) -> sp.Matrix:
    """Column of partial derivatives.

    >>> gradient("x^2 y + y^3")
    Matrix([
    [        2*x*y],
    [x**2 + 3*y**2]])
    """
    expr = parse(f)
    vs = variables_of(expr, vars)
    return sp.Matrix([differentiate(expr, v)[0] for v in vs])


@takes_let
def hessian(f: ExprLike, vars=None) -> sp.Matrix:
    """Matrix of second partial derivatives.

    >>> hessian("x^3 - 3x y + y^3")
    Matrix([
    [6*x,  -3],
    [ -3, 6*y]])
    """
    expr = parse(f)
    return hessian_of(expr, variables_of(expr, vars))


def jacobian(fs: Sequence[ExprLike], vars=None) -> sp.Matrix:
    """Jacobian matrix of a list of functions."""
    exprs = [parse(f) for f in fs]
    if vars is None:
        vs = sorted(set().union(*[e.free_symbols for e in exprs]), key=lambda s: s.name)
    else:
        vs = variables_of(exprs[0], vars)
    return sp.Matrix(len(exprs), len(vs), lambda i, j: differentiate(exprs[i], vs[j])[0])
