"""Non-differentiable points: one-sided directional derivatives and their sign on the unit sphere."""
from __future__ import annotations

import math

import sympy as sp
from flint import arb

from ..stages.balls import NotCompilable, box_balls
from ..stages.precision import precision as _prec
from ..stages.classify.words import fmt as _fmt, vec as _vec
from .values import _d, _hessian


class Directional:
    """Mixin of the classifier: points where f is not differentiable."""

    # -- non-differentiable points: one-sided directional derivatives
    def dirder(self, e, p: dict, d: list):
        """(value at p, one-sided directional derivative D_d e(p) as an expression in d), or None."""
        memo: dict = {}

        def rec(e):
            if e in memo:
                return memo[e]
            r = _rec(e)
            memo[e] = r
            return r

        def _rec(e):
            if e in p:
                return p[e], d[self.vars.index(e)]
            if not e.free_symbols & set(self.vars):
                return e, sp.S.Zero
            if e.is_Add:
                parts = [rec(a) for a in e.args]
                if any(x is None for x in parts):
                    return None
                return sp.Add(*[a for a, _ in parts]), sp.Add(*[b for _, b in parts])
            if e.is_Mul:
                parts = [rec(a) for a in e.args]
                if any(x is None for x in parts):
                    return None
                vals = [a for a, _ in parts]
                D = sp.Add(*[parts[i][1] * sp.Mul(*(vals[:i] + vals[i + 1:])) for i in range(len(parts))])
                return sp.Mul(*vals), D
            if e.is_Pow:
                rb = rec(e.base)
                if rb is None:
                    return None
                vb, Db = rb
                ex = e.exp
                if ex.has(*self.vars):
                    return None
                z = self.E.is_zero(vb, 0.3)
                if ex.is_Integer:
                    if ex < 0 and z is True:
                        return None
                    return vb ** ex, ex * vb ** (ex - 1) * Db
                if z is True:
                    if Db != 0 and self.E.is_zero(Db, 0.3) is not True:
                        return None
                    if ex == sp.S.Half:
                        Hb = _hessian(e.base, self.vars).xreplace(p)
                        Q = (sp.Matrix([d]) * Hb * sp.Matrix(d))[0]
                        return sp.S.Zero, sp.sqrt(sp.expand(Q) / 2)
                    if ex > sp.S.Half:
                        return sp.S.Zero, sp.S.Zero
                    return None
                if z is None:
                    return None
                return vb ** ex, ex * vb ** (ex - 1) * Db
            if isinstance(e, sp.Abs):
                r = rec(e.args[0])
                if r is None:
                    return None
                vu, Du = r
                s = self.sign(vu)
                if s is None:
                    return None
                return sp.Abs(vu), (sp.Abs(Du) if s == 0 else s * Du)
            if isinstance(e, (sp.Max, sp.Min)):
                parts = [rec(a) for a in e.args]
                if any(x is None for x in parts):
                    return None
                vals = [a for a, _ in parts]
                is_max = isinstance(e, sp.Max)
                best = vals[0]
                for v in vals[1:]:
                    c = self.sign(v - best)
                    if c is None:
                        return None
                    if (c > 0 and is_max) or (c < 0 and not is_max):
                        best = v
                tied = [D for v, (_, D) in zip(vals, parts) if self.E.is_zero(v - best, 0.3) is True]
                return best, (sp.Max(*tied) if is_max else sp.Min(*tied))
            if isinstance(e, sp.Function) and len(e.args) == 1:
                r = rec(e.args[0])
                if r is None:
                    return None
                vu, Du = r
                s = sp.Dummy()
                der = _d(e.func(s), s).xreplace({s: vu})
                if der.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or self.E.ball(der) is None:
                    return None
                return e.func(vu), der * Du
            return None

        try:
            return rec(e)
        except Exception as exc:  # noqa: BLE001 - sympy's failures only, noted (calc's propagate)
            self.E.gave_up(exc)
            return None

    def nondiff(self, p: dict) -> tuple:
        ds = [sp.Symbol(f"d{i + 1}", real=True) for i in range(self.n)]
        r = self.dirder(self.f, p, ds)
        if r is not None:
            D = r[1]
            out = self.sphere_sign(D, ds)
            if out is not None:
                kind, m, witness = out
                Ds = _fmt(D)
                if kind == "min":
                    return "min", (f"f is not differentiable here; its one-sided directional derivative "
                                   f"D_d f = {Ds} is positive in every direction (≥ {m:.4g} on the unit "
                                   f"sphere): strict minimum"), True
                if kind == "max":
                    return "max", (f"f is not differentiable here; its one-sided directional derivative "
                                   f"D_d f = {Ds} is negative in every direction (≤ {-m:.4g} on the unit "
                                   f"sphere): strict maximum"), True
                if kind == "saddle":
                    up, down = witness
                    return "saddle", (f"f is not differentiable here; its one-sided directional derivative "
                                      f"D_d f = {Ds} is > 0 along d = {_vec(up)} and < 0 along d = {_vec(down)}: "
                                      f"not an extremum"), False
        got = self.blow_up(p)
        if got is not None:
            return got
        return self.lines(p, "f is not differentiable here; ")

    def sphere_sign(self, D, ds):
        """('min'|'max'|'saddle', bound, witnesses) from enclosures of D on the unit sphere."""
        n = self.n
        th = [sp.Symbol(f"th{i}", real=True) for i in range(max(1, n - 1))]
        if n == 1:
            vals = [self.sign(D.xreplace({ds[0]: s})) for s in (1, -1)]
            if None in vals:
                return None
            if vals == [1, 1]:
                return "min", float(min(self.E.ball(D.xreplace({ds[0]: s})).lower() for s in (1, -1))), None
            if vals == [-1, -1]:
                return "max", float(max(-self.E.ball(D.xreplace({ds[0]: s})).upper() for s in (1, -1))), None
            if 1 in vals and -1 in vals:
                up = [sp.Integer(1)] if vals[0] == 1 else [sp.Integer(-1)]
                return "saddle", 0.0, (up, [-up[0]])
            return None
        if n == 2:
            dirs = {ds[0]: sp.cos(th[0]), ds[1]: sp.sin(th[0])}
            ranges = [(0.0, 2 * math.pi)]
        elif n == 3:
            dirs = {ds[0]: sp.sin(th[0]) * sp.cos(th[1]), ds[1]: sp.sin(th[0]) * sp.sin(th[1]), ds[2]: sp.cos(th[0])}
            ranges = [(0.0, math.pi), (0.0, 2 * math.pi)]
        else:
            return None
        try:
            g = self.E.compile(D.xreplace(dirs), th[:len(ranges)])
        except NotCompilable:
            return None
        stack = [ranges]
        lo_all, hi_all = math.inf, -math.inf
        pos = neg = None
        undecided = 0
        count = 0
        with _prec(64):
            while stack and count < 20000:
                B = stack.pop()
                count += 1
                v = g(box_balls(B))
                mid = [(a + b) / 2 for a, b in B]
                if v.is_finite() and (v > 0 or v < 0):
                    lo_all = min(lo_all, float(v.lower()))
                    hi_all = max(hi_all, float(v.upper()))
                    if v > 0 and pos is None:
                        pos = mid
                    if v < 0 and neg is None:
                        neg = mid
                    continue
                if max(b - a for a, b in B) < 1e-3:
                    undecided += 1
                    vm = g([arb(m) for m in mid])
                    if vm.is_finite() and vm > 0 and pos is None:
                        pos = mid
                    if vm.is_finite() and vm < 0 and neg is None:
                        neg = mid
                    if undecided > 200:
                        break
                    continue
                i = max(range(len(B)), key=lambda j: B[j][1] - B[j][0])
                a, b = B[i]
                c = (a + b) / 2
                l, r = list(B), list(B)
                l[i], r[i] = (a, c), (c, b)
                stack += [l, r]
        if pos is not None and neg is not None:
            return "saddle", 0.0, (self._exact_dir(D, ds, dirs, th, pos), self._exact_dir(D, ds, dirs, th, neg))
        if undecided or stack:
            return None
        if lo_all > 0:
            return "min", lo_all, None
        if hi_all < 0:
            return "max", -hi_all, None
        return None

    def _exact_dir(self, D, ds, dirs, th, angles):
        vals = {t: a for t, a in zip(th, angles)}
        d = [float(dirs[s].xreplace({k: sp.Float(v) for k, v in vals.items()})) for s in ds]
        # a short rational direction with the same sign of D
        want = self.sign(D.xreplace({s: sp.Float(c, 30) for s, c in zip(ds, d)}))
        for den in (1, 2, 4, 8, 16):
            cand = [sp.Rational(round(c * den), den) for c in d]
            if any(cand) and self.sign(D.xreplace(dict(zip(ds, cand)))) == want:
                return cand
        return [sp.Float(c, 6) for c in d]
