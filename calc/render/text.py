"""Plain text of a one-variable extrema result."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from ..printing import textbook
from ..stages.intervals import interval_text, set_text


def derivative_shown(r):
    """f′ as the finder simplified it for display (f′ itself when it did not)."""
    return r.derivative_display if r.derivative_display is not None else r.derivative


def extremum_text(e: Optional[object], word: str) -> str:
    """``global maximum: 18 at x = 3``, or why there is none."""
    if e is None or not e.decided:
        if e is None or e.bound is None:
            return f"global {word}: not decided"
        side = "at least" if word == "maximum" else "at most"
        where = ", ".join(f"x = {p.text()}" for p in e.points[:3])
        if len(e.points) > 3:
            where += f" and {len(e.points) - 3} more points"
        return f"global {word}: not decided ({side} {e.bound.text()}" + (f" at {where})" if where else ")")
    if not e.attained:
        sup = "supremum" if word == "maximum" else "infimum"
        v = e.value.text()
        if e.value.is_infinite:
            return f"no global {word}: f is unbounded ({sup} {v}; {e.reason})"
        return f"no global {word}: {sup} {v} is not attained ({e.reason})"
    where = [_family_text(p, T, e.family_k) for p, T in e.families] or [f"x = {p.text()}" for p in e.points]
    opens = e.open_ends or ((False, False),) * len(e.intervals)
    where += [f"every x in {'(' if lo_o else '['}{a.text()}, {b.text()}{')' if hi_o else ']'}"
              for (a, b), (lo_o, hi_o) in zip(e.intervals, opens)]
    return f"global {word}: {e.value.text()} at " + ", ".join(where)


def _family_text(p, T, ks: str = "integers") -> str:
    k = sp.Symbol("k", integer=True)
    where = "k ∈ ℤ" if ks == "integers" else "k = 0, 1, 2, …"
    if p.exact is not None:
        return f"x = {textbook(p.exact + k * T)}, {where}"
    return f"x = {p.text()} + {textbook(k * T)}, {where}"


_KIND = {"max": "local maximum", "min": "local minimum", "neither": "not an extremum"}


def extrema_text(r) -> str:
    x = r.variable.name
    L = [f"f({x}) = {textbook(r.function)} on {interval_text(r.interval)}",
         f"domain on the interval: {set_text(r.domain)}",
         f"f′({x}) = {textbook(derivative_shown(r))}"]
    L.append(f"stationary points (f′ = 0): {', '.join(p.text() for p in r.stationary_points) or 'none'}")
    L.append(f"non-differentiable points: {', '.join(p.text() for p in r.nondifferentiable_points) or 'none'}")
    for fam in r.families:
        L.append(f"infinitely many critical points: {fam}")
    L.append("candidates:")
    L.append(f"  {'x':<34} {'kind':<22} f(x)")
    for c in r.candidates:
        kind = c.kind + (f" ({c.detail})" if c.detail else "")
        L.append(f"  {c.x.text():<34} {kind:<22} {c.value.text()}")
    for w, v, why in r.limits:
        L.append(f"  limit {w:<28} {'(' + why + ')':<22} {v.text()}")
    if r.local_extrema:
        L.append("classification:")
        for e in r.local_extrema:
            strict = "" if e.kind == "neither" else (" (strict)" if e.strict else " (not strict)")
            L.append(f"  x = {e.x.text()}: {_KIND[e.kind]}{strict} — {e.test}")
    L.append(extremum_text(r.maximum, "maximum"))
    L.append(extremum_text(r.minimum, "minimum"))
    for n in r.notes:
        L.append(f"note: {n}")
    if r.status != "ok":
        L.append(f"status: {r.status}")
    return "\n".join(L)
