"""Generate problems.json from the hand-derived table below.

The expected answers (exact values and optimal points) were derived by hand
(see comments); this script only converts them to floats at 30 digits and
sanity-checks that every listed point attains the listed value.  Global
optimality and completeness of the point lists are checked independently by
verify.py.

    python benchmarks/multivariate/make_problems.py   # rewrites problems.json
"""
import json
import os
import re

import mpmath as mp
import sympy as sp

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))

PROBLEMS = []


def add(cat, f, box, mx, mn, note=None):
    """mx, mn = (exact value string or None, [point, ...]); a point is a tuple
    of exact strings, or of floats for points without closed form."""
    vars_ = list(box.keys())
    PROBLEMS.append(dict(category=cat, f=f, vars=vars_, box=box,
                         mx=mx, mn=mn, note=note))


S2, S3 = "sqrt(2)/2", "sqrt(3)/3"

# ---------------------------------------------------------------- 2 variables
add("quadratic", "x**2 + y**2", {"x": "[-1, 2]", "y": "[-1, 3]"},
    ("13", [("2", "3")]), ("0", [("0", "0")]))
add("saddle", "x**2 - y**2", {"x": "[-1, 1]", "y": "[-1, 1]"},
    ("1", [("-1", "0"), ("1", "0")]), ("-1", [("0", "-1"), ("0", "1")]))
# interior: saddle (0,0), local min (1,1) value -1; boundary gives 13 and -5
add("polynomial", "x**3 - 3*x*y + y**3", {"x": "[-1, 2]", "y": "[-1, 2]"},
    ("13", [("-1", "2"), ("2", "-1")]), ("-5", [("-1", "-1")]),
    note="interior local min (1,1) = -1 is not global")
add("polynomial", "x**4 + y**4", {"x": "[-2, 2]", "y": "[-1, 1]"},
    ("17", [("-2", "-1"), ("-2", "1"), ("2", "-1"), ("2", "1")]),
    ("0", [("0", "0")]), note="degenerate (quartic) minimum; 4-corner tie")
add("kink", "sqrt(x**2 + y**2)", {"x": "[-1, 1]", "y": "[-1, 2]"},
    ("sqrt(5)", [("-1", "2"), ("1", "2")]), ("0", [("0", "0")]),
    note="cone vertex: not differentiable at the minimum")
add("kink", "Abs(x) + Abs(y)", {"x": "[-1, 2]", "y": "[-3, 1]"},
    ("5", [("2", "-3")]), ("0", [("0", "0")]))
# max: in region x>=y, x - x^2 - y^2 <= x - x^2 <= 1/4; min: Max >= -1, -r^2 >= -2
add("kink", "Max(x, y) - x**2 - y**2", {"x": "[-1, 1]", "y": "[-1, 1]"},
    ("1/4", [("1/2", "0"), ("0", "1/2")]), ("-3", [("-1", "-1")]))
# convex piecewise linear, no piece constant along an edge
add("kink", "Abs(x - 2*y) + Abs(3*x + y - 1)", {"x": "[-1, 1]", "y": "[-1, 1]"},
    ("6", [("-1", "-1"), ("-1", "1")]), ("0", [("2/7", "1/7")]),
    note="min at the crossing of two kink lines")
# g(r2) = r2*exp(-r2) decreasing for r2 > 1; r2 in [5/4, 8] on this box
add("exp", "(x**2 + y**2)*exp(-(x**2 + y**2))", {"x": "[1/2, 2]", "y": "[1, 2]"},
    ("5*exp(-5/4)/4", [("1/2", "1")]), ("8*exp(-8)", [("2", "2")]),
    note="box chosen so the ring of maxima r=1 is excluded")
add("exp", "x*y*exp(-x**2 - y**2)", {"x": "[-2, 2]", "y": "[-2, 2]"},
    ("exp(-1)/2", [(S2, S2), ("-" + S2, "-" + S2)]),
    ("-exp(-1)/2", [(S2, "-" + S2), ("-" + S2, S2)]))
# grad: 2x-y-1 = 0, 2y-x = 0 -> (2/3, 1/3); convex so max at a vertex
add("quadratic", "x**2 + y**2 - x*y - x", {"x": "[-1, 1]", "y": "[0, 2]"},
    ("8", [("-1", "2")]), ("-1/3", [("2/3", "1/3")]))
