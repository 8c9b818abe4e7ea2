"""Powers on arb balls, tight where arb's own are not (used by the ball compiler, balls.py).

Integer powers of balls holding 0 (x² on [−1, 1] is [0, 1]), real roots of non-negative bases,
calc's odd real powers sign(u)·|u|^r as one monotone function, and the patterns of a product's
factors that are powers of one base (|u|ⁿ written u^n·sign(u)^m; sign(u)·|u|^r).  ``st`` is the
evaluation's BallState (a base entirely below 0 records ``outside``).
"""
from __future__ import annotations

from typing import Optional

import sympy as sp
from flint import arb, ctx


def hull(lo: arb, hi: arb) -> arb:
    return lo.union(hi)


def powi(a: arb, n: int) -> arb:
    r, b = arb(1), a
    while n:
        if n & 1:
            r = r * b
        b = b * b
        n >>= 1
    return r


def ipow(b: arb, n: int) -> arb:
    """b**n for an integer n, tight for balls containing 0 (arb's ** is not)."""
    if n == 0:
        return arb(1)
    if n < 0:
        return 1 / ipow(b, -n)
    if n == 1:
        return b
    if not b.is_finite():
        return arb("nan")
    if b.rad() == 0:
        return powi(b, n)
    if n % 2 == 0:
        lo, hi = b.abs_lower(), b.abs_upper()
    else:
        lo, hi = b.lower(), b.upper()
    return hull(powi(lo, n).lower(), powi(hi, n).upper())


def nonneg(b: arb, st) -> Optional[arb]:
    """b clipped at 0 when it dips below only by rounding; None when genuinely negative."""
    if not b.is_finite():
        return None
    lo, hi = b.lower(), b.upper()
    if lo >= 0:
        return b
    if hi < 0:
        st.outside = True
        return None
    if -lo <= (hi - lo) * arb("1e-8") or hi == 0 or -lo <= arb(2) ** (10 - ctx.prec) * (1 + abs(hi)) \
            or -lo <= arb("1e-30") * (1 + abs(hi)):
        return hull(arb(0), hi)     # below 0 only by rounding
    return None


def monotone(b: arb, fn, st) -> arb:
    """fn increasing on [0, oo): enclosure of fn over b ∩ [0, oo)."""
    c = nonneg(b, st)
    if c is None:
        return arb("nan")
    if c.rad() == 0:
        return fn(c)
    lo = c.lower()
    lo = arb(0) if lo < 0 else lo
    return hull(fn(lo).lower(), fn(c.upper()).upper())


def rpow(b: arb, p: int, q: int, st) -> arb:
    """b**(p/q) for a non-negative base (principal power)."""
    if p < 0:
        return 1 / rpow(b, -p, q, st)
    return monotone(b, lambda t: ipow(t.root(q), p) if t > 0 else (arb(0) if t == 0 else arb("nan")), st)


def abs_pairs(factors):
    """Factors u**n · sign(u)**m (integers, n + m even) of a product are |u|**n:
    return [(u, n)] for them and the other factors."""
    powers = [f.as_base_exp() for f in factors]
    signs = {b.args[0]: (i, e) for i, (b, e) in enumerate(powers) if isinstance(b, sp.sign) and e.is_Integer}
    pairs, used = [], set()
    for i, (b, e) in enumerate(powers):
        if b in signs and e.is_Integer and e != 0 and i not in used:
            j, m = signs[b]
            if j not in used and (int(e) + int(m)) % 2 == 0:
                pairs.append((b, int(e)))
                used |= {i, j}
    return pairs, [f for i, f in enumerate(factors) if i not in used]


def signed_roots(factors):
    """Factors sign(u)^k · (u·sign(u))^r (k odd, r = p/q not an integer) of a product are the real
    power sign(u)·|u|^r (calc's odd roots, ∛u): return [(u, r)] for them and the other factors.
    (Enclosed as one monotone function: no jump of sign(u) at u = 0 where r > 0.)"""
    signs = {}
    for i, a in enumerate(factors):
        b, k = a.as_base_exp()
        if isinstance(b, sp.sign) and k.is_Integer and int(k) % 2:
            signs.setdefault(b.args[0], i)
    found, used = [], set()
    for i, a in enumerate(factors):
        b, r = a.as_base_exp()
        if not (r.is_Rational and not r.is_Integer and b.is_Mul):
            continue
        for sg in [t for t in b.args if isinstance(t, sp.sign)]:
            u = sg.args[0]
            j = signs.get(u)
            if j is not None and j not in used and i not in used and \
                    sp.Mul(*[t for t in b.args if t is not sg]) == u:
                found.append((u, r))
                used |= {i, j}
                break
    return found, [a for i, a in enumerate(factors) if i not in used]


def signed_pow(t: arb, p: int, q: int, st) -> arb:
    """sign(t)·|t|^(p/q): increasing and continuous for p > 0; for p < 0 decreasing on each side
    of its pole at 0 (NaN on a ball holding 0)."""
    if not t.is_finite():
        return arb("nan")
    if p < 0 and not (t > 0 or t < 0):
        st.discontinuity += 1       # (a pole at 0: f may jump there, as sign(t) alone said before)
        return arb("nan")

    def at(e: arb) -> arb:
        v = rpow(abs(e), p, q, st) if e != 0 else arb(0)
        return -v if e < 0 else v
    if t.rad() == 0:
        return at(t)
    return hull(at(arb(t.lower())), at(arb(t.upper())))


def edge_pow(b: arb, v: arb, st) -> arb:
    """u^v (defined for u > 0) on the part of a ball b = [0, c] with u > 0, for v ≥ 0 (x^x next to 0):
    u^v ≤ c^v ≤ max(c^v₀, c^v₁) and u^v > 0; where v may be 0 the value may jump (0^v against u^0)."""
    if not (b.is_finite() and v.is_finite()) or b.upper() <= 0 or v.lower() < 0:
        return arb("nan")
    c = b.upper()
    if v.lower() == 0:
        st.discontinuity += 1
    top = hull((v.lower() * c.log()).exp(), (v.upper() * c.log()).exp()).upper()
    return hull(arb(0), top)


def self_pow(b: arb) -> arb:
    """u^u for u > 0 in a ball b = [0, c]: u ln u falls from 0 (its limit at 0⁺) to −1/e at u = 1/e and
    rises after, so u^u lies in [e^(−1/e), max(1, c^c)] (x^x next to 0 is close to 1, not just ≥ 0)."""
    if not b.is_finite() or b.upper() <= 0:
        return arb("nan")
    c = b.upper()
    low = (-arb(1).exp() ** -1).exp() if c * arb(1).exp() >= 1 else (c * c.log()).exp()
    return hull(low.lower(), hull(arb(1), (c * c.log()).exp()).upper())
