"""The textbook section's items, one test each (MISSION §1-§5): the differential, Table 2-2's
rules with concrete functions, the extremum examples and the autograd examples.  Table 2-1's
rows are checked entry by entry in test_catalogue.py (ids 2-1.N).  Known gaps are xfail with
the issue that will close them."""
import mpmath
import pytest
import sympy as sp

import calc
import calc.autograd as torch

x = sp.Symbol("x", real=True)


def test_section_1_differential_linear_principal_part():
    r = calc.differential("x^3", at=2, dx="0.01")
    assert (r.increment, r.differential_value, r.remainder) == (
        sp.Rational(120601, 1000000), sp.Rational(3, 25), sp.Rational(601, 1000000))
    ratios = [abs(row[4]) for row in r.table]            # (Δy − dy)/Δx for Δx, Δx/10, ...
    assert all(b < a for a, b in zip(ratios, ratios[1:])) and ratios[-1] < 1e-5


@pytest.mark.parametrize("rule, text", [
    ("2-2.1", "sin x + x^2"), ("2-2.2", "3 ln x"), ("2-2.3", "x sin x"), ("2-2.4", "sin x / x"),
    ("2-2.5", "sin(x^2)")])
def test_table_2_2_rule_on_concrete_functions(rule, text):
    r = calc.derivative(text)
    assert rule in {rid for s in r.steps[0].walk() for rid in s.rules}
    assert sp.simplify(r.expr - sp.diff(calc.parse(text), x)) == 0     # sympy.diff as the oracle


def test_table_2_2_6_inverse_function():
    # y = arcsin x, x = sin y: dy/dx = 1/cos y = 1/√(1 − x²)
    assert sp.simplify(calc.diff("arcsin x") - 1 / sp.cos(sp.asin(x))) == 0


def test_section_4_closed_interval_compares_all_candidates():
    r = calc.extrema("x^3 - 3x", on="[-2, 3]")
    assert (r.maximum.value.exact, [p.exact for p in r.maximum.points]) == (18, [3])
    assert (r.minimum.value.exact, [p.exact for p in r.minimum.points]) == (-2, [-2, 1])


def test_section_4_nondifferentiable_point_is_a_candidate():
    r = calc.extrema("|x - 1| + |x + 1|", on="[-3, 2]")
    assert r.minimum.value.exact == 2 and r.minimum.intervals      # every x in [-1, 1]


def test_section_4_no_closed_form_certified():
    # f′ = 0 is e^x = 6x: no closed form; each stationary point is a certified enclosure
    r = calc.extrema("e^x - 3x^2", on="[-1, 4]")
    assert len(r.stationary_points) == 2 and all(p.exact is None and p.certified for p in r.stationary_points)
    with mpmath.workdps(30):
        roots = [mpmath.findroot(lambda t: mpmath.exp(t) - 6 * t, g) for g in (0.2, 2.8)]
    for p, root in zip(sorted(r.stationary_points, key=lambda p: p.approx), roots):
        assert p.lo <= root <= p.hi


def test_section_4_theorem_does_not_apply_pole_and_open_end():
    r = calc.extrema("1/x", on="[-1, 1]")
    assert not r.maximum.attained and r.maximum.value.exact == sp.oo
    r = calc.extrema("x", on="(0, 1)")
    assert not r.minimum.attained and r.minimum.value.exact == 0


def test_section_5_autograd_examples():
    w = torch.tensor([1.], requires_grad=True)
    xx = torch.tensor([2.], requires_grad=True)
    a, b = torch.add(w, xx), torch.add(w, 1)
    y = torch.mul(a, b)
    assert (a.requires_grad, b.requires_grad, y.requires_grad) == (True, True, True)
    y.backward(retain_graph=True)
    assert w.grad.tolist() == [5.0]
    for expected in (10.0, 15.0):                     # gradients accumulate
        y.backward(retain_graph=True)
        assert w.grad.tolist() == [expected]
    w.grad.zero_()
    loss = torch.cat([torch.mul(a, b), torch.add(a, b)])
    loss.backward(gradient=torch.tensor([1., 2.]))
    assert w.grad.tolist() == [9.0]
    t = torch.tensor([3.], requires_grad=True)
    (g,) = torch.autograd.grad(t ** 2, t, create_graph=True)
    assert g.tolist() == [6.0]
    assert torch.autograd.grad(g, t)[0].tolist() == [2.0]
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        w.add_(1)


