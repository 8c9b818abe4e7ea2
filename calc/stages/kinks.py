"""Stage: points where f is defined but not differentiable (kinks, cusps, jumps).

Candidates come from the catalogue (each entry's ``kinks``, ``jumps`` and
``integer_jumps``); conditions sympy cannot solve are isolated with certified
root isolation, and the integer crossings of floor/ceiling arguments are located
one integer at a time.
"""
from __future__ import annotations

import math
import time

import sympy as sp
from sympy.core.relational import Relational

from .. import budget
from ..catalogue import by_head
from ..differentiate import differentiate
from ..printing import textbook
from .context import Pt, pt_exact
from .critical import recover_exact
from .limits import bound_on, limit
from .tails import NEG, POS, sign_on_tail
from .precision import precision as _prec
from .balls import to_arb
from .roots import isolate_roots
from .walk import nodes


def integer_crossings(run, u, C, nondiff, cands) -> list:
    """Jumps of floor(u)/ceiling(u): the points of C where u is an integer."""
    a, b = C.start, C.end
    ua = run.compile(u)
    if ua is None or not (a.is_finite and b.is_finite):
        unlocated(run, C, f"could not locate the points where {textbook(u)} is an integer")
        return []
    with _prec(128):
        rng = bound_on(ua, to_arb(a), to_arb(b))
    if rng is None or float(rng.upper().mid()) - float(rng.lower().mid()) > 500:
        unlocated(run, C, f"could not locate the points where {textbook(u)} is an integer")
        return []
    out = []
    for k in range(math.floor(float(rng.lower().mid())) - 1, math.ceil(float(rng.upper().mid())) + 2):
        ok, sol = budget.run(lambda: sp.solveset(sp.Eq(u, k), run.x, sp.Interval(a, b, True, True)),
                             run.slice(0.05, 1.0))
        if ok and sol == sp.S.EmptySet:
            continue
        if not (ok and isinstance(sol, sp.FiniteSet)):
            unlocated(run, C, f"could not locate the points where {textbook(u)} = {k}")
            continue
        for r in sol:
            if r.is_real is False:
                continue
            p = pt_exact(r)
            nondiff.append(p)
            cands.append((p, "nondifferentiable", "jump"))
            out.append(r)
    return out


def unlocated(run, C, note) -> None:
    """The points where f may jump or kink on C could not all be located: the run is partial,
    and no interval of C is claimed to be a plateau (f′ = 0 there does not make f constant)."""
    run.partial(note)
    run.unlocated.append(C)


def _vanishes(v) -> bool:
    ok, z = budget.run(lambda: sp.simplify(v) == 0, 0.5)
    return bool(ok and z)


def unsolved_kinks(run, cond, C, nondiff, cands):
    h = cond.lhs - cond.rhs
    a, b = C.start, C.end
    if not (a.is_finite and b.is_finite):
        # the window as for f′'s roots; beyond it, h proven of one sign on the whole half-line
        from .domain import window_of      # (domain → tails → … → kinks: not at the top)
        from ..nondiff import jump_capable  # (nondiff imports this module)
        W = window_of(C)
        R = max(abs(W.inf), abs(W.sup))
        for d, far in ((-1, a), (1, b)):
            if far.is_infinite and sign_on_tail(h, run.x, R, d, run.slice(0.1, 2.0)) not in (POS, NEG):
                if jump_capable(run.f):
                    unlocated(run, C, f"could not solve {textbook(h)} = 0 (where f may not be differentiable) "
                                      f"on an unbounded interval")
                    return
                # points where f may kink beyond the window, not located: that tail is then decided by
                # a bound of f there alone (beyond.check_tail), not by f′'s sign
                for lst in (run.tails, run.kink_tails):
                    if (d * R, d) not in lst:
                        lst.append((d * R, d))
        a, b = W.inf, W.sup
    ha = run.compile(h)
    if ha is None:
        unlocated(run, C, f"could not locate the points where {textbook(h)} = 0")
        return
    dh = run.compile(differentiate(h, run.x)[0])
    with _prec(128):
        roots, und, _ = isolate_roots(ha, dh, a, b, run.digits, time.monotonic() + run.slice(0.2, 2.0))
    for r in roots:
        if any(r.lo.union(r.hi).contains(to_arb(e)) and _vanishes(h.subs(run.x, e)) for e in (a, b)
               if not C.contains(e)):
            continue    # the one root in the box is the excluded end itself
        rec = recover_exact(run, h, r.lo, r.hi)
        p = pt_exact(rec) if rec is not None else Pt(None, r.lo.union(r.hi), True)
        nondiff.append(p)
        cands.append((p, "nondifferentiable", "" if rec is not None else "certified"))
    for lo, hi in und:
        p = Pt(None, lo.union(hi), False)
        nondiff.append(p)
        cands.append((p, "nondifferentiable", "not certified"))


