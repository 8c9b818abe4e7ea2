"""Several variables: critical points and their classification, extrema on boxes."""
import json
import math

import numpy as np
import pytest

import calc
import sympy as sp
from hypothesis import HealthCheck, given, settings, strategies as st
from scipy import optimize

from calc import DomainError, ParseError
from calc.multivariate import critical_points, extrema_box, parse_box
from calc.parsing import symbol

x, y, z = symbol("x"), symbol("y"), symbol("z")


def exact_points(ext):
    return sorted(tuple(n.exact for _, n in p) for p in ext.points)


def float_points(ext):
    return sorted(tuple(n.float for _, n in p) for p in ext.points)


def crit(f, **kw):
    r = critical_points(f, **kw)
    return {tuple(n.exact for _, n in c.point): c for c in r.critical_points}, r


# ---------------------------------------------------------------- boxes
def test_parse_box_forms():
    vs, box = parse_box("x in [-1, 1], y in [0, 2*pi]")
    assert vs == [x, y] and box[y] == sp.Interval(0, 2 * sp.pi)
    vs, box = parse_box({"y": "[0, 1/2]", x: sp.Interval(-1, 3)})
    assert vs == [y, x] and box[y].end == sp.Rational(1, 2)
    vs, box = parse_box("-1 <= x <= 1; 0 <= y <= 2")
    assert box[x] == sp.Interval(-1, 1) and box[y] == sp.Interval(0, 2)
    with pytest.raises(DomainError):
        parse_box("x in (0, 1], y in [0, 1]")
    with pytest.raises(DomainError):
        parse_box({"x": "[0, oo)", "y": "[0, 1]"})
    with pytest.raises(DomainError):
        parse_box({"x": "[2, 1]"})
    with pytest.raises(DomainError):
        parse_box({"x": "[0, 1]"}, sp.sympify("x + y", locals={"x": x, "y": y}))
    with pytest.raises(ParseError):
        parse_box("x in [0, 1, 2]")


# ---------------------------------------------------------------- classics: critical points
def test_paraboloid_and_saddle():
    pts, _ = crit("x^2 + y^2")
    assert list(pts) == [(0, 0)] and pts[(0, 0)].kind == "min" and "Sylvester" in pts[(0, 0)].test
    pts, _ = crit("x^2 - y^2")
    assert pts[(0, 0)].kind == "saddle" and "indefinite" in pts[(0, 0)].test


def test_cubic_classic():
    pts, r = crit("x^3 - 3x y + y^3")
    assert set(pts) == {(0, 0), (1, 1)}
    assert pts[(0, 0)].kind == "saddle" and pts[(1, 1)].kind == "min"
    assert pts[(1, 1)].strict and pts[(1, 1)].differentiable
    d = r.to_dict()
    assert set(d) == {"function", "variables", "critical_points", "families", "status", "notes"}
    assert d["variables"] == ["x", "y"] and d["status"] == "ok"
    c = d["critical_points"][0]
    assert set(c) == {"point", "kind", "test", "differentiable"}
    assert set(c["point"]) == {"x", "y"} and c["point"]["x"]["exact"] == "0"
    json.dumps(d)


def test_quartic_degenerate():
    pts, _ = crit("x^4 + y^4")
    c = pts[(0, 0)]
    assert c.kind == "min" and c.strict
    assert "inconclusive by the Hessian" in c.test and "positive definite" in c.test
    pts, _ = crit("x^4 - y^4")
    c = pts[(0, 0)]
    assert c.kind == "saddle" and "inconclusive by the Hessian" in c.test and "both signs" in c.test
    pts, _ = crit("x^2 - y^4")
    assert pts[(0, 0)].kind == "saddle" and "restriction to lines" in pts[(0, 0)].test
    pts, _ = crit("x^2 + y^4")
    assert pts[(0, 0)].kind == "min"
    pts, _ = crit("x^3 - 3x y^2")          # monkey saddle
    assert pts[(0, 0)].kind == "saddle"
    pts, _ = crit("(y - x^2)(y - 3x^2)")   # a min along every line, yet not a min (decided along a parabola)
    assert pts[(0, 0)].kind == "saddle"
    pts, _ = crit("1/(1 + (x^2 + y^2)^4)")
    assert pts[(0, 0)].kind == "max" and "degree 8" in pts[(0, 0)].test


