"""``calc.differential``: dy = f′(x) dx, Δy and the remainder Δy − dy."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import sympy as sp

from .derivative import ExprLike, simplify_display, variables_of
from .differentiate import differentiate
from .errors import CalcError
from .parsing import parse, symbol, takes_let
from .render import differential as _render


@dataclass(frozen=True)
class DifferentialResult:
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

    # -- renderers (calc.render.differential)
    def text(self) -> str:
        return _render.text(self)

    def formula(self) -> str:
        """``3x² dx``, ``(2x + y) dx + x dy``: the textbook form."""
        return _render.formula(self)

    def latex(self) -> str:
        return _render.latex(self)

    def markdown(self) -> str:
        return _render.markdown(self)

    def to_dict(self) -> dict:
        return _render.to_dict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

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
        table.append((hk[0], ik, dk, rem, rem / hk[0] if hk[0] != 0 else sp.nan))
    rem = inc - dy
    return DifferentialResult(expr, tuple(vs), partials, total, at_t, h_t, sp.simplify(inc) if inc.is_number else inc,
                              dy, sp.simplify(rem) if rem.is_number else rem, tuple(table), shown)
