"""Functions of several variables: critical points, their classification, and
global extrema on boxes.

The textbook's rule (MISSION §4): an extremum of f(x, y, ...) lies only where
the gradient is zero or where f is not differentiable; on a closed box the
global maximum and minimum exist (f continuous) and are attained at such
points inside the box or on its boundary.

* :func:`critical_points` solves ∇f = 0 exactly where sympy can (Gröbner
  bases for polynomial systems, one-variable equations with ``solveset``,
  triangular back-substitution), otherwise with a Krawczyk/interval-Newton
  test in ball arithmetic (python-flint's arb) that proves each reported
  enclosure holds exactly one solution.  Points where f is not
  differentiable come from the rules' conditions (:func:`calc.nondiff.kink_candidates`):
  f is restricted to each ridge (|u| with u = 0, ties of max/min, the vertex
  of a cone) and optimised along it.  Each point is classified by the Hessian
  (Sylvester's leading principal minors, eigenvalue signs by Descartes' rule
  on the characteristic polynomial), then by the lowest non-zero Taylor term,
  by restriction to lines, or by directional derivatives, and the result says
  which argument decided.
* :func:`extrema_box` finds the global maximum and minimum on a closed box:
  the interior, then every face (the restriction of f to a face is the same
  problem in fewer variables), edges and corners; the candidate values are
  compared exactly (sympy) or with certified enclosures, and every point
  attaining the optimum is reported.
"""
from __future__ import annotations

import itertools
import json
import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional

import mpmath
import sympy as sp
from flint import arb, ctx

from . import budget
from .errors import BudgetExceeded, CalcError, DomainError, ParseError
from .nondiff import kink_candidates
from .numbers import Num
from .parsing import free_symbols, parse, parse_variable
from .printing import latex as _latex
from .printing import textbook

__all__ = ["parse_box", "extrema_box", "critical_points", "BoxExtremaResult",
           "CriticalPointsResult", "BoxExtremum", "BoxCandidate", "CriticalPoint"]

MAX_EXACT_CHARS = 160        # longer exact forms are shown as certified enclosures
MAX_BRANCHES = 64            # sign branches of |u|, max, min explored exactly
MAX_COMBOS = 256             # factor combinations of a gradient system
MAX_STRATA = 400             # restrictions (faces x ridges) examined
MAX_BOXES = 6000             # Krawczyk subdivision boxes per system
DEFAULT_SEARCH = 10          # numeric search box [-10, 10]^n when none is given


