"""sympy's own tests of ``minimum``, ``maximum``, ``function_range`` and ``stationary_points``
(sympy 1.14, sympy/calculus/tests/test_util.py: test_function_range, test_function_range1,
test_stationary_points, test_maximum, test_minimum, test_issue_19869, test_issue_16469),
restated as data: one dict per assertion.

* ``kind``: "maximum" | "minimum" | "function_range" | "stationary_points"
* ``f``, ``var``, ``domain``: the arguments sympy was given (sympy objects; ``domain`` None:
  sympy's default, the real line)
* ``sympy``: sympy's answer, or ``raises`` the exception sympy raises
* ``truth`` (where sympy raises): the answer worked out by hand, for calc to be checked
  against — ``{"max": value, "min": value}`` (sup and inf; ``oo`` allowed) or None when the
  call makes no sense (calc must refuse it with a clear error)
"""
from sympy import (Abs, Interval, FiniteSet, Rational, S, Symbol, Union, cos, exp, log, oo, pi, sec, sin,
                   sqrt, tan)
from sympy.abc import x, y

a = Symbol("a", real=True)


def case(kind, f, var, domain, sympy=None, raises=None, truth=None, note=""):
    return dict(kind=kind, f=f, var=var, domain=domain, sympy=sympy, raises=raises, truth=truth, note=note)


