"""The solving engine of one call: the context plus the exact and certified solvers."""
from __future__ import annotations

from .certify import Certify
from .context import Context
from .groebner import Polynomial
from .solve_1d import OneVariable
from .systems import Systems


class _Engine(Context, OneVariable, Systems, Polynomial, Certify):
    """Time budget, notes and the exact / certified solvers shared by both finders."""
