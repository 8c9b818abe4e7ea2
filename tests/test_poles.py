"""Singular points: infinite limits signed from the factors of f (stages/poles.py signed_pole) and
regions next to a removable hole (0/0) bounded by Cauchy's mean value theorem (hole_bound).
Oracles: mpmath at 30 digits (values, stationary points by findroot on mp.diff), limits derived by
hand in the comments."""
import mpmath as mp
import pytest
import sympy as sp

import calc
from calc.parsing import parse_written
from calc.stages.context import Run
from calc.stages.limit_laws import signed_pole

mp.mp.dps = 30


def stationary_value(f, guess):
    c = mp.findroot(lambda t: mp.diff(f, t), guess)
    return mp.re(f(c))


def close(num, v, tol=1e-9):
    return abs(num.approx - float(v)) <= tol * (1 + abs(float(v)))


def test_sign_of_an_infinity_from_its_factors():
    # arcsin(arcsin x − 2/3) → arcsin(−2/3) < 0 and 1 + ln(arcsin x) → −∞ as x → 0+: f → +∞
    # (sympy's limit is ∞ times a complex sign)
    r = calc.extrema("arcsin(arcsin(x) + (-2/3)) * (1 + ln(arcsin(x)))", on="(-5, 1/2)", timeout=30)
    assert r.maximum.decided and r.maximum.value.exact == sp.oo and not r.maximum.attained
    f = lambda t: mp.asin(mp.asin(t) - mp.mpf(2) / 3) * (1 + mp.log(mp.asin(t)))  # noqa: E731
    assert f(mp.mpf("1e-40")) > 50          # (the oracle's side of the pole)
    assert r.minimum.decided and close(r.minimum.value, stationary_value(f, 0.48))


@pytest.mark.parametrize("text, p, side, expected", [
    ("arcsin(arcsin(x) - 2/3) * (1 + ln(sin(x)))", 0, "+", sp.oo),
    ("(2 - cos(x)) * cot(x)^3", 0, "-", -sp.oo),      # 1·(−∞)³
    ("exp(x) * (3 + ln(x))^3", 0, "+", -sp.oo),       # (ln x → −∞)³
    ("(x^x + tan(x)^2)^((exp(x) - 1000)^(-1/2))", sp.pi * 5 / 2, "-", sp.oo),   # (+∞)^(positive)
    ("ln(x) - ln(sin(x))", 0, "+", None),             # ∞ − ∞ (the limit is 0): not claimed
    ("sin(x) * ln(x)", 0, "+", None),                 # 0 · ∞ (the limit is 0): not claimed
    ("arcsin(x - 1/2) * ln(x) - 1/x", 0, "+", None),  # +∞ − ∞ (the limit is −∞): not claimed
])
def test_signed_pole_by_the_limit_laws(text, p, side, expected):
    f, _ = parse_written(text)
    x = next(iter(f.free_symbols))
    run = Run(f, x, sp.Interval(-10, 10), 15, 60.0)
    assert signed_pole(run, p, side, sp.Rational(1, 2)) == expected


def test_pole_of_a_power_with_a_variable_exponent():
    # the base x^x + tan²x → +∞ at 5π/2 and the exponent (e^x − 1000)^(−1/2) → (e^(5π/2) − 1000)^(−1/2) > 0
    r = calc.extrema("(x^x + tan(x)^2)^((exp(x) - 1000)^(-1/2))", on="(7, 8)", timeout=30)
    lims = {w: v.exact for w, v, _ in r.limits}
    assert lims["x → 5π/2-"] == sp.oo and lims["x → 5π/2+"] == sp.oo
    assert r.maximum.decided and r.maximum.value.exact == sp.oo
    f = lambda t: (t ** t + mp.tan(t) ** 2) ** ((mp.exp(t) - 1000) ** mp.mpf(-0.5))  # noqa: E731
    # decreasing on (5π/2, 8): the infimum is f(8), not attained (sampled: f > f(8) before 8)
    assert all(f(8 - mp.mpf(k) / 100) > f(8) for k in range(1, 15))
    assert r.minimum.decided and not r.minimum.attained and close(r.minimum.value, f(8))


