"""Start-up: `calc --version` and `--help` load none of the heavy modules; the lazy package
still offers every public name (checked in fresh interpreters, not timed)."""
import subprocess
import sys

import pytest

HEAVY = ("sympy", "numpy", "flint", "scipy", "matplotlib", "mpmath", "torch", "calc.autograd")


def imported_by(*args):
    """The modules `python -X importtime -m calc ARGS` imports (from the import-time log)."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "calc", *args],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    names = {line.rsplit("|", 1)[1].strip() for line in p.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    assert "calc.cli" in names       # the log is what we think it is
    return names


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("diff", "--help"), ("batch", "--help")])
def test_help_and_version_import_nothing_heavy(args):
    names = imported_by(*args)
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY or n.startswith("calc.autograd"))
    assert heavy == []


def test_a_derivative_does_not_load_the_extremum_finder():
    names = imported_by("diff", "x^2 sin x")
    assert "sympy" in names and "calc.derivative" in names
    assert not {"calc.extrema", "calc.multivariate", "calc.autograd", "scipy", "matplotlib"} & names


def run_python(code):
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    return p.stdout


def test_lazy_package_keeps_every_public_name():
    out = run_python(
        "import sys, calc\n"
        "assert 'sympy' not in sys.modules, 'import calc loaded sympy'\n"
        "assert calc.extrema('x^2', on='[-1, 2]').maximum.value.exact == 4\n"
        "import calc.derivative, calc.extrema, calc.differential, calc.batch\n"
        "assert all(callable(getattr(calc, n)) for n in ('derivative', 'extrema', 'differential', 'batch'))\n"
        "assert str(calc.derivative('x^3').expr) == '3*x**2'\n"
        "ns = {}\n"
        "exec('from calc import *', ns)\n"
        "missing = [n for n in calc.__all__ if n not in ns]\n"
        "assert not missing, missing\n"
        "assert 'derivative' in dir(calc) and calc.stages.intervals.parse_interval\n"
        "print('ok')\n")
    assert out.strip() == "ok"


def test_unknown_attribute_is_an_attribute_error():
    out = run_python("import calc\ntry:\n    calc.no_such_name\nexcept AttributeError as e:\n    print(e)\n")
    assert "no_such_name" in out
