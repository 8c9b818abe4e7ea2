"""Old import path; see :mod:`calc.catalogue.base` (to be removed)."""
from ..catalogue.base import *  # noqa: F401,F403
from ..catalogue.base import A, C, DU, DV, MU, U, V, X, Y, Rule, dU, dV, dX  # noqa: F401
