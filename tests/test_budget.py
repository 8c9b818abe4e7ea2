"""The time budget: solvers that give up count as unfinished; calc's own bugs propagate."""
import threading
import time

import pytest
import sympy as sp

from calc import budget
from calc.errors import BudgetExceeded


def test_bug_in_calc_code_is_not_a_timeout():
    with pytest.raises(KeyError):
        budget.run(_calc_side_key_error, 1.0)


def _calc_side_key_error():
    from calc.catalogue import rule
    return rule("no-such-row")        # raises KeyError from inside calc/


def test_solver_giving_up_is_unfinished():
    def sympy_raises():
        return sp.Integer(1) < sp.I       # TypeError raised inside sympy
    ok, value = budget.run(sympy_raises, 2.0)
    assert (ok, value) == (False, None)


def _slow_sympy():
    return sp.factorint(sp.nextprime(10 ** 25) * sp.nextprime(10 ** 26))   # pure-Python sympy work: minutes


def test_deadline_interrupts_solver_and_nests():
    t0 = time.monotonic()
    ok, inner = budget.run(lambda: budget.run(_slow_sympy, 0.2), 5.0)
    assert ok is True and inner == (False, None) and time.monotonic() - t0 < 2
    ok, _ = budget.run(_slow_sympy, 0.2)
    assert ok is False


def test_alarm_defers_in_foreign_code():
    # a loop in this test file (not calc's, not a solver's) is not interrupted by the alarm;
    # it finishes, and the budget reports it finished
    ok, value = budget.run(lambda: _spin(0.3), 0.1)
    assert (ok, value) == (True, True)


def test_cooperative_check_in_thread():
    out = {}

    def worker():
        out["r"] = budget.run(lambda: _spin(5, cooperative=True), 0.2)
    t = threading.Thread(target=worker)
    t.start()
    t.join(3)
    assert out["r"] == (False, None)


def test_check_outside_budget_is_silent():
    budget.check()


def _spin(seconds, cooperative=False):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cooperative:
            budget.check()
        sum(range(1000))
    return True


def test_budget_exceeded_is_not_an_exception_subclass():
    # so that no `except Exception` in a solver can swallow it
    assert not issubclass(BudgetExceeded, Exception)


def test_settings_left_by_an_interrupted_finally_are_restored():
    """The alarm can strike inside a library's `finally` just before it restores mpmath's precision
    (sympy's nsimplify sets mp.dps = 15 and restores it there): a run that ends by the budget leaves
    mpmath's and arb's precision and sympy's evaluate flag as they were (a CI run once went on with
    mpmath at a few digits, and the fuzz oracle judged right answers wrong)."""
    import mpmath
    from flint import ctx
    from sympy.core.parameters import global_parameters as gp
    before = (mpmath.mp.prec, ctx.prec, gp.evaluate, gp.distribute)

    def interrupted():
        mpmath.mp.prec, ctx.prec, gp.evaluate, gp.distribute = 12, 20, False, False
        raise BudgetExceeded()

    assert budget.run(interrupted, 5) == (False, None)
    assert (mpmath.mp.prec, ctx.prec, gp.evaluate, gp.distribute) == before
