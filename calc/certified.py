"""Certified numerics with ball arithmetic (python-flint's arb).

* :func:`compile_arb` turns a sympy expression in one variable into a function
  on arb balls: the result is a ball proven to contain f(t) for every t in the
  input ball (NaN when f is undefined somewhere in it).
* :func:`isolate_roots` finds every root of g on [a, b]: each reported
  enclosure holds exactly one root (g is monotone there and changes sign),
  refined to the requested digits; boxes it cannot decide (a double root, a
  plateau) are returned separately, never dropped.

We use flint's arb rather than mpmath.iv: it is about 20x faster on the same
subdivision (measured on e^x - 6x and cos 3x + x²/10 isolation) and its
elementary functions are rigorously enclosed.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Optional

import sympy as sp
from flint import arb, ctx

from .catalogue import by_key
from .errors import BudgetExceeded


class NotCompilable(Exception):
    pass


def _hull(a: arb, b: arb) -> arb:
    return a.union(b)


def _nan():
    return arb("nan")


def _cmp(rel, l: arb, r: arb):
    """True / False when certain, None when the balls overlap."""
    if isinstance(rel, sp.StrictLessThan):
        return True if l < r else False if l >= r else None
    if isinstance(rel, sp.LessThan):
        return True if l <= r else False if l > r else None
    if isinstance(rel, sp.StrictGreaterThan):
        return True if l > r else False if l <= r else None
    if isinstance(rel, sp.GreaterThan):
        return True if l >= r else False if l < r else None
    if isinstance(rel, sp.Eq):
        return False if (l < r or l > r) else (True if (l == r) else None)
    if isinstance(rel, sp.Ne):
        return True if (l < r or l > r) else (False if (l == r) else None)
    raise NotCompilable(type(rel).__name__)


def _pow(b: arb, e) -> arb:
    if isinstance(e, int):
        return b ** e
    return b ** e


def _mono(fn):
    """A monotone function's range on a ball is the hull of its values at the two
    ends (much tighter than arb's Lipschitz bound on wide balls)."""
    def g(t):
        if t.rad() == 0 or not t.is_finite():
            return fn(t)
        a, b = fn(arb(t.lower())), fn(arb(t.upper()))
        if a.is_finite() and b.is_finite():
            return a.union(b)
        return fn(t)
    return g


_PI = None


def _periodic_mono(fn, phase, lo_val, hi_val):
    """sin / cos: monotone between consecutive critical points phase + kπ; the range
    on a ball crossing one of them also contains the extreme value reached there."""
    def g(t):
        if t.rad() == 0 or not t.is_finite():
            v = fn(t)
            return v if v.is_finite() else arb(0, 1)
        lo, hi = arb(t.lower()), arb(t.upper())
        pi = arb.pi()
        k1 = ((lo - phase * pi) / pi).floor()
        k2 = ((hi - phase * pi) / pi).floor()
        a, b = fn(lo), fn(hi)
        if not (k1.rad() == 0 and k2.rad() == 0):
            v = fn(t)
        elif k1 == k2:
            v = a.union(b)
        elif round(float(k2.mid())) - round(float(k1.mid())) == 1:
            k = round(float(k2.mid()))
            extreme = hi_val if k % 2 == 0 else lo_val
            v = a.union(b).union(arb(extreme))
        else:
            v = arb(0, 1)
        if not v.is_finite():
            return arb(0, 1)
        try:
            return v.intersection(arb(0, 1))
        except ValueError:  # pragma: no cover - rounding
            return v
    return g


def _sqrt(t: arb) -> arb:
    if t >= 0:
        return _mono(lambda s: s.sqrt())(t)
    up = t.upper()
    if up >= 0 and t.lower() < 0 and t.lower() > -1e-30 * (1 + abs(float(up))):
        # a ball that pokes below 0 only by rounding: the domain part [0, up]
        return arb(0).union(arb(up).sqrt())
    return t.sqrt()


_UNARY = {
    # sin is monotone between the critical points π/2 + kπ (value 1 at even k, -1 at odd k)
    sp.sin: _periodic_mono(lambda t: t.sin(), arb("0.5"), -1, 1),
    sp.cos: _periodic_mono(lambda t: t.cos(), arb(0), -1, 1),
    sp.tan: lambda t: t.tan(),
    sp.cot: lambda t: t.cot(), sp.sec: lambda t: t.sec(), sp.csc: lambda t: t.csc(),
    sp.exp: _mono(lambda t: t.exp()), sp.log: _mono(lambda t: t.log()), sp.atan: _mono(lambda t: t.atan()),
    sp.asin: _mono(lambda t: t.asin()), sp.acos: _mono(lambda t: t.acos()),
    sp.acot: by_key["acot"].arb,   # sympy's branch (−π/2, π/2], from the catalogue
    sp.sinh: _mono(lambda t: t.sinh()), sp.cosh: lambda t: t.cosh(), sp.tanh: _mono(lambda t: t.tanh()),
    sp.asinh: _mono(lambda t: t.asinh()), sp.acosh: _mono(lambda t: t.acosh()),
    sp.atanh: _mono(lambda t: t.atanh()),
    sp.coth: lambda t: t.coth(), sp.sech: lambda t: t.sech(), sp.csch: lambda t: t.csch(),
    sp.Abs: lambda t: abs(t),
    sp.asec: lambda t: (1 / t).acos(), sp.acsc: lambda t: (1 / t).asin(),
}


# set when a discontinuous function (a piecewise branch choice, sign, floor)
# was evaluated on a ball where it may jump: a sign change seen across such
# a ball is not a root
DISCONTINUITY = [0]


def _sign(t: arb) -> arb:
    if t > 0:
        return arb(1)
    if t < 0:
        return arb(-1)
    if t == 0:
        return arb(0)
    DISCONTINUITY[0] += 1
    return arb(0, 1)


def _floor(t: arb) -> arb:
    lo, hi = t.lower().floor(), t.upper().floor()
    if lo == hi:
        return lo
    DISCONTINUITY[0] += 1
    return _hull(lo, hi)


def compile_arb(expr: sp.Expr, x: sp.Symbol) -> Callable[[arb], arb]:
    """A function of one arb ball enclosing expr over it.

    |u| is rewritten as u·sign(u) first, so that u/|u| becomes sign(u), which
    interval arithmetic evaluates exactly away from u = 0 (no dependency blow-up).
    """
    memo: dict = {}
    abs_atoms = [a for a in _atoms_of(expr, sp.Abs)]
    if abs_atoms:
        expr = expr.xreplace({a: a.args[0] * sp.sign(a.args[0]) for a in abs_atoms})

    def build(e):
        if e in memo:
            return memo[e]
        f = _build(e)
        memo[e] = f
        return f

    def _build(e):
        if e == x:
            return lambda t: t
        if e.is_Integer:
            v = int(e)
            return lambda t: arb(v)
        if e.is_Rational:
            p, q = int(e.p), int(e.q)
            return lambda t: arb(p) / q
        if e is sp.pi:
            return lambda t: arb.pi()
        if e is sp.E:
            return lambda t: arb(1).exp()
        if e.is_Float:
            s = str(e)
            return lambda t: arb(s)
        if e.is_Number or e in (sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise NotCompilable(str(e))
        if isinstance(e, sp.CRootOf):
            # a real algebraic number: a tight ball around its 60-digit value
            from .numbers import crootof_value
            val = crootof_value(e)
            if val is None:
                raise NotCompilable(str(e))
            s = str(val)
            return lambda t: arb(s, "1e-50")
        if e.is_number and not e.free_symbols and not e.args:
            v = sp.N(e, 60)
            if not v.is_real:
                raise NotCompilable(str(e))
            s = str(v)
            return lambda t: arb(s, "1e-55")
        if e.is_Add:
            fs = [build(a) for a in e.args]

            def add(t):
                s = fs[0](t)
                for g in fs[1:]:
                    s = s + g(t)
                return s
            return add
        if e.is_Mul:
            fs = [build(a) for a in e.args]

            def mul(t):
                s = fs[0](t)
                for g in fs[1:]:
                    s = s * g(t)
                return s
            return mul
        if e.is_Pow:
            fb = build(e.base)
            ex = e.exp
            if ex.is_Integer:
                n = int(ex)
                return lambda t: fb(t) ** n
            if ex == sp.S.Half:
                return lambda t: _sqrt(fb(t))
            if ex.is_Rational:
                p, q = int(ex.p), int(ex.q)
                # principal power of a nonnegative base (odd real roots are |u|^r sign u)
                return lambda t: _rpow(fb(t), p, q)
            fe = build(ex)
            return lambda t: (fe(t) * fb(t).log()).exp()
        if isinstance(e, sp.sign):
            fa = build(e.args[0])
            return lambda t: _sign(fa(t))
        if isinstance(e, sp.frac):
            fa = build(e.args[0])
            return lambda t: fa(t) - _floor(fa(t))
        if isinstance(e, (sp.floor, sp.ceiling)):
            fa = build(e.args[0])
            if isinstance(e, sp.floor):
                return lambda t: _floor(fa(t))
            return lambda t: -_floor(-fa(t))
        if isinstance(e, sp.Heaviside):
            fa = build(e.args[0])
            return lambda t: (_sign(fa(t)) + 1) / 2 if not fa(t).contains(0) else arb("0.5", "0.5")
        if isinstance(e, (sp.Max, sp.Min)):
            fs = [build(a) for a in e.args]
            is_max = isinstance(e, sp.Max)

            def mm(t):
                vals = [g(t) for g in fs]
                lo = [v.lower() for v in vals]
                hi = [v.upper() for v in vals]
                if is_max:
                    l, h = max(lo, key=_key), max(hi, key=_key)
                else:
                    l, h = min(lo, key=_key), min(hi, key=_key)
                return _hull(l, h)
            return mm
        if isinstance(e, sp.Piecewise):
            branches = [(build(p.expr), p.cond) for p in e.args]
            conds = [_compile_cond(p.cond) for p in e.args]

            def pw(t):
                acc = None
                for (fv, _), fc in zip(branches, conds):
                    c = fc(t)
                    if c is False:
                        continue
                    if c is None:
                        DISCONTINUITY[0] += 1
                    v = fv(t)
                    acc = v if acc is None else _hull(acc, v)
                    if c is True:
                        return acc
                return acc if acc is not None else _nan()
            return pw
        f = _UNARY.get(type(e))
        if f is not None and len(e.args) == 1:
            fa = build(e.args[0])
            return lambda t: f(fa(t))
        raise NotCompilable(type(e).__name__)

    def _compile_cond(c):
        if c == sp.true:
            return lambda t: True
        if c == sp.false:
            return lambda t: False
        if isinstance(c, sp.And):
            parts = [_compile_cond(a) for a in c.args]

            def _and(t):
                vals = [p(t) for p in parts]
                if any(v is False for v in vals):
                    return False
                return True if all(v is True for v in vals) else None
            return _and
        if isinstance(c, sp.Or):
            parts = [_compile_cond(a) for a in c.args]

            def _or(t):
                vals = [p(t) for p in parts]
                if any(v is True for v in vals):
                    return True
                return False if all(v is False for v in vals) else None
            return _or
        if isinstance(c, sp.Not):
            inner = _compile_cond(c.args[0])

            def _not(t):
                v = inner(t)
                return None if v is None else not v
            return _not
        if isinstance(c, sp.core.relational.Relational):
            fl, fr = build(c.lhs), build(c.rhs)
            return lambda t: _cmp(c, fl(t), fr(t))
        raise NotCompilable(type(c).__name__)

    return build(expr)


def _atoms_of(e, cls):
    seen, stack, out = set(), [e], []
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        if isinstance(n, cls):
            out.append(n)
        stack.extend(n.args)
    return out


def _key(v: arb):
    return float(v.mid())


def _rpow(b: arb, p: int, q: int) -> arb:
    """b^(p/q) for b >= 0 (the caller keeps boxes inside the domain)."""
    if b > 0:
        return (b.log() * p / q).exp()
    if b < 0 or p < 0:
        return _nan()
    hi = b.upper()
    if not hi > 0:
        return arb(0)
    return _hull(arb(0), (hi.log() * p / q).exp())


def to_arb(v) -> arb:
    """An arb ball containing the (exact sympy, int, float or arb) number v."""
    if isinstance(v, arb):
        return v
    if isinstance(v, (int, float)):
        return arb(v)
    v = sp.sympify(v, strict=True)
    if v.is_Rational:
        return arb(int(v.p)) / int(v.q)
    return compile_arb(v, sp.Dummy())(arb(0))


def ball(lo, hi) -> arb:
    """The arb ball covering [lo, hi] (lo, hi arb or numbers)."""
    return to_arb(lo).union(to_arb(hi))


def finite(v: arb) -> bool:
    return v.is_finite()


@dataclass(frozen=True)
class RootEnclosure:
    lo: arb
    hi: arb
    certified: bool  # exactly one root inside (sign change + monotone)

    @property
    def mid(self) -> arb:
        return (self.lo + self.hi) / 2


def isolate_roots(g: Callable, dg: Optional[Callable], a, b, digits: int = 15,
                  deadline: Optional[float] = None, min_width: float = 1e-12,
                  max_boxes: int = 200_000):
    """Isolate the roots of g on [a, b] (a, b exact rationals or arb points).

    Returns (roots, undecided, plateaus): lists of RootEnclosure (certified,
    one simple root each), of (lo, hi) boxes where neither a root nor its
    absence could be proven, and of (lo, hi) boxes where g is identically 0.
    """
    roots, undecided, plateaus = [], [], []
    import heapq
    # widest box first: a region with infinitely many roots (sin(1/x) near 0)
    # stays one small undecided box while the rest of the interval is decided
    a0, b0 = to_arb(a), to_arb(b)
    heap = [(-float((b0 - a0).mid()), 0, a0, b0)]
    tick = 0
    count = 0
    while heap:
        count += 1
        if count > max_boxes or (deadline is not None and time.monotonic() > deadline):
            undecided.extend((l, h) for _, _, l, h in heap)
            break
        _, _, lo, hi = heapq.heappop(heap)
        box = ball(lo, hi)
        DISCONTINUITY[0] = 0
        gv = g(box)
        if gv.is_finite() and not gv.contains(0):
            continue
        if gv.is_finite() and gv == 0:
            plateaus.append((lo, hi))
            continue
        width = float((hi - lo).mid())
        if dg is not None and gv.is_finite() and DISCONTINUITY[0] == 0:
            dv = dg(box)
            if dv.is_finite() and not dv.contains(0):
                gl, gh = g(lo), g(hi)
                if (gl < 0 and gh > 0) or (gl > 0 and gh < 0):
                    roots.append(_refine(g, lo, hi, gl, digits))
                    continue
                if (gl < 0 and gh < 0) or (gl > 0 and gh > 0):
                    continue  # monotone without sign change: no root
                if gl == 0 or gh == 0:
                    # root exactly at an end point: split just off it
                    pass
        if width < min_width * max(1.0, abs(float(lo.mid()))):
            undecided.append((lo, hi))
            continue
        # split slightly off-centre, so that simple exact roots (0, 1, ...) fall
        # inside a box rather than on its boundary
        mid = arb((lo + (hi - lo) * arb("0.4990234375")).mid())
        for l, h in ((lo, mid), (mid, hi)):
            tick += 1
            heapq.heappush(heap, (-float((h - l).mid()), tick, l, h))
    roots.sort(key=lambda r: float(r.lo.mid()))
    return roots, _merge(undecided), _merge(plateaus)


def _merge(boxes):
    boxes = sorted(boxes, key=lambda b: float(b[0].mid()))
    out = []
    for lo, hi in boxes:
        if out and float((lo - out[-1][1]).mid()) <= 1e-300:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _refine(g, lo, hi, glo, digits) -> RootEnclosure:
    """Bisection on a certified sign change until the width is below 10^-digits relative."""
    neg_at_lo = glo < 0
    tol = 10.0 ** (-(digits + 2))
    for _ in range(400):
        scale = max(1.0, abs(float(lo.mid())))
        if float((hi - lo).mid()) < tol * scale:
            break
        mid = arb(((lo + hi) / 2).mid())
        gm = g(mid)
        if gm == 0:
            return RootEnclosure(mid, mid, True)
        if gm < 0:
            if neg_at_lo:
                lo = mid
            else:
                hi = mid
        elif gm > 0:
            if neg_at_lo:
                hi = mid
            else:
                lo = mid
        else:
            break  # the ball of g(mid) straddles 0: precision limit reached
    return RootEnclosure(lo, hi, True)


def with_precision(bits: int):
    class _P:
        def __enter__(self):
            self.old = ctx.prec
            ctx.prec = bits

        def __exit__(self, *a):
            ctx.prec = self.old
    return _P()
