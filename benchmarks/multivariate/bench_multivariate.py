"""Benchmark global max/min of 2- and 3-variable functions on boxes.

Tools (each problem x tool runs in its own subprocess with a timeout):
  calc   calc.extrema(f, on={"x": "[a, b]", ...}).to_dict()
  shgo   scipy.optimize.shgo on f and -f
  de     scipy.optimize.differential_evolution (seed 0) on f and -f

A result is *correct* when both the max and the min value are within 1e-6
(relative, or absolute for |value| < 1).  calc must in addition report
attained=True and exactly the expected optimal points (each expected point
found within 1e-6, no extra points).  For the scipy tools the "point" column
says whether both returned minimisers are expected optimal points.

Usage (from the repo root):
  python benchmarks/multivariate/bench_multivariate.py [--tools calc,shgo,de]
      [--only mv-03,kink] [--timeout 30] [--json out.json] [-j 2] [-v]
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOLS = ("calc", "shgo", "de")
VALUE_TOL = 1e-6
POINT_TOL = 1e-6


# ====================================================================== worker
def _split_interval(s):
    s = s.strip()
    body, depth = s[1:-1], 0
    for i, ch in enumerate(body):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            return body[:i].strip(), body[i + 1:].strip()
    raise ValueError("bad interval %r" % s)


def _worker_calc(prob):
    for p in (REPO, os.path.join(REPO, "src")):
        if p not in sys.path:
            sys.path.insert(0, p)
    import calc  # noqa: E402
    t0 = time.perf_counter()
    r = calc.extrema(prob["f"], on=dict(prob["box"]))
    d = r.to_dict()
    dt = time.perf_counter() - t0
    return {"time": dt, "maximum": d.get("maximum"), "minimum": d.get("minimum")}


def _worker_scipy(prob, tool):
    import warnings
    import numpy as np
    import sympy as sp
    from scipy import optimize
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    V = sp.symbols(prob["vars"])
    expr = sp.sympify(prob["f"], locals={str(v): v for v in V})
    fn = sp.lambdify(V, expr, "numpy")
    bounds = [tuple(float(sp.sympify(e)) for e in _split_interval(prob["box"][n]))
              for n in prob["vars"]]

    def f(x):
        with np.errstate(all="ignore"):
            v = float(fn(*x))
        return v if math.isfinite(v) else 1e300

    out = {}
    for key, s in (("maximum", -1.0), ("minimum", 1.0)):
        g = lambda x, s=s: s * f(x)
        try:
            if tool == "shgo":
                res = optimize.shgo(g, bounds)
            else:
                res = optimize.differential_evolution(g, bounds, seed=0)
            x = [float(c) for c in np.clip(res.x, [b[0] for b in bounds], [b[1] for b in bounds])]
            out[key] = {"value": f(x), "point": x, "success": bool(res.success),
                        "nfev": int(getattr(res, "nfev", -1))}
        except Exception as e:
            out[key] = {"error": "%s: %s" % (type(e).__name__, e)}
    out["time"] = time.perf_counter() - t0
    return out


def worker_main(tool):
    prob = json.loads(sys.stdin.read())
    try:
        if tool == "calc":
            res = _worker_calc(prob)
        else:
            res = _worker_scipy(prob, tool)
        res["status"] = "done"
    except BaseException as e:  # ImportError, NotImplementedError, ...
        res = {"status": "error", "error": "%s: %s" % (type(e).__name__, str(e)[:300])}
    sys.stdout.write("\n@@RESULT@@" + json.dumps(res, default=str) + "\n")
    sys.stdout.flush()


# ====================================================================== scoring
def _close(a, b, tol=VALUE_TOL):
    return a is not None and b is not None and abs(a - b) <= tol * max(1.0, abs(b))


def num_to_float(num):
    """calc NUM dict (or plain number / string) -> float or None."""
    if num is None:
        return None
    if isinstance(num, (int, float)):
        return float(num)
    if isinstance(num, str):
        try:
            import sympy as sp
            return float(sp.N(sp.sympify(num), 30))
        except Exception:
            return None
    if isinstance(num, dict):
        if num.get("float") is not None:
            try:
                return float(num["float"])
            except (TypeError, ValueError):
                pass
        if num.get("exact") is not None:
            v = num_to_float(str(num["exact"]))
            if v is not None:
                return v
        enc = num.get("enclosure")
        if enc and len(enc) == 2 and None not in enc:
            return (float(enc[0]) + float(enc[1])) / 2
    return None


def _pt_close(p, q):
    d = math.sqrt(sum((a - b) ** 2 for a, b in zip(p, q)))
    scale = max(1.0, max(abs(c) for c in q))
    return d <= POINT_TOL * scale


def score_calc(prob, res):
    """-> (correct, detail dict)."""
    detail = {}
    ok_all = True
    for key, ek in (("maximum", "max"), ("minimum", "min")):
        exp = prob["expected"][ek]
        got = res.get(key) or {}
        why = []
        if got.get("attained") is not True:
            why.append("attained=%r" % got.get("attained"))
        v = num_to_float(got.get("value"))
        if not _close(v, exp["value_float"]):
            why.append("value %r != %.12g" % (v, exp["value_float"]))
        pts = []
        for p in got.get("points") or []:
            try:
                pts.append([num_to_float(p[n]) for n in prob["vars"]])
            except Exception:
                pts.append(None)
        pts_ok = [p for p in pts if p is not None and None not in p]
        missing = [q for q in exp["points"] if not any(_pt_close(p, q) for p in pts_ok)]
        extra = [p for p in pts if p is None or None in p
                 or not any(_pt_close(p, q) for q in exp["points"])]
        if missing:
            why.append("%d/%d points missing" % (len(missing), len(exp["points"])))
        if extra:
            why.append("%d extra/wrong points" % len(extra))
        certified = isinstance(got.get("value"), dict) and bool(got["value"].get("certified"))
        detail[ek] = {"value": v, "points": pts, "ok": not why, "why": "; ".join(why),
                      "certified": certified, "reason": got.get("reason")}
        ok_all &= not why
    return ok_all, detail


def score_scipy(prob, res):
    detail = {}
    ok_all, pt_all = True, True
    for key, ek in (("maximum", "max"), ("minimum", "min")):
        exp = prob["expected"][ek]
        got = res.get(key) or {}
        if "error" in got:
            detail[ek] = {"ok": False, "point_ok": False, "why": got["error"]}
            ok_all = pt_all = False
            continue
        v, x = got.get("value"), got.get("point")
        ok = _close(v, exp["value_float"])
        pok = x is not None and any(_pt_close(x, q) for q in exp["points"])
        detail[ek] = {"value": v, "point": x, "ok": ok, "point_ok": pok,
                      "why": "" if ok else "value %.12g != %.12g" % (v, exp["value_float"])}
        ok_all &= ok
        pt_all &= pok
    return ok_all, pt_all, detail


# ====================================================================== driver
def run_one(prob, tool, timeout):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [REPO, os.path.join(REPO, "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    t0 = time.perf_counter()
    try:
        cp = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", tool],
                            input=json.dumps(prob), capture_output=True, text=True,
                            timeout=timeout, cwd=REPO, env=env)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "wall": time.perf_counter() - t0, "time": None}
    wall = time.perf_counter() - t0
    marker = "@@RESULT@@"
    if marker not in cp.stdout:
        return {"status": "error", "wall": wall, "time": None,
                "error": "worker died (rc=%s): %s" % (cp.returncode, cp.stderr.strip()[-300:])}
    res = json.loads(cp.stdout.rsplit(marker, 1)[1].strip().splitlines()[0])
    res["wall"] = wall
    return res


def evaluate(prob, tool, res):
    row = {"id": prob["id"], "category": prob["category"], "tool": tool,
           "status": res.get("status"), "time": res.get("time"), "wall": res.get("wall"),
           "correct": False, "point_ok": None}
    if res.get("status") != "done":
        row["why"] = res.get("error", res.get("status"))
        return row
    if tool == "calc":
        ok, det = score_calc(prob, res)
        row.update(correct=ok, detail=det)
        row["certified"] = sum(det[k]["certified"] for k in det)
    else:
        ok, pok, det = score_scipy(prob, res)
        row.update(correct=ok, point_ok=pok, detail=det)
    if not row["correct"]:
        row["why"] = "; ".join("%s: %s" % (k, d["why"]) for k, d in det.items() if d.get("why"))
    return row


def select(probs, only):
    if not only:
        return probs
    keys = [k.strip() for k in only.split(",") if k.strip()]
    return [p for p in probs
            if any(p["id"] == k or p["category"] == k or p["id"].startswith(k) for k in keys)]


def print_report(probs, rows, tools):
    cats = list(OrderedDict.fromkeys(p["category"] for p in probs))
    by = {(r["id"], r["tool"]): r for r in rows}
    w = 14
    print()
    print("%-12s %4s " % ("category", "n") + "".join("%*s" % (w, t) for t in tools))
    print("-" * (18 + w * len(tools)))

    def line(label, ps, fn):
        cells = []
        for t in tools:
            rs = [by[(p["id"], t)] for p in ps if (p["id"], t) in by]
            cells.append(fn(rs))
        print("%-12s %4d " % (label, len(ps)) + "".join("%*s" % (w, c) for c in cells))

    frac = lambda rs: "%d/%d" % (sum(r["correct"] for r in rs), len(rs))
    for c in cats:
        line(c, [p for p in probs if p["category"] == c], frac)
    print("-" * (18 + w * len(tools)))
    for nv in (2, 3):
        line("%d vars" % nv, [p for p in probs if len(p["vars"]) == nv], frac)
    line("overall", probs, lambda rs: "%d/%d %3.0f%%" % (
        sum(r["correct"] for r in rs), len(rs), 100.0 * sum(r["correct"] for r in rs) / max(1, len(rs))))
    line("point found", probs, lambda rs: "-" if not rs or rs[0]["tool"] == "calc" else
         "%d/%d" % (sum(bool(r["point_ok"]) for r in rs), len(rs)))
    if "calc" in tools:
        line("certified", probs, lambda rs: "-" if not rs or rs[0]["tool"] != "calc" else
             "%d/%d" % (sum(r.get("certified") or 0 for r in rs), 2 * len(rs)))
    line("errors", probs, lambda rs: str(sum(r["status"] == "error" for r in rs)))
    line("timeouts", probs, lambda rs: str(sum(r["status"] == "timeout" for r in rs)))

    def med(rs):
        ts = [r["time"] for r in rs if r["time"] is not None]
        return "%.3fs" % statistics.median(ts) if ts else "-"
    line("median time", probs, med)
    line("median wall", probs, lambda rs: "%.2fs" % statistics.median(
        [r["wall"] for r in rs if r["wall"] is not None]) if rs else "-")
    print("\n'time' = inside the worker (parse + solve, no interpreter start-up); "
          "'wall' = whole subprocess.\n'point found' = both returned points are "
          "expected global optima (scipy tools only; calc must always match all points).\n"
          "'certified' = calc optimum values (max and min counted separately) flagged certified.")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--problems", default=os.path.join(HERE, "problems.json"))
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma list of %s" % ",".join(TOOLS))
    ap.add_argument("--only", help="comma-separated problem ids, id prefixes or categories")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per call (default 30)")
    ap.add_argument("--json", dest="json_out", help="write per-problem results here")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="parallel subprocesses (default 1)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    a = ap.parse_args(argv)
    if a.worker:
        worker_main(a.worker)
        return 0
    tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error("unknown tool %r" % t)
    with open(a.problems) as fh:
        probs = select(json.load(fh), a.only)
    if not probs:
        ap.error("no problems selected")
    jobs = [(p, t) for p in probs for t in tools]
    rows = []
    t_start = time.time()

    def task(pt):
        p, t = pt
        return evaluate(p, t, run_one(p, t, a.timeout))

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for row in ex.map(task, jobs):
            rows.append(row)
            if a.verbose or not row["correct"]:
                mark = "ok " if row["correct"] else {"done": "BAD"}.get(row["status"], row["status"][:3].upper())
                if a.verbose or row["status"] != "error" or row["tool"] != "calc":
                    print("%s %-6s %-5s %s" % (mark, row["id"], row["tool"], (row.get("why") or "")[:150]))
                    sys.stdout.flush()
    # calc errors are summarised once rather than per problem
    calc_err = [r for r in rows if r["tool"] == "calc" and r["status"] == "error"]
    if calc_err and not a.verbose:
        msgs = OrderedDict()
        for r in calc_err:
            msgs.setdefault(r.get("why", "")[:200], []).append(r["id"])
        for m, ids in msgs.items():
            print("ERR calc on %d problem(s) (%s%s): %s" % (
                len(ids), ", ".join(ids[:4]), ", ..." if len(ids) > 4 else "", m))
    print_report(probs, rows, tools)
    print("\n%d problems x %d tools in %.1fs" % (len(probs), len(tools), time.time() - t_start))
    if a.json_out:
        with open(a.json_out, "w") as fh:
            json.dump({"tools": tools, "timeout": a.timeout, "results": rows}, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
