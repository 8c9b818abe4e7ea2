"""Ball (arb) arithmetic for expressions in several variables."""
from __future__ import annotations

from typing import Optional

import mpmath
import sympy as sp
from flint import arb, ctx

from ..catalogue import balls as _cb
from ..catalogue import by_key


class _prec:
    """Temporarily set arb's working precision (bits)."""

    def __init__(self, bits: int):
        self.bits = bits

    def __enter__(self):
        self.old = ctx.prec
        ctx.prec = self.bits

    def __exit__(self, *a):
        ctx.prec = self.old


class _NotCompilable(Exception):
    pass


def _nan() -> arb:
    return arb("nan")


class BallEnv:
    """What compiled ball functions share: the placeholder constants (certified roots without a
    closed form, Dummy -> arb) and the flag set when an argument lies entirely outside a
    function's domain.  One per solving context, so no state is shared between calls."""

    def __init__(self):
        self.placeholders: dict = {}
        self.outside = False


def _hull(lo: arb, hi: arb) -> arb:
    return lo.union(hi)


def _powi(a: arb, n: int) -> arb:
    r, b = arb(1), a
    while n:
        if n & 1:
            r = r * b
        b = b * b
        n >>= 1
    return r


def _ipow(b: arb, n: int) -> arb:
    """b**n for an integer n, tight for balls containing 0 (arb's ** is not)."""
    if n == 0:
        return arb(1)
    if n < 0:
        return 1 / _ipow(b, -n)
    if n == 1:
        return b
    if not b.is_finite():
        return _nan()
    if b.rad() == 0:
        return _powi(b, n)
    if n % 2 == 0:
        lo, hi = b.abs_lower(), b.abs_upper()
    else:
        lo, hi = b.lower(), b.upper()
    return _hull(_powi(lo, n).lower(), _powi(hi, n).upper())


def _nonneg(b: arb, env: Optional[BallEnv] = None) -> Optional[arb]:
    """b clipped at 0 when it dips below only by rounding; None when genuinely negative."""
    if not b.is_finite():
        return None
    lo, hi = b.lower(), b.upper()
    if lo >= 0:
        return b
    if hi < 0:
        if env is not None:
            env.outside = True
        return None
    if -lo <= (hi - lo) * arb("1e-8") or hi == 0 or -lo <= arb(2) ** (10 - ctx.prec) * (1 + abs(hi)):
        return _hull(arb(0), hi)     # below 0 only by rounding
    return None


def _monotone(b: arb, fn, env: Optional[BallEnv] = None) -> arb:
    """fn increasing on [0, oo): enclosure of fn over b ∩ [0, oo)."""
    c = _nonneg(b, env)
    if c is None:
        return _nan()
    if c.rad() == 0:
        return fn(c)
    lo = c.lower()
    lo = arb(0) if lo < 0 else lo
    return _hull(fn(lo).lower(), fn(c.upper()).upper())


def _rpow(b: arb, p: int, q: int, env: Optional[BallEnv] = None) -> arb:
    """b**(p/q) for a non-negative base (principal power)."""
    if p < 0:
        return 1 / _rpow(b, -p, q, env)
    return _monotone(b, lambda t: _ipow(t.root(q), p) if t > 0 else (arb(0) if t == 0 else _nan()), env)


_UNARY = {
    sp.sin: lambda t: t.sin(), sp.cos: lambda t: t.cos(), sp.tan: lambda t: t.tan(),
    sp.cot: lambda t: t.cot(), sp.sec: lambda t: t.sec(), sp.csc: lambda t: t.csc(),
    sp.exp: lambda t: t.exp(), sp.log: lambda t: t.log() if t > 0 else _nan(),
    sp.atan: lambda t: t.atan(),
    sp.asin: lambda t: t.asin() if not (t > 1 or t < -1) else _nan(),
    sp.acos: lambda t: t.acos() if not (t > 1 or t < -1) else _nan(),
    sp.acot: by_key["acot"].arb,   # sympy's branch (−π/2, π/2], from the catalogue
    sp.sinh: lambda t: t.sinh(), sp.cosh: lambda t: t.cosh(), sp.tanh: lambda t: t.tanh(),
    sp.asinh: lambda t: t.asinh(), sp.acosh: lambda t: t.acosh(), sp.atanh: lambda t: t.atanh(),
    sp.coth: lambda t: t.coth(), sp.sech: lambda t: t.sech(), sp.csch: lambda t: t.csch(),
    sp.Abs: _cb.absolute, sp.sign: _cb.sign,
    sp.asec: lambda t: (1 / t).acos(), sp.acsc: lambda t: (1 / t).asin(),
}

# arguments on which a function is undefined everywhere (sets BallEnv.outside)
_ENTIRELY_OUTSIDE = {sp.log: lambda t: t <= 0, sp.asin: lambda t: t > 1 or t < -1,
                     sp.acos: lambda t: t > 1 or t < -1}


def _crootof_ball(r: sp.CRootOf) -> arb:
    bits = ctx.prec + 20
    q = r.eval_rational(dx=sp.Rational(1, 2 ** bits), dy=sp.Rational(1, 2 ** bits), n=int(bits * 0.31) + 5)
    q = sp.re(q) if not q.is_real else q
    b = arb(int(q.p)) / int(q.q)
    return b + arb(0, 2.0 ** -bits)


