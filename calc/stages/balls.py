"""The ball compiler: a sympy expression in any number of variables becomes a
function on arb balls whose value is proven to contain f over the box the balls
form (a NaN ball where f is undefined somewhere in it).

Enclosures are tight on wide balls: monotone functions are evaluated at the two
ends, sin/cos know their critical points, integer powers of balls containing 0
are not widened by arb's ``**``, |u| is rewritten as u·sign(u) so that u/|u|
cancels to sign(u) before any ball is formed.

Nothing is global: each evaluation carries a :class:`BallState` recording that a
discontinuous function (a piecewise branch choice, sign, floor, Heaviside,
sympy's acot) was evaluated where it may jump, or a function at an unbounded
argument (sin(1/x) next to 0) (a sign change there is not a root; a finite ball
with no such record is the range of a continuous function), or that an argument
lay entirely outside a function's domain.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> f = compile_ball(x**2 - 2, x)
>>> v = f(ball(-1, 1))          # x² on [-1, 1] is [0, 1], not arb's [-1, 1]
>>> v < 0, round(float(v.lower()), 6), round(float(v.upper()), 6)
(True, -2.0, -1.0)
"""
from __future__ import annotations

import math

from functools import lru_cache

from typing import Optional

import sympy as sp
from flint import arb, ctx

from ..catalogue import by_head
from .ball_powers import abs_pairs as _abs_pairs, ipow as _ipow, monotone as _monotone, rpow as _rpow
from .ball_powers import edge_pow as _edge_pow, self_pow as _self_pow
from .ball_powers import signed_pow as _signed_pow, signed_roots as _signed_roots
from .walk import atoms_of, log_power

__all__ = ["NotCompilable", "BallState", "BallFunction", "compile_balls", "compile_ball", "to_arb", "ball",
           "box_balls", "ball_state"]


class NotCompilable(Exception):
    """The expression holds something calc cannot enclose rigorously."""


class BallState:
    """What happened during one evaluation (fresh per call: no shared flags)."""

    __slots__ = ("discontinuity", "outside")

    def __init__(self):
        self.discontinuity = 0   # discontinuous functions evaluated where they may jump
        self.outside = False     # an argument lay entirely outside a function's domain


def _nan() -> arb:
    return arb("nan")


def _hull(lo: arb, hi: arb) -> arb:
    return lo.union(hi)


_abs = by_head(sp.Abs).arb
_exp = by_head(sp.exp).arb      # (tight on wide balls: its values at the two ends)


def _jump_flag(entry, build, arg):
    """A check run after evaluating ``entry``'s function: does the ball cross a jump
    (sign, Heaviside and sympy's acot at the zeros of ``jumps(u)``; floor and
    ceiling wherever the value is not one integer)?"""
    if entry.integer_jumps:
        return lambda a, v, X, st: not v.is_exact()
    js = [j for j in entry.jumps(arg) if j.has(sp.Symbol)] if entry.jumps else []
    if not js:
        return None
    fjs = [None if j == arg else build(j) for j in js]

    def crosses(a, v, X, st):
        for fj in fjs:
            w = a if fj is None else fj(X, st)
            if not (w > 0 or w < 0):
                return True
        return False
    return crosses


def _evaluator(head):
    """The catalogue's entry for a function head (its ``arb`` evaluator), or None."""
    entry = by_head(head)
    return entry if entry is not None and entry.arb is not None else None


# where an argument ball lies entirely outside the entry's domain (several-variable
# finders use this to drop a box instead of subdividing it); built from Entry.domain
_FALSE_ON = {">": lambda v: v <= 0, ">=": lambda v: v < 0, "<": lambda v: v >= 0, "<=": lambda v: v > 0}
_U = sp.Symbol("u", real=True)


