"""Generate problems.json: standard global-optimisation test functions on
their usual boxes, with the global max AND min and every point attaining each.

Same format as benchmarks/multivariate/problems.json (see the README there),
plus two keys: "source" (where the function, box and published optimum come
from) and "published" (the optimum as published, compared by verify.py).

The answers below were derived by hand (comments) where they have closed
forms; the other points are given as approximations and polished here to 40
digits (mpmath findroot on the gradient in the free coordinates; coordinates
given as strings are held fixed, e.g. on an edge).  This script only checks
that every listed point attains the listed value; global optimality and
completeness of the point lists are checked independently by verify.py.

Sources:
  [SU]  S. Surjanovic & D. Bingham, Virtual Library of Simulation Experiments:
        Test Functions, https://www.sfu.ca/~ssurjano/optimization.html
  [JY]  M. Jamil & X.-S. Yang, "A literature survey of benchmark functions for
        global optimization problems", IJMMNO 4(2), 2013, arXiv:1308.4008
  [YLL] X. Yao, Y. Liu & G. Lin, "Evolutionary programming made faster",
        IEEE Trans. Evol. Comput. 3(2), 1999 (function f2)
  [MW]  MathWorks, peaks (MATLAB); values also quoted in calc issue 10
  [HB]  D. M. Himmelblau, Applied Nonlinear Programming, 1972
  [WP]  Wikipedia, "Test functions for optimization" and "Himmelblau's function"

Excluded because their max or min is attained on a continuum, not at
finitely many points: cross-in-tray (max on the lines sin(x) sin(y) = 0),
Holder table (max 0 on the lines sin(x) cos(y) = 0) and drop-wave (max 0 on
the circles cos(12 r) = -1).  Left out to keep
verify.py fast: Griewank on [-600, 600]^2 (about 10^5 local optima).
Styblinski-Tang has no tie: its minimum (-2.9035...)^d is unique (the other
1-d local minimum 2.7468 is worse); it is used in 3 variables.

    python benchmarks/multivariate/standard/make_problems.py   # rewrites problems.json
"""
import os
import sys

import mpmath as mp
import sympy as sp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from bench_multivariate import _split_interval  # noqa: E402


