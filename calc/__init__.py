"""calc — a symbolic calculus engine with an extremum finder.

Derivatives and differentials by the textbook's rule tables (each step citing
its rule), extrema of functions of one and several variables (exact where
mathematics allows, certified enclosures where it does not), and automatic
differentiation with torch.autograd's semantics on the same rules.

>>> import calc
>>> calc.derivative("x^2 sin x").display
'x² cos x + 2x sin x'

``import calc`` is light: the public names below are imported on first use
(module ``__getattr__``), so ``calc --version`` does not load sympy.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

__version__ = "0.1.0"

from .errors import BudgetExceeded, CalcError, DomainError, EmptyDomainError, ParseError, UnsupportedError

# public name -> the module of calc that defines it, imported when the name is first used
_LAZY = {
    "parse": "parsing", "takes_let": "let",
    **dict.fromkeys(["derivative", "diff", "gradient", "hessian", "jacobian", "DerivativeResult",
                     "NonDifferentiablePoint"], "derivative"),
    **dict.fromkeys(["differential", "DifferentialResult"], "differential"),
    **dict.fromkeys(["REGISTRY", "TABLE_2_1", "TABLE_2_2", "EXTRA"], "catalogue"),
    **dict.fromkeys(["extrema", "ExtremaResult"], "extrema"),
    "batch": "batch",
}

__all__ = ["__version__", "CalcError", "ParseError", "UnsupportedError", "DomainError", "EmptyDomainError",
           "BudgetExceeded", "parse", "derivative", "diff", "gradient", "hessian", "jacobian",
           "differential", "DerivativeResult", "DifferentialResult", "NonDifferentiablePoint",
           "REGISTRY", "TABLE_2_1", "TABLE_2_2", "EXTRA", "extrema", "ExtremaResult", "critical_points",
           "batch"]


def __getattr__(name: str):
    """The public names on first use; other names of calc's submodules (``calc.stages``) import them."""
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(_submodule(module), name)
        globals()[name] = value
        return value
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return _submodule(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _submodule(name: str) -> types.ModuleType:
    __import__(f"{__name__}.{name}")   # the import statement's machinery: shown by python -X importtime
    return sys.modules[f"{__name__}.{name}"]


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """``calc.derivative``, ``calc.differential``, ``calc.extrema`` and ``calc.batch`` are functions
    though modules of the same names exist: importing such a module (which sets the package's
    attribute to the module) must not hide the function."""

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            return   # the module stays reachable as sys.modules["calc.<name>"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def critical_points(f, vars=None, timeout: float = 10.0, *, let: dict | None = None):
    """Critical points and their classification (one variable: over the natural domain);
    ``let`` gives parameters values, as for every API function (:func:`calc.let.takes_let`)."""
    from .extrema import extrema
    from .parsing import free_symbols, parse
    expr = parse(f, let=let)
    syms = free_symbols(expr)
    if len(syms) <= 1 and vars in (None, "x") or (vars and len(str(vars).split(",")) == 1):
        return extrema(expr, x=(vars if vars else None), on="R", timeout=timeout)
    from .multivariate import critical_points as _cp
    return _cp(expr, vars=vars, timeout=timeout)
