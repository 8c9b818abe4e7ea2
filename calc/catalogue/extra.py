"""Rules beyond the textbook's two tables — u^v, non-smooth functions, hyperbolic
and the remaining inverse trigonometric functions — each row and its function's record."""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
from sympy.logic.boolalg import Boolean

from ..errors import ParseError
from . import balls
from .base import DU, DV, U, V, X, Entry, Rule, dU, dV, dX

_W = sp.Symbol("w", real=True)
MAX_DIGITS = 5_000  # an exact number may have at most this many digits


def _zeros_of_arg(u, *rest):
    return [u]


def _maxmin_ties(*args):
    out = []
    for i in range(len(args)):
        for j in range(i + 1, len(args)):
            out.append(args[i] - args[j])
    return out


def _elem(name, en, zh, f, d, cond=sp.true, cond_text="", wording=""):
    return Rule(f"extra.{name}", "extra", en, zh, f, d, d * dX, cond, cond_text, wording=wording)


# ------------------------------------------------------------------ real odd roots
def real_pow(base: sp.Expr, exp: sp.Expr) -> sp.Expr:
    """``base**exp`` where odd roots of possibly negative bases are real.

    >>> real_pow(sp.Symbol("x", real=True), sp.Rational(2, 3))
    Abs(x)**(2/3)
    """
    if isinstance(exp, sp.Rational) and not exp.is_Integer and exp.q % 2 == 1 \
            and base.is_nonnegative is not True:
        if base.is_Pow and base.exp.is_Integer:
            return real_pow(base.base, base.exp * exp)
        if base.is_negative is True and base.is_number:
            return -((-base) ** exp) if exp.p % 2 else (-base) ** exp
        mag = sp.Abs(base) ** exp
        return sp.sign(base) * mag if exp.p % 2 else mag
    _check_size(base, exp)
    return sp.Pow(base, exp)


def _check_size(base, exp):
    if base.is_number and exp.is_Integer and base.is_Rational and abs(int(exp)) > 1:
        b = abs(base)
        if b not in (0, 1):
            digits = abs(int(exp)) * max(abs(math.log10(float(b.p))), abs(math.log10(float(b.q))))
            if digits > MAX_DIGITS:
                raise ParseError("number too large", hint=f"{base}^{exp} has about {digits:.0f} digits; calc allows {MAX_DIGITS}")


def _root(u, n):
    n = sp.sympify(n, strict=True)
    if not (n.is_Integer and n > 0):
        raise ParseError("root(x, n) needs a positive integer n")
    return real_pow(u, sp.Rational(1, n))


def _cbrt(u):
    return real_pow(u, sp.Rational(1, 3))


# ------------------------------------------------------------------ piecewise
def _as_condition(c):
    if isinstance(c, (Boolean, bool)):
        return c
    raise ParseError(f"expected a condition such as x < 1, got {c}")


def _piecewise_lower(*args):
    """piecewise(v1, c1, v2, c2, ..., [default])."""
    if not args:
        raise ParseError("piecewise() needs at least one value")
    pairs = []
    items = list(args)
    while len(items) >= 2:
        v, c = items.pop(0), items.pop(0)
        pairs.append((v, _as_condition(c)))
    if items:
        pairs.append((items[0], sp.true))
    return sp.Piecewise(*pairs)


def _piecewise_sympy(*pairs):
    out = []
    for p in pairs:
        if not (isinstance(p, tuple) and len(p) == 2):
            raise ParseError("Piecewise takes pairs (value, condition)",
                             hint="Piecewise((x**2, x < 1), (2 - x, True))")
        out.append((p[0], _as_condition(p[1])))
    return sp.Piecewise(*out)


_MANY = (1, 1000)

UV = Rule("extra.uv", "extra", "power-exponential u^v (logarithmic differentiation)", "幂指函数（对数求导法）",
          U ** V, U ** V * (DV * sp.log(U) + V * DU / U), U ** V * (sp.log(U) * dV + V * dU / U),
          U > 0, "u > 0",
          wording="y = u^v: ln y = v ln u, so y′/y = v′ ln u + v u′/u",
          differential_wording="d(u^v) = u^v (ln u dv + v du/u)")