def _sibling_dumps():
    """The JSON layout of the sibling generator ../make_problems.py (same
    module name as this file, hence loaded by path)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("mv_make_problems",
                                                  os.path.join(os.path.dirname(HERE), "make_problems.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.dumps

mp.mp.dps = 40
PROBLEMS = []
AUTO = "auto"      # exact value computed from the (exact) first point


def add(pid, cat, f, box, mx, mn, source, published=None, note=None):
    """mx, mn = (value, [point, ...]); value is an exact sympy string, AUTO,
    or None (no closed form: computed from the polished points).  A point is
    a tuple whose coordinates are exact strings or float approximations."""
    PROBLEMS.append(dict(id="std-" + pid, category=cat, f=f, vars=list(box), box=box,
                         mx=mx, mn=mn, source=source, published=published, note=note))


def pub(mx=None, mn=None, point_tol=None):
    """Published optima: value string and points (strings), as printed.
    verify.py allows one unit in the last printed digit, or point_tol for
    the coordinates when given (a published point known to be imprecise)."""
    out = {}
    for key, v in (("max", mx), ("min", mn)):
        if v is not None:
            out[key] = {"value": v[0], "points": [list(p) for p in v[1]]}
            if point_tol is not None:
                out[key]["point_tol"] = point_tol
    return out


SQ = "(x**2 + y**2)"

# ------------------------------------------------------------------ smooth
# [MW] peaks.  One interior max and one interior min (no closed form).
add("peaks", "exp",
    "3*(1 - x)**2*exp(-x**2 - (y + 1)**2) - 10*(x/5 - x**3 - y**5)*exp(-x**2 - y**2)"
    " - exp(-(x + 1)**2 - y**2)/3",
    {"x": "[-3, 3]", "y": "[-3, 3]"},
    (None, [(-0.0093176, 1.5813680)]), (None, [(0.2282789, -1.6255350)]),
    "[MW]; calc issue 10",
    pub(("8.1062", [("-0.0093", "1.5814")]), ("-6.5511", [("0.2283", "-1.6255")])))

# [HB]; [WP] (published points).  Four tied minima f = 0: x^2 + y = 11 and
# x + y^2 = 7, so x = 7 - y^2 and (y - 2)(y^3 + 2y^2 - 10y - 19) = 0 (all 4
# in the box).  Max: f is a sum of squares growing outwards; the corner
# values are 890 (5,5), 610 (5,-5), 530 (-5,5), 250 (-5,-5).
_r = "CRootOf(x**3 + 2*x**2 - 10*x - 19, %d)"
add("himmelblau", "polynomial", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
    {"x": "[-5, 5]", "y": "[-5, 5]"},
    ("890", [("5", "5")]),
    ("0", [("3", "2")] + [("7 - %s**2" % (_r % k), _r % k) for k in range(3)]),
    "[HB]; [WP] Himmelblau's function; box [-5,5]^2 as in issue 10",
    pub(mn=("0", [("3.0", "2.0"), ("-2.805118", "3.131312"), ("-3.779310", "-3.283186"),
                   ("3.584428", "-1.848126")])))

# [SU] camel6.  Two tied minima (symmetric under (x,y) -> (-x,-y)).  Max at
# the corners (3,2), (-3,-2): 12.1*9 + 48 + 6 = 162.9 (df/dx > 0 on x = 3).
add("six-hump-camel", "polynomial", "(4 - 21*x**2/10 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2",
    {"x": "[-3, 3]", "y": "[-2, 2]"},
    ("1629/10", [("3", "2"), ("-3", "-2")]),
    (None, [(0.0898420, -0.7126564), (-0.0898420, 0.7126564)]),
    "[SU] camel6; [JY]",
    pub(mn=("-1.0316", [("0.0898", "-0.7126"), ("-0.0898", "0.7126")])))

# [SU] rastr.  Separable: g(t) = t^2 - 10 cos(2 pi t) on [-5.12, 5.12] has its
# max at t = +-4.5230 (t + 10 pi sin(2 pi t) = 0; g(5.12) = 18.9 is lower),
# so the max 2 g(t*) + 20 is attained at the 4 points (+-t*, +-t*).
add("rastrigin", "trig", "20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)",
    {"x": "[-5.12, 5.12]", "y": "[-5.12, 5.12]"},
    (None, [(s1 * 4.5229937, s2 * 4.5229937) for s1 in (-1, 1) for s2 in (-1, 1)]),
    ("0", [("0", "0")]),
    "[SU] rastr; [JY]", pub(mn=("0", [("0", "0")])))

# [SU] ackley (a=20, b=0.2, c=2 pi).  Min 0 at the origin (a cone point: not
# differentiable).  Max near the corners where both cosines are -1: the 4
# symmetric points (+-32.5004, +-32.5004).
add("ackley", "exp",
    "-20*exp(-sqrt((x**2 + y**2)/2)/5) - exp((cos(2*pi*x) + cos(2*pi*y))/2) + 20 + exp(1)",
    {"x": "[-32.768, 32.768]", "y": "[-32.768, 32.768]"},
    (None, [(s1 * 32.500414, s2 * 32.500414) for s1 in (-1, 1) for s2 in (-1, 1)]),
    ("0", [("0", "0")]),
    "[SU] ackley; [JY]", pub(mn=("0", [("0", "0")])))

# [SU] booth.  Min 0 where both squares vanish: (1, 3).  Convex quadratic:
# max at a corner, (-10,-10): 37^2 + 35^2 = 2594.
add("booth", "polynomial", "(x + 2*y - 7)**2 + (2*x + y - 5)**2",
    {"x": "[-10, 10]", "y": "[-10, 10]"},
    ("2594", [("-10", "-10")]), ("0", [("1", "3")]),
    "[SU] booth; [JY]", pub(mn=("0", [("1", "3")])))

# [SU] matyas.  Positive definite form: min 0 at 0; max at the corners
# (10,-10), (-10,10): 0.26*200 + 0.48*100 = 100 (tie).
add("matyas", "polynomial", "13*(x**2 + y**2)/50 - 12*x*y/25",
    {"x": "[-10, 10]", "y": "[-10, 10]"},
    ("100", [("10", "-10"), ("-10", "10")]), ("0", [("0", "0")]),
    "[SU] matyas; [JY]", pub(mn=("0", [("0", "0")])))

# [SU] beale.  Min 0 at (3, 1/2).  Max at the corner (-4.5,-4.5):
# 26.25^2 + 84.375^2 + 417.1875^2.
add("beale", "polynomial", "(3/2 - x + x*y)**2 + (9/4 - x + x*y**2)**2 + (21/8 - x + x*y**3)**2",
    {"x": "[-4.5, 4.5]", "y": "[-4.5, 4.5]"},
    ("46554525/256", [("-9/2", "-9/2")]), ("0", [("3", "1/2")]),
    "[SU] beale; [JY]", pub(mn=("0", [("3", "0.5")])))

# [SU] goldpr.  Min 3 at (0,-1).  Max inside the edge y = 2: d/dx f(x, 2) =
# 24 p(x), p = 48x^7 - 392x^6 + ... - 10584, root 1 (x = -1.7374).
_gp = "CRootOf(48*x**7 - 392*x**6 + 262*x**5 + 4410*x**4 - 8509*x**3 - 6832*x**2 + 20937*x - 10584, 1)"
add("goldstein-price", "polynomial",
    "(1 + (x + y + 1)**2*(19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2))"
    "*(30 + (2*x - 3*y)**2*(18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))",
    {"x": "[-2, 2]", "y": "[-2, 2]"},
    (AUTO, [(_gp, "2")]), ("3", [("0", "-1")]),
    "[SU] goldpr; [JY]", pub(mn=("3", [("0", "-1")])), note="max inside an edge")

# [SU] camel3.  Min 0 at 0.  Max at the corners (5,5), (-5,-5) (f is even):
# 50 - 656.25 + 15625/6 + 25 + 25 = 24575/12.
add("three-hump-camel", "polynomial", "2*x**2 - 21*x**4/20 + x**6/6 + x*y + y**2",
    {"x": "[-5, 5]", "y": "[-5, 5]"},
    ("24575/12", [("5", "5"), ("-5", "-5")]), ("0", [("0", "0")]),
    "[SU] camel3; [JY]", pub(mn=("0", [("0", "0")])))

# [SU] mccorm.  grad = 0: cos(x+y) = -1/2 and x - y = 1; the min is at
# x + y = -2pi/3: (1/2 - pi/3, -1/2 - pi/3), value -sqrt(3)/2 - pi/3 (the
# other interior min, x + y = 4pi/3, has value 2pi/3 - sqrt(3)/2).  Max at
# the corner (-3/2, 4): sin(5/2) + 30.25 + 2.25 + 10 + 1.
add("mccormick", "trig", "sin(x + y) + (x - y)**2 - 3*x/2 + 5*y/2 + 1",
    {"x": "[-1.5, 4]", "y": "[-3, 4]"},
    ("sin(5/2) + 87/2", [("-3/2", "4")]), ("-sqrt(3)/2 - pi/3", [("1/2 - pi/3", "-1/2 - pi/3")]),
    "[SU] mccorm; [JY]", pub(mn=("-1.9133", [("-0.54719", "-1.54719")])))

# [SU] rosen (box [-5, 10]^2).  Min 0 at (1,1).  Max at the corner (10,-5):
# 100*105^2 + 81.
add("rosenbrock", "polynomial", "100*(y - x**2)**2 + (1 - x)**2",
    {"x": "[-5, 10]", "y": "[-5, 10]"},
    ("1102581", [("10", "-5")]), ("0", [("1", "1")]),
    "[SU] rosen; [JY]", pub(mn=("0", [("1", "1")])))

# [SU] boha1.  Min 0 at 0.  Max at the 4 corners: 10000 + 20000 - 0.3 - 0.4
# + 0.7 (d/dx = 2x + 0.9 pi sin(3 pi x) > 0 for x > 1.5, likewise in y).
add("bohachevsky1", "trig", "x**2 + 2*y**2 - 3*cos(3*pi*x)/10 - 2*cos(4*pi*y)/5 + 7/10",
    {"x": "[-100, 100]", "y": "[-100, 100]"},
    ("30000", [("-100", "-100"), ("-100", "100"), ("100", "-100"), ("100", "100")]),
    ("0", [("0", "0")]),
    "[SU] boha; [JY]", pub(mn=("0", [("0", "0")])))

# [SU] branin (a=1, b=5.1/(4pi^2), c=5/pi, r=6, s=10, t=1/(8pi)).  Both terms
# are minimal together where cos x = -1 (x = -pi, pi, 3pi in [-5, 10]) and
# the square vanishes: y = 491/40, 91/40, 99/40; value s*t = 5/(4 pi)
# (3 tied minima).  Max at the corner (-5, 0).
add("branin", "trig", "(y - 51*x**2/(40*pi**2) + 5*x/pi - 6)**2 + 10*(1 - 1/(8*pi))*cos(x) + 10",
    {"x": "[-5, 10]", "y": "[0, 15]"},
    (AUTO, [("-5", "0")]),
    ("5/(4*pi)", [("-pi", "491/40"), ("pi", "91/40"), ("3*pi", "99/40")]),
    "[SU] branin; [JY]",
    pub(mn=("0.397887", [("-3.14159", "12.275"), ("3.14159", "2.275"), ("9.42478", "2.475")])))

# [SU] levy13.  Min 0 at (1,1).  Max on the edge x = -10 (sin(3 pi x) = 0
# there), at y = -9.8109: 121 (1 + sin^2(3 pi y)) + (y - 1)^2 (1 + sin^2(2 pi y)).
add("levi13", "trig",
    "sin(3*pi*x)**2 + (x - 1)**2*(1 + sin(3*pi*y)**2) + (y - 1)**2*(1 + sin(2*pi*y)**2)",
    {"x": "[-10, 10]", "y": "[-10, 10]"},
    (None, [("-10", -9.8108808)]), ("0", [("1", "1")]),
    "[SU] levy13; [JY]", pub(mn=("0", [("1", "1")])), note="max inside an edge")

# [SU] easom.  With u = x - pi, v = y - pi: f = -cos(u) cos(v) exp(-u^2 - v^2).
# Min -1 at (pi, pi).  Max: cos(u)cos(v) < 0 needs |u| or |v| > pi/2; the best
# is v = 0 (cos(v) e^{-v^2} <= 1) and u = +-u*, tan(u*) = -2u*, u* = 1.8366:
# 4 tied points (pi +- u*, pi), (pi, pi +- u*).  Outside |u|,|v| < 3,
# |f| < e^{-9}, far below the max 0.0090.
add("easom", "exp", "-cos(x)*cos(y)*exp(-(x - pi)**2 - (y - pi)**2)",
    {"x": "[-100, 100]", "y": "[-100, 100]"},
    (None, [(1.3049955, 3.1415927), (4.9781899, 3.1415927), (3.1415927, 1.3049955),
            (3.1415927, 4.9781899)]),
    ("-1", [("pi", "pi")]),
    "[SU] easom; [JY]", pub(mn=("-1", [("3.14159", "3.14159")])))

# [JY] Zettl, box [-5, 10]^2.  Min: for x < 0 (needed for f < 0), y = 0 is best
# (x^2 - 2x > 0), then 16x^3 - 48x^2 + 32x + 1 = 0, root 0 (x = -0.0299).
# Max at the corner (10,10): 180^2 + 2.5.
_z = "CRootOf(16*x**3 - 48*x**2 + 32*x + 1, 0)"
add("zettl", "polynomial", "(x**2 + y**2 - 2*x)**2 + x/4",
    {"x": "[-5, 10]", "y": "[-5, 10]"},
    ("64805/2", [("10", "10")]), (AUTO, [(_z, "0")]),
    "[JY] Zettl", pub(mn=("-0.003791", [("-0.0299", "0")])))

# [SU] trid, d = 2, box [-d^2, d^2].  Min -2 at (2,2) (x_i = i(d+1-i)).
# Convex: max at the corners (-4,4), (4,-4): 25 + 9 + 16 = 50 (tie).
add("trid2", "polynomial", "(x - 1)**2 + (y - 1)**2 - x*y",
    {"x": "[-4, 4]", "y": "[-4, 4]"},
    ("50", [("-4", "4"), ("4", "-4")]), ("-2", [("2", "2")]),
    "[SU] trid; [JY]", pub(mn=("-2", [("2", "2")])))

# [SU] dixonpr, d = 2.  Min 0 at x = 1, 2y^2 = x: (1, +-1/sqrt 2) (tie; [SU]
# lists the positive root).  Max at (-10, +-10): 121 + 2*210^2 (tie).
add("dixon-price", "polynomial", "(x - 1)**2 + 2*(2*y**2 - x)**2",
    {"x": "[-10, 10]", "y": "[-10, 10]"},
    ("88321", [("-10", "-10"), ("-10", "10")]), ("0", [("1", "-sqrt(2)/2"), ("1", "sqrt(2)/2")]),
    "[SU] dixonpr; [JY]", pub(mn=("0", [("1", "0.7071")])))

# [SU] shubert.  f = g(x) g(y), g(t) = sum_{i=1..5} i cos((i+1)t + i), period
# 2pi; on [-10, 10] g attains its min -14.5081 at 3 points (-7.0835, -0.8003,
# 5.4829) and its max 12.8709 at 3 points (-7.7083, -1.4251, 4.8581).  Max of
# the product = gmin^2 at the 9 points argmin x argmin; min = gmin*gmax at
# the 18 points argmin x argmax and argmax x argmin.
_gmin = (-7.0835064, -0.8003211, 5.4828642)
_gmax = (-7.7083137, -1.4251284, 4.8580569)
add("shubert", "trig",
    "(cos(2*x + 1) + 2*cos(3*x + 2) + 3*cos(4*x + 3) + 4*cos(5*x + 4) + 5*cos(6*x + 5))"
    "*(cos(2*y + 1) + 2*cos(3*y + 2) + 3*cos(4*y + 3) + 4*cos(5*y + 4) + 5*cos(6*y + 5))",
    {"x": "[-10, 10]", "y": "[-10, 10]"},
    (None, [(a, b) for a in _gmin for b in _gmin]),
    (None, [(a, b) for a in _gmin for b in _gmax] + [(b, a) for a in _gmin for b in _gmax]),
    "[SU] shubert; [JY]", pub(mn=("-186.7309", [])), note="18 tied minima, 9 tied maxima")

# ------------------------------------------------------------------ non-smooth
# [SU] bukin6.  Min 0 at (-10, 1): both terms vanish only there (the valley
# y = x^2/100 is a sqrt cusp).  Max: largest |y - x^2/100| is 3 + 2.25 at
# (-15, -3): 100 sqrt(21/4) + 5/100.
add("bukin6", "kink", "100*sqrt(Abs(y - x**2/100)) + Abs(x + 10)/100",
    {"x": "[-15, -5]", "y": "[-3, 3]"},
    ("50*sqrt(21) + 1/20", [("-15", "-3")]), ("0", [("-10", "1")]),
    "[SU] bukin6; [JY]", pub(mn=("0", [("-10", "1")])))

# [YLL] f2 (Schwefel 2.22), box [-10, 10]^2.  Min 0 at 0; max at the 4
# corners: 10 + 10 + 100.
add("schwefel222", "kink", "Abs(x) + Abs(y) + Abs(x)*Abs(y)",
    {"x": "[-10, 10]", "y": "[-10, 10]"},
    ("120", [("-10", "-10"), ("-10", "10"), ("10", "-10"), ("10", "10")]), ("0", [("0", "0")]),
    "[YLL] f2; [JY] Schwefel 2.22", pub(mn=("0", [("0", "0")])))

# [SU] schwef.  Separable; h(t) = t sin(sqrt|t|) is odd, its max on [-500, 500]
# is 418.9829 at t* = 420.9687 (tan sqrt t = -sqrt(t)/2).  Min 837.9658 -
# 2 h(t*) = 2.5455e-5 at (t*, t*) (not 0: the constant 418.9829 is rounded);
# max 837.9658 + 2 h(t*) at (-t*, -t*).  sqrt|t| is not differentiable at 0.
add("schwefel", "kink", "4189829/5000 - x*sin(sqrt(Abs(x))) - y*sin(sqrt(Abs(y)))",
    {"x": "[-500, 500]", "y": "[-500, 500]"},
    (None, [(-420.96875, -420.96875)]), (None, [(420.96875, 420.96875)]),
    "[SU] schwef; [JY] Schwefel 2.26",
    pub(mn=("0.0000", [("420.9687", "420.9687")])), note="min value 2.5455e-5, not 0")

# [SU] egg.  Min on the edge x = 512 at y = 404.2319 ([SU]: -959.6407).  Max
# at the corner (-512, 512).  Kinks where x/2 + y + 47 = 0 or x - y - 47 = 0.
add("eggholder", "kink",
    "-(y + 47)*sin(sqrt(Abs(x/2 + y + 47))) - x*sin(sqrt(Abs(x - y - 47)))",
    {"x": "[-512, 512]", "y": "[-512, 512]"},
    ("512*sin(sqrt(1071)) - 559*sin(sqrt(303))", [("-512", "512")]), (None, [("512", 404.23181)]),
    "[SU] egg; [JY]", pub(mn=("-959.6407", [("512", "404.2319")])), note="min inside an edge")

# ------------------------------------------------------------------ 3 variables
# [SU] stybtang, d = 3.  Separable, g(t) = (t^4 - 16t^2 + 5t)/2: min at the
# root 0 of 4t^3 - 32t + 5 (t = -2.9035, g = -39.166; root 2 gives -25.03),
# unique; max g(5) = 125 (g(-5) = 100): (5,5,5), 375.
# Published: [JY] -39.166 d (d = 2: -78.332), i.e. -117.498 for d = 3.  [SU]'s
# "-39.16599 d" is off in the 4th decimal: g(t*) = -39.166165703771...
_st = "CRootOf(4*x**3 - 32*x + 5, 0)"
add("styblinski-tang3", "polynomial",
    "(x**4 - 16*x**2 + 5*x)/2 + (y**4 - 16*y**2 + 5*y)/2 + (z**4 - 16*z**2 + 5*z)/2",
    {"x": "[-5, 5]", "y": "[-5, 5]", "z": "[-5, 5]"},
    ("375", [("5", "5", "5")]), (AUTO, [(_st, _st, _st)]),
    "[SU] stybtang; [JY]", pub(mn=("-117.498", [("-2.903534", "-2.903534", "-2.903534")])),
    note="no tie; [SU]'s -39.16599 d is imprecise (-39.1661657 d)")

# [SU] hart3.  Min -3.86278 at (0.114614, 0.555649, 0.852547).  Max (least
# negative) at the corner (1, 1, 0).  The published x = 0.114614 is 2.5e-5
# from the minimiser x = 0.1145889 (f is flat along x there: f at the
# published point is -3.8627797869, 4e-10 above the minimum), hence
# point_tol 1e-4 for the published point.
add("hartmann3", "exp",
    "-(exp(-3*(x - 3689/10000)**2 - 10*(y - 117/1000)**2 - 30*(z - 2673/10000)**2)"
    " + 6*exp(-(x - 4699/10000)**2/10 - 10*(y - 4387/10000)**2 - 35*(z - 747/1000)**2)/5"
    " + 3*exp(-3*(x - 1091/10000)**2 - 10*(y - 2183/2500)**2 - 30*(z - 5547/10000)**2)"
    " + 16*exp(-(x - 381/10000)**2/10 - 10*(y - 5743/10000)**2 - 35*(z - 2207/2500)**2)/5)",
    {"x": "[0, 1]", "y": "[0, 1]", "z": "[0, 1]"},
    (AUTO, [("1", "1", "0")]), (None, [(0.1145889, 0.5556489, 0.8525470)]),
    "[SU] hart3; [JY]",
    pub(mn=("-3.86278", [("0.114614", "0.555649", "0.852547")]), point_tol=1e-4))

# [SU] trid, d = 3, box [-9, 9]^3.  Min -d(d+4)(d-1)/6 = -7 at (3, 4, 3).
# Convex: max at a corner; -y(x + z) is largest at (-9, 9, -9): 243 + 18 + 162 + 3.
add("trid3", "polynomial", "(x - 1)**2 + (y - 1)**2 + (z - 1)**2 - x*y - y*z",
    {"x": "[-9, 9]", "y": "[-9, 9]", "z": "[-9, 9]"},
    ("426", [("-9", "9", "-9")]), ("-7", [("3", "4", "3")]),
    "[SU] trid", pub(mn=("-7", [("3", "4", "3")])))


# ------------------------------------------------------------------ build
def polish(fexpr, V, point):
    """Point with float entries (free) and string entries (fixed, exact) ->
    40-digit mp point, solving grad = 0 in the free coordinates."""
    fixed = {i: mp.mpf(str(sp.N(sp.sympify(c), 50))) for i, c in enumerate(point) if isinstance(c, str)}
    free = [i for i, c in enumerate(point) if not isinstance(c, str)]
    grads = [sp.lambdify(V, sp.diff(fexpr, V[i]), "mpmath") for i in free]

    def full(*z):
        x = [None] * len(V)
        for i, c in fixed.items():
            x[i] = c
        for i, c in zip(free, z):
            x[i] = c
        return x

    eqs = [lambda *z, g=g: g(*full(*z)) for g in grads]
    if len(free) == 1:
        z = [mp.findroot(eqs[0], mp.mpf(point[free[0]]), tol=mp.mpf(10) ** -36)]
    else:
        z = list(mp.findroot(eqs, [mp.mpf(point[i]) for i in free], tol=mp.mpf(10) ** -36))
    for i, c in zip(free, z):
        assert abs(c - point[i]) < 1e-5 * max(1, abs(point[i])), (point, i, c)
    return full(*z)


def main():
    out = []
    for p in PROBLEMS:
        V = sp.symbols(p["vars"], real=True)
        loc = {str(v): v for v in V}
        f = sp.sympify(p["f"], locals=loc)
        box = [tuple(sp.sympify(e) for e in _split_interval(p["box"][n])) for n in p["vars"]]
        fm = sp.lambdify(V, f, "mpmath")
        exp_ = {}
        for key, (val, pts) in (("max", p["mx"]), ("min", p["mn"])):
            exact = all(isinstance(c, str) for pt in pts for c in pt)
            if exact:
                mpts = [[mp.mpf(str(sp.N(sp.sympify(c), 50))) for c in pt] for pt in pts]
                if val == AUTO:
                    val = str(sp.simplify(f.subs(dict(zip(V, map(sp.sympify, pts[0]))))))
            else:
                mpts = [polish(f, V, pt) for pt in pts]
            vf = mp.mpf(str(sp.N(sp.sympify(val), 50))) if val is not None else fm(*mpts[0])
            for pt, mpt in zip(pts, mpts):
                got = fm(*mpt)
                assert abs(got - vf) < mp.mpf(10) ** -30 * max(1, abs(vf)), (p["id"], key, pt, got, vf)
                for (a, b), c in zip(box, mpt):
                    assert sp.N(a, 50) <= c <= sp.N(b, 50), (p["id"], key, pt)
            exp_[key] = {"value": val, "value_float": float(vf),
                         "points": [[float(c) for c in mpt] for mpt in mpts],
                         "points_exact": [list(pt) for pt in pts] if exact else None}
        d = {"id": p["id"], "category": p["category"], "f": p["f"], "vars": p["vars"],
             "box": p["box"], "expected": exp_, "source": p["source"]}
        if p["published"]:
            d["published"] = p["published"]
        if p["note"]:
            d["note"] = p["note"]
        out.append(d)
    with open(os.path.join(HERE, "problems.json"), "w") as fh:
        fh.write(_sibling_dumps()(out) + "\n")
    n2 = sum(len(d["vars"]) == 2 for d in out)
    print("wrote %d problems (%d with 2 vars, %d with 3 vars)" % (len(out), n2, len(out) - n2))


if __name__ == "__main__":
    main()
