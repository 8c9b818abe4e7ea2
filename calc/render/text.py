"""Plain text of a one-variable extrema result."""
from __future__ import annotations

import math
from typing import Optional

import sympy as sp

from ..printing import textbook
from ..stages.intervals import interval_text, set_text


def derivative_shown(r):
    """f′ as the finder simplified it for display (f′ itself when it did not)."""
    return r.derivative_display if r.derivative_display is not None else r.derivative


def domain_label(r) -> str:
    """``domain on the interval``, or on one period when f is periodic and its domain is not
    written out on the whole interval."""
    P = r.domain_period
    return "domain on the interval" if P is None else f"domain on one period {interval_text(P)} (it repeats)"


def extremum_text(e: Optional[object], word: str, x: str = "x") -> str:
    """``global maximum: 18 at x = 3``, or why there is none (``x``: the variable's name)."""
    if e is None or not e.decided:
        if e is None or e.bound is None:
            return f"global {word}: not decided"
        side = "at least" if word == "maximum" else "at most"
        where = ", ".join(f"{x} = {p.text()}" for p in e.points[:3])
        if len(e.points) > 3:
            where += f" and {len(e.points) - 3} more points"
        return f"global {word}: not decided ({side} {e.bound.text()}" + (f" at {where})" if where else ")")
    if not e.attained:
        sup = "supremum" if word == "maximum" else "infimum"
        v = e.value.text()
        if e.value.is_infinite:
            return f"no global {word}: f is unbounded ({sup} {v}; {e.reason})"
        return f"no global {word}: {sup} {v} is not attained ({e.reason})"
    # (a family holds every attaining point; e.points are those of its points the finder met)
    where = [family_text(fam, x) for fam in e.families] or [f"{x} = {p.text()}" for p in e.points]
    opens = e.open_ends or ((False, False),) * len(e.intervals)
    where += [f"every {x} in {'(' if lo_o else '['}{a.text()}, {b.text()}{')' if hi_o else ']'}"
              for (a, b), (lo_o, hi_o) in zip(e.intervals, opens)]
    return f"global {word}: {e.value.text()} at " + ", ".join(where) + (f" ({e.reason})" if e.reason else "")


_SETS = {"integers": "ℤ", "naturals0": "ℕ₀", "naturals": "ℕ"}


def family_text(fam, x: str = "x") -> str:
    """x = 2πk + π/2, k ∈ ℤ (the points on the interval; ``x``: the variable's name)."""
    k = sp.Symbol("k", integer=True)
    ks = _SETS[fam.k]
    if fam.span is not None:
        lo, hi, lo_open, hi_open = fam.span
        ends = fam.span_exact
        a, b = (textbook(e) for e in ends) if ends else (f"{lo.text()} + {textbook(k * fam.period)}",
                                                          f"{hi.text()} + {textbook(k * fam.period)}")
        return f"every {x} in {'(' if lo_open else '['}{a}, {b}{')' if hi_open else ']'}, k ∈ {ks}"
    if fam.exact is not None:
        return f"{x} = {textbook(fam.exact)}, k ∈ {ks}"
    if fam.equation is not None:
        return f"every {x} with {textbook(fam.equation[0])} = {textbook(fam.equation[1])}, k ∈ {ks}"
    return f"{x} = {fam.base.text()} + {textbook(k * fam.period)}, k ∈ {ks}"



def stationary_text(r, x: str = "x") -> str:
    """The stationary points and the intervals where f′ = 0 at every point, along the line:
    ``every x in [0, 1], 3`` (``none`` when there are none)."""
    items = [(p.sort_key(), p.text()) for p in r.stationary_points
             if not (p.exact is not None and any(P.contains(p.exact) == sp.true for P in r.stationary_intervals))]
    items += [(float(P.inf) if P.inf.is_finite else -math.inf, f"every {x} in {interval_text(P)}")
              for P in r.stationary_intervals]
    return ", ".join(t for _, t in sorted(items, key=lambda i: i[0])) or "none"


KIND_WORDS = {"max": "local maximum", "min": "local minimum", "neither": "not an extremum"}


def strict_word(e) -> str:
    """" (strict)", " (not strict)", or "" for a point that is not an extremum."""
    return "" if e.kind == "neither" else (" (strict)" if e.strict else " (not strict)")


def extrema_text(r) -> str:
    x = r.variable.name
    L = [f"f({x}) = {textbook(r.function)} on {interval_text(r.interval)}",
         f"{domain_label(r)}: {set_text(r.domain)}",
         f"f′({x}) = {textbook(derivative_shown(r))}"]
    L.append(f"stationary points (f′ = 0): {stationary_text(r, x)}")
    L.append(f"non-differentiable points: {', '.join(p.text() for p in r.nondifferentiable_points) or 'none'}")
    for fam in r.families:
        L.append(f"infinitely many critical points: {fam}")
    L.append("candidates:")
    kinds = [c.kind + (f" ({c.detail})" if c.detail else "") for c in r.candidates]
    kw = max([22] + [len(k) + 1 for k in kinds])
    L.append(f"  {x:<34} {'kind':<{kw}} f({x})")
    for c, kind in zip(r.candidates, kinds):
        L.append(f"  {c.x.text():<34} {kind:<{kw}} {c.value.text()}")
    for w, v, why in r.limits:
        L.append(f"  limit {w:<28} {'(' + why + ')':<{kw}} {v.text()}")
    if r.local_extrema:
        L.append("classification:")
        for e in r.local_extrema:
            L.append(f"  {x} = {e.x.text()}: {KIND_WORDS[e.kind]}{strict_word(e)} — {e.test}")
    L.append(extremum_text(r.maximum, "maximum", x))
    L.append(extremum_text(r.minimum, "minimum", x))
    for n in r.notes:
        L.append(f"note: {n}")
    if r.status != "ok":
        L.append(f"status: {r.status}")
    return "\n".join(L)