# ---- known gaps (issue 10)
@pytest.mark.parametrize("text, top, at", [
    ("sin x", 1, [sp.pi / 2]), ("sin x cos x", sp.Rational(1, 2), [sp.pi / 4, 5 * sp.pi / 4]),
    ("cos x - sin x", sp.sqrt(2), [7 * sp.pi / 4])])
def test_periodic_functions_on_the_real_line(text, top, at):
    """Solved on one period; every attaining point as a family p + kT (sympy's answers for the values)."""
    r = calc.extrema(text, on="R", timeout=5)
    assert r.maximum.decided and r.maximum.value.exact == top
    assert [f.base.exact for f in r.maximum.families] == at and all(f.period == 2 * sp.pi for f in r.maximum.families)
    d = r.to_dict()["maximum"]["families"][0]
    assert d["k"] == "integers" and sp.sympify(d["x"]).subs(sp.Symbol("k"), 0) == at[0]


def test_limits_decide_alone():
    r = calc.extrema("sin x + x", on="R", timeout=5)
    assert r.maximum.decided and r.maximum.value.exact == sp.oo and not r.maximum.attained
    assert r.minimum.decided and r.minimum.value.exact == -sp.oo and not r.minimum.attained


@pytest.mark.parametrize("on", ["[-6, -3] ∪ [0, 5]", "[-6, -3] U [0, 5]",
                                sp.Union(sp.Interval(-6, -3), sp.Interval(0, 5))])
def test_union_of_intervals(on):
    r = calc.extrema("x^2 - 2x", on=on, timeout=5)
    assert (r.maximum.value.exact, [p.exact for p in r.maximum.points]) == (48, [-6])
    assert (r.minimum.value.exact, [p.exact for p in r.minimum.points]) == (-1, [1])   # the gap holds no candidate
    r = calc.extrema("x", on="[-2, -1] U (0, 1)", timeout=5)
    assert r.maximum.attained is False and r.maximum.value.exact == 1


# ---- known gaps (issue 10)
def test_oscillation_at_an_end():
    """Issue 10 item 3 (more in tests/test_oscillation.py)."""
    r = calc.extrema("sin(1/x)", on="(0, 1]", timeout=3)
    assert r.maximum.decided and r.maximum.value.exact == 1


def test_exponential_tail():
    """f′ = e^x never vanishes (sympy's sign rules), so no tail is left to bound with balls (which cannot
    prove e^x > 0 near x = -20·2^64 in midpoint-radius form)."""
    r = calc.extrema("exp(x)", on="(-oo, 0]", timeout=3)
    assert r.maximum.decided and r.maximum.value.exact == 1
    assert r.minimum.decided and r.minimum.attained is False and r.minimum.value.exact == 0


def test_printed_digits_are_certified_digits():
    """Issue 10: with --digits 5, every digit printed is certified by the enclosure."""
    r = calc.extrema("e^x - 3x^2", on="[-1, 4]", digits=5)
    p = r.minimum.points[0]
    shown = p.text().split(" ")[0]
    assert f"{p.lo:.{len(shown.replace('.', '').lstrip('-0'))}g}" == shown == f"{p.hi:.{len(shown.replace('.', '').lstrip('-0'))}g}"
    with mpmath.workdps(30):
        true = mpmath.findroot(lambda t: mpmath.exp(t) - 6 * t, 2.8)
    assert mpmath.nstr(true, len(shown.replace('.', '').lstrip('-0'))) == shown
