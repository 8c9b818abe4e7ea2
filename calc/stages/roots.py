"""Certified root isolation, one stage for one and several variables.

:func:`isolate_roots` finds every root of g on [a, b] (one variable): each
reported enclosure holds exactly one root (g is continuous and monotone there
and changes sign), refined to the requested digits; boxes it cannot decide (a
double root, a plateau) are returned separately, never dropped.

:func:`isolate_roots_nd` finds every zero of a square system G = 0 in a box
(several variables) by Krawczyk / interval-Newton subdivision: a box is dropped
when G's enclosure excludes 0 or the Krawczyk operator maps it off itself, and a
zero is certified when the operator maps a box into its interior (then the box
holds exactly one zero); the zero is then refined by Newton's method at high
precision and proven again on a tiny box.

We use flint's arb rather than mpmath.iv: it is about 20x faster on the same
subdivision (measured on e^x - 6x and cos 3x + x²/10 isolation) and its
elementary functions are rigorously enclosed.
"""
from __future__ import annotations

import heapq
import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

import mpmath
import numpy as np
from flint import arb

from .balls import ball, ball_state, box_balls, to_arb
from .precision import precision as _prec

__all__ = ["RootEnclosure", "isolate_roots", "BoxRoots", "isolate_roots_nd", "krawczyk_step"]


@dataclass(frozen=True)
class RootEnclosure:
    lo: arb
    hi: arb
    certified: bool  # exactly one root inside (sign change + monotone)

    @property
    def mid(self) -> arb:
        return (self.lo + self.hi) / 2


def isolate_roots(g: Callable, dg: Optional[Callable], a, b, digits: int = 15,
                  deadline: Optional[float] = None, min_width: float = 1e-12,
                  max_boxes: int = 200_000, skip_undefined: bool = False):
    """Isolate the roots of g on [a, b] (a, b exact rationals or arb points).

    g and dg are ball functions of one ball (:func:`calc.stages.balls.compile_ball`);
    a box where g evaluated a discontinuous function that may jump is never
    certified by the sign-change test.  With ``skip_undefined`` a box where a part of g lies
    entirely outside its domain is dropped (g has no roots there) rather than subdivided.

    Returns (roots, undecided, plateaus): lists of RootEnclosure (certified,
    one simple root each), of (lo, hi) boxes where neither a root nor its
    absence could be proven, and of (lo, hi) boxes where g is identically 0.
    """
    roots, undecided, plateaus = [], [], []
    # widest box first: a region with infinitely many roots (sin(1/x) near 0)
    # stays one small undecided box while the rest of the interval is decided
    a0, b0 = to_arb(a), to_arb(b)
    heap = [(-float((b0 - a0).mid()), 0, a0, b0)]
    tick = 0
    count = 0
    while heap:
        count += 1
        if count > max_boxes or (deadline is not None and time.monotonic() > deadline):
            undecided.extend((l, h) for _, _, l, h in heap)
            break
        _, _, lo, hi = heapq.heappop(heap)
        box = ball(lo, hi)
        gv, st = ball_state(g, box)
        if gv.is_finite() and not gv.contains(0):
            continue
        if skip_undefined and st.outside and st.discontinuity == 0:
            continue    # a part of g is undefined on the whole box (ln of a negative ball): g has no roots there
        if gv.is_finite() and gv == 0:
            plateaus.append((lo, hi))
            continue
        width = float((hi - lo).mid())
        if dg is not None and gv.is_finite() and st.discontinuity == 0:
            dv = dg(box)
            if dv.is_finite() and not dv.contains(0):
                gl, gh = g(lo), g(hi)
                if (gl < 0 and gh > 0) or (gl > 0 and gh < 0):
                    roots.append(_refine(g, lo, hi, gl, digits))
                    continue
                if (gl < 0 and gh < 0) or (gl > 0 and gh > 0):
                    continue  # monotone without sign change: no root
                # a root exactly at an end point: split just off it
        if width < min_width * max(1.0, abs(float(lo.mid()))):
            undecided.append((lo, hi))
            continue
        # split slightly off-centre, so that simple exact roots (0, 1, ...) fall
        # inside a box rather than on its boundary
        mid = arb((lo + (hi - lo) * arb("0.4990234375")).mid())
        for l, h in ((lo, mid), (mid, hi)):
            tick += 1
            heapq.heappush(heap, (-float((h - l).mid()), tick, l, h))
    roots.sort(key=lambda r: float(r.lo.mid()))
    return roots, _merge(undecided), _merge(plateaus)


