#!/usr/bin/env python3
"""Benchmark global-extremum finders on benchmarks/extrema/problems.json.

Tools
  calc   calc.extrema(f, x="x", on=interval).to_dict()
  sympy  sympy.calculus.util.maximum / minimum(f, x, Interval)
  scipy  scipy.optimize.minimize_scalar(method="bounded") (a local method;
         infinite intervals are clipped to [-1e3, 1e3])

Every call runs in a fresh subprocess (``sys.executable``) with a timeout.
The reported time is the time of the tool call(s) only (imports excluded).

Correctness per problem
  all tools : max and min values agree with the expected ones (finite values
              within 1e-6 rel/abs, infinities must match exactly)
  calc also : attained flags match, and the attaining points (each expected
              point matched within 1e-6, no extra points) and plateau
              intervals match.
  scipy     : a finite "not attained" sup counts if the value matches;
              an infinite sup is always wrong.

Usage (from the repo root):
  python benchmarks/extrema/bench_extrema.py [--only calc,sympy] [--category X]
         [--timeout 20] [--jobs 1] [--json out.json] [--ids poly-01,rat-02]
"""
import argparse
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = ["calc", "sympy", "scipy"]
MARK = "@@BENCH_RESULT@@ "
REL = 1e-6
CLIP = 1e3


# ===================================================================== worker
class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def parse_interval(s):
    """'[a, b)' -> (lo_str, hi_str, left_open, right_open)"""
    m = re.match(r"^\s*([\[(])\s*(.+?)\s*,\s*(.+?)\s*([\])])\s*$", s)
    if not m:
        raise ValueError(f"bad interval {s!r}")
    return m.group(2), m.group(3), m.group(1) == "(", m.group(4) == ")"


def _num_to_float(v):
    """sympy number -> float / +-inf; raises on non-real or symbolic."""
    import sympy as sp
    v = sp.sympify(v)
    if v == sp.oo:
        return math.inf
    if v == -sp.oo:
        return -math.inf
    if v.has(sp.zoo, sp.nan) or v.free_symbols:
        raise ValueError(f"non-numeric result {v}")
    c = complex(sp.N(v, 30))
    if abs(c.imag) > 1e-12 * max(1.0, abs(c.real)):
        raise ValueError(f"non-real result {v}")
    return c.real


def _calc_num(n):
    """calc NUM dict -> float (inf for oo)."""
    if n is None:
        return None
    if isinstance(n, (int, float)):
        return float(n)
    ex = n.get("exact")
    if ex in ("oo", "+oo", "inf", "+inf"):
        return math.inf
    if ex in ("-oo", "-inf"):
        return -math.inf
    if n.get("float") is not None:
        return float(n["float"])
    enc = n.get("enclosure")
    if enc and enc[0] is not None and enc[1] is not None:
        return (float(enc[0]) + float(enc[1])) / 2
    if ex is not None:
        return _num_to_float(ex)
    return None


def run_calc(f, interval):
    import calc  # noqa: F401  (ImportError -> status error)
    t0 = time.perf_counter()
    r = calc.extrema(f, x="x", on=interval)
    d = r.to_dict()
    dt = time.perf_counter() - t0
    out = {}
    for key, side in (("maximum", "max"), ("minimum", "min")):
        e = d[key]
        out[side] = {
            "value": _calc_num(e.get("value")),
            "attained": e.get("attained"),
            "points": [_calc_num(p) for p in (e.get("points") or [])],
            "intervals": [[_calc_num(a), _calc_num(b)] for a, b in (e.get("intervals") or [])],
            "reason": e.get("reason"),
            "exact": (e.get("value") or {}).get("exact") if isinstance(e.get("value"), dict) else None,
            "certified": (e.get("value") or {}).get("certified") if isinstance(e.get("value"), dict) else None,
        }
    return dt, out


def run_sympy(f, interval):
    import sympy as sp
    from sympy.calculus.util import maximum, minimum
    x = sp.Symbol("x")
    expr = sp.sympify(f, locals={"x": x})
    lo, hi, lopen, ropen = parse_interval(interval)
    dom = sp.Interval(sp.sympify(lo), sp.sympify(hi), lopen, ropen)
    out, dt = {}, 0.0
    for side, fn in (("max", maximum), ("min", minimum)):
        t0 = time.perf_counter()
        try:
            v = fn(expr, x, dom)
            dt += time.perf_counter() - t0
            out[side] = {"value": _num_to_float(v), "exact": str(v)}
        except _Timeout:
            raise
        except Exception as ex:  # one side failing is still recorded
            dt += time.perf_counter() - t0
            out[side] = {"value": None, "error": f"{type(ex).__name__}: {ex}"[:300]}
    return dt, out