# ====================================================================== boxes
def _split_top(s: str, seps: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _interval_of(val, name: str, closed: bool) -> sp.Interval:
    """[a, b] from text, a sympy Interval or a pair."""
    if isinstance(val, sp.Interval):
        a, b, lo, ro = val.start, val.end, val.left_open, val.right_open
    elif isinstance(val, (tuple, list)) and len(val) == 2:
        a, b = (parse(v) if not isinstance(v, sp.Basic) else parse(v) for v in val)
        lo = ro = False
    elif isinstance(val, str):
        s = val.strip()
        if len(s) < 5 or s[0] not in "[(" or s[-1] not in "])":
            raise ParseError(f"cannot read the interval {val!r} for {name}", hint='write "[a, b]"')
        ends = _split_top(s[1:-1], ",")
        if len(ends) != 2:
            raise ParseError(f"an interval has two ends: {val!r}", hint='write "[a, b]"')
        a, b = parse(ends[0]), parse(ends[1])
        lo, ro = s[0] == "(", s[-1] == ")"
    elif isinstance(val, sp.Set):
        raise DomainError(f"the range of {name} must be an interval, got {val}")
    else:
        raise ParseError(f"cannot read the interval {val!r} for {name}")
    for e in (a, b):
        if not isinstance(e, sp.Expr) or free_symbols(e) or e.is_extended_real is False:
            raise ParseError(f"interval ends must be real numbers: {name} in {val!r}")
    if a.is_infinite or b.is_infinite:
        if closed:
            raise DomainError(f"{name} ranges over an unbounded interval; the extreme-value theorem "
                              f"needs a closed bounded box, e.g. {name} in [-10, 10]")
        return sp.Interval(a, b, True, True)
    if bool(a >= b):
        raise DomainError(f"empty or degenerate interval for {name}: [{a}, {b}]"
                          + ("; substitute the fixed value instead" if a == b else ""))
    if closed and (lo or ro):
        raise DomainError(f"{name} ranges over an open interval {val!r}: global extrema on a box need "
                          f"closed ends [a, b] (on an open box a maximum may not be attained)")
    return sp.Interval(a, b, lo, ro)


def _box_items(on) -> list:
    if isinstance(on, dict):
        return list(on.items())
    if isinstance(on, (list, tuple)):
        return [tuple(p) for p in on]
    if not isinstance(on, str):
        raise ParseError(f"cannot read the box {on!r}", hint='write "x in [a, b], y in [c, d]"')
    items = []
    for part in _split_top(on, ",;"):
        p = part.replace("∈", " in ").replace("≤", "<=")
        if " in " in f" {p} ":
            name, rng = p.split(" in ", 1) if " in " in p else p.split("in", 1)
            items.append((name.strip(), rng.strip()))
        elif p.count("<=") == 2 or p.count("<") == 2:
            op = "<=" if p.count("<=") == 2 else "<"
            a, name, b = (t.strip() for t in p.split(op))
            br = ("[", "]") if op == "<=" else ("(", ")")
            items.append((name, f"{br[0]}{a}, {b}{br[1]}"))
        elif ":" in p or "=" in p:
            name, rng = p.split(":" if ":" in p else "=", 1)
            items.append((name.strip(), rng.strip()))
        else:
            raise ParseError(f"cannot read {part!r} in the box {on!r}", hint='write "x in [a, b], y in [c, d]"')
    return items


def parse_box(on, expr=None, closed: bool = True) -> tuple[list, dict]:
    """The variables and their intervals of a box.

    ``on`` is a dict ``{"x": "[a, b]", ...}`` (keys text or Symbols, values text,
    pairs or sympy Intervals) or text ``"x in [-1, 1], y in [0, 2]"`` (also
    ``"-1 <= x <= 1, ..."``).  Ends are parsed with :func:`calc.parse`.  For
    extrema the box must be closed and bounded (:class:`calc.DomainError`).

    >>> vs, box = parse_box("x in [-1, 1], y in [0, 2]")
    >>> vs, box[vs[1]]
    ([x, y], Interval(0, 2))
    """
    if on is None:
        raise DomainError('give a box, e.g. on={"x": "[a, b]", "y": "[c, d]"} or "x in [a, b], y in [c, d]"')
    items = _box_items(on)
    if not items:
        raise DomainError("the box is empty: give an interval for each variable")
    vars_, box = [], {}
    for name, val in items:
        v = parse_variable(name if isinstance(name, sp.Symbol) else str(name).strip())
        if v in box:
            raise ParseError(f"{v.name} is given twice in the box")
        box[v] = _interval_of(val, v.name, closed)
        vars_.append(v)
    if expr is not None:
        missing = sorted(free_symbols(expr) - set(vars_), key=lambda s: s.name)
        if missing:
            raise DomainError(f"{textbook(expr)} depends on {', '.join(s.name for s in missing)}, "
                              f"which the box does not give; add e.g. \"{missing[0].name} in [a, b]\"")
    return vars_, box


def _box_text(vars_, box) -> str:
    return " × ".join(f"[{textbook(box[v].start)}, {textbook(box[v].end)}]" for v in vars_)


def _interval_str(I: sp.Interval) -> str:
    return f"{'(' if I.left_open else '['}{I.start}, {I.end}{')' if I.right_open else ']'}"


# ====================================================================== ball arithmetic
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


def _nonneg(b: arb) -> Optional[arb]:
    """b clipped at 0 when it dips below only by rounding; None when genuinely negative."""
    if not b.is_finite():
        return None
    lo, hi = b.lower(), b.upper()
    if lo >= 0:
        return b
    if hi < 0:
        return None
    if -lo <= (hi - lo) * arb("1e-8") or hi == 0:
        return _hull(arb(0), hi)
    return None


def _monotone(b: arb, fn) -> arb:
    """fn increasing on [0, oo): enclosure of fn over b ∩ [0, oo)."""
    c = _nonneg(b)
    if c is None:
        return _nan()
    if c.rad() == 0:
        return fn(c)
    lo = c.lower()
    lo = arb(0) if lo < 0 else lo
    return _hull(fn(lo).lower(), fn(c.upper()).upper())


def _rpow(b: arb, p: int, q: int) -> arb:
    """b**(p/q) for a non-negative base (principal power)."""
    if p < 0:
        return 1 / _rpow(b, -p, q)
    return _monotone(b, lambda t: _ipow(t.root(q), p) if t > 0 else (arb(0) if t == 0 else _nan()))


def _sign(t: arb) -> arb:
    if t > 0:
        return arb(1)
    if t < 0:
        return arb(-1)
    if t == 0:
        return arb(0)
    return arb(0, 1)


def _abs(t: arb) -> arb:
    if not t.is_finite():
        return _nan()
    return _hull(t.abs_lower(), t.abs_upper())


def _mm(vals, is_max):
    if any(not v.is_finite() for v in vals):
        return _nan()
    los = [v.lower() for v in vals]
    his = [v.upper() for v in vals]
    lo = los[0]
    for l in los[1:]:
        lo = l if (l > lo if is_max else l < lo) else lo
    hi = his[0]
    for h in his[1:]:
        hi = h if (h > hi if is_max else h < hi) else hi
    return _hull(lo, hi)


_UNARY = {
    sp.sin: lambda t: t.sin(), sp.cos: lambda t: t.cos(), sp.tan: lambda t: t.tan(),
    sp.cot: lambda t: t.cot(), sp.sec: lambda t: t.sec(), sp.csc: lambda t: t.csc(),
    sp.exp: lambda t: t.exp(), sp.log: lambda t: t.log() if t > 0 else _nan(),
    sp.atan: lambda t: t.atan(),
    sp.asin: lambda t: t.asin(), sp.acos: lambda t: t.acos(),
    sp.acot: lambda t: arb.pi() / 2 - t.atan(),
    sp.sinh: lambda t: t.sinh(), sp.cosh: lambda t: t.cosh(), sp.tanh: lambda t: t.tanh(),
    sp.asinh: lambda t: t.asinh(), sp.acosh: lambda t: t.acosh(), sp.atanh: lambda t: t.atanh(),
    sp.coth: lambda t: t.coth(), sp.sech: lambda t: t.sech(), sp.csch: lambda t: t.csch(),
    sp.Abs: _abs, sp.sign: _sign,
    sp.asec: lambda t: (1 / t).acos(), sp.acsc: lambda t: (1 / t).asin(),
}


def _crootof_ball(r: sp.CRootOf) -> arb:
    bits = ctx.prec + 20
    q = r.eval_rational(dx=sp.Rational(1, 2 ** bits), dy=sp.Rational(1, 2 ** bits), n=int(bits * 0.31) + 5)
    q = sp.re(q) if not q.is_real else q
    b = arb(int(q.p)) / int(q.q)
    return b + arb(0, 2.0 ** -bits)


def _compile(expr: sp.Expr, vars_: list):
    """A function of a list of arb balls enclosing expr over the box they form."""
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
                return lambda X: _monotone(fb(X), lambda t: t.sqrt())
            if ex == -sp.S.Half:
                return lambda X: 1 / _monotone(fb(X), lambda t: t.sqrt())
            if ex.is_Rational:
                p, q = int(ex.p), int(ex.q)
                return lambda X: _rpow(fb(X), p, q)
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
            is_max = isinstance(e, sp.Max)
            return lambda X: _mm([g(X) for g in fs], is_max)
        if isinstance(e, sp.Heaviside):
            fa = build(e.args[0])
            return lambda X: (_sign(fa(X)) + 1) / 2
        if isinstance(e, sp.DiracDelta):
            return lambda X: arb(0)
        f = _UNARY.get(type(e))
        if f is not None and len(e.args) == 1:
            fa = build(e.args[0])

            def un(X):
                a = fa(X)
                if not a.is_finite():
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

    return build(expr)


_CONST_CACHE: dict = {}


def _cball(e: sp.Expr, bits: int) -> Optional[arb]:
    """A ball enclosing the real constant e (None if e is not real or not a number)."""
    key = (e, bits)
    if key in _CONST_CACHE:
        return _CONST_CACHE[key]
    b = None
    try:
        with _prec(bits):
            b = _compile(e, [])([])
        if not b.is_finite():
            b = None
    except (_NotCompilable, ValueError, ZeroDivisionError, TypeError):
        b = None
    if b is None:
        try:
            digits = int(bits * 0.30) + 5
            v = sp.N(e, digits)
            re_, im_ = v.as_real_imag()
            if re_.is_Number and im_.is_Number and abs(im_) <= sp.Float(10) ** (-digits + 10) * (1 + abs(re_)) \
                    and re_.is_finite:
                with _prec(bits):
                    b = arb(str(re_)) + arb(0, float(10.0 ** (-digits + 12)) * (1 + abs(float(re_))))
        except (TypeError, ValueError, AttributeError):
            b = None
    if len(_CONST_CACHE) > 20000:
        _CONST_CACHE.clear()
    _CONST_CACHE[key] = b
    return b


def _mid(b: arb) -> float:
    return float(b.mid())


def _mpf(b: arb):
    return mpmath.mpf(b.mid()._mpf_)


def _box_balls(B) -> list:
    return [_hull(arb(lo), arb(hi)) for lo, hi in B]


# ====================================================================== values
@dataclass
class _V:
    """A coordinate or a value: exact (sympy) and/or a ball proven to contain it."""

    exact: Optional[sp.Expr]
    ball: arb
    certified: bool = True

    @property
    def f(self) -> float:
        return _mid(self.ball)

    def num(self) -> Num:
        if self.exact is not None and len(str(self.exact)) <= MAX_EXACT_CHARS:
            return Num.of(self.exact)
        lo, hi = float(self.ball.lower()), float(self.ball.upper())
        lo, hi = math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)
        if not self.certified:
            return Num(None, None, None, False, self.f)
        return Num(None, lo, hi, True, self.f)


def _same_ball(a: arb, b: arb, tol: float = 1e-12) -> bool:
    if a.overlaps(b):
        return True
    return abs(_mid(a) - _mid(b)) <= tol * (1 + abs(_mid(a)))
