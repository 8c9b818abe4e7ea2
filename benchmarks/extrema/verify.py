#!/usr/bin/env python3
"""Independent verification of benchmarks/extrema/problems.json.

Does NOT import calc.  For every problem and for each of max / min it

* parses f with sympy and evaluates it with mpmath at 30 significant digits,
* samples it densely (20,000 grid points, plus points geometrically close to
  the interval ends and to every listed point / plateau end; infinite
  intervals are sampled through x = t/(1-t^2) resp. a + u/(1-u) plus +-10^k),
* refines every promising grid-local optimum by golden-section search,
* and checks that
    - the stated value_float is the sup (inf) to 1e-9 rel/abs and nothing
      sampled or refined exceeds it,
    - the exact "value" string evaluates to value_float,
    - each listed point / plateau attains the value,
    - no unlisted location attains it (near-optimal locations must be in the
      basin of a listed point, or be an approach to an open end, to infinity,
      or to a jump / excluded point, identified with an exact guess),
    - attained flags and reasons are consistent (open end / infinite end /
      jump / excluded point / pole are each checked numerically),
    - infinite values really diverge (pole: along x0 +- 10^-k; infinite end:
      along +-10^k).

Prints one PASS/FAIL line per problem, exits 1 on any failure.

Usage: python benchmarks/extrema/verify.py [--jobs N] [--only id,id] [-v]
"""
import argparse
import bisect
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import mpmath as mp
import numpy as np
import sympy as sp

HERE = os.path.dirname(os.path.abspath(__file__))
DPS = 30
N_GRID = 20000
N_CAND = 30

CATEGORIES = ["polynomial", "rational", "roots_cusps", "abs_piecewise_maxmin",
              "trig_ties", "inverse_trig", "exp_log", "transcendental",
              "composition", "constant_plateau", "monotone", "open_halfopen",
              "infinite"]
REASONS = {None, "pole", "jump", "excluded point", "open end", "infinite end"}
ALLOWED_NAMES = {"x", "pi", "E", "oo", "True", "exp", "log", "sqrt", "real_root",
                 "cbrt", "Abs", "Max", "Min", "sign", "sin", "cos", "tan", "cot",
                 "sec", "csc", "asin", "acos", "atan", "acot", "sinh", "cosh",
                 "tanh", "Piecewise"}
X = sp.Symbol("x")


# ----------------------------------------------------------------- helpers
def parse_interval(s):
    m = re.match(r"^\s*([\[(])\s*(.+?)\s*,\s*(.+?)\s*([\])])\s*$", s)
    if not m:
        raise ValueError(f"bad interval {s!r}")
    lo, hi = sp.sympify(m.group(2)), sp.sympify(m.group(3))
    lc, hc = m.group(1) == "[", m.group(4) == "]"
    if lo == -sp.oo and lc or hi == sp.oo and hc:
        raise ValueError(f"closed infinite end in {s!r}")
    return lo, hi, lc, hc


def mpv(e):
    return mp.mpf(str(sp.N(e, DPS + 10)))


class Fn:
    """f as an mpmath function returning mpf or None (undefined / non-real)."""

    def __init__(self, fstr):
        self.expr = sp.sympify(fstr, locals={"x": X})
        self.fl = sp.lambdify(X, self.expr, "mpmath")
        self.calls = 0

    def __call__(self, t):
        self.calls += 1
        try:
            v = self.fl(t)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        if isinstance(v, mp.mpc):
            if abs(v.imag) > mp.mpf(10) ** (-DPS + 5) * (1 + abs(v.real)):
                return None
            v = v.real
        try:
            v = mp.mpf(v)
        except (TypeError, ValueError):
            return None
        if mp.isnan(v) or mp.isinf(v):
            return None
        return v