def test_cone_and_kinks():
    pts, _ = crit("sqrt(x^2 + y^2)")
    c = pts[(0, 0)]
    assert c.kind == "min" and not c.differentiable and "directional derivative" in c.test
    pts, r = crit("|x| + |y|")
    assert pts[(0, 0)].kind == "min" and not pts[(0, 0)].differentiable
    assert any("x = 0" in f for f in r.families) and any("y = 0" in f for f in r.families)
    pts, r = crit("max(x, y) - x^2 - y^2")
    half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
    assert pts[(half, 0)].kind == "max" and pts[(0, half)].kind == "max"
    assert pts[(quarter, quarter)].kind == "saddle" and not pts[(quarter, quarter)].differentiable
    assert any("x - y = 0" in f for f in r.families)
    pts, _ = crit("|x|^3 + y^2")           # |x|³ is differentiable: not a kink
    assert pts[(0, 0)].differentiable and pts[(0, 0)].kind == "min"


def test_ring_of_maxima_and_gaussian_bump():
    pts, r = crit("(x^2 + y^2) exp(-(x^2 + y^2))")
    assert list(pts) == [(0, 0)] and pts[(0, 0)].kind == "min"
    assert any("x² + y² = 1" in f and "e^(-1)" in f for f in r.families)
    pts, _ = crit("x y exp(-x^2 - y^2)")
    s = sp.sqrt(2) / 2
    assert pts[(s, s)].kind == "max" and pts[(s, -s)].kind == "min" and pts[(0, 0)].kind == "saddle"


def test_infinite_lattice_described():
    r = critical_points("sin(x) sin(y)", timeout=20)
    assert not r.critical_points and len(r.families) == 8
    assert any("π/2" in f and "local maximum" in f for f in r.families)
    assert all("∈ ℤ" in f for f in r.families)
    # restricted to a box, the points are listed
    r = critical_points("sin(x) sin(y)", on="x in [0, 4], y in [0, 4]")
    found = {tuple(n.exact for _, n in c.point): c.kind for c in r.critical_points}
    assert found[(sp.pi / 2, sp.pi / 2)] == "max" and found[(sp.pi, sp.pi)] == "saddle"


def test_three_variables_and_certified():
    pts, _ = crit("x^4 + y^4 + z^4 - 4 x y z")
    assert pts[(1, 1, 1)].kind == "min" and pts[(0, 0, 0)].kind == "saddle"
    r = critical_points("exp(-(x-1)^2 - y^2) + exp(-(x+1)^2 - y^2)")
    maxima = [c for c in r.critical_points if c.kind == "max"]
    assert len(maxima) == 2
    for c in maxima:
        xv = c.point[0][1]
        assert xv.exact is None and xv.certified and xv.lo < xv.hi and abs(abs(xv.float) - 0.9575040240772687) < 1e-12
        assert c.point[1][1].exact == 0
    assert any("[-10, 10]" in n for n in r.notes)


# ---------------------------------------------------------------- extrema on boxes
def test_box_textbook():
    r = extrema_box("x^2 + y^2 - x y - x", on="x in [-1, 1], y in [0, 2]")
    assert r.maximum.value.exact == 8 and exact_points(r.maximum) == [(-1, 2)]
    assert r.minimum.value.exact == sp.Rational(-1, 3)
    assert exact_points(r.minimum) == [(sp.Rational(2, 3), sp.Rational(1, 3))]
    kinds = {c.kind for c in r.candidates}
    assert kinds == {"interior critical", "edge critical", "corner"}
    d = r.to_dict()
    assert set(d) == {"function", "variables", "box", "candidates", "maximum", "minimum", "status", "notes"}
    assert d["box"] == {"x": "[-1, 1]", "y": "[0, 2]"}
    assert d["maximum"] == {"decided": True, "attained": True, "value": d["maximum"]["value"], "bound": None,
                            "points": d["maximum"]["points"], "reason": None}
    assert d["maximum"]["points"] == [{"x": {"exact": "-1", "float": -1.0, "enclosure": None, "certified": True},
                                       "y": {"exact": "2", "float": 2.0, "enclosure": None, "certified": True}}]
    assert set(d["candidates"][0]) == {"point", "kind", "value"}
    json.dumps(d)
    assert "global maximum: 8" in r.text() and "| kind |" in r.markdown() and r._repr_markdown_()
    assert r"\max f = 8" in r.latex()


