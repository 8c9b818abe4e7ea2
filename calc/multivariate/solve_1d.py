"""One equation in one unknown: exact real roots (polynomials, solveset), certified otherwise."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from ..stages.balls import NotCompilable, ball
from ..stages.precision import precision as _prec
from .caps import MAX_EXACT_CHARS
from ..stages.critical import solveset_worthy as _solveset_worthy
from .values import _d, _is_poly


class OneVariable:
    """Mixin of the solving engine: one equation in one unknown."""

    # -- one equation in one unknown
    def poly_real_roots(self, P: sp.Poly) -> list:
        out = []
        ok, fl = self.run(lambda: P.factor_list(), 3.0)
        if not ok:
            return None
        for fac, _ in fl[1]:
            d = fac.degree()
            if d <= 0:
                continue
            if d == 1:
                c = fac.all_coeffs()
                out.append(-c[1] / c[0])
                continue
            if d == 2:
                a, b, c = fac.all_coeffs()
                disc = b * b - 4 * a * c
                if disc < 0:
                    continue
                out += [(-b - sp.sqrt(disc)) / (2 * a), (-b + sp.sqrt(disc)) / (2 * a)]
                continue
            ok, rr = self.run(lambda: fac.real_roots(), 3.0)
            if not ok:
                return None
            nice = None
            if d <= 4 and len(rr) == 1:
                ok, rs = self.run(lambda: sp.roots(fac, multiple=True), 1.0)
                if ok and rs:
                    real = [r for r in rs if not r.has(sp.I)]
                    if len(real) == 1 and len(str(real[0])) < MAX_EXACT_CHARS:
                        nice = real
            out += nice if nice else list(rr)
        return out

    def in_interval(self, vals, I) -> list:
        if I is None:
            return vals
        a = None if I.start.is_infinite else self.ball(I.start)
        b = None if I.end.is_infinite else self.ball(I.end)
        keep = []
        for v in vals:
            vb = self.ball(v)
            if vb is None:
                continue
            if (a is not None and vb < a) or (b is not None and vb > b):
                continue
            if (I.left_open and vb.overlaps(a) and self.is_zero(v - I.start) is True) or \
                    (I.right_open and vb.overlaps(b) and self.is_zero(v - I.end) is True):
                continue
            keep.append(v)
        return keep

    def roots_1d(self, e, v, I) -> Optional[list]:
        """[(root, params)] of e = 0 in I (exact), or None when sympy cannot solve it completely."""
        if I is not None and I.start.is_infinite and I.end.is_infinite:
            I = None
        if _is_poly(e, [v]):
            ok, P = self.run(lambda: sp.Poly(e, v), 1.0)
            if ok and P is not None and (P.domain.is_ZZ or P.domain.is_QQ):
                rs = self.poly_real_roots(P)
                if rs is not None:
                    return [(r, ()) for r in self.in_interval(rs, I)]
        if not _solveset_worthy(e, v):
            return None
        dom = I if I is not None else sp.S.Reals
        ok, S = self.run(lambda: sp.solveset(e, v, dom), 1.5)
        if not ok or S is None:
            return None
        if S == sp.S.EmptySet:
            return []
        if isinstance(S, sp.FiniteSet):
            out = []
            for r in S:
                r2 = self.real_exact(r)
                if r2 is not None:
                    out.append(r2)
            return [(r, ()) for r in self.in_interval(out, I)]
        if I is None:
            parts = S.args if isinstance(S, sp.Union) else (S,)
            out = []
            for k, p in enumerate(parts):
                if isinstance(p, sp.FiniteSet):
                    out += [(r, ()) for r in p if self.real_exact(r) is not None]
                elif isinstance(p, sp.ImageSet) and p.base_sets[0] == sp.S.Integers:
                    lam = p.lamda
                    n = sp.Symbol(f"n{self.pcount()}", integer=True)
                    out.append((lam.expr.xreplace({lam.variables[0]: n}), (n,)))
                else:
                    return None
            return out
        return None


    def roots_numeric_1d(self, e, v, I) -> Optional[list]:
        """Certified roots of a one-variable equation on a bounded interval, exact when
        recognised, otherwise carried as placeholder constants (None if some are unresolved)."""
        if I is None or I.start.is_infinite or I.end.is_infinite:
            return None
        found, loose = self.krawczyk([e], [[_d(e, v)]], [v], [(float(I.start), float(I.end))])
        out = []
        for r in loose:
            # a multiple root cannot be certified by Krawczyk; accept it only in closed form
            r = self.identify([e], [v], r, False)
            if r[v].exact is None:
                return None
            out.append((r[v].exact, ()))
        for r in found:
            if self.hopeless(v, r[v].ball):
                continue        # no optimum on the slice v = r: neither sought nor kept
            r = self.identify([e], [v], r, True, len(found) <= 4)
            out.append((r[v].exact if r[v].exact is not None else self.placeholder(r[v].ball), ()))
        return out

    def _linear_form(self, e, vs):
        """L = v0 + c1·v1 + ... when e depends on vs only through L (∇e parallel to a constant)."""
        d0 = _d(e, vs[0])
        if d0 == 0:
            return None
        L = vs[0]
        for v in vs[1:]:
            ok, r = self.run(lambda: sp.simplify(_d(e, v) / d0), 0.5)
            if not ok or r is None or r.free_symbols or not r.is_number:
                return None
            L = L + r * v
        return L

    def _roots_of_argument(self, g, t, L, fs, box):
        """Roots of g(t) on the range of L over the box: exact, else certified placeholders."""
        I = None
        if box and all(w in box and box[w].start.is_finite and box[w].end.is_finite for w in fs):
            try:
                with _prec(53):
                    ws = sorted(fs, key=lambda s: s.name)
                    rng_ = self.compile(L, ws)([ball(self.ball(box[w].start), self.ball(box[w].end)) for w in ws])
                if rng_.is_finite():
                    I = sp.Interval(sp.Rational(float(rng_.lower())) - sp.Rational(1, 10 ** 9),
                                    sp.Rational(float(rng_.upper())) + sp.Rational(1, 10 ** 9))
            except NotCompilable:
                I = None
        roots = self.roots_1d(g, t, I)
        if roots is not None:
            return roots
        return self.roots_numeric_1d(g, t, I)