class Problem:
    def __init__(self, p):
        self.p = p
        self.f = Fn(p["f"])
        self.lo, self.hi, self.lc, self.hc = parse_interval(p["interval"])
        self.a = None if self.lo == -sp.oo else mpv(self.lo)
        self.b = None if self.hi == sp.oo else mpv(self.hi)
        if self.a is not None and self.b is not None:
            self.scale = max(mp.mpf(1), self.b - self.a)
        else:
            self.scale = mp.mpf(1)

    # domain membership of a sample point (the closed part of the interval)
    def inside(self, t, slack=0):
        if self.a is not None:
            if t < self.a - slack or (t <= self.a and not self.lc and slack == 0):
                return False
        if self.b is not None:
            if t > self.b + slack or (t >= self.b and not self.hc and slack == 0):
                return False
        return True

    def open_ends(self):
        out = []
        if self.a is not None and not self.lc:
            out.append((self.a, 1))
        if self.b is not None and not self.hc:
            out.append((self.b, -1))
        return out

    def listed_points(self):
        pts = set()
        for k in ("max", "min"):
            e = self.p["expected"][k]
            pts.update(e["points"])
            for lo, hi in e["plateau"]:
                pts.update([lo, hi])
        return [mp.mpf(t) for t in pts]

    def samples(self):
        """Sorted sample points: a uniform grid (in x, or in a compactified
        variable for infinite intervals) plus extra points inserted by
        bisection (near the ends, near listed points, +-10^k)."""
        one = mp.mpf(1)
        extra = []
        if self.a is not None and self.b is not None:
            a, b = self.a, self.b
            h = (b - a) / N_GRID
            grid = [a + i * h for i in range(N_GRID + 1)]
            for k in range(1, 23):
                d = (b - a) * mp.mpf(10) ** (-k)
                extra += [a + d, b - d]
        else:
            # infinite interval: compactify
            if self.a is None and self.b is None:
                ts = [-one + 2 * one * i / N_GRID for i in range(1, N_GRID)]
                grid = [t / (1 - t * t) for t in ts]
            elif self.a is not None:
                grid = [self.a + u / (1 - u) for u in (one * i / N_GRID for i in range(N_GRID))]
            else:
                grid = [self.b - u / (1 - u) for u in (one * i / N_GRID for i in range(N_GRID - 1, -1, -1))]
            for k in range(-3, 21):
                for c in (1, 2, 5):
                    extra += [c * mp.mpf(10) ** k, -c * mp.mpf(10) ** k]
            for e in (self.a, self.b):
                if e is not None:
                    extra.append(e)
                    for k in range(1, 23):
                        extra += [e + mp.mpf(10) ** (-k), e - mp.mpf(10) ** (-k)]
        for p in self.listed_points():
            extra.append(p)
            for k in range(2, 15):
                d = mp.mpf(10) ** (-k) * (1 + abs(p))
                extra += [p + d, p - d]
        xs = grid
        for t in sorted(set(extra)):
            i = bisect.bisect_left(xs, t)
            if (i < len(xs) and xs[i] == t) or (i > 0 and xs[i - 1] == t):
                continue
            xs.insert(i, t)
        lo = 0
        while lo < len(xs) and not self.inside(xs[lo]):
            lo += 1
        hi = len(xs)
        while hi > lo and not self.inside(xs[hi - 1]):
            hi -= 1
        return xs[lo:hi]


def golden_max(g, lo, hi, tolx):
    """Maximise g on [lo, hi] (g may return None = -inf).  Returns best (x, v)
    over all evaluated points (endpoints lo, hi are NOT evaluated)."""
    invphi = (mp.sqrt(5) - 1) / 2
    best = (None, None)

    def ev(t):
        nonlocal best
        v = g(t)
        if v is not None and (best[1] is None or v > best[1]):
            best = (t, v)
        return -mp.inf if v is None else v

    c = hi - invphi * (hi - lo)
    d = lo + invphi * (hi - lo)
    gc, gd = ev(c), ev(d)
    it = 0
    while hi - lo > tolx and it < 200:
        it += 1
        if gc >= gd:
            hi, d, gd = d, c, gc
            c = hi - invphi * (hi - lo)
            gc = ev(c)
        else:
            lo, c, gc = c, d, gd
            d = lo + invphi * (hi - lo)
            gd = ev(d)
    return best


