"""An edge of the box is a one-variable problem: the restriction of f with one free variable
(an edge of the box, or a ridge left with one variable) is solved by the one-variable stages
(:mod:`calc.stages.domain` for where it is defined, :mod:`calc.stages.critical` for the roots of
its derivative: exact first, cross-checked and completed by certified isolation)."""
from __future__ import annotations

import sympy as sp

from ..stages.context import Run
from ..stages.critical import critical_points
from ..stages.domain import components, natural_domain
from .values import _V, _Sol


def is_edge(F, g, W, wbox) -> bool:
    """Can the one-variable stages take this restriction?  One free variable on a bounded
    interval, and no certified constants without a closed form (placeholders) in it."""
    if len(W) != 1:
        return False
    t, I = W[0], wbox[W[0]]
    return bool(I.start.is_finite and I.end.is_finite and F.free_symbols <= {t} and g.free_symbols <= {t})


def edge_solutions(eng, F, g, t, I: sp.Interval, seconds: float, out: list, prune=None) -> list:
    """The solutions of g = F′ = 0 on the interval I, appended to ``out`` as :class:`_Sol`
    (exact values, or certified enclosures as :class:`_V`); what the stages could not decide
    is kept as uncertified points, and their notes go to the engine.  ``prune([ball])`` (branch
    and bound) says a root's value cannot be an optimum: such roots are dropped."""
    run = Run(F, t, I, eng.digits, seconds)
    run.quick_exact = True
    run.deadline = run.end         # (the edge's own share of the box's budget, all for searching)
    if prune is not None:
        run.worth = lambda b: not prune([b])
    D, dnotes, _ = natural_domain(F, t, I, run.slice(0.2, 3.0))
    comps, _ = components(D)
    for C in comps:
        stationary, undecided = [], []
        plateaus = critical_points(run, g, C, [], stationary, [], undecided)
        for p in stationary:
            out.append(_Sol({t: p.exact}) if p.exact is not None else
                       _Sol({t: _V(None, p.ball, True)}, (), True, "certified"))
        for p in undecided:         # (the stage has noted them, and the run is partial)
            out.append(_Sol({t: _V(None, p.ball, False)}, (), False, "numeric"))
        for P in plateaus:
            if P.start == C.start and P.end == C.end:
                out.append(_Sol({}, (t,)))       # f is constant along the whole edge: a family
                continue
            for a in (P.start, (P.start + P.end) / 2, P.end):
                out.append(_Sol({t: a}))         # f is constant on P: its ends and middle
    for lo, hi in run.regions:
        run.partial(f"the critical points of f in [{float(lo.mid()):.10g}, {float(hi.mid()):.10g}] could not "
                    f"be isolated; its middle is kept as a numeric candidate")
        out.append(_Sol({t: _V(None, lo.union(hi), False)}, (), False, "numeric"))
    for n in dnotes + run.notes:
        eng.note(f"along an edge of the box: {n}", partial=run.status != "ok")
    return out
