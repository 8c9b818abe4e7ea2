"""The box front door: global extrema of f on a closed box."""
from __future__ import annotations

import time

import sympy as sp

from .. import budget
from ..errors import ParseError
from ..numbers import Num
from ..parsing import parse
from ..stages.intervals import parse_box
from .engine import _Engine
from .faces import _BoxFinder
from .separable import extrema_separable, parts_of
from .results import BoxCandidate, BoxExtremaResult, BoxExtremum, _NONE_NUM
from .values import _V


def assembly_reserve(timeout: float) -> float:
    """The part of a budget kept for comparing candidates and assembling the answer."""
    return min(1.5, 0.15 * timeout)


def extrema_box(f, on, timeout: float = 10.0, digits: int = 15) -> BoxExtremaResult:
    """Global maximum and minimum of f on a closed box, with every point attaining them.

    ``on`` is ``{"x": "[a, b]", "y": "[c, d]", ...}`` or ``"x in [a, b], y in [c, d]"``.
    Candidates: critical points inside the box, critical points of the
    restriction of f to every face and edge, points where f is not
    differentiable (and critical points of f along each ridge), and the corners.

    >>> r = extrema_box("x^2 + y^2 - x y - x", on="x in [-1, 1], y in [0, 2]")
    >>> r.maximum.value.exact, r.minimum.value.exact
    (8, -1/3)
    >>> [[n.exact for _, n in p] for p in r.minimum.points]
    [[2/3, 1/3]]
    """
    expr = parse(f)
    if isinstance(expr, sp.logic.boolalg.Boolean) and not isinstance(expr, sp.Expr):
        raise ParseError("expected a function, got a condition")
    if on is None and len(expr.free_symbols) > 1:
        from .unbounded import extrema_on_space
        return extrema_on_space(expr, timeout, digits)
    vars_, box = parse_box(on, expr, closed=True)
    parts = parts_of(expr, vars_)
    if parts is not None:
        t0 = time.monotonic()
        r = extrema_separable(parts, expr, vars_, box, timeout, digits)
        if r is not None:
            return r
        timeout = max(0.1, timeout - (time.monotonic() - t0))
    eng = _Engine(timeout, digits)
    end = eng.deadline
    eng.deadline = end - assembly_reserve(timeout)      # the rest compares and simplifies
    finder = _BoxFinder(eng, expr, vars_, box)
    ok, _ = budget.run(finder.run, max(0.05, eng.left() + 0.1), catch=False)
    eng.deadline = end
    if not ok:
        eng.note("the time budget ran out; the answer is based on the candidates found so far", partial=True)
    if finder.bounds.ruled_out:
        eng.note("branch and bound: parts of the box where interval bounds show that f reaches neither "
                 "optimum were ruled out; critical points there are not listed")
    for v in vars_:
        if not expr.has(v):
            eng.note(f"f does not depend on {v.name}: every optimum is attained along a whole segment in {v.name}")
    return _box_result(eng, finder, expr, vars_, box)


def _box_result(eng: _Engine, finder: _BoxFinder, expr, vars_, box) -> BoxExtremaResult:
    names = [v.name for v in vars_]
    t_simp = time.monotonic() + max(0.0, eng.left() / 2)     # half of what is left for the table

    def num_point(c):
        return tuple((n, p.num()) for n, p in zip(names, c.point))

    exts = []
    for sense in (1, -1):
        winners, tie_notes = finder.select(sense)
        for n in tie_notes:
            eng.note(n)
        if not winners:
            exts.append(BoxExtremum(False, _NONE_NUM, (), "no candidate could be evaluated"))
            eng.partial = True
            continue
        lead = winners[0]
        val = lead.value
        if val.exact is not None:
            ok, s = eng.run(lambda: eng.simp(val.exact, 1.0), 1.2)
            if ok and s is not None:
                val = _V(s, val.ball, True)
        reason = None
        fams = [c.family for c in winners if c.family]
        if fams:
            reason = (f"attained on a continuum of points ({fams[0]}); the listed points are examples")
        certified = all(c.value.certified for c in winners)
        if not certified:
            reason = (reason + "; " if reason else "") + "some values are numeric, not certified"
            eng.partial = True
        pts = sorted((num_point(c) for c in winners), key=lambda p: [n.sort_key() for _, n in p])
        probe = finder.probe_bad(sense, lead.value)
        if probe is not None:
            pv, where = probe
            word = "maximum" if sense > 0 else "minimum"
            rel = "above" if sense > 0 else "below"
            exts.append(BoxExtremum(False, Num.numeric(pv), (), (
                f"f is not continuous on the box: near ({where}) it takes the value ≈ {pv:.10g}, {rel} every "
                f"candidate, and may be unbounded there, so no global {word} is guaranteed")))
            continue
        exts.append(BoxExtremum(True, val.num(), tuple(pts), reason))
    if eng.partial:
        # an answer is right or says it is undecided: a partial search fills in no value
        exts = [e.undecided() for e in exts]
    cands = []
    for c in finder.cands:
        v = c.value
        if v.exact is not None and time.monotonic() < t_simp and eng.left() > 0:
            ok, s = eng.run(lambda: eng.simp(v.exact, 0.3), 0.4)
            if ok and s is not None:
                v = _V(s, v.ball, True)
        cands.append(BoxCandidate(num_point(c), finder.kind(c), v.num()))
    order = {"interior critical": 0, "nondifferentiable": 1, "face critical": 2, "edge critical": 3, "corner": 4}
    cands.sort(key=lambda c: (order.get(c.kind, 9), [n.sort_key() for _, n in c.point]))
    return BoxExtremaResult(expr, tuple(vars_), tuple(box[v] for v in vars_), tuple(cands),
                            exts[0], exts[1], "partial" if eng.partial else "ok", tuple(eng.notes),
                            tuple(finder.families))
