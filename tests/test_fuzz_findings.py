"""What the random-expression fuzz (benchmarks/fuzz.py) found, fixed: each answer checked against an
independent oracle (mpmath at 30+ digits, sympy), never against calc itself."""
from fractions import Fraction as F

import mpmath
import pytest
import sympy as sp

import calc
from tests.fuzz_oracle import Case, Interval, judge


def _val(n):
    return n.exact if n.exact is not None else n.float


def not_wrong(tree, interval, timeout=5):
    """calc's answer on the case is correct or honestly undecided, by the fuzz oracle."""
    case = Case(tree, interval)
    try:
        result, error = calc.extrema(case.text, on=case.on, timeout=timeout), None
    except Exception as exc:  # noqa: BLE001 - judged: a clean calc error or a crash
        result, error = None, exc
    category, detail = judge(case, result, error, clean_errors=(calc.CalcError,), grid=600)
    assert category in ("correct", "undecided"), f"{category}: {case.reproducer()} # {detail}"
    return result


# ---- the domain of the formula as written (sympy's evaluation dropped a part of it)
def test_exp_of_ln_keeps_x_positive():
    r = calc.extrema("exp(exp(ln(x)))", on="(-3/2, 9/2]")
    assert r.domain == sp.Interval.Lopen(0, sp.Rational(9, 2))
    with mpmath.workdps(40):        # f(x) → e^(e^0) = e as x → 0+, not e^(e^(-3/2))
        near0 = mpmath.exp(mpmath.exp(mpmath.log(mpmath.mpf("1e-30"))))
    assert r.minimum.attained is False and abs(float(_val(r.minimum.value)) - float(near0)) < 1e-12
    with mpmath.workdps(40):        # the maximum at 9/2: e^(e^(ln 9/2)) = e^(9/2)
        top = mpmath.exp(mpmath.exp(mpmath.log(mpmath.mpf(9) / 2)))
    assert r.maximum.attained and abs(float(_val(r.maximum.value)) - float(top)) < 1e-12


def test_x_over_x_excludes_0():
    r = calc.extrema("x/x", on="[-1, 1]")
    assert r.domain == sp.Union(sp.Interval.Ropen(-1, 0), sp.Interval.Lopen(0, 1))


@pytest.mark.parametrize("text, on", [
    ("sin(arcsin(sec(cos(x))))", "(-3, -5/2)"),     # |sec(cos x)| > 1 there: arcsin is undefined
    ("cot(x - x)^(-1)", "(-5, -4]"),                # cot 0 is undefined
    ("ln(ln(x + ln(-3)))", "(-5, -4)"),             # ln(-3) is not real
    ("((cos(2) + csc(x)) - (ln(x) / (x^(-2)))) * sin(ln(-3)^(2/3))", "(-5/2, 9/2)"),
])
def test_a_part_undefined_everywhere_means_f_is_defined_nowhere(text, on):
    with pytest.raises(calc.DomainError, match="not defined anywhere"):
        calc.extrema(text, on=on)


def test_the_oracle_agrees_nowhere():
    """The oracle's view of the first case above: |sec(cos t)| > 1 at every sample of (−3, −5/2)."""
    with mpmath.workdps(30):
        assert all(abs(mpmath.sec(mpmath.cos(t))) > 1 for t in mpmath.linspace(-3, -2.5, 200)[1:-1])
    assert sp.cot(0) == sp.zoo and sp.log(-3).is_real is False


# ---- crashes
def test_a_complex_limit_at_an_end_is_undecided_not_a_crash():
    # sqrt(csc x − 2x + 1) on (−1, −1/2): sympy's limit at −1/2 is imaginary (f is not real there)
    tree = ("f", "sqrt", ("op", "-", ("f", "csc", ("x",)), ("op", "-", ("op", "+", ("x",), ("x",)), ("c", F(1)))))
    not_wrong(tree, Interval(F(-1), F(-1, 2), False, False))


def test_evalf_failures_in_values_are_not_crashes():
    # log((x^(2/3) + (-2/3)^5) / log_(1/2)(tan x), 1/2) on (-1, 1]: sympy's evalf divides by 0
    inner = ("op", "/", ("op", "+", ("pow", ("x",), F(2, 3)), ("pow", ("c", F(-2, 3)), F(5))),
             ("log_a", F(1, 2), ("f", "tan", ("x",))))
    not_wrong(("log_a", F(1, 2), inner), Interval(F(-1), F(1), False, True))