add("trig", "sin(x)*sin(y)", {"x": "[0, 2*pi]", "y": "[0, 2*pi]"},
    ("1", [("pi/2", "pi/2"), ("3*pi/2", "3*pi/2")]),
    ("-1", [("pi/2", "3*pi/2"), ("3*pi/2", "pi/2")]))
add("polynomial", "(1 - x)**2 + 100*(y - x**2)**2", {"x": "[-2, 2]", "y": "[-1, 3]"},
    ("2509", [("-2", "-1")]), ("0", [("1", "1")]), note="Rosenbrock")
# convex; min on edge x=0 (KKT: df/dx = 3 > 0 there)
add("quadratic", "x**2 + 3*y**2 - 2*x*y + 4*x - 3*y", {"x": "[0, 2]", "y": "[-1, 1]"},
    ("22", [("2", "-1")]), ("-3/4", [("0", "1/2")]),
    note="min in the interior of an edge")
add("saddle", "x*y", {"x": "[-1, 2]", "y": "[-1, 3]"},
    ("6", [("2", "3")]), ("-3", [("-1", "3")]))
add("polynomial", "(x**2 - 1)**2 + (y**2 - 1)**2", {"x": "[-2, 2]", "y": "[-2, 2]"},
    ("18", [("-2", "-2"), ("-2", "2"), ("2", "-2"), ("2", "2")]),
    ("0", [("-1", "-1"), ("-1", "1"), ("1", "-1"), ("1", "1")]),
    note="4 interior minima, 4 corner maxima")
HIMMELBLAU_MIN = "HIMMELBLAU"   # computed numerically below
add("polynomial", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
    {"x": "[-5, 5]", "y": "[-5, 5]"},
    ("890", [("5", "5")]), ("0", HIMMELBLAU_MIN),
    note="Himmelblau; minimum points are algebraic (given as floats)")
# along u=(1,1)/sqrt2: sqrt2 t/(1+t^2), extreme at t=+-1
add("rational", "(x + y)/(1 + x**2 + y**2)", {"x": "[-2, 2]", "y": "[-2, 2]"},
    (S2, [(S2, S2)]), ("-" + S2, [("-" + S2, "-" + S2)]))
add("rational", "x/(1 + y**2)", {"x": "[-1, 2]", "y": "[-1, 1]"},
    ("2", [("2", "0")]), ("-1", [("-1", "0")]))
add("trig", "sin(x) + cos(y)", {"x": "[0, 2*pi]", "y": "[0, 2*pi]"},
    ("2", [("pi/2", "0"), ("pi/2", "2*pi")]), ("-2", [("3*pi/2", "pi")]),
    note="max on two opposite edges")
add("trig", "cos(x)*cos(y)", {"x": "[-pi/2, pi]", "y": "[-pi/2, pi]"},
    ("1", [("0", "0"), ("pi", "pi")]), ("-1", [("0", "pi"), ("pi", "0")]))
add("trig", "sin(x) + sin(y) + sin(x + y)", {"x": "[0, 2*pi]", "y": "[0, 2*pi]"},
    ("3*sqrt(3)/2", [("pi/3", "pi/3")]), ("-3*sqrt(3)/2", [("5*pi/3", "5*pi/3")]))
add("trig", "atan(x*y)", {"x": "[-1, 2]", "y": "[-1, 1]"},
    ("atan(2)", [("2", "1")]), ("-atan(2)", [("2", "-1")]))
# min over y at y=0; g(x)=log(1+x^2)-x/2, g'=0 at x=2-sqrt3 (min), 2+sqrt3 (outside)
add("log", "log(1 + x**2 + y**2) - x/2", {"x": "[-1, 2]", "y": "[-1, 1]"},
    ("log(3) + 1/2", [("-1", "-1"), ("-1", "1")]),
    ("log(8 - 4*sqrt(3)) - 1 + sqrt(3)/2", [("2 - sqrt(3)", "0")]))
add("plateau", "(x - 1)**8 + (y + 1/2)**6", {"x": "[-1, 2]", "y": "[-1, 1]"},
    ("256 + 729/64", [("-1", "1")]), ("0", [("1", "-1/2")]),
    note="very flat minimum")
add("plateau", "atan(10*(x**2 + y**2 - 1))", {"x": "[-2, 2]", "y": "[-2, 2]"},
    ("atan(70)", [("-2", "-2"), ("-2", "2"), ("2", "-2"), ("2", "2")]),
    ("-atan(10)", [("0", "0")]), note="saturating: nearly flat near both optima")
