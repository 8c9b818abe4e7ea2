"""What the extremum finders report: data only.

:class:`Result` is the one family of extremum results: the one-variable
:class:`ExtremaResult` here and the several-variable ``BoxExtremaResult`` and
``CriticalPointsResult`` (:mod:`calc.multivariate.results`) share its API.
The classes are frozen dataclasses; ``to_dict()`` is the JSON contract of the
README, and ``text()``, ``markdown()``, ``latex()`` and ``plot()`` hand the
result to the renderer functions in :mod:`calc.render`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import sympy as sp

from .numbers import Num
from .render.json import to_json
from .render.latex import extrema_latex
from .render.markdown import extrema_markdown
from .render.plot import plot_extrema
from .render.text import extrema_text
from .stages.display import for_display
from .stages.intervals import interval_text, set_text

__all__ = ["Result", "Candidate", "LocalExtremum", "Extremum", "UNDECIDED", "ExtremaResult"]


class Result:
    """What every extremum result offers (one or several variables).

    A subclass is a frozen dataclass with the fields ``status`` ("ok" or
    "partial") and ``notes`` (tuple of str), and defines :meth:`to_dict` (its
    JSON contract) and :meth:`_render` (hands itself to a renderer)."""

    status: str = "ok"
    notes: tuple = ()

    def to_dict(self) -> dict:
        raise NotImplementedError

    def _render(self, fmt: str) -> str:
        """The rendering of this result in ``fmt`` (text | markdown | latex)."""
        raise NotImplementedError

    def to_json(self) -> str:
        return to_json(self)

    def text(self) -> str:
        return self._render("text")

    def markdown(self) -> str:
        return self._render("markdown")

    def latex(self) -> str:
        return self._render("latex")

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Candidate:
    x: Num
    kind: str          # endpoint | stationary | nondifferentiable
    value: Num
    detail: str = ""   # e.g. "corner", "cusp", "jump"

    def to_dict(self) -> dict:
        return {"x": self.x.to_dict(), "kind": self.kind, "value": self.value.to_dict()}


@dataclass(frozen=True)
class LocalExtremum:
    x: Num
    kind: str          # max | min | neither
    strict: bool
    test: str

    def to_dict(self) -> dict:
        return {"x": self.x.to_dict(), "kind": self.kind, "strict": self.strict, "test": self.test}


@dataclass(frozen=True)
class Extremum:
    """The global maximum (or minimum): its value and every point attaining it — or, when
    the finder could not decide (``decided`` False), only ``bound``: the best certified
    value found (a lower bound of the maximum, an upper bound of the minimum) and where."""

    attained: Optional[bool]
    value: Optional[Num]
    points: tuple = ()
    intervals: tuple = ()
    reason: Optional[str] = None
    open_ends: tuple = ()   # per interval: (left end not attained, right end not attained)
    decided: bool = True
    bound: Optional[Num] = None
    families: tuple = ()    # (base point Num p, period T): every p + kT, k ∈ family_k, attains it
    family_k: str = "integers"   # or "naturals0" (k = 0, 1, 2, ...: on a half-line)

    def to_dict(self) -> dict:
        return {"decided": self.decided, "attained": self.attained,
                "value": self.value.to_dict() if self.value is not None else None,
                "bound": self.bound.to_dict() if self.bound is not None else None,
                "families": [family_dict(p, T, self.family_k) for p, T in self.families],
                "points": [p.to_dict() for p in self.points],
                "intervals": [[a.to_dict(), b.to_dict()] for a, b in self.intervals],
                "reason": self.reason}

    def undecided(self) -> "Extremum":
        """The same finding, not decided: the value becomes a bound when it is attained."""
        if not self.decided:
            return self
        bound = self.value if self.attained and self.value is not None and not self.value.is_infinite else None
        return Extremum(None, None, self.points if bound is not None else (), self.intervals if bound else (),
                        None, self.open_ends if bound else (), False, bound)


UNDECIDED = Extremum(None, None, decided=False)


_K = sp.Symbol("k", integer=True)


def family_dict(p: Num, T, k: str = "integers") -> dict:
    """{"x": "2*pi*k + pi/2", "k": "integers"} (exact), or the base point's enclosure and the period."""
    return {"x": str(p.exact + _K * T) if p.exact is not None else None, "base": p.to_dict(),
            "period": str(T), "k": k}


def _no_extremum() -> dict:
    return UNDECIDED.to_dict()


_RENDER_1D = {"text": extrema_text, "markdown": extrema_markdown, "latex": extrema_latex}


@dataclass(frozen=True)
class ExtremaResult(Result):
    """Everything the extremum finder found; render with text(), markdown(), latex(), to_dict()."""

    function: sp.Expr
    variable: sp.Symbol
    interval: sp.Set
    domain: sp.Set
    derivative: sp.Expr
    stationary_points: tuple
    nondifferentiable_points: tuple
    candidates: tuple
    local_extrema: tuple
    maximum: Optional[Extremum]
    minimum: Optional[Extremum]
    status: str = "ok"
    notes: tuple = ()
    families: tuple = ()
    limits: tuple = ()   # (where, value, reason)
    derivative_display: Optional[sp.Expr] = None   # f′ simplified for display (computed by the finder)

    def to_dict(self) -> dict:
        return {
            "function": str(self.function),
            "variable": self.variable.name,
            "interval": interval_text(self.interval),
            "domain": set_text(self.domain),
            "derivative": str(self.derivative),
            "stationary_points": [p.to_dict() for p in self.stationary_points],
            "nondifferentiable_points": [p.to_dict() for p in self.nondifferentiable_points],
            "candidates": [c.to_dict() for c in self.candidates],
            "local_extrema": [e.to_dict() for e in self.local_extrema],
            "maximum": self.maximum.to_dict() if self.maximum else _no_extremum(),
            "minimum": self.minimum.to_dict() if self.minimum else _no_extremum(),
            "status": self.status,
            "notes": list(self.notes),
        }

    def _render(self, fmt: str) -> str:
        return _RENDER_1D[fmt](for_display(self))

    def plot(self, path: Optional[str] = None):
        return plot_extrema(self, path)