def test_constant_function_on_the_real_line():
    """sympy: function_range(x(x − 1) − (x² − x), x, ℝ) = {0}."""
    f = sp.Symbol("x") * (sp.Symbol("x") - 1) - (sp.Symbol("x") ** 2 - sp.Symbol("x"))
    r = calc.extrema(f, x="x", on="R")
    assert r.maximum.value.exact == 0 == r.minimum.value.exact and r.maximum.attained


def test_a_parameter_is_a_clean_error():
    with pytest.raises(calc.CalcError, match="y"):
        calc.extrema(sp.Symbol("y") * sp.Symbol("x"), x="x", on="R")


def test_f_without_its_variable_is_constant_in_it():
    """sympy: maximum(y, x, ℝ) = minimum(y, x, ℝ) = y (f does not depend on x)."""
    from sympy.calculus.util import maximum, minimum
    y = sp.Symbol("y")
    r = calc.extrema(y, x="x", on="R")
    for ext, oracle in ((r.maximum, maximum), (r.minimum, minimum)):
        assert ext.attained and str(ext.value.exact) == str(oracle(y, sp.Symbol("x"), sp.S.Reals)) == "y"


# ---- poles: exact forms recovered, or proven with balls when there is none
def test_pole_with_a_simple_closed_form():
    r = calc.extrema("cot(cot(x) / x)", on="[3/2, 2]")
    assert sp.pi / 2 not in r.domain
    assert r.maximum.value.exact == sp.oo and r.minimum.value.exact == -sp.oo
    with mpmath.workdps(30):       # the oracle: both signs, unbounded, on the two sides of π/2
        g = lambda t: mpmath.cot(mpmath.cot(t) / t)
        assert g(mpmath.pi / 2 - mpmath.mpf("1e-12")) > 1e11 and g(mpmath.pi / 2 + mpmath.mpf("1e-12")) < -1e11


def test_pole_with_no_closed_form():
    r = calc.extrema("tan(x^x)", on="[1, 2]")
    assert r.maximum.value.exact == sp.oo and r.minimum.value.exact == -sp.oo
    with mpmath.workdps(40):       # the oracle: x^x = π/2 at x0 in [1, 2]; tan runs to ±∞ around it
        x0 = mpmath.findroot(lambda t: t ** t - mpmath.pi / 2, 1.4)
        d = mpmath.mpf("1e-20")
        assert 1 < x0 < 2 and mpmath.tan((x0 - d) ** (x0 - d)) > 1e15 and mpmath.tan((x0 + d) ** (x0 + d)) < -1e15


def test_a_condition_false_at_a_point_decides_it():
    """2/(√(cot x)/√2): undefined at π (cot) even though the radicand cannot be signed there."""
    r = calc.extrema("2 / (sqrt(cot(x)) / sqrt(2))", on="[-3, 9/2]")
    want = sp.Union(sp.Interval.Ropen(-3, -sp.pi / 2), sp.Interval.open(0, sp.pi / 2), sp.Interval.Lopen(sp.pi, sp.Rational(9, 2)))
    assert r.domain == want
    with mpmath.workdps(30):       # cot > 0 exactly on those pieces (sampled)
        for t in mpmath.linspace(-3, 4.5, 301):
            inside = bool(want.contains(sp.Float(str(t), 30)))
            if abs(mpmath.sin(t)) > 1e-9 and abs(mpmath.cos(t)) > 1e-9:
                assert inside == (mpmath.cot(t) > 0)


# ---- half-lines
def test_periodic_on_a_half_line():
    """sympy: function_range(cos x, x, (−∞, −4]) = [−1, 1]; attained at −2π − 2kπ and −3π − 2kπ, k ≥ 0."""
    r = calc.extrema("cos x", on="(-oo, -4]")
    assert r.maximum.value.exact == 1 and r.minimum.value.exact == -1
    assert [(fam.base.exact, fam.period, fam.k) for fam in r.maximum.families] == [(-2 * sp.pi, -2 * sp.pi, "naturals0")]
    assert [(fam.base.exact, fam.period, fam.k) for fam in r.minimum.families] == [(-3 * sp.pi, -2 * sp.pi, "naturals0")]
    assert r.to_dict()["maximum"]["families"][0]["k"] == "naturals0"
    assert mpmath.cos(-2 * mpmath.pi) == 1 and -2 * mpmath.pi < -4 < -mpmath.pi


