import pytest
import mpmath
import sympy as sp

import calc
from calc.catalogue.elementary import arccot
from calc.parsing import symbol
from calc.catalogue import REGISTRY

from .conftest import numeric_equal

x, y = symbol("x"), symbol("y")

# textbook examples (MISSION.md §2-3) and the hard cases of STYLE.md
EXAMPLES = [
    ("x^2 sin x", 2 * x * sp.sin(x) + x**2 * sp.cos(x)),
    ("arccot(x)/ln x", (-sp.log(x) / (1 + x**2) - arccot(x) / x) / sp.log(x) ** 2),
    ("x^x", x**x * (sp.log(x) + 1)),
    ("log(x, 3)", 1 / (x * sp.log(3))),
    ("3^x", 3**x * sp.log(3)),
    ("sec x", sp.sec(x) * sp.tan(x)),
    ("csc x", -sp.csc(x) * sp.cot(x)),
    ("cot x", -sp.csc(x) ** 2),
    ("tan x", sp.sec(x) ** 2),
    ("arccos x", -1 / sp.sqrt(1 - x**2)),
    ("sin(x)^cos(x)", sp.diff(sp.sin(x) ** sp.cos(x), x)),
    ("e^(x^2)", 2 * x * sp.exp(x**2)),
    ("1/(1 + e^(-x))", sp.diff(1 / (1 + sp.exp(-x)), x)),
]


@pytest.mark.parametrize("text,expected", EXAMPLES)
def test_examples(text, expected):
    r = calc.derivative(text)
    assert sp.simplify(r.expr - expected) == 0
    assert r.steps[0].evaluate() == r.expr


def test_display_textbook():
    assert calc.derivative("x^2 sin x").display == "x² cos x + 2x sin x"


def test_steps_cite_rules():
    r = calc.derivative("sin(x^2)")
    assert r.steps[0].rules == ("2-1.3", "2-2.5")
    assert r.steps[0].children[0].rules == ("2-1.2",)
    assert calc.derivative("arccot(x)/ln x").steps[0].rules == ("2-2.4",)
    assert calc.derivative("log(x, 2)").steps[0].rules[0] == "2-1.11"
    assert calc.derivative("5 sin x").steps[0].rules == ("2-2.2",)
    assert calc.derivative("x^x").steps[0].rules == ("extra.uv",)
    text = calc.derivative("x^2 sin x").text(steps=True)
    assert "2-2.3 product" in text and "2-1.3 sine" in text


def test_every_table_row_is_used():
    used = set()
    for t in ["7", "x^5", "sin x", "cos x", "tan x", "cot x", "sec x", "csc x", "2^x", "e^x", "log(x, 5)",
              "ln x", "arcsin x", "arccos x", "arctan x", "arccot x", "sin x + x", "3 x^2", "x sin x",
              "sin(x)/x", "sin(x^2)", "x^x", "|x|", "sign(x)", "max(x, 1)", "min(x, 1)",
              "piecewise(x, x < 0, x^2)"]:
        for s in calc.derivative(t).steps[0].walk():
            used.update(s.rules)
    table_ids = {r.id for r in calc.TABLE_2_1} | {r.id for r in calc.TABLE_2_2} - {"2-2.6"}
    assert table_ids <= used


@pytest.mark.parametrize("text,points", [
    ("|x|", {0: ("corner", -1, 1)}),
    ("x^(2/3)", {0: ("cusp", -sp.oo, sp.oo)}),
    ("piecewise(x^2, x < 1, 2 - x)", {1: ("corner", 2, -1)}),
    ("|x - 1| + |x + 1|", {-1: ("corner", -2, 0), 1: ("corner", 0, 2)}),
    ("min(x, 1/2)", {sp.Rational(1, 2): ("corner", 1, 0)}),
    ("piecewise(sin(x), x < 0, 1/2)", {0: ("jump", None, None)}),
])
def test_undefined_at(text, points):
    found = {p.point: (p.kind, p.left, p.right) for p in calc.derivative(text).undefined_at}
    assert found == points


@pytest.mark.parametrize("text", ["piecewise(x^2, x < 1, 2x - 1)", "x |x|", "|x|^3", "x^(4/3)", "x^2"])
def test_differentiable_points_not_reported(text):
    assert calc.derivative(text).undefined_at == ()


