"""Benchmark calc's several-variable extremum finder on the standard test
functions (problems.json here) against scipy's differential_evolution and shgo.

For each problem, and for the global max and min:
  calc  calc.extrema(f, on="x in [a, b], y in [c, d]", timeout=T) in its own
        subprocess.  "decided" = the extremum has decided=True; it is "ok" when
        the value is within 1e-6 (relative, absolute below 1) and its points are
        exactly the listed points (each within 1e-6, no extra point).  A decided
        value or point that disagrees with the expected answer, or an undecided
        bound on the wrong side of the true optimum, is printed as WRONG.
  de    differential_evolution(f or -f, bounds, seed=0), default settings:
        one point; it counts as found within 1e-4 (relative to max(1, |p|)).
  shgo  shgo(f or -f, bounds), default settings: res.x and every local
        minimiser in res.xl whose value is within 1e-6 of the optimum count.
A cell reads "ok 4/4" (value right, 4 of the 4 listed points found), "val 1/4"
(value right, some tied points missed), "bad" (value wrong), "und" (calc: not
decided), "WRONG", "t/o" (calc exceeded its budget by more than 30 s) or "err".

Usage (from the repo root):
  python benchmarks/multivariate/standard/bench_standard.py [--timeout 10] [--only std-peaks,std-branin]
      [--tools calc,de,shgo] [--json out.json]
Exit status 0 always (a report); WRONG answers are listed at the end.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")   # multithreaded BLAS slows scipy ~20x on a shared machine

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.dirname(HERE))
from bench_multivariate import _close, _pt_close, _split_interval, num_to_float, select  # noqa: E402

PEER_POINT_TOL = 1e-4
HANG_MARGIN = 30.0       # seconds beyond calc's own budget before the worker is killed


def box_text(prob):
    return ", ".join("%s in %s" % (n, prob["box"][n]) for n in prob["vars"])


# ====================================================================== calc (worker)
def worker_calc(prob, timeout):
    sys.path.insert(0, REPO)
    import calc
    t0 = time.perf_counter()
    try:
        d = calc.extrema(prob["f"], on=box_text(prob), timeout=timeout).to_dict()
        out = {"status": "done", "maximum": d.get("maximum"), "minimum": d.get("minimum"),
               "calc_status": d.get("status"), "notes": d.get("notes")}
    except calc.CalcError as e:     # a refusal or calc's own time-out is an answer, not a crash
        out = {"status": "refused", "error": str(e)[:300]}
    out["time"] = time.perf_counter() - t0
    return out


def run_calc(prob, timeout):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])))
    t0 = time.perf_counter()
    try:
        cp = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", str(timeout)],
                            input=json.dumps(prob), capture_output=True, text=True,
                            timeout=timeout + HANG_MARGIN, cwd=REPO, env=env)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "time": time.perf_counter() - t0}
    marker = "@@RESULT@@"
    if marker not in cp.stdout:
        return {"status": "error", "time": time.perf_counter() - t0,
                "error": "worker died (rc=%s): %s" % (cp.returncode, cp.stderr.strip()[-300:])}
    return json.loads(cp.stdout.rsplit(marker, 1)[1].strip().splitlines()[0])


def score_calc(prob, key, got):
    """-> (cell, decided, ok, wrong message or None)."""
    exp = prob["expected"][key]
    vf = exp["value_float"]
    if not got.get("decided"):
        # an undecided answer may still carry a certified bound: a lower bound
        # for the max (upper for the min) must not pass the true optimum
        b = num_to_float(got.get("bound"))
        if b is not None and not _close(b, vf) and (b > vf if key == "max" else b < vf):
            return "WRONG", False, False, "%s: bound %.12g beyond the true %s %.12g" % (key, b, key, vf)
        return "und", False, False, None
    v = num_to_float(got.get("value"))
    pts = [[num_to_float(p.get(n)) for n in prob["vars"]] for p in got.get("points") or []]
    found = sum(any(None not in p and _pt_close(p, q) for p in pts) for q in exp["points"])
    extra = [p for p in pts if None in p or not any(_pt_close(p, q) for q in exp["points"])]
    n = len(exp["points"])
    if not _close(v, vf) or extra:
        return "WRONG", True, False, "%s: calc says %r at %d point(s) (%d not optimal); expected %.12g at %d" % (
            key, v, len(pts), len(extra), vf, n)
    return ("ok " if found == n else "val ") + "%d/%d" % (found, n), True, found == n, None


# ====================================================================== scipy peers
def scipy_problem(prob):
    import numpy as np
    import sympy as sp
    V = sp.symbols(prob["vars"])
    fn = sp.lambdify(V, sp.sympify(prob["f"], locals={str(v): v for v in V}), "numpy")
    bounds = [tuple(float(sp.sympify(e)) for e in _split_interval(prob["box"][n])) for n in prob["vars"]]

    def f(x):
        with np.errstate(all="ignore"):
            v = float(fn(*x))
        return v if np.isfinite(v) else 1e300
    return f, bounds


def run_peer(prob, tool):
    import numpy as np
    from scipy import optimize
    warnings.filterwarnings("ignore")
    f, bounds = scipy_problem(prob)
    lo, hi = [b[0] for b in bounds], [b[1] for b in bounds]
    out = {}
    t0 = time.perf_counter()
    for key, s in (("max", -1.0), ("min", 1.0)):
        g = lambda x, s=s: s * f(x)
        try:
            if tool == "shgo":
                res = optimize.shgo(g, bounds)
                xs = [res.x] + list(getattr(res, "xl", []))
            else:
                res = optimize.differential_evolution(g, bounds, seed=0)
                xs = [res.x]
            xs = [[float(c) for c in np.clip(x, lo, hi)] for x in xs]
            out[key] = {"value": f(xs[0]), "points": xs, "values": [f(x) for x in xs]}
        except Exception as e:  # a peer's failure is reported, not raised: the table goes on
            out[key] = {"error": "%s: %s" % (type(e).__name__, e)}
    out["time"] = time.perf_counter() - t0
    return out


def score_peer(prob, key, got):
    """-> (cell, ok value, all points found)."""
    if "error" in got:
        return "err", False, False
    exp = prob["expected"][key]
    vf = exp["value_float"]
    if not _close(got["value"], vf):
        return "bad", False, False
    opt = [x for x, v in zip(got["points"], got["values"]) if _close(v, vf)]
    found = sum(any(_near(x, q) for x in opt) for q in exp["points"])
    n = len(exp["points"])
    return ("ok " if found == n else "val ") + "%d/%d" % (found, n), True, found == n


def _near(p, q):
    scale = max(1.0, max(abs(c) for c in q))
    return sum((a - b) ** 2 for a, b in zip(p, q)) ** 0.5 <= PEER_POINT_TOL * scale


# ====================================================================== report
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--problems", default=os.path.join(HERE, "problems.json"))
    ap.add_argument("--only", help="comma-separated problem ids (or id prefixes, categories)")
    ap.add_argument("--timeout", type=float, default=10.0, help="calc's timeout= per problem (default 10 s)")
    ap.add_argument("--tools", default="calc,de,shgo")
    ap.add_argument("--json", dest="json_out", help="write the raw results here")
    a = ap.parse_args(argv)
    if a.worker:
        res = worker_calc(json.loads(sys.stdin.read()), float(a.worker))
        sys.stdout.write("\n@@RESULT@@" + json.dumps(res, default=str) + "\n")
        return 0
    tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    with open(a.problems) as fh:
        probs = select(json.load(fh), a.only)
    if not probs:
        ap.error("no problems selected")

    head = "%-22s %-9s %-9s %7s" % ("id", "calc max", "calc min", "time")
    for t in ("de", "shgo"):
        if t in tools:
            head += " | %-9s %-9s %6s" % (t + " max", t + " min", "time")
    print(head)
    print("-" * len(head))
    rows, wrong = [], []
    t_start = time.time()
    for prob in probs:
        row = {"id": prob["id"]}
        line = "%-22s" % prob["id"]
        if "calc" in tools:
            r = run_calc(prob, a.timeout)
            row["calc"] = r
            cells = []
            for key, ck in (("max", "maximum"), ("min", "minimum")):
                if r["status"] != "done":
                    cells.append({"timeout": "t/o", "refused": "refused"}.get(r["status"], "err"))
                    row["calc_" + key] = (False, False)
                    continue
                cell, dec, ok, msg = score_calc(prob, key, r.get(ck) or {})
                cells.append(cell)
                row["calc_" + key] = (dec, ok)
                if msg:
                    wrong.append("%s %s" % (prob["id"], msg))
            over = r["status"] == "timeout" or (r.get("time") or 0) > a.timeout + 0.5
            line += " %-9s %-9s %6.2fs%s" % (cells[0], cells[1], r.get("time") or float("nan"),
                                             "!" if over else " ")
        for tool in ("de", "shgo"):
            if tool not in tools:
                continue
            r = run_peer(prob, tool)
            row[tool] = r
            cells = []
            for key in ("max", "min"):
                cell, vok, pok = score_peer(prob, key, r[key])
                cells.append(cell)
                row[tool + "_" + key] = (vok, pok)
            line += " | %-9s %-9s %5.2fs" % (cells[0], cells[1], r["time"])
        rows.append(row)
        print(line)
        sys.stdout.flush()

    n = len(rows)
    print("-" * len(head))
    print("%d problems, %d optima (max and min); '!' = calc over its %.0f s budget by > 0.5 s"
          % (n, 2 * n, a.timeout))
    if "calc" in tools:
        dec = sum(row["calc_" + k][0] for row in rows for k in ("max", "min"))
        ok = sum(row["calc_" + k][1] for row in rows for k in ("max", "min"))
        both = sum(row["calc_max"][1] and row["calc_min"][1] for row in rows)
        print("calc: decided %d/%d, correct with every tied point %d/%d, problems fully solved %d/%d, "
              "WRONG %d, median time %.2fs"
              % (dec, 2 * n, ok, 2 * n, both, n, len(wrong),
                 statistics.median(row["calc"].get("time") or a.timeout for row in rows)))
    for tool in ("de", "shgo"):
        if tool in tools:
            vok = sum(row[tool + "_" + k][0] for row in rows for k in ("max", "min"))
            pok = sum(row[tool + "_" + k][1] for row in rows for k in ("max", "min"))
            ts = [row[tool]["time"] for row in rows]
            msg = "%s: value correct %d/%d, every tied point found %d/%d, median time %.2fs" % (
                tool, vok, 2 * n, pok, 2 * n, statistics.median(ts))
            if "calc" in tools:
                ratios = [(row["calc"].get("time") or a.timeout) / max(row[tool]["time"], 1e-6) for row in rows]
                msg += ", time calc/%s: median %.1fx, total %.1fx" % (
                    tool, statistics.median(ratios),
                    sum(row["calc"].get("time") or a.timeout for row in rows) / max(sum(ts), 1e-6))
            print(msg)
    if wrong:
        print("\n*** WRONG: calc claimed a decided answer (or a bound) that disagrees with the expected one ***")
        for w in wrong:
            print("WRONG " + w)
    print("\n%.0f s in all" % (time.time() - t_start))
    if a.json_out:
        with open(a.json_out, "w") as fh:
            json.dump(rows, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