def test_monotone_tails():
    """sympy: maximum(√3(x − 1)/(3√(x² + 1)), x) = √3/3 (a supremum at +∞); the minimum at x = −1."""
    r = calc.extrema("sqrt(3)*(x - 1)/(3*sqrt(x^2 + 1))", on="R")
    assert r.maximum.attained is False and r.maximum.value.exact == sp.sqrt(3) / 3
    assert r.minimum.attained and [p.exact for p in r.minimum.points] == [-1]
    with mpmath.workdps(30):
        f = lambda t: mpmath.sqrt(3) * (t - 1) / (3 * mpmath.sqrt(t * t + 1))
        assert abs(f(-1) + mpmath.sqrt(6) / 3) < 1e-25 and f(mpmath.mpf(10) ** 30) < mpmath.sqrt(3) / 3
    r = calc.extrema("exp(x)", on="[-2, oo)")
    assert r.minimum.value.exact == sp.exp(-2) and r.maximum.value.exact == sp.oo


def test_random_cases_found_by_the_fuzz():
    """A few fuzz reproducers (depth-4 trees) that crashed or were answered wrongly: not any more."""
    x = ("x",)
    not_wrong(("op", "*", ("op", "/", ("f", "sqrt", ("f", "sin", x)),
                           ("op", "+", ("op", "*", ("c", F(3)), ("c", F(-1))), ("exp_a", F(2), x))), ("c", F(1))),
              Interval(F(-5), F(-3, 2), True, True))
    not_wrong(("f", "arccot", ("op", "*", ("f", "cot", x), x)), Interval(F(-5), F(-3, 2), False, True))
    not_wrong(("f", "sec", ("f", "arcsin", ("op", "+", ("log_a", F(3), ("c", F(3, 2))), ("f", "cot", x)))),
              Interval(F(-9, 2), F(-3, 2), False, False))


def test_oscillation_families_are_real_solutions():
    """sin(sin((3 − x)/√x)) on (0, 5): the maximum sin 1 where (3 − x)/√x = π/2 + 2kπ.  sympy's solve
    also returns the roots of the squared equation, where (3 − x)/√x = −(π/2 + 2kπ) and f = −sin 1:
    a family given by a formula must attain the value (mpmath at 30 digits)."""
    r = calc.extrema("sin(sin((3 - x)/sqrt(x)))", on="(0, 5)")
    k = sp.Symbol("k", integer=True)
    with mpmath.workdps(30):
        for ext, want in ((r.maximum, mpmath.sin(1)), (r.minimum, -mpmath.sin(1))):
            assert ext.decided and abs(float(_val(ext.value)) - float(want)) < 1e-15
            for fam in ext.families:
                if fam.formula is None:
                    continue
                for j in range(-3, 4):
                    t = mpmath.mpf(str(sp.N(fam.formula.subs(k, j), 40)))
                    if 0 < t < 5:
                        assert abs(mpmath.sin(mpmath.sin((3 - t) / mpmath.sqrt(t))) - want) < 1e-20


def test_a_hole_with_no_closed_form_is_bounded_not_undecided():
    """1/cot(arctan x − x) on [−5, −4): undefined where arctan x − x = −π (no closed form), a removable
    hole (f → 0 there): f bounded strictly inside (min, max) around it decides both extrema."""
    r = not_wrong(("pow", ("f", "cot", ("op", "-", ("f", "arctan", ("x",)), ("x",))), F(-1)),
                  Interval(F(-5), F(-4), True, False))
    assert r.maximum.decided and r.minimum.decided
    with mpmath.workdps(30):
        assert abs(float(_val(r.maximum.value)) - float(mpmath.tan(5 - mpmath.atan(5)))) < 1e-15


def test_half_line_beyond_the_cauchy_bound():
    """On [3, ∞) the domain is [3, ∞) even when every boundary point lies below 3 (the tail began at
    the Cauchy bound 2: the domain was (2, ∞) and x → 2+ a candidate)."""
    r = calc.extrema("1/(x^2 - 1)", on="[3, oo)")
    assert r.domain == sp.Interval(3, sp.oo) and r.maximum.value.exact == sp.Rational(1, 8)
    r = calc.extrema("arccot(sin((x * x)^(-1)))", on="(3, oo)")
    with mpmath.workdps(30):
        assert abs(float(_val(r.minimum.value)) - float(mpmath.pi / 2 - mpmath.atan(mpmath.sin(mpmath.mpf(1) / 9)))) < 1e-15
    assert r.minimum.attained is False


