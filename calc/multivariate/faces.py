"""The box finder: f restricted to every face of the box and every ridge, candidates collected."""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..printing import textbook
from ..stages.balls import NotCompilable, ball, box_balls
from ..stages.precision import precision as _prec
from .bound import Bounds, pruner, seed
from .caps import MAX_STRATA
from .compare import Selection
from .describe import _family_desc
from .edges import edge_solutions, is_edge
from .kinks import _branches, _ridges
from .values import _V, _Sol, _d, _same_ball


@dataclass
class _Cand:
    point: list           # of _V, aligned with the variables
    nondiff: bool
    value: _V
    family: Optional[str] = None


class _BoxFinder(Selection):
    def __init__(self, eng, expr, vars_, box):
        self.E = eng
        self.f = expr
        self.vars = vars_
        self.box = box
        self.n = len(vars_)
        self.cands: list[_Cand] = []
        self.seen: set = set()
        self.nstrata = 0
        self.families: list[str] = []
        self.bad: list = []
        self.bounds = Bounds()
        self.ends = {v: (None if box[v].start.is_infinite else eng.ball(box[v].start),
                         None if box[v].end.is_infinite else eng.ball(box[v].end)) for v in vars_}
        try:
            self.fc = self.E.compile(expr, vars_)
        except NotCompilable:
            self.fc = None
            eng.note("f cannot be evaluated in ball arithmetic; numeric candidates are not certified")

    # -- continuity
    def check_continuity(self) -> None:
        if self.fc is None:
            return
        B0 = [(float(self.box[v].start), float(self.box[v].end)) for v in self.vars]
        w0 = [hi - lo for lo, hi in B0]
        stack, bad, count = [B0], [], 0
        with _prec(53):
            while stack and count < 4000 and self.E.left() > 0:
                Bx = stack.pop()
                count += 1
                v = self.fc(box_balls(Bx))
                if v.is_finite():
                    continue
                rel = max((hi - lo) / w for (lo, hi), w in zip(Bx, w0))
                if rel < 1e-5:
                    bad.append(Bx)
                    if len(bad) > 3:
                        break
                    continue
                i = max(range(self.n), key=lambda j: (Bx[j][1] - Bx[j][0]) / w0[j])
                lo, hi = Bx[i]
                c = (lo + hi) / 2
                a, b = list(Bx), list(Bx)
                a[i], b[i] = (lo, c), (c, hi)
                stack += [a, b]
        self.bad = bad
        if bad:
            where = ", ".join(f"{v.name} ≈ {(lo + hi) / 2:.6g}" for v, (lo, hi) in zip(self.vars, bad[0]))
            self.E.note(f"f may be undefined or unbounded near ({where}): the extreme-value theorem needs f "
                        f"continuous on the closed box, so the reported extrema may be wrong there", partial=True)

    # -- faces
    def run(self) -> None:
        self.check_continuity()
        if self.fc is not None and not self.bad:
            seed(self.E, self.bounds, self.f, self.vars, self.box, self.fc)
        faces = list(itertools.product((0, 1, None), repeat=self.n))
        # lowest dimension first: the values found on corners, edges and faces bound the
        # search inside (branch and bound)
        faces.sort(key=lambda c: sum(t is None for t in c))
        for face in faces:
            if self.E.left() <= 0:
                self.E.note("the time budget ran out before every face of the box was examined", partial=True)
                break
            sub = {v: (self.box[v].start if t == 0 else self.box[v].end)
                   for v, t in zip(self.vars, face) if t is not None}
            W = [v for v, t in zip(self.vars, face) if t is None]
            F = self.f.xreplace(sub) if sub else self.f
            # (the interior, solved last, may use all the time left; the others share it)
            self.stratum(F, W, sub, False, 1.0 if face is faces[-1] else 0.5)

    def stratum(self, F, W, sub, nondiff, share: float = 0.5) -> None:
        key = (F, tuple(W), tuple(sorted(((k.name, v) for k, v in sub.items()), key=lambda t: t[0])))
        if key in self.seen:
            return
        self.seen.add(key)
        self.nstrata += 1
        if self.nstrata > MAX_STRATA:
            self.E.note("too many restrictions (faces × ridges) to examine them all", partial=True)
            return
        if not W:
            self.add_point({}, W, sub, nondiff, True)
            return
        wbox = {w: self.box[w] for w in W}
        brs = _branches(F, W)
        if brs is None:
            brs = [(F, [])]
            self.E.note("f has too many |·|/max/min branches to split exactly; its gradient was solved "
                        "numerically with them")
        # a time slice for this restriction, so that one hard system cannot starve the others
        slice_ = max(1.0, share * self.E.left())
        t_end = time.monotonic() + slice_
        for Fb, conds in brs:
            G = [_d(Fb, w) for w in W]
            sols: list = []
            secs = max(0.05, t_end - time.monotonic())
            face = not nondiff and not conds and all(getattr(v, "is_number", False) for v in sub.values())
            prune = pruner(self.E, self.bounds, Fb, W, wbox, face)
            if is_edge(Fb, G[0], W, wbox):      # one free variable: the one-variable stages
                ok, _ = budget.run(lambda: edge_solutions(self.E, Fb, G[0], W[0], wbox[W[0]], secs, sols, prune),
                                   secs, catch=False)
            else:
                full = [ball(self.E.ball(wbox[w].start), self.E.ball(wbox[w].end))
                        if wbox[w].start.is_finite and wbox[w].end.is_finite else arb("nan") for w in W]
                self.E.pruner = (tuple(W), prune, full) if prune is not None else None
                try:
                    ok, _ = budget.run(lambda: self.E.solve_system(G, W, wbox, sols), secs, catch=False)
                finally:
                    self.E.pruner = None
            if not ok:
                self.E.note("some restrictions of f could not be solved within their share of the time "
                            "budget", partial=True)
            for s in sols:
                if conds and not self.conds_ok(conds, s, W):
                    continue
                self.add_solution(s, W, sub, nondiff or not self.E.grad_defined(G, W, s))
        hs, jumps = _ridges(F, W)
        if jumps:
            self.E.note("f has jumps (floor/ceiling): the extreme-value theorem does not apply and jump "
                        "points are not examined", partial=True)
        for h in hs:
            for br in self.zero_set(h, W, wbox):
                try:
                    F2 = F.xreplace(br)
                    sub2 = {k: (v.xreplace(br) if isinstance(v, sp.Basic) else v) for k, v in sub.items()}
                except (ValueError, TypeError):      # e.g. max() of a non-real parametrisation
                    continue
                self.on_ridge(F, h, br, W, sub)
                W2 = [w for w in W if w not in br]
                sub2.update(br)
                self.stratum(F2, W2, sub2, True)

    def on_ridge(self, F, h, br, W, sub) -> None:
        pass

    def zero_set(self, h, W, wbox) -> list:
        """Exact substitutions describing {h = 0} (points, or one variable as a function of others)."""
        Wh = [w for w in W if h.has(w)]
        sols = self.E.solve_system([h], Wh, wbox)
        out = []
        for s in sols:
            if not s.exact:
                if s.params or not s.certified or not all(
                        isinstance(v, sp.Basic) or (isinstance(v, _V) and v.certified) for v in s.vals.values()):
                    self.E.note(f"the ridge {textbook(h)} = 0 has no closed form; points on it were not "
                                f"examined exactly", partial=True)
                    continue
                # certified numeric points on the ridge: carry them as constants with their enclosures
                s = _Sol({k: (v if isinstance(v, sp.Basic) else
                              (v.exact if v.exact is not None else self.E.placeholder(v.ball)))
                          for k, v in s.vals.items()}, s.params, True)
            if s.params and all(p in Wh for p in s.params) and not s.vals:
                continue
            if any(not (isinstance(p, sp.Symbol) and p in W) for p in s.params):
                continue
            if any(v.is_number and self.E.real_exact(v) is None for v in s.vals.values()):
                continue
            out.append({k: v for k, v in s.vals.items()})
        return out

    def conds_ok(self, conds, s: _Sol, W) -> bool:
        if s.params:
            return True
        for c in conds:
            try:
                if s.exact:
                    b = self.E.ball(c.xreplace(s.vals))
                else:
                    b = self.E.compile(c, W)([s.vals[w].ball if isinstance(s.vals[w], _V) else self.E.ball(s.vals[w])
                                        for w in W])
            except (NotCompilable, TypeError):
                continue
            if b is not None and b.is_finite() and b < 0:
                return False
        return True

    def add_solution(self, s: _Sol, W, sub, nondiff) -> None:
        if s.params:
            return self.add_family(s, W, sub, nondiff)
        self.add_point(s.vals, W, sub, nondiff, s.certified)

    def add_point(self, vals, W, sub, nondiff, certified) -> None:
        try:
            self._add_point(vals, W, sub, nondiff, certified)
        except (ValueError, TypeError, ZeroDivisionError):
            # sympy refuses e.g. max() of a non-real value: not a real point of the box
            return

    def _add_point(self, vals, W, sub, nondiff, certified) -> None:
        exact = all(isinstance(vals[w], sp.Basic) for w in W)
        exact_vals = {w: vals[w] for w in W if isinstance(vals[w], sp.Basic)}
        point = []
        for v in self.vars:
            if v in W:
                val = vals[v]
            else:
                e = sub[v]
                if exact or not (e.free_symbols & (set(W) - set(exact_vals))):
                    val = e.xreplace(exact_vals) if exact_vals else e
                else:
                    try:
                        with _prec(self.E.bits):
                            val = _V(None, self.E.compile(e, W)([vals[w].ball if isinstance(vals[w], _V)
                                                          else self.E.ball(vals[w]) for w in W]), certified)
                    except NotCompilable:
                        return
            if isinstance(val, sp.Basic):
                if val.free_symbols - set(self.E.placeholders):
                    return
                val = self.E.real_exact(val)
                if val is None:
                    return
                b = self.E.ball(val)
                if b is None:
                    return
                val = _V(val if self.E.is_exact(val) else None, b, True)
            point.append(val)
        # inside the closed box?
        for v, val in zip(self.vars, point):
            a, b = self.ends[v]
            if not val.ball.is_finite() or (a is not None and val.ball < a) or (b is not None and val.ball > b):
                return
        self.add_cand(point, nondiff, certified)

    def value_of(self, point, certified) -> Optional[_V]:
        if all(self.E.is_exact(p.exact) for p in point):
            ex = self.f.xreplace({v: p.exact for v, p in zip(self.vars, point)})
            if ex.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                return None
            b = self.E.ball(ex)
            if b is None:
                return None
            return _V(ex, b, True)
        if self.fc is None:
            return None
        with _prec(self.E.bits):
            b = self.fc([p.ball for p in point])
        if not b.is_finite():
            return None
        return _V(None, b, certified and all(p.certified for p in point))

    def add_cand(self, point, nondiff, certified, family=None) -> None:
        for c in self.cands:
            if all(_same_ball(p.ball, q.ball, 1e-13) for p, q in zip(point, c.point)):
                c.nondiff |= nondiff
                if all(p.exact is not None for p in point) and not all(q.exact is not None for q in c.point):
                    val = self.value_of(point, certified)
                    if val is not None:
                        c.point, c.value = point, val
                if family and not c.family:
                    c.family = family
                return
        val = self.value_of(point, certified)
        if val is None:
            self.E.note("f is undefined at some critical point of a restriction; skipped it")
            return
        if val.certified:
            self.bounds.offer(val.ball)
        self.cands.append(_Cand(point, nondiff, val, family))

    def add_family(self, s: _Sol, W, sub, nondiff) -> None:
        """A continuum of critical points: f is constant on it; keep sample points in the box."""
        params = [p for p in s.params if p in W]
        if len(params) != len(s.params):
            self.E.note("a family of critical points with integer parameters was skipped", partial=True)
            return
        assign = {}
        for v in self.vars:
            if v in W:
                assign[v] = s.vals.get(v, v)
            else:
                assign[v] = sub[v].xreplace(s.vals) if isinstance(sub[v], sp.Basic) else sub[v]
        if not all(isinstance(a, sp.Basic) for a in assign.values()):
            return
        desc = _family_desc(self.E, self.vars, sub, s, params, "critical points of a restriction of f"
                            if sub else "critical points")
        grid = [sp.Rational(k, 16) for k in range(17)] if len(params) == 1 else \
            [sp.Rational(k, 8) for k in range(9)]
        found = 0
        for ts in itertools.product(grid, repeat=len(params)):
            if found >= 3 or self.E.left() <= 0:
                break
            pv = {p: self.box[p].start + (self.box[p].end - self.box[p].start) * t for p, t in zip(params, ts)}
            vals = {v: assign[v].xreplace(pv) for v in W}
            before = len(self.cands)
            self.add_point(vals, W, {k: assign[k].xreplace(pv) for k in self.vars if k not in W}, nondiff, True)
            if len(self.cands) > before:
                self.cands[-1].family = desc
                found += 1
        if found and desc not in self.families:
            self.families.append(desc)

    # -- kinds, comparison, selection
    def kind(self, c: _Cand) -> str:
        at = 0
        for v, p in zip(self.vars, c.point):
            a, b = self.ends[v]
            for e, ex in ((a, self.box[v].start), (b, self.box[v].end)):
                if e is not None and p.ball.overlaps(e) and (p.exact is None or self.E.is_zero(p.exact - ex, 0.3) is not False):
                    at += 1
                    break
        if at == self.n:
            return "corner"
        if c.nondiff:
            return "nondifferentiable"
        if at == 0:
            return "interior critical"
        return "edge critical" if self.n - at == 1 else "face critical"