def _merge(boxes):
    boxes = sorted(boxes, key=lambda b: float(b[0].mid()))
    out = []
    for lo, hi in boxes:
        if out and float((lo - out[-1][1]).mid()) <= 1e-300:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _refine(g, lo, hi, glo, digits) -> RootEnclosure:
    """Bisection on a certified sign change until the width is below 10^-digits relative."""
    neg_at_lo = glo < 0
    tol = 10.0 ** (-(digits + 2))
    for _ in range(400):
        scale = max(1.0, abs(float(lo.mid())))
        if float((hi - lo).mid()) < tol * scale:
            break
        mid = arb(((lo + hi) / 2).mid())
        gm = g(mid)
        if gm == 0:
            return RootEnclosure(mid, mid, True)
        if gm < 0:
            if neg_at_lo:
                lo = mid
            else:
                hi = mid
        elif gm > 0:
            if neg_at_lo:
                hi = mid
            else:
                lo = mid
        else:
            break  # the ball of g(mid) straddles 0: precision limit reached
    return RootEnclosure(lo, hi, True)


# ====================================================================== several variables
@dataclass
class BoxRoots:
    """What :func:`isolate_roots_nd` found."""

    roots: list = field(default_factory=list)   # [arb, ...] per zero: exactly one zero in the box
    loose: list = field(default_factory=list)   # [(lo, hi), ...] per small undecided box (clustered)
    undefined: bool = False   # G is undefined on part of the region: no zeros were sought there
    stopped: bool = False     # the box count or the deadline ended the search early
    too_many: bool = False    # more than max_roots zeros: only the first are kept


def _mpf(b: arb):
    return mpmath.mpf(b.mid()._mpf_)


def _mid(b: arb) -> float:
    return float(b.mid())


def _same(a: arb, b: arb, tol: float) -> bool:
    return a.overlaps(b) or abs(_mid(a) - _mid(b)) <= tol * (1 + abs(_mid(a)))


