"""Stage helper: the sign of an expression on a whole half-line [R, ∞) or (−∞, −R], proven to infinity.

Balls on [R·2^k, R·2^(k+1)] reach R·2^64 only; here each step is a proof for every x ≥ R:

- e defined on the whole tail: every condition of its nodes (calc.stages.conditions) proven there
  by the signs of its sides, innermost first;
- a rational function of x: its numerator and denominator have no zero beyond their Cauchy bounds,
  so beyond R it keeps the sign it has at R;
- products, powers, exp(u), c^u, |u|: from the signs of their parts; sums whose terms share one sign;
- e bounded by the ranges of its functions on all of ℝ (1 + sin u ≥ 0: a ball with the argument
  unbounded, each catalogue function contributing its range, ``Entry.bounds``);
- a sum whose terms of one sign dominate the others: each other term N charged to such a term P with
  |N| ≤ C·|M| and |M|/|P| not increasing on the tail (the sign of the difference of their logarithmic
  derivatives, proven the same way; C the bound on ℝ of N's bounded factors, or 1), the charges of
  each P at R adding up to less than 1;
- monotonicity: e(R) ≠ 0 and e′ of one sign on the tail (proven the same way, to a small depth):
  e moving away from 0 keeps its sign; moving towards 0 it keeps it when its limit at infinity
  (sympy's, as the limits stage uses at infinite ends) is 0 or of that sign.

Signs: POS (> 0), NONNEG (≥ 0), NONPOS (≤ 0), NEG (< 0); None when not proven.  For the tail
(−∞, −R] the expression is read in y = −x.  With ``holes`` a sign holds wherever e is defined, its
conditions u ≠ 0 aside (tan x beyond the window).  Used by the natural domain beyond the window
(domain.py), the kinks beyond it (kinks.py), the tails of the extremum stage (beyond.py) and the
half-lines where the domain is not decided (extrema.py).
"""
from __future__ import annotations

import time
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..catalogue import by_head, native
from ..differentiate import differentiate
from .balls import NotCompilable, compile_ball, to_arb
from .conditions import conditions
from .context import SYMPY_ERRORS
from .precision import precision
from .walk import nodes, trig_as_cos

POS, NONNEG, NONPOS, NEG = 2, 1, -1, -2
_SMOOTH_BREAKERS = (sp.floor, sp.ceiling, sp.frac, sp.Piecewise, sp.Max, sp.Min, sp.Heaviside)
_WHOLE = arb(0, float("inf"))


def sign_on_tail(e: sp.Expr, x: sp.Symbol, R, direction: int, seconds: float = 1.0, depth: int = 3,
                 holes: bool = False) -> Optional[int]:
    """The sign of e (POS, NONNEG, NONPOS, NEG) on all of [R, ∞) (direction +1) or (−∞, −R], with e
    defined there (``holes``: wherever e is defined there, its conditions u ≠ 0 aside); None when not
    proven.  R > 0."""
    R = sp.nsimplify(abs(R))
    if not R > 0:
        return None
    p = _Prover(x, direction, R, time.monotonic() + seconds, holes)
    try:
        return p.sign(p.read(e), depth)
    except SYMPY_ERRORS:    # (sympy refusing a form on the tail — ln(−y) > 0 in a piecewise — is no proof)
        return None


def conditions_on_tail(conds, x: sp.Symbol, R, direction: int, seconds: float = 1.0) -> Optional[bool]:
    """True when every condition is proven to hold on the whole tail; False when one is proven to fail
    on all of it (f is defined nowhere there); None otherwise."""
    R = sp.nsimplify(abs(R))
    if not R > 0:
        return None
    p = _Prover(x, direction, R, time.monotonic() + seconds)
    try:
        truths = [p.truth(c, read=True) for c in conds]
    except SYMPY_ERRORS:    # (as in sign_on_tail: no proof)
        return None
    if any(t is False for t in truths):
        return False
    return True if all(t is True for t in truths) else None


def _combine_mul(signs) -> Optional[int]:
    neg, strict = 0, True
    for s in signs:
        if s is None:
            return None
        neg += s < 0
        strict = strict and abs(s) == 2
    return (POS if strict else NONNEG) if neg % 2 == 0 else (NEG if strict else NONPOS)


def _combine_add(signs) -> Optional[int]:
    if any(s is None for s in signs):
        return None
    if all(s > 0 for s in signs):
        return POS if POS in signs else NONNEG
    if all(s < 0 for s in signs):
        return NEG if NEG in signs else NONPOS
    return None


