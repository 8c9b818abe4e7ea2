import io
import json
import os
import re
import subprocess
import sys

import pytest
import sympy as sp

from calc.cli import build_parser, main
from calc.parsing import parse, symbol


def run(*args, timeout=120):
    p = subprocess.run([sys.executable, "-m", "calc", *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def test_diff_steps():
    code, out, err = run("diff", "x^2 sin x", "--steps")
    assert code == 0, err
    assert "x² cos x + 2x sin x" in out and "2-2.3 product" in out


def test_diff_latex_and_json():
    code, out, _ = run("diff", "arccot(x)/ln x", "--format", "latex")
    assert code == 0 and r"\operatorname{arccot}" in out
    code, out, _ = run("diff", "x^3", "--format", "json")
    assert json.loads(out)["derivative"] == "3*x**2"


def test_differential():
    code, out, _ = run("differential", "x^3", "--at", "2", "--dx", "0.01")
    assert code == 0 and "dy = 3x² dx" in out and "Δy − dy = 601/1000000" in out


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("calc ")
    code, out, _ = run("--help")
    assert code == 0 and "examples:" in out


@pytest.mark.parametrize("args", [
    ("diff", "__import__('os').system('echo hi')"),
    ("diff", "sin(x"),
    ("diff", ""),
    ("diff", "x y"),
    ("diff", "x^2", "--order", "0"),
    ("nonsense",),
    ("differential", "x^2", "--at", "1"),
])
def test_bad_input_one_line_exit_2(args, capsys):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 2 and not out
    first, *rest = err.splitlines()
    assert first.startswith("calc: error:") and "Traceback" not in err
    if rest:      # a parse error: the input, then a caret under the position
        assert len(rest) == 2 and rest[0].strip() == args[1].strip() and rest[1].strip() == "^"
        assert "at position" in first


def test_extrema_cli(tmp_path):
    code, out, err = run("extrema", "x^3 - 3x", "--on", "[-2, 3]")
    assert code == 0, err
    assert "global maximum: 18 at x = 3" in out and "global minimum: -2 at x = -2, x = 1" in out
    code, out, _ = run("extrema", "1/x", "--on", "[-1, 1]", "--format", "json")
    d = json.loads(out)
    assert d["maximum"]["attained"] is False and d["maximum"]["reason"] == "pole"
    png = tmp_path / "cusp.png"
    code, out, _ = run("extrema", "x^(2/3) (x - 5)", "--on", "[-1, 6]", "--plot", str(png))
    assert code == 0 and png.stat().st_size > 10_000


def test_extrema_bad_interval():
    code, _, err = run("extrema", "x^2", "--on", "[1, 0]")
    assert code == 2 and err.startswith("calc: error:")


def cli(*args, stdin=None, monkeypatch=None):
    """main() in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


X, Y = symbol("x"), symbol("y")


def _line(out, prefix):
    return next(line for line in out.splitlines() if line.startswith(prefix))[len(prefix):]


# ---------------------------------------------------------------- 1. arguments
@pytest.mark.parametrize("args", [("extrema", "-x^2", "--on", "[0, 1]"),
                                  ("extrema", "--", "-x^2", "--on", "[0,1]"),
                                  ("extrema", "--on", "[0, 1]", "-x^2"),
                                  ("extrema", "--on=[0, 1]", "--", "-x^2")])
def test_leading_minus_and_double_dash(args):
    code, out, err = cli(*args)
    assert code == 0, err
    assert "global maximum: 0 at x = 0" in out and "global minimum: -1 at x = 1" in out


def test_leading_minus_diff_and_negative_option_values():
    code, out, _ = cli("diff", "-cos x")
    assert code == 0 and parse(_line(out, "f′(x) = ")) == sp.diff(-sp.cos(X), X)
    # option values that start with a minus: --at -1,2 --dx 0.1,-0.1
    code, out, err = cli("differential", "x^2 y", "--vars", "x,y", "--at", "-1,2", "--dx", "0.1,-0.1")
    assert code == 0, err
    f = X**2 * Y
    dz = (sp.diff(f, X) * sp.Rational(1, 10) - sp.diff(f, Y) * sp.Rational(1, 10)).subs({X: -1, Y: 2})
    assert f"= {dz} ≈" in out


def test_formula_from_stdin_and_file(tmp_path):
    code, out, err = cli("diff", "-", stdin="√(x² + 1)\n")
    assert code == 0, err
    assert parse(_line(out, "f′(x) = ")).equals(sp.diff(sp.sqrt(X**2 + 1), X))
    f = tmp_path / "f.txt"
    f.write_text("# the cubic\nx^3 - 3x\n", encoding="utf-8")
    code, out, err = cli("extrema", f"@{f}", "--on", "[-2, 3]")
    assert code == 0 and "global maximum: 18 at x = 3" in out
    for args, stdin in ((("diff", f"@{tmp_path / 'missing.txt'}"), None), (("diff", "-"), "x\ny\n"),
                        (("diff", "-"), "")):
        code, out, err = cli(*args, stdin=stdin)
        assert code == 2 and err.startswith("calc: error:") and err.count("\n") == 1


def test_every_option_has_help_with_its_default_and_examples():
    parser = build_parser()
    for name, sub in parser.commands.items():
        fmt = sub._get_formatter()
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                text = fmt._expand_help(action) if action.help else ""
                assert text and "default" in text, (name, action.option_strings)
        examples = [ln for ln in sub.format_help().splitlines() if ln.strip().startswith("calc " + name)]
        assert len(examples) >= 2, name


def test_help_lists_table_formats_languages_and_the_inverse_reading():
    from calc.tables.spec import FORMATS, LANGS
    code, out, _ = cli("tables", "--help")
    assert code == 0
    assert all(f in _line(out, "formats: ") for f in FORMATS) and all(lg in _line(out, "languages: ") for lg in LANGS)
    code, out, _ = cli("--help")
    assert code == 0 and "sin^-1 x" in out and "arcsin x" in out and "--let" in out


# ---------------------------------------------------------------- 2. never an internal error
def test_parameters_with_let_and_without():
    code, out, err = cli("extrema", "a x^2 - x", "--var", "x", "--let", "a=2", "--on", "[0, 1]")
    assert code == 0, err
    f = 2 * X**2 - X
    crit = sp.solve(sp.diff(f, X), X)[0]
    assert f"global maximum: {f.subs(X, 1)} at x = 1" in out
    assert f"global minimum: {f.subs(X, crit)} at x = {crit}" in out
    code, out, err = cli("extrema", "a x^2 + b", "--on", "[0,1]", "--var", "x")
    assert code == 2 and err.count("\n") == 1
    assert "parameters a, b" in err and "--let a=" in err and "--let b=" in err
    # a variable f does not contain: f is constant in it (sympy's maximum(x**2, y) is x**2), and says so
    code, out, err = cli("extrema", "x^2", "--on", "[0,1]", "--var", "y")
    assert code == 0, err
    assert "global maximum: x² at every y in [0, 1]" in out and "global minimum: x² at every y in [0, 1]" in out
    assert "f does not depend on y (y does not occur in it; its symbols are x)" in out
    code, out, err = cli("diff", "x", "--let", "a")
    assert code == 2 and "NAME=VALUE" in err


def test_json_errors_on_stdout_with_the_exit_code():
    code, out, err = cli("diff", "sin(x", "--format", "json")
    assert code == 2 and not err
    e = json.loads(out)["error"]
    assert set(e) == {"kind", "message", "position", "hint"}
    assert e["kind"] == "parse" and e["position"] == 5 and "parenthesis" in e["hint"]
    code, out, _ = cli("diff", "x^2", "--bogus", "--format=json")
    assert code == 2 and json.loads(out)["error"]["kind"] == "usage"
    code, out, _ = cli("extrema", "a x^2", "--var", "x", "--on", "[0, 1]", "--format", "json")
    e = json.loads(out)["error"]
    assert code == 2 and e["kind"] == "parameter" and "--let a=" in e["hint"] and e["position"] is None


def test_parse_error_caret_under_the_position():
    code, _, err = cli("diff", "x + 2 sinx")
    first, shown, caret = err.splitlines()
    assert code == 2 and "unknown name 'sinx'" in first and "did you mean 'sin'" in first
    assert shown == "  x + 2 sinx" and caret.index("^") == shown.index("sinx")
    # full-width characters take two columns: the caret still stands under the problem
    code, _, err = cli("diff", "（x+1）^2 + sinx")
    _, shown, caret = err.splitlines()
    assert caret.index("^") == len(shown[:shown.index("sinx")]) + 2


SYMPY_INTERNALS = re.compile(r"ImageSet|Lambda|Complement|AccumBounds|ConditionSet|Intersection|Union\(|Interval\(|"
                             r"FiniteSet|\b_n\b|Dummy|Traceback|internal error")


@pytest.mark.parametrize("args", [
    ("extrema", "x - floor(x)", "--on", "R"),                  # oscillation at ±∞ (sympy: AccumBounds)
    ("extrema", "sqrt(sin x)", "--on", "[0, 10]"),             # a domain of several pieces
    ("extrema", "sin x", "--on", "R"),                         # periodic: families 2πk + π/2
    ("extrema", "sign(x)", "--on", "R"),                       # plateaus on unbounded intervals
    ("extrema", "sqrt(-x^2 - 1)", "--on", "[0, 1]"),           # defined nowhere
    ("extrema", "a x^2 + y^2"),                                # leading forms
    ("extrema", "3^(15000 x) + 1", "--on", "[0, 1]"),          # a value of 7000 digits
    ("critical", "tan x"),
    ("diff", "Derivative(x)"),
    ("diff", "x^", "--format", "json"),
])
def test_no_sympy_internals_in_any_message(args):
    code, out, err = cli(*args)
    assert code in (0, 2, 3)
    assert not SYMPY_INTERNALS.search(out + err), out + err


def test_huge_numbers_are_answered():
    code, out, err = cli("extrema", "3^(15000 x)", "--on", "[0, 1]", "--format", "json")
    assert code == 0, err
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert int(json.loads(out)["maximum"]["value"]["exact"]) == 3**15000
    finally:
        sys.set_int_max_str_digits(limit)
    code, out, _ = cli("extrema", "3^(15000 x)", "--on", "[0, 1]")
    assert code == 0 and "global maximum: 3¹⁵⁰⁰⁰ at x = 1" in out


def _ascii_cli(*args):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    saved = sys.stdout
    sys.stdout = stream
    try:
        code = main(list(args))
        stream.flush()
    finally:
        sys.stdout = saved
    return code, raw.getvalue().decode("ascii")


def test_ascii_output_when_stdout_cannot_show_unicode():
    code, out = _ascii_cli("extrema", "x^3 - 3x", "--on", "[-2, 3]")
    assert code == 0
    assert "f(x) = x^3 - 3x on [-2, 3]" in out and "f'(x) = 3x^2 - 3" in out
    assert "global minimum: -2 at x = -2, x = 1" in out
    code, out = _ascii_cli("diff", "sqrt(x) asin(x)/pi")
    assert code == 0 and parse(_line(out, "f'(x) = ")).equals(sp.diff(sp.sqrt(X) * sp.asin(X) / sp.pi, X))
    code, out = _ascii_cli("extrema", "sin x", "--on", "[0, 2pi]", "--format", "json")
    assert code == 0 and json.loads(out)["maximum"]["value"]["exact"] == "1"


def test_ascii_output_in_a_real_process():
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    p = subprocess.run([sys.executable, "-m", "calc", "extrema", "x^3-3x", "--on", "[-2,3]"], capture_output=True,
                       env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.isascii() and b"f'(x) = 3x^2 - 3" in p.stdout


# ---------------------------------------------------------------- 3. input as people type it
@pytest.mark.parametrize("text", ["√x sin⁻¹ x", r"\sqrt{x} \arcsin x", "√x·sin^{-1} x", "（√x）× arcsin x"])
def test_typed_input_through_the_cli(text):
    code, out, err = cli("diff", text)
    assert code == 0, err
    assert parse(_line(out, "f′(x) = ")).equals(sp.diff(sp.sqrt(X) * sp.asin(X), X))


def test_ambiguous_input_is_answered_with_its_reading_first():
    code, out, _ = cli("diff", "1/2x")
    assert code == 0 and out.splitlines()[0] == "f(x) = x/2"


def test_a_bug_is_exit_1_and_json_kind_internal(monkeypatch):
    import calc

    def broken(*a, **k):
        raise ValueError("a bug")
    monkeypatch.setattr(calc, "derivative", broken)
    code, out, err = cli("diff", "x")
    assert code == 1 and err.startswith("calc: internal error: ValueError: a bug") and err.count("\n") == 1
    code, out, err = cli("diff", "x", "--format", "json")
    assert code == 1 and json.loads(out)["error"]["kind"] == "internal"
