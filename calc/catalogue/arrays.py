"""numpy forward functions the catalogue's entries use (autograd's elementwise ops)."""
from __future__ import annotations

import numpy as np


def reciprocal_of(fn):
    """1/fn(x), in place when ``out`` is given (sec = 1/cos, csc = 1/sin, cot = 1/tan)."""
    def g(x, out=None):
        r = fn(x, out=out)
        with np.errstate(divide="ignore"):
            return np.true_divide(1.0, r, out=r) if isinstance(r, np.ndarray) else np.true_divide(1.0, r)
    return g


def arccot(x, out=None):
    """The textbook's arccot: π/2 − arctan x."""
    r = np.arctan(x, out=out)
    return np.subtract(np.pi / 2, r, out=r) if isinstance(r, np.ndarray) else np.pi / 2 - r


def sympy_acot(x, out=None):
    """sympy's acot: arctan(1/x) (π/2 at 0)."""
    with np.errstate(divide="ignore"):
        r = np.true_divide(1.0, x, out=out)
    return np.arctan(r, out=r) if isinstance(r, np.ndarray) else np.arctan(r)


def sigmoid(x, out=None):
    """1/(1 + e^−x) without overflow warnings for large |x|."""
    if out is None:
        with np.errstate(over="ignore"):
            return np.true_divide(1.0, 1.0 + np.exp(np.negative(x)))
    r = np.negative(x, out=out)
    with np.errstate(over="ignore"):
        np.exp(r, out=r)
    np.add(r, 1.0, out=r)
    return np.true_divide(1.0, r, out=r)
