"""Table 2-1: the basic elementary functions — each row and its function's record."""
from __future__ import annotations

import numpy as np
import sympy as sp
from flint import arb

from . import arrays, balls
from .base import A, MU, X, Entry, Rule, dX


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


def _unit_ends(u):
    return [u - 1, u + 1]


def _cos_ne_0(u):
    return [sp.Ne(sp.cos(u), 0)]


def _sin_ne_0(u):
    return [sp.Ne(sp.sin(u), 0)]


def _log(u, base=None):
    return sp.log(u) if base is None else sp.log(u, base)


def _sqrt_ball(t: arb) -> arb:
    if t >= 0:
        return balls.mono(lambda s: s.sqrt())(t)
    up = t.upper()
    if up >= 0 and t.lower() < 0 and t.lower() > -1e-30 * (1 + abs(float(up))):
        # a ball that pokes below 0 only by rounding: the domain part [0, up]
        return arb(0).union(arb(up).sqrt())
    return balls.nan()


_TWO_PI, _PI = 2 * sp.pi, sp.pi

CONSTANT = _row(1, "constant", "常数", sp.Symbol("C"), sp.Integer(0), wording="the derivative of a constant is 0",
                function_latex="C", differential_latex="d(C) = 0")
POWER = _row(2, "power function", "幂函数", X ** MU, MU * X ** (MU - 1), X > 0,
             "μ real; for x ≤ 0 wherever x^μ is defined", (MU,), sp.Pow, _pow_undefined,
             "power rule: (x^μ)′ = μ x^(μ−1)", conditions_zh="μ 为实数；x ≤ 0 时在 x^μ 有定义处亦成立")
EXP_A = _row(9, "exponential function", "指数函数", A ** X, A ** X * sp.log(A), sp.Ne(A, 1),
             "a > 0, a ≠ 1", (A,), sp.Pow, wording="(a^x)′ = a^x ln a")
LOG_A = _row(11, "logarithm to base a", "对数函数", sp.log(X) / sp.log(A), 1 / (X * sp.log(A)),
             (X > 0) & sp.Ne(A, 1), "x > 0; a > 0, a ≠ 1", (A,), wording="(log_a x)′ = 1/(x ln a)",
             function_latex=r"\log_{a} x")

