import os
import random

import mpmath
import pytest
import sympy as sp
from hypothesis import settings

# The property tests draw the same examples on every run (a CI run is reproducible); set
# CALC_HYPOTHESIS_RANDOM=1 to explore new ones (benchmarks/fuzz.py explores at scale).
settings.register_profile("calc", derandomize=not os.environ.get("CALC_HYPOTHESIS_RANDOM"))
settings.load_profile("calc")

from calc.parsing import symbol


@pytest.fixture(autouse=True)
def _process_settings_unchanged():
    """No test leaves mpmath's or arb's precision or sympy's evaluate flag changed: the oracles of the
    tests after it would compute at the wrong precision (calc's budget restores them, see budget.run)."""
    from flint import ctx
    from sympy.core.parameters import global_parameters as gp
    before = (mpmath.mp.prec, ctx.prec, gp.evaluate, gp.distribute)
    yield
    after = (mpmath.mp.prec, ctx.prec, gp.evaluate, gp.distribute)
    mpmath.mp.prec, ctx.prec, gp.evaluate, gp.distribute = before
    assert after == before, f"process-wide settings changed by the test: {before} -> {after}"

X = symbol("x")


def numeric_equal(a, b, x=X, points=None, tol=1e-9, dps=30):
    """a == b at random points (mpmath, 30 digits), skipping points where either is undefined."""
    rng = random.Random(1234)
    points = points or [rng.uniform(-3, 3) for _ in range(12)]
    fa = sp.lambdify(x, a, modules="mpmath")
    fb = sp.lambdify(x, b, modules="mpmath")
    compared = 0
    with mpmath.workdps(dps):
        for p in points:
            try:
                va, vb = fa(mpmath.mpf(p)), fb(mpmath.mpf(p))
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                continue
            if not (mpmath.isfinite(va) and mpmath.isfinite(vb)):
                continue
            if abs(mpmath.im(va)) > 1e-20 or abs(mpmath.im(vb)) > 1e-20:
                continue
            compared += 1
            if abs(va - vb) > tol * (1 + abs(vb)):
                return False, (p, va, vb)
    return True, compared


@pytest.fixture
def x():
    return X
