#!/usr/bin/env python3
"""Generator for problems.json (hand-derived expected answers).

The expected answers below were derived by hand (exact critical points,
endpoint comparisons).  Transcendental critical points are given as
``R(guess)`` and are polished here with mpmath.findroot on f'.  The float
fields of problems.json are computed from the exact strings.  Nothing here is
trusted: ``verify.py`` re-checks every answer independently by dense
high-precision sampling.

Usage:  python benchmarks/extrema/make_problems.py   (rewrites problems.json)
"""
import json
import os

import mpmath as mp
import sympy as sp

mp.mp.dps = 40
X = sp.Symbol("x")
HERE = os.path.dirname(os.path.abspath(__file__))


class R:
    """A critical point given only numerically: root of f' near `guess`."""

    def __init__(self, guess):
        self.guess = guess


def E(value, points=(), plateau=(), at=None):
    """Attained extremum.  value=None -> value computed as f(points[0]) and
    stored as null (no closed form); value='at' -> exact value f(at) with the
    exact point string `at` (e.g. a CRootOf) substituted symbolically."""
    return dict(attained=True, value=value, points=list(points),
                plateau=[list(p) for p in plateau], reason=None, at=at)


def NA(value, reason):
    return dict(attained=False, value=value, points=[], plateau=[],
                reason=reason, at=None)


P = []


def add(pid, cat, f, interval, mx, mn):
    P.append(dict(id=pid, category=cat, f=f, interval=interval,
                  max=mx, min=mn))


pi = "pi"
# --------------------------------------------------------------- polynomial
c = "polynomial"
add("poly-01", c, "x**3 - 3*x", "[-2, 2]", E("2", ["-1", "2"]), E("-2", ["-2", "1"]))
add("poly-02", c, "x**4 - 2*x**2", "[-2, 2]", E("8", ["-2", "2"]), E("-1", ["-1", "1"]))
add("poly-03", c, "x**5 - 5*x + 1", "[-3/2, 3/2]", E("5", ["-1"]), E("-3", ["1"]))
# f' = x^5 - x - 1: Galois group S5, no solution in radicals
r = "CRootOf(x**5 - x - 1, 0)"
# r^5 = r + 1  =>  f(r) = -r^2/3 - 5r/6
add("poly-04", c, "x**6/6 - x**2/2 - x", "[-1, 2]", E("20/3", ["2"]),
    E(f"-{r}**2/3 - 5*{r}/6", [r]))
# f' = x^5 - 4x + 2 (Eisenstein, S5): three real roots, global min at the smallest
r = "CRootOf(x**5 - 4*x + 2, 0)"
# r^5 = 4r - 2  =>  f(r) = -4r^2/3 + 5r/3
add("poly-05", c, "x**6/6 - 2*x**2 + 2*x", "[-2, 2]", E("20/3", ["2"]),
    E(f"-4*{r}**2/3 + 5*{r}/3", [r]))
add("poly-06", c, "x**4 - 4*x**3 + 4*x**2", "[-1, 3]", E("9", ["-1", "3"]), E("0", ["0", "2"]))
add("poly-07", c, "3*x**4 - 4*x**3 - 12*x**2 + 5", "[-2, 3]", E("37", ["-2"]), E("-27", ["2"]))
add("poly-08", c, "x**3 - 6*x**2 + 9*x + 1", "[0, 4]", E("5", ["1", "4"]), E("1", ["0", "3"]))
add("poly-09", c, "x**3 - 2*x - 5", "[0, 3]", E("16", ["3"]), E("-4*sqrt(6)/9 - 5", ["sqrt(6)/3"]))
add("poly-10", c, "x**7 - 7*x", "[-3/2, 3/2]", E("843/128", ["3/2"]), E("-843/128", ["-3/2"]))
add("poly-11", c, "(x**2 - 1)**3", "[-1, 2]", E("27", ["2"]), E("-1", ["0"]))
add("poly-12", c, "x**4 - x**3", "[-1, 2]", E("8", ["2"]), E("-27/256", ["3/4"]))
add("poly-13", c, "(x - 1/3)**2*(x - 2/7)**2", "[0, 1]", E("100/441", ["1"]), E("0", ["2/7", "1/3"]))
r = "CRootOf(4000*x**3 - 4000*x + 1, 0)"
add("poly-14", c, "x**4 - 2*x**2 + x/1000", "[-2, 2]", E("4001/500", ["2"]), E("at", [r], at=r))
add("poly-15", c, "16*x**5 - 20*x**3 + 5*x", "[-1, 1]",
    E("1", ["-(1 + sqrt(5))/4", "(sqrt(5) - 1)/4", "1"]),
    E("-1", ["-1", "(1 - sqrt(5))/4", "(1 + sqrt(5))/4"]))