def test_box_ties_kinks_and_corners():
    r = extrema_box("x^4 + y^4", on={"x": "[-2, 2]", "y": "[-1, 1]"})
    assert r.maximum.value.exact == 17 and len(r.maximum.points) == 4
    r = extrema_box("sqrt(x^2 + y^2)", on="x in [-1, 1], y in [-1, 2]")
    assert exact_points(r.minimum) == [(0, 0)] and r.maximum.value.exact == sp.sqrt(5)
    assert any(c.kind == "nondifferentiable" for c in r.candidates)
    r = extrema_box("|x - 2y| + |3x + y - 1|", on="x in [-1, 1], y in [-1, 1]")
    assert r.minimum.value.exact == 0 and exact_points(r.minimum) == [(sp.Rational(2, 7), sp.Rational(1, 7))]
    r = extrema_box("max(x, y, z) - x^2 - y^2 - z^2", on="x in [-1,1], y in [-1,1], z in [-1,1]")
    h = sp.Rational(1, 2)
    assert r.maximum.value.exact == sp.Rational(1, 4)
    assert exact_points(r.maximum) == [(0, 0, h), (0, h, 0), (h, 0, 0)]
    r = extrema_box("|x^2 - y| + (x - 1/2)^2", on="x in [-1, 1], y in [-1, 1]")
    assert exact_points(r.minimum) == [(h, sp.Rational(1, 4))]


def test_box_transcendental_and_symmetry():
    r = extrema_box("exp(-(x - 1)^2 - y^2) + exp(-(x + 1)^2 - y^2)", on="x in [-3, 3], y in [-2, 2]")
    assert r.status == "ok" and len(r.maximum.points) == 2
    assert r.maximum.value.exact is None and r.maximum.value.certified
    assert abs(r.maximum.value.float - 1.0198658183311205) < 1e-12
    assert any("symmetry" in n for n in r.notes)
    r = extrema_box("sin(x) + sin(y) + sin(x + y)", on="x in [0, 2*pi], y in [0, 2*pi]")
    assert r.maximum.value.exact == 3 * sp.sqrt(3) / 2
    assert exact_points(r.maximum) == [(sp.pi / 3, sp.pi / 3)]
    r = extrema_box("(x^2 + y^2) exp(-(x^2 + y^2))", on="x in [1/2, 2], y in [1, 2]")
    assert r.maximum.value.exact == 5 * sp.exp(sp.Rational(-5, 4)) / 4


def test_box_continuum_and_discontinuity():
    r = extrema_box("(x^2 + y^2) exp(-(x^2 + y^2))", on="x in [-2, 2], y in [-2, 2]")
    assert r.maximum.attained and "continuum" in r.maximum.reason
    assert r.maximum.value.exact == sp.exp(-1)
    # a sum of parts in separate variables is decided part by part: ln x → −∞ at 0⁺ (sympy's limit)
    r = extrema_box("log(x) + y", on="x in [0, 1], y in [0, 1]")
    assert r.minimum.decided and r.minimum.value.exact == -sp.oo and r.minimum.attained is False
    assert r.maximum.decided and r.maximum.value.exact == 1
    assert [[n.exact for _, n in p] for p in r.maximum.points] == [[1, 1]]
    assert sp.limit(sp.log(sp.Symbol("x")), sp.Symbol("x"), 0, "+") == -sp.oo
    r = extrema_box("log(x) + x y", on="x in [0, 1], y in [0, 1]")
    assert r.status == "partial" and not r.minimum.decided and "not continuous" in r.minimum.reason
    # a partial search fills in no value as if decided: the maximum 1 at (1, 1) is only a bound
    assert not r.maximum.decided and r.maximum.bound.exact == 1 and r.maximum.value is None


def test_dispatch_budget_and_errors():
    import calc
    r = calc.extrema("x^2 + y^2 - x y - x", on={"x": "[-1, 1]", "y": "[0, 2]"})
    assert r.minimum.value.exact == sp.Rational(-1, 3)
    r = extrema_box("x^2 - 1", on={"x": "[-1, 2]"})          # a one-variable box works too
    assert r.maximum.value.exact == 3 and exact_points(r.minimum) == [(0,)]
    r = extrema_box("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", on="x in [-5, 5], y in [-5, 5]", timeout=0.05)
    assert r.status == "partial" and any("time" in n for n in r.notes)
    with pytest.raises(DomainError):
        extrema_box("x + y", on="x in [0, 1]")
    with pytest.raises(ParseError):
        extrema_box("x +* y", on="x in [0, 1], y in [0, 1]")


def test_plots(tmp_path):
    r = extrema_box("sqrt(x^2 + y^2)", on="x in [-1, 1], y in [-1, 1]")
    fig = r.plot(str(tmp_path / "cone.png"))
    assert (tmp_path / "cone.png").stat().st_size > 10000 and len(fig.axes) >= 2
    c = critical_points("x^3 - 3x y + y^3")
    c.plot(str(tmp_path / "crit.png"))
    assert (tmp_path / "crit.png").stat().st_size > 10000
    r3 = extrema_box("x y z", on="x in [-1, 1], y in [-1, 1], z in [-1, 1]")
    r3.plot(str(tmp_path / "three.png"))
    assert (tmp_path / "three.png").exists()