def test_values_floats_cannot_tell_apart():
    """ln(e^(x³) + 3)/ln 2 on (−5, −4): increasing; the two end limits differ by about 10^-28."""
    r = calc.extrema("log((exp(x)^(x * x)) - (-3), 2)", on="(-5, -4)")
    with mpmath.workdps(60):
        f = lambda t: mpmath.log(mpmath.exp(t ** 3) + 3, 2)
        assert f(-4 - mpmath.mpf("1e-30")) > f(-5 + mpmath.mpf("1e-30"))
    assert r.maximum.value.exact == sp.log(sp.exp(-64) + 3) / sp.log(2)
    assert r.minimum.value.exact == sp.log(sp.exp(-125) + 3) / sp.log(2)


# ---- one-sided limits sympy cannot compute, proven with balls
def test_a_limit_at_an_end_of_the_domain_by_balls():
    """sec(arcsin(log₃(3/2) + cot x)) = 1/√(1 − u²) on (−9/2, −3/2): u → ±1 at the two ends of the
    domain, where sympy's limit does not finish; f → +∞ there (1/f = √(1 − u²) → 0, proven on
    balls cut to arcsin's domain), and the minimum 1 is where u = 0 (cot x = −log₃(3/2): solveset on the
    whole numerator of f′, (ln 3 cot x − ln 2 + ln 3) csc² x, runs a minute)."""
    tree = ("f", "sec", ("f", "arcsin", ("op", "+", ("log_a", F(3), ("c", F(3, 2))), ("f", "cot", ("x",)))))
    r = not_wrong(tree, Interval(F(-9, 2), F(-3, 2), False, False))
    assert r.maximum.decided and r.minimum.decided
    assert r.maximum.value.exact == sp.oo and r.maximum.attained is False
    assert r.minimum.attained and sp.simplify(r.minimum.value.exact - 1) == 0    # f′ = 0 solved factor by factor
    with mpmath.workdps(40):        # the oracle: the right end of the domain piece, f huge just left of it
        c = mpmath.log(mpmath.mpf(3) / 2) / mpmath.log(3)
        p = -mpmath.pi - mpmath.acot(1 + c)        # cot p + c = −1
        f = lambda t: mpmath.sec(mpmath.asin(c + mpmath.cot(t)))
        assert -4.5 < p < -1.5 and f(p - mpmath.mpf("1e-30")) > 1e14
        assert abs(mpmath.cot(p) + c + 1) < mpmath.mpf("1e-35")


def test_a_pole_in_a_region_where_the_roots_of_the_derivative_were_not_isolated():
    """tan(√arccos x / arctan 3x): poles accumulate at 0 (the argument runs to ±∞), the domain is not
    described and f′'s roots are left in small boxes; one box proven to hold a pole (1/f monotone
    through 0 on it) decides sup = +∞ and inf = −∞."""
    from calc.parsing import parse
    from calc.stages.context import Run
    from calc.stages.poles import pole_limits
    f = parse("tan(sqrt(arccos(x)) / arctan(3 * x))")
    x = next(iter(f.free_symbols))
    with mpmath.workdps(40):        # the oracle: a pole where √arccos t / arctan 3t = −π/2
        g = lambda t: mpmath.sqrt(mpmath.acos(t)) / mpmath.atan(3 * t)
        p = mpmath.findroot(lambda t: g(t) + mpmath.pi / 2, -0.42)
        d = mpmath.mpf("1e-25")
        assert mpmath.tan(g(p - d)) * mpmath.tan(g(p + d)) < 0 and abs(mpmath.tan(g(p + d))) > 1e20
        box = (sp.Rational(str(mpmath.nstr(p - mpmath.mpf("1e-6"), 20))),
               sp.Rational(str(mpmath.nstr(p + mpmath.mpf("1e-6"), 20))))
    run = Run(f, x, sp.Interval(sp.Rational(-1, 2), 4), 15, 5)
    got = pole_limits(run, [box], [])
    assert [L for _, _, L, _, _ in got] == [sp.oo, -sp.oo]
    assert abs(float(got[0][0]) - float(p)) < 1e-5
    far = (sp.Rational(1, 2), sp.Rational(6, 10))      # no pole there: g is between 0.48 and 0.79
    assert pole_limits(run, [far], []) == []


