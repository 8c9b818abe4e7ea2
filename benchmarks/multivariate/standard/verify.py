"""Independent verification of benchmarks/multivariate/standard/problems.json.

Does not import calc.  For every problem, and for both the max and the min:

  1. the exact value (when given) agrees with value_float, and exact points
     agree with their float copies;
  2. every listed point lies in the box and attains the value (mpmath, 30
     digits; exact points are evaluated exactly, float points to 1e-12);
  3. a global search, run without looking at the answer, finds nothing
     better than the claimed optimum (beyond 1e-9 relative) and does reach
     it (within 1e-6): a dense grid of the box (801^2 or 81^3), a grid of
     every face and edge with refinement restricted to that face or edge
     (boundary optima), every corner, 4000 random points, and
     differential_evolution with 4 seeds on the box (and 1 seed on every
     face and edge); the best discrete local optima are refined with
     L-BFGS-B, then a restarted bounded Nelder-Mead (robust at kinks) and,
     for the 3 best in 2-d, a nested golden-section search that follows
     curved kink valleys (Bukin N.6);
  4. completeness: the refined optima within 1e-6 (relative) of the optimum
     are clustered; the set of clusters must equal the set of listed points
     (every tied point found, no unlisted optimum);
  5. the published optimum (literature, same box; see make_problems.py for
     the source of each) agrees with the verified value, and each published
     point with a listed point, to one unit in the last published digit.

Usage:  python benchmarks/multivariate/standard/verify.py [--only std-peaks,std-branin] [-v]
Prints one row per problem and exits 1 on any disagreement.
"""
import argparse
import json
import os
import sys
import time
import warnings
from itertools import combinations

# One BLAS thread: on a shared 2-core machine multithreaded OpenBLAS makes
# every L-BFGS-B step ~20x slower (measured); set before numpy is imported.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import mpmath as mp  # noqa: E402
import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402
from scipy import ndimage, optimize  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from bench_multivariate import _split_interval  # noqa: E402  (stdlib-only module)

BETTER_TOL = 1e-9      # nothing better than the claim by more than this (relative)
REACH_TOL = 1e-6       # the search must reach the claim within this; ties are within this
CLUSTER_TOL = 1e-4     # times the largest box width: one optimal point
N_FULL = {2: 801, 3: 81}
N_FACE = 301           # 3-d faces
N_EDGE = {2: 20001, 3: 4001}
DE_SEEDS = (0, 1, 2, 3)

warnings.filterwarnings("ignore")


# ---------------------------------------------------------------- problem
class Problem:
    def __init__(self, d):
        self.d = d
        self.id = d["id"]
        self.names = d["vars"]
        self.n = len(self.names)
        self.V = sp.symbols(self.names)
        loc = {n: v for n, v in zip(self.names, self.V)}
        self.expr = sp.sympify(d["f"], locals=loc)
        assert self.expr.free_symbols <= set(self.V), self.expr.free_symbols
        self.box_exact = [tuple(sp.sympify(e) for e in _split_interval(d["box"][n])) for n in self.names]
        self.lo = np.array([float(a) for a, _ in self.box_exact])
        self.hi = np.array([float(b) for _, b in self.box_exact])
        assert np.all(self.lo < self.hi)
        self.width = float(np.max(self.hi - self.lo))
        self.fnp = sp.lambdify(self.V, self.expr, "numpy")
        self.fmp = sp.lambdify(self.V, self.expr, "mpmath")

    def f_arr(self, pts):
        """pts (..., n) -> values (...); non-finite values become nan."""
        pts = np.asarray(pts, dtype=float)
        with np.errstate(all="ignore"):
            v = self.fnp(*[pts[..., i] for i in range(self.n)])
        v = np.broadcast_to(np.asarray(v, dtype=float), pts.shape[:-1])
        return np.where(np.isfinite(v), v, np.nan)

    def f(self, p):
        with np.errstate(all="ignore"):
            v = float(self.fnp(*[float(c) for c in p]))
        return v if np.isfinite(v) else np.nan


