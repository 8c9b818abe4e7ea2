"""Table 2-1: the basic elementary functions — each row and its function's record."""
from __future__ import annotations

import numpy as np
import sympy as sp
from flint import arb

from . import arrays, balls
from .base import A, MU, X, Entry, Rule, dX


def _row(n, en, zh, f, d, cond=sp.true, cond_text="", params=(), wording="", **latex):
    return Rule(id=f"2-1.{n}", table="2-1", name_en=en, name_zh=zh, function=f, derivative=d,
                differential=d * dX, conditions=cond, conditions_text=cond_text, params=params,
                wording=wording, **latex)


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


class arccot(sp.Function):
    """The textbook's arccot: π/2 − arctan x, range (0, π), continuous on ℝ.

    sympy's ``acot`` is a different function (range (−π/2, π/2], a jump at 0).

    >>> arccot(-1), arccot(0), arccot(sp.oo)
    (3*pi/4, pi/2, 0)
    """

    @classmethod
    def eval(cls, u):
        if u.is_number:
            a = sp.atan(u)
            if not isinstance(a, sp.atan):
                return sp.pi / 2 - a

    def fdiff(self, argindex=1):
        return -1 / (1 + self.args[0] ** 2)

    def _native(self):
        return sp.pi / 2 - sp.atan(self.args[0])

    def _eval_rewrite_as_atan(self, u, **kw):
        return sp.pi / 2 - sp.atan(u)

    def _eval_evalf(self, prec):
        return self._native()._eval_evalf(prec)

    def _eval_nseries(self, x, n, logx, cdir=0):
        return self._native()._eval_nseries(x, n, logx, cdir)

    def _eval_as_leading_term(self, x, logx=None, cdir=0):
        return self._native().as_leading_term(x, logx=logx, cdir=cdir)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _eval_is_finite(self):
        return True if self.args[0].is_real else None

    @staticmethod
    def _imp_(t):
        """Numeric value for lambdify (numpy arrays, mpmath and Python numbers)."""
        import mpmath
        if isinstance(t, np.ndarray):
            return np.pi / 2 - np.arctan(t)
        return mpmath.pi / 2 - mpmath.atan(t)

CONSTANT = _row(1, "constant", "常数", sp.Symbol("C"), sp.Integer(0), wording="the derivative of a constant is 0",
                function_latex="C", differential_latex="d(C) = 0")
POWER = _row(2, "power function", "幂函数", X ** MU, MU * X ** (MU - 1), X > 0,
             "μ real; for x ≤ 0 wherever x^μ is defined", (MU,),
             wording="power rule: (x^μ)′ = μ x^(μ−1)", conditions_zh="μ 为实数；x ≤ 0 时在 x^μ 有定义处亦成立")
EXP_A = _row(9, "exponential function", "指数函数", A ** X, A ** X * sp.log(A), sp.Ne(A, 1),
             "a > 0, a ≠ 1", (A,), wording="(a^x)′ = a^x ln a")
LOG_A = _row(11, "logarithm to base a", "对数函数", sp.log(X) / sp.log(A), 1 / (X * sp.log(A)),
             (X > 0) & sp.Ne(A, 1), "x > 0; a > 0, a ≠ 1", (A,), wording="(log_a x)′ = 1/(x ln a)",
             function_latex=r"\log_{a} x")

