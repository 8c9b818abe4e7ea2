"""Table 2-1: derivatives and differentials of the basic elementary functions."""
from __future__ import annotations

import sympy as sp

from .base import A, MU, X, Rule, dX


def _row(n, en, zh, f, d, cond=sp.true, cond_text="", params=(), head=None, undefined=None,
         wording="", **latex):
    return Rule(id=f"2-1.{n}", table="2-1", name_en=en, name_zh=zh, function=f, derivative=d,
                differential=d * dX, conditions=cond, conditions_text=cond_text, params=params,
                head=head, wording=wording, undefined_when=undefined, **latex)


def _pow_undefined(base, exp):
    # x^mu with non-integer 0 < mu < 1 (or mu < 0 outside the domain anyway):
    # defined at 0 but with no derivative there
    if exp.is_number and not exp.is_integer and exp.is_real and exp < 1:
        return [base]
    return []


def _asin_undefined(u):
    return [u - 1, u + 1]


ROWS = [
    _row(1, "constant", "常数", sp.Symbol("C"), sp.Integer(0), wording="the derivative of a constant is 0",
         function_latex="C", differential_latex="d(C) = 0"),
    _row(2, "power function", "幂函数", X ** MU, MU * X ** (MU - 1), X > 0,
         "μ real; for x ≤ 0 wherever x^μ is defined", (MU,), sp.Pow, _pow_undefined,
         "power rule: (x^μ)′ = μ x^(μ−1)"),
    _row(3, "sine", "正弦函数", sp.sin(X), sp.cos(X), head=sp.sin, wording="(sin x)′ = cos x"),
    _row(4, "cosine", "余弦函数", sp.cos(X), -sp.sin(X), head=sp.cos, wording="(cos x)′ = −sin x"),
    _row(5, "tangent", "正切函数", sp.tan(X), sp.sec(X) ** 2, sp.Ne(sp.cos(X), 0),
         "x ≠ π/2 + kπ", head=sp.tan, wording="(tan x)′ = sec² x"),
    _row(6, "cotangent", "余切函数", sp.cot(X), -sp.csc(X) ** 2, sp.Ne(sp.sin(X), 0),
         "x ≠ kπ", head=sp.cot, wording="(cot x)′ = −csc² x"),
    _row(7, "secant", "正割函数", sp.sec(X), sp.sec(X) * sp.tan(X), sp.Ne(sp.cos(X), 0),
         "x ≠ π/2 + kπ", head=sp.sec, wording="(sec x)′ = sec x tan x"),
    _row(8, "cosecant", "余割函数", sp.csc(X), -sp.csc(X) * sp.cot(X), sp.Ne(sp.sin(X), 0),
         "x ≠ kπ", head=sp.csc, wording="(csc x)′ = −csc x cot x"),
    _row(9, "exponential function", "指数函数", A ** X, A ** X * sp.log(A), sp.Ne(A, 1),
         "a > 0, a ≠ 1", (A,), sp.Pow, wording="(a^x)′ = a^x ln a"),
    _row(10, "natural exponential", "自然指数函数", sp.exp(X), sp.exp(X), head=sp.exp,
         wording="(e^x)′ = e^x"),
    _row(11, "logarithm to base a", "对数函数", sp.log(X) / sp.log(A), 1 / (X * sp.log(A)),
         (X > 0) & sp.Ne(A, 1), "x > 0; a > 0, a ≠ 1", (A,), wording="(log_a x)′ = 1/(x ln a)",
         function_latex=r"\log_{a} x"),
    _row(12, "natural logarithm", "自然对数函数", sp.log(X), 1 / X, X > 0, "x > 0", head=sp.log,
         wording="(ln x)′ = 1/x"),
    _row(13, "arcsine", "反正弦函数", sp.asin(X), 1 / sp.sqrt(1 - X ** 2), (X > -1) & (X < 1),
         "−1 < x < 1", head=sp.asin, undefined=_asin_undefined,
         wording="(arcsin x)′ = 1/√(1 − x²)"),
    _row(14, "arccosine", "反余弦函数", sp.acos(X), -1 / sp.sqrt(1 - X ** 2), (X > -1) & (X < 1),
         "−1 < x < 1", head=sp.acos, undefined=_asin_undefined,
         wording="(arccos x)′ = −1/√(1 − x²)"),
    _row(15, "arctangent", "反正切函数", sp.atan(X), 1 / (1 + X ** 2), head=sp.atan,
         wording="(arctan x)′ = 1/(1 + x²)"),
    # sympy's acot has range (−π/2, π/2] and jumps at 0 (the textbook arccot, range (0, π),
    # does not): undefined_when makes the engine check u = 0 for a jump
    _row(16, "arccotangent", "反余切函数", sp.acot(X), -1 / (1 + X ** 2), head=sp.acot,
         undefined=lambda u: [u], wording="(arccot x)′ = −1/(1 + x²)"),
]