def test_poles_where_the_domain_is_not_described():
    """cot(log₂ x) on (−2, 4): poles at x = 2^(kπ) (x = 1, 2^−π, …, accumulating at 0) and f undefined
    for x ≤ 0; the domain is not described.  f′'s roots are not sought where ln x is undefined, the
    small box around the pole x = 1 is proven to hold a pole (1/f = tan(log₂ x) through 0), so
    sup = +∞ and inf = −∞.  On (0, 4): f = cot(u), u = log₂ x → −∞ at 0+, and cot is unbounded on a
    period, so f is unbounded near 0 both ways."""
    tree = ("f", "cot", ("log_a", F(2), ("x",)))
    for interval in (Interval(F(-2), F(4), False, False), Interval(F(0), F(4), False, False)):
        r = not_wrong(tree, interval, timeout=3)
        assert r.maximum.decided and r.minimum.decided
        assert (r.maximum.value.exact, r.minimum.value.exact) == (sp.oo, -sp.oo)
    with mpmath.workdps(30):        # the oracle: both signs, unbounded, next to x = 1 and x = 2^(−π)
        f = lambda t: mpmath.cot(mpmath.log(t, 2))
        for p in (mpmath.mpf(1), mpmath.mpf(2) ** -mpmath.pi):
            d = mpmath.mpf("1e-20")
            assert f(p + d) > 1e18 and f(p - d) < -1e18


def test_a_cube_root_pole_in_undecided_boxes():
    """1/∛(cot x · 3^x) on (−3, 3): f → −∞ and +∞ on the two sides of ±π/2, where 1/f = ∛(cot x · 3^x)
    has a cube-root zero (no finite derivative there).  The domain is left undecided in boxes beside
    ±π/2; 1/f continuous on the two boxes together (calc's odd root sign(u)|u|^(1/3) enclosed as one
    increasing function, not a jump of sign(u)) with opposite signs at their ends proves the pole."""
    tree = ("op", "/", ("op", "/", ("x",), ("x",)),
            ("pow", ("op", "*", ("f", "cot", ("x",)), ("exp_a", F(3), ("x",))), F(1, 3)))
    r = not_wrong(tree, Interval(F(-3), F(3), False, False))
    assert (r.maximum.value.exact, r.minimum.value.exact) == (sp.oo, -sp.oo)
    with mpmath.workdps(40):        # the oracle: ∛ of a small negative / positive number next to −π/2
        cbrt = lambda u: mpmath.sign(u) * mpmath.cbrt(abs(u))        # the real cube root
        f = lambda t: 1 / cbrt(mpmath.cot(t) * mpmath.power(3, t))
        d = mpmath.mpf("1e-30")
        assert f(-mpmath.pi / 2 + d) < -1e9 and f(-mpmath.pi / 2 - d) > 1e9
        assert f(-mpmath.pi / 2 + d / 1000) < 5 * f(-mpmath.pi / 2 + d)      # still growing (like d^(−1/3))


def test_oscillating_end_of_a_composition_with_a_periodic_outer_function():
    """tan(tan(cos(tan x))) on (−5, ∞): f = F(u), u = tan x, F = tan(tan(cos u)) of period 2π, and
    u → ±∞ at −3π/2.  f takes no value beyond F's extrema on a period, ±tan(tan 1), which it attains
    wherever tan x = 2kπ (max) and tan x = π + 2kπ (min): decided even where a stationary value away
    from the end cannot be told from F's by balls, and the points are every x with tan x = π + 2kπ
    (atan(π + 2kπ) is one branch only; none lies in (−5, −5 + π])."""
    tree = ("f", "tan", ("f", "tan", ("f", "cos", ("f", "tan", ("x",)))))
    r = not_wrong(tree, Interval(F(-5), None, False, False))
    assert r.maximum.decided and r.minimum.decided and r.minimum.attained
    assert r.minimum.value.exact == -sp.tan(sp.tan(1))
    x = sp.Symbol("x", real=True)
    k = sp.Symbol("k", integer=True)
    eqs = [fam.equation for fam in r.minimum.families if fam.equation is not None]
    assert eqs and all(sp.simplify(u.subs(x, sp.atan(sp.pi) - sp.pi)
                                   - v.subs(k, 0)) == 0 for u, v in eqs)
    with mpmath.workdps(30):        # the oracle: f = −tan(tan 1) at x = atan(π) − π, and nowhere below it
        f = lambda t: mpmath.tan(mpmath.tan(mpmath.cos(mpmath.tan(t))))
        assert abs(f(mpmath.atan(mpmath.pi) - mpmath.pi) + mpmath.tan(mpmath.tan(1))) < 1e-25
        assert min(f(t) for t in mpmath.linspace(-5, 3, 3001)) > -mpmath.tan(mpmath.tan(1)) - 1e-20


