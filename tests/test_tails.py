"""Signs on whole half-lines (calc.stages.tails) and the extremum answers they decide, checked against
mpmath (30 digits, far out on the tail) and values derived by hand."""
import mpmath as mp
import pytest
import sympy as sp

import calc
from calc.stages.tails import NEG, NONNEG, NONPOS, POS, conditions_on_tail, sign_on_tail

x = sp.Symbol("x", real=True)
FAR = [1, 1.5, 3, 10, 1e3, 1e6, 1e12, 1e30, 1e80]      # multiples of R


def _mp_sign_ok(e, R, direction, s):
    """Does e have the sign s at points of the tail far out (mpmath, 30 digits)?"""
    f = sp.lambdify(x, e, modules="mpmath")
    with mp.workdps(30):
        for k in FAR:
            v = f(mp.mpf(direction) * mp.mpf(R) * mp.mpf(k))
            if isinstance(v, mp.mpc):
                assert abs(v.imag) < 1e-20
                v = v.real
            assert {POS: v > 0, NEG: v < 0, NONNEG: v >= 0, NONPOS: v <= 0}[s], (e, k, v)


@pytest.mark.parametrize("e, R, direction, expected", [
    (x**x * (sp.log(x) + 1) - 1 + 1 / (2 * sp.sqrt(x)), 20, 1, POS),       # f′ of x^x − x + √x
    (2 * x * sp.atan(2) + 1, 25, 1, POS),                                   # rational beyond its root
    (2 * x * sp.atan(2) + 1, 25, -1, NEG),
    (x * sp.atan(x ** sp.Rational(-1, 3)), 20, 1, POS),                      # moving towards its limit ∞
    (sp.atan(1 / x), 20, 1, POS),                                          # decreasing to the limit 0
    (sp.exp(x) - x**5, 30, 1, POS),                                         # a dominant term
    (x - sp.sin(x) - 3, 20, 1, POS),                                        # a bounded term against x
    (1 + sp.sin(x), 20, -1, NONNEG),                                        # ranges, exactly
    (sp.log(sp.log(x)), 20, 1, POS),
    (-sp.log(x) / sp.log(2), 20, 1, NEG),
    (sp.sin((x + sp.cos(x) + 1) ** -sp.sqrt(x)), 4, 1, POS),               # sin of an argument falling to 0
    (sp.cot(1 / (x + sp.sin(x) / 2)) - 4, 20, 1, POS),                      # cot of one: rising to ∞
    (sp.Rational(17, 10) - sp.acos(sp.sin(x) / x), 22, -1, POS),              # sin x/x in [−1/22, 1/22]: ball at 1/x
    (sp.Rational(3, 2) - sp.acos(sp.sin(x) / x), 22, -1, NEG),                # (arccos(1/22) > 3/2)
    (sp.Rational(1, 400) + sp.cos(x) / x**2, 22, 1, POS),                     # |cos x/x²| ≤ 1/484
    (-sp.sin(1 / x), 5, 1, NEG),                                              # sin u → sin 0 = 0, never reached
    (sp.sin(sp.atan(x ** -4)), 30, -1, POS),
])
def test_sign_on_tail_proves_and_agrees_with_mpmath(e, R, direction, expected):
    got = sign_on_tail(e, x, R, direction, 5.0)
    assert got == expected
    _mp_sign_ok(e, R, direction, got)


@pytest.mark.parametrize("e, R, direction", [
    (sp.cos(x), 20, 1),                       # changes sign on every period
    (x - 100, 20, 1),                         # a zero beyond R
    (x**2 - 1000 * x, 20, 1),
    (sp.sin(x) + 1 / x, 20, 1),
])
def test_sign_on_tail_refuses_what_changes_sign(e, R, direction):
    assert sign_on_tail(e, x, R, direction, 5.0) is None


