"""Table 2-1, row 16: the textbook's arccot (range (0, π), continuous on ℝ) everywhere;
sympy's acot (range (−π/2, π/2], a jump at 0) keeps its own meaning."""
import mpmath
import sympy as sp

import calc
import calc.autograd as ag
from calc.catalogue import native
from calc.catalogue.elementary import arccot

x = sp.Symbol("x", real=True)


def _sampled(f, a, b, n=4000):
    with mpmath.workdps(50):
        vals = [f(mpmath.mpf(a) + (mpmath.mpf(b) - a) * i / n) for i in range(n + 1)]
    return max(vals), min(vals)


def test_row_2_1_16_derivative_everywhere():
    r = calc.derivative("arccot x")
    assert sp.simplify(r.expr + 1 / (1 + x ** 2)) == 0
    assert r.undefined_at == ()
    assert calc.parse("arccot x") == arccot(x) and calc.parse("arcctg x") == arccot(x)
    assert calc.parse("acot x") == sp.acot(x)


def test_extrema_agree_with_50_digit_sampling():
    r = calc.extrema("arccot(x) + cos(3x)", on="[-3, -0.2]")
    hi, lo = _sampled(lambda t: mpmath.pi / 2 - mpmath.atan(t) + mpmath.cos(3 * t), -3, "-0.2")
    assert abs(float(r.maximum.value.approx) - float(hi)) < 1e-6
    assert abs(float(r.minimum.value.approx) - float(lo)) < 1e-6
    # sympy's acot is a different function: values below 0 on x < 0
    r = calc.extrema(sp.acot(x) + sp.cos(3 * x), on="[-3, -0.2]")
    hi, lo = _sampled(lambda t: mpmath.atan(1 / t) + mpmath.cos(3 * t), -3, "-0.2")
    assert abs(float(r.maximum.value.approx) - float(hi)) < 1e-6
    assert abs(float(r.minimum.value.approx) - float(lo)) < 1e-6


def test_extrema_of_arccot_on_symmetric_interval():
    r = calc.extrema("arccot x", on="[-2, 2]")
    assert r.maximum.attained and r.minimum.attained
    assert sp.simplify(native(r.maximum.value.exact) - (sp.pi / 2 + sp.atan(2))) == 0
    assert sp.simplify(native(r.minimum.value.exact) - (sp.pi / 2 - sp.atan(2))) == 0
    assert not r.notes
    assert [p.exact for p in r.maximum.points] == [-2] and [p.exact for p in r.minimum.points] == [2]


def test_autograd_arccot_is_the_textbook_function():
    t = ag.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    y = ag.acot(t)
    assert abs(float(y._data[0]) - 3 * mpmath.pi / 4) < 1e-15 and abs(float(y._data[1]) - mpmath.pi / 2) < 1e-15
    y.sum().backward()
    assert [float(g) for g in t.grad._data] == [-0.5, -1.0, -0.5]
    z = ag.tensor(0.0, requires_grad=True)
    assert not ag.explain(ag.acot(z)).flags
