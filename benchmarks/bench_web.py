#!/usr/bin/env python3
"""calc serve under load: latency, errors and throughput of the JSON API.

300 requests (``--n``) from the project's problem sets — every one-variable problem of
benchmarks/extrema/problems.json (``/api/extrema`` on its interval), the boxes of
benchmarks/multivariate/problems.json (``/api/extrema`` on the box), the rest derivatives
(``/api/diff``, order 1–3) and differentials (``/api/differential`` at a point with a step) of
the same functions, in a fixed shuffled order (seed 0) — and one query that always runs to its
budget (sin(100x) + sin(101x) + sin(102x) on [0, 100]: undecided after the 10 s budget) mixed
in at a third of the way.  A client sends them 8 at a time (``--clients``) to ``calc serve
--jobs 2`` (``--jobs``), started here on a free port and stopped at the end.

Reported: p50/p95/max latency per request, the HTTP statuses, errors (a failed connection, a
5xx answer — 503 busy, 504 timeout, 500 internal — or an answer other than the reference's;
must be 0; an answer one run left undecided and the other decided is not one) and the
throughput (requests per second).  The reference runs the same queries
through ``calc batch`` (:func:`calc.batch.batch`, the same number of worker processes) when
that module exists, else through an in-process loop (one query after the other, the web's own
work function without HTTP and without worker processes): said in the output.

    python benchmarks/bench_web.py                   # 300 requests (several minutes on 2 busy cores)
    python benchmarks/bench_web.py --n 60 --reference none
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

SLOW = {"id": "slow", "op": "extrema", "f": "sin(100 x) + sin(101 x) + sin(102 x)", "on": "[0, 100]"}


def queries(n: int) -> list[dict]:
    """n queries from the problem sets (the same mix as benchmarks/bench_batch.py), SLOW among them."""
    rng = random.Random(0)
    with open(os.path.join(HERE, "extrema", "problems.json"), encoding="utf-8") as fh:
        one = json.load(fh)
    with open(os.path.join(HERE, "multivariate", "problems.json"), encoding="utf-8") as fh:
        several = json.load(fh)
    qs = [{"id": p["id"], "op": "extrema", "f": p["f"], "on": p["interval"]} for p in one]
    qs += [{"id": p["id"], "op": "extrema", "f": p["f"],
            "on": ", ".join(f"{v} in {I}" for v, I in p["box"].items())} for p in several]
    funcs = [(p["f"], None) for p in one] + [(p["f"], rng.choice(p["vars"])) for p in several]
    k = 0
    while len(qs) < max(n, 300):
        f, var = funcs[k % len(funcs)]
        k += 1
        if k % 3:
            q = {"id": f"d{k}", "op": "diff", "f": f, "order": 1 + k % 3}
            if var:
                q["var"] = var
        elif var:
            continue
        else:
            q = {"id": f"w{k}", "op": "differential", "f": f, "at": rng.choice(["1/2", "1", "2"]), "dx": "1/100"}
        qs.append(q)
    rng.shuffle(qs)
    qs = qs[:n - 1]
    qs.insert(len(qs) // 3, SLOW)
    return qs


def url_of(base: str, q: dict) -> str:
    params = {k: str(v) for k, v in q.items() if k not in ("id", "op")}
    return f"{base}/api/{q['op']}?" + urllib.parse.urlencode(params)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(jobs: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "calc", "serve", "--port", str(port), "--jobs", str(jobs)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/status", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("calc serve exited at start") from None
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("calc serve did not start within 2 minutes")


def request(base: str, q: dict) -> tuple[dict, float, int, object]:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url_of(base, q), timeout=120) as r:
            status, body = r.status, r.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except OSError as exc:
        return q, time.perf_counter() - t, 0, f"{type(exc).__name__}: {exc}"
    return q, time.perf_counter() - t, status, json.loads(body)


def run_web(qs: list[dict], jobs: int, clients: int) -> dict:
    proc, base = start_server(jobs)
    try:
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as ex:
            got = list(ex.map(lambda q: request(base, q), qs))
        wall = time.perf_counter() - start
        stats = json.loads(urllib.request.urlopen(base + "/status").read())
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"answers": got, "wall": wall, "server": stats}


def run_reference(qs: list[dict], jobs: int) -> tuple[str, dict, float]:
    """(what ran, {id: answer data}, wall seconds)."""
    try:
        from calc.batch import batch as engine   # the batch engine, when it is on this branch
    except ImportError:
        engine = None
    start = time.perf_counter()
    if engine is not None:
        answers = engine([dict(q) for q in qs], jobs=jobs)
        out = {a["id"]: a.get("result", {"error": a.get("error")}) for a in answers}
        return f"calc batch (jobs={jobs})", out, time.perf_counter() - start
    from calc.web.work import answer
    out = {q["id"]: answer({**q, "order": q.get("order")})["data"] for q in qs}
    return "in-process loop (no calc batch on this branch; one process, no HTTP)", out, time.perf_counter() - start


def _value(e):
    v = (e or {}).get("value") or {}
    return v.get("float") if v.get("float") is not None else v.get("exact")


def _same(a, b) -> bool:
    """The same answer where both runs decided it (a run on a busier machine may leave undecided
    what the other decided: not a difference; two decided answers must agree — the same values,
    to 1e-9, whatever exact form or enclosure each run found)."""
    if "error" in a or "error" in b:
        kinds = {(x.get("error") or {}).get("kind") for x in (a, b)}
        return len(kinds) == 1 or "timeout" in kinds
    if "maximum" not in a:
        return a == b
    if a.get("status") != "ok" or b.get("status") != "ok":
        return True
    for k in ("maximum", "minimum"):
        va, vb = _value(a[k]), _value(b[k])
        if isinstance(va, float) and isinstance(vb, float):
            if abs(va - vb) > 1e-9 * (1 + abs(vb)):
                return False
        elif va != vb:
            return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="requests (default 300)")
    ap.add_argument("--clients", type=int, default=8, help="requests at a time (default 8)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the server (default 2)")
    ap.add_argument("--reference", choices=["auto", "none"], default="auto",
                    help="run the same queries through calc batch or an in-process loop (default auto)")
    args = ap.parse_args()
    qs = queries(args.n)
    ops = {op: sum(q["op"] == op for q in qs) for op in ("extrema", "diff", "differential")}
    print(f"{len(qs)} requests ({', '.join(f'{v} {k}' for k, v in ops.items())}; one runs to its budget: "
          f"{SLOW['f']} on {SLOW['on']}), {args.clients} at a time, calc serve --jobs {args.jobs}")
    web = run_web(qs, args.jobs, args.clients)
    lat = sorted(t for _, t, _, _ in web["answers"])
    statuses: dict = {}
    for _, _, s, _ in web["answers"]:
        statuses[s] = statuses.get(s, 0) + 1
    failed = [(q["id"], s, body) for q, _, s, body in web["answers"] if s == 0 or s >= 500]
    slow = next((t, s, body) for q, t, s, body in web["answers"] if q is SLOW)
    q95 = statistics.quantiles(lat, n=20)[-1] if len(lat) >= 2 else lat[0]
    print(f"web: {web['wall']:.1f} s wall, {len(qs) / web['wall']:.2f} requests/s; latency p50 "
          f"{statistics.median(lat):.2f} s, p95 {q95:.2f} s, max {lat[-1]:.2f} s")
    print(f"     statuses {dict(sorted(statuses.items()))}; workers killed: {web['server']['killed']}")
    print(f"     the budget query: {slow[0]:.1f} s, HTTP {slow[1]}, status "
          f"{slow[2].get('status') if isinstance(slow[2], dict) else slow[2]}")
    refused = [(q["id"], body["error"]["message"]) for q, _, s, body in web["answers"] if 400 <= s < 500]
    if refused:
        print(f"     refused as bad input (as the command line refuses them): {refused[:5]}")
    errors = list(failed)
    if args.reference != "none":
        what, ref, wall = run_reference(qs, args.jobs)
        differ = [q["id"] for q, _, s, body in web["answers"]
                  if 0 < s < 500 and isinstance(body, dict) and q["id"] in ref and not _same(body, ref[q["id"]])]
        print(f"reference, {what}: {wall:.1f} s wall, {len(qs) / wall:.2f} queries/s; "
              f"web/reference throughput {wall / web['wall']:.2f}")
        bodies = {q["id"]: body for q, _, _, body in web["answers"]}
        for i in differ[:5]:
            print(f"     {i} differs: web {json.dumps(bodies[i])[:300]}\n       reference {json.dumps(ref[i])[:300]}")
        errors += [(i, "differs", None) for i in differ]
    print(f"errors: {len(errors)}" + (f" {errors[:5]}" if errors else ""))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
