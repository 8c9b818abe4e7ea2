"""sympy's own calculus/tests/test_util.py cases that calc once refused (benchmarks/sympy_util):
the empty interval, and f constant in its variable with parameters.  Oracles: sympy's
``maximum`` / ``minimum`` / ``function_range`` / ``stationary_points`` / ``continuous_domain``
where they answer."""
import io
import json
import sys

import pytest
import sympy as sp
from sympy.abc import a, x, y
from sympy.calculus import util as sympy_util

import calc
from calc.cli import main


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    finally:
        sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def plain(e):
    """e with calc's real symbols replaced by sympy's plain symbols of the same names."""
    return e.xreplace({s: sp.Symbol(s.name) for s in e.free_symbols})


def same(calc_value, sympy_value) -> bool:
    return sp.simplify(plain(calc_value) - sympy_value) == 0


# ---------------------------------------------------------------- the empty interval
@pytest.mark.parametrize("f", [sp.sin(x), sp.log(sp.cos(x)), 1 / (x ** 2 + y ** 2 + 1), y])
def test_empty_interval_is_one_clear_error(f):
    assert sympy_util.function_range(sp.cos(x), x, sp.S.EmptySet) == sp.S.EmptySet   # sympy: no values
    with pytest.raises(ValueError):
        sympy_util.maximum(sp.sin(x), x, sp.S.EmptySet)
    # (an empty interval wins over the parameter y: there are no values, whatever y is)
    with pytest.raises(calc.EmptyDomainError, match="the interval is empty") as e:
        calc.extrema(f, x=x, on=sp.S.EmptySet)
    assert isinstance(e.value, calc.DomainError) and e.value.kind == "domain"


@pytest.mark.parametrize("on", ["∅", "{}", "[1, 0]", "(0, 0)"])
def test_empty_interval_in_words(on):
    with pytest.raises(calc.EmptyDomainError):
        calc.extrema("sin x", on=on)


def test_empty_interval_on_the_command_line():
    code, out, err = cli("extrema", "sin x", "--on", "{}")
    assert code == 2 and not out and err.count("\n") == 1 and "the interval is empty" in err
    code, out, err = cli("extrema", "sin x", "--on", "∅", "--format", "json")
    assert code == 2 and not err
    e = json.loads(out)["error"]
    assert e["kind"] == "domain" and "the interval is empty" in e["message"]


def test_defined_nowhere_is_the_same_error():
    # ln u needs u > 0 and −1 − x² < 0 everywhere (sympy: the domain on [0, 1] is empty)
    assert sympy_util.continuous_domain(sp.log(-1 - x ** 2), x, sp.Interval(0, 1)) == sp.S.EmptySet
    with pytest.raises(calc.EmptyDomainError, match="not defined anywhere"):
        calc.extrema("ln(-1 - x^2)", on="[0, 1]")


# ---------------------------------------------------------------- f constant in x, with parameters
@pytest.mark.parametrize("f, on", [
    (y, sp.S.Reals),
    (x * (x - 1) - (x ** 2 - x) + y, sp.S.Reals),
    (sp.sin(x) ** 2 + sp.cos(x) ** 2 + a, sp.Interval(0, 3)),
    ((x + y) ** 2 - x ** 2 - 2 * x * y, sp.Interval(-2, 5)),
])
def test_constant_in_x_has_its_symbolic_value(f, on):
    r = calc.extrema(f, x=x, on=on)
    assert r.status == "ok"
    for ext, oracle in ((r.maximum, sympy_util.maximum), (r.minimum, sympy_util.minimum)):
        assert ext.decided and ext.attained
        assert same(ext.value.exact, oracle(f, x, on))
        assert ext.value.float is None and ext.value.lo is None and ext.value.certified
    R = sympy_util.function_range(f, x, on)     # one value: {y}
    assert isinstance(R, sp.FiniteSet) and len(R) == 1 and same(r.maximum.value.exact, next(iter(R)))
    # every point is stationary: sympy's stationary points are the whole interval
    assert sp.Union(*r.stationary_intervals) == sympy_util.stationary_points(f, x, on) == on
    assert any("does not depend on x" in n and "every point is stationary" in n for n in r.notes)
    d = json.loads(r.to_json())
    assert same(sp.sympify(d["maximum"]["value"]["exact"]), sympy_util.maximum(f, x, on))
    assert d["maximum"]["value"]["float"] is None
    for text in (r.text(), r.markdown(), r.latex()):
        assert "global maximum" in text


