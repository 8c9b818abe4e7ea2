"""Stage helper: where each node of f is defined, as relations, and their truth at a point or on a piece.

Every node of f says where it is defined — the catalogue's ``domain`` of each function (log u: u > 0;
arcsin u: −1 ≤ u ≤ 1; tan u: cos u ≠ 0 ...), and the powers (u^(−n): u ≠ 0; u^(p/q), q even: u ≥ 0;
u^v: u > 0).  The truth of each condition can change only at a zero of the expressions it compares
with 0 (its *targets*).  Used by the certified domain (certified_domain.py), the limits and the domain
ends with no closed form (boundaries.py).
"""
from __future__ import annotations

from typing import Optional

import sympy as sp

from .. import budget
from ..catalogue import by_head, native
from .balls import NotCompilable, ball, compile_ball, to_arb
from .context import SYMPY_ERRORS
from .one_sided import bounds
from .precision import precision
from .walk import nodes, reciprocal


def conditions(f: sp.Expr, x: sp.Symbol) -> list:
    """The relations in x that hold exactly where every node of f is defined."""
    out = []
    for n in nodes(f):
        if n.has(x):
            out += node_conditions(n, x)
    return list(dict.fromkeys(c for c in out if c is not sp.true))


def node_conditions(n: sp.Expr, x: sp.Symbol) -> list:
    """Where the node n itself is defined (its arguments aside), as relations."""
    if n.is_Pow:
        return _power_conditions(n.base, n.exp, x)
    e = by_head(n)
    if e is not None and len(n.args) == 1:
        return list(e.domain(n.args[0]))
    return []


def _power_conditions(b, p, x) -> list:
    if not b.has(x) and p.has(x):
        return []           # a^u: the parser and sympy keep a > 0 (a negative base is refused by the balls)
    if p.has(x):
        return [b > 0]
    if p.is_Integer:
        return [sp.Ne(b, 0)] if p < 0 else []
    if p.is_Rational and p.q % 2 == 1:
        return [sp.Ne(b, 0)] if p < 0 else []
    return [b >= 0] if p > 0 else [b > 0]


def _targets(c) -> list:
    """Expressions whose zeros are the only places where the truth of c may change."""
    out = []
    for r in c.atoms(sp.core.relational.Relational):
        out += _factors(r.lhs - r.rhs)
    return out


def _factors(g, split: bool = True) -> list:
    g = sp.factor_terms(g)
    if split and not g.is_Mul:
        # 1 − (cot x − c)² is (1 − cot x + c)(1 + cot x − c): factors that sympy can solve
        ok, h = budget.run(lambda: sp.factor(g), 0.5)
        if ok and h is not None and h.is_Mul:
            return [k for a in h.args for k in _factors(a, False)]
    if g.is_Mul:
        return [h for a in g.args for h in _factors(a)]
    if g.is_Pow and g.exp.is_number:
        return _factors(g.base)
    if isinstance(g, (sp.Abs, sp.sign)):      # (|u| and sign u vanish where u does)
        return _factors(g.args[0])
    return [g] if g.free_symbols else []


def _nonzero(v) -> bool:
    """Is the number v proven different from 0 (by a ball)?"""
    try:
        with precision(128):
            b = to_arb(v)
        return b.is_finite() and not b.contains(0)
    except (ValueError, TypeError, ZeroDivisionError, NotCompilable):
        return False


def _is_zero(v) -> bool:
    if _nonzero(v):
        return False            # (a ball that excludes 0 settles it without simplify)
    ok, r = budget.run(lambda: sp.simplify(v) == 0, 1.0)
    return bool(ok and r)


