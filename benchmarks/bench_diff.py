"""Derivative benchmark: calc (with and without steps) against sympy.diff.

The expression families and targets are those of shared/DIFF_PERF.md.  Each
(case, engine) pair runs in a fresh subprocess: the input is built there, the
sympy cache is cleared before every repetition, and only the derivative is
timed (CPU time of the process, so that other load on a shared machine
matters less; wall time is kept in the JSON).  The median of the repetitions
is reported; an engine that does not finish a repetition within the per-case
timeout shows as ``timeout``.  symengine, if installed, is timed as the
reference for what is possible.  "uneval" cases are built with
evaluate=False and calc builds unevaluated output (as
``calc.derivative(..., evaluate=False)`` does).

    python benchmarks/bench_diff.py            # the full suite (about 15 minutes)
    python benchmarks/bench_diff.py --quick    # small sizes, a smoke test
    python benchmarks/bench_diff.py --json out.json --timeout 60 --reps 3
    python benchmarks/bench_diff.py --only big_sum,quotient_tower
    python benchmarks/bench_diff.py --baseline ../old-checkout   # before/after columns

Columns: sympy / calc / steps are median CPU seconds of sympy.diff,
``differentiate(e, x, False)`` and ``differentiate(e, x, True)``; calc/sy and
steps/sy the time ratios; calc0 / steps0 the same engines from the
--baseline checkout; nodes the tree size of the derivative (counted over its
DAG, so astronomically large trees are fine), dag the distinct
subexpressions of calc's derivative; steps# the distinct steps recorded and MB
the peak memory of one more (untimed) steps run; agree compares calc's
derivative with sympy.diff's (or symengine's when sympy failed) at a random
point with mpmath at 30 digits (1e-10 relative).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import selectors
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ----------------------------------------------------------------------------
# expression families: f(n, ns) where ns is a namespace (sympy or symengine)


class _NS:
    """The constructors of one backend, so each family is built natively."""

    def __init__(self, name, evaluate=True):
        self.name = name
        if name == "sympy":
            import sympy as m
            from calc.parsing import symbol
            self.x = symbol("x")
            self.sym = symbol
            self.Add = lambda *a: m.Add(*a, evaluate=evaluate)
            self.Mul = lambda *a: m.Mul(*a, evaluate=evaluate)
            self.Pow = lambda b, e: m.Pow(b, e, evaluate=evaluate)
            self.R = m.Rational
            self.I = m.Integer
            for f in ("sin", "cos", "tan", "exp", "log", "sqrt"):
                g = getattr(m, f)
                if f == "sqrt":
                    setattr(self, f, lambda u, g=g: m.Pow(u, m.Rational(1, 2), evaluate=evaluate))
                else:
                    setattr(self, f, lambda u, g=g: g(u, evaluate=evaluate))
        else:
            import symengine as m
            self.x = m.Symbol("x")
            self.sym = m.Symbol
            self.Add = lambda *a: m.Add(*a)
            self.Mul = lambda *a: m.Mul(*a)
            self.Pow = lambda b, e: m.Pow(b, e)
            self.R = m.Rational
            self.I = m.Integer
            for f in ("sin", "cos", "tan", "exp", "log", "sqrt"):
                setattr(self, f, getattr(m, f))
        self.table = (self.sin, self.exp, self.cos, self.log, self.tan, self.sqrt)


def deep_composition(n, ns):
    """sin(exp(cos(log(tan(sqrt(sin(... x ...)))))))), depth n."""
    e = ns.x
    for k in reversed(range(n)):
        e = ns.table[k % 6](e)
    return e, ns.x


def nested_exp(n, ns):
    """exp(-exp(-...exp(-x))), depth n."""
    e = ns.x
    for _ in range(n):
        e = ns.exp(ns.Mul(ns.I(-1), e))
    return e, ns.x


def wide_product_linear(n, ns):
    return ns.Mul(*[ns.Add(ns.x, ns.I(k)) for k in range(1, n + 1)]), ns.x


def wide_product_elementary(n, ns):
    x, fs = ns.x, []
    for k in range(1, n + 1):
        K = ns.I(k)
        fs.append([lambda: ns.sin(ns.Mul(K, x)), lambda: ns.exp(ns.Mul(ns.R(1, k), x)),
                   lambda: ns.cos(ns.Mul(K, x)), lambda: ns.log(ns.Add(x, K)),
                   lambda: ns.tan(ns.Mul(ns.R(1, k), x)), lambda: ns.sqrt(ns.Add(x, K))][(k - 1) % 6]())
    return ns.Mul(*fs), x


def big_sum(n, ns):
    x = ns.x
    return ns.Add(*[ns.Mul(ns.R(k, k + 1), ns.table[(k - 1) % 6](ns.Add(x, ns.I(k))))
                    for k in range(1, n + 1)]), x


def quotient_tower(n, ns):
    x, q = ns.x, ns.x
    for k in range(1, n + 1):
        q = ns.Mul(ns.Add(x, ns.I(k)), ns.Pow(ns.Add(ns.I(1), ns.Mul(x, q)), ns.I(-1)))
    return q, x


def power_tower(n, ns):
    x, e = ns.x, ns.x
    for _ in range(n - 1):
        e = ns.Pow(x, e)
    return e, x


def sin_pow_cos(n, ns):
    p = ns.Pow(ns.sin(ns.x), ns.cos(ns.x))
    for _ in range(n - 1):
        p = ns.Pow(ns.sin(p), ns.cos(p))
    return p, ns.x


def logistic_mlp(n, ns):
    """Sum over n data points of the logistic loss of a 1-3-1 sigmoid net; d/d w1_0."""
    w1 = [ns.sym(f"w1_{j}") for j in range(3)]
    b1 = [ns.sym(f"b1_{j}") for j in range(3)]
    w2 = [ns.sym(f"w2_{j}") for j in range(3)]
    b2 = ns.sym("b2")

    def sigma(z):
        return ns.Pow(ns.Add(ns.I(1), ns.exp(ns.Mul(ns.I(-1), z))), ns.I(-1))

    terms = []
    for i in range(n):
        xi, yi = ns.R(i + 1, n + 1), ns.R((i * 7) % 5, 4)   # labels in [0, 1]
        h = [sigma(ns.Add(ns.Mul(w1[j], xi), b1[j])) for j in range(3)]
        p = sigma(ns.Add(*[ns.Mul(w2[j], h[j]) for j in range(3)], b2))
        terms.append(ns.Mul(ns.I(-1), ns.Add(ns.Mul(yi, ns.log(p)),
                                             ns.Mul(ns.Add(ns.I(1), ns.Mul(ns.I(-1), yi)),
                                                    ns.log(ns.Add(ns.I(1), ns.Mul(ns.I(-1), p)))))))
    return ns.Add(*terms), w1[0]


def dag_sharing(n, ns):
    """e = x; n times e = sin(e)*e + cos(e): tree ~3^n, DAG O(n)."""
    e = ns.x
    for _ in range(n):
        e = ns.Add(ns.Mul(ns.sin(e), e), ns.cos(e))
    return e, ns.x


FAMILIES = {f.__name__: f for f in (deep_composition, nested_exp, wide_product_linear,
                                    wide_product_elementary, big_sum, quotient_tower, power_tower,
                                    sin_pow_cos, logistic_mlp, dag_sharing)}

# (family, n, unevaluated input, engines); "u" cases are built with evaluate=False
# and calc runs with unevaluated output (calc.derivative(..., evaluate=False)).
ALL = ("sympy", "calc", "steps", "symengine")
CALC_ONLY = ("calc", "steps", "symengine")
FULL = [
    ("deep_composition", 10, False, ALL), ("deep_composition", 100, False, ALL),
    ("deep_composition", 300, False, ALL),
    ("deep_composition", 1000, True, ALL), ("deep_composition", 10000, True, CALC_ONLY),
    ("nested_exp", 10, False, ALL), ("nested_exp", 100, False, ALL), ("nested_exp", 1000, True, ALL),
    ("wide_product_linear", 50, False, ALL), ("wide_product_linear", 200, False, ALL),
    ("wide_product_elementary", 50, False, ALL), ("wide_product_elementary", 200, False, ALL),
    ("big_sum", 100, False, ALL), ("big_sum", 1000, False, ALL),
    ("quotient_tower", 20, False, ALL), ("quotient_tower", 100, False, ALL),
    ("power_tower", 2, False, ALL), ("power_tower", 3, False, ALL), ("power_tower", 10, False, ALL),
    ("sin_pow_cos", 1, False, ALL), ("sin_pow_cos", 4, False, ALL),
    ("logistic_mlp", 10, False, ALL), ("logistic_mlp", 100, False, ALL),
    ("dag_sharing", 8, False, ALL), ("dag_sharing", 12, False, ALL),
    ("dag_sharing", 1000, True, CALC_ONLY),
]
QUICK = [
    ("deep_composition", 10, False, ALL), ("deep_composition", 30, False, ALL),
    ("deep_composition", 10000, True, CALC_ONLY),
    ("nested_exp", 10, False, ALL), ("wide_product_linear", 20, False, ALL),
    ("wide_product_elementary", 20, False, ALL), ("big_sum", 100, False, ALL),
    ("quotient_tower", 10, False, ALL), ("power_tower", 3, False, ALL), ("sin_pow_cos", 2, False, ALL),
    ("logistic_mlp", 3, False, ALL), ("dag_sharing", 6, False, ALL),
]

# ----------------------------------------------------------------------------
# child side: build, time, measure


def _postorder(root):
    """Distinct nodes, children before parents, without recursion."""
    seen, order, stack = set(), [], [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((a, False) for a in node.args if a not in seen)
    return order


def sizes(root):
    """(tree nodes, distinct nodes) of an expression, computed over its DAG."""
    tree = {}
    order = _postorder(root)
    for n in order:
        tree[n] = 1 + sum(tree[a] for a in n.args)
    return tree[root], len(order)


_FN = {"sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
       "asin": "asin", "acos": "acos", "atan": "atan", "acot": "acot", "asec": "asec", "acsc": "acsc",
       "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "coth": "coth", "sech": "sech", "csch": "csch",
       "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "acoth": "acoth", "exp": "exp",
       "log": "ln", "abs": "fabs"}


def evaluate_at(root, values, dps=30):
    """The value of a sympy or symengine expression at a point, by mpmath over the DAG."""
    import mpmath
    with mpmath.workdps(dps):
        val = {}
        for n in _postorder(root):
            name = type(n).__name__
            a = [val[c] for c in n.args]
            if not n.args:
                if name == "Symbol":
                    v = mpmath.mpf(values[str(n)])
                else:
                    s = str(n)
                    v = {"pi": mpmath.pi, "E": mpmath.e, "I": mpmath.j}.get(s)
                    if v is None:
                        p, _, q = s.partition("/")
                        v = mpmath.mpf(p) / mpmath.mpf(q) if q else mpmath.mpf(p)
            elif name == "Add":
                v = mpmath.fsum(a)
            elif name == "Mul":
                v = mpmath.fprod(a)
            elif name == "Pow":
                v = mpmath.power(a[0], a[1])
            elif name == "sign":
                v = mpmath.sign(a[0])
            else:
                fn = _FN.get(name.lower())
                if fn is None:
                    raise ValueError(f"no numeric evaluator for {name}")
                v = getattr(mpmath, fn)(a[0])
            val[n] = v
        r = val[root]
        return [str(mpmath.re(r)), str(mpmath.im(r))]


def _point(family, n, names):
    rng = random.Random(f"{family}-{n}")
    return {s: repr(rng.uniform(0.15, 0.85)) for s in sorted(names)}


def child(spec):
    fam, n, unevaluated, engine, reps = spec["family"], spec["n"], spec["uneval"], spec["engine"], spec["reps"]
    sys.path.insert(0, spec.get("root") or ROOT)
    if engine.endswith("0"):
        engine = engine[:-1]   # the same engine, from the baseline checkout

    def emit(**kw):
        print(json.dumps(kw), flush=True)

    if engine == "symengine":
        import symengine as se
        build = lambda: FAMILIES[fam](n, _NS("symengine"))  # noqa: E731
        clear = lambda: None  # noqa: E731
        run = lambda e, x: se.diff(e, x)  # noqa: E731
    else:
        import sympy as sp
        from sympy.core.cache import clear_cache
        from calc.differentiate import differentiate
        clear = clear_cache

        def build():
            if unevaluated:
                with sp.evaluate(False):
                    return FAMILIES[fam](n, _NS("sympy", evaluate=False))
            return FAMILIES[fam](n, _NS("sympy"))

        if engine == "sympy":
            run = lambda e, x: sp.diff(e, x)  # noqa: E731
        else:
            with_steps = engine == "steps"

            def run(e, x):
                if unevaluated:
                    with sp.evaluate(False):
                        return differentiate(e, x, with_steps)
                return differentiate(e, x, with_steps)

    times, walls, result = [], [], None
    for r in range(reps):
        clear()
        e, x = build()
        emit(event="built")
        w0, t0 = time.perf_counter(), time.process_time()
        try:
            out = run(e, x)
        except RecursionError:
            emit(event="error", error="RecursionError")
            return
        except Exception as exc:  # noqa: BLE001
            emit(event="error", error=f"{type(exc).__name__}: {str(exc)[:80]}")
            return
        times.append(time.process_time() - t0)
        walls.append(time.perf_counter() - w0)
        emit(event="rep", t=times[-1])
        result = out
        if engine == "steps":
            d, root = out
            result = d
        elif engine == "calc":
            result = out[0]
        if sum(times) > spec["timeout"] and r < reps - 1:
            break  # long case: fewer repetitions, within the time budget
        del out
    info = {"times": times, "wall": walls}
    try:
        info["tree"], info["dag"] = sizes(result)
        free = {str(s) for s in _postorder(result) if type(s).__name__ == "Symbol"}
        info["value"] = evaluate_at(result, _point(fam, n, free))
    except Exception as exc:  # noqa: BLE001
        info["measure_error"] = f"{type(exc).__name__}: {str(exc)[:80]}"
    if engine == "steps":
        info["steps_distinct"] = sum(1 for _ in root.walk())
        # memory of one more (untimed) run: the steps tree and the derivative
        import tracemalloc
        result = root = d = None
        clear()
        e, x = build()
        tracemalloc.start()
        keep = run(e, x)
        info["steps_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del keep
    emit(event="done", **info)


# ----------------------------------------------------------------------------
# parent side


def run_case(fam, n, uneval, engine, timeout, reps, root=None):
    spec = dict(family=fam, n=n, uneval=uneval, engine=engine, reps=reps, timeout=timeout, root=root)
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", json.dumps(spec)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    times, status, done = [], None, None
    deadline = time.monotonic() + timeout + 30   # build + one repetition
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(timeout=left):
                status = "timeout"
                break
            line = p.stdout.readline()
            if not line:
                err = p.stderr.read().strip().splitlines()
                status = "crash: " + (err[-1][:60] if err else f"exit {p.wait()}")
                break
            ev = json.loads(line)
            if ev["event"] == "built":
                deadline = time.monotonic() + timeout
            elif ev["event"] == "rep":
                times.append(ev["t"])
                deadline = time.monotonic() + 30 + timeout  # next build + repetition
            elif ev["event"] == "error":
                status = ev["error"]
                break
            elif ev["event"] == "done":
                done = ev
                deadline = time.monotonic() + 60
                break
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        sel.close()
    out = {"engine": engine, "status": status or "ok", "times": times}
    if times:
        out["median"] = statistics.median(times)
    if done:
        out.update({k: v for k, v in done.items() if k not in ("event",)})
    if status == "timeout" and times:
        out["median"] = statistics.median(times)   # some repetitions finished
    return out


def _have_symengine():
    try:
        import symengine  # noqa: F401
        return True
    except ImportError:
        return False


def agree(a, b, tol=1e-10):
    import mpmath
    with mpmath.workdps(30):
        va = mpmath.mpc(mpmath.mpf(a[0]), mpmath.mpf(a[1]))
        vb = mpmath.mpc(mpmath.mpf(b[0]), mpmath.mpf(b[1]))
        if not (mpmath.isfinite(va) and mpmath.isfinite(vb)):
            return None
        return abs(va - vb) <= tol * max(abs(vb), mpmath.mpf(1e-30))


def fmt_t(r):
    if r is None:
        return "-"
    if r["status"] != "ok" and "median" not in r:
        return {"timeout": "timeout", "RecursionError": "RecErr"}.get(r["status"], r["status"][:12])
    s = f"{r['median']:.3g}"
    return s + ("*" if r["status"] == "timeout" else "")


def fmt_ratio(a, b, timeout):
    """a's median over b's; '<r' when b timed out (bound by the timeout), 'win' when b failed."""
    if a is None or b is None or "median" not in a:
        return "-"
    if b["status"] == "ok" and b.get("median"):
        r = a["median"] / b["median"]
        return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"
    if b["status"] == "timeout":
        return f"<{a['median'] / (b.get('median') or timeout):.2g}"
    return "win"


def fmt_size(n):
    if n is None:
        return "-"
    return str(n) if n < 10**7 else f"~1e{len(str(n)) - 1}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    ap.add_argument("--json", help="write the raw results to this file")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per repetition (default 60)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", help="comma-separated families")
    ap.add_argument("--no-symengine", action="store_true")
    ap.add_argument("--baseline", metavar="DIR",
                    help="also time calc from another checkout (e.g. a git worktree of the previous "
                         "commit): columns calc0 and steps0")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    cases = QUICK if args.quick else FULL
    if args.only:
        keep = set(args.only.split(","))
        cases = [c for c in cases if c[0] in keep]
    se = _have_symengine() and not args.no_symengine
    base = os.path.abspath(args.baseline) if args.baseline else None
    cols = [("family", 24, "<"), ("n", 6, ">"), ("sympy", 8, ">"), ("calc", 8, ">"), ("calc/sy", 7, ">"),
            ("steps", 8, ">"), ("steps/sy", 8, ">")]
    if base:
        cols += [("calc0", 8, ">"), ("steps0", 8, ">")]
    cols += [("symeng", 8, ">"), ("nodes sympy", 11, ">"), ("nodes calc", 11, ">"), ("dag calc", 8, ">"),
             ("steps#", 7, ">"), ("MB", 6, ">"), ("agree", 6, ">")]

    def line(vals):
        return " ".join(f"{v:{a}{w}}" for v, (_, w, a) in zip(vals, cols))

    print(f"times: median CPU seconds of {args.reps} runs, each case in a fresh process "
          f"(cold sympy cache), timeout {args.timeout:g} s")
    hdr = line([c[0] for c in cols])
    print(hdr)
    print("-" * len(hdr), flush=True)
    rows = []
    for fam, n, uneval, engines in cases:
        res = {}
        engs = list(engines)
        if base:
            engs += [e + "0" for e in engines if e in ("calc", "steps")]
        for eng in engs:
            if eng == "symengine" and not se:
                continue
            res[eng] = run_case(fam, n, uneval, eng, args.timeout, args.reps,
                                root=base if eng.endswith("0") else None)
        sy, ca, st, sg = res.get("sympy"), res.get("calc"), res.get("steps"), res.get("symengine")
        ref, refname = None, ""
        if sy and sy.get("value"):
            ref, refname = sy["value"], ""
        elif sg and sg.get("value"):
            ref, refname = sg["value"], "(se)"
        ok = None
        if ca and ca.get("value") and ref:
            ok = agree(ca["value"], ref)
        if st and ca and st.get("value") and ca.get("value") and st["value"] != ca["value"]:
            ok = False   # steps and no-steps must give the same derivative
        agree_s = "-" if ok is None else (("yes" if ok else "NO") + refname)
        label = fam + (" (uneval)" if uneval else "")
        vals = [label, n, fmt_t(sy), fmt_t(ca), fmt_ratio(ca, sy, args.timeout), fmt_t(st),
                fmt_ratio(st, sy, args.timeout)]
        if base:
            vals += [fmt_t(res.get("calc0")), fmt_t(res.get("steps0"))]
        vals += [fmt_t(sg), fmt_size(sy and sy.get("tree")), fmt_size(ca and ca.get("tree")),
                 fmt_size(ca and ca.get("dag")), fmt_size(st and st.get("steps_distinct")),
                 f"{st['steps_peak_mb']:.1f}" if st and st.get("steps_peak_mb") is not None else "-", agree_s]
        print(line(vals), flush=True)
        for k, r in res.items():
            if r["status"] not in ("ok", "timeout", "RecursionError"):
                print(f"    {k}: {r['status']}", flush=True)
            if r.get("measure_error"):
                print(f"    {k}: {r['measure_error']}", flush=True)
        rows.append({"family": fam, "n": n, "unevaluated": uneval, "agree": ok,
                     "results": {k: {kk: (str(vv) if kk == "tree" else vv) for kk, vv in r.items()}
                                 for k, r in res.items()}})
    print("\n* = some repetitions timed out (median of those that finished); "
          "RecErr = RecursionError at the default recursion limit; ratios < 1 mean calc is faster; "
          "'<r' = sympy timed out, so the ratio is below r; 'win' = calc finished, sympy failed; "
          "nodes = expression-tree size of the derivative (counted over its DAG), dag = distinct "
          "subexpressions; steps# = distinct steps recorded, MB = peak memory of the steps run "
          "(tracemalloc, untimed); agree = calc's derivative equals sympy.diff's (or symengine's, '(se)') "
          "at a random point to 1e-10.")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"python": sys.version, "timeout": args.timeout, "reps": args.reps, "clock": "process_time",
                       "baseline": base, "rows": rows}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
