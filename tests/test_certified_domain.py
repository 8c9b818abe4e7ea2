"""The natural domain on a bounded interval, certified (issue 10's silently wrong domains).

Oracle: f evaluated by sympy at 301 points with 30-digit mpmath — the answer's
domain must contain exactly the sampled points where f is real and finite."""
import mpmath
import pytest
import sympy as sp

import calc
from calc.stages.domain import natural_domain

x = sp.Symbol("x", real=True)

CASES = [
    ("sqrt(3) sqrt(cos x)/3", (-2, 1), sp.Interval(-sp.pi / 2, 1)),
    ("log(sin(x)^12)", (-2, 1), sp.Union(sp.Interval.Ropen(-2, 0), sp.Interval.Lopen(0, 1))),
    ("sqrt(cos x)", (-2, 1), sp.Interval(-sp.pi / 2, 1)),
    ("acot x", (-2, 2), sp.Interval(-2, 2)),
    ("sec(x^2)", (-1, 2), sp.Interval(-1, 2) - sp.FiniteSet(sp.sqrt(sp.pi / 2))),
    ("asin(2x)", (-1, 1), sp.Interval(sp.Rational(-1, 2), sp.Rational(1, 2))),
    ("sqrt(sin x)", (-10, 10), None),
    ("tan(x^2 + cot 2)", (-3, -2), None),
    # conditions whose expressions have no ball next to 0 (ln x, x^x): ln x > 0 read as x > 1
    ("ln(ln(x))", (-4, 5), sp.Interval.Lopen(1, 5)),
    ("ln(ln(ln(x)))", (-4, 5), sp.Interval.Lopen(sp.E, 5)),
    ("1/(arccos(x) sqrt(sin 1))", (-2, 2), sp.Interval.Ropen(-1, 1)),
    ("x/(10^(x^x) - x)", (0, 2), sp.Interval.Lopen(0, 2)),
    ("arccos(log(x, 3))", (-2, 4), sp.Interval(sp.Rational(1, 3), 3)),
]


def _defined(f, t):
    v = f.subs(x, sp.Float(t, 30)).evalf(30)
    return bool(v.is_number and v.is_finite and not v.has(sp.zoo, sp.nan) and abs(sp.im(v)) < 1e-20)


@pytest.mark.parametrize("text, ab, expected", CASES, ids=[c[0] for c in CASES])
def test_domain_matches_sampling(text, ab, expected):
    f = calc.parse(text)
    I = sp.Interval(*ab)
    D, notes, decided = natural_domain(f, x, I, 5.0)
    assert decided, notes
    if expected is not None:
        assert D == expected
    with mpmath.workdps(30):
        a, b = mpmath.mpf(ab[0]), mpmath.mpf(ab[1])
        for i in range(301):
            t = a + (b - a) * i / 300
            inside = D.contains(sp.Float(t, 30)) == sp.true
            if inside != _defined(f, t):
                # a sample within 1e-20 of a boundary point may round either way
                assert any(abs(float(p) - float(t)) < 1e-15 for p in D.boundary), (text, t, inside)


def test_poles_inside_give_no_maximum():
    r = calc.extrema("tan(x^2 + cot 2)", on="[-3, -2]", timeout=30)   # (its domain takes seconds on a loaded machine)
    assert not r.maximum.attained and r.maximum.value.exact == sp.oo
    assert not r.minimum.attained and r.minimum.value.exact == -sp.oo


def test_domain_errors_in_sympy_are_caught_by_the_certified_stage():
    r = calc.extrema("sqrt(3) sqrt(cos x)/3", on="[-2, 1]")
    assert r.minimum.value.exact == 0 and [p.exact for p in r.minimum.points] == [-sp.pi / 2]
    r = calc.extrema("log(sin(x)^12)", on="[-2, 1]")
    assert r.maximum.value.exact == 0 and [p.exact for p in r.maximum.points] == [-sp.pi / 2]


def test_zeros_of_one_to_one_functions():
    """The zeros of a·g(u) + b, g one-to-one (the catalogue's left inverse), are those of u − g⁻¹(−b/a);
    none when −b/a is not a value of g (arctan u = 2, arcsin u = 3, eᵘ = −1)."""
    from calc.stages.certified_domain import _peeled
    assert _peeled(sp.log(x) + 1, x) == x - sp.exp(-1)
    assert _peeled(2 * sp.asin(x) - 1, x) == x - sp.sin(sp.Rational(1, 2))
    assert _peeled(sp.log(sp.log(x)), x) == x - sp.E
    assert _peeled(sp.atan(x) - 2, x) is None
    assert _peeled(sp.asin(x) - 3, x) is None
    assert _peeled(sp.exp(x) + 1, x) is None
    assert _peeled(x ** x * (x - 2), x) == x - 2
    # on a branch where g is one-to-one: the argument's range lies inside it (cos x ∈ [−1, 1] ⊂ (−π/2, π/2))
    assert _peeled(sp.tan(sp.cos(x)) + 1, x) == sp.cos(x) + sp.pi / 4
    assert _peeled(sp.sin(sp.sin(x)) - sp.Rational(1, 2), x) == sp.sin(x) - sp.pi / 6
    assert _peeled(sp.sin(x) - sp.Rational(1, 2), x) == sp.sin(x) - sp.Rational(1, 2)     # x unbounded: kept
    assert _peeled(sp.tan(sp.cos(x)) - 2, x) == sp.cos(x) - sp.atan(2)      # (no zero: cos x ≤ 1 < arctan 2)


