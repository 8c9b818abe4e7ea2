#!/usr/bin/env python3
"""Throughput of calc.batch against a shell loop of `calc` calls.

500 queries (``--n``) drawn from the project's problem sets: every one-variable problem of
benchmarks/extrema/problems.json (op "extrema" on its interval) and every box of
benchmarks/multivariate/problems.json (op "extrema" on the box), the rest derivative queries
on the same functions (op "diff", order 1–3, and op "differential" at a point with a step),
in a fixed shuffled order (seed 0).

Runs
  jobs=1      calc.batch(queries, jobs=1): in this process, one after the other
  jobs=2      calc.batch(queries, jobs=2): a pool of two worker processes
  dask        calc.batch(queries, client=Client(LocalCluster(n_workers=2, processes=True,
              threads_per_worker=1))) when distributed is installed; the cluster's start-up
              is timed apart and not counted
  shell       a bash script of `python -m calc <op> ... --format json` lines on a subset
              (every 10th query: 50 of 500, ``--shell``), each call a fresh process as a
              course's grading script would make; its rate is per query, so it scales to
              the 500 (the subset's own jobs=1 time is printed too, to show it is typical);
              each call is stopped after --cap seconds (60): a single call has no overall
              budget, and one derivative query hangs (reported with the exit codes)

Every run's answers are compared with the jobs=1 answers (same ids, same results).  The
machine's other load matters: the figures are wall-clock; run it on a quiet machine.

    python benchmarks/bench_batch.py                  # everything (about 10 minutes on 2 cores)
    python benchmarks/bench_batch.py --n 100 --shell 10 --only jobs1,jobs2
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, HERE]


def queries(n: int) -> list[dict]:
    """n queries from the problem sets: the mix of benchmarks/bench_web.py without its slow one."""
    from bench_web import SLOW, queries as mixed
    return [q for q in mixed(n + 1) if q is not SLOW][:n]


def cli_args(q: dict) -> list[str]:
    f = q["f"] if not q["f"].startswith("-") else " " + q["f"]   # a leading minus is not an option
    if q["op"] == "extrema":
        return ["extrema", f, "--on", q["on"]]
    if q["op"] == "diff":
        return ["diff", f, "--order", str(q["order"])] + (["--var", q["var"]] if "var" in q else [])
    return ["differential", f, "--at", q["at"], "--dx", q["dx"]]


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--shell", type=int, default=50, help="queries of the shell loop (a stride of the n)")
    ap.add_argument("--only", default="jobs1,jobs2,dask,shell")
    ap.add_argument("--cap", type=int, default=60, help="seconds after which a shell-loop call is stopped")
    ap.add_argument("--json", default=None, help="write the figures here")
    args = ap.parse_args()
    only = set(args.only.split(","))
    import calc
    from calc.batch import iter_batch
    qs = queries(args.n)
    sub = qs[:: max(1, len(qs) // args.shell)][: args.shell]
    rows, ref = {}, None
    print(f"{len(qs)} queries: " + ", ".join(f"{sum(q['op'] == op for q in qs)} {op}"
                                             for op in ("extrema", "diff", "differential")), flush=True)

    if "jobs1" in only:
        t0, times = time.perf_counter(), []
        ref = []
        for a in iter_batch(qs, jobs=1):
            ref.append(a)
            times.append(time.perf_counter() - t0)
        rows["jobs=1"] = times[-1]
        step = [b - a for a, b in zip([0.0] + times, times)]
        ids = {q["id"] for q in sub}
        rows["jobs=1 (shell subset)"] = sum(s for s, q in zip(step, qs) if q["id"] in ids)
        print(f"jobs=1: {rows['jobs=1']:.1f} s", flush=True)
    if "jobs2" in only:
        got, rows["jobs=2"] = timed(lambda: calc.batch(qs, jobs=2))
        print(f"jobs=2: {rows['jobs=2']:.1f} s" + _same(got, ref), flush=True)
    if "dask" in only:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("dask: distributed is not installed (pip install '.[dask]'): skipped")
        else:
            (cluster, start) = timed(lambda: LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                                          dashboard_address=":0"))
            with cluster, Client(cluster) as client:
                got, rows["dask, 2 workers"] = timed(lambda: calc.batch(qs, client=client))
            print(f"dask (2 workers): {rows['dask, 2 workers']:.1f} s (cluster start-up {start:.1f} s, "
                  f"not counted)" + _same(got, ref), flush=True)
    if "shell" in only:
        status = tempfile.NamedTemporaryFile("w", suffix=".status", delete=False).name
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as fh:
            py = shlex.quote(sys.executable)
            for q in sub:   # each call capped (a call of the command line has no overall budget)
                fh.write(f"timeout {args.cap} {py} -m calc {' '.join(shlex.quote(a) for a in cli_args(q))} "
                         f"--format json >/dev/null 2>&1; echo $? >> {status}\n")
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        _, t = timed(lambda: subprocess.run(["bash", fh.name], env=env, check=True))
        codes = open(status).read().split()
        os.unlink(fh.name)
        os.unlink(status)
        rows[f"shell loop ({len(sub)} calls)"] = t
        capped = [q["id"] for q, c in zip(sub, codes) if c == "124"]
        print(f"shell loop: {t:.1f} s for {len(sub)} calls; exit codes "
              + ", ".join(f"{c}: {codes.count(c)}" for c in sorted(set(codes)))
              + (f"; stopped by the {args.cap} s cap: {capped}" if capped else ""), flush=True)

    print(f"\n{'run':28} {'queries':>8} {'seconds':>9} {'queries/s':>10} {'vs shell':>9}")
    shell_rate = next((len(sub) / t for k, t in rows.items() if k.startswith("shell")), None)
    figures = {}
    for name, t in rows.items():
        n = len(sub) if ("shell" in name) else len(qs)
        rate = n / t
        figures[name] = {"queries": n, "seconds": round(t, 2), "queries_per_s": round(rate, 3)}
        vs = f"{rate / shell_rate:8.1f}x" if shell_rate else ""
        print(f"{name:28} {n:8d} {t:9.1f} {rate:10.2f} {vs:>9}")
    if shell_rate:
        print(f"\nshell loop scaled to {len(qs)} queries: {len(qs) / shell_rate:.0f} s "
              f"(measured on {len(sub)}, every {max(1, len(qs) // args.shell)}th query)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=2)


def _first_difference(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            d = _first_difference(a.get(k), b.get(k), f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (u, v) in enumerate(zip(a, b)):
            d = _first_difference(u, v, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {str(b)[:60]!r} → {str(a)[:60]!r}"


def _same(got, ref) -> str:
    """How the answers differ from the jobs=1 run (a query near its time budget may be decided
    in one run and not in another on a loaded machine)."""
    if ref is None:
        return ""
    if len(got) != len(ref):
        return f" — {len(got)} answers, jobs=1 gave {len(ref)}"
    bad = [(a["id"], _first_difference(a, b)) for a, b in zip(got, ref) if a != b]
    if not bad:
        return " — answers identical to jobs=1"
    return f" — {len(bad)} answers differ from jobs=1:" + "".join(f"\n    {i} {d}" for i, d in bad[:8])


if __name__ == "__main__":
    main()