r1 = "2 - sqrt(3/2 + sqrt(145)/10)"
r2 = "2 + sqrt(3/2 + sqrt(145)/10)"
add("poly-16", c, "x*(x - 1)*(x - 2)*(x - 3)*(x - 4)", "[0, 4]", E("at", [r1], at=r1), E("at", [r2], at=r2))
add("poly-17", c, "x**6 - 3*x**4 + 3*x**2", "[-3/2, 3/2]", E("189/64", ["-3/2", "3/2"]), E("0", ["0"]))
# u = x^2: (u-1)(u-4)(u-9) has critical points u = 7/3, 7; three-way tie for the min
add("poly-18", c, "(x**2 - 1)*(x**2 - 4)*(x**2 - 9)", "[-3, 3]", E("400/27", ["-sqrt(21)/3", "sqrt(21)/3"]),
    E("-36", ["-sqrt(7)", "0", "sqrt(7)"]))

# ----------------------------------------------------------------- rational
c = "rational"
add("rat-01", c, "x/(x**2 + 1)", "[-3, 3]", E("1/2", ["1"]), E("-1/2", ["-1"]))
add("rat-02", c, "1/x", "[-1, 1]", NA("oo", "pole"), NA("-oo", "pole"))
add("rat-03", c, "1/(x - 1)**2", "[0, 3]", NA("oo", "pole"), E("1/4", ["3"]))
add("rat-04", c, "(x**2 - 1)/(x - 1)", "[0, 1]", NA("2", "excluded point"), E("1", ["0"]))
add("rat-05", c, "x + 1/x", "[1/2, 3]", E("10/3", ["3"]), E("2", ["1"]))
add("rat-06", c, "x**2/(x**2 - 4)", "[-1, 1]", E("0", ["0"]), E("-1/3", ["-1", "1"]))
add("rat-07", c, "(x - 1)/(x**2 + 3)", "[-5, 5]", E("1/6", ["3"]), E("-1/2", ["-1"]))
add("rat-08", c, "1/(x**2 - 1)", "[-2, 2]", NA("oo", "pole"), NA("-oo", "pole"))
add("rat-09", c, "(2*x + 1)/(x - 3)", "[4, 10]", E("9", ["4"]), E("3", ["10"]))
add("rat-10", c, "(x**4 + 1)/(x**2 + 1)", "[-2, 2]", E("17/5", ["-2", "2"]),
    E("2*sqrt(2) - 2", ["-sqrt(sqrt(2) - 1)", "sqrt(sqrt(2) - 1)"]))
add("rat-11", c, "1/(x*(x - 2))", "(0, 2)", E("-1", ["1"]), NA("-oo", "pole"))
add("rat-12", c, "(x**2 - 5*x + 6)/(x - 2)", "[0, 4]", E("1", ["4"]), E("-3", ["0"]))
add("rat-13", c, "(x**3 - 8)/(x - 2)", "[-3, 2]", NA("12", "excluded point"), E("3", ["-1"]))
add("rat-14", c, "(x**2 + x + 1)/(x**2 - x + 1)", "[-3, 3]", E("3", ["1"]), E("1/3", ["-1"]))
r1 = "CRootOf(x**4 + 6*x**2 - 2*x - 3, 0)"
r2 = "CRootOf(x**4 + 6*x**2 - 2*x - 3, 1)"
add("rat-15", c, "(x**3 - 3*x + 1)/(x**2 + 1)", "[-2, 2]", E("at", [r1], at=r1), E("at", [r2], at=r2))
add("rat-16", c, "(x**2 - 2)/(x**4 + 1)", "[-3, 3]",
    E("sqrt(5)/(10 + 4*sqrt(5))", ["-sqrt(2 + sqrt(5))", "sqrt(2 + sqrt(5))"]), E("-2", ["0"]))

# -------------------------------------------------------------- roots_cusps
c = "roots_cusps"
add("root-01", c, "real_root(x**2, 3)*(x - 5)", "[-1, 4]", E("0", ["0"]), E("-6", ["-1"]))
add("root-02", c, "real_root(x**2, 3)*(x - 5)", "[-1/2, 4]", E("0", ["0"]), E("-3*2**(2/3)", ["2"]))
add("root-03", c, "real_root(x**5, 3)", "[-1, 2]", E("2*2**(2/3)", ["2"]), E("-1", ["-1"]))
add("root-04", c, "sqrt(x)*(1 - x)", "[0, 1]", E("2*sqrt(3)/9", ["1/3"]), E("0", ["0", "1"]))
add("root-05", c, "real_root(x, 3) - x", "[-1, 1]", E("2*sqrt(3)/9", ["sqrt(3)/9"]),
    E("-2*sqrt(3)/9", ["-sqrt(3)/9"]))