REALPOW = Rule("extra.realpow", "extra", "real power (odd root)", "实幂函数（奇次根）",
               sp.Symbol("x^{p/q}"), sp.Symbol("p/q x^{p/q-1}"), sp.Symbol("p/q x^{p/q-1}") * dX,
               sp.Ne(X, 0), "q odd: the real root, defined for x < 0; x ≠ 0 when p/q < 1", conditions_zh="q 为奇数：取实根，x < 0 时也有定义；p/q < 1 时 x ≠ 0",
               wording="(x^(p/q))′ = (p/q) x^(p/q−1), real odd root",
               function_latex=r"x^{p/q}\ (q \text{ odd})", function_latex_zh=r"x^{p/q}\ (q \text{ 为奇数})", derivative_latex=r"\frac{p}{q}x^{p/q-1}",
               differential_latex=r"\frac{p}{q}x^{p/q-1}\,dx")
FLOOR = Rule("extra.floor", "extra", "floor / ceiling", "取整函数", sp.floor(U), sp.Integer(0), sp.Integer(0),
             sp.Ne(sp.frac(U), 0), "u not an integer (a jump at each integer)", conditions_zh="u 不是整数（在每个整数处跳跃）",
             wording="⌊u⌋′ = 0 where u is not an integer")
_ABS_SIGN = dict(kinks=_zeros_of_arg)


def _hyp(key, en, zh, d, cond=sp.true, cond_text="", undefined=None, wording="", spellings=(), display="",
         latex="", domain=None, arb_fn=None, np_fn=None, autograd=None, rank=99, inverse=""):
    head = getattr(sp, key)
    row = _elem(key, en, zh, head(X), d, cond, cond_text, wording)
    return Entry(key, row, head, spellings or (key,), display or key, latex or rf"\operatorname{{{key}}}",
                 domain=domain or (lambda u: []), kinks=undefined or (lambda *a: []), arb=arb_fn,
                 np_forward=np_fn, autograd_name=autograd, factor_rank=rank, inverse=inverse,
                 torch_node=(autograd.capitalize() + "Backward0") if autograd else None)