add("plateau", "1/(1 + (x**2 + y**2)**4)", {"x": "[-2, 2]", "y": "[-1, 1]"},
    ("1", [("0", "0")]), ("1/626", [("-2", "-1"), ("-2", "1"), ("2", "-1"), ("2", "1")]),
    note="flat top (8th order)")
add("kink", "Abs(x**2 - y) + (x - 1/2)**2", {"x": "[-1, 1]", "y": "[-1, 1]"},
    ("17/4", [("-1", "-1")]), ("0", [("1/2", "1/4")]),
    note="min on a curved kink")
add("kink", "Abs(x) - Abs(y)", {"x": "[-1, 2]", "y": "[-3, 1]"},
    ("2", [("2", "0")]), ("-3", [("0", "-3")]),
    note="both optima at kinks on edges")
# distance^2 to nearest of (0,0),(2,0); max of min(|x|,|x-2|) on [-1,3] is 1 at x=-1,1,3
add("kink", "Min(x**2 + y**2, (x - 2)**2 + y**2)", {"x": "[-1, 3]", "y": "[-1, 1]"},
    ("2", [("-1", "-1"), ("-1", "1"), ("1", "-1"), ("1", "1"), ("3", "-1"), ("3", "1")]),
    ("0", [("0", "0"), ("2", "0")]), note="6-way tie for the max, 2 at edge kinks")
add("exp", "exp(x)*sin(y)", {"x": "[0, 1]", "y": "[-pi/2, pi/4]"},
    ("E*sqrt(2)/2", [("1", "pi/4")]), ("-E", [("1", "-pi/2")]))
# along u=(1,2)/sqrt5: sqrt5 t exp(-t^2), extreme at t=+-1/sqrt2
add("exp", "(x + 2*y)*exp(-x**2 - y**2)", {"x": "[-2, 2]", "y": "[-2, 2]"},
    ("sqrt(10)*exp(-1/2)/2", [("sqrt(10)/10", "sqrt(10)/5")]),
    ("-sqrt(10)*exp(-1/2)/2", [("-sqrt(10)/10", "-sqrt(10)/5")]))
add("saddle", "x**3 - 3*x*y**2", {"x": "[-1, 1]", "y": "[-1, 1]"},
    ("2", [("-1", "-1"), ("-1", "1")]), ("-2", [("1", "-1"), ("1", "1")]),
    note="monkey saddle")
add("polynomial", "x**3 - 3*x + y**2", {"x": "[-2, 3]", "y": "[-1, 2]"},
    ("22", [("3", "2")]), ("-2", [("1", "0"), ("-2", "0")]),
    note="min tie: interior point and edge point")
GAUSS2 = "GAUSS2"
add("exp", "exp(-(x - 1)**2 - y**2) + exp(-(x + 1)**2 - y**2)",
    {"x": "[-3, 3]", "y": "[-2, 2]"},
    (None, GAUSS2),
    ("exp(-8) + exp(-20)", [("-3", "-2"), ("-3", "2"), ("3", "-2"), ("3", "2")]),
    note="max value has no closed form (1-a = (1+a) exp(-4a))")
# Fermat point of (0,0),(1,0),(0,1): on y=x, 6t^2-6t+1=0; sum = sqrt(2+sqrt3)
add("sqrt", "sqrt(x**2 + y**2) + sqrt((x - 1)**2 + y**2) + sqrt(x**2 + (y - 1)**2)",
    {"x": "[-1, 2]", "y": "[-1, 2]"},
    ("2*sqrt(2) + 2*sqrt(5)", [("2", "2")]),
    ("sqrt(2 + sqrt(3))", [("(3 - sqrt(3))/6", "(3 - sqrt(3))/6")]),
    note="Fermat point")

# ---------------------------------------------------------------- 3 variables
B3 = {"x": "[-1, 1]", "y": "[-1, 1]", "z": "[-1, 1]"}
add("quadratic", "x**2 + y**2 + z**2", {"x": "[-1, 2]", "y": "[-1, 1]", "z": "[-3, 1]"},
    ("14", [("2", "-1", "-3"), ("2", "1", "-3")]), ("0", [("0", "0", "0")]))
# grad = 0 at (3/4, 1/2, 1/4); convex -> max at a vertex: 3 - xy - yz - x
add("quadratic", "x**2 + y**2 + z**2 - x*y - y*z - x", dict(B3),
    ("6", [("-1", "1", "-1")]), ("-3/8", [("3/4", "1/2", "1/4")]))
