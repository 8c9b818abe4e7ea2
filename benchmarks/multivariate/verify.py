"""Independent numerical verification of benchmarks/multivariate/problems.json.

Does not import calc.  For every problem and for both max and min it checks

  1. the exact value (if given) agrees with value_float;
  2. every listed point lies in the box and attains the value
     (30+ digit mpmath evaluation at the exact point when available);
  3. a global search finds nothing better: dense grid (201^2 / 61^3) plus
     every face (201^2), edge (2001 samples) and corner, followed by local
     refinement (L-BFGS-B and restarted bounded Nelder-Mead) of the best
     discrete local optima; the best refined value must match value_float
     to 1e-8 (rel/abs);
  4. completeness: every refinement that reaches the optimal value (within
     1e-9) lands on a listed point, i.e. within 1e-6 of it or connected to it
     by a segment on which f stays within 1e-8 of the optimum (this tolerates
     very flat optima, but rejects a second, separate optimum);
  5. isolation and accuracy: around every listed point, f is strictly worse
     than at the point at radii 1e-2, 1e-4, 1e-6 and 1e-8 in many directions
     (mpmath, 80 digits).  So the optimum is not part of a segment of optima,
     and a listed point is not a slightly misplaced copy of the true one
     (an offset larger than ~1e-8 is detected).

Usage:  python benchmarks/multivariate/verify.py [--only mv-03,mv-10] [-v]
Exit status is non-zero if any check fails.
"""
import argparse
import json
import os
import sys
import time
import warnings

import mpmath as mp
import numpy as np
import sympy as sp
from scipy import ndimage, optimize

HERE = os.path.dirname(os.path.abspath(__file__))
VALUE_TOL = 1e-8       # value_float vs. numerically found optimum
ATTAIN_TOL = 1e-9      # listed point attains the value / refinement reaches it
SEGMENT_TOL = 1e-8     # "same basin" tolerance along a segment
POINT_TOL = 1e-6

warnings.filterwarnings("ignore")


# ---------------------------------------------------------------- parsing
def split_interval(s):
    s = s.strip()
    assert s[0] == "[" and s[-1] == "]", s
    body, depth = s[1:-1], 0
    for i, ch in enumerate(body):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            return body[:i].strip(), body[i + 1:].strip()
    raise ValueError("bad interval %r" % s)


class Problem:
    def __init__(self, d):
        self.d = d
        self.id = d["id"]
        self.names = d["vars"]
        self.V = sp.symbols(self.names)
        loc = {n: v for n, v in zip(self.names, self.V)}
        self.expr = sp.sympify(d["f"], locals=loc)
        assert self.expr.free_symbols <= set(self.V), self.expr.free_symbols
        self.box_exact = []
        for n in self.names:
            a, b = split_interval(d["box"][n])
            self.box_exact.append((sp.sympify(a), sp.sympify(b)))
        self.lo = np.array([float(a) for a, _ in self.box_exact])
        self.hi = np.array([float(b) for _, b in self.box_exact])
        assert np.all(self.lo < self.hi)
        self.diam = float(np.linalg.norm(self.hi - self.lo))
        self.fnp = sp.lambdify(self.V, self.expr, "numpy")
        self.fmp = sp.lambdify(self.V, self.expr, "mpmath")
        self.n = len(self.V)

    def f_arr(self, pts):
        """pts: (..., n) array -> values (...)."""
        pts = np.asarray(pts, dtype=float)
        with np.errstate(all="ignore"):
            v = self.fnp(*[pts[..., i] for i in range(self.n)])
        return np.broadcast_to(np.asarray(v, dtype=float), pts.shape[:-1])

    def f(self, p):
        with np.errstate(all="ignore"):
            v = float(self.fnp(*[float(c) for c in p]))
        return v if np.isfinite(v) else np.inf


# ---------------------------------------------------------------- sampling
def discrete_local_minima(vals, k):
    """Indices of the k best discrete local minima of an n-d array."""
    filt = ndimage.minimum_filter(vals, size=3, mode="nearest")
    mask = vals <= filt
    idx = np.argwhere(mask)
    order = np.argsort(vals[mask], kind="stable")
    return idx[order[: 20 * k]]