ENTRIES = [
    Entry("constant", CONSTANT),
    Entry("pow", POWER, head=sp.Pow, kinks=_pow_undefined),
    Entry("sqrt", POWER, spellings=("sqrt", "√"), display="√", latex=r"\sqrt", build=sp.sqrt,
          domain=lambda u: [u >= 0], kinks=lambda u: [u], arb=_sqrt_ball, np_forward=np.sqrt,
          autograd_name="sqrt", torch_node="SqrtBackward0", params=(("mu", sp.Rational(1, 2)),)),
    Entry("sin", _row(3, "sine", "正弦函数", sp.sin(X), sp.cos(X), wording="(sin x)′ = cos x"),
          sp.sin, ("sin",), "sin", r"\sin", inverse="asin", factor_rank=0, period=_TWO_PI, np_forward=np.sin,
          arb=balls.periodic_mono(lambda t: t.sin(), arb("0.5")), autograd_name="sin", torch_node="SinBackward0",
          bounds=(-1, 1), branch=(sp.asin, -sp.pi / 2, sp.pi / 2)),
    Entry("cos", _row(4, "cosine", "余弦函数", sp.cos(X), -sp.sin(X), wording="(cos x)′ = −sin x"),
          sp.cos, ("cos",), "cos", r"\cos", inverse="acos", factor_rank=1, period=_TWO_PI, np_forward=np.cos,
          arb=balls.periodic_mono(lambda t: t.cos(), arb(0)), autograd_name="cos", torch_node="CosBackward0",
          bounds=(-1, 1), branch=(sp.acos, 0, sp.pi)),
    Entry("tan", _row(5, "tangent", "正切函数", sp.tan(X), sp.sec(X) ** 2, sp.Ne(sp.cos(X), 0),
                      "x ≠ π/2 + kπ", wording="(tan x)′ = sec² x"),
          sp.tan, ("tan", "tg"), "tan", r"\tan", domain=_cos_ne_0, inverse="atan", factor_rank=4, period=_PI, np_forward=np.tan,
          arb=lambda t: t.tan(), autograd_name="tan", torch_node="TanBackward0",
          branch=(sp.atan, -sp.pi / 2, sp.pi / 2)),
    Entry("cot", _row(6, "cotangent", "余切函数", sp.cot(X), -sp.csc(X) ** 2, sp.Ne(sp.sin(X), 0),
                      "x ≠ kπ", wording="(cot x)′ = −csc² x"),
          sp.cot, ("cot", "ctg"), "cot", r"\cot", domain=_sin_ne_0, inverse="arccot", factor_rank=5, period=_PI,
          np_forward=arrays.reciprocal_of(np.tan), arb=lambda t: t.cot(), autograd_name="cot",
          torch_node="CotBackward0"),
    Entry("sec", _row(7, "secant", "正割函数", sp.sec(X), sp.sec(X) * sp.tan(X), sp.Ne(sp.cos(X), 0),
                      "x ≠ π/2 + kπ", wording="(sec x)′ = sec x tan x"),
          sp.sec, ("sec",), "sec", r"\sec", domain=_cos_ne_0, inverse="asec", factor_rank=2, period=_TWO_PI,
          np_forward=arrays.reciprocal_of(np.cos), arb=lambda t: t.sec(), autograd_name="sec",
          torch_node="SecBackward0"),
    Entry("csc", _row(8, "cosecant", "余割函数", sp.csc(X), -sp.csc(X) * sp.cot(X), sp.Ne(sp.sin(X), 0),
                      "x ≠ kπ", wording="(csc x)′ = −csc x cot x"),
          sp.csc, ("csc", "cosec"), "csc", r"\csc", domain=_sin_ne_0, inverse="acsc", factor_rank=3, period=_TWO_PI,
          np_forward=arrays.reciprocal_of(np.sin), arb=lambda t: t.csc(), autograd_name="csc",
          torch_node="CscBackward0"),
    Entry("exp_a", EXP_A),
    Entry("exp", _row(10, "natural exponential", "自然指数函数", sp.exp(X), sp.exp(X),
                      wording="(e^x)′ = e^x"),
          sp.exp, ("exp",), "exp", r"\exp", latex_template=r"e^{\cdot}",
          arb=balls.mono(lambda t: t.exp()), np_forward=np.exp, left_inverse=sp.log,
          autograd_name="exp", torch_node="ExpBackward0"),
    Entry("log_a", LOG_A, spellings=(("log", _log, 1, 2), ("log2", lambda u: sp.log(u, 2)),
                                     ("log10", lambda u: sp.log(u, 10)), ("lg", lambda u: sp.log(u, 10))),
          domain=lambda u: [u > 0]),
    Entry("log", _row(12, "natural logarithm", "自然对数函数", sp.log(X), 1 / X, X > 0, "x > 0",
                      wording="(ln x)′ = 1/x"),
          sp.log, ("ln",), "ln", r"\ln", domain=lambda u: [u > 0], arb=balls.positive(lambda t: t.log()),
          np_forward=np.log, left_inverse=sp.exp, autograd_name="log", torch_node="LogBackward0"),
    Entry("asin", _row(13, "arcsine", "反正弦函数", sp.asin(X), 1 / sp.sqrt(1 - X ** 2), (X > -1) & (X < 1),
                       "−1 < x < 1", wording="(arcsin x)′ = 1/√(1 − x²)"),
          sp.asin, ("arcsin", "asin"), "arcsin", r"\arcsin", domain=lambda u: [u >= -1, u <= 1],
          kinks=_unit_ends, arb=balls.in_unit(lambda t: t.asin()), np_forward=np.arcsin, left_inverse=sp.sin,
          autograd_name="asin", torch_node="AsinBackward0", bounds=(-sp.pi / 2, sp.pi / 2)),
    Entry("acos", _row(14, "arccosine", "反余弦函数", sp.acos(X), -1 / sp.sqrt(1 - X ** 2), (X > -1) & (X < 1),
                       "−1 < x < 1", wording="(arccos x)′ = −1/√(1 − x²)"),
          sp.acos, ("arccos", "acos"), "arccos", r"\arccos", domain=lambda u: [u >= -1, u <= 1],
          kinks=_unit_ends, arb=balls.in_unit(lambda t: t.acos()), np_forward=np.arccos, left_inverse=sp.cos,
          autograd_name="acos", torch_node="AcosBackward0", bounds=(0, sp.pi)),
    Entry("atan", _row(15, "arctangent", "反正切函数", sp.atan(X), 1 / (1 + X ** 2),
                       wording="(arctan x)′ = 1/(1 + x²)"),
          sp.atan, ("arctan", "atan", "arctg"), "arctan", r"\arctan", arb=balls.mono(lambda t: t.atan()),
          np_forward=np.arctan, left_inverse=sp.tan, autograd_name="atan", torch_node="AtanBackward0", bounds=(-sp.pi / 2, sp.pi / 2)),
    # Table 2-1's arccot: range (0, π), continuous and differentiable on all of ℝ
    Entry("arccot", _row(16, "arccotangent", "反余切函数", arccot(X), -1 / (1 + X ** 2),
                         wording="(arccot x)′ = −1/(1 + x²)"),
          arccot, ("arccot", "arcctg"), "arccot", r"\operatorname{arccot}", arb=balls.arccot,
          np_forward=arrays.arccot, autograd_name="acot", torch_node="AcotBackward0",
          native=lambda u: sp.pi / 2 - sp.atan(u), bounds=(0, sp.pi), left_inverse=sp.cot),
    # sympy's acot (also the typed spelling acot, as in sympy and Mathematica): range (−π/2, π/2],
    # a jump at 0 where it goes from −π/2 to π/2
    Entry("acot", Rule("extra.acot", "extra", "arccotangent, CAS branch (−π/2, π/2]", "反余切函数（CAS 分支）",
                       sp.acot(X), -1 / (1 + X ** 2), -dX / (1 + X ** 2), sp.Ne(X, 0),
                       "x ≠ 0 (a jump from −π/2 to π/2 at 0)",
                       conditions_zh="x ≠ 0（在 0 处由 −π/2 跳到 π/2）",
                       wording="(acot x)′ = −1/(1 + x²) for x ≠ 0; acot jumps at 0"),
          sp.acot, ("acot",), "acot", r"\operatorname{acot}", jumps=lambda u: [u], arb=balls.sympy_acot,
          np_forward=arrays.sympy_acot, bounds=(-sp.pi / 2, sp.pi / 2)),
]