@lru_cache(maxsize=None)
def _outside_test(entry):
    """t ↦ True when some condition of the entry's domain is false on the whole ball t."""
    tests = []
    for c in entry.domain(_U):
        alts = c.args if isinstance(c, sp.Or) else (c,)
        if not all(getattr(r, "rel_op", None) in _FALSE_ON for r in alts):
            continue            # ≠ conditions exclude points, never a whole ball
        tests.append([(compile_ball(r.lhs - r.rhs, _U), _FALSE_ON[r.rel_op]) for r in alts])
    if not tests:
        return None
    return lambda t: any(all(false(g(t)) for g, false in alts) for alts in tests)

@lru_cache(maxsize=None)
def _domain_clip(entry):
    """t ↦ t cut to the entry's domain when that is an interval [a, b] (arcsin: [−1, 1]; log:
    [0, ∞)), for enclosing f on the part of a ball where it is defined (``ranges`` mode); None
    when the domain is all of ℝ or not an interval of that kind."""
    lo = hi = None
    for c in entry.domain(_U):
        d = getattr(c, "rel_op", None)
        if d not in (">", ">=", "<", "<=") or not (c.lhs == _U and c.rhs.is_number):
            return None
        if d in (">", ">="):
            lo = c.rhs
        else:
            hi = c.rhs
    if lo is None and hi is None:
        return None
    a = to_arb(lo) if lo is not None else None
    b = to_arb(hi) if hi is not None else None

    def clip(t):
        if not t.is_finite() or ((a is None or t >= a) and (b is None or t <= b)):
            return t
        l = t.lower() if a is None or t.lower() > a else a
        h = t.upper() if b is None or t.upper() < b else b
        return l.union(h) if not h < l else t
    return clip


# functions that keep their own answer on a non-finite argument (sin(1/x) at 0)
_OWN_NONFINITE = (sp.sin, sp.cos)


# ---------------------------------------------------------------- numbers
def _crootof_ball(r: sp.CRootOf) -> arb:
    bits = ctx.prec + 20
    q = r.eval_rational(dx=sp.Rational(1, 2 ** bits), dy=sp.Rational(1, 2 ** bits), n=int(bits * 0.31) + 5)
    q = sp.re(q) if not q.is_real else q
    b = arb(int(q.p)) / int(q.q)
    return b + arb(0, 2.0 ** -bits)


def to_arb(v) -> arb:
    """An arb ball containing the (exact sympy, int, float or arb) number v."""
    if isinstance(v, arb):
        return v
    if isinstance(v, (int, float)):
        return arb(v)
    v = sp.sympify(v, strict=True)
    if v.is_Rational:
        return arb(int(v.p)) / int(v.q)
    return compile_balls(v, [])([])


def ball(lo, hi) -> arb:
    """The arb ball covering [lo, hi] (lo, hi arb or numbers); when lo is 0 the ball begins exactly at 0
    (arb rounds a radius up, so the plain union of [0, c] reaches below 0, where x^x has no ball)."""
    a, b = to_arb(lo), to_arb(hi)
    u = a.union(b)
    if not (a.is_zero() and b > 0 and b.is_finite()):
        return u                        # (the exact start matters at 0, the end of x > 0: x^x, ln x)
    w = (b.upper() - a) / 2
    r = arb(arb(0), w).rad()          # the radius arb stores for w (rounded up)
    v = arb(a + r, w)
    return v if v.lower() >= a and v.upper() >= b.upper() else u


def box_balls(B) -> list:
    """The balls covering a box given as [(lo, hi), ...] (one per variable)."""
    return [ball(lo, hi) for lo, hi in B]


# ---------------------------------------------------------------- the compiler
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


class BallFunction:
    """A compiled expression: ``f(X)`` (a list of balls, one per variable) is an
    arb enclosure; ``f.enclose(X)`` also returns the evaluation's :class:`BallState`."""

    __slots__ = ("_fn", "expr", "vars")

    def __init__(self, fn, expr, vars_):
        self._fn, self.expr, self.vars = fn, expr, tuple(vars_)

    def enclose(self, X) -> tuple[arb, BallState]:
        st = BallState()
        return self._fn(X, st), st

    def __call__(self, X) -> arb:
        return self._fn(X, BallState())