def sample_candidates(P, s, k=12):
    """Return ([(value, point), ...], value range on the grid) for s*f
    (s=+1 min, s=-1 max)."""
    cands = []
    n = P.n
    N = 201 if n == 2 else 61
    # full grid (2-d: includes edges; 3-d: coarse interior)
    axes = [np.linspace(P.lo[i], P.hi[i], N) for i in range(n)]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)
    vals = s * P.f_arr(mesh)
    fin = vals[np.isfinite(vals)]
    spread = float(fin.max() - fin.min()) if fin.size else 0.0
    vals = np.where(np.isfinite(vals), vals, np.inf)
    for ix in discrete_local_minima(vals, k):
        cands.append((vals[tuple(ix)], mesh[tuple(ix)]))
    # faces (only 3-d; in 2-d the faces are the edges below)
    if n == 3:
        for i in range(3):
            others = [j for j in range(3) if j != i]
            a0 = np.linspace(P.lo[others[0]], P.hi[others[0]], 201)
            a1 = np.linspace(P.lo[others[1]], P.hi[others[1]], 201)
            g0, g1 = np.meshgrid(a0, a1, indexing="ij")
            for c in (P.lo[i], P.hi[i]):
                pts = np.empty(g0.shape + (3,))
                pts[..., i] = c
                pts[..., others[0]] = g0
                pts[..., others[1]] = g1
                v = s * P.f_arr(pts)
                v = np.where(np.isfinite(v), v, np.inf)
                for ix in discrete_local_minima(v, k):
                    cands.append((v[tuple(ix)], pts[tuple(ix)]))
    # edges: vary one coordinate, all others at bounds
    for i in range(n):
        others = [j for j in range(n) if j != i]
        t = np.linspace(P.lo[i], P.hi[i], 2001)
        for corner in np.ndindex(*([2] * (n - 1))):
            pts = np.empty((t.size, n))
            pts[:, i] = t
            for j, c in zip(others, corner):
                pts[:, j] = (P.lo[j], P.hi[j])[c]
            v = s * P.f_arr(pts)
            v = np.where(np.isfinite(v), v, np.inf)
            for ix in discrete_local_minima(v, 4):
                cands.append((v[tuple(ix)], pts[tuple(ix)]))
    # corners
    for corner in np.ndindex(*([2] * n)):
        p = np.array([(P.lo[j], P.hi[j])[c] for j, c in enumerate(corner)])
        cands.append((s * P.f(p), p))
    # a few seeded random points (extra safety for narrow basins)
    rng = np.random.default_rng(12345)
    rnd = P.lo + (P.hi - P.lo) * rng.random((4000, n))
    v = s * P.f_arr(rnd)
    for j in np.argsort(np.where(np.isfinite(v), v, np.inf))[:10]:
        cands.append((v[j], rnd[j]))
    # dedupe: best first, drop points within 2 grid steps of a better one
    cands.sort(key=lambda c: c[0])
    step = (P.hi - P.lo) / (N - 1)
    kept = []
    for v, p in cands:
        if not np.isfinite(v):
            continue
        if any(np.all(np.abs(p - q) <= 2.01 * step) for _, q in kept):
            continue
        kept.append((v, p))
        if len(kept) >= 30:
            break
    return kept, spread


# ---------------------------------------------------------------- refinement
def refine_lbfgsb(P, s, x0):
    g = lambda x: s * P.f(np.clip(x, P.lo, P.hi))
    x0 = np.array(x0, float)
    best = (g(x0), x0)
    try:
        r = optimize.minimize(g, x0, method="L-BFGS-B", bounds=list(zip(P.lo, P.hi)),
                              options=dict(ftol=1e-15, gtol=1e-12, maxiter=2000))
        x = np.clip(r.x, P.lo, P.hi)
        if g(x) < best[0]:
            best = (g(x), x)
    except Exception:
        pass
    return best


def refine_nm(P, s, v0, x0):
    """Restarted bounded Nelder-Mead (robust at kinks), shrinking simplex."""
    g = lambda x: s * P.f(np.clip(x, P.lo, P.hi))
    bounds = list(zip(P.lo, P.hi))
    best_v, best_x = v0, np.array(x0, float)
    scale = 0.01 * (P.hi - P.lo)
    for _ in range(8):
        x = best_x
        simplex = [x]
        for i in range(P.n):
            step = scale[i] if x[i] + scale[i] <= P.hi[i] else -scale[i]
            simplex.append(np.clip(x + step * np.eye(P.n)[i], P.lo, P.hi))
        r = optimize.minimize(g, x, method="Nelder-Mead", bounds=bounds,
                              options=dict(xatol=1e-14, fatol=1e-16, maxfev=4000,
                                           initial_simplex=np.array(simplex)))
        old = best_v
        xr = np.clip(r.x, P.lo, P.hi)
        if g(xr) < best_v:
            best_v, best_x = g(xr), xr
        scale = scale * 0.1
        if not old - best_v > 0:
            break
    return best_v, best_x


