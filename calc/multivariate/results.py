"""Results of the several-variable finders (data only; rendering is in calc/render/several.py and
plot_several.py).

They belong to the one result family of :class:`calc.results.Result` (to_dict,
to_json, text, markdown, latex, status, notes) with the one-variable result."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import sympy as sp

from ..numbers import Num
from ..results import Result
from ..render import several as _render
from ..render.several import _interval_str, _pt_dict


class _Result(Result):
    """What both several-variable results add: the variables' names and the renderers of
    calc/render/several.py."""

    _kind = ""

    @property
    def names(self) -> list:
        return [v.name for v in self.variables]

    def _render(self, fmt: str) -> str:
        return getattr(_render, self._kind + "_" + fmt)(self)


@dataclass(frozen=True)
class BoxCandidate:
    """A candidate point: ``point`` is a tuple of (variable name, Num)."""

    point: tuple
    kind: str        # interior critical | nondifferentiable | face critical | edge critical | corner
    value: Num

    def to_dict(self) -> dict:
        return {"point": _pt_dict(self.point), "kind": self.kind, "value": self.value.to_dict()}


@dataclass(frozen=True)
class BoxExtremum:
    """As :class:`calc.results.Extremum`: when not ``decided``, only ``bound`` (the best value
    found, at ``points``) is known, and ``attained``/``value`` are None."""

    attained: Optional[bool]
    value: Optional[Num]
    points: tuple = ()
    reason: Optional[str] = None
    decided: bool = True
    bound: Optional[Num] = None

    def to_dict(self) -> dict:
        return {"decided": self.decided, "attained": self.attained,
                "value": self.value.to_dict() if self.value is not None else None,
                "bound": self.bound.to_dict() if self.bound is not None else None,
                "points": [_pt_dict(p) for p in self.points], "reason": self.reason}

    def undecided(self) -> "BoxExtremum":
        if not self.decided:
            return self
        if self.attained:
            return BoxExtremum(None, None, self.points, self.reason, False, self.value)
        return BoxExtremum(None, None, (), self.reason, False, None)


_NONE_NUM = Num(None, None, None, False, None)


@dataclass(frozen=True)
class BoxExtremaResult(_Result):
    """Global maximum and minimum of f on a closed box, with every candidate.

    Render with :meth:`text`, :meth:`markdown`, :meth:`latex`, :meth:`to_dict`,
    draw with :meth:`plot`."""

    function: sp.Expr
    variables: tuple
    box: tuple                 # sympy Intervals, aligned with variables
    candidates: tuple
    maximum: BoxExtremum
    minimum: BoxExtremum
    status: str = "ok"
    notes: tuple = ()
    families: tuple = ()

    def to_dict(self) -> dict:
        return {"function": str(self.function),
                "variables": self.names,
                "box": {v.name: _interval_str(I) for v, I in zip(self.variables, self.box)},
                "candidates": [c.to_dict() for c in self.candidates],
                "maximum": self.maximum.to_dict(),
                "minimum": self.minimum.to_dict(),
                "status": self.status,
                "notes": list(self.notes)}

    _kind = "box"

    def plot(self, path: Optional[str] = None):
        """Contour map with the candidates marked by kind (and a 3-D surface for two
        variables); saved to ``path`` when given; returns the matplotlib Figure."""
        from ..render.plot_several import plot_box
        return plot_box(self, path)


@dataclass(frozen=True)
class CriticalPoint:
    """A point where ∇f = 0 or f is not differentiable, classified by ``test``."""

    point: tuple           # of (variable name, Num)
    kind: str              # min | max | saddle | inconclusive
    test: str
    differentiable: bool
    value: Num = _NONE_NUM
    strict: Optional[bool] = None

    def to_dict(self) -> dict:
        return {"point": _pt_dict(self.point), "kind": self.kind, "test": self.test,
                "differentiable": self.differentiable}


@dataclass(frozen=True)
class CriticalPointsResult(_Result):
    """Every critical point of f (gradient zero or f not differentiable), classified;
    infinite sets described in ``families``."""

    function: sp.Expr
    variables: tuple
    gradient: tuple
    hessian: tuple
    critical_points: tuple
    families: tuple = ()
    status: str = "ok"
    notes: tuple = ()
    region: Optional[tuple] = None     # sympy Intervals when restricted to a box

    def to_dict(self) -> dict:
        return {"function": str(self.function), "variables": self.names,
                "critical_points": [c.to_dict() for c in self.critical_points],
                "families": list(self.families), "status": self.status, "notes": list(self.notes)}


    _kind = "critical"

    def plot(self, path: Optional[str] = None):
        """Contour map with the critical points marked by kind (and a 3-D surface for two
        variables); saved to ``path`` when given; returns the matplotlib Figure."""
        from ..render.plot_several import plot_critical
        return plot_critical(self, path)
