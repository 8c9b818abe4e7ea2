"""The rule record and the template symbols the formulas are written in."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import sympy as sp

# Template symbols.  Table 2-1 formulas are written in X (with parameters A and
# MU); Table 2-2 formulas in U, V (functions of x), their derivatives DU, DV
# and a constant C.  Differentials use dX, dU, dV.
X = sp.Symbol("x", real=True)
A = sp.Symbol("a", positive=True)
MU = sp.Symbol("mu", real=True)
C = sp.Symbol("C", real=True)
U = sp.Symbol("u", real=True)
V = sp.Symbol("v", real=True)
DU = sp.Symbol("u'", real=True)
DV = sp.Symbol("v'", real=True)
dX = sp.Symbol("dx", real=True)
dU = sp.Symbol("du", real=True)
dV = sp.Symbol("dv", real=True)
Y = sp.Symbol("y", real=True)


@dataclass(frozen=True)
class Rule:
    """One row of a rule table.

    ``function`` is the left-hand side (for Table 2-1 an expression in X, for
    Table 2-2 in U and V), ``derivative`` its derivative and ``differential``
    its differential, all sympy expressions over the template symbols.
    ``conditions`` is where the formula holds (a sympy Boolean), and
    ``undefined_when`` lists, for a node ``f(u, ...)``, expressions whose zeros
    are where the derivative may fail to exist although f is defined there
    (a kink, a cusp, a vertical tangent, a jump).
    """

    id: str
    table: str  # "2-1", "2-2" or "extra"
    name_en: str
    name_zh: str
    function: sp.Basic
    derivative: sp.Basic
    differential: sp.Basic
    conditions: sp.Basic = sp.true
    conditions_text: str = ""
    params: tuple = ()
    head: Optional[type] = None
    wording: str = ""
    undefined_when: Optional[Callable] = field(default=None, compare=False, repr=False)
    function_latex: str = ""
    derivative_latex: str = ""
    differential_latex: str = ""

    def derivative_at(self, u: sp.Expr, **params) -> sp.Expr:
        """The derivative formula with X replaced by ``u`` (Table 2-1 rows)."""
        reps = {X: u}
        for k, v in params.items():
            reps[{"a": A, "mu": MU}[k]] = v
        return self.derivative.xreplace(reps)

    def check_differential(self) -> bool:
        """The differential column equals derivative * dx (or the Table 2-2 analogue)."""
        if not self.derivative.has(DU, DV):
            return sp.simplify(self.differential - self.derivative * dX) == 0
        reps = {DU: dU, DV: dV}
        return sp.simplify(self.differential - self.derivative.xreplace(reps)) == 0
