"""Stage: the tails of the extremum stage — beyond the window where f′'s roots were isolated
(|x| > R on a half-line), no global extremum: f′ of one sign there, or f strictly between the
minimum and the maximum (proven to infinity by calc.stages.tails); poles found beyond the window where
the domain is not decided; f defined at points arbitrarily far out (:func:`dense_on_tail`)."""
from __future__ import annotations

import math

import sympy as sp

from ..catalogue import by_head, native
from ..differentiate import differentiate
from ..printing import textbook
from .balls import NotCompilable, to_arb
from .conditions import conditions
from .critical import root_target
from .poles import pole_limits
from .precision import precision as _prec
from .tails import _SMOOTH_BREAKERS, NEG, POS, conditions_on_tail, sign_on_tail

_BREAKERS = _SMOOTH_BREAKERS + (sp.Abs, sp.sign)      # (and kinks: zeros of |u| may fill an interval)


def check_tail(run, R, direction, maximum, minimum, entries, g=None):
    """Beyond the window where f′'s roots were isolated, no extremum — proven on the whole half-line
    (calc.stages.tails): f′ (``g``) keeps one strict sign there, so f is strictly monotone on the
    tail, whose values run from f(R) to the limit at infinity (not where f may kink or jump on the
    tail: ``run.kink_tails``); or f stays strictly below the maximum and above the minimum there.
    Otherwise the run is partial: balls on [R·2^k, R·2^(k+1)] would reach R·2^64 only, a computation
    and not a proof for the rest of the half-line."""
    word = f"{run.x.name} > {textbook(R)}" if direction > 0 else f"{run.x.name} < {textbook(R)}"
    if g is not None and (R, direction) not in run.kink_tails and _monotone_tail(run, g, R, direction):
        run.notes.append(f"f′ keeps one sign for {word} (proven on the whole half-line): f is strictly monotone "
                         f"there and no global extremum lies there")
        return
    if beaten_on_tail(run, R, direction, maximum, minimum):
        run.notes.append(f"for {word}, f stays strictly between the minimum and the maximum (proven on the whole "
                         f"half-line), so no global extremum lies there")
        return
    run.partial(f"critical points for {word} were not examined (f′ = 0 has no closed form there, and neither "
                f"the sign of f′ nor a bound of f was proven on the whole half-line)")


def _monotone_tail(run, g, R, direction) -> bool:
    """Is f′ = g free of zeros on the tail (so, continuous there, of one sign): its numerator (its zeros
    in the domain) of one sign on the whole half-line (calc.stages.tails)?"""
    return sign_on_tail(root_target(run, g), run.x, R, direction, run.slice(0.2, 3.0)) in (POS, NEG)


def beaten_on_tail(run, R, direction, maximum, minimum, holes: bool = False) -> bool:
    """Is f strictly below the maximum and above the minimum on the whole tail, proven to infinity
    (an infinite supremum / infimum is never reached; a finite value V by the sign of V − f there)?
    ``holes``: wherever f is defined on the tail (where that is not decided: any point may be missing)."""
    for ext, s in ((maximum, +1), (minimum, -1)):
        v = None if ext is None else ext.value
        if v is None:
            return False
        if v.exact is not None and v.exact == s * sp.oo:
            continue
        V = v.exact
        if V is None and v.certified and v.lo is not None and v.hi is not None:
            # an enclosure: beyond its far end by one float step (the float of a ball's end is rounded)
            V = sp.Rational(math.nextafter(v.lo, -math.inf) if s > 0 else math.nextafter(v.hi, math.inf))
        if V is None or V.has(sp.oo, -sp.oo, sp.zoo, sp.nan) or not _finite(V):
            return False
        if sign_on_tail(s * (V - run.f), run.x, R, direction, run.slice(0.25, 3.0), holes=holes) != POS:
            return False
    return True


def _holes_only(run, R, direction, written) -> list | None:
    """The expressions u of f's conditions u ≠ 0 (and of the formula as written) when every other
    condition is proven on the whole half-line beyond R; None otherwise."""
    x = run.x
    conds = list(dict.fromkeys(list(conditions(native(run.f), x)) + list(written)))
    rest = [c for c in conds if not isinstance(c, sp.Ne)]
    if R.is_infinite or R == 0 or (rest and conditions_on_tail(rest, x, R, direction, run.slice(0.1, 1.0)) is not True):
        return None
    return [c.lhs - c.rhs for c in conds if isinstance(c, sp.Ne)]


def dense_on_tail(run, R, direction, written) -> bool:
    """Is f defined at points arbitrarily far out beyond R — every condition but u ≠ 0 proven on the
    whole half-line, and the zeros of each u without interior there (then the points where f is not
    defined, a finite union of closed sets without interior, leave points in every [M, ∞))?  The zeros
    of u have no interior when u keeps one strict sign, is a nonzero rational function, a product or
    power of such parts, strictly monotone (u′ of one strict sign: at most one zero on each piece), or
    G(v) with G an analytic function of the catalogue (its zeros isolated) and v strictly monotone."""
    us = _holes_only(run, R, direction, written)
    if us is None:
        return False
    x, seconds = run.x, run.slice(0.1, 1.0)

    def strict(e, holes=True):
        return sign_on_tail(e, x, R, direction, seconds, holes=holes) in (POS, NEG)

    def monotone(e):
        return not e.has(*_BREAKERS) and strict(differentiate(e, x)[0])

    def thin(u, depth=3):
        if not u.has(x):
            return u.is_number and u != 0
        if depth == 0 or u.has(*_BREAKERS):
            return False
        if u.is_rational_function(x):
            return sp.fraction(sp.together(u))[0].expand() != 0
        if u.is_Mul:
            return all(thin(a, depth - 1) for a in u.args)
        if u.is_Pow and not u.exp.has(x):
            return thin(u.base, depth - 1)
        if strict(u) or monotone(u):
            return True
        return by_head(u) is not None and len(u.args) == 1 and monotone(u.args[0])
    return all(thin(u) for u in us)


def tail_poles(run, R, direction, written) -> list:
    """:func:`pole_limits` on [R·2^k, R·2^(k+1)], k < 8, beyond the window (R, ∞) (direction +1) or
    (−∞, R), where the domain was not decided: when every condition of f other than u ≠ 0 (and of the
    formula as written, ``written``) is proven on the whole half-line, f is defined there but at the
    zeros of those u, and a pole found there makes sup f = +∞ and inf f = −∞."""
    if _holes_only(run, R, direction, written) is None:
        return []
    conds = [c for c in list(conditions(native(run.f), run.x)) + list(written) if not isinstance(c, sp.Ne)]
    boxes = [(R * 2 ** k, R * 2 ** (k + 1)) if direction > 0 else (R * 2 ** (k + 1), R * 2 ** k) for k in range(8)]
    return pole_limits(run, boxes, conds)


def _finite(V) -> bool:
    try:
        with _prec(128):
            return to_arb(V).is_finite()
    except (NotCompilable, ValueError, TypeError, ZeroDivisionError):
        return False