add("root-06", c, "x*sqrt(4 - x**2)", "[-2, 2]", E("2", ["sqrt(2)"]), E("-2", ["-sqrt(2)"]))
add("root-07", c, "real_root((x**2 - 1)**2, 3)", "[-2, 2]", E("3**(2/3)", ["-2", "2"]), E("0", ["-1", "1"]))
add("root-08", c, "sqrt(x) + sqrt(3 - x)", "[0, 3]", E("sqrt(6)", ["3/2"]), E("sqrt(3)", ["0", "3"]))
add("root-09", c, "x - 3*real_root(x, 3)", "[-8, 8]", E("2", ["-1", "8"]), E("-2", ["-8", "1"]))
add("root-10", c, "sqrt(Abs(x)) + sqrt(Abs(x - 1))", "[-1, 2]", E("1 + sqrt(2)", ["-1", "2"]), E("1", ["0", "1"]))
add("root-11", c, "cbrt(x)*(4 - x)", "[0, 8]", E("3", ["1"]), E("-8", ["8"]))
add("root-12", c, "real_root(x, 3)*(x - 4)", "[-1, 8]", E("8", ["8"]), E("-3", ["1"]))

# ---------------------------------------------------- abs_piecewise_maxmin
c = "abs_piecewise_maxmin"
add("abs-01", c, "Abs(x - 1) + Abs(x + 1)", "[-3, 2]", E("6", ["-3"]), E("2", [], [["-1", "1"]]))
add("abs-02", c, "Min(x, 1/2)", "[0, 1]", E("1/2", [], [["1/2", "1"]]), E("0", ["0"]))
add("abs-03", c, "Piecewise((x**2, x < 1), (2 - x, True))", "[0, 3]", E("1", ["1"]), E("-1", ["3"]))
add("abs-04", c, "Piecewise((x, x < 1), (x - 1, True))", "[0, 3/2]", NA("1", "jump"), E("0", ["0", "1"]))
add("abs-05", c, "Abs(x**2 - 4)", "[-3, 3]", E("5", ["-3", "3"]), E("0", ["-2", "2"]))
add("abs-06", c, "Max(sin(x), cos(x))", "[0, 2*pi]", E("1", ["0", "pi/2", "2*pi"]),
    E("-sqrt(2)/2", ["5*pi/4"]))
add("abs-07", c, "Abs(x - 1) - Abs(x)", "[-2, 3]", E("1", [], [["-2", "0"]]), E("-1", [], [["1", "3"]]))
add("abs-08", c, "sign(x) - x", "[-1, 1]", NA("1", "jump"), NA("-1", "jump"))
add("abs-09", c, "Piecewise((x**2 - 1, x <= 0), (Abs(x - 2) - 2, True))", "[-2, 4]", E("3", ["-2"]), E("-2", ["2"]))
add("abs-10", c, "Min(x**2, 1)", "[-2, 3]", E("1", [], [["-2", "-1"], ["1", "3"]]), E("0", ["0"]))
add("abs-11", c, "Abs(x**3 - x)", "[-2, 2]", E("6", ["-2", "2"]), E("0", ["-1", "0", "1"]))
add("abs-12", c, "Piecewise((x + 2, x < -1), (-x, x <= 1), (x - 2, True))", "[-3, 3]",
    E("1", ["-1", "3"]), E("-1", ["-3", "1"]))
add("abs-13", c, "Max(x - 1, -x - 1, 0)", "[-2, 2]", E("1", ["-2", "2"]), E("0", [], [["-1", "1"]]))
add("abs-14", c, "Piecewise((x**2, x < 1), (3 - x, True))", "[0, 3]", E("2", ["1"]), E("0", ["0", "3"]))
add("abs-15", c, "Piecewise((x**2, x <= 1), (3 - x, True))", "[0, 3]", NA("2", "jump"), E("0", ["0", "3"]))
add("abs-16", c, "Max(Abs(x - 1), Abs(2*x + 1))", "[-3, 2]", E("5", ["-3", "2"]), E("1", ["0"]))
add("abs-17", c, "Abs(sin(x)) + Abs(cos(x))", "[0, pi]", E("sqrt(2)", ["pi/4", "3*pi/4"]),
    E("1", ["0", "pi/2", "pi"]))
add("abs-18", c, "Piecewise((-x, x < 0), (sqrt(x), x < 4), (6 - x, True))", "[-1, 7]", E("2", ["4"]), E("-1", ["7"]))
# the three roots of x^3 - 3x + 1 are 2cos(2pi/9), 2cos(4pi/9), 2cos(8pi/9)
add("abs-19", c, "Abs(x**3 - 3*x + 1)", "[-2, 2]", E("3", ["-1", "2"]),
    E("0", ["2*cos(8*pi/9)", "2*cos(4*pi/9)", "2*cos(2*pi/9)"]))

