"""Several variables: the Hessian test at a critical point, exact (Sylvester's
leading principal minors, eigenvalue signs of a singular Hessian by Descartes'
rule on the characteristic polynomial) or certified in ball arithmetic at a
numeric point.  Tests beyond the Hessian are in higher.py."""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb

from ...differentiate import differentiate, hessian_of
from ..balls import NotCompilable
from ..precision import precision as _prec
from .words import fmt as _fmt


def partial(e, v):
    """∂e/∂v by calc's own differentiator (undefined at kinks, no δ/Heaviside conventions)."""
    return differentiate(e, v)[0]


hessian_matrix = hessian_of     # calc.hessian's own: the rule walker, twice


class HessianTests:
    """Mixin of the several-variable classifier (see the package docstring): the sign of a
    number, the Hessian tests."""

    def sign(self, e) -> Optional[int]:
        e = sp.sympify(e, strict=True)
        if e.free_symbols:
            ok, s = self.E.run(lambda: sp.simplify(e), 0.5)
            if ok and s is not None and not s.free_symbols:
                e = s
            else:
                if e.is_positive:
                    return 1
                if e.is_negative:
                    return -1
                return None
        z = self.E.is_zero(e, 0.5)
        if z is True:
            return 0
        b = self.E.ball(e)
        if b is None:
            return None
        if b > 0:
            return 1
        if b < 0:
            return -1
        return None

    # -- Hessian, exact
    def hessian_exact(self, p: dict) -> tuple:
        Hp = self.hess_at(p)
        if Hp is None:
            return self.higher_order(p, None, "f is not twice differentiable here; ")
        Hp = Hp.applyfunc(lambda e: self.E.simp(e, 0.3))
        n = self.n
        minors = []
        for k in range(1, n + 1):
            ok, d = self.E.run(lambda: Hp[:k, :k].det(), 1.0)
            if not ok:
                return "inconclusive", "the Hessian's minors could not be evaluated in time", None
            minors.append(self.E.simp(d, 0.3))
        signs = [self.sign(d) for d in minors]
        shown = ", ".join(f"D{k + 1} = {_fmt(d)}" for k, d in enumerate(minors))
        if None in signs:
            return "inconclusive", f"the signs of the Hessian's leading principal minors ({shown}) are undecided", None
        if all(s > 0 for s in signs):
            return "min", f"Hessian positive definite (leading principal minors {shown} all > 0, Sylvester)", True
        if all(s * (-1) ** (k + 1) > 0 for k, s in enumerate(signs)):
            return "max", (f"Hessian negative definite (leading principal minors {shown} alternate in sign, "
                           f"D1 < 0, Sylvester)"), True
        if signs[-1] != 0:
            why = "det H < 0" if n == 2 else "det H ≠ 0 but H is not definite"
            return "saddle", f"Hessian indefinite ({shown}; {why}): not an extremum", False
        # singular: eigenvalue signs by Descartes' rule on the characteristic polynomial
        lam = sp.Dummy("lambda")
        ok, cp = self.E.run(lambda: sp.Poly(Hp.charpoly(lam).as_expr(), lam), 2.0)
        npos = nneg = None
        if ok and cp is not None:
            cs = [self.sign(c) for c in cp.all_coeffs()]
            if None not in cs:
                nz = [c for c in cs if c != 0]
                npos = sum(1 for a, b in zip(nz, nz[1:]) if a != b)
                alt = [c * (-1) ** (len(cs) - 1 - i) for i, c in enumerate(cs)]
                nz2 = [c for c in alt if c != 0]
                nneg = sum(1 for a, b in zip(nz2, nz2[1:]) if a != b)
        if npos and nneg:
            return "saddle", (f"Hessian singular ({shown}) but indefinite: its characteristic polynomial has "
                              f"{npos} positive and {nneg} negative roots (Descartes' rule): not an extremum"), False
        what = "zero" if all(self.sign(e) == 0 for e in Hp) else "semidefinite"
        return self.higher_order(p, Hp, f"inconclusive by the Hessian (Hessian {what}, {shown}); ")

    # -- Hessian, certified numeric point
    def hessian_numeric(self, point) -> tuple:
        try:
            with _prec(self.E.bits):
                X = [p.ball for p in point]
                Hb = [[self.E.compile(self.H[i, j], self.vars)(X) for j in range(self.n)] for i in range(self.n)]
        except NotCompilable:
            return "inconclusive", "the Hessian cannot be evaluated in ball arithmetic", None
        n = self.n
        minors = []
        for k in range(1, n + 1):
            minors.append(_arb_det([row[:k] for row in Hb[:k]]))
        signs = [1 if d > 0 else -1 if d < 0 else None for d in minors]
        shown = ", ".join(f"D{k + 1} ∈ [{float(d.lower()):.6g}, {float(d.upper()):.6g}]" for k, d in enumerate(minors))
        cert = "" if all(p.certified for p in point) else " (at a numeric, uncertified point)"
        if None in signs:
            return "inconclusive", f"the enclosures of the Hessian's minors contain 0 ({shown}){cert}", None
        if all(s > 0 for s in signs):
            return "min", f"Hessian positive definite (certified minors {shown}, Sylvester){cert}", True
        if all(s * (-1) ** (k + 1) > 0 for k, s in enumerate(signs)):
            return "max", f"Hessian negative definite (certified minors {shown}, Sylvester){cert}", True
        return "saddle", f"Hessian indefinite (certified minors {shown}): not an extremum{cert}", False


def _arb_det(M) -> arb:
    n = len(M)
    if n == 1:
        return M[0][0]
    if n == 2:
        return M[0][0] * M[1][1] - M[0][1] * M[1][0]
    s = arb(0)
    for j in range(n):
        minor = [row[:j] + row[j + 1:] for row in M[1:]]
        term = M[0][j] * _arb_det(minor)
        s = s + term if j % 2 == 0 else s - term
    return s
