"""The shared stages: interval/box parsing, the ball compiler, root isolation."""
import threading

import pytest
import sympy as sp

from calc.errors import DomainError, ParseError
from calc.multivariate import parse_box as mv_parse_box
from calc.stages.balls import NotCompilable, compile_ball, compile_balls, ball, to_arb
from calc.stages.intervals import parse_box, parse_interval
from calc.stages.precision import precision
from calc.stages.roots import isolate_roots

x, y = sp.symbols("x y", real=True)


@pytest.mark.parametrize("on", ["x in [-1, 1], y in [0, 2]", {"x": "[0, 1]", "y": (1, 3)},
                                "-1 <= x <= 1, 0 <= y <= 2", "x: [0, pi], y = [-1, 1]"])
def test_parse_box_same_as_multivariate(on):
    assert parse_box(on) == mv_parse_box(on)


@pytest.mark.parametrize("on", ["x in [0, oo)", "x in (0, 1]", "x in [1, 1]", "x in [0, 1, 2]", "x [0, 1]"])
def test_parse_box_errors_same_as_multivariate(on):
    with pytest.raises((DomainError, ParseError)) as a:
        parse_box(on)
    with pytest.raises((DomainError, ParseError)) as b:
        mv_parse_box(on)
    assert type(a.value) is type(b.value) and str(a.value) == str(b.value)


def test_parse_interval():
    assert parse_interval("R") == sp.S.Reals
    assert parse_interval("x in (0, 1]") == sp.Interval.Lopen(0, 1)
    with pytest.raises(ParseError):
        parse_interval("[0, 1, 2]")
    with pytest.raises(DomainError):
        parse_interval("(1, 1]")


def _width(b):
    return float((b.upper() - b.lower()).mid())


def test_tight_enclosures():
    with precision(64):
        # x² on [-1, 1] is [0, 1]; arb's own ** gives NaN or [-1, 1]
        v = compile_ball(x**2, x)(ball(-1, 1))
        assert v.lower() > -1e-6 and v.upper() < 1 + 1e-6
        # |x|³ is rewritten to x³ sign(x)³ and still enclosed as |x|³
        v = compile_ball(sp.Abs(x)**3, x)(ball(-1, 2))
        assert v.lower() > -1e-6 and v.upper() < 8 + 1e-6
        # x/|x| cancels to sign(x): exact away from 0
        assert compile_ball(x / sp.Abs(x), x)(ball(1, 2)) == 1
        # sin over a ball crossing π/2 reaches 1 but no more
        v = compile_ball(sp.sin(x), x)(ball(1, 2))
        assert v.upper() < 1 + 1e-6 and v.upper() > 0.9999
        # several variables
        v = compile_balls(sp.sqrt(x**2 + y**2), [x, y])([ball(-1, 1), ball(-1, 1)])
        assert v.lower() > -1e-6 and v.upper() < 1.4143


def test_odd_real_roots_are_one_continuous_function():
    """calc's ∛u is sign(u)|u|^(1/3): enclosed as one increasing function across u = 0 (no jump of
    sign(u) recorded, the ends ∛ of the ball's ends: mpmath's cbrt), and x^(−1/3) has a pole at 0."""
    import mpmath
    from calc.parsing import parse
    f = parse("(x - 1)^(1/3)")
    t = next(iter(f.free_symbols))
    with precision(128):
        v, st = compile_ball(f, t).enclose(ball(-7, 9))
        assert st.discontinuity == 0 and v.is_finite()
        assert abs(float(v.lower()) + float(mpmath.cbrt(8))) < 1e-6 and abs(float(v.upper()) - 2) < 1e-6
        assert not compile_ball(parse("x^(-1/3)"), t)(ball(-1, 1)).is_finite()
        w = compile_ball(parse("x^(-1/3)"), t)(ball(-8, -1))
        assert abs(float(w.lower()) + 1) < 1e-6 and abs(float(w.upper()) + 0.5) < 1e-6


def test_state_is_per_call():
    f = compile_ball(sp.sign(x), x)
    v, st = f.enclose(ball(-1, 1))
    assert st.discontinuity == 1
    v, st = f.enclose(ball(1, 2))
    assert st.discontinuity == 0 and v == 1
    g = compile_balls(sp.log(x) + y, [x, y])
    _, st = g.enclose([ball(-2, -1), ball(0, 1)])
    assert st.outside
    _, st = g.enclose([ball(1, 2), ball(0, 1)])
    assert not st.outside


def test_state_no_race_between_threads():
    f = compile_ball(sp.sign(x - sp.Rational(1, 2)), x)
    bad = []

    def work(lo, hi, expect):
        for _ in range(300):
            _, st = f.enclose(ball(lo, hi))
            if (st.discontinuity > 0) != expect:
                bad.append((lo, hi))
    ts = [threading.Thread(target=work, args=(0, 1, True)), threading.Thread(target=work, args=(1, 2, False))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not bad


def test_constants_and_sympy_acot():
    r = sp.Dummy("r")
    f = compile_balls(x + r, [x], constants={r: to_arb(2)})
    assert f([to_arb(1)]) == 3
    with pytest.raises(NotCompilable):
        compile_balls(x + r, [x])
    # sympy's acot is atan(1/x): negative for x < 0, a jump at 0
    v = compile_ball(sp.acot(x), x)(to_arb(-1))
    assert v.overlaps(to_arb(-sp.pi / 4))
    assert compile_ball(sp.acot(x), x).enclose(ball(-1, 1))[1].discontinuity


def test_isolate_roots_certified():
    g = compile_ball(sp.exp(x) - 6 * x, x)
    dg = compile_ball(sp.exp(x) - 6, x)
    with precision(128):
        roots, und, pl = isolate_roots(g, dg, 0, 5)
    assert len(roots) == 2 and not und and not pl
    # a jump of sign(x) is not a root
    with precision(128):
        roots, und, _ = isolate_roots(compile_ball(sp.sign(x), x), compile_ball(sp.S.Zero, x), -1, 1)
    assert not roots