def test_the_oracle_tells_slow_poles_and_growing_swings_from_bounded_functions():
    """The oracle's own checks of a claimed ±∞ (tests/fuzz_oracle.py): a logarithmic pole and an
    oscillation of growing amplitude are recognised, a bounded maximum and a bounded swing are not."""
    from tests.fuzz_oracle import _grows_near, _swings_grow
    log_pole = Case(("f", "ln", ("f", "sec", ("x",))), Interval(F(-1), F(2), True, True))       # ln sec x at π/2
    assert _grows_near(log_pole, mpmath.pi / 2 - mpmath.mpf("1e-9"), 1)
    bounded = Case(("f", "sin", ("x",)), Interval(F(0), F(3), True, True))
    assert not _grows_near(bounded, mpmath.pi / 2, 1)
    x_sin_x = Case(("op", "*", ("x",), ("f", "sin", ("x",))), Interval(F(0), None, True, False))
    assert _swings_grow(x_sin_x, mpmath.inf, 1) and _swings_grow(x_sin_x, mpmath.inf, -1)
    assert not _swings_grow(Case(("f", "sin", ("x",)), Interval(F(0), None, True, False)), mpmath.inf, 1)


def test_the_oracle_finds_a_cube_root_pole():
    """1/∛(x^x cot x) at π/2: 1/f has a cube-root zero (the secant method diverges there); the oracle
    finds the sign change by bisection and sees f grow like d^(−1/3), both ways — not for ∛(x^x cot x)."""
    from tests.fuzz_oracle import _pole_near
    u = ("op", "*", ("f", "cot", ("x",)), ("op", "^", ("x",), ("x",)))
    pole = Case(("op", "/", ("c", F(1)), ("pow", u, F(1, 3))), Interval(F(1), F(2), True, True))
    near = mpmath.mpf("1.5707963")
    assert _pole_near(pole, near, 1) and _pole_near(pole, near, -1)
    assert not _pole_near(Case(("pow", u, F(1, 3)), Interval(F(1), F(2), True, True)), near, 1)


def test_found_in_the_1000_case_run():
    """A symmetry tie on an unbounded interval (crashed), a complex infinity from sympy's limit taken as
    a pole (a wrong maximum), and an oracle that could not evaluate e^(e^(e^x))."""
    not_wrong(("f", "cos", ("pow", ("op", "+", ("op", "+", ("x",), ("c", F(2))), ("op", "+", ("x",), ("x",))),
                            F(4))), Interval(None, F(-1), False, False))
    arcsin_ln = ("op", "*", ("f", "arcsin", ("op", "+", ("f", "arcsin", ("x",)), ("c", F(-2, 3)))),
                 ("op", "+", ("c", F(1)), ("f", "ln", ("f", "sin", ("x",)))))
    r = not_wrong(arcsin_ln, Interval(F(-5), F(1, 2), False, False))
    # f → +∞ as x → 0⁺ (arcsin(−2/3) < 0 times ln sin x → −∞): the maximum is not −0.038
    assert not (r.maximum.decided and r.maximum.value.exact != sp.oo)
    r = not_wrong(("f", "exp", ("f", "exp", ("f", "exp", ("x",)))), Interval(F(7, 2), F(4), False, False))
    assert r.maximum.decided and not r.maximum.attained
    # |f| → ∞ at an infinite end with a sign sympy cannot give: undecided, not a crash
    not_wrong(("f", "arcsin", ("log_a", F(10), ("f", "ln", ("log_a", F(10), ("x",))))), Interval(F(-9, 2), None, False, False))