add("polynomial", "x*y*z", {"x": "[-1, 2]", "y": "[-1, 1]", "z": "[-2, 1]"},
    ("4", [("2", "-1", "-2")]), ("-4", [("2", "1", "-2")]))
add("polynomial", "x*y*z", dict(B3),
    ("1", [("1", "1", "1"), ("1", "-1", "-1"), ("-1", "1", "-1"), ("-1", "-1", "1")]),
    ("-1", [("-1", "-1", "-1"), ("-1", "1", "1"), ("1", "-1", "1"), ("1", "1", "-1")]),
    note="corner ties")
add("exp", "(x + y + z)*exp(-x**2 - y**2 - z**2)",
    {"x": "[-2, 2]", "y": "[-2, 2]", "z": "[-2, 2]"},
    ("sqrt(6)*exp(-1/2)/2", [("sqrt(6)/6",) * 3]),
    ("-sqrt(6)*exp(-1/2)/2", [("-sqrt(6)/6",) * 3]))
add("saddle", "x**2 + y**2 - z**2", {"x": "[-1, 1]", "y": "[-2, 1]", "z": "[-1, 2]"},
    ("5", [("-1", "-2", "0"), ("1", "-2", "0")]), ("-4", [("0", "0", "2")]))
# AM-GM: x^4+y^4+z^4+1 >= 4|xyz|
add("polynomial", "x**4 + y**4 + z**4 - 4*x*y*z",
    {"x": "[-2, 2]", "y": "[-2, 2]", "z": "[-2, 2]"},
    ("80", [("-2", "-2", "-2"), ("-2", "2", "2"), ("2", "-2", "2"), ("2", "2", "-2")]),
    ("-1", [("1", "1", "1"), ("1", "-1", "-1"), ("-1", "1", "-1"), ("-1", "-1", "1")]))
add("polynomial", "100*(y - x**2)**2 + (1 - x)**2 + 100*(z - y**2)**2 + (1 - y)**2",
    {"x": "[-1, 2]", "y": "[-1, 2]", "z": "[-1, 2]"},
    ("2905", [("2", "-1", "-1")]), ("0", [("1", "1", "1")]),
    note="3-d Rosenbrock; runner-up max 2902 at (0,2,-1) and (2,2,-1)")
add("kink", "Abs(x - 1) + Abs(y + z) + 2*Abs(z - 1/2)", dict(B3),
    ("7", [("-1", "-1", "-1")]), ("0", [("1", "-1/2", "1/2")]))
add("kink", "Max(x, y, z) - x**2 - y**2 - z**2", dict(B3),
    ("1/4", [("1/2", "0", "0"), ("0", "1/2", "0"), ("0", "0", "1/2")]),
    ("-4", [("-1", "-1", "-1")]))
add("trig", "sin(x)*sin(y)*sin(z)", {"x": "[0, 2*pi]", "y": "[0, pi]", "z": "[0, 2*pi]"},
    ("1", [("pi/2", "pi/2", "pi/2"), ("3*pi/2", "pi/2", "3*pi/2")]),
    ("-1", [("pi/2", "pi/2", "3*pi/2"), ("3*pi/2", "pi/2", "pi/2")]))
add("rational", "(x + y + z)/(1 + x**2 + y**2 + z**2)",
    {"x": "[-1, 2]", "y": "[-1, 2]", "z": "[-1, 2]"},
    ("sqrt(3)/2", [(S3,) * 3]), ("-sqrt(3)/2", [("-" + S3,) * 3]))
add("quadratic", "(x - 2)**2 + (y - 1/2)**2 + (z + 1)**2",
    {"x": "[0, 1]", "y": "[0, 1]", "z": "[0, 1]"},
    ("33/4", [("0", "0", "1"), ("0", "1", "1")]), ("2", [("1", "1/2", "0")]),
    note="min in the interior of an edge, max tie at two corners")
# critical points only on the diagonal: 3t^2 - 6t + 1 = 0, t = 1 - sqrt(6)/3
add("log", "log(1 + x**2 + y**2 + z**2) - (x + y + z)/3", dict(B3),
    ("log(4) + 1", [("-1", "-1", "-1")]),
    ("log(6 - 2*sqrt(6)) - 1 + sqrt(6)/3", [("1 - sqrt(6)/3",) * 3]))