def test_removable_hole_bounded_by_cauchy():
    # (2x − arcsin x)/sin x → 1 at 0: f ≈ 1 + x there, strictly inside (min, max)
    r = calc.extrema("x + (((x + x) - arcsin(x)) * csc(x))", on="[-1, 1]", timeout=3)
    f = lambda t: t + (2 * t - mp.asin(t)) * mp.csc(t)  # noqa: E731
    assert r.status == "ok"
    assert r.maximum.decided and close(r.maximum.value, stationary_value(f, 0.89))
    assert r.minimum.decided and close(r.minimum.value, f(-1))


@pytest.mark.parametrize("text, inf, sup", [
    # (e^x − 1 − x)/sin²x: limit 1/2 at 0 (x²/2 over x²), increasing to f(1)
    ("(exp(x) - 1 - x)*csc(x)^2", mp.mpf(1) / 2, (mp.e - 2) / mp.sin(1) ** 2),
    # x²/sin³x − 1/x = (x³ − sin³x)/(x sin³x) ≈ x/2 → 0 at 0, increasing to f(1)
    ("x^2*csc(x)^3 - 1/x", mp.mpf(0), 1 / mp.sin(1) ** 3 - 1),
])
def test_monotone_next_to_a_removable_hole(text, inf, sup):
    r = calc.extrema(text, on="(0, 1)", timeout=30)
    assert r.maximum.decided and not r.maximum.attained and close(r.maximum.value, sup)
    assert r.minimum.decided and not r.minimum.attained and close(r.minimum.value, inf, 1e-12)


@pytest.mark.parametrize("text, expected", [
    ("ln(sqrt(tan(x)))", {1}),                 # defined left of π/2 only: ln √w → +∞ as w = tan x → +∞
    ("arctan(tan(x))*tan(x)", {1}),           # (π/2)(+∞) on the left, (−π/2)(−∞) on the right
    ("x*tan(x)^3 + cos(x)", {1, -1}),          # (π/2)(±∞)³
    ("sqrt(tan(x)) - tan(x)", set()),          # ∞ − ∞: not claimed
])
def test_one_sided_poles_in_a_box(text, expected):
    from calc.stages.limit_laws import box_poles
    f, _ = parse_written(text)
    x = next(iter(f.free_symbols))
    run = Run(f, x, sp.Interval(0, 3), 15, 60.0)
    e = sp.Rational(1, 10 ** 9)
    assert set(box_poles(run, [(sp.pi / 2 - e, sp.pi / 2 + e)])) == expected


def test_a_log_of_a_zero_in_a_domain_box():
    # x^x − 2 → 0+ as x → r+ (r^r = 2, no closed form): ln √(x^x − 2) → −∞, times cos r > 0
    from calc.stages.limit_laws import box_poles
    r = mp.findroot(lambda t: t ** t - 2, 1.55)
    assert mp.cos(r) > 0
    f, _ = parse_written("ln(sqrt(x^x - 2))*cos(x)")
    x = next(iter(f.free_symbols))
    run = Run(f, x, sp.Interval(1, 3), 15, 60.0)
    box = (sp.Rational(int(r * 10 ** 9), 10 ** 9), sp.Rational(int(r * 10 ** 9) + 1, 10 ** 9))
    assert set(box_poles(run, [box])) == {-1}
    res = calc.extrema("ln(x^x - 2)", on="[1, 3]", timeout=30)
    assert res.minimum.decided and res.minimum.value.exact == -sp.oo and not res.minimum.attained