def test_no_silent_sign_at_kink():
    d = calc.derivative("|x|").expr
    assert d.subs(x, 0) is sp.nan
    d = calc.derivative("sign(x)").expr
    assert d.subs(x, 0) is sp.nan
    d = calc.derivative("max(x, 0)").expr
    assert d.subs(x, 0) is sp.nan


def test_higher_order():
    r = calc.derivative("x^5 + sin x", order=3)
    assert r.expr == 60 * x**2 - sp.cos(x)
    assert len(r.steps) == 3
    r = calc.derivative("e^(x^2)", order=4)
    assert sp.simplify(r.expr - sp.diff(sp.exp(x**2), x, 4)) == 0


def test_partial_gradient_hessian():
    assert calc.derivative("x^2 y + y^3", x="y").expr == x**2 + 3 * y**2
    assert calc.gradient("x^2 y") == sp.Matrix([2 * x * y, x**2])
    assert calc.hessian("x^3 - 3x y + y^3") == sp.Matrix([[6 * x, -3], [-3, 6 * y]])
    assert calc.jacobian(["x y", "x + y"]) == sp.Matrix([[y, x], [1, 1]])
    with pytest.raises(calc.CalcError, match="several variables"):
        calc.derivative("x y")


def test_unsupported_head():
    with pytest.raises(calc.UnsupportedError, match="calc differentiates"):
        calc.derivative(sp.gamma(x))


def test_renderers():
    r = calc.derivative("x^2 sin x")
    assert r.latex().startswith(r"\[ \frac{d}{dx}")     # a LaTeX fragment of display blocks
    assert "$" in r.markdown()
    d = r.to_dict()
    assert d["derivative"] == str(r.expr) and d["steps"][0]["nodes"][0]["rules"] == ["2-2.3"]
    assert r._repr_latex_() == r.latex()


def test_deep_composition_no_recursion_error():
    e = x
    with sp.evaluate(False):
        for k in range(3000):
            e = [sp.sin, sp.exp, sp.cos][k % 3](e)
    r = calc.derivative(e, x=x, steps=False, evaluate=False)
    assert r.expr != 0 and len(r.expr.args) >= 2


def _eval_dag(expr, x, val):
    """mpmath value of a sympy DAG with each distinct node evaluated once (sin, cos, +, ·, ^)."""
    memo = {}
    fns = {sp.sin: mpmath.sin, sp.cos: mpmath.cos}
    stack = [expr]
    while stack:
        n = stack[-1]
        if n in memo:
            stack.pop()
            continue
        todo = [a for a in n.args if a not in memo]
        if todo:
            stack.extend(todo)
            continue
        stack.pop()
        a = [memo[c] for c in n.args]
        if n == x:
            memo[n] = val
        elif n.is_Number:
            memo[n] = mpmath.mpf(sp.Rational(n).p) / sp.Rational(n).q
        elif n.is_Add:
            memo[n] = mpmath.fsum(a)
        elif n.is_Mul:
            memo[n] = mpmath.fprod(a)
        elif n.is_Pow:
            memo[n] = a[0] ** a[1]
        else:
            memo[n] = fns[n.func](a[0])
    return memo[expr]


def test_shared_subexpressions_memoised():
    """A 12-fold shared DAG: the derivative is checked against forward-mode
    differentiation of the recurrence e ← sin(e)·e + cos(e) in 40-digit mpmath
    (an independent oracle; sympy.diff needs minutes on this DAG)."""
    e = x
    for _ in range(12):
        e = sp.sin(e) * e + sp.cos(e)
    r = calc.derivative(e, x=x)
    assert len(list(r.steps[0].walk())) < 200
    with mpmath.workdps(40):
        for p in (mpmath.mpf("0.3"), mpmath.mpf("0.7")):
            v, dv = p, mpmath.mpf(1)
            for _ in range(12):
                v, dv = mpmath.sin(v) * v + mpmath.cos(v), (mpmath.cos(v) * v + mpmath.sin(v) - mpmath.sin(v)) * dv
            got = _eval_dag(r.expr, x, p)
            assert abs(got - dv) <= mpmath.mpf(10) ** -30 * (1 + abs(dv)), (p, got, dv)