class BallFunction1(BallFunction):
    """One variable: ``f(t)`` and ``f.enclose(t)`` take a single ball."""

    __slots__ = ()

    def enclose(self, t) -> tuple[arb, BallState]:
        st = BallState()
        return self._fn((t,), st), st

    def __call__(self, t) -> arb:
        return self._fn((t,), BallState())


def compile_ball(expr: sp.Expr, x: sp.Symbol, constants: Optional[dict] = None,
                 ranges: bool = False, clamp: bool = False) -> BallFunction1:
    """:func:`compile_balls` for one variable: ``f(t)`` on one ball."""
    return compile_balls(expr, [x], constants, _cls=BallFunction1, ranges=ranges, clamp=clamp)


def compile_balls(expr: sp.Expr, vars_, constants: Optional[dict] = None, _cls=BallFunction,
                  ranges: bool = False, clamp: bool = False) -> BallFunction:
    """A function of a list of arb balls (one per variable in ``vars_``) enclosing
    expr over the box they form.  ``constants`` maps further symbols to balls
    (certified roots without a closed form used as numbers).

    With ``ranges`` the result encloses f on the part of the box where f is defined: a function
    whose argument cannot be enclosed (1/x on a ball holding 0) returns its whole range when the
    catalogue bounds it (``Entry.bounds``: sin(1/x) ∈ [−1, 1]), and an argument partly outside
    an interval domain is cut to it (arcsin of [0.9, 1.1] is arcsin of [0.9, 1]).  For bounding
    f near an oscillating end and for the zeros of a domain condition — not a test of where f is
    defined (a ball partly outside gives no NaN), so the default is off.

    With ``clamp`` the result encloses the extension of f that cuts each argument to its function's
    closed interval domain (√ of max(u, 0), arcsin of u cut to [−1, 1]): equal to f where f is
    defined and continuous wherever its parts are, so a finite ball with no jump on [p, p + ε] proves
    that f has a limit at an end p of its domain (the value of that extension at p), where the plain
    ball is NaN as soon as the rounding of u pushes it past 1.

    Raises :class:`NotCompilable` for what calc cannot enclose rigorously.
    """
    index = {v: i for i, v in enumerate(vars_)}
    consts = dict(constants or {})
    memo: dict = {}
    abs_atoms = atoms_of(expr, sp.Abs)
    if abs_atoms:
        # |u| = u·sign(u): u/|u| cancels to sign(u) symbolically
        expr = expr.xreplace({a: a.args[0] * sp.sign(a.args[0]) for a in abs_atoms})

    def build(e):
        f = memo.get(e)
        if f is None:
            f = memo[e] = _build(e)
        return f

    def _product(fs):
        def mul(X, st):
            s = fs[0](X, st)
            for g in fs[1:]:
                s = s * g(X, st)
            return s
        return mul

    def _build(e):
        if e.is_Symbol:
            if e in index:
                i = index[e]
                return lambda X, st: X[i]
            if e in consts:
                b = consts[e]
                return lambda X, st: b
            raise NotCompilable(f"free symbol {e}")
        if e.is_Integer:
            v = int(e)
            return lambda X, st: arb(v)
        if e.is_Rational:
            p, q = int(e.p), int(e.q)
            return lambda X, st: arb(p) / q
        if e is sp.pi:
            return lambda X, st: arb.pi()
        if e is sp.E:
            return lambda X, st: arb(1).exp()
        if e.is_Float:
            s = str(e)
            return lambda X, st: arb(s)
        if isinstance(e, sp.CRootOf):
            if not e.is_real:
                raise NotCompilable("complex root")
            cache: dict = {}

            def croot(X, st):
                b = cache.get(ctx.prec)
                if b is None:
                    b = cache[ctx.prec] = _crootof_ball(e)
                return b
            return croot
        if e.is_Number or e in (sp.oo, -sp.oo, sp.zoo, sp.nan) or e.has(sp.I):
            raise NotCompilable(str(e))
        if e.is_number and not e.free_symbols and not e.args:
            v = sp.N(e, 60)      # a named constant (EulerGamma, Catalan ...)
            if not v.is_real:
                raise NotCompilable(str(e))
            s = str(v)
            return lambda X, st: arb(s, "1e-55")
        if e.is_Add:
            fs = [build(a) for a in e.args]

            def add(X, st):
                s = fs[0](X, st)
                for g in fs[1:]:
                    s = s + g(X, st)
                return s
            return add
        if e.is_Mul:
            roots, rest = _signed_roots(e.args)
            pairs, rest = _abs_pairs(rest)
            fs = [build(a) for a in rest]
            for u, r in roots:
                fu = build(u)
                fs.append(lambda X, st, fu=fu, p=int(r.p), q=int(r.q): _signed_pow(fu(X, st), p, q, st))
            for u, n in pairs:
                fu = build(u)
                fs.append(lambda X, st, fu=fu, n=n: _ipow(_abs(fu(X, st)), n))
            return (lambda X, st: arb(1)) if not fs else fs[0] if len(fs) == 1 else _product(fs)
        if e.is_Pow:
            return _pow(e)
        if isinstance(e, sp.frac):
            fl = _function(sp.floor(e.args[0]))
            fa = build(e.args[0])
            return lambda X, st: fa(X, st) - fl(X, st)
        if isinstance(e, sp.DiracDelta):
            fa = build(e.args[0])

            def delta(X, st):
                a = fa(X, st)
                if a > 0 or a < 0:
                    return arb(0)
                st.discontinuity += 1
                return _nan()
            return delta
        if isinstance(e, sp.Piecewise):
            return _piecewise(e)
        if isinstance(e, sp.log) and len(e.args) == 2:
            fa, fb = _function(sp.log(e.args[0], evaluate=False)), _function(sp.log(e.args[1], evaluate=False))
            return lambda X, st: fa(X, st) / fb(X, st)
        if _evaluator(type(e)) is not None:
            return _function(e)
        raise NotCompilable(type(e).__name__)

    def _function(e):
        """A function the catalogue knows: its ball evaluator, with the domain and
        jump checks recorded in the state."""
        entry = _evaluator(type(e))
        fas = [build(a) for a in e.args]
        f = entry.arb
        if len(fas) != 1:
            return lambda X, st: f(*[g(X, st) for g in fas])
        fa = fas[0]
        out = _outside_test(entry) if entry is not None else None
        own = type(e) in _OWN_NONFINITE
        jump = _jump_flag(entry, build, e.args[0])
        whole = _range_ball(entry) if ranges and entry is not None else None
        clip = _domain_clip(entry) if (ranges or clamp) and entry is not None else None

        def un(X, st):
            a = fa(X, st)
            if not a.is_finite():
                if whole is not None:
                    # sin(1/x) next to 0: the range bounds the value, but f may jump there (no continuity)
                    st.discontinuity += 1
                if not own:
                    return whole if whole is not None else _nan()
            if out is not None and out(a):
                st.outside = True
                return _nan()
            if clip is not None:
                a = clip(a)
            try:
                v = f(a)
            except (ValueError, ZeroDivisionError):   # flint's refusal of an argument
                return _nan()
            if own and (clamp or ranges) and not a.is_finite() and v.is_finite():
                # (sin of an unbounded argument: finite, but no continuity — said where a limit or a
                # bound near an end is proven from the ball; the default mode's callers see the NaN
                # argument's consequences themselves)
                st.discontinuity += 1
            if whole is not None and v.is_finite():
                v = _clamp(v, whole)                  # (a value lies in the function's range)
            if jump is not None and jump(a, v, X, st):
                st.discontinuity += 1
            return v
        return un

    def _pow(e):
        alt = log_power(e.base, e.exp)
        if alt is not None:
            return build(alt)
        fb = build(e.base)
        ex = e.exp
        if (ranges and ex.is_Rational and ex.q % 2 == 0) or (clamp and ex.is_Rational and not ex.is_Integer):
            # a real root of even index is defined for a base ≥ 0 (``clamp``: every real power of
            # calc's, whose odd roots of negative numbers are sign(u)|u|^r): cut the base's ball there
            inner = fb

            def fb(X, st):
                t = inner(X, st)
                if t.is_finite() and t.lower() < 0 <= t.upper():
                    return _hull(arb(0), t.upper())
                return t
        if ex.is_Integer:
            n = int(ex)
            return lambda X, st: _ipow(fb(X, st), n)
        if ex == sp.S.Half:
            return lambda X, st: _monotone(fb(X, st), lambda t: t.sqrt(), st)
        if ex == -sp.S.Half:
            return lambda X, st: 1 / _monotone(fb(X, st), lambda t: t.sqrt(), st)
        if ex.is_Rational:
            p, q = int(ex.p), int(ex.q)
            return lambda X, st: _rpow(fb(X, st), p, q, st)
        fe = build(ex)
        if e.base is sp.E:
            return _function(sp.exp(ex))

        same = e.base == ex           # u^u

        def gpow(X, st):
            b = fb(X, st)
            if not (b > 0):
                if not (ranges or clamp):
                    return _nan()
                return _self_pow(b) if same else _edge_pow(b, fe(X, st), st)
            return _exp(fe(X, st) * b.log())
        return gpow

    def _piecewise(e):
        branches = [build(p.expr) for p in e.args]
        conds = [_cond(p.cond) for p in e.args]

        def pw(X, st):
            acc = None
            for fv, fc in zip(branches, conds):
                c = fc(X, st)
                if c is False:
                    continue
                if c is None:
                    st.discontinuity += 1
                v = fv(X, st)
                acc = v if acc is None else _hull(acc, v)
                if c is True:
                    return acc
            return acc if acc is not None else _nan()
        return pw

    def _cond(c):
        if c == sp.true:
            return lambda X, st: True
        if c == sp.false:
            return lambda X, st: False
        if isinstance(c, (sp.And, sp.Or)):
            parts = [_cond(a) for a in c.args]
            stop = isinstance(c, sp.Or)   # Or: one True decides; And: one False decides

            def junction(X, st):
                vals = [p(X, st) for p in parts]
                if any(v is stop for v in vals):
                    return stop
                return (not stop) if all(v is (not stop) for v in vals) else None
            return junction
        if isinstance(c, sp.Not):
            inner = _cond(c.args[0])

            def neg(X, st):
                v = inner(X, st)
                return None if v is None else not v
            return neg
        if isinstance(c, sp.core.relational.Relational):
            fl, fr = build(c.lhs), build(c.rhs)
            return lambda X, st: _cmp(c, fl(X, st), fr(X, st))
        raise NotCompilable(type(c).__name__)

    return _cls(build(expr), expr, vars_)