# ---------------------------------------------------------------- trig_ties
c = "trig_ties"
add("trig-01", c, "sin(x)", "[0, 4*pi]", E("1", ["pi/2", "5*pi/2"]), E("-1", ["3*pi/2", "7*pi/2"]))
add("trig-02", c, "cos(x)", "[-pi, 3*pi]", E("1", ["0", "2*pi"]), E("-1", ["-pi", "pi", "3*pi"]))
add("trig-03", c, "sin(x) + cos(x)", "[0, 2*pi]", E("sqrt(2)", ["pi/4"]), E("-sqrt(2)", ["5*pi/4"]))
add("trig-04", c, "sin(x)**2", "[0, 2*pi]", E("1", ["pi/2", "3*pi/2"]), E("0", ["0", "pi", "2*pi"]))
add("trig-05", c, "sin(2*x) + 2*sin(x)", "[0, 2*pi]", E("3*sqrt(3)/2", ["pi/3"]), E("-3*sqrt(3)/2", ["5*pi/3"]))
add("trig-06", c, "sin(x)*cos(x)", "[0, 2*pi]", E("1/2", ["pi/4", "5*pi/4"]), E("-1/2", ["3*pi/4", "7*pi/4"]))
add("trig-07", c, "tan(x)", "[0, pi]", NA("oo", "pole"), NA("-oo", "pole"))
add("trig-08", c, "sin(x)**4 + cos(x)**4", "[0, pi]", E("1", ["0", "pi/2", "pi"]), E("1/2", ["pi/4", "3*pi/4"]))
add("trig-09", c, "sec(x)", "[-pi/3, pi/3]", E("2", ["-pi/3", "pi/3"]), E("1", ["0"]))
add("trig-10", c, "cos(x)**3 + sin(x)**3", "[0, 2*pi]", E("1", ["0", "pi/2", "2*pi"]), E("-1", ["pi", "3*pi/2"]))
add("trig-11", c, "sin(3*x)", "[0, pi]", E("1", ["pi/6", "5*pi/6"]), E("-1", ["pi/2"]))
add("trig-12", c, "cot(x)", "(0, pi/2]", NA("oo", "pole"), E("0", ["pi/2"]))
add("trig-13", c, "sin(x) + sin(3*x)/3", "[0, pi]", E("2*sqrt(2)/3", ["pi/4", "3*pi/4"]), E("0", ["0", "pi"]))
add("trig-14", c, "csc(x)", "[pi/6, 5*pi/6]", E("2", ["pi/6", "5*pi/6"]), E("1", ["pi/2"]))
add("trig-15", c, "sin(x) - x/2", "[0, 2*pi]", E("sqrt(3)/2 - pi/6", ["pi/3"]),
    E("-sqrt(3)/2 - 5*pi/6", ["5*pi/3"]))
add("trig-16", c, "cos(x) + cos(2*x)", "[0, 2*pi]", E("2", ["0", "2*pi"]),
    E("-9/8", ["acos(-1/4)", "2*pi - acos(-1/4)"]))
add("trig-17", c, "sin(x)**2*cos(x)", "[0, 2*pi]",
    E("2*sqrt(3)/9", ["acos(sqrt(3)/3)", "2*pi - acos(sqrt(3)/3)"]),
    E("-2*sqrt(3)/9", ["pi - acos(sqrt(3)/3)", "pi + acos(sqrt(3)/3)"]))
add("trig-18", c, "cos(x) + x/100", "[0, 4*pi]", E("1 + pi/25", ["4*pi"]),
    E("-sqrt(9999)/100 + (pi - asin(1/100))/100", ["pi - asin(1/100)"]))

# ------------------------------------------------------------- inverse_trig
c = "inverse_trig"
add("inv-01", c, "atan(x)", "[-1, 1]", E("pi/4", ["1"]), E("-pi/4", ["-1"]))
add("inv-02", c, "atan(x) - x/2", "[-3, 3]", E("pi/4 - 1/2", ["1"]), E("1/2 - pi/4", ["-1"]))
add("inv-03", c, "x*asin(x)", "[-1, 1]", E("pi/2", ["-1", "1"]), E("0", ["0"]))
add("inv-04", c, "asin(x) - 2*x", "[-1, 1]", E("sqrt(3) - pi/3", ["-sqrt(3)/2"]), E("pi/3 - sqrt(3)", ["sqrt(3)/2"]))
add("inv-05", c, "acot(x)", "[1/2, 3]", E("atan(2)", ["1/2"]), E("atan(1/3)", ["3"]))
add("inv-06", c, "atan(x**2 - 2*x)", "[-1, 3]", E("atan(3)", ["-1", "3"]), E("-pi/4", ["1"]))
add("inv-07", c, "acos(x**2)", "[-1, 1]", E("pi/2", ["0"]), E("0", ["-1", "1"]))
add("inv-08", c, "2*atan(x) - asin(2*x/(1 + x**2))", "[-2, 2]", E("4*atan(2) - pi", ["2"]),
    E("pi - 4*atan(2)", ["-2"]))