# ---------------------------------------------------------------- property: random polynomials on boxes
def _oracle(fn, box, sense):
    """The max (sense 1) or min (sense -1) of f from a dense grid and local refinement."""
    sense = -sense          # minimise -f for the maximum
    n = len(box)
    lo, hi = np.array([b[0] for b in box]), np.array([b[1] for b in box])
    axes = [np.linspace(a, b, 81 if n == 2 else 25) for a, b in box]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, n)
    vals = sense * np.broadcast_to(fn(*mesh.T), mesh.shape[:1])
    best = mesh[np.argsort(vals)[:12]]
    g = lambda p: float(sense * fn(*p))  # noqa: E731
    out = float(np.min(vals))
    for p0 in best:
        res = optimize.minimize(g, p0, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                                options={"ftol": 1e-15, "gtol": 1e-12})
        out = min(out, res.fun)
        res = optimize.minimize(g, res.x, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15})
        if np.all(res.x >= lo) and np.all(res.x <= hi):
            out = min(out, res.fun)
    return sense * out


coef = st.integers(-4, 4)


@st.composite
def poly_on_box(draw):
    n = draw(st.sampled_from([2, 2, 2, 3]))
    vs = [x, y, z][:n]
    deg = draw(st.integers(2, 3 if n == 2 else 2))
    monos = [m for m in sp.itermonomials(vs, deg)]
    f = sum(draw(coef) * m for m in sorted(monos, key=sp.default_sort_key))
    box = {}
    for v in vs:
        a = draw(st.integers(-3, 2))
        w = draw(st.integers(1, 3))
        box[v.name] = (a, a + w)
    return sp.expand(f), vs, box


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(poly_on_box())
def test_random_polynomials_agree_with_grid_and_refinement(case):
    f, vs, box = case
    r = extrema_box(f, on={k: f"[{a}, {b}]" for k, (a, b) in box.items()}, timeout=20)
    fn = sp.lambdify(vs, f, "numpy")
    bx = [box[v.name] for v in vs]
    for ext, sense in ((r.maximum, 1), (r.minimum, -1)):
        assert ext.attained
        got = ext.value.float
        want = _oracle(fn, bx, sense)
        # calc is never worse than the numeric search, and agrees with it to 1e-9
        assert sense * (got - want) >= -1e-9 * (1 + abs(want)), (f, box, sense, got, want)
        assert abs(got - want) <= 1e-9 * (1 + abs(want)) or ext.reason, (f, box, sense, got, want)
        for p in ext.points:
            coords = [n.float for _, n in p]
            assert all(a - 1e-12 <= c <= b + 1e-12 for c, (a, b) in zip(coords, bx))
            assert math.isclose(float(fn(*coords)), got, rel_tol=1e-9, abs_tol=1e-9)


# ---------------------------------------------------------------- calc's own differentiator (no δ / Heaviside)
def test_kink_derivatives_have_no_distributions():
    import calc
    r = calc.critical_points("|x - y| + x^2 + y^2")
    for s in (str(r.to_dict()), r.text(), r.markdown(), r.latex(), str(r.gradient), str(r.hessian)):
        assert "DiracDelta" not in s and "Heaviside" not in s and "sign" not in s
    (c,) = r.critical_points
    assert [n.exact for _, n in c.point] == [0, 0] and not c.differentiable
    assert c.kind in ("min", "inconclusive")
    # the second derivatives are 2 / 0 where defined and undefined on the ridge x = y
    assert r.hessian[0][0].xreplace({x: 1, y: 0}) == 2 and r.hessian[0][1].xreplace({x: 1, y: 0}) == 0
    assert r.hessian[0][0].xreplace({x: 1, y: 1}) is sp.nan


def test_kinks_ties_and_a_jump():
    import calc
    r = calc.critical_points("|x-y| + max(x, y^2) + sign(x)")
    for s in (str(r.to_dict()), r.text()):
        assert "DiracDelta" not in s and "Heaviside" not in s
    pts = {tuple(n.exact for _, n in c.point): c for c in r.critical_points}
    assert set(pts) == {(0, 0), (1, 1)}
    # f jumps from -1 to 1 across x = 0: (0, 0) is not an extremum
    assert pts[(0, 0)].kind == "saddle" and "jumps" in pts[(0, 0)].test
    assert pts[(1, 1)].kind == "saddle" and not pts[(1, 1)].differentiable
    assert any("x = 0" in f for f in r.families)
    # the gradient is undefined on the ridges, 0 for the sign term elsewhere
    gx = r.gradient[0]
    assert gx.xreplace({x: 2, y: 0}) == 2 and gx.xreplace({x: 0, y: 1}) is sp.nan