def refine_all(P, s, cands, spread):
    """L-BFGS-B from every candidate, then Nelder-Mead polishing of those
    ending within 2% of the value spread of the best one."""
    res = [refine_lbfgsb(P, s, x) for _, x in cands]
    if not res:
        return res
    best = min(v for v, _ in res)
    out, polished = [], []
    for v, x in sorted(res, key=lambda r: r[0]):
        if v > best + 0.02 * spread:
            out.append((v, x))
            continue
        # L-BFGS-B runs ending at the same point share one polishing run
        if any(np.linalg.norm(x - x0) < 1e-7 * max(1, P.diam) for x0, _ in polished):
            continue
        r = refine_nm(P, s, v, x)
        polished.append((x, r))
        out.append(r)
    return out


# ---------------------------------------------------------------- checks
def mp_point(P, coords_exact, coords_float):
    if coords_exact is not None:
        return [mp.mpf(str(sp.N(sp.sympify(c), 90))) for c in coords_exact]
    return [mp.mpf(c) for c in coords_float]


def directions(n):
    if n == 2:
        a = np.linspace(0, 2 * np.pi, 72, endpoint=False)
        return np.stack([np.cos(a), np.sin(a)], axis=1)
    m = 200
    i = np.arange(m) + 0.5
    phi = np.arccos(1 - 2 * i / m)
    th = np.pi * (1 + 5 ** 0.5) * i
    fib = np.stack([np.cos(th) * np.sin(phi), np.sin(th) * np.sin(phi), np.cos(phi)], axis=1)
    lat = np.array([d for d in np.ndindex(3, 3, 3) if d != (1, 1, 1)], float) - 1
    lat /= np.linalg.norm(lat, axis=1)[:, None]
    return np.vstack([fib, lat])


