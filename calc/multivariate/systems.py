"""Systems of equations: factor combinations, triangular back-substitution, parametrisations."""
from __future__ import annotations

import itertools
from typing import Optional

import sympy as sp

from ..printing import textbook
from ..stages.balls import NotCompilable
from .caps import MAX_COMBOS
from .values import _Sol, _d, _hessian, _is_poly, _ops


class Systems:
    """Mixin of the solving engine: systems solved exactly where possible."""

    # -- systems
    def reduce(self, e, U):
        """The factors of e whose zeros matter: None when e ≡ 0, [] when e never vanishes."""
        ok, t = self.run(lambda: sp.together(e), 2.0)
        if not ok or t is None:
            t = e
        num = sp.fraction(t)[0]
        if num == 0:
            return None
        if any(isinstance(a, sp.Pow) and not a.exp.is_Integer for a in num.atoms(sp.Pow)):
            ok, ex = self.run(lambda: sp.expand(num), 0.5)       # (√A)² = A may cancel everything
            if ok and ex == 0:
                return None
        poly = _is_poly(num, U)
        ok, fn = self.run(lambda: sp.factor(num) if poly else sp.factor_terms(sp.powsimp(num)), 2.0)
        if not ok or fn is None:
            fn = num
        out = []
        for f in sp.Mul.make_args(fn):
            while f.is_Pow and f.exp.is_positive and not f.base.is_positive:
                f = f.base
            if not f.has(*U):
                z = self.is_zero(f) if f.is_number else None
                if z is True:
                    return None
                continue
            if isinstance(f, sp.exp) or (f.is_Pow and f.base is sp.E):
                continue
            if f.is_Pow and f.base.is_positive and f.exp.is_real:
                continue
            ok, sign = self.run(lambda: bool(f.is_positive or f.is_negative), 0.2)
            if ok and sign:
                continue
            if f not in out and -f not in out:
                out.append(f)
        return out

    def solve_system(self, eqs, U, box, out: Optional[list] = None) -> list:
        """Every real solution of eqs = 0 for the unknowns U (box: {u: Interval} or None),
        appended to ``out`` as they are found."""
        out = [] if out is None else out
        red = []
        for e in eqs:
            r = self.reduce(e, U)
            if r is None:
                continue
            if not r:
                return out
            red.append(r)
        total = 1
        for r in red:
            total *= len(r)
        if total > MAX_COMBOS:
            red = [[sp.Mul(*r)] for r in red]
        seen = set()
        for combo in itertools.product(*red):
            uniq = []
            for c in combo:
                if c not in uniq:
                    uniq.append(c)
            key = frozenset(uniq)
            if key in seen:
                continue
            seen.add(key)
            start = len(out)
            self.tri(uniq, list(U), {}, (), box, out, 0)
            for sol in out[start:]:
                sol.eqs = tuple(uniq)
        return out

    def tri(self, eqs, U, assigned, params, box, out, depth) -> None:
        """Triangular back-substitution: one-variable equations first, Gröbner bases for
        polynomial systems, solving for one variable, certified numerics last."""
        if self.left() <= 0:
            self.note("the time budget ran out before every system was solved", partial=True)
            return
        if depth > 12:
            self.note("a system was too deeply nested to solve exactly", partial=True)
            return
        rem = [u for u in U if u not in assigned]
        remset = set(rem)
        cur = []
        for e in eqs:
            e2 = e.xreplace(assigned) if assigned else e
            if e2.free_symbols & remset:
                if e2 not in cur:
                    cur.append(e2)
                continue
            if e2.free_symbols and e2.free_symbols <= set(self.placeholders):
                # only certified constants without a closed form: their balls decide
                try:
                    b = self.compile(e2, [])([])
                except NotCompilable:
                    b = None
                if b is not None and b.is_finite() and not b.contains(0):
                    return
                self.note("a solution satisfies an equation only numerically (certified constants); kept it")
                continue
            if e2.free_symbols:
                ok, s = self.run(lambda: sp.simplify(e2), 1.0)
                if ok and s == 0:
                    continue
                if ok and s is not None and s.is_number and self.is_zero(s) is False:
                    return
                self.note(f"could not decide whether {textbook(self.show(e2))} = 0 for every value of the parameters; "
                          f"kept the solution", partial=False)
                continue
            z = self.is_zero(e2)
            if z is False:
                return
            if z is None:
                self.note("a solution satisfies an equation only numerically (to 50 digits); kept it")
        if not cur:
            out.append(_Sol(dict(assigned), params + tuple(rem)))
            return
        # a sum of squares vanishes only where its gradient does too
        extra = []
        for e in cur:
            fs = e.free_symbols & remset
            if len(fs) >= 2:
                ok, nn = self.run(lambda: bool(e.is_nonnegative or e.is_nonpositive
                                               or self.semidefinite_quadratic(e, sorted(fs, key=str))), 0.5)
                if ok and nn:
                    for v in sorted(fs, key=lambda s: s.name):
                        d = _d(e, v)
                        if d != 0 and d not in cur and d not in extra:
                            extra.append(d)
        if extra:
            return self.tri(cur + extra, U, assigned, params, box, out, depth + 1)
        # one-variable equations
        singles = [e for e in cur if len(e.free_symbols & remset) == 1]
        if singles:
            e = min(singles, key=lambda e: (not _is_poly(e, list(e.free_symbols & remset)), _ops(e)))
            v = next(iter(e.free_symbols & remset))
            I = box.get(v) if box else None
            roots = self.roots_1d(e, v, I)
            if roots is None and len(cur) > 1 or roots is None and len(rem) > 1:
                roots = self.roots_numeric_1d(e, v, I)
            if roots is None:
                return self.numeric(cur, rem, assigned, params, box, out)
            rest = [c for c in cur if c is not e]
            for r, ps in roots:
                if not ps and r.is_number and not (r.free_symbols - set(self.placeholders)):
                    b = self.ball(r)
                    if b is not None and self.hopeless(v, b):
                        continue        # (branch and bound: no optimum with v = r)
                a2 = {k: (val.xreplace({v: r}) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
                a2[v] = r
                self.tri(rest, U, a2, params + ps, box, out, depth + 1)
            return
        polynomial = all(_is_poly(e, rem) for e in cur)
        if polynomial and len(cur) >= len(rem):
            res = self.poly_system(cur, rem)
            if res is not None:
                for s in res:
                    a2 = {k: (val.xreplace(s) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
                    a2.update(s)
                    out.append(_Sol(a2, params))
                return
            if self.groebner_timeout:
                # too large for exact elimination in the budget: certified numerics instead
                return self.numeric(cur, rem, assigned, params, box, out)
        if self.solve_for_one(cur, rem, U, assigned, params, box, out, depth):
            return
        if len(cur) < len(rem) and self.linear_argument(cur, rem, U, assigned, params, box, out, depth):
            return
        if len(cur) < len(rem) and self.solve_radical(cur, rem, U, assigned, params, box, out, depth):
            return
        if polynomial:
            ok, sols = self.run(lambda: sp.solve(cur, rem, dict=True), 5.0)
            if ok and sols is not None:
                for s in sols:
                    if any(self.real_exact(val) is None for val in s.values() if val.is_number):
                        continue
                    if not all(self.maybe_real(val, rem, box) for val in s.values()):
                        continue
                    a2 = {k: (val.xreplace(s) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
                    a2.update(s)
                    self.tri([], U, a2, params, box, out, depth + 1)
                return
        self.numeric(cur, rem, assigned, params, box, out)

    def semidefinite_quadratic(self, e, vs) -> bool:
        """Is e a quadratic polynomial whose (constant) Hessian is semidefinite?  Then e has
        the sign of its minimum (maximum) and vanishes only where its gradient does."""
        if not _is_poly(e, vs) or sp.Poly(e, *vs).total_degree() != 2:
            return False
        H = _hessian(e, vs)
        lam = sp.Dummy("l")
        cs = sp.Poly(H.charpoly(lam).as_expr(), lam).all_coeffs()
        signs = [0 if c == 0 else (1 if c > 0 else -1) for c in cs]
        nz = [c for c in signs if c]
        pos = sum(1 for a, b in zip(nz, nz[1:]) if a != b)
        alt = [c * (-1) ** (len(signs) - 1 - i) for i, c in enumerate(signs)]
        nz2 = [c for c in alt if c]
        neg = sum(1 for a, b in zip(nz2, nz2[1:]) if a != b)
        return pos == 0 or neg == 0

    def maybe_real(self, phi, rem, box) -> bool:
        """Is the parametrised value phi real somewhere (sampled) in the box?"""
        if not isinstance(phi, sp.Basic) or not phi.has(sp.I) and not any(
                isinstance(p, sp.Pow) and not p.exp.is_Integer for p in phi.atoms(sp.Pow)):
            return True
        fs = sorted(phi.free_symbols & set(rem), key=lambda s: s.name)
        if not fs:
            return self.real_exact(phi) is not None
        grid = [sp.Rational(k, 8) for k in range(9)]
        real = 0
        for vals in itertools.product(grid, repeat=len(fs)):
            sub = {}
            for v, t in zip(fs, vals):
                I = box.get(v) if box else None
                if I is None or I.start.is_infinite or I.end.is_infinite:
                    sub[v] = -4 + 8 * t
                else:
                    sub[v] = I.start + (I.end - I.start) * t
            try:
                n = sp.N(phi.xreplace(sub), 20)
            except Exception as exc:  # noqa: BLE001 - sympy's failures only, noted (calc's propagate)
                self.gave_up(exc)
                continue
            if n.is_number and not n.has(sp.nan, sp.zoo):
                re_, im_ = n.as_real_imag()
                if abs(im_) < 1e-15 * (1 + abs(re_)):
                    real += 1
                    if real >= 2:      # (real at a single point only: not a real branch)
                        return True
        return False

    def solve_for_one(self, cur, rem, U, assigned, params, box, out, depth) -> bool:
        """Solve one equation that is linear or quadratic in one unknown for it (with the
        degenerate cases where its leading coefficient vanishes)."""
        best = None
        under = len(cur) < len(rem)
        for e in cur:
            for v in rem:
                if not e.has(v):
                    continue
                if not _is_poly(e, [v]):
                    continue
                ok, P = self.run(lambda: sp.Poly(e, v), 0.5)
                if not ok or P is None or P.degree() > 2:
                    continue
                # a square transcendental system is better solved numerically as it stands than
                # through a radical parametrisation (which adds singularities)
                if not under and not (P.degree() == 1 and all(_is_poly(c, rem) for c in P.all_coeffs())):
                    continue
                lead = P.LC()
                key = (P.degree(), 0 if lead.is_number else 1, _ops(e))
                if best is None or key < best[0]:
                    best = (key, e, v, P)
        if best is None:
            return False
        _, e, v, P = best
        rest = [c for c in cur if c is not e]
        coeffs = P.all_coeffs()
        lead = coeffs[0]
        if P.degree() == 1:
            ok, phi = self.run(lambda: sp.cancel(-coeffs[1] / lead), 1.0)
            branches = [phi if ok and phi is not None else -coeffs[1] / lead]
        else:
            a, b, c = coeffs
            disc = b * b - 4 * a * c
            ok, disc2 = self.run(lambda: sp.factor(disc), 1.0)
            disc = disc2 if ok and disc2 is not None else disc
            branches = [(-b - sp.sqrt(disc)) / (2 * a), (-b + sp.sqrt(disc)) / (2 * a)]
            if disc == 0:
                branches = [-b / (2 * a)]
        for phi in branches:
            if phi.has(sp.nan, sp.zoo):
                continue
            if not self.maybe_real(phi, rem, box):
                continue
            a2 = {k: (val.xreplace({v: phi}) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
            a2[v] = phi
            self.tri(rest, U, a2, params, box, out, depth + 1)
        if not lead.is_number:
            # where the leading coefficient vanishes, the equation is of lower degree
            lower = (P - sp.Poly(lead * v ** P.degree(), v)).as_expr()
            self.tri(rest + [lead, lower], U, assigned, params, box, out, depth + 1)
        return True

    def solve_radical(self, cur, rem, U, assigned, params, box, out, depth) -> bool:
        """An underdetermined equation solved for one unknown by sympy.solve (radical equations:
        sympy squares and checks the candidates)."""
        remset = set(rem)
        for e in sorted(cur, key=_ops):
            for v in sorted(e.free_symbols & remset, key=lambda s: s.name):
                ok, phis = self.run(lambda: sp.solve(e, v), 2.0)
                if not ok or not phis:
                    continue
                phis = [ph for ph in phis if not ph.has(sp.I) or self.maybe_real(ph, rem, box)]
                rest = [c for c in cur if c is not e]
                for ph in phis:
                    if not self.maybe_real(ph, rem, box):
                        continue
                    a2 = {k: (val.xreplace({v: ph}) if isinstance(val, sp.Basic) else val)
                          for k, val in assigned.items()}
                    a2[v] = ph
                    self.tri(rest, U, a2, params, box, out, depth + 1)
                return True
        return False

    def linear_argument(self, cur, rem, U, assigned, params, box, out, depth) -> bool:
        """An equation g(L) = 0 where every unknown enters through one expression L (e.g.
        cos(x + y) = 0, or a function of x·z): solve g(t) = 0 for t on the range of L over
        the box, then L = t_k for one unknown gives a family for each root t_k.  Roots without
        a closed form are certified enclosures, carried as constants."""
        remset = set(rem)
        for e in sorted(cur, key=_ops):
            fs = e.free_symbols & remset
            if len(fs) < 2:
                continue
            Ls = []
            lin = self._linear_form(e, sorted(fs, key=lambda s: s.name))
            if lin is not None:
                Ls.append(lin)
            for a in sp.preorder_traversal(e):
                if isinstance(a, sp.Function) and a.args and a.args[0].free_symbols & remset \
                        and a.args[0] not in Ls:
                    Ls.append(a.args[0])
            t = sp.Dummy("t", real=True)
            for L in Ls[:3]:
                for v in sorted(fs & L.free_symbols, key=lambda s: s.name):
                    ok, phis = self.run(lambda: sp.solve(sp.Eq(L, t), v), 1.0)
                    if not ok or not phis:
                        continue
                    branches = []
                    for phi in phis:
                        ok, g = self.run(lambda: sp.simplify(e.xreplace({v: phi})), 1.0)
                        if not ok or g is None or g.free_symbols & remset or not g.has(t):
                            branches = None
                            break
                        roots = self._roots_of_argument(g, t, L, fs, box)
                        if roots is None:
                            branches = None
                            break
                        branches.append((phi, roots))
                    if branches is None:
                        continue
                    rest = [c for c in cur if c is not e]
                    for phi, roots in branches:
                        for r, ps in roots:
                            ph = phi.xreplace({t: r})
                            if not self.maybe_real(ph, rem, box):
                                continue
                            a2 = {k: (val.xreplace({v: ph}) if isinstance(val, sp.Basic) else val)
                                  for k, val in assigned.items()}
                            a2[v] = ph
                            self.tri(rest, U, a2, params + ps, box, out, depth + 1)
                    return True
        return False