def isolate_roots_nd(gf, jf, B, bits: int, deadline: Optional[float] = None,
                     max_boxes: int = 6000, max_roots: int = 200,
                     prune: Optional[Callable] = None) -> BoxRoots:
    """Every zero of G in the box B = [(lo, hi), ...] — or, with ``prune``, every zero in
    the boxes that ``prune(X)`` (a list of balls) does not rule out: branch and bound, where
    prune says that no zero in X can matter (e.g. f on X cannot reach the best value known).

    ``gf`` are the compiled components of G and ``jf`` the compiled Jacobian
    (:func:`calc.stages.balls.compile_balls`, rows of ``jf`` aligned with ``gf``).
    The Krawczyk test is applied only where G evaluated no discontinuous function
    that may jump (a jump is not a zero); a box where every component lies
    entirely outside its domain is skipped (``undefined``)."""
    n = len(B)
    out = BoxRoots()
    w0 = [max(hi - lo, 1e-300) for lo, hi in B]
    first = [(lo - (hi - lo) * 1e-7 - 1e-12, hi + (hi - lo) * 1e-7 + 1e-12) for lo, hi in B]
    heap = [(-1.0, 0, first)]      # largest boxes first: every region is covered coarsely
    seq = 1                        # before any one spot is refined finely
    regions: list = []
    unres: list = []
    count = 0

    def rel_width(b):
        return max((hi - lo) / w for (lo, hi), w in zip(b, w0))

    with _prec(53):
        while heap:
            if count > max_boxes or (deadline is not None and time.monotonic() > deadline):
                left = [b for _, _, b in heap]
                if prune is not None and len(left) <= 200:   # (a few: ruled out by the final bounds?)
                    left = [b for b in left if not prune(box_balls(b))]
                out.stopped = bool(left)
                unres += [b for b in left if rel_width(b) < 1e-6]
                break
            Bx = heapq.heappop(heap)[2]
            count += 1
            if any(all(r[i][0] <= Bx[i][0] and Bx[i][1] <= r[i][1] for i in range(n)) for r in regions):
                continue
            X = box_balls(Bx)
            if prune is not None and prune(X):
                continue
            evals = [f.enclose(X) for f in gf]
            GX = [v for v, _ in evals]
            if any(g.is_finite() and not g.contains(0) for g in GX):
                continue
            finite = all(g.is_finite() for g in GX)
            if not finite and any(st.outside for _, st in evals) and all(not g.is_finite() for g in GX):
                out.undefined = True        # every component is undefined on the whole box
                continue
            rel = rel_width(Bx)
            if not finite and rel < 1e-4 and _undefined_box(gf, Bx):
                out.undefined = True
                continue
            smooth = finite and not any(st.discontinuity for _, st in evals)
            res = krawczyk_step(gf, jf, X) if smooth else None
            if res is not None:
                kind, K = res
                if kind == "none":
                    continue
                if kind == "unique":
                    if len(out.roots) >= max_roots:
                        out.too_many = True
                        break
                    root = _refine_nd(gf, jf, K, bits)
                    if not any(all(_same(a, b, 1e-12) for a, b in zip(root, r)) for r in out.roots):
                        out.roots.append(root)
                        regions.append(_inflate(gf, jf, root, w0))
                    continue
                if kind == "shrink":
                    Bk = [(max(lo, float(k.lower())), min(hi, float(k.upper()))) for (lo, hi), k in zip(Bx, K)]
                    relk = rel_width(Bk) if all(h > l for l, h in Bk) else 1
                    if relk < 0.7 * rel:
                        heapq.heappush(heap, (-relk, seq, Bk))
                        seq += 1
                        continue
            if rel < 1e-9:
                if prune is None or not prune(X):
                    unres.append(Bx)
                continue
            i = max(range(n), key=lambda j: (Bx[j][1] - Bx[j][0]) / w0[j])
            lo, hi = Bx[i]
            c = lo + (hi - lo) * 0.4980234
            left, right = list(Bx), list(Bx)
            left[i] = (lo, c)
            right[i] = (c, hi)
            for half in (left, right):
                heapq.heappush(heap, (-rel_width(half), seq, half))
                seq += 1
    if prune is not None:      # the bounds may have improved since a box was set aside
        unres = [b for b in unres if not prune(box_balls(b))]
    out.loose = _clusters(unres, n)
    return out


def _clusters(boxes, n: int) -> list:
    """Overlapping small boxes merged into their hulls."""
    clusters: list = []
    for b in boxes:
        for cl in clusters:
            if all(b[i][0] <= cl[i][1] + 1e-12 and cl[i][0] <= b[i][1] + 1e-12 for i in range(n)):
                for i in range(n):
                    cl[i] = (min(cl[i][0], b[i][0]), max(cl[i][1], b[i][1]))
                break
        else:
            clusters.append(list(b))
    return clusters


def _undefined_box(gf, Bx) -> bool:
    """Is G undefined (NaN) at the centre and at every corner of the box?"""
    pts = [[(lo + hi) / 2 for lo, hi in Bx]] + [list(c) for c in itertools.product(*Bx)]
    for p in pts:
        X = [arb(c) for c in p]
        if all(f(X).is_finite() for f in gf):
            return False
    return True