def nondifferentiable(run, C, nondiff: list, cands: list) -> list:
    """The non-differentiable points inside the component C, appended to ``nondiff``
    and to ``cands`` as (point, "nondifferentiable", detail); returns the exact
    points where f jumps."""
    interior = sp.Interval(C.start, C.end, True, True)
    from ..derivative import find_nondifferentiable   # not at the top: calc.derivative imports this module (via nondiff)
    nd = find_nondifferentiable(run.f, run.x, interior, seconds=run.slice(0.15, 2.0), exact=False)
    jumps = []
    refine = MAX_REFINED
    for item in nd:
        if isinstance(item, sp.Basic):  # unsolved condition g = 0: isolate numerically
            if isinstance(item, sp.Eq) and isinstance(item.lhs, sp.frac):
                jumps += integer_crossings(run, item.lhs.args[0], C, nondiff, cands)
                continue
            unsolved_kinks(run, item, C, nondiff, cands)
            continue
        p = pt_exact(item.point)
        nondiff.append(p)
        kind = "kink" if item.kind.startswith("possible") else item.kind
        if kind not in ("jump", "domain endpoint") and refine > 0:
            refine -= 1     # beyond MAX_REFINED points the cheap estimate's name stands
            kind = kink_kind(run, item.point) or kind
        cands.append((p, "nondifferentiable", kind))
        if item.kind == "jump":
            jumps.append(item.point)
    return jumps


MAX_REFINED = 12    # points per component whose kind is decided by one-sided limits (~0.1 s each)


def kink_kind(run, p):
    """corner, cusp or vertical tangent, decided by the one-sided derivatives of f at p
    (the limits of the difference quotient, :func:`calc.stages.limits.limit`); None when
    a limit is not known or the two do not name one of these."""
    if not p.is_number:
        return None
    x = run.x
    fp = run.f.subs(x, p)
    if fp.has(sp.nan, sp.zoo) or not fp.is_finite:
        return None
    q = (run.f - fp) / (x - p)
    left = limit(run, p, "-", q, quiet=True)
    right = limit(run, p, "+", q, quiet=True) if left is not None else None
    if left is None or right is None:
        return None
    if left.is_infinite and right.is_infinite:
        return "vertical tangent" if left == right else "cusp"
    if left.is_finite and right.is_finite:
        return "corner" if sp.simplify(left - right) != 0 else None
    return "corner"      # one side finite, the other infinite: the curve turns there


def kink_candidates(expr: sp.Basic, x: sp.Symbol) -> tuple[list, list]:
    """(expressions g whose zeros may be non-differentiable points, arguments u of
    floor/ceiling whose integer values are jumps), from the catalogue: each
    function's ``kinks`` and ``jumps``; ``integer_jumps`` for floor and ceiling;
    a power u^v with u and v both varying at u = 0; a piecewise function at its
    breakpoints."""
    gs, steps = [], []
    for n in nodes(expr):
        if not n.has(x):
            continue
        entry = by_head(type(n))
        if isinstance(n, sp.frac) or (entry is not None and entry.integer_jumps):
            steps.append(n.args[0])
        elif n.is_Pow:
            b, e = n.base, n.exp
            if b.has(x) and e.has(x):
                gs.append(b)
            elif b.has(x):
                gs.extend(k.args[0] if isinstance(k, sp.Abs) else k for k in entry.kinks(b, e))
        elif isinstance(n, sp.Piecewise):
            for pair in n.args:
                for r in pair.cond.atoms(Relational):
                    gs.append(r.lhs - r.rhs)
        elif entry is not None:
            gs.extend(entry.kinks(*n.args))
            gs.extend(entry.jumps(*n.args))
    out = []
    for g in gs:
        if g.has(x) and g not in out:
            out.append(g)
    return out, steps