def _truth(conds, x, p, exact: bool) -> Optional[bool]:
    """Do all conditions hold at the point p?  None when it cannot be decided (one condition
    proven false decides: f is not defined at p, whatever the others)."""
    unknown = False
    for c in conds:
        reps = {}
        for r in c.atoms(sp.core.relational.Relational):
            s = _sign_at(r.lhs - r.rhs, x, p, exact)
            if s is not None:
                reps[r] = {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "==": s == 0, "!=": s != 0}[r.rel_op]
        t = c.xreplace({k: sp.true if v else sp.false for k, v in reps.items()})
        if t == sp.false:
            return False
        unknown = unknown or t != sp.true
    return None if unknown else True


def _sign_at(g, x, p, exact: bool) -> Optional[int]:
    """The sign of g at the exact point p: by balls (no symbolic evaluation: p^p at a rational with
    a 2^62 denominator would take sympy hours), then, for 0, exactly."""
    try:
        with precision(200):
            b = compile_ball(g, x)(to_arb(p))
    except (NotCompilable, *SYMPY_ERRORS):
        return None
    if b > 0:
        return 1
    if b < 0:
        return -1
    if exact:
        ok, v = budget.run(lambda: g.subs(x, p), 1.0)
        if ok and v is not None and not v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            # (sympy's value: arccos(arccos(cos 1)) is arccos(1) = 0, where the ball of arccos at the
            # ball of arccos(cos 1) ∋ 1 is NaN)
            try:
                with precision(200):
                    w = to_arb(v)
            except (ValueError, TypeError, ZeroDivisionError, NotCompilable):
                w = None
            if w is not None and (w > 0 or w < 0):
                return 1 if w > 0 else -1
            if _is_zero(v):
                return 0
    return None


def holds_on(conds, x, a, b) -> bool:
    """Is every condition proven true on all of [a, b] (balls of the sides of its relations)?"""
    with precision(128):
        box = ball(a, b)
        for c in conds:
            reps = {}
            for r in c.atoms(sp.core.relational.Relational):
                try:
                    v = compile_ball(r.lhs - r.rhs, x)(box)
                except (NotCompilable, *SYMPY_ERRORS):
                    return False
                true = v.is_finite() and {">": v > 0, ">=": v >= 0, "<": v < 0, "<=": v <= 0,
                                          "==": v == 0, "!=": v > 0 or v < 0}[r.rel_op]
                reps[r] = bool(true)
            if c.xreplace({k: sp.true if t else sp.false for k, t in reps.items()}) != sp.true:
                return False
    return True


def _false_on(conds, x, a, b, unlocated: dict) -> bool:
    """Is one of the conditions proven false on all of (a, b)?  (See :func:`_on_piece`.)"""
    return any(t == sp.false for t in _on_piece(conds, x, a, b, unlocated))


def _true_on(conds, x, a, b, unlocated: dict) -> bool:
    """Is every condition proven true on all of the open (a, b)?  (See :func:`_on_piece`.)"""
    return a != b and all(t == sp.true for t in _on_piece(conds, x, a, b, unlocated))


def _on_piece(conds, x, a, b, unlocated: dict) -> list:
    """Each condition on all of (a, b): sp.true / sp.false when proven, else what is left of it.
    A relation is decided by balls of its sides on [a, b]; or, when its expression d is continuous on
    (a, b) and has no zero there — every zero of d and of the targets of d's own conditions (its
    poles) located, none inside (a, b): no target left a box over it — by its sign at one point."""
    mid = _rational_between(a, b) if a != b else a

    def located(e) -> bool:
        ts = _factors(e, False)
        return all(t in unlocated and not any(qa < b and a < qb for qa, qb in unlocated[t]) for t in ts)
    out = []
    with precision(128):
        box = ball(a, b)
        for c in conds:
            reps = {}
            for r in c.atoms(sp.core.relational.Relational):
                d = r.lhs - r.rhs
                try:
                    v = compile_ball(d, x)(box)
                except (NotCompilable, *SYMPY_ERRORS):
                    v = None
                truth = _ball_truth(r.rel_op, v) if v is not None and v.is_finite() else None
                if truth is None and a != b:
                    # d enclosed where it is defined (arguments cut to their domains): false there means
                    # the condition fails wherever d exists — and where d does not, f does not either
                    try:
                        w = compile_ball(d, x, ranges=True)(box)
                    except (NotCompilable, *SYMPY_ERRORS):
                        w = None
                    if w is not None and w.is_finite() and _ball_truth(r.rel_op, w) is False:
                        truth = False
                    elif w is None or not w.is_finite():
                        truth = _against_bounds(r.rel_op, bounds(d, x, to_arb(a), to_arb(b)))
                if truth is None and a == b:        # one point: its sign, exactly if need be
                    s = _sign_at(d, x, a, True)
                    truth = _holds(r.rel_op, s) if s is not None else None
                if truth is None and a != b and located(d) and all(
                        located(t) for q in conditions(native(d), x) for t in _targets(q)):
                    s = _sign_at(d, x, mid, False)
                    truth = _holds(r.rel_op, s) if s is not None else None
                if truth is not None:
                    reps[r] = truth
            out.append(c.xreplace({k: sp.true if t else sp.false for k, t in reps.items()}))
        if a != b and sp.false not in out and _out_of_band(conds, x, box):
            out.append(sp.false)
    return out


