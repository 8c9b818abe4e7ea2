"""Steps that end at the answer, the rows they cite, the kinds of non-differentiable points, and the
differential derived by the differential column of Tables 2-1/2-2 (issue 11, item 5).  Oracles:
sympy.diff and simplify-equality, sympy.limit of the difference quotient."""
import itertools
import json

import pytest
import sympy as sp

import calc
from calc.differential import DifferentialStep
from calc.printing import d

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
a = sp.Symbol("a", real=True)


def _same(p, q) -> bool:
    return sp.simplify(p - q) == 0


# ------------------------------------------------------------------ derivative steps
@pytest.mark.parametrize("text, last", [
    ("x^3 + 2x^2", "simplify: 3x² + 4x = x (3x + 4)"),
    ("sin(x)^2", "simplify: 2 sin x cos x = sin(2x)"),
])
def test_the_derivation_ends_at_the_headline(text, last):
    r = calc.derivative(text)
    lines = r.text(steps=True).splitlines()
    assert lines[-1] == last
    assert lines[1] == f"f′(x) = {last.split(' = ')[-1]}"           # the headline is the last step's form
    before, after = r.final_step
    f = calc.parse(text)
    assert _same(before, sp.diff(f, x)) and _same(after, sp.diff(f, x))  # both equal f′ (sympy.diff)
    assert before == r.steps[0].result and after == r.simplified
    assert r.to_dict()["simplify"] == {"from": str(before), "to": str(after)}
    for fmt in ("markdown", "latex"):
        out = getattr(r, fmt)(steps=True)
        assert "simplify" in out.splitlines()[-1] or "simplify" in out.split(r"\\")[-1]


def test_no_simplify_step_when_the_rules_give_the_headline():
    r = calc.derivative("x^2 sin x")
    assert r.final_step is None and "simplify" not in r.text(steps=True)
    assert r.to_dict()["simplify"] is None


@pytest.mark.parametrize("text, rules", [
    ("log(x, a)", ("2-1.11",)), ("log(x, 10)", ("2-1.11",)), ("3 log(x, a)", ("2-1.11", "2-2.2")),
    ("log(x^2 + 1, a)", ("2-1.11", "2-2.5"))])
def test_logarithm_to_base_a_cites_2_1_11(text, rules):
    r = calc.derivative(text, x="x")
    assert r.steps[0].rules == rules
    assert _same(r.expr, sp.diff(calc.parse(text), x))
    assert "2-1.12" not in {rid for s in r.steps[0].walk() for rid in s.rules}


@pytest.mark.parametrize("text", ["x^x", "sin(x)^x", "x^(x^2)"])
def test_power_exponential_shows_logarithmic_differentiation(text):
    f = calc.parse(text)
    u, v = f.base, f.exp
    r = calc.derivative(text)
    out = r.text(steps=True)
    assert "logarithmic differentiation" in out
    node = r.to_dict()["steps"][0]["nodes"][0]
    ln_y, ratio = sp.sympify(node["log_form"]["ln_y"], locals={"x": x}), \
        sp.sympify(node["log_form"]["ratio"], locals={"x": x})
    assert _same(ln_y, v * sp.log(u))                                # ln y = v ln u
    assert _same(ratio, sp.diff(v * sp.log(u), x))                   # y′/y = (v ln u)′, by sympy
    assert _same(r.expr, sp.diff(f, x))


def test_x_to_the_x_text():
    line = calc.derivative("x^x").text(steps=True).splitlines()[5]
    assert line.strip() == "logarithmic differentiation: y = x^x, ln y = x ln x, so y′/y = ln x + 1 and " \
                           "y′ = x^x (ln x + 1)"


# ------------------------------------------------------------------ cusps, corners, vertical tangents, jumps
def _one_sided(f, p):
    """The one-sided derivatives by sympy.limit of the difference quotient (the oracle)."""
    h = sp.Symbol("h", positive=True)
    f = f.rewrite(sp.Piecewise)
    fp = f.subs(x, p)
    return (sp.limit((fp - f.subs(x, p - h)) / h, h, 0, "+"), sp.limit((f.subs(x, p + h) - fp) / h, h, 0, "+"))


@pytest.mark.parametrize("text, kind", [
    ("x^(2/3)", "cusp"), ("|x|", "corner"), ("x^(1/3)", "vertical tangent"), ("x^(2/3) (x - 5)", "cusp"),
    ("max(x, x^3)", "corner")])
def test_kinks_are_named_by_their_one_sided_derivatives(text, kind):
    r = calc.extrema(text, on="[-1/2, 1/2]")
    c = [c for c in r.candidates if c.kind == "nondifferentiable"]
    assert [(c.x.exact, c.detail) for c in c] == [(0, kind)]
    left, right = _one_sided(calc.parse(text), 0)
    expected = ("vertical tangent" if left == right else "cusp") if left.is_infinite and right.is_infinite \
        else "corner"
    assert expected == kind
    assert f"nondifferentiable ({kind})" in r.text()


def test_jumps_are_named_jumps():
    r = calc.extrema("floor(x)", on="[-1/2, 3/2]")
    assert {(c.x.exact, c.detail) for c in r.candidates if c.kind == "nondifferentiable"} == {(0, "jump"),
                                                                                             (1, "jump")}


# ------------------------------------------------------------------ differential steps
FUNCS = ["sin(2x + 1)", "x^2 sin x", "x^2 sin x/(x + 1)", "e^(x^2) + 3 ln x", "x^x", "arctan(1/x)",
         "sqrt(1 - x^2) cos(3x)", "x sin x cos x", "log(x^2 + 1, 2)", "tan(x)^3 - 2/x"]