def exact_guess(t):
    """Try to recognise t as a simple exact number: p/q or p*pi/q with
    q <= 1000 (all jump / hole / pole locations of the set are of this form).
    Returns (sympy number, mpf) or (None, None)."""
    from fractions import Fraction
    if abs(t) > 10 ** 6:
        return None, None
    tol = mp.mpf(10) ** -15 * (1 + abs(t))
    for c_sym, c in ((sp.Integer(1), mp.mpf(1)), (sp.pi, +mp.pi)):
        fr = Fraction(mp.nstr(t / c, DPS)).limit_denominator(1000)
        cand = sp.Rational(fr.numerator, fr.denominator) * c_sym
        cv = mp.mpf(fr.numerator) / fr.denominator * c
        if abs(cv - t) <= tol:
            return cand, cv
    return None, None


def diverges(vals):
    """vals: g along an approach sequence (None = undefined)."""
    vals = [v for v in vals if v is not None]
    if len(vals) < 5:
        return False
    inc = all(vals[i + 1] >= vals[i] for i in range(len(vals) // 2, len(vals) - 1))
    return inc and vals[-1] >= 40 and vals[-1] >= 4 * abs(vals[0]) + 1


# ------------------------------------------------------------------ checks
def check_side(P, xs, fx, side, errs, verbose):
    e = P.p["expected"][side]
    s = 1 if side == "max" else -1
    tag = side

    def g(t):
        v = P.f(t)
        return None if v is None else s * v

    gx = [None if v is None else s * v for v in fx]

    # ---- schema-level consistency
    for key in ("attained", "value", "value_float", "points", "plateau", "reason"):
        if key not in e:
            errs.append(f"{tag}: missing key {key}")
            return
    if e["reason"] not in REASONS:
        errs.append(f"{tag}: bad reason {e['reason']!r}")
    vf = e["value_float"]
    if e["value"] is not None:
        ve = sp.sympify(e["value"])
        if ve in (sp.oo, -sp.oo):
            if vf is not None:
                errs.append(f"{tag}: infinite value but value_float={vf}")
            if (ve == sp.oo) != (side == "max"):
                errs.append(f"{tag}: value {ve} has the wrong sign for a {side}")
        else:
            vn = mpv(ve)
            if vf is None or abs(vn - mp.mpf(vf)) > 1e-12 * max(1, abs(vn)):
                errs.append(f"{tag}: exact value {e['value']} = {mp.nstr(vn, 17)} != value_float {vf}")
    elif vf is None:
        errs.append(f"{tag}: both value and value_float are null")
    if e["attained"]:
        if e["reason"] is not None:
            errs.append(f"{tag}: attained but reason {e['reason']!r}")
        if not e["points"] and not e["plateau"]:
            errs.append(f"{tag}: attained but no points/plateau")
        if vf is None:
            errs.append(f"{tag}: attained but infinite")
    else:
        if e["points"] or e["plateau"]:
            errs.append(f"{tag}: not attained but points/plateau listed")
        if e["reason"] is None:
            errs.append(f"{tag}: not attained and no reason")

    # ---- candidates: grid-local maxima of g, refined by golden section
    n = len(xs)
    NEG = -mp.inf
    gv = [NEG if v is None else v for v in gx]
    # float pre-filter (a superset of the exact grid-local maxima), then exact test
    gf = np.array([float(t) for t in gv])
    lf = np.concatenate(([-np.inf], gf[:-1]))
    rf = np.concatenate((gf[1:], [-np.inf]))
    pre = np.nonzero((gf >= lf) & (gf >= rf) & (gf > -np.inf))[0]
    loc = []
    for i in pre.tolist():
        l = gv[i - 1] if i > 0 else NEG
        r = gv[i + 1] if i < n - 1 else NEG
        if gv[i] == NEG:
            continue
        if (gv[i] > l and gv[i] >= r) or (gv[i] >= l and gv[i] > r):
            loc.append(i)
    loc.sort(key=lambda i: gv[i], reverse=True)
    refined = []
    for i in loc[:N_CAND]:
        lo = xs[i - 1] if i > 0 else (P.a if P.a is not None and not P.lc else xs[i])
        hi = xs[i + 1] if i < n - 1 else (P.b if P.b is not None and not P.hc else xs[i])
        if hi - lo <= 0:
            continue
        tolx = mp.mpf(10) ** (-DPS + 7) * (1 + abs(xs[i]))
        t, v = golden_max(g, lo, hi, tolx)
        if t is not None:
            refined.append((t, v))
    everything = [(t, v) for t, v in zip(xs, gx) if v is not None] + refined
    best_t, best_v = max(everything, key=lambda tv: tv[1])

    # ---- infinite value
    if vf is None:
        if e["attained"]:
            return
        if e["reason"] == "pole":
            x0c, x0 = exact_guess(best_t)
            if x0 is None:
                x0 = best_t
            ok = False
            for sgn in (1, -1):
                seq = [x0 + sgn * mp.mpf(10) ** (-k) * P.scale for k in range(2, 26)]
                seq = [t for t in seq if P.inside(t)]
                if len(seq) >= 10 and diverges([g(t) for t in seq]):
                    ok = True
            if not ok:
                errs.append(f"{tag}: no divergence to {e['value']} found near x={mp.nstr(best_t, 12)}")
            elif verbose:
                print(f"   {tag}: pole at {x0c if x0c is not None else mp.nstr(x0, 15)}")
        elif e["reason"] == "infinite end":
            ok = False
            for sgn in (1, -1):
                seq = [sgn * mp.mpf(10) ** k for k in range(1, 101, 3)]
                seq = [t for t in seq if P.inside(t)]
                if len(seq) >= 10 and diverges([g(t) for t in seq]):
                    ok = True
            if not ok:
                errs.append(f"{tag}: no divergence at an infinite end")
        else:
            errs.append(f"{tag}: infinite value with reason {e['reason']!r}")
        return

    # reference value: the exact one when known (value_float is only a double)
    v = s * (mpv(sp.sympify(e["value"])) if e["value"] is not None else mp.mpf(vf))
    tol = mp.mpf(1e-9) * max(1, abs(v))
    noise = mp.mpf(10) ** (-DPS + 5) * max(1, abs(v))

    # ---- value is the sup
    if best_v > v + tol:
        errs.append(f"{tag}: f({mp.nstr(best_t, 17)}) = {mp.nstr(s * best_v, 17)} beyond expected {vf}")
    if best_v < v - tol:
        errs.append(f"{tag}: best found {mp.nstr(s * best_v, 17)} at {mp.nstr(best_t, 17)} "
                    f"does not reach expected {vf}")

    # ---- listed points / plateaus attain it
    pts = [mp.mpf(t) for t in e["points"]]
    plats = [(mp.mpf(lo), mp.mpf(hi)) for lo, hi in e["plateau"]]
    for t in pts:
        if not P.inside(t, slack=0) and not P.inside(t, slack=mp.mpf(1e-12) * (1 + abs(t))):
            errs.append(f"{tag}: point {float(t)} outside the interval")
            continue
        if not P.inside(t):  # float rounding of a closed end like pi
            t = min(max(t, P.a if P.a is not None else t), P.b if P.b is not None else t)
        gt = g(t)
        if gt is None or abs(gt - v) > tol:
            errs.append(f"{tag}: listed point {float(t)} gives {None if gt is None else mp.nstr(s * gt, 17)} != {vf}")
    for lo, hi in plats:
        if lo >= hi or not (P.inside(lo, mp.mpf(1e-12)) and P.inside(hi, mp.mpf(1e-12))):
            errs.append(f"{tag}: bad plateau [{float(lo)}, {float(hi)}]")
            continue
        for k in range(41):
            t = lo + (hi - lo) * k / 40
            t = min(max(t, P.a if P.a is not None else t), P.b if P.b is not None else t)
            gt = g(t)
            if gt is None or abs(gt - v) > tol:
                errs.append(f"{tag}: plateau [{float(lo)}, {float(hi)}] not constant at {float(t)}")
                break
        for sgn, edge in ((-1, lo), (1, hi)):
            offs = [edge + sgn * mp.mpf(10) ** (-k) * P.scale for k in (6, 5, 4, 3, 2)]
            offs = [t for t in offs if P.inside(t) and not any(l2 <= t <= h2 for l2, h2 in plats)]
            if offs and all(g(t) is not None and g(t) >= v - tol for t in offs):
                errs.append(f"{tag}: plateau [{float(lo)}, {float(hi)}] extends past {float(edge)}")
        for t in pts:
            if lo <= t <= hi:
                errs.append(f"{tag}: point {float(t)} lies inside a plateau")

    # ---- completeness / attainment: classify every near-optimal location
    near_tol = lambda t: mp.mpf(1e-6) * (1 + abs(t))  # noqa: E731
    kinds = set()
    exact_checked = {}

    def accounted(t, gt, is_refined=False):
        for p in pts:
            if abs(t - p) <= near_tol(p):
                return "listed"
        for lo, hi in plats:
            if lo - near_tol(lo) <= t <= hi + near_tol(hi):
                return "listed"
        # same basin as a listed point: no dip on the segment
        anchors = pts + [q for pl in plats for q in pl]
        if anchors:
            p = min(anchors, key=lambda q: abs(q - t))
            if abs(p - t) < mp.mpf(1e-2) * P.scale:
                seg = [g(t + (p - t) * k / 30) for k in range(1, 30)]
                if all(w is not None and w >= v - tol for w in seg):
                    return "listed"
        for ee, _ in P.open_ends():
            if abs(t - ee) <= mp.mpf(1e-6) * P.scale:
                kinds.add("open end")
                return "open end"
            if abs(t - ee) <= mp.mpf(0.1) * P.scale:
                # near-optimal all the way to the open end: part of its approach
                seg = [g(ee + (t - ee) * mp.mpf(10) ** (-k / mp.mpf(3))) for k in range(1, 46)]
                if all(w is not None and w >= v - tol for w in seg):
                    kinds.add("open end")
                    return "open end"
        if (P.a is None or P.b is None) and (gt < v or abs(t) > 10 ** 8):
            lim = max([abs(q) for q in pts] + [mp.mpf(1)])
            if (P.b is None and t > lim) or (P.a is None and t < -lim):
                kinds.add("infinite end")
                return "infinite end"
        key = mp.nstr(t, 25)
        if key in exact_checked:
            return exact_checked[key]
        cand, cv = exact_guess(t)
        res = None
        if cand is not None:
            gc = g(cv)
            if gc is None:
                res = "excluded point"
            elif gc < v - tol:
                res = "jump"
            else:
                res = f"UNLISTED attaining point x = {cand}"
        elif is_refined:
            # golden section converged to t: if g is continuous there, the
            # sup of g near t is attained at the limit point (e.g. a corner
            # minimum of Abs(...) at an irrational point); a one-sided jump
            # means it is only approached
            d = mp.mpf(10) ** -15 * (1 + abs(t))
            side_vals = [g(t + d * sg) for sg in (-1, 1) if P.inside(t + d * sg)]
            cont = side_vals and all(w is not None and abs(w - gt) <= 1e-8 * max(1, abs(v))
                                     for w in side_vals)
            if cont:
                res = f"UNLISTED attaining point x ~ {mp.nstr(t, 17)} (continuous limit)"
            else:
                res = "jump"
        elif gt < v - noise:
            res = "approach"
        else:
            res = f"UNLISTED attaining point x ~ {mp.nstr(t, 17)}"
        if not res.startswith("UNLISTED"):
            kinds.add(res)
        exact_checked[key] = res
        return res

    bad = []
    thr = v - tol
    thr_f = float(thr) - 1e-12 * max(1.0, abs(float(thr)))
    n_samp = len(everything) - len(refined)
    for j, (t, gt) in enumerate(everything):
        if float(gt) >= thr_f and gt >= thr:
            r = accounted(t, gt, is_refined=j >= n_samp)
            if r.startswith("UNLISTED") and r not in bad:
                bad.append(r)
    for r in bad[:3]:
        errs.append(f"{tag}: {r} (value {vf})")

    # ---- reason checks for a not-attained finite sup
    if not e["attained"]:
        reason = e["reason"]
        if reason == "open end":
            ok = False
            for ee, inward in P.open_ends():
                gt = g(ee + inward * mp.mpf(10) ** -12 * P.scale)
                if gt is not None and abs(gt - v) <= mp.mpf(1e-6) * max(1, abs(v)):
                    ok = True
            if not ok:
                errs.append(f"{tag}: reason 'open end' but no open end approaches {vf}")
        elif reason == "infinite end":
            ok = False
            for t in (mp.mpf(10) ** 15, -mp.mpf(10) ** 15):
                if P.inside(t):
                    gt = g(t)
                    if gt is not None and abs(gt - v) <= mp.mpf(1e-6) * max(1, abs(v)):
                        ok = True
            if not ok:
                errs.append(f"{tag}: reason 'infinite end' but f(+-1e15) does not approach {vf}")
        elif reason in ("jump", "excluded point"):
            if reason not in kinds:
                errs.append(f"{tag}: reason {reason!r} but found approaches {sorted(kinds)}")
        else:
            errs.append(f"{tag}: reason {reason!r} impossible for a finite value")
    if verbose:
        print(f"   {tag}: best {mp.nstr(s * best_v, 20)} at {mp.nstr(best_t, 20)}; "
              f"{len(refined)} refined; kinds {sorted(kinds)}")


def check_schema(p, errs):
    for key in ("id", "category", "f", "interval", "expected"):
        if key not in p:
            errs.append(f"missing key {key}")
    if p.get("category") not in CATEGORIES:
        errs.append(f"bad category {p.get('category')!r}")
    names = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", p["f"]))
    if names - ALLOWED_NAMES:
        errs.append(f"disallowed names in f: {sorted(names - ALLOWED_NAMES)}")
    parse_interval(p["interval"])


def verify_problem(p, verbose=False):
    mp.mp.dps = DPS
    t0 = time.time()
    errs = []
    try:
        check_schema(p, errs)
        P = Problem(p)
        xs = P.samples()
        fx = [P.f(t) for t in xs]
        if sum(v is not None for v in fx) < N_GRID // 2:
            errs.append("f undefined on most of the interval")
        for side in ("max", "min"):
            check_side(P, xs, fx, side, errs, verbose)
    except Exception as ex:  # pragma: no cover - report, don't crash
        import traceback
        errs.append(f"exception: {ex!r}\n{traceback.format_exc()}")
    return p["id"], errs, time.time() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--problems", default=os.path.join(HERE, "problems.json"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", help="comma separated problem ids")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    with open(args.problems) as fh:
        probs = json.load(fh)
    t0 = time.time()
    gerrs = []
    ids = [p["id"] for p in probs]
    if len(ids) != len(set(ids)):
        gerrs.append("duplicate ids")
    from collections import Counter
    cnt = Counter(p["category"] for p in probs)
    if not args.only:
        if len(probs) < 110:
            gerrs.append(f"only {len(probs)} problems (< 110)")
        for c in CATEGORIES:
            if cnt[c] < 6:
                gerrs.append(f"category {c} has {cnt[c]} < 6 problems")
    if args.only:
        want = set(args.only.split(","))
        probs = [p for p in probs if p["id"] in want]
    nfail = 0
    if args.jobs > 1 and not args.verbose:
        with ProcessPoolExecutor(args.jobs) as ex:
            results = ex.map(verify_problem, probs, chunksize=1)
            for pid, errs, dt in results:
                nfail += bool(errs)
                print(f"{'FAIL' if errs else 'PASS'} {pid:10s} {dt:5.1f}s" +
                      "".join(f"\n     - {m}" for m in errs), flush=True)
    else:
        for p in probs:
            pid, errs, dt = verify_problem(p, args.verbose)
            nfail += bool(errs)
            print(f"{'FAIL' if errs else 'PASS'} {pid:10s} {dt:5.1f}s" +
                  "".join(f"\n     - {m}" for m in errs), flush=True)
    for m in gerrs:
        print("FAIL (global):", m)
    print(f"\n{len(probs) - nfail}/{len(probs)} problems verified, "
          f"{nfail} failed, {len(gerrs)} global errors; "
          f"categories: {dict(cnt)}; {time.time() - t0:.1f}s")
    sys.exit(1 if nfail or gerrs else 0)


if __name__ == "__main__":
    main()
