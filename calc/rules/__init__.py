"""Old import path of the rule rows; everything lives in :mod:`calc.catalogue` (to be removed)."""
from ..catalogue import *  # noqa: F401,F403
from ..catalogue import BY_HEAD, supported_functions  # noqa: F401
