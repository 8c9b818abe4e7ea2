"""Zero-dimensional polynomial systems by a lex Gröbner basis and back-substitution."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from .values import _ops


class Polynomial:
    """Mixin of the solving engine: polynomial systems."""


    def poly_system(self, eqs, U) -> Optional[list]:
        """Zero-dimensional polynomial system by a lex Gröbner basis and back-substitution, all
        within a third of the time left (then the certified numeric search takes over)."""
        self.groebner_timeout = False
        ok, res = self.run(lambda: self._poly_system(eqs, U), min(8.0, max(1.0, self.left() / 3)))
        if not ok:
            self.groebner_timeout = True
            return None
        return res

    def _poly_system(self, eqs, U) -> Optional[list]:
        G = sp.groebner(eqs, *U, order="lex")
        if list(G.exprs) == [1]:
            return []
        ok, zd = self.run(lambda: G.is_zero_dimensional, 2.0)
        if not ok or not zd:
            return None
        polys = list(G.exprs)
        results: list = []

        def back(k, assigned):
            if k < 0:
                results.append(dict(assigned))
                return True
            v = U[k]
            later = set(U[k + 1:])
            cands = []
            for p in polys:
                fs = p.free_symbols & set(U)
                if v in fs and fs <= later | {v}:
                    q = p.xreplace(assigned)
                    ok2, q = self.run(lambda: sp.expand(q), 1.0)
                    if not ok2:
                        return False
                    if q != 0:
                        cands.append(q)
            if not cands:
                return False
            cands.sort(key=lambda q: (sp.degree(q, v), _ops(q)))
            q = cands[0]
            ok2, P = self.run(lambda: sp.Poly(q, v), 1.0)
            if not ok2 or P is None:
                return False
            if P.domain.is_ZZ or P.domain.is_QQ:
                rs = self.poly_real_roots(P)
            elif P.degree() == 1:
                c1, c0 = P.all_coeffs()
                rs = [self.simp(-c0 / c1, 1.0)]
            elif P.has(sp.CRootOf):
                return False
            else:
                ok2, rd = self.run(lambda: sp.roots(P), 3.0)
                if not ok2 or rd is None or sum(rd.values()) < P.degree():
                    return False
                rs = [r for r in (self.real_exact(r) for r in rd) if r is not None]
            if rs is None:
                return False
            for r in rs:
                good = True
                for other in cands[1:]:
                    z = self.is_zero(other.xreplace({v: r}), 0.5)
                    if z is False:
                        good = False
                        break
                if good:
                    a2 = dict(assigned)
                    a2[v] = r
                    if not back(k - 1, a2):
                        return False
            return True

        if not back(len(U) - 1, {}):
            return None
        return results
