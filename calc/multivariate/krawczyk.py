"""Krawczyk / interval-Newton search: every zero of a square system in a box, each certified unique."""
from __future__ import annotations

import itertools
import math

import mpmath
from flint import arb

from .balls import _NotCompilable, _box_balls, _hull, _mid, _mpf, _prec
from .caps import MAX_BOXES, MAX_ROOTS
from .values import _V, _same_ball


def krawczyk(eng, G, J, U, B):
    """Every zero of G in the box B: (certified roots, unresolved small boxes).

    A root is certified when the Krawczyk operator maps a box into its interior
    (then the box holds exactly one zero); a box is discarded when G's enclosure
    excludes 0 or the operator maps it off itself."""
    n = len(U)
    try:
        gf = [eng.compile(g, U) for g in G]
        jf = [[eng.compile(J[i][j], U) for j in range(n)] for i in range(n)]
    except _NotCompilable as exc:
        eng.note(f"cannot evaluate the gradient with ball arithmetic ({exc}); some critical "
                  f"points may be missing", partial=True)
        return [], []
    w0 = [max(hi - lo, 1e-300) for lo, hi in B]
    tol = 1e-9
    import heapq
    first = [(lo - (hi - lo) * 1e-7 - 1e-12, hi + (hi - lo) * 1e-7 + 1e-12) for lo, hi in B]
    heap = [(-1.0, 0, first)]      # largest boxes first: every region is covered coarsely
    seq = 1                        # before any one spot is refined finely
    roots: list = []
    regions: list = []
    unres: list = []
    count = undefined = 0
    with _prec(53):
        while heap:
            if count > MAX_BOXES or eng.left() <= 0:
                eng.note("the numeric search for critical points stopped early (box or time "
                          "limit); some may be missing", partial=True)
                unres += [b for _, _, b in heap if max((hi - lo) / w for (lo, hi), w in zip(b, w0)) < 1e-6]
                break
            Bx = heapq.heappop(heap)[2]
            count += 1
            if any(all(r[i][0] <= Bx[i][0] and Bx[i][1] <= r[i][1] for i in range(n)) for r in regions):
                continue
            X = _box_balls(Bx)
            eng.env.outside = False
            GX = [f(X) for f in gf]
            if any(g.is_finite() and not g.contains(0) for g in GX):
                continue
            finite = all(g.is_finite() for g in GX)
            if not finite and eng.env.outside and all(not g.is_finite() for g in GX):
                undefined += 1          # every component is undefined on the whole box
                continue
            rel = max((hi - lo) / w for (lo, hi), w in zip(Bx, w0))
            if not finite and rel < 1e-4 and _undefined_box(gf, Bx):
                undefined += 1
                continue
            res = _kstep(gf, jf, X) if finite else None
            if res is not None:
                kind, K = res
                if kind == "none":
                    continue
                if kind == "unique":
                    if len(roots) >= MAX_ROOTS:
                        eng.note(f"more than {MAX_ROOTS} solutions of one system (oscillation?): "
                                  f"only the first are used", partial=True)
                        break
                    root = _refine(eng, gf, jf, U, K)
                    if not any(all(_same_ball(root[U[i]].ball, r[U[i]].ball, 1e-12) for i in range(n))
                               for r in roots):
                        roots.append(root)
                        regions.append(_inflate(gf, jf, [root[u].ball for u in U], w0))
                    continue
                if kind == "shrink":
                    Bk = [(max(lo, float(k.lower())), min(hi, float(k.upper())))
                          for (lo, hi), k in zip(Bx, K)]
                    relk = max((h - l) / w for (l, h), w in zip(Bk, w0)) if all(h > l for l, h in Bk) else 1
                    if relk < 0.7 * rel:
                        heapq.heappush(heap, (-relk, seq, Bk))
                        seq += 1
                        continue
            if rel < tol:
                unres.append(Bx)
                continue
            i = max(range(n), key=lambda j: (Bx[j][1] - Bx[j][0]) / w0[j])
            lo, hi = Bx[i]
            c = lo + (hi - lo) * 0.4980234
            left, right = list(Bx), list(Bx)
            left[i] = (lo, c)
            right[i] = (c, hi)
            for half in (left, right):
                heapq.heappush(heap, (-max((h - l) / w for (l, h), w in zip(half, w0)), seq, half))
                seq += 1
    if undefined:
        eng.note("the gradient is undefined on part of the search region (outside the domain of f or "
                  "of a formula for a ridge); no critical points were sought there")
    clusters = []
    for b in unres:
        for cl in clusters:
            if all(b[i][0] <= cl[i][1] + 1e-12 and cl[i][0] <= b[i][1] + 1e-12 for i in range(n)):
                for i in range(n):
                    cl[i] = (min(cl[i][0], b[i][0]), max(cl[i][1], b[i][1]))
                break
        else:
            clusters.append(list(b))
    loose = []
    for cl in clusters:
        with _prec(eng.bits):
            loose.append({u: _V(None, _hull(arb(lo), arb(hi)), False) for u, (lo, hi) in zip(U, cl)})
    return roots, loose