def _holds(op: str, s: Optional[int]) -> Optional[bool]:
    """The truth of d op 0 on the whole tail when d has the sign s (None when not decided)."""
    if s is None:
        return None
    return {">": {POS: True, NONPOS: False, NEG: False},
            ">=": {POS: True, NONNEG: True, NEG: False},
            "<": {NEG: True, NONNEG: False, POS: False},
            "<=": {NEG: True, NONPOS: True, POS: False},
            "!=": {POS: True, NEG: True},
            "==": {POS: False, NEG: False}}[op].get(s)


class _Prover:
    """Proofs on one tail.  With ``holes``, a sign holds wherever e is defined, the conditions u ≠ 0
    aside (e may be undefined at points of the tail: tan x at its poles); the steps that need e
    continuous on the whole tail (monotonicity, ratios) ask the strict prover ``self.strict``."""

    def __init__(self, x, direction, R, deadline, holes: bool = False):
        self.x, self.R, self.deadline, self.holes = x, R, deadline, holes
        self.y = sp.Symbol(x.name, positive=True)
        self.flip = direction < 0
        self.memo: dict = {}
        self._strict_monotone: dict = {}     # u ↦ u′ of one strict sign on the tail (see _enclosure)
        self.strict = _Prover(x, direction, R, deadline) if holes else self

    def read(self, e):
        """e in the positive variable y (x = y on [R, ∞), x = −y on (−∞, −R])."""
        return e.xreplace({self.x: -self.y if self.flip else self.y})

    def truth(self, c, read: bool = False) -> Optional[bool]:
        """The truth of the condition c on the whole tail (``read``: c is in x; each side is read in y
        apart — the relation itself may not be formed there: ln(−y) > 0 is refused by sympy)."""
        reps = {}
        for r in c.atoms(sp.core.relational.Relational):
            d = self.read(r.lhs - r.rhs) if read else r.lhs - r.rhs
            t = _holds(r.rel_op, self.sign(d, 3))
            if t is not None:
                reps[r] = sp.true if t else sp.false
        got = c.xreplace(reps)
        return True if got == sp.true else False if got == sp.false else None

    def defined(self, e) -> bool:
        """Is e defined (real and finite) on the whole tail: every condition of its nodes proven?"""
        key = ("defined", e)
        if key not in self.memo:
            self.memo[key] = False      # (a cycle gives no proof)
            self.memo[key] = self._defined(e)
        return self.memo[key]

    def _defined(self, e) -> bool:
        try:
            conds = conditions(native(e), self.y)
        except TypeError:
            return False
        return all(self.truth(c) is True for c in conds if not (self.holes and isinstance(c, sp.Ne)))

    def ball(self, e, t: arb, ranges: bool = False, var=None) -> Optional[arb]:
        key = ("ball", e, t.mid().str(), t.rad().str(), ranges, var)
        if key not in self.memo:
            self.memo[key] = self._ball(e, t, ranges, var if var is not None else self.y)
        return self.memo[key]

    def _ball(self, e, t: arb, ranges: bool, var) -> Optional[arb]:
        try:
            with precision(128):
                v = compile_ball(e, var, ranges=ranges)(t)
        except (NotCompilable, *SYMPY_ERRORS):
            return None
        return v if v.is_finite() else None

    def sign(self, e, depth: int) -> Optional[int]:
        key = (e, depth)
        if key not in self.memo:
            self.memo[key] = None       # (a cycle gives no proof)
            if time.monotonic() < self.deadline:
                self.memo[key] = self._sign(e, depth)
        return self.memo[key]

    def _sign(self, e, depth) -> Optional[int]:
        y = self.y
        if not e.has(y):
            v = self.ball(e, arb(0))
            return None if v is None else POS if v > 0 else NEG if v < 0 else None
        if not self.defined(e):
            return None
        s = self._structural(e, depth)
        if s is not None and abs(s) == 2:
            return s
        w = self._range(e)
        if w is not None and (s is None or abs(w) == 2):
            s = w
        if (s is None or abs(s) == 1) and depth > 0:
            w = self._of_enclosed(e, depth)
            if w is not None and (s is None or abs(w) == 2):
                s = w
        if (s is None or abs(s) == 1) and depth > 0:
            m = self._monotone(e, depth)
            if m is not None:
                return m
        if s is None and depth > 0 and e.is_Add:
            c = self._collected(e)
            if c is not None:
                return self.sign(c, depth - 1)
        return s

    def _collected(self, e) -> Optional[sp.Expr]:
        """e expanded, its terms collected over the exponentials in y (terms that cancel gone, each
        growth rate with one coefficient: 4^y (arctan 2^y − 3) + …); None when that is e itself."""
        y = self.y
        ok, c = budget.run(lambda: sp.expand(e), max(0.05, min(0.5, self.deadline - time.monotonic())))
        if not ok or c is None:
            return None
        atoms = sorted((a for a in c.atoms(sp.Pow, sp.exp) if a.has(y) and not a.is_polynomial(y)),
                       key=sp.default_sort_key)
        c = sp.collect(c, atoms) if atoms else c
        return None if c == e else c

    def _structural(self, e, depth) -> Optional[int]:
        y = self.y
        if e.is_rational_function(y):
            return self._rational(e)
        if e.is_Mul:
            return _combine_mul([self.sign(a, depth) for a in e.args])
        if isinstance(e, sp.exp):
            return POS
        if e.is_Pow:
            b, p = e.args
            if not b.has(y):
                return POS if self.sign(b, depth) == POS else None
            sb = self.sign(b, depth)
            if sb is None:
                return NONNEG if p.is_Integer and p.is_even else None     # (b defined: b^(2k) ≥ 0)
            if p.is_Integer:
                return _combine_mul([sb] * int(abs(p))) if p != 0 else POS
            return (POS if sb == POS else NONNEG if sb == NONNEG else None)
        if isinstance(e, sp.Abs):
            sa = self.sign(e.args[0], depth)
            return POS if sa in (POS, NEG) else NONNEG
        if isinstance(e, sp.sign):
            sa = self.sign(e.args[0], depth)
            return sa if sa in (POS, NEG) else None
        if e.is_Add:
            signs = [self.sign(a, depth) for a in e.args]
            s = _combine_add(signs)
            if s is None and depth > 0:
                s = self._dominated(e, signs, depth - 1)
            return s
        return None

    def _rational(self, e) -> Optional[int]:
        from .certified_domain import _cauchy_bound     # (certified_domain imports this module)
        num, den = sp.fraction(sp.together(e))
        for part in (num, den):
            if part.has(self.y):
                B = _cauchy_bound(part, self.y)
                if B is None or B >= self.R:
                    return None
        v = self.ball(e, to_arb(self.R))
        return None if v is None else POS if v > 0 else NEG if v < 0 else None

    def _range(self, e) -> Optional[int]:
        """The sign from the ranges of e's functions on all of ℝ (e is defined on the tail): exactly
        for a constant plus constant multiples of bounded functions (1 − sin u ≥ 0, where a ball's
        rounded radius would leave −10⁻⁹), else by a ball with the argument unbounded."""
        lo = self._affine_bound(e, -1)
        hi = self._affine_bound(e, +1)
        if lo is not None and hi is not None:
            a, b = self.ball(lo, arb(0)), self.ball(hi, arb(0))
            if a is not None and a > 0:
                return POS
            if b is not None and b < 0:
                return NEG
            if lo == 0:
                return NONNEG
            if hi == 0:
                return NONPOS
        v = self.ball(e, _WHOLE, ranges=True)
        if v is None or not (v > 0 or v < 0):
            w = self._inverted(e)
            v = v if w is None else w
        if v is None:
            return None
        return POS if v > 0 else NEG if v < 0 else NONNEG if v >= 0 else NONPOS if v <= 0 else None

    def _inverted(self, e) -> Optional[arb]:
        """A ball of e on the whole tail from e(1/t) on t ∈ [0, 1/R] (ranges mode: a function of the
        unbounded 1/t contributes its range): sin y / y lies in [−1/R, 1/R] there."""
        t = sp.Symbol("t", positive=True)
        try:
            u = trig_as_cos(e.xreplace({self.y: 1 / t}))     # (1/csc u = cos(u − π/2): bounded)
        except SYMPY_ERRORS:
            return None
        if u.has(sp.nan, sp.zoo):
            return None
        with precision(128):
            T = arb(0).union(1 / to_arb(self.R))
        return self.ball(u, T, ranges=True, var=t)

    def _of_enclosed(self, e, depth) -> Optional[int]:
        """The sign of F(u), F a function of the catalogue, from its ball on an enclosure of u on the
        tail: u continuous and monotone there (the sign of u′) runs between u(R) and its limit at
        infinity (cos u > 0 where u decreases from 0.2 to 0)."""
        entry = by_head(e)
        if entry is None or len(e.args) != 1 or not e.args[0].has(self.y):
            return None
        U = self._enclosure(e.args[0], depth)
        if U is None:
            return None
        t = sp.Symbol("t", real=True)
        try:
            with precision(128):
                v = compile_ball(e.func(t), t)(U)
        except (NotCompilable, *SYMPY_ERRORS):
            return None
        if v.is_finite() and (v > 0 or v < 0):
            return POS if v > 0 else NEG
        near = self._near_limit(e, t, U)
        if near is not None or not v.is_finite():
            return near
        return NONNEG if v >= 0 else NONPOS if v <= 0 else None

    def _near_limit(self, e, t, U) -> Optional[int]:
        """F(u) with F(L) = 0 at u's limit L and F strictly monotone on the enclosure U (F′'s ball of
        one sign): u, strictly monotone, never reaches L, so F(u) has the sign of F′·(u − L) on the
        whole tail (sin(arccot y⁴) > 0, its limit sin 0 = 0 aside)."""
        u = e.args[0]
        L, su = self._limit(u), self._strict_monotone.get(u)
        if L is None or not L.is_finite or su not in (POS, NEG):
            return None
        ok, z = budget.run(lambda: sp.simplify(e.func(L)), max(0.05, min(1.0, self.deadline - time.monotonic())))
        if not ok or z != 0:
            return None
        try:
            with precision(128):
                d = compile_ball(differentiate(e.func(t), t)[0], t)(U)
        except (NotCompilable, *SYMPY_ERRORS):
            return None
        if not (d.is_finite() and (d > 0 or d < 0)):
            return None
        above = su == NEG           # u decreasing to L: u > L on the tail
        return POS if (d > 0) == above else NEG

    def _enclosure(self, u, depth) -> Optional[arb]:
        """A ball holding every value of u on the tail (u continuous and monotone, its limit finite)."""
        v = self._at_R(u)
        if v is None or not self._smooth(u) or not self.strict.defined(u):
            return None
        d = self._derivative(u)
        # (the depth kept at 2 at least: the functions in u′ have arguments inside u's, so this ends)
        sd = None if d is None else self.strict.sign(d, max(depth - 1, 2))
        if sd is None:
            return None
        self._strict_monotone[u] = sd
        L = self._limit(u)
        w = self.ball(L, arb(0)) if L is not None and L.is_finite else None
        return None if w is None else v.union(w)

    def _limit(self, e):
        key = ("lim", e)
        if key not in self.memo:
            self.memo[key] = self._limit_of(e)
        return self.memo[key]

    def _limit_of(self, e):
        ok, L = budget.run(lambda: sp.limit(e, self.y, sp.oo), max(0.05, min(2.0, self.deadline - time.monotonic())))
        if not ok or L is None or L.has(sp.AccumBounds, sp.nan, sp.zoo) or not (L.is_number or L.is_infinite):
            return None
        return L

    def _affine_bound(self, e, side):
        """An exact lower (side −1) or upper (+1) bound of e on ℝ when e is a constant plus constant
        multiples of catalogue functions with a bounded range; None otherwise."""
        out = sp.Integer(0)
        for t in sp.Add.make_args(e):
            c, rest = t.as_independent(self.y, as_Add=False)
            if rest == 1:
                out += c
                continue
            entry = by_head(rest)
            if entry is None or entry.bounds is None or len(rest.args) != 1 or not c.is_number:
                return None
            lo, hi = entry.bounds
            sc = self.ball(c, arb(0))
            if sc is None or not (sc > 0 or sc < 0):
                return None
            out += c * (hi if (sc > 0) == (side > 0) else lo)
        return out

    def _at_R(self, e) -> Optional[arb]:
        return self.ball(e, to_arb(self.R))

    def _smooth(self, e) -> bool:
        """Is e continuous and free of kinks on the tail: every jump of its functions (the catalogue's
        ``jumps``: sign u at u = 0) and every |u| at an argument of one strict sign there?"""
        if e.has(*_SMOOTH_BREAKERS):
            return False
        for n in nodes(e):
            entry = by_head(type(n))
            if entry is None or not n.args or not n.has(self.y):
                continue
            if entry.integer_jumps:
                return False
            points = [j for j in (entry.jumps(*n.args) if entry.jumps else []) if j.has(self.y)]
            if isinstance(n, sp.Abs):
                points.append(n.args[0])
            if any(self.strict.sign(j, 1) not in (POS, NEG) for j in points):
                return False
        return True

    def _derivative(self, e):
        key = ("d", e)
        if key not in self.memo:
            ok, d = budget.run(lambda: differentiate(e, self.y)[0],
                               max(0.05, min(1.0, self.deadline - time.monotonic())))
            self.memo[key] = d if ok else None
        return self.memo[key]

    def _monotone(self, e, depth) -> Optional[int]:
        """e(R) ≠ 0 and e′ of one sign on the tail (see the module's docstring)."""
        v = self._at_R(e)
        if v is None or not (v > 0 or v < 0) or not self._smooth(e) or not self.strict.defined(e):
            return None
        s0 = POS if v > 0 else NEG
        d = self._derivative(e)
        if d is None:
            return None
        sd = self.strict.sign(d, depth - 1)
        if sd is None:
            return None
        if (sd > 0) == (s0 > 0):
            return s0               # moving away from 0
        L = self._limit(e)
        if L is None:
            return None
        if L == 0:          # (strictly monotone towards 0: never reaching it)
            return s0 if abs(sd) == 2 else (NONNEG if s0 > 0 else NONPOS)
        w = self.ball(L, arb(0)) if L.is_finite else None
        if w is not None and ((w > 0) if s0 > 0 else (w < 0)):
            return s0
        return None

    def _logd(self, t):
        """(ln |t|)′, written by parts (products and powers apart)."""
        y = self.y
        if not t.has(y):
            return sp.Integer(0)
        if t.is_Mul:
            return sp.Add(*[self._logd(a) for a in t.args])
        if t.is_Pow and not t.exp.has(y):
            return t.exp * self._logd(t.base)
        if t.is_Pow and not t.base.has(y):
            return differentiate(t.exp, y)[0] * sp.log(t.base)
        if t.is_Pow:
            return differentiate(t.exp, y)[0] * sp.log(t.base) + t.exp * self._logd(t.base)
        if isinstance(t, sp.exp):
            return differentiate(t.args[0], y)[0]
        return differentiate(t, y)[0] / t

    def _dominated(self, e, signs, depth) -> Optional[int]:
        """A sum whose terms of one sign dominate the others on the whole tail: each other term N is
        charged to a term P of that sign with |N| ≤ C·|M| and |M|/|P| not increasing on the tail (the
        difference of their logarithmic derivatives ≥ 0), so |N| ≤ r·|P| with r = C·|M(R)|/|P(R)| —
        M = N, C = 1; or C the bound on ℝ of N's bounded factors (sin u, arctan u) and M the others —
        and the charges of each P add up to less than 1."""
        terms = list(e.args)
        at = [self._at_R(t) for t in terms]
        if any(v is None for v in at):
            return None
        for sD in (POS, NEG):
            big = sorted((k for k, sg in enumerate(signs) if sg == sD), key=lambda k: -float(abs(at[k]).mid()))
            if big and self._charged(terms, signs, at, sD, big, depth):
                return sD
        return None

    def _charged(self, terms, signs, at, sD, big, depth) -> bool:
        strict = self.strict
        load = {j: arb(0) for j in big}
        logd = {}
        for k, t in enumerate(terms):
            if signs[k] is not None and (signs[k] > 0) == (sD > 0):
                continue            # (a term of that sign only adds to it)
            ways = self._splits(t, signs[k])
            for j in big:
                if not strict.defined(terms[j]):
                    continue
                if j not in logd:
                    try:
                        logd[j] = self._logd(terms[j])
                    except SYMPY_ERRORS:
                        return False
                r = None
                for C, M in ways:
                    if not (self._smooth(M) and self._smooth(terms[j])):
                        continue        # (|M|/|P| monotone from its derivative: both continuous)
                    try:
                        gap = logd[j] - self._logd(M)
                    except SYMPY_ERRORS:
                        continue
                    mR = self._at_R(M)
                    if mR is not None and strict.sign(gap, depth) in (POS, NONNEG):
                        r = C * abs(mR) / abs(at[j])
                        break
                if r is not None and load[j] + r < 1:
                    load[j] += r
                    break
            else:
                return False
        return True

    def _splits(self, t, st) -> list:
        """[(C, M)]: |t| ≤ C·|M| on the tail, M continuous there with one strict sign (t itself, C = 1,
        when t is such; else M the factors of t not bounded on ℝ, C the product of the others' bounds)."""
        out = []
        if st in (POS, NEG) and self.strict.sign(t, 2) in (POS, NEG):
            out.append((arb(1), t))
        C, rest = arb(1), []
        for a in sp.Mul.make_args(t):
            v = self.ball(a, _WHOLE, ranges=True) if a.has(self.y) else None
            if v is not None:
                C *= v.abs_upper()
            else:
                rest.append(a)
        M = sp.Mul(*rest)
        if M != t and (not M.has(self.y) or self.strict.sign(M, 2) in (POS, NEG)):
            out.append((C, M))
        return out
