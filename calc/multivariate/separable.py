"""Sums of parts in separate variables on a box: f(x, y, …) = c + g(x) + h(y, …).

On a product of intervals, the supremum of such a sum is the sum of the parts' suprema, and f
attains it exactly at the points whose every coordinate group attains its part's supremum (the
same for infima).  Each part is the same problem in fewer variables: a part in one variable goes
to the one-variable finder (calc.extrema), a part in several to the box finder, each on its own
share of the budget; their answers are combined here.  Rastrigin, Schwefel 2.26, Styblinski–Tang
and Bohachevsky are such sums: their global optima come from the exact one-variable stages
instead of a branch and bound in n dimensions.
"""
from __future__ import annotations

import itertools
import time
from typing import Optional

import sympy as sp

from ..errors import CalcError
from ..numbers import Num
from ..stages.balls import NotCompilable, to_arb
from ..stages.context import outward
from ..stages.precision import precision
from .results import BoxCandidate, BoxExtremaResult, BoxExtremum

MAX_CANDIDATES = 1000     # products of the parts' candidates listed at most
MAX_POINTS = 400          # attaining points listed at most


def parts_of(expr: sp.Expr, vars_: list) -> Optional[list]:
    """[(variables, part)] — the terms of the sum grouped so that groups share no variable — and
    the constant term last as ((), c); None when f is not such a sum of two or more parts."""
    if not isinstance(expr, sp.Add):
        return None
    groups: list = []        # [set of variables, [terms]]
    const = []
    for t in expr.args:
        vs = t.free_symbols & set(vars_)
        if not vs:
            const.append(t)
            continue
        joined = [g for g in groups if g[0] & vs]
        for g in joined:
            groups.remove(g)
        groups.append([vs.union(*(g[0] for g in joined)), [t] + [u for g in joined for u in g[1]]])
    if len(groups) < 2:
        return None
    out = [(tuple(v for v in vars_ if v in vs), sp.Add(*ts)) for vs, ts in groups]
    return sorted(out, key=lambda p: vars_.index(p[0][0])) + [((), sp.Add(*const))]


def extrema_separable(parts: list, expr, vars_: list, box: dict, timeout: float,
                      digits: int) -> Optional[BoxExtremaResult]:
    """The global extrema of the sum from those of its parts (see the module's text); None when a part
    ran out of time."""
    from ..extrema import extrema_1d
    from .box_extrema import extrema_box
    *pieces, (_, const) = parts
    end = time.monotonic() + timeout - min(0.5, 0.05 * timeout)
    results, notes = [], []
    for i, (vs, g) in enumerate(pieces):
        share = max(0.2, (end - time.monotonic()) / (len(pieces) - i))
        try:
            if len(vs) == 1:
                r = extrema_1d(g, vs[0], box[vs[0]], digits, share)
            else:
                r = extrema_box(g, {v.name: box[v] for v in vs}, timeout=share, digits=digits)
        except CalcError as e:
            if e.kind != "timeout":
                raise
            return None       # (the caller searches the whole box instead, in the time left)
        results.append((vs, r))
        label = ", ".join(v.name for v in vs)
        notes += [f"part in {label}: {n}" for n in r.notes]
    names = ", ".join("(" + ", ".join(v.name for v in vs) + ")" for vs, _ in pieces)
    notes.insert(0, f"f is a sum of parts in separate variables {names}: each part was optimised on its own "
                    f"interval; f's maximum (minimum) is the sum of the parts' maxima (minima), attained "
                    f"where every part attains its own")
    exts = [_combine([_extremum(vs, r, sense) for vs, r in results], const) for sense in (1, -1)]
    cands, listed = _candidates(results, const, vars_, box)
    if not listed:
        notes.append(f"the {cands} candidates (every combination of the parts' candidates) are not listed")
        cands = ()
    status = "ok" if all(r.status == "ok" for _, r in results) and all(e.decided for e in exts) else "partial"
    names = [v.name for v in vars_]
    exts = [_reorder(e, names) for e in exts]
    return BoxExtremaResult(expr, tuple(vars_), tuple(box[v] for v in vars_), tuple(cands), exts[0], exts[1],
                            status, tuple(notes), ())


