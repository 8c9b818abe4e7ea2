"""Domain ends with no closed form (stages/boundaries.py) and boxes around exact excluded points
(certified_domain): decided, checked against mpmath (findroot at 40 digits, dense sampling)."""
import mpmath as mp
import sympy as sp

import calc

mp.mp.dps = 40


def inside(num, value):
    return num.lo - 1e-15 <= float(value) <= num.hi + 1e-15


def test_sqrt_ends_at_a_transcendental_root():
    r = calc.extrema("sqrt(csc(x) - 2x + 1)", on="(-1, -1/2)")
    root = mp.findroot(lambda t: mp.csc(t) - 2 * t + 1, -0.515)
    assert r.minimum.decided and r.minimum.value.exact == 0 and r.minimum.attained
    assert len(r.minimum.points) == 1 and inside(r.minimum.points[0], root)
    # the supremum at the open end −1: not attained
    assert r.maximum.decided and not r.maximum.attained
    assert abs(r.maximum.value.float - float(mp.sqrt(mp.csc(-1) + 3))) < 1e-12
    assert r.status == "ok" and any("no closed form" in n for n in r.notes)


def test_maximum_and_enclosed_minimum_at_the_dottie_number():
    dottie = mp.findroot(lambda t: t - mp.cos(t), 0.7)
    r = calc.extrema("-sqrt(x - cos x)", on="[0, 2]")
    assert r.maximum.value.exact == 0 and inside(r.maximum.points[0], dottie)
    r = calc.extrema("sqrt(x - cos x) + x", on="[0, 2]")
    # min of √(x − cos x) + x is at the domain's end r (f increasing), value r itself
    assert r.minimum.decided and r.minimum.attained and inside(r.minimum.value, dottie)
    assert inside(r.minimum.points[0], dottie)
    samples = [mp.sqrt(t - mp.cos(t)) + t for t in mp.linspace(dottie, 2, 2001)]
    assert float(min(samples)) >= r.minimum.value.lo - 1e-15


def test_a_box_around_an_exact_excluded_point_is_decided():
    # arctan(cot x) jumps at π: the power's exponent changes sign without a zero, yet x > 0 decides
    r = calc.extrema("x^((sqrt(x) + x) arctan(cot x))", on="[-5/2, 9/2]")
    x = sp.Symbol("x", real=True)
    assert r.domain == sp.Union(sp.Interval.open(0, sp.pi), sp.Interval.Lopen(sp.pi, sp.Rational(9, 2)))
    f = lambda t: t ** ((mp.sqrt(t) + t) * mp.atan(mp.cot(t)))  # noqa: E731
    left, right = f(mp.pi - mp.mpf("1e-30")), f(mp.pi + mp.mpf("1e-30"))
    # cot x → −∞ as x → π⁻ (exponent → −(√π + π)π/2), +∞ as x → π⁺
    assert not r.maximum.attained and abs(r.maximum.value.float - float(right)) < 1e-6 * float(right)
    assert not r.minimum.attained and abs(r.minimum.value.float - float(left)) < 1e-6 * float(left)
    assert x not in r.maximum.value.exact.free_symbols


def test_a_quotient_with_a_constant_numerator_has_no_zeros():
    # √(csc x/(arccot x − sec 1)) on (−5, −1): csc x/(…) is 1/(sin x (…)): no zero next to the pole −π
    r = calc.extrema("sqrt(csc(x)/(arccot(x) - sec(1)))", on="(-5, -1)")
    assert r.domain == sp.Interval.open(-5, -sp.pi)
    f = lambda t: mp.sqrt(mp.csc(t) / (mp.pi / 2 - mp.atan(t) - mp.sec(1)))  # noqa: E731
    samples = [f(t) for t in mp.linspace(-5 + mp.mpf("1e-9"), -mp.pi - mp.mpf("1e-6"), 4001)]
    assert r.minimum.decided and r.minimum.value.lo - 1e-12 <= float(min(samples))
    assert float(min(samples)) <= r.minimum.value.hi + 1e-7
    assert r.maximum.value.exact == sp.oo


def test_defined_nowhere_decided_by_the_range_of_an_inner_function():
    # arcsin(tan(cos x)) > 0 needs tan(cos x) > 0, but cos x < 0 on (−9/2, −2) ⊂ (−3π/2, −π/2)
    import pytest
    assert all(mp.cos(t) < 0 for t in mp.linspace(-4.5, -2, 1001)) and -3 * mp.pi / 2 < -4.5
    with pytest.raises(calc.EmptyDomainError):
        calc.extrema("ln(arcsin(tan(cos(x))))", on="(-9/2, -2)")


def test_a_hole_inside_an_argument_is_not_a_boundary():
    # sec((1 + π/4)/(1/x + x)) on (−4, 0): the argument is (1 + π/4) x/(x² + 1), no pole next to 0
    r = calc.extrema("sec((1 + arccot(1)) / (1/x + x))", on="(-4, 0)")
    f = lambda t: mp.sec((1 + mp.pi / 4) / (1 / t + t))  # noqa: E731
    samples = [f(t) for t in mp.linspace(-4 + mp.mpf("1e-9"), -mp.mpf("1e-9"), 4001)]
    assert r.status == "ok" and r.maximum.attained and abs(r.maximum.value.float - float(max(samples))) < 1e-9
    assert not r.minimum.attained and r.minimum.value.exact == 1 and min(samples) > 1


def test_arcsin_at_its_domain_ends_is_exact():
    # arcsin(x ∛sec x) on [−5, 1): defined where |x ∛sec x| ≤ 1, i.e. between the roots ±r of x³ = cos x
    r = calc.extrema("arcsin(x / (sec(x)^(-1/3)))", on="[-5, 1)", timeout=40)   # (≈ 4 s; slack for a busy machine)
    root = mp.findroot(lambda t: t ** 3 - mp.cos(t), 0.86)
    assert r.maximum.value.exact == sp.pi / 2 and inside(r.maximum.points[0], root)
    assert r.minimum.value.exact == -sp.pi / 2 and inside(r.minimum.points[0], -root)
    assert r.status == "ok"


def test_a_double_zero_at_a_point_another_condition_located():
    # √cot(cos x/sec x) on (−∞, −7/2): sin(cos x/sec x) = sin(cos² x) has double zeros where cos x = 0
    r = calc.extrema("sqrt(cot(cos(x) / sec(x)))", on="(-oo, -7/2)")
    assert r.status == "ok" and r.maximum.value.exact == sp.oo
    assert sp.simplify(r.minimum.value.exact - sp.sqrt(sp.cot(1))) == 0
    f = lambda t: mp.sqrt(mp.cot(mp.cos(t) ** 2))  # noqa: E731
    samples = [f(t) for t in mp.linspace(-2 * mp.pi - 3.5, -3.5, 2001) if abs(mp.cos(t)) > 1e-12]
    assert min(samples) >= mp.sqrt(mp.cot(1)) - 1e-30
