"""Classification of critical points of several variables: glue over the classification stage
(:mod:`calc.stages.classify`: Hessian and higher-order tests) and the directional tests."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from ..stages.classify.hessian import HessianTests, hessian_matrix as _hessian
from ..stages.classify.higher import HigherOrder
from .blowup import BlowUp
from .directional import Directional
from .kinks import _branches


class _Classifier(HessianTests, HigherOrder, Directional, BlowUp):
    """Decides whether a critical point is a local min, max or neither, and says how."""

    def __init__(self, eng, f, vars_):
        self.E = eng
        self.f = f
        self.vars = vars_
        self.n = len(vars_)
        self._H = None

    @property
    def H(self):
        if self._H is None:
            self._H = _hessian(self.f, self.vars)
        return self._H

    # -- entry point
    def classify(self, point: list, differentiable: bool) -> tuple:
        """(kind, test, strict) with kind in min | max | saddle | inconclusive."""
        if self.E.left() <= 0:
            return "inconclusive", "not classified (time budget exhausted)", None
        exact = all(p.exact is not None for p in point)
        if not differentiable:
            if not exact:
                return "inconclusive", "f is not differentiable here and the point is only known numerically", None
            return self.nondiff(dict(zip(self.vars, [p.exact for p in point])))
        if not exact:
            return self.hessian_numeric(point)
        return self.hessian_exact(dict(zip(self.vars, [p.exact for p in point])))

    def differentiable_at(self, p: dict) -> Optional[str]:
        """'regular' (differentiable, ∇f ≠ 0), 'critical' (differentiable, ∇f = 0), or None
        (not differentiable / undecided), from the one-sided directional derivative."""
        ds = [sp.Symbol(f"d{i + 1}", real=True) for i in range(self.n)]
        r = self.dirder(self.f, p, ds)
        if r is None:
            return None
        D = r[1]
        Dm = D.xreplace({d: -d for d in ds})
        if self.E.is_zero(sp.expand(D + Dm), 0.5) is not True:
            return None
        ok, lin = self.E.run(lambda: sp.simplify(D), 0.5)
        if ok and lin == 0:
            return "critical"
        return "regular"

    def hess_at(self, p: dict):
        """The exact Hessian at p; where sympy's formula has sign/δ terms (a ridge of |u|,
        max, min), the Hessians of the smooth branches, when they all agree."""
        Hp = self.H.xreplace(p)
        bad = (sp.Piecewise, sp.Heaviside, sp.sign)
        if not any(e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, *bad) for e in Hp):
            return Hp
        brs = _branches(self.f, self.vars)
        if not brs:
            return None
        mats = []
        for Fb, _ in brs[:16]:
            M = _hessian(Fb, self.vars).xreplace(p)
            if any(e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, *bad) for e in M):
                return None
            mats.append(M)
        for M in mats[1:]:
            if any(self.E.is_zero(a - b, 0.3) is not True for a, b in zip(M, mats[0])):
                return None
        return mats[0]