def krawczyk_step(gf, jf, X):
    """The Krawczyk operator K on the box X: ("unique", K) when K lies inside X (exactly one
    zero), ("none", None) when K misses X (no zero), ("shrink", K) otherwise; None when it
    cannot be formed (G or the Jacobian at the centre undefined or singular)."""
    n = len(X)
    m = [x.mid() for x in X]
    Gm = [f(m) for f in gf]
    JX = [[f(X) for f in row] for row in jf]
    Jm = []
    for row in jf:
        r = []
        for f in row:
            v = f(m)
            if not v.is_finite():
                return None
            mv = _mid(v)
            if not math.isfinite(mv):
                return None
            r.append(mv)
        Jm.append(r)
    try:
        # (Y is any approximate inverse: the operator is rigorous for every Y)
        Y = np.linalg.inv(np.array(Jm, dtype=float))
    except np.linalg.LinAlgError:     # singular: no Krawczyk step, bisect instead
        return None
    if not np.all(np.isfinite(Y)):
        return None
    Ya = [[arb(float(Y[i, j])) for j in range(n)] for i in range(n)]
    K = []
    for i in range(n):
        s = m[i]
        for j in range(n):
            s = s - Ya[i][j] * Gm[j]
        for j in range(n):
            c = arb(1 if i == j else 0)
            for k in range(n):
                c = c - Ya[i][k] * JX[k][j]
            s = s + c * (X[j] - m[j])
        if not s.is_finite():
            return None
        K.append(s)
    if all(X[i].contains_interior(K[i]) for i in range(n)):
        return "unique", K
    if any(not K[i].overlaps(X[i]) for i in range(n)):
        return "none", None
    return "shrink", K


def _refine_nd(gf, jf, K, bits: int) -> list:
    """High-precision Newton from a certified box, then a Krawczyk proof on a tiny box."""
    n = len(K)
    best = K
    with _prec(bits):
        old = mpmath.mp.prec
        mpmath.mp.prec = bits
        try:
            z = [_mpf(k) for k in K]
            for _ in range(60):
                pt = [arb(mpmath.nstr(zi, int(bits * 0.3) + 5)) for zi in z]
                Gz = [f(pt) for f in gf]
                Jz = [[f(pt) for f in row] for row in jf]
                if not all(g.is_finite() for g in Gz) or not all(v.is_finite() for r in Jz for v in r):
                    break
                A = mpmath.matrix([[_mpf(v) for v in r] for r in Jz])
                bvec = mpmath.matrix([_mpf(g) for g in Gz])
                try:
                    d = mpmath.lu_solve(A, bvec)
                except ZeroDivisionError:
                    break
                z = [z[i] - d[i] for i in range(n)]
                delta = max(abs(d[i]) for i in range(n))
                if delta <= mpmath.mpf(2) ** (-bits + 8) * (1 + max(abs(zi) for zi in z)):
                    break
            scale = 1 + max(abs(zi) for zi in z)
            for r in (mpmath.mpf(2) ** (-bits + 24) * scale, mpmath.mpf(2) ** (-bits // 2) * scale):
                Z = [arb(mpmath.nstr(zi, int(bits * 0.3) + 5)) + arb(0, float(r)) if float(r) > 0 else None
                     for zi in z]
                if any(zz is None for zz in Z):
                    break
                if not all(Z[i].overlaps(K[i]) for i in range(n)):
                    break
                res = krawczyk_step(gf, jf, Z)
                if res is not None and res[0] == "unique":
                    best = [res[1][i].intersection(Z[i]) for i in range(n)]
                    break
        except (ValueError, ZeroDivisionError):   # mpmath / flint refusing a step: keep the certified box
            pass
        finally:
            mpmath.mp.prec = old
    return best


def _inflate(gf, jf, balls, w0):
    """A box around a certified root in which it is the only zero."""
    mids = [_mid(b) for b in balls]
    best = [(float(b.lower()), float(b.upper())) for b in balls]
    with _prec(53):
        for r in (1e-2, 1e-3, 1e-4, 1e-5):
            Bx = [(m - r * w, m + r * w) for m, w in zip(mids, w0)]
            res = krawczyk_step(gf, jf, box_balls(Bx))
            if res is not None and res[0] == "unique":
                return Bx
    return best