def test_a_domain_end_where_a_function_is_one_to_one_on_its_arguments_range():
    """cot(arcsin(tan(cos x))) on (−9/2, −2): |tan(cos x)| ≤ 1 where cos x ∈ [−π/4, π/4] (tan one-to-one
    on the range [−1, 1] of cos): the domain ends exactly at ±arccos(−π/4) (mod 2π), where f = 0, the
    maximum; the infimum is the limit at −9/2 (mpmath: samples on the two pieces)."""
    r = calc.extrema("cot(arcsin(tan(cos(x))))", on="(-9/2, -2)")
    ends = [-2 * sp.pi + sp.acos(-sp.pi / 4), -sp.acos(-sp.pi / 4)]
    assert r.domain == sp.Union(sp.Interval.Lopen(sp.Rational(-9, 2), ends[0]), sp.Interval.Ropen(ends[1], -2))
    assert r.maximum.decided and r.maximum.value.exact == 0 and [p.exact for p in r.maximum.points] == ends
    assert r.minimum.decided and not r.minimum.attained
    with mpmath.workdps(30):
        f = lambda t: mpmath.cot(mpmath.asin(mpmath.tan(mpmath.cos(t))))
        e0, e1 = (mpmath.mpf(sp.N(e, 40)) for e in ends)
        pts = [-4.5 + (e0 + 4.5) * k / 2000 for k in range(1, 2001)] + [e1 + (-2 - e1) * k / 2000 for k in range(2000)]
        vals = [f(t) for t in pts]
        assert max(vals) < 1e-20 and abs(r.minimum.value.approx - float(f(mpmath.mpf(-4.5)))) < 1e-9
        assert min(vals) > f(mpmath.mpf(-4.5)) - 1e-20
        assert abs(mpmath.tan(mpmath.cos(e0 + mpmath.mpf("1e-9")))) > 1      # outside the domain beyond e0


def test_solutions_accumulating_next_to_the_interval_do_not_take_the_budget():
    """cos(log₃(log₂(−3 − x))) = 0 has solutions x = −3 − 2^(3^(π/2 + kπ)) piling up at −4 as k → −∞:
    sympy's ImageSet proposes thousands next to (−4, 7/2]; none is needed (f is defined nowhere there:
    log₂(−3 − x) < 0 for −4 < x < −3)."""
    f = calc.parse("sec(log(log((-3) - x, 2), 3))")
    D, notes, decided = natural_domain(f, x, sp.Interval.Lopen(-4, sp.Rational(7, 2)), 5.0)
    assert decided and D == sp.S.EmptySet, notes
    with mpmath.workdps(30):
        assert all(mpmath.log(-3 - t, 2) < 0 for t in mpmath.linspace(-3.999, -3.001, 50))


def test_unbounded_intervals_with_boundaries_rational_once_peeled():
    """On (1, ∞): arccos(arctan(arctan x)) needs arctan(arctan x) ≤ 1, i.e. x ≤ tan(tan 1) ≈ 74.7 (the
    outer one-to-one functions undone: a linear boundary, within its Cauchy bound), so the domain is
    (1, tan(tan 1)] and not a window; √(ln x − 5) is defined on [e⁵, ∞).  mpmath: the conditions
    just inside and just outside the ends."""
    r = calc.extrema("arcsin(arccos(arctan(arctan(x))))", on="(1, oo)")
    assert r.domain == sp.Interval.Lopen(1, sp.tan(sp.tan(1)))
    assert r.minimum.decided and r.minimum.value.exact == 0 and r.maximum.decided and not r.maximum.attained
    with mpmath.workdps(30):
        end = mpmath.tan(mpmath.tan(1))
        g = lambda t: mpmath.atan(mpmath.atan(t))
        assert g(end - mpmath.mpf("1e-20")) < 1 < g(end + mpmath.mpf("1e-20"))
        assert abs(mpmath.acos(g(mpmath.mpf(1)))) <= 1
    r = calc.extrema("sqrt(ln(x) - 5)", on="(1, oo)")
    assert r.domain == sp.Interval(sp.exp(5), sp.oo) and r.minimum.value.exact == 0