add("inv-09", c, "asin(x)*acos(x)", "[-1, 1]", E("pi**2/16", ["sqrt(2)/2"]), E("-pi**2/2", ["-1"]))
add("inv-10", c, "asin(x/2) + acos(x)", "[-1, 1]", E("5*pi/6", ["-1"]), E("pi/6", ["1"]))
add("inv-11", c, "asin(2*x*sqrt(1 - x**2))", "[-1, 1]", E("pi/2", ["sqrt(2)/2"]), E("-pi/2", ["-sqrt(2)/2"]))

# ------------------------------------------------------------------ exp_log
c = "exp_log"
add("exp-01", c, "x*exp(-x)", "[0, 3]", E("exp(-1)", ["1"]), E("0", ["0"]))
add("exp-02", c, "x*log(x)", "[1/10, 2]", E("2*log(2)", ["2"]), E("-exp(-1)", ["exp(-1)"]))
add("exp-03", c, "log(x)/x", "[1, 10]", E("exp(-1)", ["E"]), E("0", ["1"]))
add("exp-04", c, "exp(-x**2)", "[-1, 2]", E("1", ["0"]), E("exp(-4)", ["2"]))
add("exp-05", c, "x**2*exp(-x)", "[-1, 5]", E("E", ["-1"]), E("0", ["0"]))
add("exp-06", c, "log(x**2 + 1) - x", "[-1, 3]", E("log(2) + 1", ["-1"]), E("log(10) - 3", ["3"]))
add("exp-07", c, "exp(x) - exp(2*x)", "[-2, 1]", E("1/4", ["-log(2)"]), E("E - E**2", ["1"]))
add("exp-08", c, "x - log(x)", "[1/2, 3]", E("3 - log(3)", ["3"]), E("1", ["1"]))
add("exp-09", c, "log(x)**2", "[1/10, 10]", E("log(10)**2", ["1/10", "10"]), E("0", ["1"]))
add("exp-10", c, "exp(-x)*cos(x)", "[0, 2*pi]", E("1", ["0"]), E("-sqrt(2)*exp(-3*pi/4)/2", ["3*pi/4"]))
add("exp-11", c, "log(x)", "(0, 1]", E("0", ["1"]), NA("-oo", "pole"))
add("exp-12", c, "exp(-x)*sin(2*x)", "[0, pi]", E("2*sqrt(5)*exp(-atan(2)/2)/5", ["atan(2)/2"]),
    E("-2*sqrt(5)*exp(-atan(2)/2 - pi/2)/5", ["atan(2)/2 + pi/2"]))
add("exp-13", c, "x**2*log(x)", "[1/10, 1]", E("0", ["1"]), E("-exp(-1)/2", ["exp(-1/2)"]))
add("exp-14", c, "exp(x)*(x**2 - 3)", "[-4, 2]", E("exp(2)", ["2"]), E("-2*E", ["1"]))

# ----------------------------------------------------------- transcendental
c = "transcendental"
W = "LambertW(-1/6, -1)"
add("tr-01", c, "exp(x) - 3*x**2", "[-1, 4]", E("exp(4) - 48", ["4"]),
    E(f"-6*{W} - 3*{W}**2", [f"-{W}"]))
add("tr-02", c, "cos(3*x) + x**2/10", "[-3, 3]", E(None, [R(-2.1422), R(2.1422)]), E(None, [R(-1.0244), R(1.0244)]))
add("tr-03", c, "x*sin(1/x)", "[1/10, 1]", E("sin(1)", ["1"]), E(None, [R(0.22255)]))
add("tr-04", c, "x**x", "[1/10, 2]", E("4", ["2"]), E("exp(-exp(-1))", ["exp(-1)"]))
add("tr-05", c, "2**x - x**2", "[-1, 5]", E("7", ["5"]), E(None, [R(3.2124)]))
add("tr-06", c, "x*cos(x)", "[0, 4]", E(None, [R(0.8603)]), E(None, [R(3.4256)]))
add("tr-07", c, "x**2 + 10*sin(x)", "[-5, 5]", E("25 - 10*sin(5)", ["-5"]), E(None, [R(-1.3064)]))
add("tr-08", c, "x*sin(x)", "[0, 10]", E(None, [R(7.9787)]), E("10*sin(10)", ["10"]))
add("tr-09", c, "sin(x) + cos(sqrt(2)*x)", "[0, 10]", E(None, [R(8.5521)]), E(None, [R(6.1185)]))
add("tr-10", c, "x**(1/x)", "[1, 5]", E("exp(exp(-1))", ["E"]), E("1", ["1"]))
add("tr-11", c, "exp(sin(x)) - x/2", "[0, 2*pi]", E(None, [R(1.3825)]), E(None, [R(5.7258)]))
add("tr-12", c, "sin(x) + log(x)", "[1, 10]", E(None, [R(7.9796)]), E(None, [R(4.4877)]))