# ---------------------------------------------------------------- one result family
def test_one_and_several_variables_return_one_result_family():
    import json

    import calc
    from calc.results import Result
    rs = [calc.extrema("x^3 - 3x", on="[-2, 3]"), calc.extrema("x^2 + y^2", on="x in [-1, 1], y in [0, 2]"),
          calc.critical_points("x^3 - 3x y + y^3")]
    for r in rs:
        assert isinstance(r, Result) and r.status == "ok" and isinstance(r.notes, tuple)
        assert json.loads(r.to_json()) == r.to_dict()
        assert str(r) == r.text() and r._repr_markdown_() == r.markdown()
        assert r._repr_latex_() == r.latex() and r.latex().startswith(r"\[ ")


# ---------------------------------------------------------------- the shared stages
def test_krawczyk_is_the_root_isolation_stage():
    from calc.stages.balls import compile_balls
    from calc.stages.roots import isolate_roots_nd
    G = [x ** 2 + y ** 2 - 1, x - y]
    gf = [compile_balls(g, [x, y]) for g in G]
    jf = [[compile_balls(sp.diff(g, v), [x, y]) for v in (x, y)] for g in G]
    found = isolate_roots_nd(gf, jf, [(-2.0, 2.0), (-2.0, 2.0)], bits=160)
    assert len(found.roots) == 2 and not found.loose and not found.stopped
    for r in found.roots:
        assert all(b.rad() < 1e-30 for b in r)
        assert abs(abs(float(r[0].mid())) - 2 ** -0.5) < 1e-15
    # outside the domain of log on the whole box: skipped, said so
    gl = [compile_balls(sp.log(x) + y, [x, y]), compile_balls(sp.log(x) - y, [x, y])]
    jl = [[compile_balls(sp.diff(g.expr, v), [x, y]) for v in (x, y)] for g in gl]
    found = isolate_roots_nd(gl, jl, [(-3.0, -1.0), (-1.0, 1.0)], bits=160)
    assert found.roots == [] and found.undefined


@pytest.mark.parametrize("text, sense", [("x^2 + y^2 - 2x", 1), ("x^4 + y^4 - 4 x y", 1), ("x y - x^2 - y^2 + y", -1)])
def test_whole_plane_coercive_polynomials(text, sense):
    """Issue 10 item 9: no box — decided over ℝ² by the leading form; scipy's local search from
    many starts as the independent oracle for the optimum value."""
    import numpy as np
    from scipy.optimize import minimize
    r = calc.extrema(text)
    ext, other = (r.minimum, r.maximum) if sense > 0 else (r.maximum, r.minimum)
    assert ext.decided and ext.attained and r.status == "ok"
    assert not other.attained and other.value.is_infinite
    fx = sp.lambdify(sp.symbols("x y", real=True), calc.parse(text))
    best = min(sense * minimize(lambda v: sense * fx(*v), np.array(s)).fun
               for s in [(-2, -2), (-2, 2), (2, -2), (2, 2), (0.3, 0.1)])
    assert abs(float(ext.value.approx) - best) < 1e-6


def test_whole_plane_undecided_and_unbounded():
    r = calc.extrema("x^2 + y")                     # leading form only semidefinite
    assert not r.minimum.decided and r.status == "partial"
    r = calc.extrema("x^3 - 3x y + y^3")             # odd degree: unbounded both ways
    assert r.maximum.value.exact == sp.oo and r.minimum.value.exact == -sp.oo


def test_peano_surface_is_not_an_extremum():
    """Issue 10 item 8: every line through the origin shows a minimum of (y − x²)(y − 3x²), yet
    between the two parabolas f < 0 (f = −x⁴ on y = 2x²): not an extremum."""
    r = critical_points("(y - x^2)(y - 3x^2)")
    (c,) = [c for c in r.critical_points if all(n.exact == 0 for _, n in c.point) and c.differentiable]
    assert c.kind == "saddle" and "curve" in c.test
    x = symbol("x")
    assert sp.expand(((2 * x ** 2 - x ** 2) * (2 * x ** 2 - 3 * x ** 2))) == -x ** 4     # the oracle, by hand