def run_scipy(f, interval):
    import numpy as np
    import sympy as sp
    from scipy.optimize import minimize_scalar
    x = sp.Symbol("x")
    expr = sp.sympify(f, locals={"x": x})
    fl = sp.lambdify(x, expr, modules=["numpy"])
    lo, hi, _, _ = parse_interval(interval)
    a, b = float(sp.N(sp.sympify(lo))), float(sp.N(sp.sympify(hi)))
    clipped = False
    if not math.isfinite(a):
        a, clipped = -CLIP, True
    if not math.isfinite(b):
        b, clipped = CLIP, True
    if b <= a:
        raise ValueError("empty clipped interval")

    def ev(t):
        try:
            with np.errstate(all="ignore"):
                v = complex(fl(t))
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return math.nan
        if abs(v.imag) > 1e-12 * max(1.0, abs(v.real)):
            return math.nan
        return v.real

    out, dt = {}, 0.0
    for side, s in (("max", -1.0), ("min", 1.0)):
        def obj(t, s=s):
            v = ev(t)
            return math.inf if not math.isfinite(v) else s * v
        t0 = time.perf_counter()
        res = minimize_scalar(obj, bounds=(a, b), method="bounded",
                              options={"xatol": 1e-10})
        dt += time.perf_counter() - t0
        out[side] = {"value": ev(float(res.x)), "point": float(res.x),
                     "success": bool(res.success)}
    out["clipped"] = clipped
    return dt, out


def _add_repo_to_path():
    """Make `import calc` work from the repo root (plain or src/ layout)."""
    repo = os.path.dirname(os.path.dirname(HERE))
    for d in (os.path.join(repo, "src"), repo, os.getcwd()):
        if os.path.isdir(d) and d not in sys.path:
            sys.path.insert(0, d)