# -------------------------------------------------------------- composition
c = "composition"
add("comp-01", c, "sin(x**2)", "[0, 3]", E("1", ["sqrt(pi/2)", "sqrt(5*pi/2)"]), E("-1", ["sqrt(3*pi/2)"]))
add("comp-02", c, "exp(sin(x))", "[0, 2*pi]", E("E", ["pi/2"]), E("exp(-1)", ["3*pi/2"]))
add("comp-03", c, "log(1 + x**2)", "[-1, 2]", E("log(5)", ["2"]), E("0", ["0"]))
add("comp-04", c, "cos(cos(x))", "[0, 2*pi]", E("1", ["pi/2", "3*pi/2"]), E("cos(1)", ["0", "pi", "2*pi"]))
add("comp-05", c, "asin(sin(x))", "[0, 2*pi]", E("pi/2", ["pi/2"]), E("-pi/2", ["3*pi/2"]))
add("comp-06", c, "sin(cos(x)) + cos(sin(x))", "[0, 2*pi]", E("1 + sin(1)", ["0", "2*pi"]),
    E(None, [R(2.4489), R(3.8343)]))
add("comp-07", c, "tanh(x**3 - 3*x)", "[-2, 2]", E("tanh(2)", ["-1", "2"]), E("-tanh(2)", ["-2", "1"]))
add("comp-08", c, "1/(1 + sin(x)**2)", "[0, pi]", E("1", ["0", "pi"]), E("1/2", ["pi/2"]))
add("comp-09", c, "cosh(sin(x))", "[0, 2*pi]", E("cosh(1)", ["pi/2", "3*pi/2"]), E("1", ["0", "pi", "2*pi"]))
add("comp-10", c, "log(2 + cos(x))", "[0, 2*pi]", E("log(3)", ["0", "2*pi"]), E("0", ["pi"]))
add("comp-11", c, "exp(-(x**2 - 1)**2)", "[-2, 2]", E("1", ["-1", "1"]), E("exp(-9)", ["-2", "2"]))
add("comp-12", c, "sin(exp(x))", "[0, 2]", E("1", ["log(pi/2)"]), E("-1", ["log(3*pi/2)"]))
add("comp-13", c, "sin(1/x)", "[1/20, 1]", E("1", ["2/(9*pi)", "2/(5*pi)", "2/pi"]),
    E("-1", ["2/(11*pi)", "2/(7*pi)", "2/(3*pi)"]))
# narrow spike far from where a local method starts
add("comp-14", c, "exp(-100*(x - 1/3)**2) + exp(-(x + 1)**2)/2", "[-3, 3]", E(None, [R(0.3322)]),
    E("exp(-6400/9) + exp(-16)/2", ["3"]))

# --------------------------------------------------------- constant_plateau
c = "constant_plateau"
add("const-01", c, "5", "[-1, 2]", E("5", [], [["-1", "2"]]), E("5", [], [["-1", "2"]]))
add("const-02", c, "sin(x)**2 + cos(x)**2", "[0, pi]", E("1", [], [["0", "pi"]]), E("1", [], [["0", "pi"]]))
add("const-03", c, "asin(x) + acos(x)", "[-1, 1]", E("pi/2", [], [["-1", "1"]]), E("pi/2", [], [["-1", "1"]]))
add("const-04", c, "Abs(x) - x", "[-2, 3]", E("4", ["-2"]), E("0", [], [["0", "3"]]))
add("const-05", c, "Min(Max(x, 0), 1)", "[-2, 3]", E("1", [], [["1", "3"]]), E("0", [], [["-2", "0"]]))
add("const-06", c, "log(exp(x)) - x", "[0, 5]", E("0", [], [["0", "5"]]), E("0", [], [["0", "5"]]))
add("const-07", c, "Piecewise((1, x < 0), (x**2 + 1, x < 1), (2, True))", "[-1, 3]",
    E("2", [], [["1", "3"]]), E("1", [], [["-1", "0"]]))