def test_holes_bound_where_defined():
    # arctan(tan x)/x: |f| ≤ (π/2)/x wherever tan x is defined; not a sign on the whole tail (poles)
    e = sp.Rational(1, 3) - sp.atan(sp.tan(x)) / x
    assert sign_on_tail(e, x, 27, 1, 5.0) is None
    assert sign_on_tail(e, x, 27, 1, 5.0, holes=True) == POS


def test_conditions_on_tail():
    assert conditions_on_tail([sp.log(x) / sp.log(sp.Rational(1, 2)) > 0], x, 20, 1) is False
    assert conditions_on_tail([sp.log(sp.log(x)) > 0, sp.sin(x) + 1 >= 0], x, 20, 1) is True
    assert conditions_on_tail([sp.cos(x) > 0], x, 20, 1) is None
    # on (−∞, −1] the relation ln x > 0 cannot even be formed in y = −x; x > 0 fails everywhere there
    assert conditions_on_tail([sp.log(x) > 0, x > 0], x, 1, -1) is False


def test_defined_nowhere_on_a_left_half_line():
    with pytest.raises(calc.EmptyDomainError):
        calc.extrema("ln(ln(x))", on="(-oo, -1]")


def _num(v):
    return float(v.exact) if v.exact is not None else (v.lo + v.hi) / 2


# (a generous budget: these answers are checked for correctness, not speed; the window's domain takes ~2 s)
def test_monotone_tail_decides_infimum_at_open_end():
    # f = 10^(x − 1 + arctan(2)·x²) increases on (5/2, ∞): inf at 5/2 (not attained), sup ∞
    r = calc.extrema("10^(((x + (-2)) - (-1)) - (arctan((-2)) / (x^(-2))))", on="(5/2, oo)", timeout=30)
    assert r.maximum.decided and r.maximum.value.exact == sp.oo
    assert r.minimum.decided and not r.minimum.attained
    assert abs(_num(r.minimum.value) - float(10 ** (1.5 + 25 * mp.atan(2) / 4))) < 1e-3


def test_tail_with_holes_bounded_where_defined():
    # (x − 3)²/(x² + 1) where sin x ≠ 0: holes at kπ beyond the window too; on the tail 0 < f < 1, so the
    # extrema are those of the window: 5 at x = 1/2 (f decreases to 3, then rises towards 1), 0 at x = 3
    r = calc.extrema("(x-3)^2/(x^2+1) * sin(x)/sin(x)", on="[1/2, oo)", timeout=30)
    assert r.maximum.decided and r.maximum.value.exact == 5 and [p.exact for p in r.maximum.points] == [sp.S.Half]
    assert r.minimum.decided and r.minimum.value.exact == 0 and [p.exact for p in r.minimum.points] == [3]


def test_pole_beyond_the_window():
    # csc(ln(−2/x)) has poles at x = −2e^(kπ); the first one, −2e^π ≈ −46.3, lies beyond the window [−28, −4)
    assert mp.sin(mp.log(-2 / (-2 * mp.e ** mp.pi))) == pytest.approx(0, abs=1e-12)
    r = calc.extrema("csc(ln((-2) / x))", on="(-oo, -4)", timeout=30)
    assert r.maximum.decided and r.maximum.value.exact == sp.oo
    assert r.minimum.decided and r.minimum.value.exact == -sp.oo


def test_dominant_term_on_the_tail():
    # x^x + 25/4 − x + √x on [−7/2, ∞) (defined for x > 0): one minimum where f′ = 0, found by mpmath
    r = calc.extrema("x^x + 25/4 - x + sqrt(x)", on="[-7/2, oo)", timeout=30)
    with mp.workdps(30):
        f = lambda t: t**t + mp.mpf(25) / 4 - t + mp.sqrt(t)    # noqa: E731
        p = mp.findroot(lambda t: mp.diff(f, t), 0.6)
        grid = min(f(mp.mpf(k) / 100) for k in range(1, 2000))
    assert r.maximum.decided and r.maximum.value.exact == sp.oo
    assert r.minimum.decided and abs(_num(r.minimum.value) - float(f(p))) < 1e-9 and f(p) <= grid
    assert abs(_num(r.minimum.points[0]) - float(p)) < 1e-9


