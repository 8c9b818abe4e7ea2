"""The two record types of the catalogue and the template symbols.

A :class:`Rule` is one row of a rule table (Table 2-1, Table 2-2 or the extra
table): the derivative and differential formulas with their table id.  An
:class:`Entry` is one function calc knows: everything about it in one place
(its input spellings, display and LaTeX names, its sympy head, the row that
differentiates it, where it is defined, where it may have kinks or jumps, its
period, its ball (arb) evaluator and its numpy forward for autograd).
"""
from __future__ import annotations

from dataclasses import dataclass
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
    ``conditions`` is where the formula holds (a sympy Boolean).  What a
    function is (its head, kinks, jumps, domain) is its :class:`Entry`'s.
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
    wording: str = ""
    differential_wording: str = ""   # the differential column in words: "d(uv) = v du + u dv"
    function_latex: str = ""
    derivative_latex: str = ""
    differential_latex: str = ""
    conditions_zh: str = ""          # the conditions text in Chinese ("" when it has no words to translate)
    function_latex_zh: str = ""      # function_latex with its words in Chinese

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


def _no_conditions(*args):
    return []


def _native(*args):
    return None


@dataclass(frozen=True, eq=False)
class Entry:
    """Everything calc knows about one function.

    ``domain(u)`` lists relations in u that hold exactly where the function is
    defined (``[]``: all of ℝ); ``kinks(u, ...)`` lists expressions whose zeros
    may be points where it is defined but not differentiable; ``jumps(u)``
    expressions whose zeros may be jumps (``integer_jumps``: a jump wherever u
    is an integer).  ``arb`` encloses the function on a ball (NaN where it is
    undefined somewhere in the ball); ``np_forward(x, out=None)`` computes it on
    numpy arrays.  ``sympy_native(u)`` writes the function with sympy's own heads
    (for sympy's solvers and limits); ``None`` when the head is sympy's own.
    ``build(*args)`` makes the sympy expression from parsed arguments, which
    ``arity`` bounds.  ``inverse`` names the entry of the inverse function, so that
    ``sin^-1 x`` is read as arcsin x (the textbook's and Wolfram|Alpha's reading).
    """

    key: str
    rule: Optional[Rule]
    head: Optional[type] = None
    spellings: tuple = ()
    display: str = ""
    latex: str = ""
    build: Optional[Callable] = None
    arity: tuple = (1, 1)
    domain: Callable = _no_conditions
    kinks: Callable = _no_conditions
    jumps: Callable = _no_conditions
    integer_jumps: bool = False
    period: Optional[sp.Expr] = None
    arb: Optional[Callable] = None
    np_forward: Optional[Callable] = None
    autograd_name: Optional[str] = None
    torch_node: Optional[str] = None
    native: Callable = _native
    params: tuple = ()   # fixed values of the row's parameters: (("mu", 1/2),) for sqrt
    latex_template: str = ""   # the textbook's LaTeX with \cdot for the argument (e^{\cdot}, \lfloor \cdot \rfloor)
    factor_rank: int = 99      # order of function factors in a printed product: sec x tan x, csc x cot x
    # (lo, hi): every value lies in [lo, hi] whatever the (real) argument — the ball compiler uses it
    # where the argument cannot be enclosed (sin(1/x) near 0 lies in [−1, 1])
    bounds: Optional[tuple] = None
    inverse: str = ""          # key of the inverse function's entry: sin^-1 x, sin⁻¹ x read as arcsin x
    # L with L(f(u)) = u wherever f is defined: f is one-to-one, and f(u) = c has the one solution
    # u = L(c) when f(L(c)) = c, none otherwise (the zeros of ln u − 1 are those of u − e)
    left_inverse: Optional[Callable] = None
    # (L, lo, hi): L(f(u)) = u for every u in [lo, hi] — f one-to-one there, L the principal branch of
    # its inverse (tan(u) = c with u within (−π/2, π/2) only where u = arctan c)
    branch: Optional[tuple] = None

    @property
    def rule_id(self) -> Optional[str]:
        return self.rule.id if self.rule is not None else None

    @property
    def name_en(self) -> str:
        return self.rule.name_en if self.rule is not None else self.key

    @property
    def name_zh(self) -> str:
        return self.rule.name_zh if self.rule is not None else self.key

    def derivative_at(self, u: sp.Expr) -> Optional[sp.Expr]:
        """The row's derivative f′ with x replaced by ``u`` (None: no row of its own)."""
        if self.rule is None:
            return None
        # Table 2-1 rows are written in x; the extra rows of u-functions (|u|) as f′(u)·u′
        return self.rule.derivative_at(u, **dict(self.params)).xreplace({U: u, DU: 1})

    @property
    def direction(self) -> int:
        """+1 / −1 for a one-to-one function (``left_inverse``: monotone where defined) increasing /
        decreasing — read from the sign of its derivative row at 1/2; 0 otherwise."""
        if self.left_inverse is None:
            return 0
        d = self.derivative_at(sp.Rational(1, 2))
        return 0 if d is None else 1 if d.is_positive else -1 if d.is_negative else 0

    def sympy_native(self, u: sp.Expr) -> sp.Expr:
        """f(u) written with sympy's own functions (the identity for sympy heads)."""
        n = self.native(u)
        return (self.build or self.head)(u) if n is None else n
