"""Certified numeric solutions of square systems (Krawczyk) and their exact recognition."""
from __future__ import annotations

import math
import time

import sympy as sp
from flint import arb

from ..stages.balls import NotCompilable, ball
from ..stages.context import arb_key as _mid
from ..stages.precision import precision as _prec
from ..stages.symmetry import cheap_forms
from ..stages.roots import isolate_roots_nd, krawczyk_step
from .caps import DEFAULT_SEARCH, MAX_BOXES, MAX_ROOTS
from .values import _V, _Sol, _d, _ops


class Certify:
    """Mixin of the solving engine: certified numerics."""

    pruner = None        # (unknowns, prune, their ranges) of the restriction being solved: branch and bound

    def hopeless(self, v, b) -> bool:
        """Branch and bound: can no point of the box with v in the ball b be an optimum?"""
        if self.pruner is None or v not in self.pruner[0]:
            return False
        W, prune, full = self.pruner
        with _prec(53):
            return bool(prune([b if w == v else r for w, r in zip(W, full)]))

    def krawczyk(self, G, J, U, B, prune=None):
        """(certified roots, unresolved small boxes) of G = 0 in the box B, each a dict
        unknown -> _V (the root isolation stage, :func:`calc.stages.roots.isolate_roots_nd`)."""
        try:
            gf = [self.compile(g, U) for g in G]
            jf = [[self.compile(d, U) for d in row] for row in J]
        except NotCompilable as exc:
            self.note(f"cannot evaluate the gradient with ball arithmetic ({exc}); some critical "
                      f"points may be missing", partial=True)
            return [], []
        found = isolate_roots_nd(gf, jf, B, self.bits, self.deadline, MAX_BOXES, MAX_ROOTS, prune)
        if found.stopped:
            self.note("the numeric search for critical points stopped early (box or time "
                      "limit); some may be missing", partial=True)
        if found.too_many:
            self.note(f"more than {MAX_ROOTS} solutions of one system (oscillation?): "
                      f"only the first are used", partial=True)
        if found.undefined:
            self.note("the gradient is undefined on part of the search region (outside the domain of f or "
                      "of a formula for a ridge); no critical points were sought there")
        roots = [{u: _V(None, b, True) for u, b in zip(U, r)} for r in found.roots]
        with _prec(self.bits):
            loose = [{u: _V(None, ball(lo, hi), False) for u, (lo, hi) in zip(U, cl)} for cl in found.loose]
        return roots, loose


    def grad_defined(self, G, W, s: _Sol) -> bool:
        """Is the gradient G defined (finite) at the solution s?  (A zero of the
        numerator where a denominator vanishes too is a non-differentiable point.)"""
        if s.params:
            return True
        if s.exact:
            for g in G:
                e = g.xreplace(s.vals)
                if e.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                    return False
                b = self.ball(e)
                if b is None and not e.free_symbols:
                    ok, v = self.run(lambda: sp.simplify(e), 0.5)
                    if not ok or v is None or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                        return False
            return True
        try:
            with _prec(self.bits):
                X = [s.vals[w].ball if isinstance(s.vals[w], _V) else self.ball(s.vals[w]) for w in W]
                return all(self.compile(g, W)(X).is_finite() for g in G)
        except (NotCompilable, TypeError):
            return True

    # -- certified numerics
    def numeric(self, cur, rem, assigned, params, box, out) -> None:
        if params:
            self.note("could not solve a system with integer parameters; those critical points are "
                      "described only in part", partial=True)
            return
        if len(cur) < len(rem):
            self.note("a set of critical points with free parameters could not be described exactly",
                      partial=True)
            return
        B = []
        for v in rem:
            I = box.get(v) if box else None
            if I is None or I.start.is_infinite or I.end.is_infinite:
                self.default_box_used = True
                lo = -DEFAULT_SEARCH if I is None or I.start.is_infinite else float(I.start)
                hi = DEFAULT_SEARCH if I is None or I.end.is_infinite else float(I.end)
                B.append((float(lo), float(hi)))
            else:
                B.append((float(I.start), float(I.end)))
        sq = sorted(cur, key=_ops)[:len(rem)]
        others = [e for e in cur if e not in sq]
        J = [[_d(e, v) for v in rem] for e in sq]
        prune = None
        if self.pruner is not None and not assigned and tuple(rem) == tuple(self.pruner[0]):
            prune = self.pruner[1]
        roots, unres = self.krawczyk(sq, J, rem, B, prune)
        for root, certified in [(r, True) for r in roots] + [(r, False) for r in unres]:
            if others:
                try:
                    bad = False
                    for e in others:
                        val = self.compile(e, rem)([root[v].ball for v in rem])
                        if val.is_finite() and not val.contains(0):
                            bad = True
                    if bad:
                        continue
                except NotCompilable:
                    pass
            if prune is not None and prune([root[v].ball for v in rem]):
                continue            # (its value cannot be an optimum: no exact form sought)
            root = self.identify(cur, rem, root, certified, len(roots) + len(unres) <= 4)
            vals = dict(root)
            exact_root = all(root[v].exact is not None for v in rem)
            for k, val in assigned.items():
                if not isinstance(val, sp.Basic):
                    vals[k] = val
                elif exact_root or not (val.free_symbols & set(rem)):
                    vals[k] = val.xreplace({v: root[v].exact for v in rem})
                else:
                    try:
                        with _prec(self.bits):
                            b = self.compile(val, rem)([root[v].ball for v in rem])
                        vals[k] = _V(None, b, certified)
                    except NotCompilable:
                        continue
            vals = {k: (v.exact if isinstance(v, _V) and v.exact is not None else v) for k, v in vals.items()}
            out.append(_Sol(vals, params, certified, "certified" if certified else "numeric"))


    def identify(self, eqs, U, root: dict, certified: bool, deep: bool = True) -> dict:
        """Try to recognise the exact coordinates of a numeric root (rational, k·π/q,
        simple radicals); accepted only when the equations vanish there exactly.  Without
        ``deep`` (many roots) only the cheap forms p/q, p·π/q and √(p/q) are tried."""
        t_end = time.monotonic() + min(2.0, max(0.0, self.left() / 4))
        guesses: dict = {}
        for u in U:
            b = root[u].ball
            rad = float(b.rad()) if b.is_finite() else math.inf
            if rad > 1e-7 * (1 + abs(_mid(b))):
                return root
            s = b.mid().str(40, radius=False)
            s = s.strip("[]").split(" ")[0]
            tol = max(1e-28, 4 * rad / (1 + abs(_mid(b))))
            opts = []
            opts += cheap_forms(b, 10000 if tol < 1e-20 else 1000)
            for consts in ([sp.pi], []) if deep else ():
                if time.monotonic() > t_end:
                    break
                ok, g = self.run(lambda: sp.nsimplify(sp.Float(s, 40), consts, tolerance=tol, rational=False),
                                 0.4)
                if ok and g is not None and g.is_number and not g.has(sp.Float) and _ops(g) <= 14 \
                        and g not in opts:
                    opts.append(g)
            for g in opts:
                gb = self.ball(g)
                if gb is not None and gb.overlaps(b + arb(0, 4 * rad)):
                    guesses[u] = g
                    break
        if not guesses:
            return root
        if len(guesses) == len(U):
            if all(time.monotonic() <= t_end and self.is_zero(e.xreplace(guesses), 0.7) is True for e in eqs):
                return {u: _V(guesses[u], self.ball(guesses[u]), True) for u in U}
            return root
        return self._identify_part(eqs, U, root, guesses, certified, t_end)

    def _identify_part(self, eqs, U, root, guesses, certified, t_end) -> dict:
        """Some coordinates recognised: the equations left without unknowns must vanish exactly, and
        the rest of the system must have a (Krawczyk-certified) root next to the numeric one."""
        rest = [u for u in U if u not in guesses]
        red = [e.xreplace(guesses) for e in eqs]
        others = []
        for e in red:
            if e.free_symbols & set(rest):
                others.append(e)
            elif e != 0 and (time.monotonic() > t_end + 1.0 or self.is_zero(e, 0.7) is not True):
                return root
        if len(others) < len(rest):
            return root
        sq = sorted(others, key=_ops)[:len(rest)]
        try:
            gf = [self.compile(e, rest) for e in sq]
            jf = [[self.compile(_d(e, v), rest) for v in rest] for e in sq]
        except NotCompilable:
            return root
        with _prec(self.bits):
            X = [root[u].ball + arb(0, max(4 * float(root[u].ball.rad()), 1e-30 * (1 + abs(_mid(root[u].ball)))))
                 for u in rest]
            res = krawczyk_step(gf, jf, X)
        if res is None or res[0] != "unique":
            return root
        out = {u: _V(guesses[u], self.ball(guesses[u]), True) for u in guesses}
        out.update({u: _V(None, k.intersection(x), True) for u, k, x in zip(rest, res[1], X)})
        return out