def test_constant_in_x_keeps_the_domain_of_the_formula_as_written():
    # x·y/x is y where x ≠ 0: sympy's continuous domain of 1/x on [−1, 1] is where f is constant
    r = calc.extrema("x y/x", x="x", on="[-1, 1]")
    D = sympy_util.continuous_domain(1 / x, x, sp.Interval(-1, 1))
    assert r.domain == D and sp.Union(*r.stationary_intervals) == D
    assert same(r.maximum.value.exact, y) and same(r.minimum.value.exact, y)
    assert sp.Union(*[sp.Interval(p.exact, q.exact, lo, hi) for (p, q), (lo, hi)
                      in zip(r.maximum.intervals, r.maximum.open_ends)]) == D


def test_a_parameter_only_condition_is_said():
    r = calc.extrema("sqrt(a) + 1", x="x", on="[0, 1]")
    assert same(r.maximum.value.exact, sp.sqrt(a) + 1)
    assert any("a ≥ 0" in n for n in r.notes)


@pytest.mark.parametrize("f, on, why", [
    ("a x^2", "[0, 1]", "has the parameter a"),                  # f depends on x
    ("abs(x)/x + y", "[-1, 1]", "not proven to take one value"),  # −1 + y and 1 + y on the two sides
    ("acot(x) + atan(x) + y", "R", "has the parameter y"),        # sympy's acot jumps at 0: f′ = 0, f not constant
    ("ln(x y) - ln(x y) + y", "R", "where it is defined in x depends on y"),
])
def test_parameters_still_refused(f, on, why):
    g = calc.parse(f)
    X = next(s for s in g.free_symbols if s.name == "x") if any(s.name == "x" for s in g.free_symbols) else None
    if f.startswith("abs"):
        assert sp.simplify(g.subs(X, 1) - g.subs(X, -1)) == 2      # the two values differ
    if f.startswith("acot"):
        assert sp.limit(plain(g), x, 0, "+") - sp.limit(plain(g), x, 0, "-") == sp.pi   # a jump of π
    with pytest.raises(calc.CalcError, match=why) as e:
        calc.extrema(f, x="x", on=on)
    assert e.value.kind == "parameter"


def test_parameters_refused_on_the_command_line():
    code, _, err = cli("extrema", "a x^2", "--var", "x", "--on", "[0, 1]")
    assert code == 2 and "--let a=" in err


def test_without_a_variable_the_only_symbol_is_the_variable():
    r = calc.extrema("y", on="[0, 1]")
    assert r.variable.name == "y" and r.maximum.value.exact == 1 and r.minimum.value.exact == 0


def test_parameters_have_no_graph():
    from calc.render.plot import PlotUnavailable
    pytest.importorskip("matplotlib")
    with pytest.raises(PlotUnavailable, match="parameter y"):
        calc.extrema(y, x=x, on="[0, 1]").plot()


# ---------------------------------------------------------------- f′ = 0 on an interval is said
def test_constant_f_has_every_point_stationary():
    assert sympy_util.stationary_points(sp.Integer(5), x, sp.Interval(0, 1)) == sp.Interval(0, 1)
    code, out, _ = cli("extrema", "5", "--on", "[0, 1]")
    assert code == 0 and "stationary points (f′ = 0): every x in [0, 1]" in out
    d = json.loads(cli("extrema", "5", "--on", "[0, 1]", "--format", "json")[1])
    assert d["stationary_intervals"] == ["[0, 1]"] and d["stationary_points"] == []


def test_stationary_intervals_stop_at_jumps():
    # floor x on [0, 2]: 0 on [0, 1), 1 on [1, 2), 2 at 2 — f′ = 0 on [0, 1) and (1, 2) (at 1 and 2 f jumps)
    r = calc.extrema("floor(x)", on="[0, 2]")
    assert list(r.stationary_intervals) == [sp.Interval.Ropen(0, 1), sp.Interval.open(1, 2)]
    assert "every x in [0, 1), every x in (1, 2)" in r.text()


def test_stationary_intervals_of_a_periodic_function_stay_open_at_the_period_ends():
    # sign(sin x) on ℝ, solved on [0, 2π]: 0 and 2π are jumps of f, not ends of its domain
    r = calc.extrema("sign(sin x)", on="R")
    assert all(P.left_open and P.right_open for P in r.stationary_intervals)
    assert sp.Union(*r.stationary_intervals) == sp.Interval.open(0, 2 * sp.pi) - sp.FiniteSet(sp.pi)
