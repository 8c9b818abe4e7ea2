"""The budget is the budget: hard queries run with a time budget T; the wall time of each API
call (parsing, solving and result assembly) must not exceed T by more than 0.5 s.

    python benchmarks/budget/bench_budget.py [--timeout 10] [--only SUBSTR]

Prints one line per query (wall time, overshoot, status) and the largest overshoot.  Each query
runs in a fresh subprocess, so imports are not counted (calc's start-up is measured elsewhere)
and one query cannot leave state behind for the next."""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# (f, on): queries that use their whole budget on this machine (oscillation, many critical
# points, hard systems, deep nesting)
QUERIES = [
    ("sin(1/x)", "(0, 1]"),
    ("sin(1/x) + x sin(1/x^2)", "(0, 1]"),
    ("x sin(1/x)", "[-1, 1]"),
    ("sin(x^3) cos(e^x)", "[0, 6]"),
    ("tan(x^2 + cot 2)", "[-3, -2]"),
    ("log(asin(acot x)) cot(x^4 cos x)", "[0.1, 3]"),
    ("sin(x)^200 + cos(50x)/7", "[0, 7]"),
    ("x^x^x^x", "(0, 2]"),
    ("sin(100 x) + sin(101 x) + sin(102 x)", "[0, 100]"),
    ("(x+1)^1000 - 2^1000 x", "[0, 1]"),
    ("sin(x y) + cos(x^2 - y^3) + x/(1 + y^2)", "x in [-20, 20], y in [-20, 20]"),
    ("20 + x^2 - 10cos(2pi x) + y^2 - 10cos(2pi y)", "x in [-50, 50], y in [-50, 50]"),
    ("sin(x) sin(y) sin(z) + x y z/100", "x in [-9, 9], y in [-9, 9], z in [-9, 9]"),
    ("abs(sin(x y)) + abs(x - y^2) + max(x, y) sin(x + y)", "x in [-6, 6], y in [-6, 6]"),
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2 + sin(7 x y)", "x in [-5, 5], y in [-5, 5]"),
]

WORKER = r"""
import json, sys, time
import calc
from calc.errors import CalcError
f, on, T = sys.argv[1], sys.argv[2], float(sys.argv[3])
t = time.monotonic()
try:
    r = calc.extrema(f, on=on, timeout=T)
    status = r.status
except CalcError as e:
    status = "error: " + type(e).__name__
print(json.dumps({"wall": time.monotonic() - t, "status": status}))
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=10.0, help="the budget T in seconds (default 10)")
    ap.add_argument("--only", help="run the queries whose f contains this text")
    a = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    worst = 0.0
    for f, on in QUERIES:
        if a.only and a.only not in f:
            continue
        p = subprocess.run([sys.executable, "-c", WORKER, f, on, str(a.timeout)], capture_output=True,
                           text=True, env=env, timeout=a.timeout * 4 + 60)
        if p.returncode != 0:
            print(f"CRASH  {f} on {on}\n{p.stderr[-800:]}")
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        over = r["wall"] - a.timeout
        worst = max(worst, over)
        flag = "  OVER" if over > 0.5 else ""
        print(f"{r['wall']:7.2f} s  {over:+6.2f}  {r['status']:<10} {f} on {on}{flag}")
    print(f"budget {a.timeout:g} s: largest overshoot {worst:+.2f} s (target ≤ +0.50 s)")


if __name__ == "__main__":
    main()