def test_a_bounded_tail_read_at_one_over_x():
    """arccos(√(x⁻²)/csc x) on (−∞, −1]: holes at kπ (csc), and the domain beyond the window is not
    described; there |sin x/x| ≤ 1/22 (the ball of −t sin(1/t) on t ∈ [0, 1/22], sin contributing its
    range), so f stays within arcsin(1/22) of π/2: no extremum beyond the window.  Max 1 + π/2 at −1,
    min at the root of tan x = x near −4.49 (mpmath: dense samples on [−60, −1], and the bound)."""
    r = calc.extrema("arccos(sqrt(x^(-2)) / csc(x))", on="(-oo, -1]")
    assert r.maximum.decided and r.minimum.decided
    assert r.maximum.value.exact == 1 + sp.pi / 2
    with mp.workdps(30):
        f = lambda t: mp.acos(mp.sin(t) / abs(t))
        p = mp.findroot(lambda t: mp.tan(t) - t, -4.49)
        grid = [-1 - 59 * mp.mpf(k) / 20000 for k in range(20001)]
        assert min(f(t) for t in grid if abs(mp.sin(t)) > 1e-12) > f(p) - 1e-12
        assert abs(mp.mpf(r.minimum.value.lo) - f(p)) < 1e-12 and abs(r.minimum.points[0].approx - p) < 1e-9
        assert f(p) < mp.pi / 2 - mp.asin(mp.mpf(1) / 22) and mp.pi / 2 + mp.asin(mp.mpf(1) / 22) < 1 + mp.pi / 2


def test_an_infinite_limit_beyond_the_window_where_only_isolated_points_are_missing():
    """x(2x − 1) − sin(0)·csc x on (−7/2, ∞): csc x excludes every kπ, so the domain beyond the window
    is not described — but only isolated points are missing there (the zeros of sin x, which is
    sin of a strictly increasing argument), so f is defined arbitrarily far out and f → ∞: no maximum.
    The minimum −1/8 at x = 1/4 (2x² − x wherever defined; mpmath samples and the vertex), and f > −1/8
    on the tail.  A condition whose zeros may fill an interval (|x| − x ≠ 0 on x > 0) proves nothing."""
    r = calc.extrema("(x * ((x + x) - (x / x))) - (sin(x - x) * csc(x))", on="(-7/2, oo)")
    assert r.maximum.decided and r.maximum.value.exact == sp.oo and not r.maximum.attained
    assert r.minimum.decided and r.minimum.value.exact == sp.Rational(-1, 8)
    assert [p.exact for p in r.minimum.points] == [sp.Rational(1, 4)]
    with mp.workdps(30):
        f = lambda t: t * (2 * t - 1) - mp.sin(0) / mp.sin(t)
        assert min(f(mp.mpf(k) / 1000) for k in range(-3499, 40000) if k) >= mp.mpf(-1) / 8
        assert f(mp.mpf(10) ** 6 + mp.mpf("0.5")) > 10 ** 11
    from calc.parsing import parse
    from calc.stages.beyond import dense_on_tail
    from calc.stages.context import Run
    for text, dense in (("x / sin(x)", True), ("1 / (abs(x) - x)", False), ("1 / sin(x^2 + sin(x))", True)):
        g = parse(text)
        run = Run(g, next(iter(g.free_symbols)), sp.Interval(1, sp.oo), 15, 5)
        assert dense_on_tail(run, sp.Integer(22), 1, []) is dense, text