ENTRIES = [
    Entry("constant", CONSTANT),
    Entry("pow", POWER, head=sp.Pow, kinks=_pow_undefined),
    Entry("sqrt", POWER, spellings=("sqrt",), display="√", latex=r"\sqrt", build=sp.sqrt,
          domain=lambda u: [u >= 0], kinks=lambda u: [u], arb=_sqrt_ball, np_forward=np.sqrt,
          autograd_name="sqrt", torch_node="SqrtBackward0", params=(("mu", sp.Rational(1, 2)),)),
    Entry("sin", _row(3, "sine", "正弦函数", sp.sin(X), sp.cos(X), head=sp.sin, wording="(sin x)′ = cos x"),
          sp.sin, ("sin",), "sin", r"\sin", factor_rank=0, period=_TWO_PI, np_forward=np.sin,
          arb=balls.periodic_mono(lambda t: t.sin(), arb("0.5")), autograd_name="sin", torch_node="SinBackward0"),
    Entry("cos", _row(4, "cosine", "余弦函数", sp.cos(X), -sp.sin(X), head=sp.cos, wording="(cos x)′ = −sin x"),
          sp.cos, ("cos",), "cos", r"\cos", factor_rank=1, period=_TWO_PI, np_forward=np.cos,
          arb=balls.periodic_mono(lambda t: t.cos(), arb(0)), autograd_name="cos", torch_node="CosBackward0"),
    Entry("tan", _row(5, "tangent", "正切函数", sp.tan(X), sp.sec(X) ** 2, sp.Ne(sp.cos(X), 0),
                      "x ≠ π/2 + kπ", head=sp.tan, wording="(tan x)′ = sec² x"),
          sp.tan, ("tan", "tg"), "tan", r"\tan", domain=_cos_ne_0, factor_rank=4, period=_PI, np_forward=np.tan,
          arb=lambda t: t.tan(), autograd_name="tan", torch_node="TanBackward0"),
    Entry("cot", _row(6, "cotangent", "余切函数", sp.cot(X), -sp.csc(X) ** 2, sp.Ne(sp.sin(X), 0),
                      "x ≠ kπ", head=sp.cot, wording="(cot x)′ = −csc² x"),
          sp.cot, ("cot", "ctg"), "cot", r"\cot", domain=_sin_ne_0, factor_rank=5, period=_PI,
          np_forward=arrays.reciprocal_of(np.tan), arb=lambda t: t.cot(), autograd_name="cot",
          torch_node="CotBackward0"),
    Entry("sec", _row(7, "secant", "正割函数", sp.sec(X), sp.sec(X) * sp.tan(X), sp.Ne(sp.cos(X), 0),
                      "x ≠ π/2 + kπ", head=sp.sec, wording="(sec x)′ = sec x tan x"),
          sp.sec, ("sec",), "sec", r"\sec", domain=_cos_ne_0, factor_rank=2, period=_TWO_PI,
          np_forward=arrays.reciprocal_of(np.cos), arb=lambda t: t.sec(), autograd_name="sec",
          torch_node="SecBackward0"),
    Entry("csc", _row(8, "cosecant", "余割函数", sp.csc(X), -sp.csc(X) * sp.cot(X), sp.Ne(sp.sin(X), 0),
                      "x ≠ kπ", head=sp.csc, wording="(csc x)′ = −csc x cot x"),
          sp.csc, ("csc", "cosec"), "csc", r"\csc", domain=_sin_ne_0, factor_rank=3, period=_TWO_PI,
          np_forward=arrays.reciprocal_of(np.sin), arb=lambda t: t.csc(), autograd_name="csc",
          torch_node="CscBackward0"),
    Entry("exp_a", EXP_A),
    Entry("exp", _row(10, "natural exponential", "自然指数函数", sp.exp(X), sp.exp(X), head=sp.exp,
                      wording="(e^x)′ = e^x"),
          sp.exp, ("exp",), "exp", r"\exp", latex_template=r"e^{\cdot}",
          arb=balls.mono(lambda t: t.exp()), np_forward=np.exp,
          autograd_name="exp", torch_node="ExpBackward0"),
    Entry("log_a", LOG_A, spellings=(("log", _log, 1, 2), ("log2", lambda u: sp.log(u, 2)),
                                     ("log10", lambda u: sp.log(u, 10)), ("lg", lambda u: sp.log(u, 10))),
          domain=lambda u: [u > 0]),
    Entry("log", _row(12, "natural logarithm", "自然对数函数", sp.log(X), 1 / X, X > 0, "x > 0", head=sp.log,
                      wording="(ln x)′ = 1/x"),
          sp.log, ("ln",), "ln", r"\ln", domain=lambda u: [u > 0], arb=balls.positive(lambda t: t.log()),
          np_forward=np.log, autograd_name="log", torch_node="LogBackward0"),
    Entry("asin", _row(13, "arcsine", "反正弦函数", sp.asin(X), 1 / sp.sqrt(1 - X ** 2), (X > -1) & (X < 1),
                       "−1 < x < 1", head=sp.asin, undefined=_unit_ends, wording="(arcsin x)′ = 1/√(1 − x²)"),
          sp.asin, ("arcsin", "asin"), "arcsin", r"\arcsin", domain=lambda u: [u >= -1, u <= 1],
          kinks=_unit_ends, arb=balls.in_unit(lambda t: t.asin()), np_forward=np.arcsin,
          autograd_name="asin", torch_node="AsinBackward0"),
    Entry("acos", _row(14, "arccosine", "反余弦函数", sp.acos(X), -1 / sp.sqrt(1 - X ** 2), (X > -1) & (X < 1),
                       "−1 < x < 1", head=sp.acos, undefined=_unit_ends, wording="(arccos x)′ = −1/√(1 − x²)"),
          sp.acos, ("arccos", "acos"), "arccos", r"\arccos", domain=lambda u: [u >= -1, u <= 1],
          kinks=_unit_ends, arb=balls.in_unit(lambda t: t.acos()), np_forward=np.arccos,
          autograd_name="acos", torch_node="AcosBackward0"),
    Entry("atan", _row(15, "arctangent", "反正切函数", sp.atan(X), 1 / (1 + X ** 2), head=sp.atan,
                       wording="(arctan x)′ = 1/(1 + x²)"),
          sp.atan, ("arctan", "atan", "arctg"), "arctan", r"\arctan", arb=balls.mono(lambda t: t.atan()),
          np_forward=np.arctan, autograd_name="atan", torch_node="AtanBackward0"),
    # sympy's acot has range (−π/2, π/2] and jumps at 0 (the textbook arccot, range (0, π),
    # does not): undefined_when makes the engine check u = 0 for a jump
    Entry("acot", _row(16, "arccotangent", "反余切函数", sp.acot(X), -1 / (1 + X ** 2), head=sp.acot,
                       undefined=lambda u: [u], wording="(arccot x)′ = −1/(1 + x²)"),
          sp.acot, ("arccot", "acot", "arcctg"), "arccot", r"\operatorname{arccot}", jumps=lambda u: [u],
          arb=balls.sympy_acot, np_forward=arrays.sympy_acot, autograd_name="acot", torch_node="AcotBackward0"),
]