def _extremum(vs, r, sense) -> tuple:
    """(variables, the part's Extremum or BoxExtremum, its attaining points as tuples of (name, Num))."""
    e = r.maximum if sense > 0 else r.minimum
    if len(vs) == 1:
        pts = [((vs[0].name, p),) for p in e.points]
        # a plateau: every point of the interval attains it; its closed ends are examples
        for (a, b), (lo_open, hi_open) in zip(e.intervals, e.open_ends or [(True, True)] * len(e.intervals)):
            pts += [((vs[0].name, q),) for q, op in ((a, lo_open), (b, hi_open)) if not op]
        continuum = bool(e.intervals or e.families)
    else:
        pts = list(e.points)
        continuum = bool(e.reason and "continuum" in e.reason)
    return vs, e, pts, continuum


def _combine(items: list, const) -> BoxExtremum:
    decided = all(e.decided for _, e, _, _ in items)
    points = [tuple(c for p in combo for c in p) for combo in
              itertools.islice(itertools.product(*(pts for _, _, pts, _ in items)), MAX_POINTS)]
    reasons = [f"{', '.join(v.name for v in vs)}: {e.reason}" for vs, e, _, _ in items if e.reason]
    if any(cont for *_, cont in items):
        reasons.append("attained on a continuum of points; the listed points are examples")
    reason = "; ".join(reasons) or None
    if not decided:
        bounds = [e.value if e.decided and e.attained else e.bound for _, e, _, _ in items]
        bound = None if any(b is None for b in bounds) else _sum(bounds + [Num.of(const)])
        return BoxExtremum(None, None, tuple(points) if bound is not None else (), reason, False, bound)
    value = _sum([e.value for _, e, _, _ in items] + [Num.of(const)])
    attained = all(e.attained for _, e, _, _ in items)
    return BoxExtremum(attained, value, tuple(points) if attained else (), reason)


def _sum(nums: list) -> Num:
    """The sum of Nums: exact when every term is, else a certified enclosure (numeric if one term is)."""
    inf = [n.exact for n in nums if n.is_infinite]
    if inf:
        return Num.of(inf[0])
    if all(n.exact is not None for n in nums):
        return Num.of(sp.Add(*(n.exact for n in nums)))
    if not all(n.certified for n in nums):
        return Num.numeric(sum(n.float for n in nums))
    with precision(128):
        total = to_arb(0)
        for n in nums:
            total += _ball(n)
        lo, hi = outward(total)
        return Num.enclosure(lo, hi, float(total.mid()))


def _ball(n: Num):
    if n.exact is not None:
        try:
            return to_arb(n.exact)
        except NotCompilable:
            pass
    return to_arb(n.lo).union(to_arb(n.hi))


def _candidates(results, const, vars_, box) -> tuple:
    """(every combination of the parts' candidates as BoxCandidates, True) — or (their count, False)
    when there are more than MAX_CANDIDATES."""
    lists = []
    for vs, r in results:
        if len(vs) == 1:
            lists.append([(((vs[0].name, c.x),), c.kind == "nondifferentiable", c.value) for c in r.candidates])
        else:
            lists.append([(c.point, c.kind == "nondifferentiable", c.value) for c in r.candidates])
    count = 1
    for cs in lists:
        count *= len(cs)
    if count > MAX_CANDIDATES:
        return count, False
    ends = {v.name: (box[v].start, box[v].end) for v in vars_}
    out = []
    for combo in itertools.product(*lists):
        point = tuple(c for p, _, _ in combo for c in p)
        point = _ordered(point, [v.name for v in vars_])
        at = sum(1 for name, n in point if n.exact is not None and n.exact in ends[name])
        kind = ("corner" if at == len(vars_) else "nondifferentiable" if any(nd for _, nd, _ in combo)
                else "interior critical" if at == 0 else "edge critical" if len(vars_) - at == 1 else "face critical")
        out.append(BoxCandidate(point, kind, _sum([v for _, _, v in combo] + [Num.of(const)])))
    return out, True


def _ordered(point: tuple, names: list) -> tuple:
    """A point's (name, Num) coordinates in the order of the box's variables."""
    return tuple(sorted(point, key=lambda c: names.index(c[0])))


def _reorder(e: BoxExtremum, names: list) -> BoxExtremum:
    """The attaining points with their coordinates in the order of the box's variables."""
    return BoxExtremum(e.attained, e.value, tuple(_ordered(p, names) for p in e.points), e.reason, e.decided,
                       e.bound)