@pytest.mark.parametrize("text, on, u, shift", [
    ("x * (((x + x) / csc(x))^5)", "(-oo, 3)", lambda t: t, mp.pi / 2),                 # 32x⁶ sin⁵x
    ("exp(ln((1/3) - x)) / sec(cos(x) + (x + x))", "(-oo, -4)", lambda t: mp.cos(t) + 2 * t, 0),
])
def test_unbounded_swings_beyond_the_window_where_only_isolated_points_are_missing(text, on, u, shift):
    """f = g·E(u)^n with E = 1/csc = sin or 1/sec = cos (n odd), u → −∞ and |g| → ∞: f = ±g wherever
    E(u) = ±1, points that are never among the excluded zeros of sin u (csc) or cos u (sec); g and u
    are defined on the whole tail.  sup = ∞, inf = −∞ (mpmath: f far out where u = shift + jπ, E = ±1)."""
    r = calc.extrema(text, on=on)
    assert (r.maximum.value.exact, r.minimum.value.exact) == (sp.oo, -sp.oo)
    assert r.maximum.decided and r.minimum.decided and not r.maximum.attained
    f = sp.lambdify(x, calc.parsing.parse(text).subs(calc.parsing.symbol("x"), x), modules="mpmath")
    with mp.workdps(30):
        values = []
        for j in range(-700, -694):
            t = mp.findroot(lambda t: u(t) - shift - j * mp.pi, j * mp.pi / (2 if shift == 0 else 1))
            values.append(f(t))
        assert max(values) > 1000 and min(values) < -1000


def test_a_function_of_an_argument_tending_to_its_zero():
    """(1/2)^cos(arccot x⁴) on (−∞, 5]: f′ = −4·2^(−cos u) x³ ln 2 sin(u)/(x⁸ + 1), u = arccot x⁴, and
    sin u > 0 on the whole tail x < −30 although sin's ball on [0, u(−30)] touches 0: u decreases
    strictly to 0, never reaching it, and sin is increasing there.  Max 1 at 0; inf 1/2 at −∞, not
    attained (mpmath: f(5) and f far out are above 1/2, f(0) = 1 is the largest sample)."""
    r = calc.extrema("(1/2)^(cos(arccot(x^4)))", on="(-oo, 5]")
    assert r.maximum.decided and r.maximum.value.exact == 1 and [p.exact for p in r.maximum.points] == [0]
    assert r.minimum.decided and not r.minimum.attained and r.minimum.value.exact == sp.Rational(1, 2)
    with mp.workdps(30):
        f = lambda t: mp.mpf(2) ** -mp.cos(mp.acot(t ** 4)) if t != 0 else mp.mpf(1)
        samples = [f(mp.mpf(k) / 50) for k in range(-5000, 251)] + [f(-mp.mpf(10) ** 3)]
        assert max(samples) == 1 and min(samples) > mp.mpf(1) / 2


def test_a_sum_whose_large_terms_cancel_is_signed_collected():
    """f′'s numerator for (x − arctan 2^x)/(x − 3) on [5, ∞): −x(4^x + 1) + (4^x + 1) arctan 2^x +
    (x − 3)(4^x − 2^x ln 2 + 1); its terms in x·4^x cancel, so neither sign nor dominance is seen term by
    term; expanded and collected over 4^x and 2^x it is 4^x (arctan 2^x − 3) + 2^x (3 − x) ln 2 +
    arctan 2^x − 3 < 0 (mpmath at 300 digits: the cancellation needs them)."""
    e = -x * (4**x + 1) + (4**x + 1) * sp.atan(2**x) + (x - 3) * (4**x - 2**x * sp.log(2) + 1)
    assert sign_on_tail(e, x, 30, 1, 5.0) == NEG
    f = sp.lambdify(x, e, modules="mpmath")
    with mp.workdps(300):
        assert all(f(mp.mpf(t)) < 0 for t in (30, 31.5, 50, 100, 200, 400))
    r = calc.extrema("(x - arctan(2^(x))) / (x + (((-3) / x) * x))", on="[5, oo)")
    assert r.maximum.decided and r.minimum.decided and r.minimum.value.exact == 1 and not r.minimum.attained