# ---------------------------------------------------------------- search
class Sub:
    """s*f restricted to the coordinates `free` (others fixed as in `base`)."""

    def __init__(self, P, s, base, free):
        self.P, self.s, self.base, self.free = P, s, np.array(base, float), list(free)
        self.lo, self.hi = P.lo[self.free], P.hi[self.free]
        self._base, self._lo, self._hi = [float(c) for c in self.base], list(self.lo), list(self.hi)

    def full(self, z):
        x = self.base.copy()
        x[self.free] = np.clip(z, self.lo, self.hi)
        return x

    def g(self, z):
        """s*f at the point (plain floats: this is the hot path)."""
        x = self._base
        for i, c, a, b in zip(self.free, z, self._lo, self._hi):
            x[i] = a if c < a else b if c > b else float(c)
        with np.errstate(all="ignore"):
            v = self.s * float(self.P.fnp(*x))
        return v if v == v and abs(v) != np.inf else 1e300

    def g_vec(self, Z):
        """Z (k, S) for differential_evolution(vectorized=True), or (k,)."""
        Z = np.asarray(Z, float)
        if Z.ndim == 1:
            return self.g(Z)
        X = np.repeat(self.base[:, None], Z.shape[1], axis=1)
        X[self.free] = Z
        v = self.s * self.P.f_arr(X.T)
        return np.where(np.isfinite(v), v, 1e300)


def discrete_minima(vals, k, step_pts):
    """The k best discrete local minima of an array, at least 2 steps apart."""
    vals = np.where(np.isfinite(vals), vals, np.inf)
    mask = vals <= ndimage.minimum_filter(vals, size=3, mode="nearest")
    idx = np.argwhere(mask & np.isfinite(vals))
    idx = idx[np.argsort(vals[tuple(idx.T)], kind="stable")]
    kept = []
    for ix in idx:
        if any(np.all(np.abs(ix - j) <= 2) for j in kept):
            continue
        kept.append(ix)
        if len(kept) >= k:
            break
    return [(vals[tuple(ix)], step_pts(ix)) for ix in kept]


def grid_candidates(sub, N, k):
    """Grid of the free coordinates of `sub` -> [(value, z)]."""
    axes = [np.linspace(a, b, N) for a, b in zip(sub.lo, sub.hi)]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)
    X = np.broadcast_to(sub.base, mesh.shape[:-1] + (sub.P.n,)).copy()
    X[..., sub.free] = mesh
    vals = sub.s * sub.P.f_arr(X)
    return discrete_minima(vals, k, lambda ix: mesh[tuple(ix)])


def polish(sub, z0):
    """Restarted bounded Nelder-Mead with a shrinking simplex (robust at kinks)."""
    z0 = np.clip(np.array(z0, float), sub.lo, sub.hi)
    bounds = list(zip(sub.lo, sub.hi))
    best_v, best_z = sub.g(z0), z0
    scale = 1e-3 * (sub.hi - sub.lo)
    k = len(sub.free)
    for _ in range(6):
        x = best_z
        simplex = [x] + [np.clip(x + (scale[i] if x[i] + scale[i] <= sub.hi[i] else -scale[i]) * np.eye(k)[i],
                                 sub.lo, sub.hi) for i in range(k)]
        r = optimize.minimize(sub.g, x, method="Nelder-Mead", bounds=bounds,
                              options=dict(xatol=1e-13, fatol=1e-16, maxfev=1500,
                                           initial_simplex=np.array(simplex)))
        old = best_v
        if sub.g(r.x) < best_v:
            best_v, best_z = sub.g(r.x), np.clip(r.x, sub.lo, sub.hi)
        scale = scale * 0.01
        if not old - best_v > 0:
            break
    return best_v, best_z


def golden(h, a, b, iters=80):
    """Golden-section search on [a, b] -> (value, t), the best point seen.
    Converges to machine precision also at cusps (where Brent's parabolic
    steps stop early)."""
    r = (5 ** 0.5 - 1) / 2
    c, d = b - r * (b - a), a + r * (b - a)
    hc, hd = h(c), h(d)
    best = min((h(a), a), (h(b), b), (hc, c), (hd, d))
    for _ in range(iters):
        if hc <= hd:
            b, d, hd = d, c, hc
            c = b - r * (b - a)
            hc = h(c)
            best = min(best, (hc, c))
        else:
            a, c, hc = c, d, hd
            d = a + r * (b - a)
            hd = h(d)
            best = min(best, (hd, d))
        if b - a <= 4e-16 * max(1.0, abs(a)):
            break
    return best


