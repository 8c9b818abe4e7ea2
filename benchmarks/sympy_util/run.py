#!/usr/bin/env python3
"""calc against sympy's own tests of minimum / maximum / function_range / stationary_points.

    python benchmarks/sympy_util/run.py [--timeout T] [--check-sympy] [-v]

Every case of cases.py is given to ``calc.extrema(f, x=var, on=domain)`` (the real line when
sympy used its default).  Where sympy answers, calc must agree:

* maximum / minimum: calc's decided value equals sympy's (sympy's maximum is the supremum;
  calc also says whether it is attained);
* function_range: calc's infimum and supremum are the ends of sympy's range (of its hull when
  the range is a union: calc does not report gaps), attained exactly when the range contains them;
* stationary_points: the points where f′ = 0 — calc's stationary points, and its endpoint
  candidates where sympy's f′ vanishes (sympy counts those) — are sympy's set; when sympy's
  answer is an interval (or a union), calc's stationary intervals (where f′ = 0 at every point,
  ends included where f′ = 0 there) together with its stationary points are that set;
* sympy's answer EmptySet (the range, or the stationary points, on an empty domain): calc's
  ``EmptyDomainError`` (the interval is empty, or f is defined nowhere on it: f takes no values,
  so it has no stationary point) agrees.

Symbols are compared by name (calc declares its symbols real; sympy's y has no assumptions).

Where sympy raises, calc must answer correctly (against the hand-worked ``truth``) or refuse
with a clear calc error.  ``--check-sympy`` also re-runs sympy to confirm the data.
Prints each case and the counts agreed / answered / refused-cleanly / undecided (where sympy raises: calc
says it could not decide) / disagreed / crashed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [ROOT, HERE]

import sympy as sp  # noqa: E402
from sympy.calculus import util as sympy_util  # noqa: E402

import calc  # noqa: E402
from cases import CASES  # noqa: E402

TOL = 1e-9


def num(v):
    """A Num of calc (or a sympy number) as a sympy number: exact when known, else its float."""
    if v is None:
        return None
    if isinstance(v, sp.Basic):
        return v
    if v.exact is not None:
        return v.exact
    return sp.Float(v.float) if v.float is not None else None


def same(a, b) -> bool:
    """Are two real numbers (sympy, ±oo allowed) equal?  Exact when both are exact, else to 1e-9."""
    a, b = (by_name(sp.sympify(v)) for v in (a, b))
    if a.is_infinite or b.is_infinite:
        return a == b
    if a.free_symbols or b.free_symbols:
        return sp.simplify(a - b) == 0
    if not (a.has(sp.Float) or b.has(sp.Float)):
        return sp.simplify(a - b) == 0 or abs(float(a - b)) < 1e-30
    return abs(float(a) - float(b)) <= TOL * (1 + abs(float(b)))


def by_name(e):
    """e with each symbol replaced by the plain symbol of its name."""
    return e.xreplace({v: sp.Symbol(v.name) for v in e.free_symbols})


def calc_run(c, timeout):
    on = c["domain"] if c["domain"] is not None else "R"
    return calc.extrema(c["f"], x=c["var"], on=on, timeout=timeout)


def check_extremum(ext, value, sign) -> str | None:
    """None when calc's decided max (sign +1) / min (−1) is sympy's value, else why not."""
    if ext is None or not ext.decided:
        return "not decided"
    if not same(num(ext.value), value):
        return f"calc {num(ext.value)} vs sympy {value}"
    return None


def check_range(r, S) -> str | None:
    inf, sup = S.inf, S.sup
    why = check_extremum(r.maximum, sup, +1) or check_extremum(r.minimum, inf, -1)
    if why:
        return why
    for ext, end in ((r.maximum, sup), (r.minimum, inf)):
        want = bool(S.contains(end) == sp.true) if not end.is_infinite else False   # (y: neither)
        if bool(ext.attained) != want:
            return f"calc says {end} {'is' if ext.attained else 'is not'} attained; sympy's range " \
                   f"{'contains' if want else 'does not contain'} it"
    return None


def check_stationary(r, c, S) -> str | None:
    x = c["var"]
    if not isinstance(S, sp.FiniteSet) and S != sp.S.EmptySet:
        got = sp.Union(*r.stationary_intervals, sp.FiniteSet(*[num(p) for p in r.stationary_points]))
        if got != S:
            return f"calc's stationary set {got} vs sympy {S}"
        return None if r.status == "ok" else f"status {r.status}"
    fp = sp.diff(c["f"], x)
    found = [num(p) for p in r.stationary_points]
    for cand in r.candidates:
        if cand.kind == "endpoint":
            p = num(cand.x)
            if p.is_finite and sp.simplify(fp.subs(x, p)) == 0:
                found.append(p)
    want = list(S) if isinstance(S, sp.FiniteSet) else []
    missing = [p for p in want if not any(same(p, q) for q in found)]
    extra = [q for q in found if not any(same(p, q) for p in want)]
    if missing or extra:
        return f"missing {missing}, extra {extra}"
    if r.status != "ok":
        return f"status {r.status}"
    return None


def judge(c, timeout):
    """(category, detail)."""
    try:
        r = calc_run(c, timeout)
    except calc.EmptyDomainError as e:
        if c["raises"] is None and c["sympy"] == sp.S.EmptySet:
            return "agreed", f"no values: {e}"
        return "refused-cleanly", f"{type(e).__name__}: {str(e).splitlines()[0]}"
    except calc.CalcError as e:
        return "refused-cleanly", f"{type(e).__name__}: {str(e).splitlines()[0]}"
    except Exception as e:  # noqa: BLE001 - any other exception is a crash of calc, reported
        return "crashed", f"{type(e).__name__}: {e}"
    if c["raises"] is not None:
        t = c["truth"]
        if t is None:
            return "disagreed", f"calc answered a call that makes no sense ({c['note']})"
        why = check_extremum(r.maximum, t["max"], +1) or check_extremum(r.minimum, t["min"], -1)
        if why == "not decided":
            return "undecided", "calc says it could not decide (honest, but no answer)"
        return ("answered", "") if why is None else ("disagreed", why)
    kind, S = c["kind"], c["sympy"]
    if kind == "maximum":
        why = check_extremum(r.maximum, S, +1)
    elif kind == "minimum":
        why = check_extremum(r.minimum, S, -1)
    elif kind == "function_range":
        why = check_range(r, S)
    else:
        why = check_stationary(r, c, S)
    return ("agreed", "") if why is None else ("disagreed", why)


def sympy_check(c) -> str:
    fn = getattr(sympy_util, c["kind"])
    args = [c["f"], c["var"]] + ([c["domain"]] if c["domain"] is not None else [])
    try:
        got = fn(*args)
    except Exception as e:  # noqa: BLE001 - sympy's exception is the datum
        return "ok" if type(e).__name__ == c["raises"] else f"sympy raised {type(e).__name__}"
    if c["raises"]:
        return f"sympy answered {got}"
    if got == c["sympy"] or isinstance(got, sp.Expr) and sp.simplify(got - c["sympy"]) == 0:
        return "ok"
    return f"sympy answered {got}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--check-sympy", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    counts = Counter()
    t0 = time.monotonic()
    for i, c in enumerate(CASES):
        cat, detail = judge(c, args.timeout)
        counts[cat] += 1
        dom = c["domain"] if c["domain"] is not None else "(default: ℝ)"
        want = f"raises {c['raises']}" if c["raises"] else str(c["sympy"])
        line = f"{cat:16s} {c['kind']}({c['f']}, {c['var']}, {dom}) — sympy: {want}"
        if args.check_sympy:
            line += f" [sympy now: {sympy_check(c)}]"
        if detail and (args.verbose or cat in ("disagreed", "crashed", "refused-cleanly", "undecided")):
            line += f"\n{'':17s}calc: {detail}"
        print(line, flush=True)
    n = len(CASES)
    print(f"\n{n} cases in {time.monotonic() - t0:.0f} s: " + ", ".join(
        f"{counts[k]} {k}" for k in ("agreed", "answered", "refused-cleanly", "undecided", "disagreed", "crashed")))
    print(f"  sympy answers {sum(c['raises'] is None for c in CASES)}, raises {sum(c['raises'] is not None for c in CASES)}")
    return 0 if counts["disagreed"] == counts["crashed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
