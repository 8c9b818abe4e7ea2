"""calc — a symbolic calculus engine with an extremum finder.

Derivatives and differentials by the textbook's rule tables (each step citing
its rule), extrema of functions of one and several variables (exact where
mathematics allows, certified enclosures where it does not), and automatic
differentiation with torch.autograd's semantics on the same rules.

>>> import calc
>>> calc.derivative("x^2 sin x").display
'x² cos x + 2x sin x'
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import BudgetExceeded, CalcError, DomainError, ParseError, UnsupportedError
from .parsing import parse, takes_let
from .derivative import (DerivativeResult, NonDifferentiablePoint, derivative, diff, gradient,
                         hessian, jacobian)
from .differential import DifferentialResult, differential
from .catalogue import REGISTRY, TABLE_2_1, TABLE_2_2, EXTRA

__all__ = ["__version__", "CalcError", "ParseError", "UnsupportedError", "DomainError",
           "BudgetExceeded", "parse", "derivative", "diff", "gradient", "hessian", "jacobian",
           "differential", "DerivativeResult", "DifferentialResult", "NonDifferentiablePoint",
           "REGISTRY", "TABLE_2_1", "TABLE_2_2", "EXTRA"]
from .extrema import ExtremaResult, extrema


@takes_let
def critical_points(f, vars=None, timeout: float = 10.0):
    """Critical points and their classification (one variable: over the natural domain)."""
    expr = parse(f)
    from .parsing import free_symbols
    syms = free_symbols(expr)
    if len(syms) <= 1 and vars in (None, "x") or (vars and len(str(vars).split(",")) == 1):
        return extrema(expr, x=(vars if vars else None), on="R", timeout=timeout)
    from .multivariate import critical_points as _cp
    return _cp(expr, vars=vars, timeout=timeout)


__all__ += ["extrema", "ExtremaResult", "critical_points"]
