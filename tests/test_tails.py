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
