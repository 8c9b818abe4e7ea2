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

from ..numbers import Num
from .balls import NotCompilable, compile_ball, to_arb
from .precision import precision as _prec


class Run:
    """One run of the finder: inputs, budget and findings."""

    def __init__(self, f, x, I, digits, timeout):
        self.f, self.x, self.I = f, x, I
        self.digits = digits
        self.deadline = time.monotonic() + timeout
        self.notes: list = []
        self.status = "ok"
        self.families: list = []
        self.f_arb = self.compile(f)
        self.undecided_extrema = False
        self.regions: list = []  # boxes where f′'s roots were not isolated
        self.tails: list = []   # (R, ±1): [R, oo) or (-oo, R] where roots of f' were not isolated
        self.root_targets: dict = {}

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


def outward(b: arb) -> tuple[float, float]:
    """Float bounds that still contain the ball (rounded outwards)."""
    return math.nextafter(float(b.lower()), -math.inf), math.nextafter(float(b.upper()), math.inf)


def pt_exact(v: sp.Expr) -> Pt:
    with _prec(256):
        b = to_arb(v)
    return Pt(v, b)
