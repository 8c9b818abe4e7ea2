"""Non-differentiable points decided by a certified bound on a punctured neighbourhood.

Write x = p + r·w with r > 0 and w on the boundary of the cube [−1, 1]ⁿ.  When
f(p + r w) − f(p) = r^α · g(r, w) with α > 0 the lowest power of r (a cusp such as
(x² + y²)^(1/3) − y has α = 2/3) and g continuous up to r = 0, a ball enclosure of g over
[0, ε] × each face of the cube that excludes 0 proves the sign of f − f(p) on the whole punctured
cube 0 < ‖x − p‖∞ ≤ ε: a strict minimum (g > 0), a strict maximum (g < 0)."""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb

from ..stages.balls import NotCompilable
from ..stages.precision import precision as _prec

MAX_BOXES = 3000


class BlowUp:
    """Mixin of the classifier (needs self.E, self.f, self.vars, self.n)."""

    def blow_up(self, p: dict) -> Optional[tuple]:
        """(kind, test, strict) from the sign of g on [0, ε] × the cube's faces, or None."""
        r = sp.Symbol("r", positive=True)
        ws = [sp.Symbol(f"w{i + 1}", real=True) for i in range(self.n)]
        f0 = self.f.xreplace(p)
        e = self.f.xreplace({v: p[v] + r * w for v, w in zip(self.vars, ws)}) - f0
        ok, ex = self.E.run(lambda: sp.expand(sp.powsimp(sp.factor_terms(e), force=False)), 1.0)
        if not ok or ex is None:
            return None
        terms = [t.as_coeff_exponent(r) for t in sp.Add.make_args(ex)]
        if any(c.has(r) or not c.has(*ws) and c != 0 and k == 0 for c, k in terms):
            return None
        exps = [k for c, k in terms if c != 0]
        if not exps or not all(k.is_Rational for k in exps):
            return None
        alpha = min(exps)
        if alpha <= 0:
            return None
        g = sp.Add(*[c * r ** (k - alpha) for c, k in terms])
        try:
            gc = self.E.compile(g, [r] + ws)
        except NotCompilable:
            return None
        for eps in ("1e-2", "1e-4", "1e-8"):
            sign = self._sign_on_faces(gc, arb(eps))
            if sign is not None:
                kind = "min" if sign > 0 else "max"
                word = "minimum" if sign > 0 else "maximum"
                return kind, (f"f is not differentiable here; with x = p + r·w (‖w‖∞ = 1), f − f(p) = r^({alpha})·g "
                              f"and interval arithmetic gives g {'>' if sign > 0 else '<'} 0 for 0 ≤ r ≤ {eps} "
                              f"and every w: strict {word} on the punctured neighbourhood"), True
        return None

    def _sign_on_faces(self, gc, eps: arb) -> Optional[int]:
        """+1 / −1 when g > 0 / g < 0 on [0, ε] × every face of the cube (proven), else None."""
        R = arb(0).union(eps)
        sign = None
        count = 0
        with _prec(64):
            for i in range(self.n):
                for s in (-1, 1):
                    stack = [[(-1.0, 1.0)] * (self.n - 1)]
                    while stack:
                        count += 1
                        if count > MAX_BOXES or self.E.left() <= 0:
                            return None
                        B = stack.pop()
                        W = [arb(lo).union(arb(hi)) for lo, hi in B]
                        v = gc([R] + W[:i] + [arb(s)] + W[i:])
                        if v.is_finite() and (v > 0 or v < 0):
                            here = 1 if v > 0 else -1
                            if sign is not None and here != sign:
                                return None
                            sign = here
                            continue
                        if not B or max(hi - lo for lo, hi in B) < 1e-3:
                            return None
                        j = max(range(len(B)), key=lambda t: B[t][1] - B[t][0])
                        lo, hi = B[j]
                        m = (lo + hi) / 2
                        stack += [B[:j] + [(lo, m)] + B[j + 1:], B[:j] + [(m, hi)] + B[j + 1:]]
        return sign
