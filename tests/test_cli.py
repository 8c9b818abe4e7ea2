import json
import subprocess
import sys

import pytest


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
def test_bad_input_one_line_exit_2(args):
    code, out, err = run(*args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("calc: error:")
    assert "Traceback" not in err


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
