"""f = F(u) with F periodic and u running through a whole period somewhere on the interval (at an
infinite end, at an interior pole of an inner function, or over a long range): the extrema are F's
over one period (calc/stages/sweep.py).  Expected values are closed forms worked out by hand; the
points calc lists are checked with mpmath at 50 digits, unboundedness by mpmath values next to the
pole."""
import mpmath as mp
import pytest
import sympy as sp

import calc
from calc.extrema import extrema_1d
from calc.parsing import parse_written
from calc.stages.context import Run
from calc.stages.intervals import parse_interval
from calc.stages.sweep import find_sweep

k = sp.Symbol("k", integer=True)


def sweep_of(text, on, timeout=8.0):
    """The sweep stage alone on f and the interval (the finder on one period for F)."""
    f, written = parse_written(text)
    x = sorted(f.free_symbols, key=lambda s: s.name)[0]
    run = Run(f, x, parse_interval(on), 15, timeout)
    run.written = written
    return find_sweep(run, lambda F, U, T, s, w: extrema_1d(F, U, sp.Interval(0, T), 15, s, w, sweep=False))


def at(fn, p):
    """fn at a point calc lists (exact, or the middle of a certified enclosure), at 50 digits."""
    with mp.workdps(50):
        t = mp.mpf(sp.N(p.exact, 60)) if p.exact is not None else (mp.mpf(p.lo) + mp.mpf(p.hi)) / 2
        return fn(t)


def test_power_argument_at_an_infinite_end_end_to_end():
    # cos((3x + 2)^4) on (−∞, −1]: (3x + 2)^4 runs from 1 to ∞, so max 1 and min −1, attained
    r = calc.extrema("cos(((x + 2) + (x + x))^4)", on="(-oo, -1]", timeout=10)
    assert r.maximum.decided and r.maximum.attained and r.maximum.value.exact == 1
    assert r.minimum.decided and r.minimum.attained and r.minimum.value.exact == -1
    for ext, v in ((r.maximum, 1), (r.minimum, -1)):
        assert ext.families
        # the points listed, and those of the families given by formulas x(k) that lie on (−∞, −1]
        xs = [p.exact if p.exact is not None else sp.Float((p.lo + p.hi) / 2, 30) for p in ext.points]
        xs += [x for fam in ext.families if fam.formula is not None for x in
               (fam.formula.xreplace({k: j}) for j in range(0, 40)) if x.is_real and x <= -1]
        assert xs
        for x in xs:
            with mp.workdps(50):
                assert abs(mp.cos((3 * mp.mpf(sp.N(x, 60)) + 2) ** 4) - v) < mp.mpf(10) ** -12


def test_cube_argument_on_a_half_line_families():
    # arccot(sin x³) on [3, ∞): the textbook arccot decreases, so max arccot(−1) = 3π/4, min arccot(1) = π/4
    sw = sweep_of("arccot(sin(x^3))", "[3, oo)")
    assert sw.maximum.value.exact == 3 * sp.pi / 4 and sw.minimum.value.exact == sp.pi / 4
    fam = sw.maximum.families[0]
    xs = [fam.formula.xreplace({k: j}) for j in (4, 5, 9)]
    with mp.workdps(50):
        for v in xs:
            t = mp.mpf(sp.N(v, 60))
            assert t >= 3
            assert abs((mp.pi / 2 - mp.atan(mp.sin(t ** 3))) - 3 * mp.pi / 4) < mp.mpf(10) ** -40


def test_defined_at_isolated_points_only():
    # arccos(sec(sec x)) is defined only where sec(sec x) = ±1, i.e. sec x = kπ: max π, min 0
    sw = sweep_of("arccos(sec(sec(x)))", "(-2, -3/2]")
    assert sw.maximum.value.exact == sp.pi and sw.minimum.value.exact == 0
    for ext, v in ((sw.maximum, mp.pi), (sw.minimum, 0)):
        assert ext.points
        for p in ext.points:
            assert p.exact is not None and -2 < p.float <= -1.5
            with mp.workdps(60):
                s = mp.sec(mp.sec(mp.mpf(sp.N(p.exact, 80))))
            assert abs(abs(s) - 1) < mp.mpf(10) ** -50 and (s < 0) == (v != 0)


