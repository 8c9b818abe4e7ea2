#!/usr/bin/env python3
"""Random-expression fuzz of calc's one-variable extremum finder (issue 10).

    python benchmarks/fuzz.py N [--seed S] [--timeout T] [-v]

N random cases (tests/fuzz_oracle.py: depth-4 trees over the Table 2-1 functions and
+ − × ÷ ^ on random intervals, drawn by hypothesis with a fixed seed, so a run is
reproducible), each answered by ``calc.extrema(text, on=interval, timeout=T)`` in this
process and judged by the independent 30-digit oracle of tests/fuzz_oracle.py.
Prints the counts of correct / wrong / crash / hang (over T + 2 s) / undecided (a maximum or
minimum not decided, or a refusal other than "f is defined nowhere"), the cases answered more than
0.5 s past T, and one
reproducer line per wrong, crash and hang case (with -v also per undecided case).
A watchdog (faulthandler, a thread) ends the run if one case takes more than T + 60 s.
"""
from __future__ import annotations

import argparse
import faulthandler
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import calc  # noqa: E402
from tests.fuzz_oracle import CATEGORIES, cases, judge  # noqa: E402


def run_case(case, timeout):
    t0 = time.monotonic()
    result = error = None
    try:
        result = calc.extrema(case.text, on=case.on, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - every exception is judged (crash or clean calc error)
        error = exc
    elapsed = time.monotonic() - t0
    return judge(case, result, error, elapsed, timeout, clean_errors=(calc.CalcError,)), elapsed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--skip", type=int, default=0, help="draw but do not run the first SKIP cases")
    ap.add_argument("--only", default="", help="run only these case numbers (comma-separated, as listed: #341)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    counts, listed, times = Counter(), [], []
    partial_correct = 0
    over = []            # cases answered more than 0.5 s past the budget
    seen = []

    class Enough(Exception):
        pass

    keys = set()
    only = {int(k) for k in args.only.replace("#", "").split(",") if k.strip()}
    if only:
        args.n = max(args.n, max(only) + 1)

    @seed(args.seed)
    @settings(max_examples=20 * args.n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def draw(data):
        case = data.draw(cases())
        if (case.text, case.on) not in keys:      # hypothesis repeats and mutates: keep distinct cases
            keys.add((case.text, case.on))
            seen.append(case)
        if len(seen) >= args.n:
            raise Enough

    try:
        draw()
    except Enough:
        pass
    t_start = time.monotonic()
    for i, case in enumerate(seen[args.skip:], args.skip):
        if only and i not in only:
            continue
        print(f"[{i}] {case.reproducer()}", file=sys.stderr, flush=True)
        faulthandler.dump_traceback_later(args.timeout + 60, exit=True)
        (cat, detail), elapsed = run_case(case, args.timeout)
        faulthandler.cancel_dump_traceback_later()
        counts[cat] += 1
        partial_correct += cat == "correct" and detail.startswith("status partial")
        times.append(elapsed)
        if elapsed > args.timeout + 0.5:
            over.append((i, elapsed, case))
        if cat in ("wrong", "crash", "hang") or args.verbose and cat == "undecided":
            listed.append((i, cat, case, detail))
            print(f"  -> {cat}: {detail}", file=sys.stderr, flush=True)
    total = time.monotonic() - t_start
    n = len(only) if only else len(seen) - args.skip
    print(f"{n} cases (seed {args.seed}, timeout {args.timeout:g} s) in {total:.0f} s "
          f"(calc: mean {sum(times) / max(n, 1):.2f} s, max {max(times, default=0):.1f} s)")
    for c in CATEGORIES:
        print(f"  {c:10s} {counts[c]:5d}  ({100 * counts[c] / max(n, 1):.1f}%)")
    print(f"  (of the correct, {partial_correct} have both extrema decided with status 'partial': a piece of "
          f"the domain left open)")
    print(f"  over budget by > 0.5 s: {len(over)}" + "".join(f"\n    #{i} {t:.1f} s: {case.reproducer()}"
                                                           for i, t, case in over))
    for i, cat, case, detail in listed:
        print(f"{cat:9s} #{i}: {case.reproducer()}  # {detail}")
    return 1 if counts["wrong"] or counts["crash"] or counts["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
