"""The extremum finder for functions of one variable: the front door.

``calc.extrema(f, x=None, on="[a, b]")`` follows the textbook, one stage
(:mod:`calc.stages`) per step: the natural domain on the interval
(:mod:`~calc.stages.domain`), f′, the points where f is not differentiable
(:mod:`~calc.stages.kinks`), the stationary points f′ = 0
(:mod:`~calc.stages.critical`: exact first, otherwise isolated with ball
arithmetic, each enclosure proven to hold exactly one root), the endpoints and
one-sided limits (:mod:`~calc.stages.limits`), the values of the candidates
(:mod:`~calc.stages.compare`), the classification of each interior candidate
(:mod:`~calc.stages.classify`) and the global maximum and minimum with every
point attaining them — or the supremum/infimum and why it is not attained.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Optional

import sympy as sp

from . import budget
from .derivative import ExprLike, only_variables, resolve
from .differentiate import differentiate
from .catalogue import native
from .errors import CalcError, EmptyDomainError, ParameterError
from .nondiff import jump_capable
from .numbers import Num
from .let import takes_let
from .parsing import free_symbols, parse_written
from .printing import textbook
from .stages.periods import on_period, one_period, period_of
from .results import UNDECIDED, Candidate, ExtremaResult, Extremum, LocalExtremum
from .stages.balls import to_arb
from .stages.boundaries import settle
from .stages.classify import classify
from .stages.compare import (candidate_values, extremum, inner_point, limit_values, plateau_values,
                             stationary_intervals)
from .stages.context import Run, pt_exact
from .stages.critical import critical_points
from .stages.conditions import conditions, node_conditions
from .stages.domain import components, natural_domain, written_conditions
from .stages.intervals import interval_text, parse_interval
from .stages.kinks import nondifferentiable
from .stages.beyond import beaten_on_tail, check_tail, dense_on_tail, tail_poles
from .stages.tails import conditions_on_tail
from .stages.limits import check_doubtful, check_region, end_limits, limit, strictly_inside, swings
from .stages.limit_laws import search_poles
from .stages.poles import beyond_pole, pole_limits, without_poles
from .stages.oscillation import check_oscillation, cut_oscillation, derivative_oscillation
from .stages.sweep import find_sweep, with_sweep
from .stages.walk import nodes

__all__ = ["extrema", "extrema_1d", "parse_interval", "natural_domain", "ExtremaResult", "Candidate",
           "LocalExtremum", "Extremum"]


def _find(run: Run) -> ExtremaResult:
    """The stages in order, on each component of the domain."""
    f, x, I = run.f, run.x, run.I
    share = run.slice(0.3, 4.0)
    ok, got = budget.run(lambda: natural_domain(f, x, I, share, run.written, run.domain_boxes), share * 2)
    D, dnotes, decided = got if ok and got is not None else (
        I, ["the natural domain could not be determined within the time budget: the answer below is for the "
            "whole interval and is not certified"], False)
    if not (ok and got is not None):
        run.domain_boxes.append((I.inf, I.sup))     # (nowhere certified: no limit decides alone)
    if run.restrict is not None:
        D = sp.Intersection(D, run.restrict)
    run.notes += dnotes
    domain_note = None if decided else (dnotes[-1] if dnotes else "the natural domain is not certified")
    comps, isolated = components(D)
    if not comps and not isolated:
        if not decided:
            raise CalcError(f"could not decide where f = {textbook(f)} is defined on {interval_text(I)}"
                            + (f" ({dnotes[-1]})" if dnotes else ""))
        raise EmptyDomainError(f"f = {textbook(f)} is not defined anywhere on {interval_text(I)}: it takes no "
                               f"values there")
    g = differentiate(f, x)[0]
    stationary, nondiff, undecided, plateaus = [], [], [], []
    cands: list = []       # (pt, kind, detail)
    limits: list = []      # (point or ±oo, side, value, reason)
    near = []              # (C, a, b): the part [a, b] of C next to an end where f oscillates
    for C in comps:
        jumps = nondifferentiable(run, C, nondiff, cands)
        end_limits(run, C, jumps, cands, limits)
        derivative_oscillation(run, g, C)
        search, parts = cut_oscillation(run, C)
        near += [(C, a, b) for a, b in parts]
        plateaus += critical_points(run, g, search, nondiff, stationary, cands, undecided)
    for p in isolated:
        cands.append((pt_exact(p), "endpoint", "isolated point"))
    for P in plateaus:
        # an end of an interval where f′ = 0, inside the domain and no kink: f′ = 0 there too
        for e in (P.start, P.end):
            if e.is_finite and D.contains(e) == sp.true and not any(
                    q.exact is not None and q.exact == e for q, _, _ in cands):
                q = pt_exact(e)
                stationary.append(q)
                cands.append((q, "stationary", "end of an interval where f′ = 0"))
    run.deadline = run.end
    entries = candidate_values(run, cands, stationary, nondiff)
    lims = limit_values(limits)
    # infinite limits proven where the domain or the roots of f′ were not decided (poles with no closed form)
    boxes = [(a, b) for a, b in run.domain_boxes if a.is_finite and b.is_finite][:20] + run.regions[:20]
    proven = pole_limits(run, boxes, written_conditions(run.written, f, x) or [])
    for a, b in run.domain_boxes:
        if not proven and not (a.is_finite and b.is_finite):
            proven = tail_poles(run, b if a.is_infinite else a, -1 if a.is_infinite else +1,
                                written_conditions(run.written, f, x) or [])
    proven += _tail_limits(run, proven)
    lims += proven
    plat = plateau_values(run, plateaus, entries)
    local = classify(run, g, entries, stationary, nondiff, undecided, plat)
    maximum = extremum(run, entries, lims, plat, +1)
    minimum = extremum(run, entries, lims, plat, -1)
    for R, direction in run.tails:
        check_tail(run, R, direction, maximum, minimum, entries, g)
    holes = list(dict.fromkeys(e for e, *_ in limits if e.is_finite and not e.is_Float))
    for lo, hi in run.regions:
        check_region(run, lo, hi, maximum, minimum, entries, holes)
    for lo, hi in run.doubtful:
        check_doubtful(run, lo, hi, maximum, minimum, entries)
    if domain_note is not None and run.domain_boxes:
        maximum, minimum, domain_note = _settle_boxes(run, maximum, minimum, entries, domain_note)
    if domain_note is not None:
        if _harmless_boxes(run, maximum, minimum, entries):
            run.notes.append("where it is not decided whether f is defined, interval arithmetic bounds f strictly "
                             "between the minimum and the maximum")
        else:
            run.partial(domain_note)
    if run.undecided_extrema or run.status != "ok":
        # an answer is right or says it is undecided: a partial run fills in no value as if decided
        maximum = maximum.undecided() if maximum is not None else UNDECIDED
        minimum = minimum.undecided() if minimum is not None else UNDECIDED
        # limits decide alone: f → +∞ somewhere makes the supremum +∞ (not attained), whatever else is
        # open — at a point where the domain is certified (next to it, f is defined), or proven by a pole
        usable = [lim for lim in lims if lim in proven or _certified_at(run, lim[0])]
        usable += search_poles(run, {1, -1} - {1 if lim[2] == sp.oo else -1 for lim in usable
                                               if lim[2] in (sp.oo, -sp.oo)}, boxes)
        lims += [lim for lim in usable if lim not in lims]
        for end, side, L, reason, _ in usable:
            if L == sp.oo and not maximum.decided:
                maximum = Extremum(False, Num.of(L), reason=reason)
            elif L == -sp.oo and not minimum.decided:
                minimum = Extremum(False, Num.of(L), reason=reason)
    for C, a, b in near:      # (after the rule above: it may leave one of the two undecided)
        maximum, minimum = check_oscillation(run, C, a, b, maximum, minimum, lambda F, U, T: _period(run, F, U, T))
    if maximum is None or minimum is None or not (maximum.decided and minimum.decided):
        run.status = "partial"
    if plat:
        run.notes.append("f is constant on " + ", ".join(interval_text(P) for P, _, _ in plat)
                         + ": every point there is a non-strict local extremum")
    return ExtremaResult(
        run.f, run.x, run.restrict if run.restrict is not None else run.I, D, g,
        tuple(p.num() for p in sorted(stationary, key=lambda p: p.key)),
        tuple(p.num() for p in sorted(nondiff, key=lambda p: p.key)),
        tuple(Candidate(p.num(), kind, v, detail) for p, kind, detail, v, _ in entries),
        tuple(local), maximum, minimum, run.status, tuple(run.notes), tuple(run.families),
        tuple((f"{x.name} → {textbook(end)}{side if end.is_finite else ''}", Num.of(L), reason)
              for end, side, L, reason, _ in lims),
        stationary_intervals=tuple(Q for Q in (P if domain_note is None else _claimed(run, P)
                                               for P in stationary_intervals(run, plat, entries)) if Q is not None))


def _tail_limits(run, proven) -> list:
    """An infinite limit at an infinite end beyond the window where the domain is not described, but f
    is defined at points arbitrarily far out (stages/beyond.py: only isolated points u = 0 missing):
    sup f = +∞ (inf f = −∞) there, as at an end of the domain."""
    out = []
    for a, b in run.domain_boxes:
        if a.is_infinite == b.is_infinite or any(L in (sp.oo, -sp.oo) for _, _, L, _, _ in proven + out):
            continue
        R, d = (b, -1) if a.is_infinite else (a, +1)
        if not (run.I.inf < R < run.I.sup) or \
                not dense_on_tail(run, R, d, written_conditions(run.written, run.f, run.x) or []):
            continue
        end, side = (sp.oo, "-") if d > 0 else (-sp.oo, "+")
        L = limit(run, end, side, quiet=True)
        if L in (sp.oo, -sp.oo):
            out.append((end, side, L, "infinite end", None))
            run.notes.append(f"beyond {textbook(R)}, f is defined but at isolated points, and f → {textbook(L)} as "
                             f"{run.x.name} → {textbook(end)}")
        elif swings(run, end, side, lambda e: conditions_on_tail(conditions(native(e), run.x), run.x, R, d,
                                                                 run.slice(0.05, 0.5)) is True):
            out += [(end, side, sp.oo, "oscillation", None), (end, side, -sp.oo, "oscillation", None)]
            run.notes.append(f"beyond {textbook(R)}, f is defined but at isolated points, and it swings to ±∞ as "
                             f"{run.x.name} → {textbook(end)} (f = g·E(u) + h, E periodic taking both signs, u and "
                             f"|g| → ∞, h/g → 0): sup f = ∞ and inf f = −∞")
    return out


def _settle_boxes(run, maximum, minimum, entries, domain_note):
    """Boxes around a domain boundary with no closed form, decided (stages/boundaries.py)."""
    maximum, minimum, done = settle(run, run.domain_boxes, maximum, minimum, entries)
    for a, b, text in done:
        run.domain_boxes.remove((a, b))
        run.notes.append(text)
    if done and not run.domain_boxes and domain_note in run.notes:
        run.notes.remove(domain_note)       # (every box it names is settled)
    return maximum, minimum, (domain_note if run.domain_boxes else None)


def _harmless_boxes(run, maximum, minimum, entries) -> bool:
    """Can no point of the intervals where the domain is undecided (small boxes around a boundary
    with no closed form) be a global extremum: f bounded there strictly inside (min, max)?"""
    boxes = run.domain_boxes
    if not boxes or len(boxes) > 40:
        return False
    tails = [(b, -1) if a.is_infinite else (a, +1) for a, b in boxes if not (a.is_finite and b.is_finite)]
    # (a half-line beyond the certified window only — not the whole interval assumed as the domain —
    # with f strictly inside (min, max) wherever it is defined there)
    if any(R.is_infinite or not run.I.inf < R < run.I.sup for R, _ in tails) or \
            not all(beaten_on_tail(run, R, d, maximum, minimum, holes=True) for R, d in tails):
        return False
    fa = without_poles(run)
    return all(strictly_inside(run, to_arb(a), to_arb(b), maximum, minimum, entries, fa)
               or beyond_pole(run, to_arb(a), to_arb(b), maximum, minimum) for a, b in boxes
               if a.is_finite and b.is_finite)


def _claimed(run, P):
    """An interval where f′ = 0, when the domain is not decided everywhere: None when it meets an
    interval where the domain was not decided, or there is no record of those; else P, its ends
    open where they touch one (there f′ = 0 is known from one side only)."""
    boxes = run.domain_boxes
    if not boxes or any(bool(a < P.end) and bool(P.start < b) for a, b in boxes):
        return None
    ends = {e for box in boxes for e in box}
    return sp.Interval(P.start, P.end, P.left_open or P.start in ends, P.right_open or P.end in ends)


def _certified_at(run, p) -> bool:
    """Is p (a point, or ±oo) outside every interval where the domain was not decided?"""
    return not any(bool(a <= p) and bool(p <= b) for a, b in run.domain_boxes)


def _period(run: Run, F, U, T) -> Optional[ExtremaResult]:
    """The finder on one period [0, T] of F (for an oscillating end), in part of the time left."""
    r = extrema_1d(F, U, sp.Interval(0, T), run.digits, max(0.2, run.left() * 0.5))
    return r if r.status == "ok" else None


def extrema_1d(f: sp.Expr, x: sp.Symbol, interval: sp.Set, digits: int = 15, timeout: float = 10.0,
               written: tuple = (), sweep: bool = True) -> ExtremaResult:
    """The one-variable finder on a parsed function and interval (``written``: the formula's nodes
    as written, see :func:`calc.parsing.parse_written`).  With ``sweep``, f = F(u) with F periodic
    and u running through a whole period is tried first (stages/sweep.py): what it decides stands
    when the stages below (given half the time left when it decides both extrema) cannot decide."""
    if not (1 <= digits <= 100):
        raise CalcError("digits must be between 1 and 100")
    if timeout <= 0:
        raise CalcError("timeout must be positive")
    _nonempty(f, interval)
    t0 = time.monotonic()
    run = Run(f, x, interval, digits, timeout)
    run.written = written
    sw = None
    if sweep:
        ok, sw = budget.run(lambda: find_sweep(run, lambda F, U, T, s, w: extrema_1d(
            F, U, sp.Interval(0, T), digits, s, w, sweep=False)), timeout * 0.5)
        sw = sw if ok else None
    if sw is not None:
        # (half the time left when the sweep decided both extrema: the stages then only add detail)
        both = sw.maximum is not None and sw.minimum is not None
        share = max(0.1, (timeout - (time.monotonic() - t0)) * (0.5 if both else 1.0))
        run = Run(f, x, interval, digits, share)
        run.written = written
        why = "ran out of time"
        try:
            ok, res = budget.run(lambda: _find(run), share + 0.3, catch=False)
        except EmptyDomainError:
            raise
        except CalcError as exc:     # (a refusal of the stages, such as an undecided domain: the sweep stands)
            ok, why = False, f"stopped ({exc})"
        return with_sweep(res if ok else _unfinished(run, why), sw, x)
    ok, res = budget.run(lambda: _find(run), timeout - (time.monotonic() - t0) + 0.3, catch=False)
    if not ok:
        raise _TimeoutResult(f, x, interval)
    return res


def _unfinished(run: Run, why: str) -> ExtremaResult:
    """The result of a run that did not finish (for another stage to complete)."""
    note = (f"the stages of the finder {why}: the natural domain, the roots of f′ and the candidates "
            f"were not determined (the domain shown is the interval)")
    return ExtremaResult(run.f, run.x, run.I, run.I, differentiate(run.f, run.x)[0], (), (), (), (), UNDECIDED,
                         UNDECIDED, "partial", (note,))


class _TimeoutResult(CalcError):
    exit_code = 3
    kind = "timeout"

    def __init__(self, f, x, I):
        super().__init__(f"could not decide the extrema of {textbook(f)} on {interval_text(I)} within the "
                         f"time budget; try a larger --timeout or a smaller interval")
@takes_let
def extrema(f: ExprLike, x=None, on=None, digits: int = 15, timeout: float = 10.0):
    """Global maximum and minimum of f on an interval, with every candidate.

    ``on`` is an interval (``"[a, b]"``, ``"(a, b]"``, ``"[0, oo)"``, ``"R"``, a
    sympy Interval) for one variable, or a box (``{"x": "[a, b]", "y": "[c, d]"}``
    or ``"x in [a, b], y in [c, d]"``) for several.

    >>> r = extrema("x^3 - 3x", on="[-2, 3]")
    >>> r.maximum.value.exact, [p.exact for p in r.maximum.points]
    (18, [3])
    >>> r.minimum.value.exact, [p.exact for p in r.minimum.points]
    (-2, [-2, 1])
    """
    if isinstance(on, dict) or (isinstance(on, str) and on.count(" in ") >= 2):
        from .multivariate import extrema_box
        return extrema_box(f, on, timeout=timeout, digits=digits)
    expr, written = parse_written(f)
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    if x is None and len(syms) > 1:
        if on is None or isinstance(on, dict):
            from .multivariate import extrema_box
            return extrema_box(f, on, timeout=timeout, digits=digits)
        raise CalcError(f"{textbook(expr)} has several variables; give a box such as "
                        f"\"{syms[0].name} in [a, b], {syms[1].name} in [c, d]\"")
    expr, var = resolve(expr, x)
    if isinstance(on, str) and " in " in on:
        name = on.split(" in ", 1)[0].strip()
        if name != var.name:
            raise CalcError(f"the interval is for {name!r} but the variable is {var.name!r}")
    I = parse_interval(on)
    _nonempty(expr, I)       # (an empty interval wins: no values, whatever f's parameters)
    if x is not None and free_symbols(expr) - {var}:
        constant = _constant_in(expr, var, written, I, digits, timeout)
        if constant is not None:
            return constant
    only_variables(expr, [var], absent_ok=False)
    return _one_variable(expr, var, I, digits, timeout, written)


def _nonempty(f: sp.Expr, I: sp.Set) -> None:
    if I == sp.S.EmptySet:
        raise EmptyDomainError(f"the interval is empty: f = {textbook(f)} takes no values there")


def _one_variable(expr, var, I, digits, timeout, written) -> ExtremaResult:
    """The finder on I; a periodic f on ℝ or a half-line is solved on one period."""
    if one_period(I, sp.pi) is not None:
        t0 = time.monotonic()
        T = period_of(expr, var, min(2.0, timeout / 5))
        if T is not None:
            rest = max(0.1, timeout - (time.monotonic() - t0))
            try:
                return on_period(extrema_1d(expr, var, one_period(I, T)[0], digits, rest, written), I, T)
            except EmptyDomainError:
                raise EmptyDomainError(f"f = {textbook(expr)} is not defined anywhere on {interval_text(I)} (it is "
                                       f"periodic with period {textbook(T)} and defined nowhere on one period): it "
                                       f"takes no values there") from None
        timeout = max(0.1, timeout - (time.monotonic() - t0))    # (the search for a period is in the budget)
    return extrema_1d(expr, var, I, digits, timeout, written)


def _constant_in(f, x, written, I, digits, timeout) -> Optional[ExtremaResult]:
    """f with parameters whose derivative in x is identically 0 (proven by expand or simplify) and
    that cannot jump: f is constant on each interval of its domain in x.  The domain, candidates and
    plateaus are the finder's for the constant 0 under f's conditions in x (of the formula as
    written); the values are f's, symbolic in the parameters.  None when f′ is not proven 0; a
    ParameterError when the domain in x or the value depends on the parameters."""
    params = sorted(free_symbols(f) - {x}, key=lambda s: s.name)
    names = ", ".join(s.name for s in params)
    where = (f,) + tuple(written)
    if f.has(x) and jump_capable(f):   # (f′ = 0 does not make f constant across a jump: sympy's acot x + atan x)
        return None
    t0 = time.monotonic()
    ok, zero = budget.run(lambda: _identically_zero(differentiate(f, x)[0]), min(2.0, timeout / 5))
    if not (ok and zero):
        return None
    in_x = tuple(n for n in where if n.has(x) or not free_symbols(n) & set(params))
    try:
        conds = [c for n in in_x if n.has(x) for c in conditions(native(n), x)]
    except TypeError:         # a condition sympy cannot order: it depends on the parameters
        conds = None
    if conds is None or any(free_symbols(c) - {x} for c in conds):
        raise ParameterError(f"f = {textbook(f)} does not depend on {x.name}, but where it is defined in {x.name} "
                             f"depends on {names}; give {'them values' if len(params) > 1 else 'it a value'}",
                             tuple(s.name for s in params),
                             hint=f"let={{{', '.join(repr(s.name) + ': 2' for s in params)}}}")
    r = _one_variable(sp.S.Zero, x, I, digits, max(0.1, timeout - (time.monotonic() - t0)), in_x)
    ok, value = budget.run(lambda: _value(f, x, r.domain), max(0.1, min(2.0, timeout - (time.monotonic() - t0))))
    if not ok or value is None:
        raise ParameterError(f"f = {textbook(f)} is constant in {x.name} on each interval of its domain, but "
                             f"not proven to take one value on all of them; give "
                             f"{names} {'values' if len(params) > 1 else 'a value'}",
                             tuple(s.name for s in params))
    v = Num.of(value)

    def val(n):
        return v if n is not None and n.exact == 0 else n

    def ext(e):
        return e if e is None else replace(e, value=val(e.value), bound=val(e.bound))
    on_params = [c for n in where if not n.has(x) for m in nodes(native(n)) if not m.has(x) and m.free_symbols
                 for c in _node_conditions(m, x)]
    absent = "" if any(n.has(x) for n in where) else f" ({x.name} does not occur in it; its symbols are {names})"
    note = f"f does not depend on {x.name}{absent}: it is constant (= {textbook(value)}) on its domain; every point " \
           f"is stationary" + (f" (for the values of {names} where f is defined: "
                            f"{', '.join(textbook(c) for c in dict.fromkeys(on_params))})" if on_params else "")
    return replace(r, function=f, derivative=sp.S.Zero, maximum=ext(r.maximum), minimum=ext(r.minimum),
                   candidates=tuple(replace(c, value=val(c.value)) for c in r.candidates),
                   limits=tuple((w, val(n), why) for w, n, why in r.limits), notes=(note,) + tuple(r.notes))


def _identically_zero(g: sp.Expr) -> bool:
    """Is g identically 0 (sympy's expand or simplify gives exactly 0)?  A value of g clearly not 0
    at one rational point (each symbol its own) answers no at once, without simplify."""
    if g == 0 or sp.expand(g) == 0:
        return True
    at = g.xreplace({s: sp.Rational(2 * k + 3, 7) for k, s in enumerate(sorted(g.free_symbols, key=str))})
    n = at.evalf(30)
    if n.is_real and n.is_finite and abs(n) > 1e-20:
        return False
    return sp.simplify(g) == 0


def _node_conditions(n, x) -> list:
    """Where the node n (free of x) is defined, as relations in the parameters ([] when sympy cannot say)."""
    try:
        return [c for c in node_conditions(n, x) if c != sp.true]
    except TypeError:
        return []


def _value(f, x, D):
    """f's value on D where f′ = 0: one expression in the parameters for every component of D (f at
    a point of each), or None when they are not proven equal."""
    v = sp.expand(f)
    if not v.has(x):
        return v
    comps, isolated = components(D)
    vals = [sp.simplify(f.subs(x, p)) for p in [inner_point(C) for C in comps] + list(isolated)]
    if not vals or any(w.has(x) or sp.simplify(w - vals[0]) != 0 for w in vals):
        return None
    return vals[0]
