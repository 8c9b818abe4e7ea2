"""Table 2-2: derivatives and differentials of combined functions."""
from __future__ import annotations

import sympy as sp

from .base import C, DU, DV, U, V, X, Rule, dU, dV, dX

_f = sp.Function("f")
_phi = sp.Function("varphi")

ROWS = [
    Rule("2-2.1", "2-2", "sum / difference", "和差法则", U + V, DU + DV, dU + dV,
         wording="(u ± v)′ = u′ ± v′", differential_wording="d(u ± v) = du ± dv", function_latex=r"u \pm v",
         derivative_latex=r"u' \pm v'", differential_latex=r"d(u \pm v) = du \pm dv"),
    Rule("2-2.2", "2-2", "constant multiple", "常数倍法则", C * U, C * DU, C * dU,
         conditions_text="C constant", conditions_zh="C 为常数", wording="(Cu)′ = C u′",
         differential_wording="d(Cu) = C du"),
    Rule("2-2.3", "2-2", "product", "乘积法则", U * V, DU * V + U * DV, V * dU + U * dV,
         wording="(uv)′ = u′v + uv′", differential_wording="d(uv) = v du + u dv"),
    Rule("2-2.4", "2-2", "quotient", "商法则", U / V, (DU * V - U * DV) / V ** 2,
         (V * dU - U * dV) / V ** 2, sp.Ne(V, 0), "v ≠ 0",
         wording="(u/v)′ = (u′v − uv′)/v²", differential_wording="d(u/v) = (v du − u dv)/v²"),
    Rule("2-2.5", "2-2", "chain rule (composite function)", "复合函数求导法则",
         _f(U), sp.Symbol("f'(u)") * DU, sp.Symbol("f'(u)") * dU,
         conditions_text="y = f(u), u = φ(x) differentiable", conditions_zh="y = f(u)，u = φ(x) 均可导",
         wording="dy/dx = f′(u)·φ′(x); dy = f′(u) du (the form of the first differential is invariant)",
         differential_wording="dy = f′(u) du",
         function_latex=r"y = f(u),\ u = \varphi(x)",
         derivative_latex=r"\frac{dy}{dx} = f'(u)\,\varphi'(x)",
         differential_latex=r"dy = f'(u)\,du"),
    Rule("2-2.6", "2-2", "inverse function", "反函数求导法则",
         sp.Function("f^{-1}")(X), 1 / sp.Symbol("f'(y)"), dX / sp.Symbol("f'(y)"),
         sp.Ne(sp.Symbol("f'(y)"), 0), "x = f(y) monotone, f′(y) ≠ 0", conditions_zh="x = f(y) 单调，f′(y) ≠ 0",
         wording="[f⁻¹(x)]′ = 1/f′(y)",
         function_latex=r"y = f^{-1}(x),\ x = f(y)",
         derivative_latex=r"\left[f^{-1}(x)\right]' = \frac{1}{f'(y)}",
         differential_latex=r"dy = \frac{dx}{f'(y)}"),
]