def test_interior_pole_of_an_inner_function():
    # arctan(sin(csc(x + 2/3))) on (−3/2, 2]: csc(x + 2/3) → ±∞ at x = −2/3, so ±π/4 attained
    sw = sweep_of("arctan(sin(csc(x - (-2/3))))", "(-3/2, 2]")
    assert sw.maximum.value.exact == sp.pi / 4 and sw.minimum.value.exact == -sp.pi / 4
    assert -1.5 <= float(sw.a) < float(sw.b) <= 2
    for p in sw.maximum.points:
        assert abs(at(lambda t: mp.atan(mp.sin(mp.csc(t + mp.mpf(2) / 3))), p) - mp.pi / 4) < mp.mpf(10) ** -12


def _pole_both_ways(f, u, target, a, b):
    """mpmath: x* in [a, b] with u(x*) = target() (bisection; u − target changes sign there), and f
    beyond ±10^10 on the two sides of x* (a pole of f where it changes sign: unbounded both ways)."""
    with mp.workdps(60):
        target = target()
        lo, hi = mp.mpf(a), mp.mpf(b)
        s = mp.sign(u(lo) - target)
        assert s == -mp.sign(u(hi) - target)
        for _ in range(180):
            m = (lo + hi) / 2
            lo, hi = (m, hi) if mp.sign(u(m) - target) == s else (lo, m)
        d = mp.mpf(10) ** -40
        vals = [f(lo - d), f(hi + d)]
    return max(vals) > 1e10 and min(vals) < -1e10


def test_unbounded_outer_function():
    # tan(2^(−tan x − 2)) on (−5, −5/2): 2^(−tan x − 2) → ∞ as x → −3π/2+, tan takes every value
    sw = sweep_of("tan((1/2)^(tan(x) - (-2)))", "(-5, -5/2)")
    assert sw.maximum.value.exact == sp.oo and sw.minimum.value.exact == -sp.oo
    assert not sw.maximum.attained and not sw.minimum.attained

    def u(t):
        return mp.mpf(2) ** (-mp.tan(t) - 2)
    # a pole of tan u on the interval: u = 7π/2, between x = −4.6 and x = −4.5
    assert _pole_both_ways(lambda t: mp.tan(u(t)), u, lambda: 7 * mp.pi / 2, -4.6, -4.5)


def test_product_with_a_factor_of_one_sign():
    # G(x)/cos(csc x) next to −π with G = −3(arccos eˣ − arccos 2ˣ)/(2x) > 0 there: sup ∞, inf −∞
    sw = sweep_of("(arccos(exp(x)) - arccos(2^(x))) / (cos(csc(x)) * (x / (-2/3)))", "[-9/2, -3)")
    assert sw.op == "*" and sw.maximum.value.exact == sp.oo and sw.minimum.value.exact == -sp.oo

    def f(t):
        return (mp.acos(mp.exp(t)) - mp.acos(2 ** t)) / (mp.cos(mp.csc(t)) * (t / (-mp.mpf(2) / 3)))
    # a zero of cos(csc x) on the interval: csc x = 21π/2, just left of −π
    assert _pole_both_ways(f, mp.csc, lambda: 21 * mp.pi / 2, -3.3, -3.1416)


@pytest.mark.parametrize("text,on", [("sin(x^2)", "[0, 2]"), ("cos(x)^2 + x", "[0, 1]")])
def test_no_sweep_claimed_without_a_whole_period(text, on):
    # x² on [0, 2] covers [0, 4], less than the period 2π; cos(x)² + x is no function of a periodic form
    assert sweep_of(text, on) is None
