"""Every registry row against sympy.diff (symbolically) and a central finite difference."""
import random

import mpmath
import pytest
import sympy as sp

from calc.catalogue import ALL_RULES, EXTRA, REGISTRY, TABLE_2_1, TABLE_2_2
from calc.catalogue.base import A, MU, X


def test_counts_and_ids():
    assert [r.id for r in TABLE_2_1] == [f"2-1.{i}" for i in range(1, 17)]
    assert [r.id for r in TABLE_2_2] == [f"2-2.{i}" for i in range(1, 7)]
    assert {"extra.uv", "extra.abs", "extra.sign", "extra.max", "extra.min", "extra.piecewise"} <= set(REGISTRY)
    for r in ALL_RULES:
        assert r.name_en and r.name_zh


def _params(rule):
    return {A: sp.Rational(5, 2), MU: sp.Rational(7, 3)}


# a point inside each row's conditions
def _points(rule, rng):
    cond = rule.conditions.xreplace(_params(rule))
    pts = []
    while len(pts) < 5:
        p = sp.Rational(rng.randint(-2900, 2900), 1000)
        try:
            ok = bool(cond.xreplace({X: p}))
        except TypeError:
            ok = False
        if ok and (rule.id != "2-1.2" or p > 0):
            pts.append(p)
    return pts


ELEMENTARY = [r for r in TABLE_2_1[1:]] + [r for r in EXTRA if r.function.has(X) and r.function.free_symbols <= {X}]


@pytest.mark.parametrize("rule", ELEMENTARY, ids=lambda r: r.id)
def test_row_against_sympy_diff(rule):
    f = rule.function.xreplace(_params(rule))
    d = rule.derivative.xreplace(_params(rule))
    assert sp.simplify(sp.diff(f, X) - d) == 0 or all(
        abs(sp.N((sp.diff(f, X) - d).subs(X, p))) < 1e-20 for p in _points(rule, random.Random(0)))


@pytest.mark.parametrize("rule", ELEMENTARY, ids=lambda r: r.id)
def test_row_against_finite_difference(rule):
    rng = random.Random(hash(rule.id) & 0xFFFF)
    f = sp.lambdify(X, rule.function.xreplace(_params(rule)), "mpmath")
    d = sp.lambdify(X, rule.derivative.xreplace(_params(rule)), "mpmath")
    with mpmath.workdps(40):
        h = mpmath.mpf("1e-12")
        for p in _points(rule, rng):
            p = mpmath.mpf(p.p) / p.q
            fd = (f(p + h) - f(p - h)) / (2 * h)
            assert abs(fd - d(p)) < 1e-9 * (1 + abs(d(p))), (rule.id, p)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_differential_column(rule):
    assert rule.check_differential()


def test_combination_formulas():
    u, v = sp.Function("u")(X), sp.Function("v")(X)
    from calc.catalogue.base import DU, DV, U, V
    reps = {U: u, V: v, DU: u.diff(X), DV: v.diff(X)}
    for rid, f in [("2-2.1", u + v), ("2-2.3", u * v), ("2-2.4", u / v), ("extra.uv", u**v)]:
        assert sp.simplify(REGISTRY[rid].derivative.xreplace(reps) - sp.diff(f, X)) == 0