def _clamp(v: arb, whole: arb) -> arb:
    """v cut to the range ``whole``; an end of v beyond the range's end becomes that end exactly
    when the range's ends are short dyadic numbers (±1: then sin ≤ 1 is proven, not 1 + 2⁻⁶⁰)."""
    if not whole.overlaps(v):
        return v
    lo, hi = v.lower(), v.upper()
    wl, wh = whole.lower(), whole.upper()
    if lo >= wl and hi <= wh:
        return v
    lo = wl if not lo > wl else lo
    hi = wh if not hi < wh else hi
    # ends rounded outwards to multiples of 2^-24, so that midpoint and radius are exact
    s = 2 ** 24
    lo = arb(math.floor(float(lo) * s)) / s if lo != wl else lo
    hi = arb(math.ceil(float(hi) * s)) / s if hi != wh else hi
    return (lo + hi) / 2 + arb(0, 1) * (hi - lo) / 2 if (hi - lo).is_exact() else lo.union(hi)


def _range_ball(entry) -> Optional[arb]:
    """The ball [lo, hi] of a function's range (``Entry.bounds``), None when unbounded."""
    if entry.bounds is None:
        return None
    lo, hi = (to_arb(b) for b in entry.bounds)     # (catalogue constants: to_arb is strict)
    return lo.union(hi)


def ball_state(fn, X) -> tuple[arb, BallState]:
    """(value, state) of a compiled function, or of a plain callable (fresh state)."""
    if isinstance(fn, BallFunction):
        return fn.enclose(X)
    return fn(X), BallState()