def _compile(expr: sp.Expr, vars_: list, env: Optional[BallEnv] = None):
    """A function of a list of arb balls enclosing expr over the box they form."""
    env = env if env is not None else BallEnv()
    places = env.placeholders
    index = {v: i for i, v in enumerate(vars_)}
    memo: dict = {}

    def build(e):
        f = memo.get(e)
        if f is None:
            f = memo[e] = _build(e)
        return f

    def _build(e):
        if e.is_Symbol:
            if e not in index:
                if e in places:
                    b = places[e]
                    return lambda X: b
                raise _NotCompilable(f"free symbol {e}")
            i = index[e]
            return lambda X: X[i]
        if e.is_Integer:
            v = int(e)
            return lambda X: arb(v)
        if e.is_Rational:
            p, q = int(e.p), int(e.q)
            return lambda X: arb(p) / q
        if e.is_Float:
            s = str(e)
            return lambda X: arb(s)
        if e is sp.pi:
            return lambda X: arb.pi()
        if e is sp.E:
            return lambda X: arb(1).exp()
        if isinstance(e, sp.CRootOf):
            if not e.is_real:
                raise _NotCompilable("complex root")
            return lambda X: _crootof_ball(e)
        if e.is_Number or e in (sp.oo, -sp.oo, sp.zoo, sp.nan) or e.has(sp.I):
            raise _NotCompilable(str(e))
        if e.is_Add:
            fs = [build(a) for a in e.args]

            def add(X):
                s = fs[0](X)
                for g in fs[1:]:
                    s = s + g(X)
                return s
            return add
        if e.is_Mul:
            fs = [build(a) for a in e.args]

            def mul(X):
                s = fs[0](X)
                for g in fs[1:]:
                    s = s * g(X)
                return s
            return mul
        if e.is_Pow:
            fb = build(e.base)
            ex = e.exp
            if ex.is_Integer:
                n = int(ex)
                return lambda X: _ipow(fb(X), n)
            if ex == sp.S.Half:
                return lambda X: _monotone(fb(X), lambda t: t.sqrt(), env)
            if ex == -sp.S.Half:
                return lambda X: 1 / _monotone(fb(X), lambda t: t.sqrt(), env)
            if ex.is_Rational:
                p, q = int(ex.p), int(ex.q)
                return lambda X: _rpow(fb(X), p, q, env)
            if e.base is sp.E:
                fe = build(ex)
                return lambda X: fe(X).exp()
            fe = build(ex)

            def gpow(X):
                b = fb(X)
                if not (b > 0):
                    return _nan()
                return (fe(X) * b.log()).exp()
            return gpow
        if isinstance(e, (sp.Max, sp.Min)):
            fs = [build(a) for a in e.args]
            pick = _cb.maximum if isinstance(e, sp.Max) else _cb.minimum
            return lambda X: pick(*[g(X) for g in fs])
        if isinstance(e, sp.Heaviside):
            fa = build(e.args[0])
            return lambda X: _cb.heaviside(fa(X))
        if isinstance(e, sp.Piecewise):
            # calc's derivatives at kinks and jumps: a value where a condition holds, undefined elsewhere
            pieces = [(build(pc.expr), cond(pc.cond)) for pc in e.args]

            def pw(X):
                vals = []
                for fe, fc in pieces:
                    t = fc(X)
                    if t is False:
                        continue
                    vals.append(fe(X))
                    if t is True:
                        break
                else:
                    return _nan()        # part of the box may lie where no piece is defined
                out = vals[0]
                for v in vals[1:]:
                    out = _nan() if not (out.is_finite() and v.is_finite()) else out.union(v)
                return out
            return pw
        f = _UNARY.get(type(e))
        if f is not None and len(e.args) == 1:
            fa = build(e.args[0])
            entirely = _ENTIRELY_OUTSIDE.get(type(e))

            def un(X):
                a = fa(X)
                if not a.is_finite():
                    return _nan()
                if entirely is not None and entirely(a):
                    env.outside = True
                    return _nan()
                try:
                    return f(a)
                except (ValueError, ZeroDivisionError):
                    return _nan()
            return un
        if isinstance(e, sp.log) and len(e.args) == 2:
            fa, fb2 = build(e.args[0]), build(e.args[1])
            return lambda X: fa(X).log() / fb2(X).log()
        raise _NotCompilable(type(e).__name__)

    def cond(c):
        """A function of the box: True / False when c holds / fails on all of it, None when undecided."""
        if c is sp.true:
            return lambda X: True
        if c is sp.false:
            return lambda X: False
        if isinstance(c, (sp.And, sp.Or)):
            parts = [cond(a) for a in c.args]
            want = isinstance(c, sp.Or)

            def conj(X):
                vals = [g(X) for g in parts]
                if want in vals:
                    return want
                return None if None in vals else not want
            return conj
        if isinstance(c, sp.Not):
            g = cond(c.args[0])
            return lambda X: (None if (t := g(X)) is None else not t)
        if isinstance(c, sp.core.relational.Relational):
            fd = build(c.lhs - c.rhs)
            op = c.rel_op

            def rel(X):
                d = fd(X)
                if not d.is_finite():
                    return None
                if op in (">", "<"):
                    pos = d > 0 if op == ">" else d < 0
                    neg = d <= 0 if op == ">" else d >= 0
                elif op in (">=", "<="):
                    pos = d >= 0 if op == ">=" else d <= 0
                    neg = d < 0 if op == ">=" else d > 0
                elif op == "!=":
                    pos, neg = not d.contains(0), d == 0
                else:
                    pos, neg = d == 0, not d.contains(0)
                return True if pos else False if neg else None
            return rel
        raise _NotCompilable(type(c).__name__)

    return build(expr)


def _mid(b: arb) -> float:
    return float(b.mid())


def _mpf(b: arb):
    return mpmath.mpf(b.mid()._mpf_)


def _box_balls(B) -> list:
    return [_hull(arb(lo), arb(hi)) for lo, hi in B]