add("const-08", c, "cosh(x)**2 - sinh(x)**2", "[-2, 2]", E("1", [], [["-2", "2"]]), E("1", [], [["-2", "2"]]))
add("const-09", c, "Abs(x - 1) + Abs(x - 3)", "[0, 4]", E("4", ["0", "4"]), E("2", [], [["1", "3"]]))
add("const-10", c, "Max(1 - x**2, 0)", "[-2, 2]", E("1", ["0"]), E("0", [], [["-2", "-1"], ["1", "2"]]))
add("const-11", c, "Max(Min(sin(x), 1/2), -1/2)", "[0, 2*pi]", E("1/2", [], [["pi/6", "5*pi/6"]]),
    E("-1/2", [], [["7*pi/6", "11*pi/6"]]))

# ----------------------------------------------------------------- monotone
c = "monotone"
add("mono-01", c, "x**3 + x", "[-2, 1]", E("2", ["1"]), E("-10", ["-2"]))
add("mono-02", c, "exp(x) + x", "[0, 1]", E("E + 1", ["1"]), E("1", ["0"]))
add("mono-03", c, "-x**5 - x**3 - x", "[-1, 1]", E("3", ["-1"]), E("-3", ["1"]))
add("mono-04", c, "log(x) + sqrt(x)", "[1, 4]", E("2 + 2*log(2)", ["4"]), E("1", ["1"]))
add("mono-05", c, "x - sin(x)", "[0, 2*pi]", E("2*pi", ["2*pi"]), E("0", ["0"]))
add("mono-06", c, "x**3", "[-1, 2]", E("8", ["2"]), E("-1", ["-1"]))
add("mono-07", c, "-1/x", "[1/2, 2]", E("-1/2", ["2"]), E("-2", ["1/2"]))
add("mono-08", c, "sinh(x)", "[-1, 2]", E("sinh(2)", ["2"]), E("-sinh(1)", ["-1"]))
add("mono-09", c, "tan(x)", "[-pi/3, pi/4]", E("1", ["pi/4"]), E("-sqrt(3)", ["-pi/3"]))
add("mono-10", c, "x + cos(x)", "[0, 3*pi]", E("3*pi - 1", ["3*pi"]), E("1", ["0"]))
add("mono-11", c, "x**3 - 3*x**2 + 3*x", "[0, 2]", E("2", ["2"]), E("0", ["0"]))

# ------------------------------------------------------------ open_halfopen
c = "open_halfopen"
add("open-01", c, "x", "(0, 1)", NA("1", "open end"), NA("0", "open end"))
add("open-02", c, "x**2", "(-1, 1)", NA("1", "open end"), E("0", ["0"]))
add("open-03", c, "x**2", "(-1, 2]", E("4", ["2"]), E("0", ["0"]))
add("open-04", c, "sin(x)", "(0, pi)", E("1", ["pi/2"]), NA("0", "open end"))
add("open-05", c, "1/x", "(0, 1]", NA("oo", "pole"), E("1", ["1"]))
add("open-06", c, "x*log(x)", "(0, 1]", E("0", ["1"]), E("-exp(-1)", ["exp(-1)"]))
add("open-07", c, "(x - 1)**2", "[0, 2)", E("1", ["0"]), E("0", ["1"]))
add("open-08", c, "x**3 - 3*x", "(-2, 2)", E("2", ["-1"]), E("-2", ["1"]))
add("open-09", c, "cos(x)", "(0, 2*pi)", NA("1", "open end"), E("-1", ["pi"]))
add("open-10", c, "sqrt(x)", "[0, 4)", NA("2", "open end"), E("0", ["0"]))
add("open-11", c, "x*exp(-x)", "(0, 2)", E("exp(-1)", ["1"]), NA("0", "open end"))
add("open-12", c, "atan(x)", "(-1, 1]", E("pi/4", ["1"]), NA("-pi/4", "open end"))
add("open-13", c, "x**2 - x", "(0, 1)", NA("0", "open end"), E("-1/4", ["1/2"]))
add("open-14", c, "exp(-1/x)", "(0, 1]", E("exp(-1)", ["1"]), NA("0", "open end"))

