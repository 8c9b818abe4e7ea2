"""``calc.differential``: dy = f′(x) dx, Δy and the remainder Δy − dy."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import sympy as sp

from .derivative import ExprLike, simplify_display, variables_of
from .differentiate import differentiate
from .errors import CalcError
from .parsing import parse, symbol
from .printing import latex as _latex
from .printing import textbook


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

    def text(self) -> str:
        lhs = "dy" if len(self.variables) == 1 else "dz"
        lines = [f"f = {textbook(self.function)}", f"{lhs} = {self.formula()}"]
        if self.at is not None:
            pt = ", ".join(f"{v.name} = {textbook(a)}" for v, a in zip(self.variables, self.at))
            st = ", ".join(f"Δ{v.name} = {textbook(h)}" for v, h in zip(self.variables, self.step))
            lines.append(f"at {pt} with {st}:")
            lines.append(f"  Δy = f(x0 + Δx) − f(x0) = {textbook(self.increment)} ≈ {_f(self.increment)}")
            lines.append(f"  dy = f′(x0) Δx = {textbook(self.differential_value)} ≈ {_f(self.differential_value)}")
            lines.append(f"  Δy − dy = {textbook(self.remainder)} ≈ {_f(self.remainder)}")
            lines.append("  the remainder is o(Δx): (Δy − dy)/Δx → 0 as Δx → 0")
            lines.append(f"  {'Δx':>12} {'Δy':>16} {'dy':>16} {'Δy − dy':>14} {'(Δy − dy)/Δx':>14}")
            for row in self.table:
                lines.append("  " + " ".join(f"{_f(v):>{w}}" for v, w in zip(row, (12, 16, 16, 14, 14))))
        return "\n".join(lines)

    def formula(self) -> str:
        """``3x² dx``, ``(2x + y) dx + x dy``: the textbook form."""
        terms = []
        for p, v in zip(self.partials, self.variables):
            p = simplify_display(p)
            if p == 0:
                continue
            s = textbook(p)
            if p.is_Add:
                s = f"({s})"
            s = "" if p == 1 else "-" if p == -1 else s + " "
            terms.append(f"{s}d{v.name}")
        out = " + ".join(terms) if terms else "0"
        return out.replace("+ -", "- ")

    def latex(self) -> str:
        lhs = "dy" if len(self.variables) == 1 else "dz"
        terms = []
        for p, v in zip(self.partials, self.variables):
            p = simplify_display(p)
            if p != 0:
                ps = _latex(p)
                terms.append((f"\\left({ps}\\right)" if p.is_Add else ps) + f"\\,d{v.name}")
        return f"{lhs} = " + (" + ".join(terms) if terms else "0")

    def markdown(self) -> str:
        out = [f"$f = {_latex(self.function)}$", "", f"${self.latex()}$"]
        if self.at is not None:
            out += ["", "| Δx | Δy | dy | Δy − dy | (Δy − dy)/Δx |", "|---|---|---|---|---|"]
            for row in self.table:
                out.append("| " + " | ".join(_f(v) for v in row) + " |")
        return "\n".join(out)

    def to_dict(self) -> dict:
        d = {"function": str(self.function), "variables": [v.name for v in self.variables],
             "partials": [str(p) for p in self.partials], "differential": str(self.expr)}
        if self.at is not None:
            d.update({"at": [str(a) for a in self.at], "step": [str(h) for h in self.step],
                      "increment": str(self.increment), "dy": str(self.differential_value),
                      "remainder": str(self.remainder),
                      "table": [[float(sp.N(v)) for v in row] for row in self.table]})
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def __str__(self) -> str:
        return self.text()


def _f(v) -> str:
    v = sp.N(v, 8)
    return f"{float(v):.6g}" if v.is_real else str(v)


def _num(v):
    if isinstance(v, sp.Basic):
        return v
    return parse(str(v)) if isinstance(v, (str, float)) else sp.Integer(v)


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
    total = sp.Add(*[simplify_display(p) * d for p, d in zip(partials, dsyms)])
    if at is None:
        return DifferentialResult(expr, tuple(vs), partials, total)
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
                              dy, sp.simplify(rem) if rem.is_number else rem, tuple(table))