def nested_polish(sub, z0, outer):
    """2 free coordinates: minimise over the coordinate `outer` the minimum
    over the other one (both by golden section, robust at kinks), in a window
    around z0 that moves and doubles while it improves.  Follows curved
    valleys of kinks (Bukin N.6) where Nelder-Mead stalls."""
    i, j = outer, 1 - outer
    lo, hi = sub.lo, sub.hi
    w = 4 * (hi - lo) / (N_FULL[2] - 1)
    cur = np.array(z0, float)
    cur_v = sub.g(cur)

    def inner(xi, yc):
        def h(t):
            zz = cur.copy()
            zz[i], zz[j] = xi, t
            return sub.g(zz)
        return min((h(yc), yc), golden(h, max(lo[j], yc - w[j]), min(hi[j], yc + w[j])))

    for _ in range(40):
        yc = cur[j]
        a, b = max(lo[i], cur[i] - w[i]), min(hi[i], cur[i] + w[i])
        _, x = golden(lambda xi, yc=yc: inner(xi, yc)[0], a, b)
        v, y = inner(x, yc)
        if not v < cur_v:
            break
        edge = min(x - a, b - x) < 1e-3 * w[i] or min(y - max(lo[j], yc - w[j]),
                                                      min(hi[j], yc + w[j]) - y) < 1e-3 * w[j]
        cur[i], cur[j], cur_v = x, y, v
        if edge:
            w = 2 * w
    return cur_v, cur


def run_de(sub, seed):
    r = optimize.differential_evolution(sub.g_vec, list(zip(sub.lo, sub.hi)), seed=seed, tol=1e-10,
                                        maxiter=400, vectorized=True, updating="deferred", polish=True)
    return sub.g(r.x), np.clip(r.x, sub.lo, sub.hi)


def pieces(P):
    """(free coordinates, base point) for the interior and every face/edge."""
    out = [(list(range(P.n)), P.lo.copy())]
    n = P.n
    for nfix in range(1, n):
        for fix in (list(c) for c in combinations(range(n), nfix)):
            for side in np.ndindex(*([2] * nfix)):
                base = P.lo.copy()
                for i, sd in zip(fix, side):
                    base[i] = (P.lo[i], P.hi[i])[sd]
                out.append(([i for i in range(n) if i not in fix], base))
    return out


def search(P, s):
    """Refined local optima of s*f (minimised) over the box, its faces and
    edges: a list of (s*f value, full point), independent of any answer."""
    found = []
    for free, base in pieces(P):
        sub = Sub(P, s, base, free)
        k = len(free)
        if k == P.n:
            cands = grid_candidates(sub, N_FULL[P.n], 80)
            rng = np.random.default_rng(12345)
            R = P.lo + (P.hi - P.lo) * rng.random((4000, P.n))
            v = s * P.f_arr(R)
            v = np.where(np.isfinite(v), v, np.inf)
            cands += [(v[j], R[j]) for j in np.argsort(v)[:10]]
            seeds = DE_SEEDS
        else:
            cands = grid_candidates(sub, N_FACE if k == 2 else N_EDGE[P.n], 12)
            seeds = DE_SEEDS[:1]
        res = []
        for seed in seeds:
            res.append(run_de(sub, seed))
        # L-BFGS-B alone first; the Nelder-Mead polish for those near the best
        lb = []
        for _, z in cands:
            z = np.clip(np.array(z, float), sub.lo, sub.hi)
            r = optimize.minimize(sub.g, z, method="L-BFGS-B", bounds=list(zip(sub.lo, sub.hi)),
                                  options=dict(ftol=1e-15, gtol=1e-12, maxiter=500))
            lb.append(min((sub.g(z), z), (sub.g(r.x), np.clip(r.x, sub.lo, sub.hi)), key=lambda t: t[0]))
        allv = [v for v, _ in lb + res if v < 1e299]
        if not allv:
            continue
        best = min(allv)
        spread = max(max(allv) - best, 1e-12 * max(1.0, abs(best)))
        done = []
        for v, z in sorted(lb + res, key=lambda t: t[0]):
            if v > best + 0.05 * spread + 1e-6 * max(1.0, abs(best)):
                found.append((v, sub.full(z)))
                continue
            if any(np.linalg.norm(z - d) < 1e-9 * P.width for d in done):
                continue
            done.append(z)
            v, z = polish(sub, z)
            found.append((v, sub.full(z)))
            if k == P.n == 2 and len(done) <= 3:
                for outer in (0, 1):
                    v2, z2 = nested_polish(sub, z, outer)
                    if v2 < v:
                        found.append((v2, sub.full(z2)))
    # corners (no free coordinate)
    for corner in np.ndindex(*([2] * P.n)):
        p = np.array([(P.lo[j], P.hi[j])[c] for j, c in enumerate(corner)])
        v = s * P.f(p)
        if np.isfinite(v):
            found.append((v, p))
    return found

