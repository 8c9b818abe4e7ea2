"""Several variables, beyond the Hessian: the lowest non-zero Taylor term, sums of even powers,
restriction to lines."""
from __future__ import annotations

import itertools
import math
import time
from typing import Optional

import sympy as sp

from ..context import is_poly as _is_poly, ops as _ops
from .hessian import partial as _d
from .words import fmt as _fmt, lead_term as _lead_term, vec as _vec

# heads whose arguments' zeros may be kinks or jumps (no Taylor series through them)
KINK_HEADS = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside)


class HigherOrder:
    """Mixin of the classifier: tests beyond the Hessian."""

    # -- higher order
    def taylor_parts(self, p: dict, order: int = 8) -> Optional[dict]:
        """Homogeneous parts {k: q_k(h)} of f(p + h) - f(p), k <= order."""
        hs = [sp.Symbol(f"h{i + 1}", real=True) for i in range(self.n)]
        self.hs = hs
        g = self.f.xreplace({v: p[v] + h for v, h in zip(self.vars, hs)})
        self.diff_expr = g - self.f.xreplace(p)
        if _is_poly(self.f, self.vars):
            ok, P = self.E.run(lambda: sp.Poly(sp.expand(g - self.f.xreplace(p)), *hs), 3.0)
            if not ok or P is None:
                return None
            parts: dict = {}
            for mon, c in P.terms():
                k = sum(mon)
                parts[k] = parts.get(k, 0) + c * sp.Mul(*[h ** e for h, e in zip(hs, mon)])
            self.poly_diff = P
            return parts
        self.poly_diff = None
        self.diff_expr = g - self.f.xreplace(p)
        t = sp.Symbol("t", positive=True)
        gt = g.xreplace({h: t * h for h in hs}) - self.f.xreplace(p)
        ok, ser = self.E.run(lambda: sp.expand(sp.series(gt, t, 0, order + 3).removeO()), 2.0)
        if ok and ser is not None:
            parts = {}
            for k in range(order + 3):
                c = ser.coeff(t, k)
                if c != 0:
                    parts[k] = c
            return parts
        if self.f.has(*KINK_HEADS):
            return None
        # q_k(h) = (h·∇)^k f (p) / k!, while the terms stay small
        parts = {}
        D = self.f
        for k in range(1, 5):
            if self.E.left() <= 0:
                break
            ok, D = self.E.run(lambda: sum(h * _d(D, v) for h, v in zip(hs, self.vars)), 2.0)
            if not ok or D is None or _ops(D) > 4000:
                break
            ok, q = self.E.run(lambda: sp.expand(D.xreplace(p) / sp.factorial(k)), 2.0)
            if not ok or q is None:
                break
            if q != 0:
                parts[k] = q
                if k >= 2:
                    return parts
        return parts or None

    def higher_order(self, p: dict, Hp, prefix: str) -> tuple:
        parts = self.taylor_parts(p)
        if parts is None:
            return "inconclusive", prefix + "the Taylor expansion could not be computed in time", None
        nz = {k: q for k, q in parts.items() if k >= 2 and self.E.simp(q, 0.3) != 0}
        if not nz:
            return self.lines(p, prefix + "every Taylor term up to order 8 vanishes; ")
        k = min(nz)
        q = sp.expand(nz[k])
        d = self.definite(q, k)
        qs = _fmt(q)
        if d == "pd":
            return "min", prefix + f"the lowest non-zero Taylor term of f(p + h) − f(p), {qs} (degree {k}), is positive definite: strict minimum", True
        if d == "nd":
            return "max", prefix + f"the lowest non-zero Taylor term of f(p + h) − f(p), {qs} (degree {k}), is negative definite: strict maximum", True
        if d is not None and d[0] == "indef":
            dp, dm = d[1], d[2]
            return "saddle", (prefix + f"the lowest non-zero Taylor term {qs} (degree {k}) takes both signs: "
                              f"along h = {_vec(dp)} f increases, along h = {_vec(dm)} it decreases (restriction "
                              f"to lines): not an extremum"), False
        # semidefinite lowest term: the whole difference, then lines along its zero directions
        r = self.nonneg_terms(self.diff_expr)
        if r is not None:
            kind = "min" if r > 0 else "max"
            return kind, prefix + (f"f(p + h) − f(p) = {_fmt(self.diff_expr)} is a sum of terms |hᵢ|^a, hᵢ^(2k) "
                                   f"with {'positive' if r > 0 else 'negative'} coefficients, zero only at h = 0: "
                                   f"strict {'minimum' if r > 0 else 'maximum'}"), True
        if self.poly_diff is not None:
            r = self.even_terms(self.poly_diff)
            if r is not None:
                kind = "min" if r > 0 else "max"
                word = "positive" if r > 0 else "negative"
                return kind, prefix + (f"f(p + h) − f(p) = {_fmt(self.poly_diff.as_expr())} is a sum of even powers "
                                       f"with {word} coefficients, zero only at h = 0: strict {'minimum' if r > 0 else 'maximum'}"), True
        return self.lines(p, prefix + f"the lowest non-zero Taylor term {qs} (degree {k}) is only semidefinite; ",
                          q=q, k=k)

    def nonneg_terms(self, e) -> Optional[int]:
        """+1 (-1) when e = Σ c·Π |hᵢ|^aᵢ·hⱼ^(2kⱼ) with all c > 0 (< 0) and each hᵢ alone in some term."""
        hs = set(self.hs)
        ok, e = self.E.run(lambda: sp.expand(e), 1.0)
        if not ok or e is None or e == 0:
            return None
        sgn, pure = None, set()
        for term in sp.Add.make_args(e):
            c, rest = term.as_coeff_Mul()
            if rest.free_symbols - hs or not rest.free_symbols:
                return None
            used = set()
            for fac in sp.Mul.make_args(rest):
                b, x = fac.as_base_exp()
                if isinstance(b, sp.Abs) and b.args[0] in hs and x.is_positive:
                    used.add(b.args[0])
                elif b in hs and x.is_Integer and x % 2 == 0 and x > 0:
                    used.add(b)
                else:
                    return None
            s = 1 if c > 0 else -1 if c < 0 else 0
            if s == 0 or (sgn is not None and s != sgn):
                return None
            sgn = s
            if len(used) == 1:
                pure |= used
        return sgn if pure == hs else None

    def even_terms(self, P: sp.Poly) -> Optional[int]:
        """+1 (-1) when every term is c·h1^(2a)·h2^(2b)... with c > 0 (< 0) and each hi^(2m) present."""
        sgn = None
        pure = set()
        for mon, c in P.terms():
            if any(e % 2 for e in mon):
                return None
            s = self.sign(c)
            if s is None or s == 0:
                return None
            if sgn is None:
                sgn = s
            elif s != sgn:
                return None
            if sum(1 for e in mon if e) == 1:
                pure.add(next(i for i, e in enumerate(mon) if e))
        if len(pure) == self.n:
            return sgn
        return None

    def definite(self, q, k):
        """'pd' | 'nd' | ('indef', d_plus, d_minus) | 'psd' | 'nsd' | None for a form q of degree k."""
        hs = self.hs
        n = self.n

        def val(d):
            return q.xreplace(dict(zip(hs, d)))

        if k % 2 == 1:
            for d in self.directions():
                v = self.sign(val(d))
                if v:
                    dneg = [-c for c in d]
                    return ("indef", d, dneg) if v > 0 else ("indef", dneg, d)
            return None
        if n == 1:
            s = self.sign(val([1]))
            return "pd" if s == 1 else "nd" if s == -1 else None
        if n == 2:
            s = sp.Symbol("s", real=True)
            ps = sp.expand(q.xreplace({hs[0]: 1, hs[1]: s}))
            c = self.sign(val([0, 1]))
            tests = [sp.Integer(0)]
            ok, P = self.E.run(lambda: sp.Poly(ps, s), 1.0)
            nroots = None
            if ok and P is not None and (P.domain.is_ZZ or P.domain.is_QQ) and P.degree() > 0:
                ok, ivs = self.E.run(lambda: P.intervals(), 2.0)
                if ok and ivs is not None:
                    nroots = len(ivs)
                    ends = sorted(set([sp.Rational(a) for (a, b), _ in ivs] + [sp.Rational(b) for (a, b), _ in ivs]))
                    if ends:
                        tests = [ends[0] - 1, ends[-1] + 1] + [(a + b) / 2 for a, b in zip(ends, ends[1:])] + [0]
            else:
                tests = [sp.Rational(i, 4) for i in range(-40, 41)]
            sg = {}
            for tv in tests:
                sv = self.sign(ps.xreplace({s: tv}))
                if sv:
                    sg.setdefault(sv, [1, tv])
            if c:
                sg.setdefault(c, [0, 1])
            if 1 in sg and -1 in sg:
                return ("indef", sg[1], sg[-1])
            if nroots == 0 and c is not None and c != 0 and set(sg) == {c}:
                return "pd" if c > 0 else "nd"
            if set(sg) == {1}:
                return "psd" if nroots is not None else None
            if set(sg) == {-1}:
                return "nsd" if nroots is not None else None
            return None
        # n >= 3: sums of even powers, otherwise look for a sign change
        P = sp.Poly(q, *hs)
        r = self.even_terms(P)
        if r is not None:
            return "pd" if r > 0 else "nd"
        sg = {}
        for d in self.directions(dense=True):
            v = self.sign(val(d))
            if v:
                sg.setdefault(v, d)
        if 1 in sg and -1 in sg:
            return ("indef", sg[1], sg[-1])
        return None

    def directions(self, dense: bool = False) -> list:
        rng = range(-2, 3) if (dense or self.n <= 2) else range(-1, 2)
        out = []
        for d in itertools.product(rng, repeat=self.n):
            if any(d) and math.gcd(*[abs(c) for c in d]) == 1:
                out.append([sp.Integer(c) for c in d])
        out.sort(key=lambda d: sum(abs(c) for c in d))
        return out

    def line(self, p: dict, d) -> Optional[tuple]:
        """(m, c): f(p + t d) - f(p) = c t^m + o(t^m) as t -> 0+."""
        t = sp.Symbol("t", positive=True)
        return self.leading(p, {v: p[v] + t * dv for v, dv in zip(self.vars, d)}, t)

    def curve(self, p: dict, i: int, j: int, c) -> Optional[tuple]:
        """(m, c): the leading term of f − f(p) along the parabola x_i = p_i + t, x_j = p_j + c t²."""
        t = sp.Symbol("t", positive=True)
        reps = {v: p[v] for v in self.vars}
        reps[self.vars[i]] = p[self.vars[i]] + t
        reps[self.vars[j]] = p[self.vars[j]] + c * t ** 2
        return self.leading(p, reps, t)

    def leading(self, p: dict, reps: dict, t) -> Optional[tuple]:
        """(m, c) with f(reps(t)) − f(p) = c t^m + o(t^m) as t → 0+ (exact), or None."""
        g = self.f.xreplace(reps) - self.f.xreplace(p)
        if g == 0:
            return None
        if not self.f.has(*KINK_HEADS) and not any(not a.exp.is_Integer for a in self.f.atoms(sp.Pow)):
            gt = g
            for m in range(1, 9):
                ok, gt = self.E.run(lambda: _d(gt, t), 1.0)
                if not ok or gt is None:
                    return None
                c = gt.xreplace({t: 0}) / sp.factorial(m)
                z = self.E.is_zero(c, 0.3)
                if z is True:
                    continue
                if z is None:
                    return None
                return m, self.E.simp(c, 0.3)
            return None
        for m in range(0, 11):       # m = 0: f jumps at p along this line (sign, Heaviside)
            ok, c = self.E.run(lambda: sp.limit(g / t ** m, t, 0, "+"), 0.8)
            if not ok or c is None or isinstance(c, sp.Limit) or c.has(sp.nan, sp.AccumBounds):
                return None
            if c == 0:
                continue
            if c.is_infinite:
                return None
            return m, c
        return None

    def curves(self, p: dict, want: int) -> Optional[tuple]:
        """A parabola x_j − p_j = c (x_i − p_i)² through p along which f − f(p) has the sign ``want``
        (Peano's surface: every line shows a minimum, the curve y = 2x² a maximum); None if none."""
        if self.n < 2:
            return None
        t_end = time.monotonic() + min(2.0, max(0.3, self.E.left() / 4))
        for i, j in itertools.permutations(range(self.n), 2):
            for c in (2, -2, 1, -1, 3, -3, sp.Rational(1, 2), sp.Rational(-1, 2)):
                if time.monotonic() > t_end:
                    return None
                r = self.curve(p, i, j, c)
                if r is not None and self.sign(r[1]) == want:
                    xi, xj = self.vars[i], self.vars[j]
                    return (f"{xj} − {p[xj]} = {c}({xi} − {p[xi]})²", r[0], r[1])
        return None

    def lines(self, p: dict, prefix: str, q=None, k=None) -> tuple:
        """Restriction to lines: a sign change between two lines proves 'not an extremum'."""
        dirs = self.directions()
        if q is not None:
            # the zero directions of the semidefinite lowest term first
            zeros = [d for d in self.directions(dense=True) if self.E.is_zero(q.xreplace(dict(zip(self.hs, d))), 0.3) is True]
            dirs = zeros + [d for d in dirs if d not in zeros]
        seen = {}
        decided = 0
        t_end = time.monotonic() + min(4.0, max(0.5, self.E.left() / 3))
        for d in dirs:
            if time.monotonic() > t_end:
                break
            r = self.line(p, d)
            if r is None:
                continue
            m, c = r
            s = self.sign(c)
            if s is None:
                continue
            decided += 1
            seen.setdefault(s, (d, m, c))
            if 1 in seen and -1 in seen:
                (d1, m1, c1), (d2, m2, c2) = seen[1], seen[-1]
                return "saddle", prefix + (f"along {_vec(d1)}, {_lead_term(c1, m1)} > 0 and along "
                                           f"{_vec(d2)}, {_lead_term(c2, m2)} < 0 (restriction to lines): "
                                           f"not an extremum"), False
        if len(seen) == 1:
            s = next(iter(seen))
            other = self.curves(p, -s)
            if other is not None:
                (d1, m1, c1) = seen[s]
                return "saddle", prefix + (f"along every line tested f − f(p) has one sign ({_lead_term(c1, m1)} "
                                           f"along {_vec(d1)}), but along the curve {other[0]} the leading term "
                                           f"{_lead_term(other[2], other[1])} has the other sign: not an extremum"), False
            word = "minimum" if s > 0 else "maximum"
            return "inconclusive", prefix + (f"f has a strict local {word} along each of the {decided} lines "
                                             f"through p where the test decided ({len(dirs)} tested), which does "
                                             f"not prove an extremum"), None
        return "inconclusive", prefix + "no test decided", None