@pytest.mark.parametrize("text, on, expected", [
    # tan(ln x) → +∞ as x → e^(π/2)−, → 0+ as x → 1+: ln √tan(ln x) → +∞ and −∞ (the domain has
    # infinitely many pieces on (0, ∞))
    ("ln(sqrt(tan(ln(x))))", sp.Interval.open(-5, sp.oo), {sp.oo, -sp.oo}),
    ("sqrt(tan(x)) - tan(x)", sp.Interval.open(0, 3), set()),     # ∞ − ∞ at π/2, 0 at π: nothing
])
def test_poles_searched_on_the_interval(text, on, expected):
    from calc.stages.limit_laws import search_poles
    f, _ = parse_written(text)
    x = next(iter(f.free_symbols))
    run = Run(f, x, on, 15, 60.0)
    found = search_poles(run, {1, -1})
    assert {L for _, _, L, _, _ in found} == expected
    g = lambda t: mp.log(mp.sqrt(mp.tan(mp.log(t))))  # noqa: E731
    if expected:        # the oracle's side of each: f large next to e^(π/2), very negative next to 1
        assert g(mp.exp(mp.pi / 2) - mp.mpf("1e-20")) > 20 and g(1 + mp.mpf("1e-20")) < -20


def test_a_limit_at_infinity_by_the_laws_where_sympys_fails():
    """sec((1 + arccot x)/arccos(e^(−2))) as x → ∞: sympy 1.14 answers ⟨−∞, ∞⟩; by the laws arccot x → 0
    and sec is continuous at 1/arccos(e^(−2)), so the limit is sec(1/arccos(e^(−2))) ≈ 1.304.  On (0, ∞)
    sec's argument passes π/2 where arccot x = π/2·arccos(e^(−2)) − 1 (no closed form): a pole, so f is
    unbounded both ways (the pole's box: 1/f = cos(…) written with e^(−2) kept, not −sinh 2 + cos 2i).
    mpmath: f far out, and f next to the pole x₀ = cot(π/2·arccos(e^(−2)) − 1)."""
    from calc.stages.limit_laws import limit_by_laws
    text = "sec(((x / x) + arccot(x)) / arccos(exp((-2))))"
    f = parse_written(text)[0]
    x = next(iter(f.free_symbols))
    L = limit_by_laws(Run(f, x, sp.Interval.open(0, sp.oo), 15, 5), sp.oo, "-")
    c = mp.acos(mp.exp(-2))
    g = lambda t: mp.sec((1 + mp.acot(t)) / c)      # (arccot t = acot t for t > 0)
    assert L is not None and abs(complex(sp.N(L, 20)) - complex(g(mp.mpf(10) ** 25))) < 1e-12
    r = calc.extrema(text, on="(0, oo)")
    assert (r.maximum.value.exact, r.minimum.value.exact) == (sp.oo, -sp.oo) and r.maximum.decided
    x0 = mp.cot(mp.pi / 2 * c - 1)
    d = mp.mpf("1e-20")
    assert 0 < x0 < 1 and g(x0 - d) * g(x0 + d) < 0 and min(abs(g(x0 - d)), abs(g(x0 + d))) > 1e15


def test_a_finite_limit_at_a_point_by_the_laws_where_sympys_fails():
    """arccot(x^arccot(−1/x)) at 0⁺: sympy 1.14 says it oscillates; by the laws −1/x → −∞, arccot → π,
    x^π → 0 (e^(π·ln x)), arccot 0 = π/2.  On [−2, 4) f is defined for x > 0 only and decreasing: sup π/2
    (not attained), inf at 4⁻ (mpmath: f next to 0 and samples)."""
    r = calc.extrema("arccot(x^(arccot((-1) / x)))", on="[-2, 4)")
    assert r.maximum.decided and r.maximum.value.exact == sp.pi / 2 and not r.maximum.attained
    assert r.minimum.decided and not r.minimum.attained
    acot = lambda t: mp.pi / 2 - mp.atan(t)         # the textbook's arccot, range (0, π)
    f = lambda t: acot(t ** acot(-1 / t))
    assert abs(f(mp.mpf("1e-30")) - mp.pi / 2) < 1e-80
    samples = [f(mp.mpf(k) / 100) for k in range(1, 400)]
    assert max(samples) < mp.pi / 2 and min(samples) > f(mp.mpf(4)) and abs(r.minimum.value.approx - float(f(4))) < 1e-9
