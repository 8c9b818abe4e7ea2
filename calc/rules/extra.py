"""Rules beyond the textbook's two tables: u^v, non-smooth functions,
hyperbolic and the remaining inverse trigonometric functions."""
from __future__ import annotations

import sympy as sp

from .base import DU, DV, U, V, X, Rule, dU, dV, dX

_W = sp.Symbol("w", real=True)


def _zeros_of_arg(u, *rest):
    return [u]


def _maxmin_ties(*args):
    out = []
    for i in range(len(args)):
        for j in range(i + 1, len(args)):
            out.append(args[i] - args[j])
    return out


def _elem(name, en, zh, f, d, head, cond=sp.true, cond_text="", undefined=None, wording=""):
    return Rule(f"extra.{name}", "extra", en, zh, f, d, d * dX, cond, cond_text, head=head,
                undefined_when=undefined, wording=wording)


ROWS = [
    Rule("extra.uv", "extra", "power-exponential u^v (logarithmic differentiation)", "幂指函数（对数求导法）",
         U ** V, U ** V * (DV * sp.log(U) + V * DU / U), U ** V * (sp.log(U) * dV + V * dU / U),
         U > 0, "u > 0", head=sp.Pow,
         wording="y = u^v: ln y = v ln u, so y′/y = v′ ln u + v u′/u"),
    Rule("extra.realpow", "extra", "real power (odd root)", "实幂函数（奇次根）",
         sp.Symbol("x^{p/q}"), sp.Symbol("p/q x^{p/q-1}"), sp.Symbol("p/q x^{p/q-1}") * dX,
         sp.Ne(X, 0), "q odd: the real root, defined for x < 0; x ≠ 0 when p/q < 1",
         wording="(x^(p/q))′ = (p/q) x^(p/q−1), real odd root",
         function_latex=r"x^{p/q}\ (q \text{ odd})", derivative_latex=r"\frac{p}{q}x^{p/q-1}",
         differential_latex=r"\frac{p}{q}x^{p/q-1}\,dx"),
    Rule("extra.abs", "extra", "absolute value", "绝对值函数", sp.Abs(U), U / sp.Abs(U) * DU,
         U / sp.Abs(U) * dU, sp.Ne(U, 0), "u ≠ 0 (a kink where u = 0 and u′ ≠ 0)", head=sp.Abs,
         undefined_when=_zeros_of_arg, wording="|u|′ = (u/|u|) u′ for u ≠ 0"),
    Rule("extra.sign", "extra", "sign function", "符号函数", sp.sign(U), sp.Integer(0), sp.Integer(0),
         sp.Ne(U, 0), "u ≠ 0 (a jump where u = 0)", head=sp.sign, undefined_when=_zeros_of_arg,
         wording="(sign u)′ = 0 for u ≠ 0; no derivative at u = 0"),
    Rule("extra.heaviside", "extra", "Heaviside step", "单位阶跃函数", sp.Heaviside(U), sp.Integer(0),
         sp.Integer(0), sp.Ne(U, 0), "u ≠ 0 (a jump where u = 0)", head=sp.Heaviside,
         undefined_when=_zeros_of_arg, wording="H(u)′ = 0 for u ≠ 0; no derivative at u = 0"),
    Rule("extra.floor", "extra", "floor / ceiling", "取整函数", sp.floor(U), sp.Integer(0), sp.Integer(0),
         sp.Ne(sp.frac(U), 0), "u not an integer (a jump at each integer)", head=sp.floor,
         wording="⌊u⌋′ = 0 where u is not an integer"),
    Rule("extra.max", "extra", "maximum", "最大值函数", sp.Max(U, V),
         sp.Piecewise((DU, U > V), (DV, V > U)), sp.Piecewise((dU, U > V), (dV, V > U)),
         sp.Ne(U, V), "u ≠ v (at a tie the one-sided derivatives are u′ and v′)", head=sp.Max,
         undefined_when=_maxmin_ties, wording="max(u, v)′ = u′ where u > v, v′ where v > u"),
    Rule("extra.min", "extra", "minimum", "最小值函数", sp.Min(U, V),
         sp.Piecewise((DU, U < V), (DV, V < U)), sp.Piecewise((dU, U < V), (dV, V < U)),
         sp.Ne(U, V), "u ≠ v (at a tie the one-sided derivatives are u′ and v′)", head=sp.Min,
         undefined_when=_maxmin_ties, wording="min(u, v)′ = u′ where u < v, v′ where v < u"),
    Rule("extra.piecewise", "extra", "piecewise function", "分段函数",
         sp.Piecewise((U, X < _W), (V, True)), sp.Piecewise((DU, X < _W), (DV, X > _W)),
         sp.Piecewise((dU, X < _W), (dV, X > _W)), sp.Ne(X, _W),
         "inside each piece; at a breakpoint only if f is continuous and both one-sided derivatives agree",
         head=sp.Piecewise, wording="differentiate each piece inside its interval; check breakpoints by one-sided derivatives"),
    _elem("sinh", "hyperbolic sine", "双曲正弦", sp.sinh(X), sp.cosh(X), sp.sinh, wording="(sinh x)′ = cosh x"),
    _elem("cosh", "hyperbolic cosine", "双曲余弦", sp.cosh(X), sp.sinh(X), sp.cosh, wording="(cosh x)′ = sinh x"),
    _elem("tanh", "hyperbolic tangent", "双曲正切", sp.tanh(X), 1 - sp.tanh(X) ** 2, sp.tanh,
          wording="(tanh x)′ = 1 − tanh² x"),
    _elem("coth", "hyperbolic cotangent", "双曲余切", sp.coth(X), 1 - sp.coth(X) ** 2, sp.coth,
          sp.Ne(X, 0), "x ≠ 0", wording="(coth x)′ = 1 − coth² x"),
    _elem("sech", "hyperbolic secant", "双曲正割", sp.sech(X), -sp.sech(X) * sp.tanh(X), sp.sech,
          wording="(sech x)′ = −sech x tanh x"),
    _elem("csch", "hyperbolic cosecant", "双曲余割", sp.csch(X), -sp.csch(X) * sp.coth(X), sp.csch,
          sp.Ne(X, 0), "x ≠ 0", wording="(csch x)′ = −csch x coth x"),
    _elem("asinh", "inverse hyperbolic sine", "反双曲正弦", sp.asinh(X), 1 / sp.sqrt(X ** 2 + 1), sp.asinh,
          wording="(arsinh x)′ = 1/√(x² + 1)"),
    _elem("acosh", "inverse hyperbolic cosine", "反双曲余弦", sp.acosh(X), 1 / sp.sqrt(X ** 2 - 1), sp.acosh,
          X > 1, "x > 1", undefined=lambda u: [u - 1], wording="(arcosh x)′ = 1/√(x² − 1)"),
    _elem("atanh", "inverse hyperbolic tangent", "反双曲正切", sp.atanh(X), 1 / (1 - X ** 2), sp.atanh,
          (X > -1) & (X < 1), "−1 < x < 1", wording="(artanh x)′ = 1/(1 − x²)"),
    _elem("acoth", "inverse hyperbolic cotangent", "反双曲余切", sp.acoth(X), 1 / (1 - X ** 2), sp.acoth,
          (X < -1) | (X > 1), "|x| > 1", wording="(arcoth x)′ = 1/(1 − x²)"),
    _elem("asec", "arcsecant", "反正割函数", sp.asec(X), 1 / (sp.Abs(X) * sp.sqrt(X ** 2 - 1)), sp.asec,
          (X < -1) | (X > 1), "|x| > 1", undefined=lambda u: [u - 1, u + 1],
          wording="(arcsec x)′ = 1/(|x|√(x² − 1))"),
    _elem("acsc", "arccosecant", "反余割函数", sp.acsc(X), -1 / (sp.Abs(X) * sp.sqrt(X ** 2 - 1)), sp.acsc,
          (X < -1) | (X > 1), "|x| > 1", undefined=lambda u: [u - 1, u + 1],
          wording="(arccsc x)′ = −1/(|x|√(x² − 1))"),
]