def worker(tool, f, interval, timeout):
    _add_repo_to_path()
    res = {"status": "ok", "time": None}
    signal.signal(signal.SIGALRM, _alarm)
    try:
        fn = {"calc": run_calc, "sympy": run_sympy, "scipy": run_scipy}[tool]
        # imports happen before the alarm so that they are not timed
        if tool == "calc":
            import calc  # noqa: F401
        else:
            import sympy  # noqa: F401
            import sympy.calculus.util  # noqa: F401
            if tool == "scipy":
                import scipy.optimize  # noqa: F401
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            dt, out = fn(f, interval)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        res["time"] = dt
        res.update(out)
    except _Timeout:
        res = {"status": "timeout", "time": timeout}
    except BaseException as ex:  # noqa: BLE001 - everything is an "error"
        res = {"status": "error", "time": None,
               "error": f"{type(ex).__name__}: {ex}"[:500]}

    def enc(o):
        if isinstance(o, float) and not math.isfinite(o):
            return "nan" if math.isnan(o) else ("oo" if o > 0 else "-oo")
        if isinstance(o, dict):
            return {k: enc(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [enc(v) for v in o]
        return o
    sys.stdout.write("\n" + MARK + json.dumps(enc(res)) + "\n")
    sys.stdout.flush()


# ===================================================================== parent
def dec(v):
    if v == "oo":
        return math.inf
    if v == "-oo":
        return -math.inf
    if v == "nan":
        return math.nan
    return v


def run_one(tool, prob, timeout):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", tool]
    payload = json.dumps({"f": prob["f"], "interval": prob["interval"], "timeout": timeout})
    t0 = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                start_new_session=True, cwd=os.getcwd())
    except OSError as ex:
        return {"status": "error", "error": str(ex), "time": None}
    try:
        out, err = proc.communicate(payload, timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        return {"status": "timeout", "time": float(timeout), "wall": time.perf_counter() - t0}
    wall = time.perf_counter() - t0
    line = None
    for ln in out.splitlines():
        if ln.startswith(MARK):
            line = ln[len(MARK):]
    if line is None:
        return {"status": "error", "time": None, "wall": wall,
                "error": f"worker died (rc={proc.returncode}): {err.strip()[-300:]}"}
    res = json.loads(line)
    res["wall"] = wall
    return res


def close(a, b):
    if a is None or b is None:
        return False
    if math.isinf(b) or math.isinf(a):
        return a == b
    if math.isnan(a):
        return False
    return abs(a - b) <= REL * max(1.0, abs(b))


def expected_value(e):
    if e["value_float"] is not None:
        return e["value_float"]
    if e["value"] in ("oo", "-oo"):
        return math.inf if e["value"] == "oo" else -math.inf
    return None


def match_sets(got, want):
    """every wanted point matched and no extra ones (within 1e-6 rel/abs)"""
    got = [g for g in got if g is not None]
    return (all(any(close(g, w) for g in got) for w in want)
            and all(any(close(g, w) for w in want) for g in got))


def judge(tool, prob, res):
    """-> (correct: bool, notes: list[str])"""
    if res.get("status") != "ok":
        return False, [res.get("status")]
    notes = []
    ok = True
    for side in ("max", "min"):
        e = prob["expected"][side]
        want = expected_value(e)
        r = res.get(side) or {}
        got = dec(r.get("value"))
        if isinstance(got, (int, float)) and not isinstance(got, bool):
            got = float(got)
        else:
            got = None
        if tool == "scipy" and want is not None and math.isinf(want):
            ok = False
            notes.append(f"{side}: infinite (scipy cannot)")
            continue
        if not close(got, want):
            ok = False
            msg = f"{side}: value {got} != {want}"
            if r.get("error"):
                msg += " [" + " ".join(r["error"].split())[:120] + "]"
            notes.append(msg)
            continue
        if tool == "calc":
            if bool(r.get("attained")) != e["attained"]:
                ok = False
                notes.append(f"{side}: attained {r.get('attained')} != {e['attained']}")
            pts = [dec(p) for p in r.get("points") or []]
            if not match_sets(pts, e["points"]):
                ok = False
                notes.append(f"{side}: points {pts} != {e['points']}")
            ivs = [[dec(a), dec(b)] for a, b in r.get("intervals") or []]
            want_iv = e["plateau"]
            iv_ok = len(ivs) == len(want_iv) and all(
                any(close(a, wa) and close(b, wb) for a, b in ivs) for wa, wb in want_iv)
            if not iv_ok:
                ok = False
                notes.append(f"{side}: intervals {ivs} != {want_iv}")
            if r.get("reason") != e["reason"]:
                notes.append(f"{side}: (reason {r.get('reason')!r} vs {e['reason']!r})")
    return ok, notes


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    f = math.floor(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def fmt_t(t):
    if t != t:
        return "   -   "
    return f"{t * 1000:8.1f}ms" if t < 1 else f"{t:8.2f}s "


def main():
    ap = argparse.ArgumentParser(description="extremum benchmark")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--problems", default=os.path.join(HERE, "problems.json"))
    ap.add_argument("--only", default=",".join(TOOLS), help="tools, e.g. calc,sympy")
    ap.add_argument("--category", help="run only this category (comma list allowed)")
    ap.add_argument("--ids", help="run only these problem ids (comma list)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per call (default 20)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="parallel subprocesses (default 1; >1 makes timings noisier)")
    ap.add_argument("--json", help="write all results to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every wrong answer")
    args = ap.parse_args()

    if args.worker:
        payload = json.loads(sys.stdin.read())
        worker(args.worker, payload["f"], payload["interval"], payload["timeout"])
        return

    tools = [t.strip() for t in args.only.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error(f"unknown tool {t!r} (choose from {TOOLS})")
    with open(args.problems) as fh:
        probs = json.load(fh)
    if args.category:
        cats = set(args.category.split(","))
        probs = [p for p in probs if p["category"] in cats]
    if args.ids:
        ids = set(args.ids.split(","))
        probs = [p for p in probs if p["id"] in ids]
    if not probs:
        ap.error("no problems selected")

    jobs = [(p, t) for p in probs for t in tools]
    results = {}
    t_start = time.time()
    done = 0

    def task(pt):
        p, t = pt
        return p, t, run_one(t, p, args.timeout)

    with ThreadPoolExecutor(max(1, args.jobs)) as ex:
        for p, t, res in ex.map(task, jobs):
            ok, notes = judge(t, p, res)
            res["correct"] = ok
            res["notes"] = notes
            results[(p["id"], t)] = res
            done += 1
            if args.verbose and not ok:
                print(f"  [{t:5s}] {p['id']:9s} WRONG  " + "; ".join(notes)[:300]
                      + ("  (" + " ".join(res["error"].split())[:150] + ")" if res.get("error") else ""),
                      flush=True)
            elif not args.verbose and sys.stderr.isatty():
                print(f"\r{done}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    if not args.verbose and sys.stderr.isatty():
        print(file=sys.stderr)

    # ------------------------------------------------------------- report
    cats = []
    for p in probs:
        if p["category"] not in cats:
            cats.append(p["category"])
    w = max(len(c) for c in cats + ["overall"])
    print(f"\nExtremum benchmark: {len(probs)} problems, tools {tools}, "
          f"timeout {args.timeout:g}s, {time.time() - t_start:.0f}s wall\n")
    head = f"{'category':{w}s}  " + "  ".join(f"{t:>11s}" for t in tools)
    print(head)
    print("-" * len(head))
    for c in cats:
        ps = [p for p in probs if p["category"] == c]
        row = f"{c:{w}s}  "
        for t in tools:
            k = sum(results[(p["id"], t)]["correct"] for p in ps)
            row += f"  {k:>4d}/{len(ps):<4d}  "
        print(row.rstrip())
    print("-" * len(head))
    row = f"{'overall':{w}s}  "
    for t in tools:
        k = sum(results[(p["id"], t)]["correct"] for p in probs)
        row += f"  {k:>4d}/{len(probs):<4d}  "
    print(row.rstrip())
    row = f"{'accuracy':{w}s}  "
    for t in tools:
        k = sum(results[(p["id"], t)]["correct"] for p in probs)
        row += f"  {100.0 * k / len(probs):>9.1f}%"
    print(row)

    print()
    print(f"{'tool':6s} {'ok':>5s} {'error':>6s} {'timeout':>8s}   {'median time':>12s} {'p90 time':>12s}   "
          f"{'median(correct)':>15s}")
    for t in tools:
        rs = [results[(p["id"], t)] for p in probs]
        st = [r["status"] for r in rs]
        times = [r["time"] for r in rs if r.get("time") is not None]
        ctimes = [r["time"] for r in rs if r["correct"] and r.get("time") is not None]
        print(f"{t:6s} {st.count('ok'):5d} {st.count('error'):6d} {st.count('timeout'):8d}   "
              f"{fmt_t(statistics.median(times) if times else float('nan')):>12s} "
              f"{fmt_t(pct(times, 0.9)):>12s}   "
              f"{fmt_t(statistics.median(ctimes) if ctimes else float('nan')):>15s}")
    print("  (times are of the tool calls only, imports excluded; timeouts count as the limit;"
          " errors have no time)")
    if "calc" in tools and "sympy" in tools:
        ratios = []
        for p in probs:
            a, b = results[(p["id"], "calc")], results[(p["id"], "sympy")]
            if a["correct"] and b["correct"] and a.get("time") and b.get("time"):
                ratios.append(a["time"] / b["time"])
        if ratios:
            print(f"\nmedian time ratio calc/sympy on the {len(ratios)} problems both solve: "
                  f"{statistics.median(ratios):.3g}")
        else:
            print("\nmedian time ratio calc/sympy: n/a (no problem solved correctly by both)")
    if "calc" in tools:
        rs = [(p, results[(p["id"], "calc")]) for p in probs]
        nok = sum(1 for p, r in rs if r["status"] == "ok")
        nr = sum(1 for p, r in rs if r["status"] == "ok" for s in ("max", "min")
                 if (r.get(s) or {}).get("reason") == p["expected"][s]["reason"])
        print(f"calc: reason field agrees on {nr}/{2 * nok} sides of the {nok} answered problems"
              " (not part of correctness)")
        errs = {}
        for p, r in rs:
            if r["status"] == "error":
                errs.setdefault(r.get("error", "")[:120], []).append(p["id"])
        for m, ids in sorted(errs.items(), key=lambda kv: -len(kv[1]))[:5]:
            print(f"  calc error x{len(ids)}: {m}")

    if args.json:
        out = {"timeout": args.timeout, "tools": tools, "problems": []}
        for p in probs:
            q = {"id": p["id"], "category": p["category"], "f": p["f"],
                 "interval": p["interval"], "results": {}}
            for t in tools:
                q["results"][t] = results[(p["id"], t)]
            out["problems"].append(q)

        def clean(o):
            if isinstance(o, float) and not math.isfinite(o):
                return str(o)
            if isinstance(o, dict):
                return {k: clean(v) for k, v in o.items()}
            if isinstance(o, list):
                return [clean(v) for v in o]
            return o
        with open(args.json, "w") as fh:
            json.dump(clean(out), fh, indent=1)
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