def test_domains_next_to_points_where_a_condition_has_no_ball():
    """Conditions whose expressions have no ball next to 0 (ln x, x^x) or at a point where a ball of
    arccos straddles 1: ln(ln x) > 0 is decided from the zero of x − 1, x/(10^(x^x) − x) next to 0 from
    x^x ∈ [e^(−1/e), 1] on (0, 1/e]; arccos³(x) at x = cos 1 by sympy's exact value; a formula whose
    unevaluated form sends sympy into endless recursion is read, not refused."""
    X = ("x",)
    r = not_wrong(("f", "ln", ("f", "ln", X)), Interval(F(-4), F(5), False, True))
    assert r.maximum.decided and r.minimum.decided and r.domain == sp.Interval.Lopen(1, 5)
    r = not_wrong(("op", "/", X, ("op", "-", ("exp_a", F(10), ("op", "^", X, X)), X)),
                  Interval(None, F(2), False, False))
    assert r.maximum.decided and r.minimum.decided and not r.minimum.attained
    r = not_wrong(("f", "arccos", ("f", "arccos", ("f", "arccos", X))), Interval(F(-3, 2), None, False, False))
    assert r.maximum.value.exact == sp.pi / 2 and r.minimum.value.exact == 0
    r = not_wrong(("f", "arctan", ("pow", ("op", "+", ("exp_a", F(3), X), ("c", F(1, 2))), F(1, 3))),
                  Interval(F(1), None, False, False))
    with mpmath.workdps(30):
        assert abs(float(_val(r.minimum.value)) - float(mpmath.atan(mpmath.cbrt(mpmath.mpf(7) / 2)))) < 1e-12
    assert not r.minimum.attained and r.maximum.value.exact == sp.pi / 2


def test_one_sided_poles_with_no_closed_form():
    """√tan(x + ln x + 1/2) on (1, 7/2): tan's poles (x + ln x + 1/2 = π/2, 3π/2: no closed form) are
    left in small boxes; √F with F = tan(…) changing sign through a pole in the box runs to +∞ on the
    side where it is defined (sup = ∞), and there F ≥ 1/ε (|cot| ≤ ε on the box), so f is far above the
    minimum 0, attained where tan(…) = 0.  tan(2^(log₃ x)) next to 0: 2^(log₃ x) = x^(ln 2/ln 3)."""
    X = ("x",)
    u = ("op", "+", ("op", "+", X, ("c", F(1, 2))), ("f", "ln", X))
    r = not_wrong(("pow", ("f", "tan", u), F(1, 2)), Interval(F(1), F(7, 2), False, False))
    assert r.maximum.value.exact == sp.oo and r.minimum.decided and r.minimum.value.exact == 0
    with mpmath.workdps(30):        # the oracle: the zero of tan(u) where the minimum is attained
        z = mpmath.findroot(lambda t: t + mpmath.log(t) + mpmath.mpf(1) / 2 - mpmath.pi, 1.9)
        assert abs(float(r.minimum.points[0].approx) - float(z)) < 1e-8
    r = not_wrong(("op", "+", ("f", "tan", ("exp_a", F(2), ("log_a", F(3), X))), ("op", "/", X, ("c", F(2)))),
                  Interval(F(-3, 2), F(3, 2), False, False))
    assert r.minimum.decided and r.minimum.value.exact == 0 and not r.minimum.attained


def test_tied_domain_ends_with_no_closed_form():
    """arctan(arcsin(cot(x^x))) on (−5, 3): f ≤ arctan(π/2) (arctan increasing, arcsin ≤ π/2), reached at
    every end of the domain where cot(x^x) = 1 (no closed form: ties by the exact value there); next to
    the poles of cot (x^x = kπ), |tan(x^x)| < 1 puts cot(x^x) outside [−1, 1]: f is not defined there."""
    X = ("x",)
    r = not_wrong(("f", "arctan", ("f", "arcsin", ("f", "cot", ("op", "^", X, X)))),
                  Interval(F(-5), F(3), False, False), timeout=20)
    assert r.maximum.decided and r.maximum.value.exact == sp.atan(sp.pi / 2)
    assert r.minimum.decided and r.minimum.value.exact == -sp.atan(sp.pi / 2)
    # the oracle: x^x = π/4 + kπ has 2 solutions below 1 (x^x falls to e^(−1/e) at 1/e, then rises) and
    # one for each k = 1 … 8 up to 3^3 = 27; x^x = 3π/4 + kπ one for each k = 0 … 7
    with mpmath.workdps(30):
        tops = [mpmath.pi / 4 + k * mpmath.pi for k in range(9)]
        lows = [3 * mpmath.pi / 4 + k * mpmath.pi for k in range(8)]
        assert tops[-1] < 27 < tops[-1] + mpmath.pi and lows[-1] < 27 < lows[-1] + mpmath.pi
        assert mpmath.exp(-1 / mpmath.e) < tops[0] < 1
    # every point listed, or (when the budget ran short, as on a loaded machine) the rule x^x = p + kπ
    k = sp.Symbol("k", integer=True)

    def listed(ext, n, p):
        def rule(e):
            return sp.simplify(e.xreplace({s: k for s in e.free_symbols}) - (p + sp.pi * k)) == 0
        return len(ext.points) == n or any(f.equation is not None and rule(f.equation[1]) for f in ext.families)
    assert listed(r.maximum, 10, sp.pi / 4) and listed(r.minimum, 8, 3 * sp.pi / 4)


