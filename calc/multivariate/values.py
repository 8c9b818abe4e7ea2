"""Values (exact and/or certified balls), solutions of systems, small expression helpers."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from flint import arb

from ..numbers import Num
from ..stages.context import Pt, arb_key as _mid, outward
from .caps import MAX_EXACT_CHARS
from ..stages.classify.hessian import hessian_matrix as _hessian, partial as _d  # noqa: F401
from ..stages.classify.higher import KINK_HEADS as _KINK_HEADS  # noqa: F401
from ..stages.context import is_poly as _is_poly, ops as _ops, raised_by_solver  # noqa: F401


class _V(Pt):
    """A coordinate or a value: exact (sympy) and/or a ball proven to contain it (the
    one-variable stages' point, shown by the several-variable rule: long exact forms and
    CRootOf expressions as enclosures, uncertified values as plain floats)."""

    @property
    def f(self) -> float:
        return self.key

    def num(self) -> Num:
        ex = self.exact if self.exact is not None and not self.exact.free_symbols else None
        if ex is not None and (not ex.has(sp.CRootOf) or isinstance(ex, sp.CRootOf)) \
                and len(str(ex)) <= MAX_EXACT_CHARS:
            return Num(ex, None, None, True, self.f)
        if not self.certified:
            return Num(None, None, None, False, self.f)
        lo, hi = outward(self.ball)
        return Num(None, lo, hi, True, self.f)


def _same_ball(a: arb, b: arb, tol: float = 1e-12) -> bool:
    if a.overlaps(b):
        return True
    return abs(_mid(a) - _mid(b)) <= tol * (1 + abs(_mid(a)))


# ====================================================================== the solving engine
@dataclass
class _Sol:
    """One solution of a system: ``vals`` maps unknowns to exact sympy values
    (which may contain the free ``params`` of a family) or to :class:`_V` balls."""

    vals: dict
    params: tuple = ()
    certified: bool = True
    how: str = "exact"           # exact | certified | numeric
    eqs: tuple = ()              # the equations of the system it solves (for describing families)

    @property
    def exact(self) -> bool:
        return all(isinstance(v, sp.Basic) for v in self.vals.values())