def _oracle(form):
    """d(u) → u′ dx with u′ by sympy.diff: the differential form as f′ dx."""
    dx = sp.Symbol("dx")
    return form.replace(lambda e: isinstance(e, d), lambda e: sp.diff(e.args[0], x) * dx), dx


@pytest.mark.parametrize("text", FUNCS)
def test_every_differential_step_is_right(text):
    f = calc.parse(text)
    r = calc.differential(text)
    root = r.steps[0]
    assert isinstance(root, DifferentialStep) and root.expr == f
    for s in root.walk():
        form, dx = _oracle(s.form)
        result, _ = _oracle(s.result)
        truth = sp.diff(s.expr, x) * dx
        assert _same(form, truth), (s.expr, s.form)
        assert _same(result, truth), (s.expr, s.result)
        if s.inner is not None:        # dy = f′(u) du: u a child, du its differential
            assert s.children[0].expr == s.inner and "2-2.5" in s.rules
            assert _same(_oracle(s.children[0].result)[0], sp.diff(s.inner, x) * dx)
    assert _same(_oracle(r.shown[0] * d(x))[0], sp.diff(f, x) * sp.Symbol("dx"))


def test_differential_uses_the_rows_of_table_2_2():
    u, v = x ** 2, sp.sin(x)
    product = calc.differential("x^2 sin x").steps[0]
    assert product.rules == ("2-2.3",) and product.form == v * d(u) + u * d(v)            # d(uv) = v du + u dv
    quotient = calc.differential("sin x / x^2").steps[0]
    assert quotient.rules == ("2-2.4",)
    assert _same(quotient.form, (u * d(v) - v * d(u)) / u ** 2)                            # (v du − u dv)/v²
    cmul = calc.differential("3 x^2").steps[0]
    assert cmul.rules == ("2-2.2",) and cmul.form == 3 * d(u)                             # d(Cu) = C du
    total = calc.differential("x^2 + sin x").steps[0]
    assert total.rules == ("2-2.1",) and total.form == d(u) + d(v)                        # d(u ± v) = du ± dv
    chain = calc.differential("sin(2x + 1)").steps[0]
    assert chain.inner == 2 * x + 1 and chain.form == sp.cos(2 * x + 1) * d(2 * x + 1)   # dy = f′(u) du


def test_differential_steps_text_shows_u_and_du():
    out = calc.differential("sin(2x + 1)").text(steps=True)
    assert "dy = d(sin(2x + 1)) = cos(2x + 1) d(2x + 1) = 2 cos(2x + 1) dx" in out
    assert "2-2.5 dy = f′(u) du, u = 2x + 1, du = 2 dx" in out
    assert "2-2.1 d(u ± v) = du ± dv" in out and "2-2.2 d(Cu) = C du" in out


def test_differential_simplify_is_the_last_step():
    r = calc.differential("x^3 + 2x^2")
    lines = r.text(steps=True).splitlines()
    assert lines[1] == "dy = x (3x + 4) dx" and lines[-1] == "simplify: (3x² + 4x) dx = x (3x + 4) dx"


def _run(capsys, *args):
    from calc.cli import main
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_differential_steps_in_every_format(capsys):
    code, out, err = _run(capsys, "differential", "sin(2x + 1)", "--steps")
    assert code == 0, err
    assert "u = 2x + 1, du = 2 dx" in out
    r = calc.differential("sin(2x + 1)")      # the same renderers as --format markdown / latex
    out = r.markdown(steps=True)
    assert r"d\left(2 x + 1\right)" in out and "dy = f′(u) du" in out
    out = r.latex(steps=True)
    assert r"\begin{aligned}" in out and r"u = 2 x + 1" in out
    code, out, _ = _run(capsys, "differential", "sin(2x + 1)", "--format", "json")
    doc = json.loads(out)
    root = doc["steps"]["nodes"][0]
    assert root["inner"] == "2*x + 1" and root["inner_differential"] == "2*dx" and doc["dependent"] == "y"
    assert root["form"] == "cos(2*x + 1)*d(2*x + 1)"


# ------------------------------------------------------------------ several variables
def test_total_differential_names():
    r = calc.differential("x^2 y", at=(1, 2), dx=("1/10", "1/10"))
    out = r.text(steps=True)
    assert out.splitlines()[:2] == ["z = x² y", "dz = 2x y dx + x² dy"]
    assert "Steps: dz = f_x dx + f_y dy" in out and "f_x = ∂z/∂x = 2x y:" in out and "f_y = ∂z/∂y = x²:" in out
    assert "Δz = f(x0 + Δx, y0 + Δy) − f(x0, y0) = 541/1000" in out and "Δy = f(" not in out
    head = [ln for ln in out.splitlines() if "(Δz − dz)/ρ" in ln and "→" not in ln]
    assert head and "Δy − dy" not in out
    f = x ** 2 * y
    inc = f.subs({x: sp.Rational(11, 10), y: sp.Rational(21, 10)}) - f.subs({x: 1, y: 2})   # oracle Δz
    dz = sum(sp.diff(f, v).subs({x: 1, y: 2}) * sp.Rational(1, 10) for v in (x, y))
    assert r.increment == inc and r.differential_value == dz
    rho, _, _, rem, ratio = r.table[0]
    assert rho == sp.sqrt(2) / 10 and _same(ratio, rem / rho)
    ratios = [abs(float(row[4])) for row in r.table]
    assert all(b < a for a, b in itertools.pairwise(ratios))        # (Δz − dz)/ρ → 0
    for v, tree in zip(r.variables, r.steps):
        assert _same(tree.result, sp.diff(f, v))


def test_dependent_name_never_clashes_with_a_variable():
    assert calc.differential("y^2").text().splitlines()[:2] == ["z = y²", "dz = 2y dy"]
    assert calc.differential("x y z").dependent == "u"