def test_a_logarithm_of_a_function_through_zero_with_no_closed_form():
    """log₂(e^(−2x) + cos(x + 1)) on (−5, 5/2): the domain ends where F = e^(−2x) + cos(x + 1) falls
    through 0 (no closed form, left in a small box); F's ball is continuous there with opposite signs,
    so F takes every small positive value and ln F → −∞; the box is harmless for the maximum (f ≤
    log₂ of F's upper bound there).  (F's entire part keeps e^(2x): sympy's rewrite(cos) made it
    cosh + sinh, whose balls could not isolate the zero.)"""
    X = ("x",)
    F_ = ("op", "+", ("op", "^", ("f", "exp", X), ("c", F(-2))), ("f", "cos", ("op", "+", X, ("c", F(1)))))
    r = not_wrong(("log_a", F(2), F_), Interval(F(-5), F(5, 2), False, False))
    assert r.minimum.value.exact == -sp.oo and r.maximum.decided and not r.maximum.attained
    with mpmath.workdps(30):        # the oracle: sup = f(−5⁺), and F's zero lies inside (−5, 5/2)
        f = lambda t: mpmath.log(mpmath.exp(-2 * t) + mpmath.cos(t + 1), 2)
        assert abs(float(_val(r.maximum.value)) - float(f(mpmath.mpf(-5)))) < 1e-9
        z = mpmath.findroot(lambda t: mpmath.exp(-2 * t) + mpmath.cos(t + 1), 0.78)
        assert -5 < z < 2.5 and all(f(t) < f(mpmath.mpf(-5)) for t in mpmath.linspace(-4.99, z - 1e-6, 400))


def test_the_oracle_follows_a_limit_approached_like_one_over_ln():
    """arccot(ln x − 6)·(1/2)^x → π as x → 0⁺ only like π − 1/|ln x| (3.128 at x = 10^(−30)): the oracle
    zooms to x = 10^(−2^24) next to a domain edge at 0 before calling calc's supremum π wrong."""
    from tests.fuzz_oracle import _approached, sample
    X = ("x",)
    tree = ("op", "*", ("f", "arccot", ("op", "-", ("f", "ln", X), ("op", "+", ("c", F(3)), ("c", F(3))))),
            ("exp_a", F(1, 2), X))
    case = Case(tree, Interval(None, F(5), False, True))
    est = sample(case, n=300)
    assert _approached(case, est, mpmath.pi, +1)
    assert not _approached(case, est, mpmath.mpf("3.2"), +1)
    r = not_wrong(tree, Interval(None, F(5), False, True))
    assert r.maximum.value.exact == sp.pi and not r.maximum.attained


def test_the_oracle_checks_a_tiny_point_at_a_domain_edge_relatively():
    """arcsin(log₁₀(ln(log_{1/2} x))) reaches π/2 at x = 2^(−e¹⁰) ≈ 10^(−6631), the end of its domain:
    the oracle nudges such a point by a relative amount (an absolute 10^(−40) leaves the domain piece)."""
    from tests.fuzz_oracle import _value_at
    X = ("x",)
    tree = ("f", "arcsin", ("log_a", F(10), ("f", "ln", ("log_a", F(1, 2), X))))
    case = Case(tree, Interval(F(-9, 2), None, False, False))
    with mpmath.workdps(60):
        p = mpmath.power(2, -mpmath.exp(10))
        half_pi = mpmath.pi / 2
        assert _value_at(case, p, mpmath.mpf(0), (half_pi, half_pi), +1)
        assert not _value_at(case, p, mpmath.mpf(0), (half_pi - mpmath.mpf("0.1"),) * 2, +1)
