"""What the extremum finders report: data only.

:class:`Result` is the one family of extremum results: the one-variable
:class:`ExtremaResult` here and the several-variable ``BoxExtremaResult`` and
``CriticalPointsResult`` (:mod:`calc.multivariate.results`) share its API.
The classes are frozen dataclasses; ``to_dict()`` is the JSON contract of the
README, and ``text()``, ``markdown()``, ``latex()`` and ``plot()`` hand the
result to the renderer functions in :mod:`calc.render`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

import sympy as sp

from .numbers import Num
from .render.json import to_json
from .render.latex import extrema_latex
from .render.markdown import extrema_markdown
from .render.notebook import Notebook
from .render.plot import plot_extrema
from .render.text import extrema_text
from .stages.display import for_display
from .stages.intervals import interval_text, set_text

__all__ = ["Result", "Candidate", "LocalExtremum", "Extremum", "UNDECIDED", "ExtremaResult"]


MAX_SHOWN = 20      # candidates listed in text, Markdown and LaTeX before the rest is summarised


class Result(Notebook):
    """What every extremum result offers (one or several variables); in Jupyter it
    shows as HTML (with the plot inline), LaTeX or Markdown (:mod:`calc.render.notebook`).

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

    def text(self, all: bool = False) -> str:  # noqa: A002 - the CLI's --all
        return (self if all else self.bounded())._render("text")

    def markdown(self, all: bool = False) -> str:  # noqa: A002
        return (self if all else self.bounded())._render("markdown")

    def latex(self, all: bool = False) -> str:  # noqa: A002
        return (self if all else self.bounded())._render("latex")

    def bounded(self) -> "Result":
        """This result for display: with more than :data:`MAX_SHOWN` candidates, only the ends
        and corners, the points attaining the extrema and the first others are listed, with a
        note of how many more there are (``text(all=True)`` / ``calc … --all`` lists them all;
        ``to_dict()`` always has every one)."""
        cands = getattr(self, "candidates", ())
        if len(cands) <= MAX_SHOWN:
            return self
        best = [e.value for e in (getattr(self, "maximum", None), getattr(self, "minimum", None))
                if e is not None and e.decided and e.value is not None] + \
               [e.bound for e in (getattr(self, "maximum", None), getattr(self, "minimum", None))
                if e is not None and e.bound is not None]
        keys = {(n.exact, n.approx) for n in best}

        def key(c):
            return (0 if (c.value.exact, c.value.approx) in keys else
                    1 if c.kind in ("endpoint", "corner") else 2)
        ranked = sorted(range(len(cands)), key=lambda i: (key(cands[i]), i))
        keep = sorted(ranked[:MAX_SHOWN])
        shown = tuple(cands[i] for i in keep)
        changes = {"candidates": shown,
                   "notes": tuple(self.notes) + (f"{len(cands) - len(shown)} more candidates are not listed "
                                                 f"(calc … --all, or text(all=True), lists all {len(cands)})",)}
        if hasattr(self, "local_extrema"):
            xs = {c.x for c in shown}
            changes["local_extrema"] = tuple(e for e in self.local_extrema if e.x in xs)
            changes["stationary_points"] = tuple(p for p in self.stationary_points if p in xs)
        return replace(self, **changes)

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
    families: tuple = ()    # of Family: infinitely many attaining points (p + kT, or x(k))

    def to_dict(self) -> dict:
        return {"decided": self.decided, "attained": self.attained,
                "value": self.value.to_dict() if self.value is not None else None,
                "bound": self.bound.to_dict() if self.bound is not None else None,
                "families": [family_dict(fam) for fam in self.families],
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


@dataclass(frozen=True)
class Family:
    """Infinitely many points attaining a value: every x(k), k in ``k`` ("integers", "naturals0",
    "naturals"), that lies on the interval.  Either ``base`` + k·``period`` (a periodic function,
    the base point exact or certified), or every x of the interval ``span`` + k·``period`` (a
    plateau of a periodic function: (lo, hi, lo open, hi open), lo and hi Nums), or an exact
    ``formula`` in the integer symbol k."""

    base: Optional[Num] = None
    period: Optional[sp.Expr] = None
    formula: Optional[sp.Expr] = None
    k: str = "integers"
    equation: Optional[tuple] = None     # (u(x), v(k)): every x with u(x) = v(k), when not solved for x
    span: Optional[tuple] = None

    @property
    def exact(self) -> Optional[sp.Expr]:
        if self.formula is not None or self.base is None:
            return self.formula
        return self.base.exact + _K * self.period if self.base.exact is not None else None

    @property
    def span_exact(self) -> Optional[tuple]:
        """(lo + kT, hi + kT) for a plateau family whose ends are exact; None otherwise."""
        if self.span is None or self.span[0].exact is None or self.span[1].exact is None:
            return None
        return self.span[0].exact + _K * self.period, self.span[1].exact + _K * self.period

    def to_dict(self) -> dict:
        d = {"x": str(self.exact) if self.exact is not None else None, "k": self.k}
        if self.equation is not None:
            d["equation"] = f"{self.equation[0]} = {self.equation[1]}"
        if self.base is not None:
            d.update(base=self.base.to_dict(), period=str(self.period))
        if self.span is not None:
            ends = self.span_exact
            d.update(interval=[str(e) for e in ends] if ends else None, open=list(self.span[2:]),
                     base=[self.span[0].to_dict(), self.span[1].to_dict()], period=str(self.period))
        return d


def family_dict(fam: Family) -> dict:
    """{"x": "2*pi*k + pi/2", "k": "integers", ...} (see :class:`Family`)."""
    return fam.to_dict()


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
    domain_period: Optional[sp.Interval] = None    # the period the domain is given on (periodic f), if not all of I
    stationary_intervals: tuple = ()    # sympy Intervals where f′ = 0 at every point (f constant there)

    def to_dict(self) -> dict:
        return {
            "function": str(self.function),
            "variable": self.variable.name,
            "interval": interval_text(self.interval, "sympy"),
            "domain": set_text(self.domain, "sympy"),
            "derivative": str(self.derivative),
            "stationary_points": [p.to_dict() for p in self.stationary_points],
            "stationary_intervals": [interval_text(P, "sympy") for P in self.stationary_intervals],
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
