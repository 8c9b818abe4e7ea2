"""The classification of each interior candidate of one variable.

The first-derivative sign test on the gaps between consecutive candidates (f′
has no root inside a gap, so one certified evaluation gives its sign), refined
by the second- and higher-derivative tests at exact stationary points, and the
comparison with the one-sided limits at jumps.
"""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb

from ... import budget
from ...differentiate import differentiate
from ...numbers import Num
from ...results import LocalExtremum
from ..balls import NotCompilable, to_arb
from ..context import Pt
from ..limits import limit
from ..precision import precision as _prec


def classify(run, g, entries, stationary, nondiff, undecided, plat):
    """First-derivative sign test on the gaps between critical points (f′ has no
    root inside a gap, so one certified evaluation gives its sign), refined by the
    second- and higher-derivative tests at stationary points."""
    crit = sorted([e for e in entries if e[1] != "endpoint"], key=lambda e: e[0].key)
    all_pts = sorted([e[0] for e in entries], key=lambda p: p.key)
    ga = run.compile(g)
    out = []
    for p, kind, detail, v, b in crit:
        i = next(k for k, q in enumerate(all_pts) if q is p)
        left = all_pts[i - 1] if i > 0 else None
        right = all_pts[i + 1] if i + 1 < len(all_pts) else None
        sl = _gap_sign(run, ga, g, left, p)
        sr = _gap_sign(run, ga, g, p, right)
        test = "first-derivative sign test"
        kind_out, strict = "neither", True
        if kind == "stationary" and p.exact is not None:
            r = _higher_order(run, p.exact)
            if r is not None:
                kind_out, strict, test = r
                if sl == 0 or sr == 0:
                    strict = False
                out.append(LocalExtremum(p.num(), kind_out, strict, test))
                continue
        if detail == "jump":
            k = _jump_kind(run, p, v, sl, sr)
            if k is not None:
                out.append(LocalExtremum(p.num(), k[0], k[1], "comparison with the one-sided limits at the jump"))
                continue
        if sl is None or sr is None:
            out.append(LocalExtremum(p.num(), "neither" if False else "neither", False,
                                     "undecided: the sign of f′ near this point could not be certified"))
            continue
        if sl >= 0 and sr <= 0 and not (sl == 0 and sr == 0):
            kind_out = "max"
        elif sl <= 0 and sr >= 0 and not (sl == 0 and sr == 0):
            kind_out = "min"
        elif sl == 0 and sr == 0:
            kind_out, test = "max", "f is constant on both sides (plateau)"
            out.append(LocalExtremum(p.num(), "max", False, test))
            out.append(LocalExtremum(p.num(), "min", False, test))
            continue
        strict = not (sl == 0 or sr == 0)
        if kind == "stationary" and p.exact is None and kind_out != "neither":
            test = "first-derivative sign test (f′ changes sign across the certified root)"
        out.append(LocalExtremum(p.num(), kind_out, strict, test))
    return out


def _gap_sign(run, ga, g, a: Optional[Pt], b: Optional[Pt]) -> Optional[int]:
    if a is None or b is None:
        # one-sided: pick a point just beyond within the interval
        ref = a or b
        I = run.I
        if a is None:
            lo = I.start if I.start.is_finite else sp.Float(ref.key - 1.0)
            pts = [(sp.Rational(str(float(lo))) + sp.Rational(str(ref.key))) / 2]
        else:
            hi = I.end if I.end.is_finite else sp.Float(ref.key + 1.0)
            pts = [(sp.Rational(str(float(hi))) + sp.Rational(str(ref.key))) / 2]
    else:
        pts = [(sp.Rational(str(a.key)) + sp.Rational(str(b.key))) / 2]
    m = pts[0]
    if ga is not None:
        with _prec(128):
            try:
                v = ga(to_arb(m))
            except (ValueError, ZeroDivisionError):   # flint refusing an argument: sign unknown
                v = arb("nan")
        if v.is_finite():
            if v > 0:
                return 1
            if v < 0:
                return -1
            if v == 0:
                return 0
    ok, val = budget.run(lambda: sp.N(g.subs(run.x, m), 30), run.slice(0.05, 0.5))
    if ok and val is not None and val.is_number and val.is_real:
        return 0 if val == 0 else (1 if val > 0 else -1)
    return None


def _higher_order(run, p) -> Optional[tuple]:
    x = run.x
    d = differentiate(run.f, x)[0]
    for n in range(2, 9):
        d = differentiate(d, x)[0]
        ok, v = budget.run(lambda: sp.simplify(d.subs(x, p)), run.slice(0.05, 1.0))
        if not ok or v is None or v.has(sp.nan, sp.zoo) or not v.is_number:
            return None
        if v == 0:
            continue
        with _prec(256):
            try:
                b = to_arb(v)
            except NotCompilable:
                return None
        if not (b > 0 or b < 0):
            ok, z = budget.run(lambda: v.equals(0), run.slice(0.05, 1.0))
            if ok and z is True:
                continue
            return None
        name = "second-derivative test" if n == 2 else f"higher-order derivative test (f^({n}) is the first nonzero derivative)"
        if n % 2 == 1:
            return "neither", True, name
        return ("min" if b > 0 else "max"), True, name
    return None


def _jump_kind(run, p: Pt, v: Num, sl=None, sr=None):
    """Compare f(p) with the one-sided limits at a jump; a side whose limit equals
    f(p) is judged by the sign of f′ next to p."""
    if p.exact is None or v.exact is None:
        return None
    L = limit(run, p.exact, "-")
    R = limit(run, p.exact, "+")
    sides = []
    for lim, s, left in ((L, sl, True), (R, sr, False)):
        if lim is None:
            return None
        try:
            if lim.is_infinite:
                rel = "higher" if lim == sp.oo else "lower"
            elif bool(lim < v.exact):
                rel = "lower"
            elif bool(lim > v.exact):
                rel = "higher"
            else:
                if s is None:
                    return None
                if s == 0:
                    rel = "equal"
                else:
                    rel = ("lower" if s > 0 else "higher") if left else ("higher" if s > 0 else "lower")
        except TypeError:
            return None
        sides.append(rel)
    if all(r in ("lower", "equal") for r in sides) and "lower" in sides:
        return "max", "equal" not in sides
    if all(r in ("higher", "equal") for r in sides) and "higher" in sides:
        return "min", "equal" not in sides
    if sides == ["equal", "equal"]:
        return None
    return "neither", True