# ----------------------------------------------------------------- infinite
c = "infinite"
add("inf-01", c, "x*exp(-x)", "[0, oo)", E("exp(-1)", ["1"]), E("0", ["0"]))
add("inf-02", c, "x*exp(-x)", "[1/2, oo)", E("exp(-1)", ["1"]), NA("0", "infinite end"))
add("inf-03", c, "x**2", "(-oo, oo)", NA("oo", "infinite end"), E("0", ["0"]))
add("inf-04", c, "exp(-x**2)", "(-oo, oo)", E("1", ["0"]), NA("0", "infinite end"))
add("inf-05", c, "atan(x)", "(-oo, oo)", NA("pi/2", "infinite end"), NA("-pi/2", "infinite end"))
add("inf-06", c, "x**4 - 2*x**2", "(-oo, oo)", NA("oo", "infinite end"), E("-1", ["-1", "1"]))
add("inf-07", c, "1/(1 + x**2)", "[0, oo)", E("1", ["0"]), NA("0", "infinite end"))
add("inf-08", c, "x/(x**2 + 1)", "(-oo, oo)", E("1/2", ["1"]), E("-1/2", ["-1"]))
add("inf-09", c, "exp(x)", "(-oo, 0]", E("1", ["0"]), NA("0", "infinite end"))
add("inf-10", c, "log(x)", "[1, oo)", NA("oo", "infinite end"), E("0", ["1"]))
add("inf-11", c, "exp(-x)*sin(x)", "[0, oo)", E("sqrt(2)*exp(-pi/4)/2", ["pi/4"]),
    E("-sqrt(2)*exp(-5*pi/4)/2", ["5*pi/4"]))
add("inf-12", c, "(x**2 - 1)/(x**2 + 1)", "(-oo, oo)", NA("1", "infinite end"), E("-1", ["0"]))
add("inf-13", c, "x**3 - x", "[0, oo)", NA("oo", "infinite end"), E("-2*sqrt(3)/9", ["sqrt(3)/3"]))
add("inf-14", c, "x + 1/x", "[1/2, oo)", NA("oo", "infinite end"), E("2", ["1"]))
add("inf-15", c, "x**2*exp(-x)", "(-oo, oo)", NA("oo", "infinite end"), E("0", ["0"]))
add("inf-16", c, "x*exp(x)", "(-oo, oo)", NA("oo", "infinite end"), E("-exp(-1)", ["-1"]))
add("inf-17", c, "x**3*exp(-x)", "[0, oo)", E("27*exp(-3)", ["3"]), E("0", ["0"]))
add("inf-18", c, "sin(x)/x", "[1, oo)", E("sin(1)", ["1"]), E(None, [R(4.4934)]))
add("inf-19", c, "x**2*exp(-x**2)", "(-oo, oo)", E("exp(-1)", ["-1", "1"]), E("0", ["0"]))
add("inf-20", c, "exp(-x**2)*cos(3*x)", "(-oo, oo)", E("1", ["0"]), E(None, [R(-0.87172), R(0.87172)]))


def to_mpf(s):
    return mp.mpf(sp.N(sp.sympify(s), 45))


def build():
    out = []
    for p in P:
        f = sp.sympify(p["f"], locals={"x": X})
        fl = sp.lambdify(X, f, "mpmath")
        try:  # f' for the R(...) points (all of them are on smooth pieces)
            df = sp.lambdify(X, sp.diff(f, X), "mpmath")
        except Exception:
            df = lambda t: mp.diff(fl, t)  # noqa: E731
        q = dict(id=p["id"], category=p["category"], f=p["f"],
                 interval=p["interval"], expected={})
        for key in ("max", "min"):
            e = p[key]
            pts = []
            for t in e["points"]:
                if isinstance(t, R):
                    g0 = mp.mpf(t.guess)
                    r0 = mp.findroot(df, (g0 - mp.mpf("1e-3"), g0 + mp.mpf("1e-3")),
                                     solver="illinois", tol=mp.mpf(10) ** -60, verify=False)
                    assert abs(r0 - t.guess) < 1e-3 and abs(df(r0)) < 1e-25, (p["id"], r0, df(r0))
                    pts.append(r0)
                else:
                    pts.append(to_mpf(t))
            value = e["value"]
            if value is None:
                vf = float(fl(pts[0]))
            elif value == "at":
                ex = f.subs(X, sp.sympify(e["at"]))
                value = str(ex)
                vf = float(sp.N(ex, 30))
            elif value in ("oo", "-oo"):
                vf = None
            else:
                vf = float(sp.N(sp.sympify(value), 30))
            q["expected"][key] = dict(
                attained=e["attained"], value=value, value_float=vf,
                points=sorted(float(t) for t in pts),
                plateau=[[float(to_mpf(a)), float(to_mpf(b))] for a, b in e["plateau"]],
                reason=e["reason"])
        out.append(q)
    ids = [q["id"] for q in out]
    assert len(ids) == len(set(ids)), "duplicate ids"
    with open(os.path.join(HERE, "problems.json"), "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    from collections import Counter
    print(len(out), "problems", dict(Counter(q["category"] for q in out)))


if __name__ == "__main__":
    build()