CASES = [
    # ---- test_function_range
    case("function_range", sin(x), x, Interval(-pi / 2, pi / 2), Interval(-1, 1)),
    case("function_range", sin(x), x, Interval(0, pi), Interval(0, 1)),
    case("function_range", tan(x), x, Interval(0, pi), Interval(-oo, oo)),
    case("function_range", tan(x), x, Interval(pi / 2, pi), Interval(-oo, 0)),
    case("function_range", (x + 3) / (x - 2), x, Interval(-5, 5),
         Union(Interval(-oo, Rational(2, 7)), Interval(Rational(8, 3), oo))),
    case("function_range", 1 / (x ** 2), x, Interval(-1, 1), Interval(1, oo)),
    case("function_range", exp(x), x, Interval(-1, 1), Interval(exp(-1), exp(1))),
    case("function_range", log(x) - x, x, S.Reals, Interval(-oo, -1)),
    case("function_range", sqrt(3 * x - 1), x, Interval(0, 2), Interval(0, sqrt(5))),
    case("function_range", x * (x - 1) - (x ** 2 - x), x, S.Reals, FiniteSet(0)),
    case("function_range", x * (x - 1) - (x ** 2 - x) + y, x, S.Reals, FiniteSet(y)),
    case("function_range", sin(x), x, Union(Interval(-5, -3), FiniteSet(4)),
         Union(Interval(-sin(3), 1), FiniteSet(sin(4)))),
    case("function_range", cos(x), x, Interval(-oo, -4), Interval(-1, 1)),
    case("function_range", cos(x), x, S.EmptySet, S.EmptySet),
    case("function_range", x / sqrt(x ** 2 + 1), x, S.Reals, Interval.open(-1, 1)),
    case("function_range", exp(x) * (sin(x) - cos(x)) / 2 - x, x, S.Reals, raises="NotImplementedError",
         truth={"max": oo, "min": -oo},
         note="f → +∞ as x → −∞ (the −x term); at x = 2kπ + π, f = e^x/2 − x → +∞, and at x = 2kπ, "
              "f = −e^x/2 − x → −∞ as k → ∞"),
    case("function_range", sin(x) + x, x, S.Reals, raises="NotImplementedError", truth={"max": oo, "min": -oo},
         note="sin x + x → ±∞ as x → ±∞"),
    case("function_range", log(x), x, S.Integers, raises="NotImplementedError", truth=None,
         note="the integers are not an interval"),
    case("function_range", sin(x) / 2, x, S.Naturals, raises="NotImplementedError", truth=None,
         note="the naturals are not an interval"),
    # ---- test_function_range1 (@slow)
    case("function_range", tan(x) ** 2 + tan(3 * x) ** 2 + 1, x, S.Reals, Interval(1, oo)),
    # ---- test_stationary_points
    case("stationary_points", sin(x), x, Interval(-pi / 2, pi / 2), FiniteSet(-pi / 2, pi / 2)),
    case("stationary_points", sin(x), x, Interval.Ropen(0, pi / 4), S.EmptySet),
    case("stationary_points", tan(x), x, None, S.EmptySet),
    case("stationary_points", sin(x) * cos(x), x, Interval(0, pi), FiniteSet(pi / 4, pi * Rational(3, 4))),
    case("stationary_points", sec(x), x, Interval(0, pi), FiniteSet(0, pi)),
    case("stationary_points", (x + 3) * (x - 2), x, None, FiniteSet(Rational(-1, 2))),
    case("stationary_points", (x + 3) / (x - 2), x, Interval(-5, 5), S.EmptySet),
    case("stationary_points", (x ** 2 + 3) / (x - 2), x, None, FiniteSet(2 - sqrt(7), 2 + sqrt(7))),
    case("stationary_points", (x ** 2 + 3) / (x - 2), x, Interval(0, 5), FiniteSet(2 + sqrt(7))),
    case("stationary_points", x ** 4 + x ** 3 - 5 * x ** 2, x, S.Reals, FiniteSet(-2, 0, Rational(5, 4))),
    case("stationary_points", exp(x), x, None, S.EmptySet),
    case("stationary_points", log(x) - x, x, S.Reals, FiniteSet(1)),
    case("stationary_points", cos(x), x, Union(Interval(0, 5), Interval(-6, -3)), FiniteSet(0, -pi, pi)),
    case("stationary_points", y, x, S.Reals, S.Reals),
    case("stationary_points", y, x, S.EmptySet, S.EmptySet),
    # ---- test_maximum
    case("maximum", sin(x), x, None, S.One),
    case("maximum", sin(x), x, Interval(0, 1), sin(1)),
    case("maximum", tan(x), x, None, oo),
    case("maximum", tan(x), x, Interval(-pi / 4, pi / 4), S.One),
    case("maximum", sin(x) * cos(x), x, S.Reals, S.Half),
    case("maximum", sin(x) * cos(x), x, Interval(pi * Rational(3, 8), pi * Rational(5, 8)), sqrt(2) / 4),
    case("maximum", (x + 3) * (x - 2), x, None, oo),
    case("maximum", (x + 3) * (x - 2), x, Interval(-5, 0), S(14)),
    case("maximum", (x + 3) / (x - 2), x, Interval(-5, 0), Rational(2, 7)),
    case("maximum", -x ** 4 - x ** 3 + x ** 2 + 10, x, None, 41 * sqrt(41) / 512 + Rational(5419, 512)),
    case("maximum", exp(x), x, Interval(-oo, 2), exp(2)),
    case("maximum", log(x) - x, x, S.Reals, S.NegativeOne),
    case("maximum", cos(x), x, Union(Interval(0, 5), Interval(-6, -3)), S.One),
    case("maximum", cos(x) - sin(x), x, S.Reals, sqrt(2)),
    case("maximum", y, x, S.Reals, y),
    case("maximum", Abs(a ** 3 + a), a, Interval(0, 2), S(10)),
    case("maximum", Abs(60 * a ** 3 + 24 * a), a, Interval(0, 2), S(528)),
    case("maximum", Abs(12 * a * (5 * a ** 2 + 2)), a, Interval(0, 2), S(528)),
    case("maximum", x / sqrt(x ** 2 + 1), x, S.Reals, S.One),
    case("maximum", sin(x), x, S.EmptySet, raises="ValueError", note="empty domain"),
    case("maximum", log(cos(x)), x, S.EmptySet, raises="ValueError", note="empty domain"),
    case("maximum", 1 / (x ** 2 + y ** 2 + 1), x, S.EmptySet, raises="ValueError", note="empty domain"),
    case("maximum", sin(x), sin(x), None, raises="ValueError", note="sin(x) is not a variable"),
    case("maximum", sin(x), x * y, S.EmptySet, raises="ValueError", note="x*y is not a variable"),
    case("maximum", sin(x), S.One, None, raises="ValueError", note="1 is not a variable"),
    # ---- test_minimum
    case("minimum", sin(x), x, None, S.NegativeOne),
    case("minimum", sin(x), x, Interval(1, 4), sin(4)),
    case("minimum", tan(x), x, None, -oo),
    case("minimum", tan(x), x, Interval(-pi / 4, pi / 4), S.NegativeOne),
    case("minimum", sin(x) * cos(x), x, S.Reals, Rational(-1, 2)),
    case("minimum", sin(x) * cos(x), x, Interval(pi * Rational(3, 8), pi * Rational(5, 8)), -sqrt(2) / 4),
    case("minimum", (x + 3) * (x - 2), x, None, Rational(-25, 4)),
    case("minimum", (x + 3) / (x - 2), x, Interval(-5, 0), Rational(-3, 2)),
    case("minimum", x ** 4 - x ** 3 + x ** 2 + 10, x, None, S(10)),
    case("minimum", exp(x), x, Interval(-2, oo), exp(-2)),
    case("minimum", log(x) - x, x, S.Reals, -oo),
    case("minimum", cos(x), x, Union(Interval(0, 5), Interval(-6, -3)), S.NegativeOne),
    case("minimum", cos(x) - sin(x), x, S.Reals, -sqrt(2)),
    case("minimum", y, x, S.Reals, y),
    case("minimum", x / sqrt(x ** 2 + 1), x, S.Reals, S.NegativeOne),
    case("minimum", sin(x), x, S.EmptySet, raises="ValueError", note="empty domain"),
    case("minimum", log(cos(x)), x, S.EmptySet, raises="ValueError", note="empty domain"),
    case("minimum", 1 / (x ** 2 + y ** 2 + 1), x, S.EmptySet, raises="ValueError", note="empty domain"),
    case("minimum", sin(x), sin(x), None, raises="ValueError", note="sin(x) is not a variable"),
    case("minimum", sin(x), x * y, S.EmptySet, raises="ValueError", note="x*y is not a variable"),
    case("minimum", sin(x), S.One, None, raises="ValueError", note="1 is not a variable"),
    # ---- test_issue_19869, test_issue_16469
    case("maximum", sqrt(3) * (x - 1) / (3 * sqrt(x ** 2 + 1)), x, None, sqrt(3) / 3),
    case("function_range", Abs(a), a, S.Reals, Interval(0, oo, False, True)),
]
