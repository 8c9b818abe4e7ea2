"""One-sided bounds where a ball has none (calc.stages.one_sided), checked against mpmath samples at 30
digits, and the domains they decide next to 0 (ln x, a logarithm of a product through 0)."""
import mpmath as mp
import pytest
import sympy as sp
from flint import arb

import calc
from calc.parsing import parse
from calc.stages.one_sided import bounds


@pytest.mark.parametrize("text, a, b, sides", [
    ("ln(x)", "0", "1e-9", (False, True)),
    ("sqrt(x)*log(2) + x*log(2) + ln(x) + log(2)*atan(x)", "0", "1e-9", (False, True)),
    ("-3*ln(x)", "0", "0.5", (True, False)),
    ("1/x", "0", "1", (True, False)),
    ("(exp(x)-1000)^(-1/2)", "6.907755278982137", "6.9077552789822", (True, False)),
    ("x^x", "0", "0.001", (True, True)),
    ("arccot(1/x) - 2", "0", "0.01", (True, True)),
    ("exp(-1/x) * x", "0", "0.5", (True, True)),
    # next to the pole at ln 1000 (from the right: the base near 6.9^6.9 > 1, the exponent → +∞)
    ("(((x^(x)) - (x + (3/2))) + (tan(x)^2))^((exp(x) - (10^(3)))^(-1/2))", "6.90775527898214", "6.90775528069921",
     (True, True)),
])
def test_bounds_hold_at_samples(text, a, b, sides):
    """Each bound found holds at mpmath samples of the box where f is defined (a side that should be
    found, is)."""
    f = parse(text)
    x = next(iter(f.free_symbols))
    lo, hi = bounds(f, x, arb(a), arb(b))
    assert (lo is not None, hi is not None) == sides
    g = sp.lambdify(x, f.subs(x, sp.Symbol("t", positive=True)).subs(sp.Symbol("t", positive=True), x),
                    modules=["mpmath", {"arccot": lambda t: mp.pi / 2 - mp.atan(t)}])
    with mp.workdps(30):
        A, B = mp.mpf(a), mp.mpf(b)
        for k in range(1, 400):
            t = A + (B - A) * mp.mpf(k) / 400 if k % 2 else A + (B - A) * mp.mpf(2) ** (-k / 8)
            if not (A < t <= B):
                continue
            v = g(t)
            if isinstance(v, mp.mpc) or not mp.isfinite(v):
                continue
            if lo is not None:
                assert v >= mp.mpf(lo.lower().str(30, radius=False)) - mp.mpf(10) ** -25 * (1 + abs(v)), (t, v)
            if hi is not None:
                assert v <= mp.mpf(hi.upper().str(30, radius=False)) + mp.mpf(10) ** -25 * (1 + abs(v)), (t, v)


def test_domains_decided_next_to_zero_by_one_sided_bounds():
    """√(√x + arctan x − log_{1/2} x + x) on [−5, 5/2): next to 0 the radicand is at most
    ln 2·(√ε + ε + arctan ε) + ln ε < 0 (ln x has no ball there): the domain starts at the root r ≈ 0.3856
    of the radicand, where f = 0 is the minimum.  ln(ln(arccot x) + ln x) is defined nowhere on (−5, 5/2):
    x·arccot x < 1 for x > 0 (mpmath samples)."""
    r = calc.extrema("sqrt((sqrt(x) + arctan(x)) - (log(x, (1/2)) - x))", on="[-5, 5/2)")
    assert r.minimum.decided and r.minimum.value.exact == 0 and r.maximum.decided
    with mp.workdps(30):
        h = lambda t: mp.sqrt(t) + mp.atan(t) + mp.log(t) / mp.log(2) + t
        root = mp.findroot(h, 0.38)
        assert abs(r.minimum.points[0].approx - root) < 1e-9
        assert all(h(mp.mpf(2) ** -k) < 0 for k in range(2, 200))
    with pytest.raises(calc.EmptyDomainError):
        calc.extrema("ln(ln(arccot(x)) + ln(x))", on="(-5, 5/2)")
    with mp.workdps(30):
        assert all(t * mp.atan(1 / t) < 1 for t in [mp.mpf(2) ** k for k in range(-60, 40)])     # arccot t = arctan(1/t)


def test_a_region_next_to_a_pole_is_harmless_by_a_lower_bound():
    """(x^x − x − 3/2 + tan²x)^((e^x − 1000)^(−1/2)) on (−9/2, ∞): f → +∞ at ln 1000⁺ (sup = ∞), and in the
    box there where f′'s roots are not isolated f has no useful ball, but f ≥ (its base's lower bound)^
    (a large lower bound of the exponent) ≫ any candidate for the minimum: no extremum there (mpmath: f
    next to ln 1000 is above 10^4000)."""
    r = calc.extrema("(((x^(x)) - (x + (3/2))) + (tan(x)^2))^((exp(x) - (10^(3)))^(-1/2))", on="(-9/2, oo)")
    assert r.maximum.decided and r.maximum.value.exact == sp.oo
    assert not any("reaches the extreme values" in n for n in r.notes)
    with mp.workdps(30):
        f = lambda t: (t ** t - t - mp.mpf(3) / 2 + mp.tan(t) ** 2) ** ((mp.exp(t) - 1000) ** -0.5)
        assert f(mp.log(1000) + mp.mpf("1e-9")) > mp.mpf(10) ** 4000