def check_sense(P, key, exp, log):
    errs = []
    s = 1 if key == "min" else -1
    vf = exp["value_float"]
    scale = max(1.0, abs(vf))
    # 1. exact value vs value_float
    if exp.get("value") is not None:
        ve = float(sp.N(sp.sympify(exp["value"]), 30))
        if abs(ve - vf) > 1e-12 * scale:
            errs.append("%s: exact value %s = %.17g != value_float %.17g" % (key, exp["value"], ve, vf))
    # 2. listed points attain the value (high precision)
    pts = [np.array(p, float) for p in exp["points"]]
    pex = exp.get("points_exact")
    if not pts:
        errs.append("%s: no points listed" % key)
    mp.mp.dps = 80
    mpts = []
    for i, p in enumerate(pts):
        if len(p) != P.n:
            errs.append("%s: point %s has wrong dimension" % (key, p))
            continue
        if np.any(p < P.lo - 1e-12) or np.any(p > P.hi + 1e-12):
            errs.append("%s: point %s outside box" % (key, p.tolist()))
        q = mp_point(P, pex[i] if pex else None, p)
        if pex:
            for c, cf in zip(pex[i], p):
                if abs(float(sp.N(sp.sympify(c), 30)) - cf) > 1e-12 * max(1, abs(cf)):
                    errs.append("%s: points_exact %s != points %s" % (key, pex[i], p.tolist()))
        mpts.append(q)
        fv = P.fmp(*q)
        if not abs(fv - vf) < ATTAIN_TOL * scale:
            errs.append("%s: f(%s) = %s, expected %.17g" % (key, p.tolist(), mp.nstr(fv, 17), vf))
    for i in range(len(pts)):
        for j in range(i):
            if np.linalg.norm(pts[i] - pts[j]) < 1e-6:
                errs.append("%s: duplicate point %s" % (key, pts[i].tolist()))
    # 3. global search
    cands, spread = sample_candidates(P, s)
    grid_best = cands[0][0] if cands else np.inf
    refined = refine_all(P, s, cands, max(spread, 1e-12))
    num_best = min([grid_best] + [r[0] for r in refined])
    if num_best < s * vf - ATTAIN_TOL * scale:
        bx = min(refined, key=lambda r: r[0])[1]
        errs.append("%s: found better value %.17g at %s (expected %.17g)"
                    % (key, s * num_best, bx.tolist(), vf))
    elif abs(s * num_best - vf) > VALUE_TOL * scale:
        errs.append("%s: numerical optimum %.17g does not reach expected %.17g"
                    % (key, s * num_best, vf))
    # 4. completeness: every refinement reaching the value is on a listed point
    hits = 0
    missing = []
    for v, x in refined:
        if v > s * vf + ATTAIN_TOL * scale:
            continue
        hits += 1
        ok = False
        for p in pts:
            if np.linalg.norm(x - p) <= POINT_TOL * max(1, P.diam):
                ok = True
                break
            t = np.linspace(0, 1, 201)[:, None]
            seg = s * P.f_arr(x[None, :] * (1 - t) + p[None, :] * t)
            if np.all(seg <= s * vf + SEGMENT_TOL * scale):
                ok = True
                break
        if not ok and not any(np.linalg.norm(x - m) < 1e-4 * max(1, P.diam) for m in missing):
            missing.append(x)
            if len(missing) > 5:
                continue
            errs.append("%s: refinement reached %.17g at %s, not a listed point (missing optimum?)"
                        % (key, s * v, x.tolist()))
    if len(missing) > 5:
        errs.append("%s: ... and %d more unlisted optimal points" % (key, len(missing) - 5))
    # 5. isolation of listed points
    dirs = directions(P.n)
    lo_mp = [mp.mpf(str(sp.N(a, 90))) for a, _ in P.box_exact]
    hi_mp = [mp.mpf(str(sp.N(b, 90))) for _, b in P.box_exact]
    for p, q in zip(pts, mpts):
        f0 = P.fmp(*q)
        for r in (mp.mpf("1e-2"), mp.mpf("1e-4"), mp.mpf("1e-6"), mp.mpf("1e-8")):
            for d in dirs:
                y = [min(max(q[i] + r * mp.mpf(float(d[i])), lo_mp[i]), hi_mp[i]) for i in range(P.n)]
                dist = mp.sqrt(sum((y[i] - q[i]) ** 2 for i in range(P.n)))
                if dist < r / 4:
                    continue
                diff = s * (P.fmp(*y) - f0)
                if not diff > mp.mpf("1e-70") * scale:
                    errs.append("%s: point %s not isolated: f(%s) - f(p) = %s"
                                % (key, p.tolist(), [mp.nstr(c, 12) for c in y], mp.nstr(diff, 5)))
                    break
            else:
                continue
            break
    log("  %s: value %.12g, %d candidates, %d refinements hit the optimum, best numeric %.15g"
        % (key, vf, len(cands), hits, s * num_best))
    return errs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--problems", default=os.path.join(HERE, "problems.json"))
    ap.add_argument("--only", help="comma-separated ids or categories")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    with open(a.problems) as fh:
        probs = json.load(fh)
    errs_total = []
    ids = [p["id"] for p in probs]
    if len(set(ids)) != len(ids):
        errs_total.append("duplicate ids")
    if a.only:
        sel = set(a.only.split(","))
        probs = [p for p in probs if p["id"] in sel or p["category"] in sel]
    t0 = time.time()
    nfail = 0
    for d in probs:
        t1 = time.time()
        lines = []
        log = lines.append
        try:
            P = Problem(d)
            errs = []
            for key in ("max", "min"):
                errs += check_sense(P, key, d["expected"][key], log)
        except Exception as e:  # malformed problem
            errs = ["exception: %r" % (e,)]
        status = "ok  " if not errs else "FAIL"
        nfail += bool(errs)
        print("%s %-6s %-10s %-45s %5.1fs" % (status, d["id"], d["category"], d["f"][:45], time.time() - t1))
        if a.verbose:
            for l in lines:
                print(l)
        for e in errs:
            print("     " + e)
        sys.stdout.flush()
    for e in errs_total:
        print("FAIL " + e)
    n = len(probs)
    print("\n%d/%d problems verified, %d failed, %.1fs total" % (n - nfail, n, nfail, time.time() - t0))
    return 1 if (nfail or errs_total) else 0


if __name__ == "__main__":
    sys.exit(main())
