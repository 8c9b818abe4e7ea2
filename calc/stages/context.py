"""The state of one run of the one-variable finder and the points it handles.

A :class:`Run` is created per call (never shared between calls): the function,
its variable and interval, the time budget, and what the stages found along the
way (notes, status, families of critical points, regions and tails still to be
checked).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Optional

import sympy as sp
from flint import arb

from ..budget import raised_by_solver  # noqa: F401 - the one test, also used by the stages
from ..numbers import Num
from .balls import NotCompilable, compile_ball, to_arb
from .precision import precision as _prec


# what sympy/mpmath raise when they cannot evaluate or simplify an input (not calc bugs:
# calc's own code raises CalcError subclasses)
SYMPY_ERRORS = (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError)



def ops(e) -> int:
    """Size of e (a heuristic for ordering and simplification; never decides an answer)."""
    try:
        return int(sp.count_ops(e))
    except Exception as exc:  # noqa: BLE001 - sympy's own failures only (re-raised otherwise):
        if not raised_by_solver(exc):   # an expression sympy cannot measure just counts as large
            raise
        return 10 ** 6


def is_poly(e, gens) -> bool:
    """Is e a polynomial in gens?  (Chooses a method only: non-polynomial methods follow.)"""
    try:
        return bool(e.is_polynomial(*gens))
    except Exception as exc:  # noqa: BLE001 - sympy's own failures only (re-raised otherwise):
        if not raised_by_solver(exc):   # an expression sympy cannot classify is treated as not polynomial
            raise
        return False


class Run:
    """One run of the finder: inputs, budget and findings."""

    def __init__(self, f, x, I, digits, timeout):
        # a union of intervals is searched on its hull with the domain restricted to the union
        self.restrict = I if isinstance(I, sp.Union) else None
        if self.restrict is not None:
            I = sp.Interval(I.inf, I.sup, I.inf not in I, I.sup not in I)
        self.f, self.x, self.I = f, x, I
        self.digits = digits
        # the stages that search stop at ``deadline``; comparing, classifying and assembling the
        # answer may run on to ``end`` (the budget itself)
        self.end = time.monotonic() + timeout
        self.deadline = self.end - min(1.5, 0.15 * timeout)
        self.notes: list = []
        self.status = "ok"
        self.families: list = []
        self.f_arb = self.compile(f)
        self.undecided_extrema = False
        self.regions: list = []  # boxes where f′'s roots were not isolated
        self.doubtful: list = []  # tiny boxes kept as candidates: whether f′ has a root there is not certified
        self.tails: list = []   # (R, ±1): [R, oo) or (-oo, R] where roots of f' were not isolated
        self.kink_tails: list = []   # the same, where the points f may kink or jump at were not located
        self.root_targets: dict = {}
        self.quick_exact = False   # try solveset only where it can plausibly finish (box edges)
        self.written: tuple = ()   # the formula's nodes as written (their domain conditions hold too)
        self.domain_boxes: list = []   # (a, b): where it is not decided whether f is defined
        # worth(ball) -> False: a root of f′ there cannot be an optimum (branch and bound on a
        # box); it is dropped before its exact form is sought
        self.worth = None
        self.oscillating: list = []    # (end, side): f has no limit there, it oscillates
        self._f_range = False
        self.periodic_forms: dict = {}   # (end, side) -> (F, U, u, T) or None (stages/oscillation)
        self.unlocated: list = []    # components where the points f may jump at were not all located

    def left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def slice(self, share: float = 0.3, cap: float = 3.0) -> float:
        """A share of the time left, at most ``cap`` seconds (at least 0.05)."""
        return max(0.05, min(cap, self.left() * share))

    def compile(self, e):
        """The ball function of e, or None when e holds something calc cannot enclose."""
        try:
            return compile_ball(e, self.x)
        except NotCompilable:
            return None

    def oscillating_ends(self) -> set:
        return {e for e, _ in self.oscillating}

    @property
    def f_range(self):
        """f's ball function that bounds a function by its range where its argument is unbounded
        (to bound f near a point where it oscillates); None when f cannot be enclosed."""
        if self._f_range is False:
            try:
                self._f_range = compile_ball(self.f, self.x, ranges=True)
            except NotCompilable:
                self._f_range = None
        return self._f_range

    def partial(self, note):
        self.status = "partial"
        if note not in self.notes:
            self.notes.append(note)


class Undefined(Exception):
    """f is not defined at the point asked for."""


@dataclass
class Pt:
    """A point on the real line: exact, or an arb enclosure of a certified root."""

    exact: Optional[sp.Expr]
    ball: arb
    certified: bool = True

    @property
    def key(self) -> float:
        return float(self.ball.mid())

    def num(self) -> Num:
        if self.exact is not None:
            return Num.of(self.exact)
        lo, hi = outward(self.ball)
        return Num(None, lo, hi, self.certified, float(self.ball.mid()))


def arb_key(v: arb) -> float:
    return float(v.mid())


def value_ball(v: Num) -> Optional[arb]:
    """The ball of a finite extremum value: exact, or its certified enclosure; None otherwise."""
    try:
        if v.exact is not None and not v.is_infinite:
            return to_arb(v.exact)
        return arb(v.lo).union(arb(v.hi)) if v.lo is not None else None
    except (NotCompilable, ValueError, TypeError):
        return None


def outward(b: arb) -> tuple[float, float]:
    """Float bounds that still contain the ball (rounded outwards)."""
    return math.nextafter(float(b.lower()), -math.inf), math.nextafter(float(b.upper()), math.inf)


def pt_exact(v: sp.Expr) -> Pt:
    with _prec(256):
        b = to_arb(v)
    return Pt(v, b)