def _undefined_box(gf, Bx) -> bool:
    """Is G undefined (NaN) at the centre and at every corner of the box?"""
    pts = [[(lo + hi) / 2 for lo, hi in Bx]] + [list(c) for c in itertools.product(*Bx)]
    for p in pts:
        X = [arb(c) for c in p]
        if all(f(X).is_finite() for f in gf):
            return False
    return True

def _kstep(gf, jf, X):
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
        Y = mpmath.inverse(mpmath.matrix(Jm))
    except ZeroDivisionError:     # (mpmath: numerically singular) no Krawczyk step: bisect instead
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

def _refine(eng, gf, jf, U, K) -> dict:
    """High-precision Newton from a certified box, then a Krawczyk proof on a tiny box."""
    n = len(U)
    best = K
    with _prec(eng.bits):
        old = mpmath.mp.prec
        mpmath.mp.prec = eng.bits
        try:
            z = [_mpf(k) for k in K]
            delta = None
            for _ in range(60):
                pt = [arb(mpmath.nstr(zi, int(eng.bits * 0.3) + 5)) for zi in z]
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
                if delta <= mpmath.mpf(2) ** (-eng.bits + 8) * (1 + max(abs(zi) for zi in z)):
                    break
            scale = 1 + max(abs(zi) for zi in z)
            for r in (mpmath.mpf(2) ** (-eng.bits + 24) * scale, mpmath.mpf(2) ** (-eng.bits // 2) * scale):
                Z = [arb(mpmath.nstr(zi, int(eng.bits * 0.3) + 5)) + arb(0, float(r)) if float(r) > 0 else None
                     for zi in z]
                if any(zz is None for zz in Z):
                    break
                if not all(Z[i].overlaps(K[i]) for i in range(n)):
                    break
                res = _kstep(gf, jf, Z)
                if res is not None and res[0] == "unique":
                    best = [res[1][i].intersection(Z[i]) for i in range(n)]
                    break
        except (ValueError, ZeroDivisionError):
            pass
        finally:
            mpmath.mp.prec = old
    return {u: _V(None, b, True) for u, b in zip(U, best)}

def _inflate(gf, jf, balls, w0):
    """A box around a certified root in which it is the only zero."""
    mids = [_mid(b) for b in balls]
    best = [(float(b.lower()), float(b.upper())) for b in balls]
    with _prec(53):
        for r in (1e-2, 1e-3, 1e-4, 1e-5):
            Bx = [(m - r * w, m + r * w) for m, w in zip(mids, w0)]
            res = _kstep(gf, jf, _box_balls(Bx))
            if res is not None and res[0] == "unique":
                return Bx
    return best