add("plateau", "1/(1 + (x**2 + y**2 + z**2)**3)",
    {"x": "[-1, 1]", "y": "[-1, 1]", "z": "[0, 2]"},
    ("1", [("0", "0", "0")]),
    ("1/217", [("-1", "-1", "2"), ("-1", "1", "2"), ("1", "-1", "2"), ("1", "1", "2")]),
    note="flat max on a face")
# d/dx: yz(1-2x^2) e^{-r^2} -> |x|=|y|=|z|=1/sqrt2
_p = S2
_m = "-" + S2
add("exp", "x*y*z*exp(-x**2 - y**2 - z**2)", dict(B3),
    ("sqrt(2)*exp(-3/2)/4", [(_p, _p, _p), (_p, _m, _m), (_m, _p, _m), (_m, _m, _p)]),
    ("-sqrt(2)*exp(-3/2)/4", [(_m, _m, _m), (_m, _p, _p), (_p, _m, _p), (_p, _p, _m)]))
add("quadratic", "x**2 - 2*y**2 + z**2 + x*y - y*z + x",
    {"x": "[-1, 2]", "y": "[-1, 1]", "z": "[-2, 1]"},
    ("12", [("2", "1", "-2")]), ("-13/4", [("-1", "1", "1/2")]),
    note="indefinite quadratic: both optima on the boundary")


# ------------------------------------------------------------- numeric points
def himmelblau_minima():
    x, y = sp.symbols("x y")
    f = (x**2 + y - 11)**2 + (x + y**2 - 7)**2
    gx, gy = [sp.lambdify((x, y), sp.diff(f, v), "mpmath") for v in (x, y)]
    pts = []
    for s in [(3, 2), (-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848)]:
        r = mp.findroot([gx, gy], s)
        pts.append((float(r[0]), float(r[1])))
    return pts


def gauss2_maxima():
    a = mp.findroot(lambda a: (1 - a) - (1 + a) * mp.exp(-4 * a), 0.957)
    return [(-float(a), 0.0), (float(a), 0.0)]


def dumps(obj, ind=0):
    """JSON with one key per line but lists of scalars / of points inline."""
    pad = " " * ind
    if isinstance(obj, dict):
        items = [pad + " " + json.dumps(k) + ": " + dumps(v, ind + 1).lstrip()
                 for k, v in obj.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj and isinstance(obj[0], dict):
        return pad + "[\n" + ",\n".join(dumps(v, ind + 1) for v in obj) + "\n" + pad + "]"
    return pad + json.dumps(obj)


def main():
    out = []
    for i, p in enumerate(PROBLEMS, 1):
        V = sp.symbols(p["vars"])
        f = sp.sympify(p["f"], locals={str(v): v for v in V})
        fm = sp.lambdify(V, f, "mpmath")
        exp_ = {}
        for key, (val, pts) in (("max", p["mx"]), ("min", p["mn"])):
            if pts == HIMMELBLAU_MIN:
                pts = himmelblau_minima()
            elif pts == GAUSS2:
                pts = gauss2_maxima()
            exact_pts = None
            if all(isinstance(c, str) for pt in pts for c in pt):
                exact_pts = [list(pt) for pt in pts]
                fpts = [[float(sp.N(sp.sympify(c), 30)) for c in pt] for pt in pts]
                mpts = [[mp.mpf(str(sp.N(sp.sympify(c), 45))) for c in pt] for pt in pts]
            else:
                fpts = [list(map(float, pt)) for pt in pts]
                mpts = [[mp.mpf(c) for c in pt] for pt in pts]
            if val is not None:
                vf = float(sp.N(sp.sympify(val), 30))
            else:
                vf = float(fm(*mpts[0]))
            for mpt in mpts:
                got = fm(*mpt)
                assert abs(got - vf) < 1e-12 * max(1, abs(vf)), (i, key, mpt, got, vf)
            exp_[key] = {"value": val, "value_float": vf, "points": fpts,
                         "points_exact": exact_pts}
        d = {"id": "mv-%02d" % i, "category": p["category"], "f": p["f"],
             "vars": p["vars"], "box": p["box"], "expected": exp_}
        if p["note"]:
            d["note"] = p["note"]
        out.append(d)
    text = dumps(out)
    with open(os.path.join(HERE, "problems.json"), "w") as fh:
        fh.write(text + "\n")
    n2 = sum(len(d["vars"]) == 2 for d in out)
    print("wrote %d problems (%d with 2 vars, %d with 3 vars)" % (len(out), n2, len(out) - n2))


if __name__ == "__main__":
    main()