def _against_bounds(op: str, bnd) -> Optional[bool]:
    """False when one-sided bounds of d (calc.stages.one_sided: ln x ≤ ln ε on (0, ε], where d has no
    ball) contradict d op 0 wherever d is defined; None otherwise."""
    lo, hi = bnd
    if (op == ">" and hi is not None and hi <= 0) or (op == ">=" and hi is not None and hi < 0) or \
            (op == "<" and lo is not None and lo >= 0) or (op == "<=" and lo is not None and lo > 0):
        return False
    return None


def _out_of_band(conds, x, box) -> bool:
    """Is an expression t that conditions hold in a band lo ≤ t ≤ hi (arcsin t: −1 ≤ t ≤ 1) outside it
    on the whole box wherever t is defined — next to a pole of t, where t has no ball but 1/t (written
    without poles) has one: |1/t| ≤ m there, so |t| ≥ 1/m > max(|lo|, |hi|)?"""
    band: dict = {}
    for c in conds:
        if isinstance(c, (sp.GreaterThan, sp.StrictGreaterThan, sp.LessThan, sp.StrictLessThan)) \
                and c.rhs.is_number and c.lhs.has(x):
            lo, hi = band.get(c.lhs, (None, None))
            band[c.lhs] = (c.rhs, hi) if c.rel_op in (">=", ">") else (lo, c.rhs)
    for t, (lo, hi) in band.items():
        if lo is None or hi is None:
            continue
        ok, q = budget.run(lambda t=t: reciprocal(t), 0.5)
        try:
            w = compile_ball(q, x)(box) if ok and q is not None else None
            edge = max(abs(to_arb(lo)), abs(to_arb(hi)))
        except (NotCompilable, *SYMPY_ERRORS):
            continue
        if w is not None and w.is_finite() and max(abs(w.lower()), abs(w.upper())) * edge < 1:
            return True
    return False


def _holds(op: str, s: int) -> bool:
    return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "==": s == 0, "!=": s != 0}[op]


def _ball_truth(op: str, v) -> Optional[bool]:
    """A relation d op 0 on a box where d's ball is v: True / False when proven, else None."""
    true = {">": v > 0, ">=": v >= 0, "<": v < 0, "<=": v <= 0, "==": v == 0, "!=": v > 0 or v < 0}[op]
    false = {">": v <= 0, ">=": v < 0, "<": v >= 0, "<=": v > 0, "==": v > 0 or v < 0, "!=": v == 0}[op]
    return True if true else False if false else None


def _rational_between(a, b) -> sp.Rational:
    fa, fb = float(a), float(b)
    m = sp.Rational(fa + (fb - fa) / 2)
    if not (a < m < b):
        m = (sp.Rational(sp.N(a, 30)) + sp.Rational(sp.N(b, 30))) / 2
    return m
