"""Comparison of candidate values (certified / exact), ties, symmetries, selection of the optima."""
from __future__ import annotations

import itertools
import math
from typing import Optional

from flint import arb

from ..stages.balls import NotCompilable
from ..stages.compare import compare_values
from ..stages.context import arb_key as _mid
from ..stages.precision import precision as _prec
from ..stages.symmetry import coordinate_maps
from .values import _V


class Selection:
    """Mixin of the box finder: comparing candidates and selecting the optima."""

    def compare(self, a: _V, b: _V) -> str:
        """'lt', 'gt', 'eq' (proven), '~' (equal to many digits, not proven)."""
        r = compare_values(a.ball, a.exact, b.ball, b.exact, lambda d: self.E.is_zero(d, 1.0),
                           lambda e: self.E.ball(e, self.E.bits * 3))
        return "~" if r == "ne" else r

    def symmetric(self, p, q) -> Optional[str]:
        """A reflection/swap T of the box with f∘T = f and T(p) = q (both balls)."""
        reps = []
        for k, v in enumerate(self.vars):
            maps = coordinate_maps(v, self.box[v], p[k].ball, q[k].ball, self.period(v), self.E.ball, self.E.bits)
            reps.append([(v, image, label) for image, label in maps])
        tried = 0
        for i, j in itertools.combinations(range(self.n), 2):
            vi, vj = self.vars[i], self.vars[j]
            if not (p[i].ball.overlaps(q[j].ball) and p[j].ball.overlaps(q[i].ball)):
                continue
            if not all(p[k].ball.overlaps(q[k].ball) for k in range(self.n) if k not in (i, j)):
                continue
            if self.E.is_zero(self.f.xreplace({vi: vj, vj: vi}) - self.f, 1.0) is True:
                return f"{vi.name} ↔ {vj.name}"
        for choice in itertools.product(*reps):
            if tried > 24 or self.E.left() <= 0:
                break
            if all(c[2] is None for c in choice):
                continue
            T = {c[0]: c[1] for c in choice}
            ok = True
            for v, pv, qv in zip(self.vars, p, q):
                try:
                    tb = self.E.compile(T[v], self.vars)([x.ball for x in p])
                except NotCompilable:
                    ok = False
                    break
                if not tb.overlaps(qv.ball):
                    ok = False
                    break
            if not ok:
                continue
            tried += 1
            z = self.E.is_zero(self.f.xreplace(T) - self.f, 1.0)
            if z is True:
                return ", ".join(c[2] for c in choice if c[2])
        return None

    def period(self, v):
        """f's period in the variable v (from the catalogue, checked exactly), or None."""
        cache = self.__dict__.setdefault("_periods", {})
        if v not in cache:
            from ..stages.periods import period_of
            cache[v] = period_of(self.f, v, min(1.0, max(0.05, self.E.left() / 4)))
        return cache[v]

    def select(self, sense: int) -> tuple:
        """(winners, tie_notes) for the maximum (sense 1) or minimum (-1)."""
        cs = [c for c in self.cands]
        if not cs:
            return [], []
        key = (lambda c: _mid(c.value.ball)) if sense > 0 else (lambda c: -_mid(c.value.ball))
        cs.sort(key=key, reverse=True)
        lead = cs[0]
        for c in cs[1:]:
            r = self.compare(c.value, lead.value)
            if (r == "gt" and sense > 0) or (r == "lt" and sense < 0):
                lead = c
        winners, notes, proven = [lead], [], []
        for c in cs:
            if c is lead:
                continue
            if not c.value.ball.overlaps(lead.value.ball):
                continue
            r = self.compare(c.value, lead.value)
            if r == "eq" or (r == "~" and c.family and c.family == lead.family):
                winners.append(c)      # (points of one continuum of critical points share the value)
            elif r == "~":
                # proven equal to the lead, or to a point proven equal to it (symmetries compose)
                sym, via = None, lead
                for w in [lead] + proven:
                    sym = self.symmetric(w.point, c.point)
                    if sym:
                        via = w
                        break
                if not sym and self.agree_digits(lead.value, c.value) < 12:
                    # wide overlapping enclosures (f at a jump known only as a ball): neither equal nor ordered
                    self.E.note(f"the values at {self.pt_str(lead)} and {self.pt_str(c)} could not be compared "
                                f"(their enclosures overlap)", partial=True)
                    continue
                winners.append(c)
                if sym:
                    proven.append(c)
                    notes.append(f"the values at {self.pt_str(via)} and {self.pt_str(c)} are equal by the "
                                 f"symmetry {sym} of f")
                else:
                    notes.append(f"the values at {self.pt_str(lead)} and {self.pt_str(c)} agree to "
                                 f"{self.agree_digits(lead.value, c.value)} digits (equality not proven); "
                                 f"both are reported")
        return winners, notes

    def agree_digits(self, a: _V, b: _V) -> int:
        r = max(float(a.ball.rad()), float(b.ball.rad()), 1e-300)
        return max(1, int(-math.log10(r / (1 + abs(a.f)))))

    def probe_bad(self, sense: int, best: _V):
        """(value, where) when f beats the best candidate near a region where it is not finite."""
        if not self.bad or self.fc is None:
            return None
        top = None
        for B in self.bad:
            for corner in itertools.product(*[(lo, (lo + hi) / 2, hi) for lo, hi in B]):
                with _prec(64):
                    v = self.fc([arb(c) for c in corner])
                if not v.is_finite():
                    continue
                x = _mid(v)
                if (sense > 0 and v > best.ball) or (sense < 0 and v < best.ball):
                    if top is None or (x > top[0] if sense > 0 else x < top[0]):
                        top = (x, ", ".join(f"{n.name} ≈ {c:.6g}" for n, c in zip(self.vars, corner)))
        return top

    def pt_str(self, c) -> str:
        return "(" + ", ".join(p.num().text(8) for p in c.point) + ")"