# ---------------------------------------------------------------- checks
def clusters(P, pts):
    """Group points closer than CLUSTER_TOL * width; return one per group."""
    tol = CLUSTER_TOL * max(1.0, P.width)
    reps = []
    for p in pts:
        if not any(np.linalg.norm(p - q) <= tol for q in reps):
            reps.append(p)
    return reps


def published_tol(text):
    """One unit in the last published digit of a decimal string."""
    t = text.strip().lstrip("+-")
    return 10.0 ** -(len(t.split(".")[1]) if "." in t else 0)


def check_sense(P, key, exp, pub):
    """-> (errors, summary dict)."""
    errs = []
    s = 1 if key == "min" else -1
    vf = exp["value_float"]
    scale = max(1.0, abs(vf))
    mp.mp.dps = 30
    # 1. exact value and exact points against their floats
    if exp.get("value") is not None:
        ve = sp.N(sp.sympify(exp["value"]), 30)
        if abs(float(ve) - vf) > 1e-14 * scale:
            errs.append("%s: exact value %s = %s != value_float %r" % (key, exp["value"], ve, vf))
    pts = [np.array(p, float) for p in exp["points"]]
    pex = exp.get("points_exact")
    if not pts:
        errs.append("%s: no points listed" % key)
    # 2. every listed point is in the box and attains the value (30 digits)
    for i, p in enumerate(pts):
        if len(p) != P.n or np.any(p < P.lo) or np.any(p > P.hi):
            errs.append("%s: point %s outside the box" % (key, p.tolist()))
            continue
        if pex:
            q = [sp.sympify(c) for c in pex[i]]
            for c, cf in zip(q, p):
                if abs(float(sp.N(c, 30)) - cf) > 1e-14 * max(1, abs(cf)):
                    errs.append("%s: points_exact %s != points %s" % (key, pex[i], p.tolist()))
            fv = P.fmp(*[mp.mpf(str(sp.N(c, 40))) for c in q])
            want = mp.mpf(str(sp.N(sp.sympify(exp["value"]), 40))) if exp.get("value") else mp.mpf(vf)
            tol = mp.mpf(10) ** -25 if exp.get("value") else 1e-14
        else:
            fv = P.fmp(*[mp.mpf(float(c)) for c in p])
            want, tol = mp.mpf(vf), 1e-12
        if not abs(fv - want) <= tol * scale:
            errs.append("%s: f(%s) = %s, expected %r" % (key, p.tolist(), mp.nstr(fv, 20), vf))
    for i in range(len(pts)):
        for j in range(i):
            if np.linalg.norm(pts[i] - pts[j]) <= CLUSTER_TOL * max(1.0, P.width):
                errs.append("%s: duplicate point %s" % (key, pts[i].tolist()))
    # 3. the search finds nothing better, and reaches the claim
    found = search(P, s)
    bv, bx = min(found, key=lambda t: t[0])
    if bv < s * vf - BETTER_TOL * scale:
        errs.append("%s: search found %.17g at %s, better than the claimed %.17g"
                    % (key, s * bv, bx.tolist(), vf))
    elif bv > s * vf + REACH_TOL * scale:
        errs.append("%s: search reached only %.17g, not the claimed %.17g" % (key, s * bv, vf))
    # 4. the optimal points found are exactly the listed points
    near = clusters(P, [x for v, x in sorted(found, key=lambda t: t[0])
                        if v <= s * vf + REACH_TOL * scale])
    tol = CLUSTER_TOL * max(1.0, P.width)
    unlisted = [q for q in near if not any(np.linalg.norm(q - p) <= tol for p in pts)]
    missed = [p for p in pts if not any(np.linalg.norm(q - p) <= tol for q in near)]
    for q in unlisted[:5]:
        errs.append("%s: unlisted optimum: f(%s) = %.17g" % (key, q.tolist(), P.f(q)))
    for p in missed[:5]:
        errs.append("%s: listed point %s not found by the search" % (key, p.tolist()))
    # 5. published value and points (same box)
    pub_ok = None
    if pub and key in pub:
        pv, ppts = pub[key]["value"], pub[key].get("points", [])
        pub_ok = abs(float(pv) - vf) <= published_tol(pv) * (1 + 1e-9)
        if not pub_ok:
            errs.append("%s: published %s disagrees with %.12g" % (key, pv, vf))
        ptol = pub[key].get("point_tol")
        for pp in ppts:
            ok = any(all(abs(float(c) - x) <= (ptol or published_tol(c)) * (1 + 1e-9) for c, x in zip(pp, p))
                     for p in pts)
            if not ok:
                pub_ok = False
                errs.append("%s: published point %s is not among the listed points" % (key, pp))
    return errs, {"value": vf, "listed": len(pts), "found": len(pts) - len(missed),
                  "unlisted": len(unlisted), "best": s * bv, "pub": pub_ok, "nfound": len(found)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--problems", default=os.path.join(HERE, "problems.json"))
    ap.add_argument("--only", help="comma-separated ids")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    with open(a.problems) as fh:
        probs = json.load(fh)
    bad = []
    ids = [p["id"] for p in probs]
    if len(set(ids)) != len(ids):
        bad.append("duplicate ids")
    if a.only:
        sel = set(a.only.split(","))
        probs = [p for p in probs if p["id"] in sel]
    t0 = time.time()
    print("%-22s %2s  %-14s %5s  %-14s %5s  %-4s %6s" % (
        "id", "n", "max", "pts", "min", "pts", "pub", "time"))
    print("-" * 84)
    nfail = 0
    for d in probs:
        t1 = time.time()
        P = Problem(d)
        errs, summ = [], {}
        for key in ("max", "min"):
            e, summ[key] = check_sense(P, key, d["expected"][key], d.get("published"))
            errs += e
        pubs = [summ[k]["pub"] for k in ("max", "min") if summ[k]["pub"] is not None]
        def cell(k, summ=summ):
            return ("%d/%d" % (summ[k]["found"], summ[k]["listed"])
                    + ("+%d" % summ[k]["unlisted"] if summ[k]["unlisted"] else ""))
        print("%-22s %2d  %-14.10g %5s  %-14.10g %5s  %-4s %5.1fs  %s" % (
            d["id"], P.n, summ["max"]["value"], cell("max"), summ["min"]["value"], cell("min"),
            "-" if not pubs else ("ok" if all(pubs) else "BAD"), time.time() - t1,
            "ok" if not errs else "FAIL"))
        if a.verbose:
            for k in ("max", "min"):
                print("    %s: search best %.17g from %d refined optima" % (k, summ[k]["best"], summ[k]["nfound"]))
        for e in errs:
            print("    " + e)
        nfail += bool(errs)
        sys.stdout.flush()
    for e in bad:
        print("FAIL " + e)
    print("\n%d/%d problems verified (max and min, every tied point), %d failed, %.1fs"
          % (len(probs) - nfail, len(probs), nfail, time.time() - t0))
    print("'pts' = listed optimal points found by the search / listed (+ unlisted optima found)")
    return 1 if (nfail or bad) else 0


if __name__ == "__main__":
    sys.exit(main())