ENTRIES = [
    Entry("uv", UV),
    Entry("realpow", REALPOW, spellings=(("cbrt", _cbrt), ("∛", _cbrt), ("∜", lambda u: real_pow(u, sp.Rational(1, 4))),
                                         ("root", _root, 2, 2), ("real_root", _root, 2, 2)), display="∛"),
    Entry("abs", Rule("extra.abs", "extra", "absolute value", "绝对值函数", sp.Abs(U), U / sp.Abs(U) * DU,
                      U / sp.Abs(U) * dU, sp.Ne(U, 0), "u ≠ 0 (a kink where u = 0 and u′ ≠ 0)", conditions_zh="u ≠ 0（u = 0 且 u′ ≠ 0 处为角点）", wording="|u|′ = (u/|u|) u′ for u ≠ 0"),
          sp.Abs, ("abs", "Abs"), "abs", r"\left|\cdot\right|", latex_template=r"\left|\cdot\right|", kinks=_zeros_of_arg, arb=balls.absolute,
          np_forward=np.abs),
    Entry("sign", Rule("extra.sign", "extra", "sign function", "符号函数", sp.sign(U), sp.Integer(0), sp.Integer(0),
                       sp.Ne(U, 0), "u ≠ 0 (a jump where u = 0)", conditions_zh="u ≠ 0（u = 0 处为跳跃间断点）",
                       wording="(sign u)′ = 0 for u ≠ 0; no derivative at u = 0"),
          sp.sign, ("sign", "sgn"), "sign", r"\operatorname{sgn}", jumps=_zeros_of_arg, arb=balls.sign,
          np_forward=np.sign, bounds=(-1, 1)),
    Entry("heaviside", Rule("extra.heaviside", "extra", "Heaviside step", "单位阶跃函数", sp.Heaviside(U),
                            sp.Integer(0), sp.Integer(0), sp.Ne(U, 0), "u ≠ 0 (a jump where u = 0)", conditions_zh="u ≠ 0（u = 0 处为跳跃间断点）",
                            wording="H(u)′ = 0 for u ≠ 0; no derivative at u = 0"),
          sp.Heaviside, ("Heaviside", "heaviside"), "H", r"\operatorname{H}", jumps=_zeros_of_arg,
          latex_template=r"H\left(\cdot\right)",
          arb=balls.heaviside),
    Entry("floor", FLOOR, sp.floor, ("floor",), "floor", r"\operatorname{floor}", integer_jumps=True,
          latex_template=r"\lfloor \cdot \rfloor",
          arb=balls.floor, np_forward=np.floor),
    Entry("ceiling", FLOOR, sp.ceiling, ("ceiling", "ceil"), "ceiling", r"\operatorname{ceiling}",
          integer_jumps=True, latex_template=r"\lceil \cdot \rceil", arb=balls.ceiling, np_forward=np.ceil),
    # the fractional part u − ⌊u⌋: no row of its own (it appears in the floor row's conditions)
    Entry("frac", None, sp.frac, (), "frac", r"\operatorname{frac}", integer_jumps=True,
          arb=lambda t: t - balls.floor(t)),
    Entry("max", Rule("extra.max", "extra", "maximum", "最大值函数", sp.Max(U, V),
                      sp.Piecewise((DU, U > V), (DV, V > U)), sp.Piecewise((dU, U > V), (dV, V > U)),
                      sp.Ne(U, V), "u ≠ v (at a tie the one-sided derivatives are u′ and v′)", conditions_zh="u ≠ v（在 u = v 处，两个单侧导数分别为 u′ 与 v′）", wording="max(u, v)′ = u′ where u > v, v′ where v > u"),
          sp.Max, ("max", "Max"), "max", r"\max", arity=_MANY, kinks=_maxmin_ties, arb=balls.maximum),
    Entry("min", Rule("extra.min", "extra", "minimum", "最小值函数", sp.Min(U, V),
                      sp.Piecewise((DU, U < V), (DV, V < U)), sp.Piecewise((dU, U < V), (dV, V < U)),
                      sp.Ne(U, V), "u ≠ v (at a tie the one-sided derivatives are u′ and v′)", conditions_zh="u ≠ v（在 u = v 处，两个单侧导数分别为 u′ 与 v′）", wording="min(u, v)′ = u′ where u < v, v′ where v < u"),
          sp.Min, ("min", "Min"), "min", r"\min", arity=_MANY, kinks=_maxmin_ties, arb=balls.minimum),
    Entry("piecewise", Rule("extra.piecewise", "extra", "piecewise function", "分段函数",
                            sp.Piecewise((U, X < _W), (V, True)), sp.Piecewise((DU, X < _W), (DV, X > _W)),
                            sp.Piecewise((dU, X < _W), (dV, X > _W)), sp.Ne(X, _W),
                            "inside each piece; at a breakpoint only if f is continuous and both one-sided "
                            "derivatives agree",
                            conditions_zh="在各段内部成立；在分段点处，仅当 f 连续且左右导数相等时成立",
                            wording="differentiate each piece inside its interval; check breakpoints by "
                                    "one-sided derivatives"),
          sp.Piecewise, (("piecewise", _piecewise_lower), ("Piecewise", _piecewise_sympy)), "piecewise",
          arity=_MANY),
    _hyp("sinh", "hyperbolic sine", "双曲正弦", sp.cosh(X), wording="(sinh x)′ = cosh x", spellings=("sinh", "sh"),
         latex=r"\sinh", inverse="asinh", rank=6, arb_fn=balls.mono(lambda t: t.sinh()), np_fn=np.sinh),
    _hyp("cosh", "hyperbolic cosine", "双曲余弦", sp.sinh(X), wording="(cosh x)′ = sinh x", spellings=("cosh", "ch"),
         latex=r"\cosh", inverse="acosh", rank=7, arb_fn=lambda t: t.cosh(), np_fn=np.cosh),
    _hyp("tanh", "hyperbolic tangent", "双曲正切", 1 - sp.tanh(X) ** 2, wording="(tanh x)′ = 1 − tanh² x",
         spellings=("tanh", "th"), latex=r"\tanh", inverse="atanh", rank=10, arb_fn=balls.mono(lambda t: t.tanh()), np_fn=np.tanh,
         autograd="tanh"),
    _hyp("coth", "hyperbolic cotangent", "双曲余切", 1 - sp.coth(X) ** 2, sp.Ne(X, 0), "x ≠ 0",
         wording="(coth x)′ = 1 − coth² x", latex=r"\coth", domain=lambda u: [sp.Ne(u, 0)],
         inverse="acoth", rank=11, arb_fn=lambda t: t.coth()),
    _hyp("sech", "hyperbolic secant", "双曲正割", -sp.sech(X) * sp.tanh(X), wording="(sech x)′ = −sech x tanh x",
         rank=8, arb_fn=lambda t: t.sech()),
    _hyp("csch", "hyperbolic cosecant", "双曲余割", -sp.csch(X) * sp.coth(X), sp.Ne(X, 0), "x ≠ 0",
         wording="(csch x)′ = −csch x coth x", domain=lambda u: [sp.Ne(u, 0)], rank=9, arb_fn=lambda t: t.csch()),
    _hyp("asinh", "inverse hyperbolic sine", "反双曲正弦", 1 / sp.sqrt(X ** 2 + 1),
         wording="(arsinh x)′ = 1/√(x² + 1)", spellings=("arsinh", "arcsinh", "asinh"), display="arsinh",
         latex=r"\operatorname{arsinh}", arb_fn=balls.mono(lambda t: t.asinh())),
    _hyp("acosh", "inverse hyperbolic cosine", "反双曲余弦", 1 / sp.sqrt(X ** 2 - 1), X > 1, "x > 1",
         lambda u: [u - 1], "(arcosh x)′ = 1/√(x² − 1)", ("arcosh", "arccosh", "acosh"), "arcosh",
         r"\operatorname{arcosh}", lambda u: [u >= 1],
         lambda t: balls.mono(lambda s: s.acosh())(t) if t >= 1 else balls.nan()),
    _hyp("atanh", "inverse hyperbolic tangent", "反双曲正切", 1 / (1 - X ** 2), (X > -1) & (X < 1), "−1 < x < 1",
         None, "(artanh x)′ = 1/(1 − x²)", ("artanh", "arctanh", "atanh"), "artanh", r"\operatorname{artanh}",
         lambda u: [u > -1, u < 1],
         lambda t: balls.mono(lambda s: s.atanh())(t) if (t > -1 and t < 1) else balls.nan()),
    _hyp("acoth", "inverse hyperbolic cotangent", "反双曲余切", 1 / (1 - X ** 2), (X < -1) | (X > 1), "|x| > 1",
         None, "(arcoth x)′ = 1/(1 − x²)", ("arcoth", "arccoth", "acoth"), "arcoth", r"\operatorname{arcoth}",
         lambda u: [sp.Or(u < -1, u > 1)],
         lambda t: (1 / t).atanh() if (t > 1 or t < -1) else balls.nan()),
    _hyp("asec", "arcsecant", "反正割函数", 1 / (sp.Abs(X) * sp.sqrt(X ** 2 - 1)), (X < -1) | (X > 1), "|x| > 1",
         lambda u: [u - 1, u + 1], "(arcsec x)′ = 1/(|x|√(x² − 1))", ("arcsec", "asec"), "arcsec",
         r"\operatorname{arcsec}", lambda u: [sp.Or(u <= -1, u >= 1)],
         lambda t: (1 / t).acos() if (t >= 1 or t <= -1) else balls.nan()),
    _hyp("acsc", "arccosecant", "反余割函数", -1 / (sp.Abs(X) * sp.sqrt(X ** 2 - 1)), (X < -1) | (X > 1),
         "|x| > 1", lambda u: [u - 1, u + 1], "(arccsc x)′ = −1/(|x|√(x² − 1))", ("arccsc", "acsc"), "arccsc",
         r"\operatorname{arccsc}", lambda u: [sp.Or(u <= -1, u >= 1)],
         lambda t: (1 / t).asin() if (t >= 1 or t <= -1) else balls.nan()),
]
