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
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional

import mpmath
import sympy as sp
from flint import arb, ctx

from . import budget
from .errors import BudgetExceeded, CalcError, DomainError, ParseError
from .differentiate import differentiate
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
MAX_ROOTS = 200              # certified roots kept per system
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


def _outside(entirely: bool) -> arb:
    if entirely:
        _OUTSIDE[0] = True
    return _nan()


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


_OUTSIDE = [False]     # set when an argument lies entirely outside a function's domain


def _nonneg(b: arb) -> Optional[arb]:
    """b clipped at 0 when it dips below only by rounding; None when genuinely negative."""
    if not b.is_finite():
        return None
    lo, hi = b.lower(), b.upper()
    if lo >= 0:
        return b
    if hi < 0:
        _OUTSIDE[0] = True
        return None
    if -lo <= (hi - lo) * arb("1e-8") or hi == 0 or -lo <= arb(2) ** (10 - ctx.prec) * (1 + abs(hi)):
        return _hull(arb(0), hi)     # below 0 only by rounding
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
    sp.exp: lambda t: t.exp(), sp.log: lambda t: t.log() if t > 0 else _outside(t <= 0),
    sp.atan: lambda t: t.atan(),
    sp.asin: lambda t: t.asin() if not (t > 1 or t < -1) else _outside(True),
    sp.acos: lambda t: t.acos() if not (t > 1 or t < -1) else _outside(True),
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
                if e in _PLACEHOLDERS:
                    b = _PLACEHOLDERS[e]
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


_PLACEHOLDERS: dict = {}     # Dummy -> arb: certified roots without a closed form, used as constants


def _placeholder(ball: arb) -> sp.Dummy:
    d = sp.Dummy(f"r{len(_PLACEHOLDERS) + 1}", real=True)
    _PLACEHOLDERS[d] = ball
    return d


def _is_exact(e) -> bool:
    return e is not None and not any(s in _PLACEHOLDERS for s in e.free_symbols)


def _show(e):
    """e with placeholder constants replaced by 10-digit floats (for descriptions)."""
    reps = {s: sp.Float(_mid(_PLACEHOLDERS[s]), 10) for s in e.free_symbols if s in _PLACEHOLDERS}
    return e.xreplace(reps) if reps else e


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
        ex = self.exact if _is_exact(self.exact) else None
        if ex is not None and (not ex.has(sp.CRootOf) or isinstance(ex, sp.CRootOf)) \
                and len(str(ex)) <= MAX_EXACT_CHARS:
            return Num(ex, None, None, True, self.f)
        lo, hi = float(self.ball.lower()), float(self.ball.upper())
        lo, hi = math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)
        if not self.certified:
            return Num(None, None, None, False, self.f)
        return Num(None, lo, hi, True, self.f)


def _same_ball(a: arb, b: arb, tol: float = 1e-12) -> bool:
    if a.overlaps(b):
        return True
    return abs(_mid(a) - _mid(b)) <= tol * (1 + abs(_mid(a)))


# ====================================================================== the solving engine
@dataclass
class _Sol:
    """One solution of a system: ``vals`` maps unknowns to exact sympy values
    (which may contain the free ``params`` of a family) or to :class:`_V` balls."""

    vals: dict
    params: tuple = ()
    certified: bool = True
    how: str = "exact"           # exact | certified | numeric
    eqs: tuple = ()              # the equations of the system it solves (for describing families)

    @property
    def exact(self) -> bool:
        return all(isinstance(v, sp.Basic) for v in self.vals.values())


_KINK_HEADS = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside)


def _ops(e) -> int:
    try:
        return int(sp.count_ops(e))
    except Exception:  # noqa: BLE001
        return 10 ** 6


def _solveset_worthy(e, v) -> bool:
    """Can solveset plausibly solve e = 0 completely?  e must be a rational function
    of one transcendental atom in v, or of trigonometric functions of linear arguments
    (mixtures such as x e^(-x²) + ... or several radicals end in ConditionSets after
    seconds; the certified numeric search handles those)."""
    atoms = set()
    for a in sp.preorder_traversal(e):
        if not a.has(v):
            continue
        if isinstance(a, sp.Function) or (a.is_Pow and not a.exp.is_Integer):
            atoms.add(a)
    outer = {a for a in atoms if not any(b is not a and b.has(a) for b in atoms)}
    reps = {a: sp.Dummy() for a in outer}
    if e.xreplace(reps).has(v):
        return False
    if len(outer) <= 1:
        return True
    trig = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
    args = {a.args[0] for a in outer if isinstance(a, trig)}
    return len(outer) <= 2 and len(args) == 1 and all(isinstance(a, trig) for a in outer)


def _is_poly(e, gens) -> bool:
    try:
        return bool(e.is_polynomial(*gens))
    except Exception:  # noqa: BLE001
        return False


def _d(e, v):
    """∂e/∂v by calc's own differentiator (undefined at kinks, no δ/Heaviside conventions)."""
    return differentiate(e, v)[0]


def _hessian(e, vs) -> sp.Matrix:
    g = [_d(e, v) for v in vs]
    return sp.Matrix(len(vs), len(vs), lambda i, j: _d(g[i], vs[j]))


class _Engine:
    """Time budget, notes and the exact / certified solvers shared by both finders."""

    def __init__(self, timeout: float, digits: int = 15):
        if timeout <= 0:
            raise CalcError("timeout must be positive")
        if not (1 <= digits <= 100):
            raise CalcError("digits must be between 1 and 100")
        self.t0 = time.monotonic()
        self.deadline = self.t0 + timeout
        self.digits = digits
        self.bits = max(160, int(digits * 3.33) + 80)
        self.notes: list[str] = []
        self.partial = False
        self.default_box_used = False
        self.groebner_timeout = False

    # -- bookkeeping
    def note(self, text: str, partial: bool = False) -> None:
        if text not in self.notes:
            self.notes.append(text)
        if partial:
            self.partial = True

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def run(self, fn, cap: float):
        secs = min(cap, self.left())
        if secs <= 0.005:
            return False, None
        try:
            return budget.run(fn, secs)
        except BudgetExceeded:
            raise
        except Exception:  # noqa: BLE001 - any sympy failure means "could not"
            return False, None

    def ball(self, e, bits: Optional[int] = None) -> Optional[arb]:
        return _cball(sp.sympify(e, strict=True), bits or self.bits)

    # -- exact arithmetic helpers
    def is_zero(self, e, cap: float = 1.0) -> Optional[bool]:
        """True / False when decided, None when only numerically zero."""
        e = sp.sympify(e, strict=True)
        if e == 0:
            return True
        if e.free_symbols:
            ok, r = self.run(lambda: sp.simplify(e), cap)
            return True if ok and r == 0 else None
        b = self.ball(e)
        if b is not None and not b.contains(0):
            return False
        roots = list(e.atoms(sp.CRootOf))
        if len(roots) == 1:
            r = roots[0]
            t = sp.Dummy("t")
            num = sp.fraction(sp.together(e.xreplace({r: t})))[0]
            if _is_poly(num, [t]):
                ok, rem = self.run(lambda: sp.rem(sp.Poly(num, t), sp.Poly(r.poly.as_expr().xreplace(
                    {r.poly.gen: t}), t)), cap)
                if ok and rem is not None:
                    if rem.is_zero:
                        return True
                    if rem.free_symbols <= {t} and rem.domain.is_QQ or rem.domain.is_ZZ:
                        return False
        if b is not None:
            b2 = self.ball(e, self.bits * 3)
            if b2 is not None and not b2.contains(0):
                return False
        if roots:
            return None     # sympy's simplify/equals are very slow on CRootOf expressions
        ok, r = self.run(lambda: sp.simplify(e), cap)
        if ok and r is not None:
            if r == 0:
                return True
            rb = self.ball(r)
            if rb is not None and not rb.contains(0):
                return False
        ok, r = self.run(lambda: e.equals(0), cap)
        if ok and r is True:
            return True
        return None

    def simp(self, e, cap: float = 1.0):
        if not isinstance(e, sp.Basic) or e.is_Atom or e.is_Rational or e.has(sp.CRootOf):
            return e       # (sympy's simplify is very slow on CRootOf expressions)
        n = _ops(e)
        if n <= 3:
            return e
        ok, r = self.run(lambda: sp.simplify(e), cap)
        if ok and r is not None and not r.has(sp.nan, sp.zoo) and _ops(r) <= n:
            e = r
        if e.has(sp.sqrt) or any(p.exp.is_Rational and not p.exp.is_Integer for p in e.atoms(sp.Pow)):
            ok, r = self.run(lambda: sp.sqrtdenest(sp.radsimp(e)), cap / 2)
            if ok and r is not None and _ops(r) < _ops(e):
                e = r
        return e

    def real_exact(self, v) -> Optional[sp.Expr]:
        """v itself when real, a real form when v is real but written with I, None if not real."""
        v = sp.sympify(v, strict=True)
        if not v.has(sp.I):
            if v.is_number:
                b = self.ball(v)
                if b is None:
                    n = sp.N(v, 30)
                    if n.is_real is False or n.has(sp.nan, sp.zoo):
                        return None
            return v
        if not v.is_number:
            return v
        n = sp.N(v, 60)
        re_, im_ = n.as_real_imag()
        if not (re_.is_Number and im_.is_Number) or abs(im_) > 1e-40 * (1 + abs(re_)):
            return None
        ok, r = self.run(lambda: sp.simplify(sp.re(sp.expand_complex(v))), 1.0)
        if ok and r is not None and not r.has(sp.I):
            return r
        t = sp.Dummy("t")
        ok, mp = self.run(lambda: sp.minimal_polynomial(v, t), 2.0)
        if ok and mp is not None:
            for r in sp.Poly(mp, t).real_roots():
                if abs(sp.N(r, 50) - re_) < 1e-35 * (1 + abs(re_)):
                    return r
        return sp.Float(re_, 50)

    # -- one equation in one unknown
    def poly_real_roots(self, P: sp.Poly) -> list:
        out = []
        ok, fl = self.run(lambda: P.factor_list(), 3.0)
        if not ok:
            return None
        for fac, _ in fl[1]:
            d = fac.degree()
            if d <= 0:
                continue
            if d == 1:
                c = fac.all_coeffs()
                out.append(-c[1] / c[0])
                continue
            if d == 2:
                a, b, c = fac.all_coeffs()
                disc = b * b - 4 * a * c
                if disc < 0:
                    continue
                out += [(-b - sp.sqrt(disc)) / (2 * a), (-b + sp.sqrt(disc)) / (2 * a)]
                continue
            ok, rr = self.run(lambda: fac.real_roots(), 3.0)
            if not ok:
                return None
            nice = None
            if d <= 4 and len(rr) == 1:
                ok, rs = self.run(lambda: sp.roots(fac, multiple=True), 1.0)
                if ok and rs:
                    real = [r for r in rs if not r.has(sp.I)]
                    if len(real) == 1 and len(str(real[0])) < MAX_EXACT_CHARS:
                        nice = real
            out += nice if nice else list(rr)
        return out

    def in_interval(self, vals, I) -> list:
        if I is None:
            return vals
        a = None if I.start.is_infinite else self.ball(I.start)
        b = None if I.end.is_infinite else self.ball(I.end)
        keep = []
        for v in vals:
            vb = self.ball(v)
            if vb is None:
                continue
            if (a is not None and vb < a) or (b is not None and vb > b):
                continue
            if (I.left_open and vb.overlaps(a) and self.is_zero(v - I.start) is True) or \
                    (I.right_open and vb.overlaps(b) and self.is_zero(v - I.end) is True):
                continue
            keep.append(v)
        return keep

    def roots_1d(self, e, v, I) -> Optional[list]:
        """[(root, params)] of e = 0 in I (exact), or None when sympy cannot solve it completely."""
        if I is not None and I.start.is_infinite and I.end.is_infinite:
            I = None
        if _is_poly(e, [v]):
            ok, P = self.run(lambda: sp.Poly(e, v), 1.0)
            if ok and P is not None and (P.domain.is_ZZ or P.domain.is_QQ):
                rs = self.poly_real_roots(P)
                if rs is not None:
                    return [(r, ()) for r in self.in_interval(rs, I)]
        if not _solveset_worthy(e, v):
            return None
        dom = I if I is not None else sp.S.Reals
        ok, S = self.run(lambda: sp.solveset(e, v, dom), 1.5)
        if not ok or S is None:
            return None
        if S == sp.S.EmptySet:
            return []
        if isinstance(S, sp.FiniteSet):
            out = []
            for r in S:
                r2 = self.real_exact(r)
                if r2 is not None:
                    out.append(r2)
            return [(r, ()) for r in self.in_interval(out, I)]
        if I is None:
            parts = S.args if isinstance(S, sp.Union) else (S,)
            out = []
            for k, p in enumerate(parts):
                if isinstance(p, sp.FiniteSet):
                    out += [(r, ()) for r in p if self.real_exact(r) is not None]
                elif isinstance(p, sp.ImageSet) and p.base_sets[0] == sp.S.Integers:
                    lam = p.lamda
                    n = sp.Symbol(f"n{_Engine._pcount()}", integer=True)
                    out.append((lam.expr.xreplace({lam.variables[0]: n}), (n,)))
                else:
                    return None
            return out
        return None

    _PC = [0]

    @staticmethod
    def _pcount() -> int:
        _Engine._PC[0] += 1
        return _Engine._PC[0]

    # -- systems
    def reduce(self, e, U):
        """The factors of e whose zeros matter: None when e ≡ 0, [] when e never vanishes."""
        ok, t = self.run(lambda: sp.together(e), 2.0)
        if not ok or t is None:
            t = e
        num = sp.fraction(t)[0]
        if num == 0:
            return None
        if any(isinstance(a, sp.Pow) and not a.exp.is_Integer for a in num.atoms(sp.Pow)):
            ok, ex = self.run(lambda: sp.expand(num), 0.5)       # (√A)² = A may cancel everything
            if ok and ex == 0:
                return None
        poly = _is_poly(num, U)
        ok, fn = self.run(lambda: sp.factor(num) if poly else sp.factor_terms(sp.powsimp(num)), 2.0)
        if not ok or fn is None:
            fn = num
        out = []
        for f in sp.Mul.make_args(fn):
            while f.is_Pow and f.exp.is_positive and not f.base.is_positive:
                f = f.base
            if not f.has(*U):
                z = self.is_zero(f) if f.is_number else None
                if z is True:
                    return None
                continue
            if isinstance(f, sp.exp) or (f.is_Pow and f.base is sp.E):
                continue
            if f.is_Pow and f.base.is_positive and f.exp.is_real:
                continue
            ok, sign = self.run(lambda: bool(f.is_positive or f.is_negative), 0.2)
            if ok and sign:
                continue
            if f not in out and -f not in out:
                out.append(f)
        return out

    def solve_system(self, eqs, U, box, out: Optional[list] = None) -> list:
        """Every real solution of eqs = 0 for the unknowns U (box: {u: Interval} or None),
        appended to ``out`` as they are found."""
        out = [] if out is None else out
        red = []
        for e in eqs:
            r = self.reduce(e, U)
            if r is None:
                continue
            if not r:
                return out
            red.append(r)
        total = 1
        for r in red:
            total *= len(r)
        if total > MAX_COMBOS:
            red = [[sp.Mul(*r)] for r in red]
        seen = set()
        for combo in itertools.product(*red):
            uniq = []
            for c in combo:
                if c not in uniq:
                    uniq.append(c)
            key = frozenset(uniq)
            if key in seen:
                continue
            seen.add(key)
            start = len(out)
            self.tri(uniq, list(U), {}, (), box, out, 0)
            for sol in out[start:]:
                sol.eqs = tuple(uniq)
        return out

    def tri(self, eqs, U, assigned, params, box, out, depth) -> None:
        """Triangular back-substitution: one-variable equations first, Gröbner bases for
        polynomial systems, solving for one variable, certified numerics last."""
        if self.left() <= 0:
            self.note("the time budget ran out before every system was solved", partial=True)
            return
        if depth > 12:
            self.note("a system was too deeply nested to solve exactly", partial=True)
            return
        rem = [u for u in U if u not in assigned]
        remset = set(rem)
        cur = []
        for e in eqs:
            e2 = e.xreplace(assigned) if assigned else e
            if e2.free_symbols & remset:
                if e2 not in cur:
                    cur.append(e2)
                continue
            if e2.free_symbols:
                ok, s = self.run(lambda: sp.simplify(e2), 1.0)
                if ok and s == 0:
                    continue
                if ok and s is not None and s.is_number and self.is_zero(s) is False:
                    return
                self.note(f"could not decide whether {textbook(e2)} = 0 for every value of the parameters; "
                          f"kept the solution", partial=False)
                continue
            z = self.is_zero(e2)
            if z is False:
                return
            if z is None:
                self.note("a solution satisfies an equation only numerically (to 50 digits); kept it")
        if not cur:
            out.append(_Sol(dict(assigned), params + tuple(rem)))
            return
        # a sum of squares vanishes only where its gradient does too
        extra = []
        for e in cur:
            fs = e.free_symbols & remset
            if len(fs) >= 2:
                ok, nn = self.run(lambda: bool(e.is_nonnegative or e.is_nonpositive
                                               or self.semidefinite_quadratic(e, sorted(fs, key=str))), 0.5)
                if ok and nn:
                    for v in sorted(fs, key=lambda s: s.name):
                        d = _d(e, v)
                        if d != 0 and d not in cur and d not in extra:
                            extra.append(d)
        if extra:
            return self.tri(cur + extra, U, assigned, params, box, out, depth + 1)
        # one-variable equations
        singles = [e for e in cur if len(e.free_symbols & remset) == 1]
        if singles:
            e = min(singles, key=lambda e: (not _is_poly(e, list(e.free_symbols & remset)), _ops(e)))
            v = next(iter(e.free_symbols & remset))
            I = box.get(v) if box else None
            roots = self.roots_1d(e, v, I)
            if roots is None and len(cur) > 1 or roots is None and len(rem) > 1:
                roots = self.roots_numeric_1d(e, v, I)
            if roots is None:
                return self.numeric(cur, rem, assigned, params, box, out)
            rest = [c for c in cur if c is not e]
            for r, ps in roots:
                a2 = {k: (val.xreplace({v: r}) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
                a2[v] = r
                self.tri(rest, U, a2, params + ps, box, out, depth + 1)
            return
        polynomial = all(_is_poly(e, rem) for e in cur)
        if polynomial and len(cur) >= len(rem):
            res = self.poly_system(cur, rem)
            if res is not None:
                for s in res:
                    a2 = {k: (val.xreplace(s) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
                    a2.update(s)
                    out.append(_Sol(a2, params))
                return
            if self.groebner_timeout:
                # too large for exact elimination in the budget: certified numerics instead
                return self.numeric(cur, rem, assigned, params, box, out)
        if self.solve_for_one(cur, rem, U, assigned, params, box, out, depth):
            return
        if len(cur) < len(rem) and self.linear_argument(cur, rem, U, assigned, params, box, out, depth):
            return
        if len(cur) < len(rem) and self.solve_radical(cur, rem, U, assigned, params, box, out, depth):
            return
        if polynomial:
            ok, sols = self.run(lambda: sp.solve(cur, rem, dict=True), 5.0)
            if ok and sols is not None:
                for s in sols:
                    if any(self.real_exact(val) is None for val in s.values() if val.is_number):
                        continue
                    if not all(self.maybe_real(val, rem, box) for val in s.values()):
                        continue
                    a2 = {k: (val.xreplace(s) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
                    a2.update(s)
                    self.tri([], U, a2, params, box, out, depth + 1)
                return
        self.numeric(cur, rem, assigned, params, box, out)

    def semidefinite_quadratic(self, e, vs) -> bool:
        """Is e a quadratic polynomial whose (constant) Hessian is semidefinite?  Then e has
        the sign of its minimum (maximum) and vanishes only where its gradient does."""
        if not _is_poly(e, vs) or sp.Poly(e, *vs).total_degree() != 2:
            return False
        H = _hessian(e, vs)
        lam = sp.Dummy("l")
        cs = sp.Poly(H.charpoly(lam).as_expr(), lam).all_coeffs()
        signs = [0 if c == 0 else (1 if c > 0 else -1) for c in cs]
        nz = [c for c in signs if c]
        pos = sum(1 for a, b in zip(nz, nz[1:]) if a != b)
        alt = [c * (-1) ** (len(signs) - 1 - i) for i, c in enumerate(signs)]
        nz2 = [c for c in alt if c]
        neg = sum(1 for a, b in zip(nz2, nz2[1:]) if a != b)
        return pos == 0 or neg == 0

    def maybe_real(self, phi, rem, box) -> bool:
        """Is the parametrised value phi real somewhere (sampled) in the box?"""
        if not isinstance(phi, sp.Basic) or not phi.has(sp.I) and not any(
                isinstance(p, sp.Pow) and not p.exp.is_Integer for p in phi.atoms(sp.Pow)):
            return True
        fs = sorted(phi.free_symbols & set(rem), key=lambda s: s.name)
        if not fs:
            return self.real_exact(phi) is not None
        grid = [sp.Rational(k, 8) for k in range(9)]
        real = 0
        for vals in itertools.product(grid, repeat=len(fs)):
            sub = {}
            for v, t in zip(fs, vals):
                I = box.get(v) if box else None
                if I is None or I.start.is_infinite or I.end.is_infinite:
                    sub[v] = -4 + 8 * t
                else:
                    sub[v] = I.start + (I.end - I.start) * t
            try:
                n = sp.N(phi.xreplace(sub), 20)
            except Exception:  # noqa: BLE001
                continue
            if n.is_number and not n.has(sp.nan, sp.zoo):
                re_, im_ = n.as_real_imag()
                if abs(im_) < 1e-15 * (1 + abs(re_)):
                    real += 1
                    if real >= 2:      # (real at a single point only: not a real branch)
                        return True
        return False

    def solve_for_one(self, cur, rem, U, assigned, params, box, out, depth) -> bool:
        """Solve one equation that is linear or quadratic in one unknown for it (with the
        degenerate cases where its leading coefficient vanishes)."""
        best = None
        under = len(cur) < len(rem)
        for e in cur:
            for v in rem:
                if not e.has(v):
                    continue
                if not _is_poly(e, [v]):
                    continue
                ok, P = self.run(lambda: sp.Poly(e, v), 0.5)
                if not ok or P is None or P.degree() > 2:
                    continue
                # a square transcendental system is better solved numerically as it stands than
                # through a radical parametrisation (which adds singularities)
                if not under and not (P.degree() == 1 and all(_is_poly(c, rem) for c in P.all_coeffs())):
                    continue
                lead = P.LC()
                key = (P.degree(), 0 if lead.is_number else 1, _ops(e))
                if best is None or key < best[0]:
                    best = (key, e, v, P)
        if best is None:
            return False
        _, e, v, P = best
        rest = [c for c in cur if c is not e]
        coeffs = P.all_coeffs()
        lead = coeffs[0]
        if P.degree() == 1:
            ok, phi = self.run(lambda: sp.cancel(-coeffs[1] / lead), 1.0)
            branches = [phi if ok and phi is not None else -coeffs[1] / lead]
        else:
            a, b, c = coeffs
            disc = b * b - 4 * a * c
            ok, disc2 = self.run(lambda: sp.factor(disc), 1.0)
            disc = disc2 if ok and disc2 is not None else disc
            branches = [(-b - sp.sqrt(disc)) / (2 * a), (-b + sp.sqrt(disc)) / (2 * a)]
            if disc == 0:
                branches = [-b / (2 * a)]
        for phi in branches:
            if phi.has(sp.nan, sp.zoo):
                continue
            if not self.maybe_real(phi, rem, box):
                continue
            a2 = {k: (val.xreplace({v: phi}) if isinstance(val, sp.Basic) else val) for k, val in assigned.items()}
            a2[v] = phi
            self.tri(rest, U, a2, params, box, out, depth + 1)
        if not lead.is_number:
            # where the leading coefficient vanishes, the equation is of lower degree
            lower = (P - sp.Poly(lead * v ** P.degree(), v)).as_expr()
            self.tri(rest + [lead, lower], U, assigned, params, box, out, depth + 1)
        return True

    def solve_radical(self, cur, rem, U, assigned, params, box, out, depth) -> bool:
        """An underdetermined equation solved for one unknown by sympy.solve (radical equations:
        sympy squares and checks the candidates)."""
        remset = set(rem)
        for e in sorted(cur, key=_ops):
            for v in sorted(e.free_symbols & remset, key=lambda s: s.name):
                ok, phis = self.run(lambda: sp.solve(e, v), 2.0)
                if not ok or not phis:
                    continue
                phis = [ph for ph in phis if not ph.has(sp.I) or self.maybe_real(ph, rem, box)]
                rest = [c for c in cur if c is not e]
                for ph in phis:
                    if not self.maybe_real(ph, rem, box):
                        continue
                    a2 = {k: (val.xreplace({v: ph}) if isinstance(val, sp.Basic) else val)
                          for k, val in assigned.items()}
                    a2[v] = ph
                    self.tri(rest, U, a2, params, box, out, depth + 1)
                return True
        return False

    def linear_argument(self, cur, rem, U, assigned, params, box, out, depth) -> bool:
        """An equation g(L) = 0 where every unknown enters through one expression L (e.g.
        cos(x + y) = 0, or a function of x·z): solve g(t) = 0 for t on the range of L over
        the box, then L = t_k for one unknown gives a family for each root t_k.  Roots without
        a closed form are certified enclosures, carried as constants."""
        remset = set(rem)
        for e in sorted(cur, key=_ops):
            fs = e.free_symbols & remset
            if len(fs) < 2:
                continue
            Ls = []
            lin = self._linear_form(e, sorted(fs, key=lambda s: s.name))
            if lin is not None:
                Ls.append(lin)
            for a in sp.preorder_traversal(e):
                if isinstance(a, sp.Function) and a.args and a.args[0].free_symbols & remset \
                        and a.args[0] not in Ls:
                    Ls.append(a.args[0])
            t = sp.Dummy("t", real=True)
            for L in Ls[:3]:
                for v in sorted(fs & L.free_symbols, key=lambda s: s.name):
                    ok, phis = self.run(lambda: sp.solve(sp.Eq(L, t), v), 1.0)
                    if not ok or not phis:
                        continue
                    branches = []
                    for phi in phis:
                        ok, g = self.run(lambda: sp.simplify(e.xreplace({v: phi})), 1.0)
                        if not ok or g is None or g.free_symbols & remset or not g.has(t):
                            branches = None
                            break
                        roots = self._roots_of_argument(g, t, L, fs, box)
                        if roots is None:
                            branches = None
                            break
                        branches.append((phi, roots))
                    if branches is None:
                        continue
                    rest = [c for c in cur if c is not e]
                    for phi, roots in branches:
                        for r, ps in roots:
                            ph = phi.xreplace({t: r})
                            if not self.maybe_real(ph, rem, box):
                                continue
                            a2 = {k: (val.xreplace({v: ph}) if isinstance(val, sp.Basic) else val)
                                  for k, val in assigned.items()}
                            a2[v] = ph
                            self.tri(rest, U, a2, params + ps, box, out, depth + 1)
                    return True
        return False

    def roots_numeric_1d(self, e, v, I) -> Optional[list]:
        """Certified roots of a one-variable equation on a bounded interval, exact when
        recognised, otherwise carried as placeholder constants (None if some are unresolved)."""
        if I is None or I.start.is_infinite or I.end.is_infinite:
            return None
        found, loose = self.krawczyk([e], [[_d(e, v)]], [v], [(float(I.start), float(I.end))])
        out = []
        for r in loose:
            # a multiple root cannot be certified by Krawczyk; accept it only in closed form
            r = self.identify([e], [v], r, False)
            if r[v].exact is None:
                return None
            out.append((r[v].exact, ()))
        for r in found:
            r = self.identify([e], [v], r, True)
            out.append((r[v].exact if r[v].exact is not None else _placeholder(r[v].ball), ()))
        return out

    def _linear_form(self, e, vs):
        """L = v0 + c1·v1 + ... when e depends on vs only through L (∇e parallel to a constant)."""
        d0 = _d(e, vs[0])
        if d0 == 0:
            return None
        L = vs[0]
        for v in vs[1:]:
            ok, r = self.run(lambda: sp.simplify(_d(e, v) / d0), 0.5)
            if not ok or r is None or r.free_symbols or not r.is_number:
                return None
            L = L + r * v
        return L

    def _roots_of_argument(self, g, t, L, fs, box):
        """Roots of g(t) on the range of L over the box: exact, else certified placeholders."""
        I = None
        if box and all(w in box and box[w].start.is_finite and box[w].end.is_finite for w in fs):
            try:
                with _prec(53):
                    ws = sorted(fs, key=lambda s: s.name)
                    rng_ = _compile(L, ws)([_hull(self.ball(box[w].start), self.ball(box[w].end)) for w in ws])
                if rng_.is_finite():
                    I = sp.Interval(sp.Rational(float(rng_.lower())) - sp.Rational(1, 10 ** 9),
                                    sp.Rational(float(rng_.upper())) + sp.Rational(1, 10 ** 9))
            except _NotCompilable:
                I = None
        roots = self.roots_1d(g, t, I)
        if roots is not None:
            return roots
        return self.roots_numeric_1d(g, t, I)

    def poly_system(self, eqs, U) -> Optional[list]:
        """Zero-dimensional polynomial system by a lex Gröbner basis and back-substitution, all
        within a third of the time left (then the certified numeric search takes over)."""
        self.groebner_timeout = False
        ok, res = self.run(lambda: self._poly_system(eqs, U), min(8.0, max(1.0, self.left() / 3)))
        if not ok:
            self.groebner_timeout = True
            return None
        return res

    def _poly_system(self, eqs, U) -> Optional[list]:
        G = sp.groebner(eqs, *U, order="lex")
        if list(G.exprs) == [1]:
            return []
        ok, zd = self.run(lambda: G.is_zero_dimensional, 2.0)
        if not ok or not zd:
            return None
        polys = list(G.exprs)
        results: list = []

        def back(k, assigned):
            if k < 0:
                results.append(dict(assigned))
                return True
            v = U[k]
            later = set(U[k + 1:])
            cands = []
            for p in polys:
                fs = p.free_symbols & set(U)
                if v in fs and fs <= later | {v}:
                    q = p.xreplace(assigned)
                    ok2, q = self.run(lambda: sp.expand(q), 1.0)
                    if not ok2:
                        return False
                    if q != 0:
                        cands.append(q)
            if not cands:
                return False
            cands.sort(key=lambda q: (sp.degree(q, v), _ops(q)))
            q = cands[0]
            ok2, P = self.run(lambda: sp.Poly(q, v), 1.0)
            if not ok2 or P is None:
                return False
            if P.domain.is_ZZ or P.domain.is_QQ:
                rs = self.poly_real_roots(P)
            elif P.degree() == 1:
                c1, c0 = P.all_coeffs()
                rs = [self.simp(-c0 / c1, 1.0)]
            elif P.has(sp.CRootOf):
                return False
            else:
                ok2, rd = self.run(lambda: sp.roots(P), 3.0)
                if not ok2 or rd is None or sum(rd.values()) < P.degree():
                    return False
                rs = [r for r in (self.real_exact(r) for r in rd) if r is not None]
            if rs is None:
                return False
            for r in rs:
                good = True
                for other in cands[1:]:
                    z = self.is_zero(other.xreplace({v: r}), 0.5)
                    if z is False:
                        good = False
                        break
                if good:
                    a2 = dict(assigned)
                    a2[v] = r
                    if not back(k - 1, a2):
                        return False
            return True

        if not back(len(U) - 1, {}):
            return None
        return results

    def grad_defined(self, G, W, s: _Sol) -> bool:
        """Is the gradient G defined (finite) at the solution s?  (A zero of the
        numerator where a denominator vanishes too is a non-differentiable point.)"""
        if s.params:
            return True
        if s.exact:
            for g in G:
                e = g.xreplace(s.vals)
                if e.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                    return False
                b = self.ball(e)
                if b is None and not e.free_symbols:
                    ok, v = self.run(lambda: sp.simplify(e), 0.5)
                    if not ok or v is None or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                        return False
            return True
        try:
            with _prec(self.bits):
                X = [s.vals[w].ball if isinstance(s.vals[w], _V) else self.ball(s.vals[w]) for w in W]
                return all(_compile(g, W)(X).is_finite() for g in G)
        except (_NotCompilable, TypeError):
            return True

    # -- certified numerics
    def numeric(self, cur, rem, assigned, params, box, out) -> None:
        if params:
            self.note("could not solve a system with integer parameters; those critical points are "
                      "described only in part", partial=True)
            return
        if len(cur) < len(rem):
            self.note("a set of critical points with free parameters could not be described exactly",
                      partial=True)
            return
        B = []
        for v in rem:
            I = box.get(v) if box else None
            if I is None or I.start.is_infinite or I.end.is_infinite:
                self.default_box_used = True
                lo = -DEFAULT_SEARCH if I is None or I.start.is_infinite else float(I.start)
                hi = DEFAULT_SEARCH if I is None or I.end.is_infinite else float(I.end)
                B.append((float(lo), float(hi)))
            else:
                B.append((float(I.start), float(I.end)))
        sq = sorted(cur, key=_ops)[:len(rem)]
        others = [e for e in cur if e not in sq]
        J = [[_d(e, v) for v in rem] for e in sq]
        roots, unres = self.krawczyk(sq, J, rem, B)
        for root, certified in [(r, True) for r in roots] + [(r, False) for r in unres]:
            if others:
                try:
                    bad = False
                    for e in others:
                        val = _compile(e, rem)([root[v].ball for v in rem])
                        if val.is_finite() and not val.contains(0):
                            bad = True
                    if bad:
                        continue
                except _NotCompilable:
                    pass
            root = self.identify(cur, rem, root, certified)
            vals = dict(root)
            exact_root = all(root[v].exact is not None for v in rem)
            for k, val in assigned.items():
                if not isinstance(val, sp.Basic):
                    vals[k] = val
                elif exact_root or not (val.free_symbols & set(rem)):
                    vals[k] = val.xreplace({v: root[v].exact for v in rem})
                else:
                    try:
                        with _prec(self.bits):
                            b = _compile(val, rem)([root[v].ball for v in rem])
                        vals[k] = _V(None, b, certified)
                    except _NotCompilable:
                        continue
            vals = {k: (v.exact if isinstance(v, _V) and v.exact is not None else v) for k, v in vals.items()}
            out.append(_Sol(vals, params, certified, "certified" if certified else "numeric"))

    def krawczyk(self, G, J, U, B):
        """Every zero of G in the box B: (certified roots, unresolved small boxes).

        A root is certified when the Krawczyk operator maps a box into its interior
        (then the box holds exactly one zero); a box is discarded when G's enclosure
        excludes 0 or the operator maps it off itself."""
        n = len(U)
        try:
            gf = [_compile(g, U) for g in G]
            jf = [[_compile(J[i][j], U) for j in range(n)] for i in range(n)]
        except _NotCompilable as exc:
            self.note(f"cannot evaluate the gradient with ball arithmetic ({exc}); some critical "
                      f"points may be missing", partial=True)
            return [], []
        w0 = [max(hi - lo, 1e-300) for lo, hi in B]
        tol = 1e-9
        import heapq
        first = [(lo - (hi - lo) * 1e-7 - 1e-12, hi + (hi - lo) * 1e-7 + 1e-12) for lo, hi in B]
        heap = [(-1.0, 0, first)]      # largest boxes first: every region is covered coarsely
        seq = 1                        # before any one spot is refined finely
        roots: list = []
        regions: list = []
        unres: list = []
        count = undefined = 0
        with _prec(53):
            while heap:
                if count > MAX_BOXES or self.left() <= 0:
                    self.note("the numeric search for critical points stopped early (box or time "
                              "limit); some may be missing", partial=True)
                    unres += [b for _, _, b in heap if max((hi - lo) / w for (lo, hi), w in zip(b, w0)) < 1e-6]
                    break
                Bx = heapq.heappop(heap)[2]
                count += 1
                if any(all(r[i][0] <= Bx[i][0] and Bx[i][1] <= r[i][1] for i in range(n)) for r in regions):
                    continue
                X = _box_balls(Bx)
                _OUTSIDE[0] = False
                GX = [f(X) for f in gf]
                if any(g.is_finite() and not g.contains(0) for g in GX):
                    continue
                finite = all(g.is_finite() for g in GX)
                if not finite and _OUTSIDE[0] and all(not g.is_finite() for g in GX):
                    undefined += 1          # every component is undefined on the whole box
                    continue
                rel = max((hi - lo) / w for (lo, hi), w in zip(Bx, w0))
                if not finite and rel < 1e-4 and self._undefined_box(gf, Bx):
                    undefined += 1
                    continue
                res = self._kstep(gf, jf, X) if finite else None
                if res is not None:
                    kind, K = res
                    if kind == "none":
                        continue
                    if kind == "unique":
                        if len(roots) >= MAX_ROOTS:
                            self.note(f"more than {MAX_ROOTS} solutions of one system (oscillation?): "
                                      f"only the first are used", partial=True)
                            break
                        root = self._refine(gf, jf, U, K)
                        if not any(all(_same_ball(root[U[i]].ball, r[U[i]].ball, 1e-12) for i in range(n))
                                   for r in roots):
                            roots.append(root)
                            regions.append(self._inflate(gf, jf, [root[u].ball for u in U], w0))
                        continue
                    if kind == "shrink":
                        Bk = [(max(lo, float(k.lower())), min(hi, float(k.upper())))
                              for (lo, hi), k in zip(Bx, K)]
                        relk = max((h - l) / w for (l, h), w in zip(Bk, w0)) if all(h > l for l, h in Bk) else 1
                        if relk < 0.7 * rel:
                            heapq.heappush(heap, (-relk, seq, Bk))
                            seq += 1
                            continue
                if rel < tol:
                    unres.append(Bx)
                    continue
                i = max(range(n), key=lambda j: (Bx[j][1] - Bx[j][0]) / w0[j])
                lo, hi = Bx[i]
                c = lo + (hi - lo) * 0.4980234
                left, right = list(Bx), list(Bx)
                left[i] = (lo, c)
                right[i] = (c, hi)
                for half in (left, right):
                    heapq.heappush(heap, (-max((h - l) / w for (l, h), w in zip(half, w0)), seq, half))
                    seq += 1
        if undefined:
            self.note("the gradient is undefined on part of the search region (outside the domain of f or "
                      "of a formula for a ridge); no critical points were sought there")
        clusters = []
        for b in unres:
            for cl in clusters:
                if all(b[i][0] <= cl[i][1] + 1e-12 and cl[i][0] <= b[i][1] + 1e-12 for i in range(n)):
                    for i in range(n):
                        cl[i] = (min(cl[i][0], b[i][0]), max(cl[i][1], b[i][1]))
                    break
            else:
                clusters.append(list(b))
        loose = []
        for cl in clusters:
            with _prec(self.bits):
                loose.append({u: _V(None, _hull(arb(lo), arb(hi)), False) for u, (lo, hi) in zip(U, cl)})
        return roots, loose

    @staticmethod
    def _undefined_box(gf, Bx) -> bool:
        """Is G undefined (NaN) at the centre and at every corner of the box?"""
        pts = [[(lo + hi) / 2 for lo, hi in Bx]] + [list(c) for c in itertools.product(*Bx)]
        for p in pts:
            X = [arb(c) for c in p]
            if all(f(X).is_finite() for f in gf):
                return False
        return True

    def _kstep(self, gf, jf, X):
        n = len(X)
        m = [x.mid() for x in X]
        Gm = [f(m) for f in gf]
        JX = [[f(X) for f in row] for row in jf]
        Jm = []
        for row in jf:
            r = []
            for f in row:
                v = f(m)
                if not v.is_finite():
                    return None
                mv = _mid(v)
                if not math.isfinite(mv):
                    return None
                r.append(mv)
            Jm.append(r)
        try:
            Y = mpmath.inverse(mpmath.matrix(Jm))
        except Exception:  # noqa: BLE001 - singular or degenerate
            return None
        Ya = [[arb(float(Y[i, j])) for j in range(n)] for i in range(n)]
        K = []
        for i in range(n):
            s = m[i]
            for j in range(n):
                s = s - Ya[i][j] * Gm[j]
            for j in range(n):
                c = arb(1 if i == j else 0)
                for k in range(n):
                    c = c - Ya[i][k] * JX[k][j]
                s = s + c * (X[j] - m[j])
            if not s.is_finite():
                return None
            K.append(s)
        if all(X[i].contains_interior(K[i]) for i in range(n)):
            return "unique", K
        if any(not K[i].overlaps(X[i]) for i in range(n)):
            return "none", None
        return "shrink", K

    def _refine(self, gf, jf, U, K) -> dict:
        """High-precision Newton from a certified box, then a Krawczyk proof on a tiny box."""
        n = len(U)
        best = K
        with _prec(self.bits):
            old = mpmath.mp.prec
            mpmath.mp.prec = self.bits
            try:
                z = [_mpf(k) for k in K]
                delta = None
                for _ in range(60):
                    pt = [arb(mpmath.nstr(zi, int(self.bits * 0.3) + 5)) for zi in z]
                    Gz = [f(pt) for f in gf]
                    Jz = [[f(pt) for f in row] for row in jf]
                    if not all(g.is_finite() for g in Gz) or not all(v.is_finite() for r in Jz for v in r):
                        break
                    A = mpmath.matrix([[_mpf(v) for v in r] for r in Jz])
                    bvec = mpmath.matrix([_mpf(g) for g in Gz])
                    try:
                        d = mpmath.lu_solve(A, bvec)
                    except ZeroDivisionError:
                        break
                    z = [z[i] - d[i] for i in range(n)]
                    delta = max(abs(d[i]) for i in range(n))
                    if delta <= mpmath.mpf(2) ** (-self.bits + 8) * (1 + max(abs(zi) for zi in z)):
                        break
                scale = 1 + max(abs(zi) for zi in z)
                for r in (mpmath.mpf(2) ** (-self.bits + 24) * scale, mpmath.mpf(2) ** (-self.bits // 2) * scale):
                    Z = [arb(mpmath.nstr(zi, int(self.bits * 0.3) + 5)) + arb(0, float(r)) if float(r) > 0 else None
                         for zi in z]
                    if any(zz is None for zz in Z):
                        break
                    if not all(Z[i].overlaps(K[i]) for i in range(n)):
                        break
                    res = self._kstep(gf, jf, Z)
                    if res is not None and res[0] == "unique":
                        best = [res[1][i].intersection(Z[i]) for i in range(n)]
                        break
            except (ValueError, ZeroDivisionError):
                pass
            finally:
                mpmath.mp.prec = old
        return {u: _V(None, b, True) for u, b in zip(U, best)}

    def _inflate(self, gf, jf, balls, w0):
        """A box around a certified root in which it is the only zero."""
        mids = [_mid(b) for b in balls]
        best = [(float(b.lower()), float(b.upper())) for b in balls]
        with _prec(53):
            for r in (1e-2, 1e-3, 1e-4, 1e-5):
                Bx = [(m - r * w, m + r * w) for m, w in zip(mids, w0)]
                res = self._kstep(gf, jf, _box_balls(Bx))
                if res is not None and res[0] == "unique":
                    return Bx
        return best

    def identify(self, eqs, U, root: dict, certified: bool) -> dict:
        """Try to recognise the exact coordinates of a numeric root (rational, k·π/q,
        simple radicals); accepted only when the equations vanish there exactly."""
        t_end = time.monotonic() + min(2.0, max(0.0, self.left() / 4))
        guesses: dict = {}
        for u in U:
            b = root[u].ball
            rad = float(b.rad()) if b.is_finite() else math.inf
            if rad > 1e-7 * (1 + abs(_mid(b))):
                return root
            s = b.mid().str(40, radius=False)
            s = s.strip("[]").split(" ")[0]
            tol = max(1e-28, 4 * rad / (1 + abs(_mid(b))))
            opts = []
            try:
                fr = Fraction(s).limit_denominator(10000 if tol < 1e-20 else 1000)
                opts.append(sp.Rational(fr.numerator, fr.denominator))
            except (ValueError, ZeroDivisionError):
                pass
            for consts in ([sp.pi], []):
                if time.monotonic() > t_end:
                    break
                ok, g = self.run(lambda: sp.nsimplify(sp.Float(s, 40), consts, tolerance=tol, rational=False),
                                 0.4)
                if ok and g is not None and g.is_number and not g.has(sp.Float) and _ops(g) <= 14 \
                        and g not in opts:
                    opts.append(g)
            for g in opts:
                gb = self.ball(g)
                if gb is not None and gb.overlaps(b + arb(0, 4 * rad)):
                    guesses[u] = g
                    break
        if not guesses:
            return root
        if len(guesses) == len(U):
            if all(time.monotonic() <= t_end and self.is_zero(e.xreplace(guesses), 0.7) is True for e in eqs):
                return {u: _V(guesses[u], self.ball(guesses[u]), True) for u in U}
            return root
        return self._identify_part(eqs, U, root, guesses, certified, t_end)

    def _identify_part(self, eqs, U, root, guesses, certified, t_end) -> dict:
        """Some coordinates recognised: the equations left without unknowns must vanish exactly, and
        the rest of the system must have a (Krawczyk-certified) root next to the numeric one."""
        rest = [u for u in U if u not in guesses]
        red = [e.xreplace(guesses) for e in eqs]
        others = []
        for e in red:
            if e.free_symbols & set(rest):
                others.append(e)
            elif e != 0 and (time.monotonic() > t_end + 1.0 or self.is_zero(e, 0.7) is not True):
                return root
        if len(others) < len(rest):
            return root
        sq = sorted(others, key=_ops)[:len(rest)]
        try:
            gf = [_compile(e, rest) for e in sq]
            jf = [[_compile(_d(e, v), rest) for v in rest] for e in sq]
        except _NotCompilable:
            return root
        with _prec(self.bits):
            X = [root[u].ball + arb(0, max(4 * float(root[u].ball.rad()), 1e-30 * (1 + abs(_mid(root[u].ball)))))
                 for u in rest]
            res = self._kstep(gf, jf, X)
        if res is None or res[0] != "unique":
            return root
        out = {u: _V(guesses[u], self.ball(guesses[u]), True) for u in guesses}
        out.update({u: _V(None, k.intersection(x), True) for u, k, x in zip(rest, res[1], X)})
        return out


# ====================================================================== sign branches and ridges
class _TooMany(Exception):
    pass


def _branches(F, W, cap: int = MAX_BRANCHES):
    """F with every |u|, max, min, sign replaced by one smooth branch, with the
    conditions (expressions that must be >= 0) under which the branch is F."""
    out: list = []
    Wset = set(W)

    def kinks_in(e):
        return [n for n in sp.preorder_traversal(e) if isinstance(n, _KINK_HEADS) and n.free_symbols & Wset]

    def rec(G, conds):
        if len(out) > cap:
            raise _TooMany()
        nodes = kinks_in(G)
        if not nodes:
            out.append((G, conds))
            return
        node = next(n for n in nodes if not any(kinks_in(a) for a in n.args))
        if isinstance(node, sp.Abs):
            u = node.args[0]
            rec(G.xreplace({node: u}), conds + [u])
            rec(G.xreplace({node: -u}), conds + [-u])
        elif isinstance(node, sp.sign):
            u = node.args[0]
            rec(G.xreplace({node: sp.S.One}), conds + [u])
            rec(G.xreplace({node: -sp.S.One}), conds + [-u])
        elif isinstance(node, sp.Heaviside):
            u = node.args[0]
            rec(G.xreplace({node: sp.S.One}), conds + [u])
            rec(G.xreplace({node: sp.S.Zero}), conds + [-u])
        else:
            is_max = isinstance(node, sp.Max)
            for a in node.args:
                cs = [(a - b) if is_max else (b - a) for b in node.args if b is not a]
                rec(G.xreplace({node: a}), conds + cs)

    try:
        rec(F, [])
    except _TooMany:
        return None
    return out


def _ridges(F, W) -> tuple[list, bool]:
    """Expressions whose zero sets may be non-differentiable points of F (and
    whether F has jumps (floor/ceiling) calc does not follow)."""
    hs, jumps = [], False
    for w in W:
        gs, js = kink_candidates(F, w)
        jumps |= bool(js)
        for g in gs:
            if not (g.free_symbols & set(W)):
                continue
            if any(g == h or (g + h) == 0 for h in hs):
                continue
            hs.append(g)
    return hs, jumps


# ====================================================================== results
def _pt_dict(point) -> dict:
    return {name: n.to_dict() for name, n in point}


def _pt_text(point, names=True) -> str:
    if names and len(point) > 0:
        return "(" + ", ".join(n.text(8) for _, n in point) + ")"
    return "(" + ", ".join(n.text(8) for _, n in point) + ")"


def _pt_latex(point) -> str:
    return r"\left(" + ", ".join(n.latex() for _, n in point) + r"\right)"


@dataclass(frozen=True)
class BoxCandidate:
    """A candidate point: ``point`` is a tuple of (variable name, Num)."""

    point: tuple
    kind: str        # interior critical | nondifferentiable | face critical | edge critical | corner
    value: Num

    def to_dict(self) -> dict:
        return {"point": _pt_dict(self.point), "kind": self.kind, "value": self.value.to_dict()}


@dataclass(frozen=True)
class BoxExtremum:
    attained: bool
    value: Num
    points: tuple = ()
    reason: Optional[str] = None

    def to_dict(self) -> dict:
        return {"attained": self.attained, "value": self.value.to_dict(),
                "points": [_pt_dict(p) for p in self.points], "reason": self.reason}


_NONE_NUM = Num(None, None, None, False, None)


@dataclass(frozen=True)
class BoxExtremaResult:
    """Global maximum and minimum of f on a closed box, with every candidate.

    Render with :meth:`text`, :meth:`markdown`, :meth:`latex`, :meth:`to_dict`,
    draw with :meth:`plot`."""

    function: sp.Expr
    variables: tuple
    box: tuple                 # sympy Intervals, aligned with variables
    candidates: tuple
    maximum: BoxExtremum
    minimum: BoxExtremum
    status: str = "ok"
    notes: tuple = ()
    families: tuple = ()

    @property
    def names(self) -> list:
        return [v.name for v in self.variables]

    def to_dict(self) -> dict:
        return {"function": str(self.function),
                "variables": self.names,
                "box": {v.name: _interval_str(I) for v, I in zip(self.variables, self.box)},
                "candidates": [c.to_dict() for c in self.candidates],
                "maximum": self.maximum.to_dict(),
                "minimum": self.minimum.to_dict(),
                "status": self.status,
                "notes": list(self.notes)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def _head(self) -> str:
        return f"f({', '.join(self.names)})"

    def _ext_text(self, e: BoxExtremum, word: str) -> str:
        if not e.attained:
            return f"global {word}: none guaranteed — {e.reason}"
        where = ", ".join(_pt_text(p) for p in e.points)
        s = f"global {word}: {e.value.text()} at ({', '.join(self.names)}) = {where}"
        if e.reason:
            s += f" — {e.reason}"
        return s

    def text(self) -> str:
        box = " × ".join(_interval_str(I) for I in self.box)
        L = [f"{self._head()} = {textbook(self.function)} on {box}"]
        for fam in self.families:
            L.append(f"continuum of critical points: {fam}")
        L.append("candidates:")
        w = max([len(_pt_text(c.point)) for c in self.candidates] + [len(", ".join(self.names)) + 2])
        L.append(f"  {'(' + ', '.join(self.names) + ')':<{w}}  {'kind':<18}  f")
        for c in self.candidates:
            L.append(f"  {_pt_text(c.point):<{w}}  {c.kind:<18}  {c.value.text()}")
        L.append(self._ext_text(self.maximum, "maximum"))
        L.append(self._ext_text(self.minimum, "minimum"))
        for n in self.notes:
            L.append(f"note: {n}")
        if self.status != "ok":
            L.append(f"status: {self.status}")
        return "\n".join(L)

    def markdown(self) -> str:
        box = r" \times ".join(rf"[{_latex(I.start)}, {_latex(I.end)}]" for I in self.box)
        L = [f"**{self._head()}** = ${_latex(self.function)}$ on ${box}$", "",
             f"| ({', '.join(self.names)}) | kind | f |", "|---|---|---|"]
        for c in self.candidates:
            L.append(f"| ${_pt_latex(c.point)}$ | {c.kind} | ${c.value.latex()}$ |")
        L.append("")
        L.append("- " + self._ext_text(self.maximum, "maximum"))
        L.append("- " + self._ext_text(self.minimum, "minimum"))
        L += [f"- continuum: {f}" for f in self.families]
        L += [f"- note: {n}" for n in self.notes]
        if self.status != "ok":
            L.append(f"- status: {self.status}")
        return "\n".join(L)

    def latex(self) -> str:
        box = r" \times ".join(rf"[{_latex(I.start)}, {_latex(I.end)}]" for I in self.box)
        rows = " \\\\\n".join(rf"{_pt_latex(c.point)} & \text{{{c.kind}}} & {c.value.latex()}"
                              for c in self.candidates)
        out = (f"{self._head()} = {_latex(self.function)},\\quad ({', '.join(self.names)}) \\in {box}\n"
               f"\\begin{{array}}{{lll}}\n({', '.join(self.names)}) & \\text{{kind}} & f \\\\ \\hline\n"
               f"{rows}\n\\end{{array}}\n")
        for e, w in ((self.maximum, r"\max"), (self.minimum, r"\min")):
            if e.attained:
                out += f"{w} f = {e.value.latex()}\\ \\text{{at}}\\ " + ", ".join(_pt_latex(p) for p in e.points) + "\n"
        return out

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    def plot(self, path: Optional[str] = None):
        """Contour map with the candidates marked by kind (and a 3-D surface for two
        variables); saved to ``path`` when given; returns the matplotlib Figure."""
        return _plot(self.function, list(self.variables),
                     [(float(I.start), float(I.end)) for I in self.box],
                     [(c.point, c.kind) for c in self.candidates],
                     self.maximum, self.minimum, path, title=textbook(self.function))


# ====================================================================== the box finder
@dataclass
class _Cand:
    point: list           # of _V, aligned with the variables
    nondiff: bool
    value: _V
    family: Optional[str] = None


class _BoxFinder:
    def __init__(self, eng: _Engine, expr, vars_, box):
        self.E = eng
        self.f = expr
        self.vars = vars_
        self.box = box
        self.n = len(vars_)
        self.cands: list[_Cand] = []
        self.seen: set = set()
        self.nstrata = 0
        self.families: list[str] = []
        self.bad: list = []
        self.ends = {v: (None if box[v].start.is_infinite else eng.ball(box[v].start),
                         None if box[v].end.is_infinite else eng.ball(box[v].end)) for v in vars_}
        try:
            self.fc = _compile(expr, vars_)
        except _NotCompilable:
            self.fc = None
            eng.note("f cannot be evaluated in ball arithmetic; numeric candidates are not certified")

    # -- continuity
    def check_continuity(self) -> None:
        if self.fc is None:
            return
        B0 = [(float(self.box[v].start), float(self.box[v].end)) for v in self.vars]
        w0 = [hi - lo for lo, hi in B0]
        stack, bad, count = [B0], [], 0
        with _prec(53):
            while stack and count < 4000 and self.E.left() > 0:
                Bx = stack.pop()
                count += 1
                v = self.fc(_box_balls(Bx))
                if v.is_finite():
                    continue
                rel = max((hi - lo) / w for (lo, hi), w in zip(Bx, w0))
                if rel < 1e-5:
                    bad.append(Bx)
                    if len(bad) > 3:
                        break
                    continue
                i = max(range(self.n), key=lambda j: (Bx[j][1] - Bx[j][0]) / w0[j])
                lo, hi = Bx[i]
                c = (lo + hi) / 2
                a, b = list(Bx), list(Bx)
                a[i], b[i] = (lo, c), (c, hi)
                stack += [a, b]
        self.bad = bad
        if bad:
            where = ", ".join(f"{v.name} ≈ {(lo + hi) / 2:.6g}" for v, (lo, hi) in zip(self.vars, bad[0]))
            self.E.note(f"f may be undefined or unbounded near ({where}): the extreme-value theorem needs f "
                        f"continuous on the closed box, so the reported extrema may be wrong there", partial=True)

    # -- faces
    def run(self) -> None:
        self.check_continuity()
        faces = list(itertools.product((0, 1, None), repeat=self.n))
        def order(c):
            d = sum(t is None for t in c)
            return (0, d) if d <= 1 else (1, 0) if d == self.n else (2, -d)
        faces.sort(key=order)
        for face in faces:
            if self.E.left() <= 0:
                self.E.note("the time budget ran out before every face of the box was examined", partial=True)
                break
            sub = {v: (self.box[v].start if t == 0 else self.box[v].end)
                   for v, t in zip(self.vars, face) if t is not None}
            W = [v for v, t in zip(self.vars, face) if t is None]
            F = self.f.xreplace(sub) if sub else self.f
            self.stratum(F, W, sub, False)

    def stratum(self, F, W, sub, nondiff) -> None:
        key = (F, tuple(W), tuple(sorted(((k.name, v) for k, v in sub.items()), key=lambda t: t[0])))
        if key in self.seen:
            return
        self.seen.add(key)
        self.nstrata += 1
        if self.nstrata > MAX_STRATA:
            self.E.note("too many restrictions (faces × ridges) to examine them all", partial=True)
            return
        if not W:
            self.add_point({}, W, sub, nondiff, True)
            return
        wbox = {w: self.box[w] for w in W}
        brs = _branches(F, W)
        if brs is None:
            brs = [(F, [])]
            self.E.note("f has too many |·|/max/min branches to split exactly; its gradient was solved "
                        "numerically with them")
        # a time slice for this restriction, so that one hard system cannot starve the others
        slice_ = max(1.0, 0.5 * self.E.left())
        t_end = time.monotonic() + slice_
        for Fb, conds in brs:
            G = [_d(Fb, w) for w in W]
            sols: list = []
            ok, _ = budget.run(lambda: self.E.solve_system(G, W, wbox, sols),
                               max(0.05, t_end - time.monotonic()), catch=False)
            if not ok:
                self.E.note("some restrictions of f could not be solved within their share of the time "
                            "budget", partial=True)
            for s in sols:
                if conds and not self.conds_ok(conds, s, W):
                    continue
                self.add_solution(s, W, sub, nondiff or not self.E.grad_defined(G, W, s))
        hs, jumps = _ridges(F, W)
        if jumps:
            self.E.note("f has jumps (floor/ceiling): the extreme-value theorem does not apply and jump "
                        "points are not examined", partial=True)
        for h in hs:
            for br in self.zero_set(h, W, wbox):
                try:
                    F2 = F.xreplace(br)
                    sub2 = {k: (v.xreplace(br) if isinstance(v, sp.Basic) else v) for k, v in sub.items()}
                except (ValueError, TypeError):      # e.g. max() of a non-real parametrisation
                    continue
                self.on_ridge(F, h, br, W, sub)
                W2 = [w for w in W if w not in br]
                sub2.update(br)
                self.stratum(F2, W2, sub2, True)

    def on_ridge(self, F, h, br, W, sub) -> None:
        pass

    def zero_set(self, h, W, wbox) -> list:
        """Exact substitutions describing {h = 0} (points, or one variable as a function of others)."""
        Wh = [w for w in W if h.has(w)]
        sols = self.E.solve_system([h], Wh, wbox)
        out = []
        for s in sols:
            if not s.exact:
                if s.params or not s.certified or not all(
                        isinstance(v, sp.Basic) or (isinstance(v, _V) and v.certified) for v in s.vals.values()):
                    self.E.note(f"the ridge {textbook(h)} = 0 has no closed form; points on it were not "
                                f"examined exactly", partial=True)
                    continue
                # certified numeric points on the ridge: carry them as constants with their enclosures
                s = _Sol({k: (v if isinstance(v, sp.Basic) else
                              (v.exact if v.exact is not None else _placeholder(v.ball)))
                          for k, v in s.vals.items()}, s.params, True)
            if s.params and all(p in Wh for p in s.params) and not s.vals:
                continue
            if any(not (isinstance(p, sp.Symbol) and p in W) for p in s.params):
                continue
            if any(v.is_number and self.E.real_exact(v) is None for v in s.vals.values()):
                continue
            out.append({k: v for k, v in s.vals.items()})
        return out

    def conds_ok(self, conds, s: _Sol, W) -> bool:
        if s.params:
            return True
        for c in conds:
            try:
                if s.exact:
                    b = self.E.ball(c.xreplace(s.vals))
                else:
                    b = _compile(c, W)([s.vals[w].ball if isinstance(s.vals[w], _V) else self.E.ball(s.vals[w])
                                        for w in W])
            except (_NotCompilable, TypeError):
                continue
            if b is not None and b.is_finite() and b < 0:
                return False
        return True

    def add_solution(self, s: _Sol, W, sub, nondiff) -> None:
        if s.params:
            return self.add_family(s, W, sub, nondiff)
        self.add_point(s.vals, W, sub, nondiff, s.certified)

    def add_point(self, vals, W, sub, nondiff, certified) -> None:
        try:
            self._add_point(vals, W, sub, nondiff, certified)
        except (ValueError, TypeError, ZeroDivisionError):
            # sympy refuses e.g. max() of a non-real value: not a real point of the box
            return

    def _add_point(self, vals, W, sub, nondiff, certified) -> None:
        exact = all(isinstance(vals[w], sp.Basic) for w in W)
        exact_vals = {w: vals[w] for w in W if isinstance(vals[w], sp.Basic)}
        point = []
        for v in self.vars:
            if v in W:
                val = vals[v]
            else:
                e = sub[v]
                if exact or not (e.free_symbols & (set(W) - set(exact_vals))):
                    val = e.xreplace(exact_vals) if exact_vals else e
                else:
                    try:
                        with _prec(self.E.bits):
                            val = _V(None, _compile(e, W)([vals[w].ball if isinstance(vals[w], _V)
                                                          else self.E.ball(vals[w]) for w in W]), certified)
                    except _NotCompilable:
                        return
            if isinstance(val, sp.Basic):
                if val.free_symbols - set(_PLACEHOLDERS):
                    return
                val = self.E.real_exact(val)
                if val is None:
                    return
                b = self.E.ball(val)
                if b is None:
                    return
                val = _V(val if _is_exact(val) else None, b, True)
            point.append(val)
        # inside the closed box?
        for v, val in zip(self.vars, point):
            a, b = self.ends[v]
            if not val.ball.is_finite() or (a is not None and val.ball < a) or (b is not None and val.ball > b):
                return
        self.add_cand(point, nondiff, certified)

    def value_of(self, point, certified) -> Optional[_V]:
        if all(_is_exact(p.exact) for p in point):
            ex = self.f.xreplace({v: p.exact for v, p in zip(self.vars, point)})
            if ex.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                return None
            b = self.E.ball(ex)
            if b is None:
                return None
            return _V(ex, b, True)
        if self.fc is None:
            return None
        with _prec(self.E.bits):
            b = self.fc([p.ball for p in point])
        if not b.is_finite():
            return None
        return _V(None, b, certified and all(p.certified for p in point))

    def add_cand(self, point, nondiff, certified, family=None) -> None:
        for c in self.cands:
            if all(_same_ball(p.ball, q.ball, 1e-13) for p, q in zip(point, c.point)):
                c.nondiff |= nondiff
                if all(p.exact is not None for p in point) and not all(q.exact is not None for q in c.point):
                    val = self.value_of(point, certified)
                    if val is not None:
                        c.point, c.value = point, val
                if family and not c.family:
                    c.family = family
                return
        val = self.value_of(point, certified)
        if val is None:
            self.E.note("f is undefined at some critical point of a restriction; skipped it")
            return
        self.cands.append(_Cand(point, nondiff, val, family))

    def add_family(self, s: _Sol, W, sub, nondiff) -> None:
        """A continuum of critical points: f is constant on it; keep sample points in the box."""
        params = [p for p in s.params if p in W]
        if len(params) != len(s.params):
            self.E.note("a family of critical points with integer parameters was skipped", partial=True)
            return
        assign = {}
        for v in self.vars:
            if v in W:
                assign[v] = s.vals.get(v, v)
            else:
                assign[v] = sub[v].xreplace(s.vals) if isinstance(sub[v], sp.Basic) else sub[v]
        if not all(isinstance(a, sp.Basic) for a in assign.values()):
            return
        desc = _family_desc(self.vars, sub, s, params, "critical points of a restriction of f"
                            if sub else "critical points")
        grid = [sp.Rational(k, 16) for k in range(17)] if len(params) == 1 else \
            [sp.Rational(k, 8) for k in range(9)]
        found = 0
        for ts in itertools.product(grid, repeat=len(params)):
            if found >= 3 or self.E.left() <= 0:
                break
            pv = {p: self.box[p].start + (self.box[p].end - self.box[p].start) * t for p, t in zip(params, ts)}
            vals = {v: assign[v].xreplace(pv) for v in W}
            before = len(self.cands)
            self.add_point(vals, W, {k: assign[k].xreplace(pv) for k in self.vars if k not in W}, nondiff, True)
            if len(self.cands) > before:
                self.cands[-1].family = desc
                found += 1
        if found and desc not in self.families:
            self.families.append(desc)

    # -- kinds, comparison, selection
    def kind(self, c: _Cand) -> str:
        at = 0
        for v, p in zip(self.vars, c.point):
            a, b = self.ends[v]
            for e, ex in ((a, self.box[v].start), (b, self.box[v].end)):
                if e is not None and p.ball.overlaps(e) and (p.exact is None or self.E.is_zero(p.exact - ex, 0.3) is not False):
                    at += 1
                    break
        if at == self.n:
            return "corner"
        if c.nondiff:
            return "nondifferentiable"
        if at == 0:
            return "interior critical"
        return "edge critical" if self.n - at == 1 else "face critical"

    def compare(self, a: _V, b: _V) -> str:
        """'lt', 'gt', 'eq' (proven), '~' (equal to many digits, not proven)."""
        if not a.ball.overlaps(b.ball):
            return "lt" if a.ball < b.ball else "gt"
        if a.exact is not None and b.exact is not None:
            ba, bb = self.E.ball(a.exact, self.E.bits * 3), self.E.ball(b.exact, self.E.bits * 3)
            if ba is not None and bb is not None and not ba.overlaps(bb):
                return "lt" if ba < bb else "gt"
            z = self.E.is_zero(a.exact - b.exact, 1.0)
            if z is True:
                return "eq"
        return "~"

    def symmetric(self, p, q) -> Optional[str]:
        """A reflection/swap T of the box with f∘T = f and T(p) = q (both balls)."""
        reps = []
        for v in self.vars:
            I = self.box[v]
            reps.append([(v, v, None)])
            reps[-1].append((v, I.start + I.end - v, f"{v.name} ↦ {textbook(I.start + I.end - v)}"))
            if I.start + I.end != 0:
                reps[-1].append((v, -v, f"{v.name} ↦ -{v.name}"))
        tried = 0
        for i, j in itertools.combinations(range(self.n), 2):
            vi, vj = self.vars[i], self.vars[j]
            if not (p[i].ball.overlaps(q[j].ball) and p[j].ball.overlaps(q[i].ball)):
                continue
            if not all(p[k].ball.overlaps(q[k].ball) for k in range(self.n) if k not in (i, j)):
                continue
            if self.E.is_zero(self.f.xreplace({vi: vj, vj: vi}) - self.f, 1.0) is True:
                return f"{vi.name} ↔ {vj.name}"
        for choice in itertools.product(*reps):
            if tried > 16 or self.E.left() <= 0:
                break
            if all(c[2] is None for c in choice):
                continue
            T = {c[0]: c[1] for c in choice}
            ok = True
            for v, pv, qv in zip(self.vars, p, q):
                try:
                    tb = _compile(T[v], self.vars)([x.ball for x in p])
                except _NotCompilable:
                    ok = False
                    break
                if not tb.overlaps(qv.ball):
                    ok = False
                    break
            if not ok:
                continue
            tried += 1
            z = self.E.is_zero(self.f.xreplace(T) - self.f, 1.0)
            if z is True:
                return ", ".join(c[2] for c in choice if c[2])
        return None

    def select(self, sense: int) -> tuple:
        """(winners, tie_notes) for the maximum (sense 1) or minimum (-1)."""
        cs = [c for c in self.cands]
        if not cs:
            return [], []
        key = (lambda c: _mid(c.value.ball)) if sense > 0 else (lambda c: -_mid(c.value.ball))
        cs.sort(key=key, reverse=True)
        lead = cs[0]
        for c in cs[1:]:
            r = self.compare(c.value, lead.value)
            if (r == "gt" and sense > 0) or (r == "lt" and sense < 0):
                lead = c
        winners, notes = [lead], []
        for c in cs:
            if c is lead:
                continue
            if not c.value.ball.overlaps(lead.value.ball):
                continue
            r = self.compare(c.value, lead.value)
            if r == "eq" or (r == "~" and c.family and c.family == lead.family):
                winners.append(c)      # (points of one continuum of critical points share the value)
            elif r == "~":
                sym = self.symmetric(lead.point, c.point)
                winners.append(c)
                if sym:
                    notes.append(f"the values at {self.pt_str(lead)} and {self.pt_str(c)} are equal by the "
                                 f"symmetry {sym} of f")
                else:
                    notes.append(f"the values at {self.pt_str(lead)} and {self.pt_str(c)} agree to "
                                 f"{self.agree_digits(lead.value, c.value)} digits (equality not proven); "
                                 f"both are reported")
        return winners, notes

    def agree_digits(self, a: _V, b: _V) -> int:
        r = max(float(a.ball.rad()), float(b.ball.rad()), 1e-300)
        return max(1, int(-math.log10(r / (1 + abs(a.f)))))

    def probe_bad(self, sense: int, best: _V):
        """(value, where) when f beats the best candidate near a region where it is not finite."""
        if not self.bad or self.fc is None:
            return None
        top = None
        for B in self.bad:
            for corner in itertools.product(*[(lo, (lo + hi) / 2, hi) for lo, hi in B]):
                with _prec(64):
                    v = self.fc([arb(c) for c in corner])
                if not v.is_finite():
                    continue
                x = _mid(v)
                if (sense > 0 and v > best.ball) or (sense < 0 and v < best.ball):
                    if top is None or (x > top[0] if sense > 0 else x < top[0]):
                        top = (x, ", ".join(f"{n.name} ≈ {c:.6g}" for n, c in zip(self.vars, corner)))
        return top

    def pt_str(self, c: _Cand) -> str:
        return "(" + ", ".join(p.num().text(8) for p in c.point) + ")"


def extrema_box(f, on, timeout: float = 10.0, digits: int = 15) -> BoxExtremaResult:
    """Global maximum and minimum of f on a closed box, with every point attaining them.

    ``on`` is ``{"x": "[a, b]", "y": "[c, d]", ...}`` or ``"x in [a, b], y in [c, d]"``.
    Candidates: critical points inside the box, critical points of the
    restriction of f to every face and edge, points where f is not
    differentiable (and critical points of f along each ridge), and the corners.

    >>> r = extrema_box("x^2 + y^2 - x y - x", on="x in [-1, 1], y in [0, 2]")
    >>> r.maximum.value.exact, r.minimum.value.exact
    (8, -1/3)
    >>> [[n.exact for _, n in p] for p in r.minimum.points]
    [[2/3, 1/3]]
    """
    expr = parse(f)
    if isinstance(expr, sp.logic.boolalg.Boolean) and not isinstance(expr, sp.Expr):
        raise ParseError("expected a function, got a condition")
    vars_, box = parse_box(on, expr, closed=True)
    eng = _Engine(timeout, digits)
    finder = _BoxFinder(eng, expr, vars_, box)
    ok, _ = budget.run(finder.run, timeout + 1.0, catch=False)
    if not ok:
        eng.note("the time budget ran out; the answer is based on the candidates found so far", partial=True)
    for v in vars_:
        if not expr.has(v):
            eng.note(f"f does not depend on {v.name}: every optimum is attained along a whole segment in {v.name}")
    return _box_result(eng, finder, expr, vars_, box)


def _box_result(eng: _Engine, finder: _BoxFinder, expr, vars_, box) -> BoxExtremaResult:
    names = [v.name for v in vars_]
    eng.deadline = time.monotonic() + 3.0      # a bounded allowance to compare and simplify
    t_simp = time.monotonic() + 1.5

    def num_point(c):
        return tuple((n, p.num()) for n, p in zip(names, c.point))

    exts = []
    for sense in (1, -1):
        winners, tie_notes = finder.select(sense)
        for n in tie_notes:
            eng.note(n)
        if not winners:
            exts.append(BoxExtremum(False, _NONE_NUM, (), "no candidate could be evaluated"))
            eng.partial = True
            continue
        lead = winners[0]
        val = lead.value
        if val.exact is not None:
            ok, s = eng.run(lambda: eng.simp(val.exact, 1.0), 1.2)
            if ok and s is not None:
                val = _V(s, val.ball, True)
        reason = None
        fams = [c.family for c in winners if c.family]
        if fams:
            reason = (f"attained on a continuum of points ({fams[0]}); the listed points are examples")
        certified = all(c.value.certified for c in winners)
        if not certified:
            reason = (reason + "; " if reason else "") + "some values are numeric, not certified"
            eng.partial = True
        pts = sorted((num_point(c) for c in winners), key=lambda p: [n.sort_key() for _, n in p])
        probe = finder.probe_bad(sense, lead.value)
        if probe is not None:
            pv, where = probe
            word = "maximum" if sense > 0 else "minimum"
            rel = "above" if sense > 0 else "below"
            exts.append(BoxExtremum(False, Num.numeric(pv), (), (
                f"f is not continuous on the box: near ({where}) it takes the value ≈ {pv:.10g}, {rel} every "
                f"candidate, and may be unbounded there, so no global {word} is guaranteed")))
            continue
        exts.append(BoxExtremum(True, val.num(), tuple(pts), reason))
    cands = []
    for c in finder.cands:
        v = c.value
        if v.exact is not None and time.monotonic() < t_simp and eng.left() > 0:
            ok, s = eng.run(lambda: eng.simp(v.exact, 0.3), 0.4)
            if ok and s is not None:
                v = _V(s, v.ball, True)
        cands.append(BoxCandidate(num_point(c), finder.kind(c), v.num()))
    order = {"interior critical": 0, "nondifferentiable": 1, "face critical": 2, "edge critical": 3, "corner": 4}
    cands.sort(key=lambda c: (order.get(c.kind, 9), [n.sort_key() for _, n in c.point]))
    return BoxExtremaResult(expr, tuple(vars_), tuple(box[v] for v in vars_), tuple(cands),
                            exts[0], exts[1], "partial" if eng.partial else "ok", tuple(eng.notes),
                            tuple(finder.families))




# ====================================================================== classification
def _eq_text(e) -> str:
    """'x² + y² = 1' for the equation -x² - y² + 1 = 0."""
    c, rest = e.as_coeff_Add()
    if rest == 0:
        return f"{textbook(e)} = 0"
    lead = rest.as_ordered_terms()[0].as_coeff_Mul()[0]
    if lead < 0:
        c, rest = -c, -rest
    return f"{textbook(rest)} = {textbook(-c)}"


def _family_desc(vars_, sub: dict, s, free: list, what: str) -> str:
    parts = [f"{v.name} = {textbook(_show(sub[v]))}" for v in vars_ if v in sub]
    implicit = [e for e in s.eqs if e.free_symbols & set(free)]
    if implicit:
        parts += [_eq_text(e) for e in implicit]
    else:
        parts += [f"{v.name} = {textbook(_show(s.vals[v]))}" for v in vars_ if v in s.vals]
    where = ", ".join(parts) if parts else "every point"
    return f"{what}: {where}" + ("" if implicit else f" ({', '.join(p.name for p in free)} free)")


def _fmt(e) -> str:
    return textbook(e) if isinstance(e, sp.Basic) else str(e)


def _lead_term(c, m: int) -> str:
    if m == 0:
        return f"f − f(p) → {_fmt(c)} as t → 0+ (f jumps)"
    return f"f − f(p) = {_fmt(c)}·t^{m} + …"


def _vec(d) -> str:
    return "(" + ", ".join(_fmt(c) for c in d) + ")"


class _Classifier:
    """Decides whether a critical point is a local min, max or neither, and says how."""

    def __init__(self, eng: _Engine, f, vars_):
        self.E = eng
        self.f = f
        self.vars = vars_
        self.n = len(vars_)
        self._H = None

    @property
    def H(self):
        if self._H is None:
            self._H = _hessian(self.f, self.vars)
        return self._H

    def sign(self, e) -> Optional[int]:
        e = sp.sympify(e, strict=True)
        if e.free_symbols:
            ok, s = self.E.run(lambda: sp.simplify(e), 0.5)
            if ok and s is not None and not s.free_symbols:
                e = s
            else:
                if e.is_positive:
                    return 1
                if e.is_negative:
                    return -1
                return None
        z = self.E.is_zero(e, 0.5)
        if z is True:
            return 0
        b = self.E.ball(e)
        if b is None:
            return None
        if b > 0:
            return 1
        if b < 0:
            return -1
        return None

    # -- entry point
    def classify(self, point: list, differentiable: bool) -> tuple:
        """(kind, test, strict) with kind in min | max | saddle | inconclusive."""
        if self.E.left() <= 0:
            return "inconclusive", "not classified (time budget exhausted)", None
        exact = all(p.exact is not None for p in point)
        if not differentiable:
            if not exact:
                return "inconclusive", "f is not differentiable here and the point is only known numerically", None
            return self.nondiff(dict(zip(self.vars, [p.exact for p in point])))
        if not exact:
            return self.hessian_numeric(point)
        return self.hessian_exact(dict(zip(self.vars, [p.exact for p in point])))

    def differentiable_at(self, p: dict) -> Optional[str]:
        """'regular' (differentiable, ∇f ≠ 0), 'critical' (differentiable, ∇f = 0), or None
        (not differentiable / undecided), from the one-sided directional derivative."""
        ds = [sp.Symbol(f"d{i + 1}", real=True) for i in range(self.n)]
        r = self.dirder(self.f, p, ds)
        if r is None:
            return None
        D = r[1]
        Dm = D.xreplace({d: -d for d in ds})
        if self.E.is_zero(sp.expand(D + Dm), 0.5) is not True:
            return None
        ok, lin = self.E.run(lambda: sp.simplify(D), 0.5)
        if ok and lin == 0:
            return "critical"
        return "regular"

    def hess_at(self, p: dict):
        """The exact Hessian at p; where sympy's formula has sign/δ terms (a ridge of |u|,
        max, min), the Hessians of the smooth branches, when they all agree."""
        Hp = self.H.xreplace(p)
        bad = (sp.Piecewise, sp.Heaviside, sp.sign)
        if not any(e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, *bad) for e in Hp):
            return Hp
        brs = _branches(self.f, self.vars)
        if not brs:
            return None
        mats = []
        for Fb, _ in brs[:16]:
            M = _hessian(Fb, self.vars).xreplace(p)
            if any(e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, *bad) for e in M):
                return None
            mats.append(M)
        for M in mats[1:]:
            if any(self.E.is_zero(a - b, 0.3) is not True for a, b in zip(M, mats[0])):
                return None
        return mats[0]

    # -- Hessian, exact
    def hessian_exact(self, p: dict) -> tuple:
        Hp = self.hess_at(p)
        if Hp is None:
            return self.higher_order(p, None, "f is not twice differentiable here; ")
        Hp = Hp.applyfunc(lambda e: self.E.simp(e, 0.3))
        n = self.n
        minors = []
        for k in range(1, n + 1):
            ok, d = self.E.run(lambda: Hp[:k, :k].det(), 1.0)
            if not ok:
                return "inconclusive", "the Hessian's minors could not be evaluated in time", None
            minors.append(self.E.simp(d, 0.3))
        signs = [self.sign(d) for d in minors]
        shown = ", ".join(f"D{k + 1} = {_fmt(d)}" for k, d in enumerate(minors))
        if None in signs:
            return "inconclusive", f"the signs of the Hessian's leading principal minors ({shown}) are undecided", None
        if all(s > 0 for s in signs):
            return "min", f"Hessian positive definite (leading principal minors {shown} all > 0, Sylvester)", True
        if all(s * (-1) ** (k + 1) > 0 for k, s in enumerate(signs)):
            return "max", (f"Hessian negative definite (leading principal minors {shown} alternate in sign, "
                           f"D1 < 0, Sylvester)"), True
        if signs[-1] != 0:
            why = "det H < 0" if n == 2 else "det H ≠ 0 but H is not definite"
            return "saddle", f"Hessian indefinite ({shown}; {why}): not an extremum", False
        # singular: eigenvalue signs by Descartes' rule on the characteristic polynomial
        lam = sp.Dummy("lambda")
        ok, cp = self.E.run(lambda: sp.Poly(Hp.charpoly(lam).as_expr(), lam), 2.0)
        npos = nneg = None
        if ok and cp is not None:
            cs = [self.sign(c) for c in cp.all_coeffs()]
            if None not in cs:
                nz = [c for c in cs if c != 0]
                npos = sum(1 for a, b in zip(nz, nz[1:]) if a != b)
                alt = [c * (-1) ** (len(cs) - 1 - i) for i, c in enumerate(cs)]
                nz2 = [c for c in alt if c != 0]
                nneg = sum(1 for a, b in zip(nz2, nz2[1:]) if a != b)
        if npos and nneg:
            return "saddle", (f"Hessian singular ({shown}) but indefinite: its characteristic polynomial has "
                              f"{npos} positive and {nneg} negative roots (Descartes' rule): not an extremum"), False
        what = "zero" if all(self.sign(e) == 0 for e in Hp) else "semidefinite"
        return self.higher_order(p, Hp, f"inconclusive by the Hessian (Hessian {what}, {shown}); ")

    # -- Hessian, certified numeric point
    def hessian_numeric(self, point) -> tuple:
        try:
            with _prec(self.E.bits):
                X = [p.ball for p in point]
                Hb = [[_compile(self.H[i, j], self.vars)(X) for j in range(self.n)] for i in range(self.n)]
        except _NotCompilable:
            return "inconclusive", "the Hessian cannot be evaluated in ball arithmetic", None
        n = self.n
        minors = []
        for k in range(1, n + 1):
            minors.append(_arb_det([row[:k] for row in Hb[:k]]))
        signs = [1 if d > 0 else -1 if d < 0 else None for d in minors]
        shown = ", ".join(f"D{k + 1} ∈ [{float(d.lower()):.6g}, {float(d.upper()):.6g}]" for k, d in enumerate(minors))
        cert = "" if all(p.certified for p in point) else " (at a numeric, uncertified point)"
        if None in signs:
            return "inconclusive", f"the enclosures of the Hessian's minors contain 0 ({shown}){cert}", None
        if all(s > 0 for s in signs):
            return "min", f"Hessian positive definite (certified minors {shown}, Sylvester){cert}", True
        if all(s * (-1) ** (k + 1) > 0 for k, s in enumerate(signs)):
            return "max", f"Hessian negative definite (certified minors {shown}, Sylvester){cert}", True
        return "saddle", f"Hessian indefinite (certified minors {shown}): not an extremum{cert}", False

    # -- higher order
    def taylor_parts(self, p: dict, order: int = 8) -> Optional[dict]:
        """Homogeneous parts {k: q_k(h)} of f(p + h) - f(p), k <= order."""
        hs = [sp.Symbol(f"h{i + 1}", real=True) for i in range(self.n)]
        self.hs = hs
        g = self.f.xreplace({v: p[v] + h for v, h in zip(self.vars, hs)})
        self.diff_expr = g - self.f.xreplace(p)
        if _is_poly(self.f, self.vars):
            ok, P = self.E.run(lambda: sp.Poly(sp.expand(g - self.f.xreplace(p)), *hs), 3.0)
            if not ok or P is None:
                return None
            parts: dict = {}
            for mon, c in P.terms():
                k = sum(mon)
                parts[k] = parts.get(k, 0) + c * sp.Mul(*[h ** e for h, e in zip(hs, mon)])
            self.poly_diff = P
            return parts
        self.poly_diff = None
        self.diff_expr = g - self.f.xreplace(p)
        t = sp.Symbol("t", positive=True)
        gt = g.xreplace({h: t * h for h in hs}) - self.f.xreplace(p)
        ok, ser = self.E.run(lambda: sp.expand(sp.series(gt, t, 0, order + 3).removeO()), 2.0)
        if ok and ser is not None:
            parts = {}
            for k in range(order + 3):
                c = ser.coeff(t, k)
                if c != 0:
                    parts[k] = c
            return parts
        if self.f.has(*_KINK_HEADS):
            return None
        # q_k(h) = (h·∇)^k f (p) / k!, while the terms stay small
        parts = {}
        D = self.f
        for k in range(1, 5):
            if self.E.left() <= 0:
                break
            ok, D = self.E.run(lambda: sum(h * _d(D, v) for h, v in zip(hs, self.vars)), 2.0)
            if not ok or D is None or _ops(D) > 4000:
                break
            ok, q = self.E.run(lambda: sp.expand(D.xreplace(p) / sp.factorial(k)), 2.0)
            if not ok or q is None:
                break
            if q != 0:
                parts[k] = q
                if k >= 2:
                    return parts
        return parts or None

    def higher_order(self, p: dict, Hp, prefix: str) -> tuple:
        parts = self.taylor_parts(p)
        if parts is None:
            return "inconclusive", prefix + "the Taylor expansion could not be computed in time", None
        nz = {k: q for k, q in parts.items() if k >= 2 and self.E.simp(q, 0.3) != 0}
        if not nz:
            return self.lines(p, prefix + "every Taylor term up to order 8 vanishes; ")
        k = min(nz)
        q = sp.expand(nz[k])
        d = self.definite(q, k)
        qs = _fmt(q)
        if d == "pd":
            return "min", prefix + f"the lowest non-zero Taylor term of f(p + h) − f(p), {qs} (degree {k}), is positive definite: strict minimum", True
        if d == "nd":
            return "max", prefix + f"the lowest non-zero Taylor term of f(p + h) − f(p), {qs} (degree {k}), is negative definite: strict maximum", True
        if d is not None and d[0] == "indef":
            dp, dm = d[1], d[2]
            return "saddle", (prefix + f"the lowest non-zero Taylor term {qs} (degree {k}) takes both signs: "
                              f"along h = {_vec(dp)} f increases, along h = {_vec(dm)} it decreases (restriction "
                              f"to lines): not an extremum"), False
        # semidefinite lowest term: the whole difference, then lines along its zero directions
        r = self.nonneg_terms(self.diff_expr)
        if r is not None:
            kind = "min" if r > 0 else "max"
            return kind, prefix + (f"f(p + h) − f(p) = {_fmt(self.diff_expr)} is a sum of terms |hᵢ|^a, hᵢ^(2k) "
                                   f"with {'positive' if r > 0 else 'negative'} coefficients, zero only at h = 0: "
                                   f"strict {'minimum' if r > 0 else 'maximum'}"), True
        if self.poly_diff is not None:
            r = self.even_terms(self.poly_diff)
            if r is not None:
                kind = "min" if r > 0 else "max"
                word = "positive" if r > 0 else "negative"
                return kind, prefix + (f"f(p + h) − f(p) = {_fmt(self.poly_diff.as_expr())} is a sum of even powers "
                                       f"with {word} coefficients, zero only at h = 0: strict {'minimum' if r > 0 else 'maximum'}"), True
        return self.lines(p, prefix + f"the lowest non-zero Taylor term {qs} (degree {k}) is only semidefinite; ",
                          q=q, k=k)

    def nonneg_terms(self, e) -> Optional[int]:
        """+1 (-1) when e = Σ c·Π |hᵢ|^aᵢ·hⱼ^(2kⱼ) with all c > 0 (< 0) and each hᵢ alone in some term."""
        hs = set(self.hs)
        ok, e = self.E.run(lambda: sp.expand(e), 1.0)
        if not ok or e is None or e == 0:
            return None
        sgn, pure = None, set()
        for term in sp.Add.make_args(e):
            c, rest = term.as_coeff_Mul()
            if rest.free_symbols - hs or not rest.free_symbols:
                return None
            used = set()
            for fac in sp.Mul.make_args(rest):
                b, x = fac.as_base_exp()
                if isinstance(b, sp.Abs) and b.args[0] in hs and x.is_positive:
                    used.add(b.args[0])
                elif b in hs and x.is_Integer and x % 2 == 0 and x > 0:
                    used.add(b)
                else:
                    return None
            s = 1 if c > 0 else -1 if c < 0 else 0
            if s == 0 or (sgn is not None and s != sgn):
                return None
            sgn = s
            if len(used) == 1:
                pure |= used
        return sgn if pure == hs else None

    def even_terms(self, P: sp.Poly) -> Optional[int]:
        """+1 (-1) when every term is c·h1^(2a)·h2^(2b)... with c > 0 (< 0) and each hi^(2m) present."""
        sgn = None
        pure = set()
        for mon, c in P.terms():
            if any(e % 2 for e in mon):
                return None
            s = self.sign(c)
            if s is None or s == 0:
                return None
            if sgn is None:
                sgn = s
            elif s != sgn:
                return None
            if sum(1 for e in mon if e) == 1:
                pure.add(next(i for i, e in enumerate(mon) if e))
        if len(pure) == self.n:
            return sgn
        return None

    def definite(self, q, k):
        """'pd' | 'nd' | ('indef', d_plus, d_minus) | 'psd' | 'nsd' | None for a form q of degree k."""
        hs = self.hs
        n = self.n

        def val(d):
            return q.xreplace(dict(zip(hs, d)))

        if k % 2 == 1:
            for d in self.directions():
                v = self.sign(val(d))
                if v:
                    dneg = [-c for c in d]
                    return ("indef", d, dneg) if v > 0 else ("indef", dneg, d)
            return None
        if n == 1:
            s = self.sign(val([1]))
            return "pd" if s == 1 else "nd" if s == -1 else None
        if n == 2:
            s = sp.Symbol("s", real=True)
            ps = sp.expand(q.xreplace({hs[0]: 1, hs[1]: s}))
            c = self.sign(val([0, 1]))
            tests = [sp.Integer(0)]
            ok, P = self.E.run(lambda: sp.Poly(ps, s), 1.0)
            nroots = None
            if ok and P is not None and (P.domain.is_ZZ or P.domain.is_QQ) and P.degree() > 0:
                ok, ivs = self.E.run(lambda: P.intervals(), 2.0)
                if ok and ivs is not None:
                    nroots = len(ivs)
                    ends = sorted(set([sp.Rational(a) for (a, b), _ in ivs] + [sp.Rational(b) for (a, b), _ in ivs]))
                    if ends:
                        tests = [ends[0] - 1, ends[-1] + 1] + [(a + b) / 2 for a, b in zip(ends, ends[1:])] + [0]
            else:
                tests = [sp.Rational(i, 4) for i in range(-40, 41)]
            sg = {}
            for tv in tests:
                sv = self.sign(ps.xreplace({s: tv}))
                if sv:
                    sg.setdefault(sv, [1, tv])
            if c:
                sg.setdefault(c, [0, 1])
            if 1 in sg and -1 in sg:
                return ("indef", sg[1], sg[-1])
            if nroots == 0 and c is not None and c != 0 and set(sg) == {c}:
                return "pd" if c > 0 else "nd"
            if set(sg) == {1}:
                return "psd" if nroots is not None else None
            if set(sg) == {-1}:
                return "nsd" if nroots is not None else None
            return None
        # n >= 3: sums of even powers, otherwise look for a sign change
        P = sp.Poly(q, *hs)
        r = self.even_terms(P)
        if r is not None:
            return "pd" if r > 0 else "nd"
        sg = {}
        for d in self.directions(dense=True):
            v = self.sign(val(d))
            if v:
                sg.setdefault(v, d)
        if 1 in sg and -1 in sg:
            return ("indef", sg[1], sg[-1])
        return None

    def directions(self, dense: bool = False) -> list:
        rng = range(-2, 3) if (dense or self.n <= 2) else range(-1, 2)
        out = []
        for d in itertools.product(rng, repeat=self.n):
            if any(d) and math.gcd(*[abs(c) for c in d]) == 1:
                out.append([sp.Integer(c) for c in d])
        out.sort(key=lambda d: sum(abs(c) for c in d))
        return out

    def line(self, p: dict, d) -> Optional[tuple]:
        """(m, c): f(p + t d) - f(p) = c t^m + o(t^m) as t -> 0+."""
        t = sp.Symbol("t", positive=True)
        g = self.f.xreplace({v: p[v] + t * dv for v, dv in zip(self.vars, d)}) - self.f.xreplace(p)
        if g == 0:
            return None
        if not self.f.has(*_KINK_HEADS) and not any(not a.exp.is_Integer for a in self.f.atoms(sp.Pow)):
            gt = g
            for m in range(1, 9):
                ok, gt = self.E.run(lambda: _d(gt, t), 1.0)
                if not ok or gt is None:
                    return None
                c = gt.xreplace({t: 0}) / sp.factorial(m)
                z = self.E.is_zero(c, 0.3)
                if z is True:
                    continue
                if z is None:
                    return None
                return m, self.E.simp(c, 0.3)
            return None
        for m in range(0, 11):       # m = 0: f jumps at p along this line (sign, Heaviside)
            ok, c = self.E.run(lambda: sp.limit(g / t ** m, t, 0, "+"), 0.8)
            if not ok or c is None or isinstance(c, sp.Limit) or c.has(sp.nan, sp.AccumBounds):
                return None
            if c == 0:
                continue
            if c.is_infinite:
                return None
            return m, c
        return None

    def lines(self, p: dict, prefix: str, q=None, k=None) -> tuple:
        """Restriction to lines: a sign change between two lines proves 'not an extremum'."""
        dirs = self.directions()
        if q is not None:
            # the zero directions of the semidefinite lowest term first
            zeros = [d for d in self.directions(dense=True) if self.E.is_zero(q.xreplace(dict(zip(self.hs, d))), 0.3) is True]
            dirs = zeros + [d for d in dirs if d not in zeros]
        seen = {}
        decided = 0
        t_end = time.monotonic() + min(4.0, max(0.5, self.E.left() / 3))
        for d in dirs:
            if time.monotonic() > t_end:
                break
            r = self.line(p, d)
            if r is None:
                continue
            m, c = r
            s = self.sign(c)
            if s is None:
                continue
            decided += 1
            seen.setdefault(s, (d, m, c))
            if 1 in seen and -1 in seen:
                (d1, m1, c1), (d2, m2, c2) = seen[1], seen[-1]
                return "saddle", prefix + (f"along {_vec(d1)}, {_lead_term(c1, m1)} > 0 and along "
                                           f"{_vec(d2)}, {_lead_term(c2, m2)} < 0 (restriction to lines): "
                                           f"not an extremum"), False
        if len(seen) == 1:
            s = next(iter(seen))
            word = "minimum" if s > 0 else "maximum"
            return "inconclusive", prefix + (f"f has a strict local {word} along each of the {decided} lines "
                                             f"through p where the test decided ({len(dirs)} tested), which does "
                                             f"not prove an extremum"), None
        return "inconclusive", prefix + "no test decided", None

    # -- non-differentiable points: one-sided directional derivatives
    def dirder(self, e, p: dict, d: list):
        """(value at p, one-sided directional derivative D_d e(p) as an expression in d), or None."""
        memo: dict = {}

        def rec(e):
            if e in memo:
                return memo[e]
            r = _rec(e)
            memo[e] = r
            return r

        def _rec(e):
            if e in p:
                return p[e], d[self.vars.index(e)]
            if not e.free_symbols & set(self.vars):
                return e, sp.S.Zero
            if e.is_Add:
                parts = [rec(a) for a in e.args]
                if any(x is None for x in parts):
                    return None
                return sp.Add(*[a for a, _ in parts]), sp.Add(*[b for _, b in parts])
            if e.is_Mul:
                parts = [rec(a) for a in e.args]
                if any(x is None for x in parts):
                    return None
                vals = [a for a, _ in parts]
                D = sp.Add(*[parts[i][1] * sp.Mul(*(vals[:i] + vals[i + 1:])) for i in range(len(parts))])
                return sp.Mul(*vals), D
            if e.is_Pow:
                rb = rec(e.base)
                if rb is None:
                    return None
                vb, Db = rb
                ex = e.exp
                if ex.has(*self.vars):
                    return None
                z = self.E.is_zero(vb, 0.3)
                if ex.is_Integer:
                    if ex < 0 and z is True:
                        return None
                    return vb ** ex, ex * vb ** (ex - 1) * Db
                if z is True:
                    if Db != 0 and self.E.is_zero(Db, 0.3) is not True:
                        return None
                    if ex == sp.S.Half:
                        Hb = _hessian(e.base, self.vars).xreplace(p)
                        Q = (sp.Matrix([d]) * Hb * sp.Matrix(d))[0]
                        return sp.S.Zero, sp.sqrt(sp.expand(Q) / 2)
                    if ex > sp.S.Half:
                        return sp.S.Zero, sp.S.Zero
                    return None
                if z is None:
                    return None
                return vb ** ex, ex * vb ** (ex - 1) * Db
            if isinstance(e, sp.Abs):
                r = rec(e.args[0])
                if r is None:
                    return None
                vu, Du = r
                s = self.sign(vu)
                if s is None:
                    return None
                return sp.Abs(vu), (sp.Abs(Du) if s == 0 else s * Du)
            if isinstance(e, (sp.Max, sp.Min)):
                parts = [rec(a) for a in e.args]
                if any(x is None for x in parts):
                    return None
                vals = [a for a, _ in parts]
                is_max = isinstance(e, sp.Max)
                best = vals[0]
                for v in vals[1:]:
                    c = self.sign(v - best)
                    if c is None:
                        return None
                    if (c > 0 and is_max) or (c < 0 and not is_max):
                        best = v
                tied = [D for v, (_, D) in zip(vals, parts) if self.E.is_zero(v - best, 0.3) is True]
                return best, (sp.Max(*tied) if is_max else sp.Min(*tied))
            if isinstance(e, sp.Function) and len(e.args) == 1:
                r = rec(e.args[0])
                if r is None:
                    return None
                vu, Du = r
                s = sp.Dummy()
                der = _d(e.func(s), s).xreplace({s: vu})
                if der.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or self.E.ball(der) is None:
                    return None
                return e.func(vu), der * Du
            return None

        try:
            return rec(e)
        except Exception:  # noqa: BLE001
            return None

    def nondiff(self, p: dict) -> tuple:
        ds = [sp.Symbol(f"d{i + 1}", real=True) for i in range(self.n)]
        r = self.dirder(self.f, p, ds)
        if r is not None:
            D = r[1]
            out = self.sphere_sign(D, ds)
            if out is not None:
                kind, m, witness = out
                Ds = _fmt(D)
                if kind == "min":
                    return "min", (f"f is not differentiable here; its one-sided directional derivative "
                                   f"D_d f = {Ds} is positive in every direction (≥ {m:.4g} on the unit "
                                   f"sphere): strict minimum"), True
                if kind == "max":
                    return "max", (f"f is not differentiable here; its one-sided directional derivative "
                                   f"D_d f = {Ds} is negative in every direction (≤ {-m:.4g} on the unit "
                                   f"sphere): strict maximum"), True
                if kind == "saddle":
                    up, down = witness
                    return "saddle", (f"f is not differentiable here; its one-sided directional derivative "
                                      f"D_d f = {Ds} is > 0 along d = {_vec(up)} and < 0 along d = {_vec(down)}: "
                                      f"not an extremum"), False
        return self.lines(p, "f is not differentiable here; ")

    def sphere_sign(self, D, ds):
        """('min'|'max'|'saddle', bound, witnesses) from enclosures of D on the unit sphere."""
        n = self.n
        th = [sp.Symbol(f"th{i}", real=True) for i in range(max(1, n - 1))]
        if n == 1:
            vals = [self.sign(D.xreplace({ds[0]: s})) for s in (1, -1)]
            if None in vals:
                return None
            if vals == [1, 1]:
                return "min", float(min(self.E.ball(D.xreplace({ds[0]: s})).lower() for s in (1, -1))), None
            if vals == [-1, -1]:
                return "max", float(max(-self.E.ball(D.xreplace({ds[0]: s})).upper() for s in (1, -1))), None
            if 1 in vals and -1 in vals:
                up = [sp.Integer(1)] if vals[0] == 1 else [sp.Integer(-1)]
                return "saddle", 0.0, (up, [-up[0]])
            return None
        if n == 2:
            dirs = {ds[0]: sp.cos(th[0]), ds[1]: sp.sin(th[0])}
            ranges = [(0.0, 2 * math.pi)]
        elif n == 3:
            dirs = {ds[0]: sp.sin(th[0]) * sp.cos(th[1]), ds[1]: sp.sin(th[0]) * sp.sin(th[1]), ds[2]: sp.cos(th[0])}
            ranges = [(0.0, math.pi), (0.0, 2 * math.pi)]
        else:
            return None
        try:
            g = _compile(D.xreplace(dirs), th[:len(ranges)])
        except _NotCompilable:
            return None
        stack = [ranges]
        lo_all, hi_all = math.inf, -math.inf
        pos = neg = None
        undecided = 0
        count = 0
        with _prec(64):
            while stack and count < 20000:
                B = stack.pop()
                count += 1
                v = g(_box_balls(B))
                mid = [(a + b) / 2 for a, b in B]
                if v.is_finite() and (v > 0 or v < 0):
                    lo_all = min(lo_all, float(v.lower()))
                    hi_all = max(hi_all, float(v.upper()))
                    if v > 0 and pos is None:
                        pos = mid
                    if v < 0 and neg is None:
                        neg = mid
                    continue
                if max(b - a for a, b in B) < 1e-3:
                    undecided += 1
                    vm = g([arb(m) for m in mid])
                    if vm.is_finite() and vm > 0 and pos is None:
                        pos = mid
                    if vm.is_finite() and vm < 0 and neg is None:
                        neg = mid
                    if undecided > 200:
                        break
                    continue
                i = max(range(len(B)), key=lambda j: B[j][1] - B[j][0])
                a, b = B[i]
                c = (a + b) / 2
                l, r = list(B), list(B)
                l[i], r[i] = (a, c), (c, b)
                stack += [l, r]
        if pos is not None and neg is not None:
            return "saddle", 0.0, (self._exact_dir(D, ds, dirs, th, pos), self._exact_dir(D, ds, dirs, th, neg))
        if undecided or stack:
            return None
        if lo_all > 0:
            return "min", lo_all, None
        if hi_all < 0:
            return "max", -hi_all, None
        return None

    def _exact_dir(self, D, ds, dirs, th, angles):
        vals = {t: a for t, a in zip(th, angles)}
        d = [float(dirs[s].xreplace({k: sp.Float(v) for k, v in vals.items()})) for s in ds]
        # a short rational direction with the same sign of D
        want = self.sign(D.xreplace({s: sp.Float(c, 30) for s, c in zip(ds, d)}))
        for den in (1, 2, 4, 8, 16):
            cand = [sp.Rational(round(c * den), den) for c in d]
            if any(cand) and self.sign(D.xreplace(dict(zip(ds, cand)))) == want:
                return cand
        return [sp.Float(c, 6) for c in d]


def _arb_det(M) -> arb:
    n = len(M)
    if n == 1:
        return M[0][0]
    if n == 2:
        return M[0][0] * M[1][1] - M[0][1] * M[1][0]
    s = arb(0)
    for j in range(n):
        minor = [row[:j] + row[j + 1:] for row in M[1:]]
        term = M[0][j] * _arb_det(minor)
        s = s + term if j % 2 == 0 else s - term
    return s


# ====================================================================== critical points
_KIND_WORDS = {"min": "local minimum", "max": "local maximum", "saddle": "not an extremum (saddle)",
               "inconclusive": "inconclusive"}


@dataclass(frozen=True)
class CriticalPoint:
    """A point where ∇f = 0 or f is not differentiable, classified by ``test``."""

    point: tuple           # of (variable name, Num)
    kind: str              # min | max | saddle | inconclusive
    test: str
    differentiable: bool
    value: Num = _NONE_NUM
    strict: Optional[bool] = None

    def to_dict(self) -> dict:
        return {"point": _pt_dict(self.point), "kind": self.kind, "test": self.test,
                "differentiable": self.differentiable}


@dataclass(frozen=True)
class CriticalPointsResult:
    """Every critical point of f (gradient zero or f not differentiable), classified;
    infinite sets described in ``families``."""

    function: sp.Expr
    variables: tuple
    gradient: tuple
    hessian: tuple
    critical_points: tuple
    families: tuple = ()
    status: str = "ok"
    notes: tuple = ()
    region: Optional[tuple] = None     # sympy Intervals when restricted to a box

    @property
    def names(self) -> list:
        return [v.name for v in self.variables]

    def to_dict(self) -> dict:
        return {"function": str(self.function), "variables": self.names,
                "critical_points": [c.to_dict() for c in self.critical_points],
                "families": list(self.families), "status": self.status, "notes": list(self.notes)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def _head(self) -> str:
        return f"f({', '.join(self.names)})"

    def text(self) -> str:
        L = [f"{self._head()} = {textbook(self.function)}"
             + (" on " + " × ".join(_interval_str(I) for I in self.region) if self.region else "")]
        L.append("∇f = (" + ", ".join(textbook(g) for g in self.gradient) + ")")
        L.append("H = [" + "; ".join(", ".join(textbook(e) for e in row) for row in self.hessian) + "]")
        if self.critical_points:
            L.append("critical points:")
            for c in self.critical_points:
                nd = "" if c.differentiable else " (f not differentiable)"
                L.append(f"  ({', '.join(self.names)}) = {_pt_text(c.point)}{nd}, f = {c.value.text(8)}: "
                         f"{_KIND_WORDS[c.kind]}" + (" (strict)" if c.strict else "") + f" — {c.test}")
        elif not self.families:
            L.append("no critical points")
        for fam in self.families:
            L.append(f"family: {fam}")
        for n in self.notes:
            L.append(f"note: {n}")
        if self.status != "ok":
            L.append(f"status: {self.status}")
        return "\n".join(L)

    def markdown(self) -> str:
        grad = r"\left(" + ", ".join(_latex(g) for g in self.gradient) + r"\right)"
        L = [f"**{self._head()}** = ${_latex(self.function)}$", "", rf"$\nabla f = {grad}$", "",
             f"| ({', '.join(self.names)}) | f | kind | test |", "|---|---|---|---|"]
        for c in self.critical_points:
            nd = "" if c.differentiable else " (not differentiable)"
            L.append(f"| ${_pt_latex(c.point)}$ | ${c.value.latex()}$ | {_KIND_WORDS[c.kind]}{nd} | {c.test} |")
        L.append("")
        L += [f"- family: {f}" for f in self.families]
        L += [f"- note: {n}" for n in self.notes]
        if self.status != "ok":
            L.append(f"- status: {self.status}")
        return "\n".join(L)

    def latex(self) -> str:
        grad = r"\left(" + ", ".join(_latex(g) for g in self.gradient) + r"\right)"
        H = sp.Matrix([list(r) for r in self.hessian]) if self.hessian else sp.Matrix()
        rows = " \\\\\n".join(rf"{_pt_latex(c.point)} & {c.value.latex()} & \text{{{_KIND_WORDS[c.kind]}}}"
                              for c in self.critical_points)
        return (f"f = {_latex(self.function)},\\quad \\nabla f = {grad},\\quad H = {_latex(H)}\n"
                f"\\begin{{array}}{{lll}}\n({', '.join(self.names)}) & f & \\text{{kind}} \\\\ \\hline\n"
                f"{rows}\n\\end{{array}}\n")

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    def plot(self, path: Optional[str] = None):
        """Contour map with the critical points marked by kind (and a 3-D surface for two
        variables); saved to ``path`` when given; returns the matplotlib Figure."""
        if self.region:
            ranges = [(float(I.start) if I.start.is_finite else -3.0, float(I.end) if I.end.is_finite else 3.0)
                      for I in self.region]
        else:
            ranges = []
            for i in range(len(self.variables)):
                xs = [c.point[i][1].float for c in self.critical_points if c.point[i][1].float is not None]
                lo, hi = (min(xs), max(xs)) if xs else (0.0, 0.0)
                pad = max(1.0, 0.3 * (hi - lo))
                ranges.append((lo - pad, hi + pad))
        return _plot(self.function, list(self.variables), ranges,
                     [(c.point, c.kind) for c in self.critical_points], None, None, path,
                     title=textbook(self.function))


class _CritFinder(_BoxFinder):
    """Critical points on all of R^n (or inside a box): no faces, ridges described."""

    def __init__(self, eng, expr, vars_, box):
        super().__init__(eng, expr, vars_, box)
        self.ridge_text: list[str] = []
        self.lattice: list = []
        self.family_eqs: list = []

    def on_family(self, c) -> bool:
        """Does the candidate lie on a described continuum of critical points?"""
        if not self.family_eqs or any(p.exact is None for p in c.point):
            return False
        pt = {v: p.exact for v, p in zip(self.vars, c.point)}
        for eqs in self.family_eqs:
            if eqs and all(self.E.is_zero(e.xreplace(pt), 0.3) is True for e in eqs):
                return True
        return False

    def run(self) -> None:
        self.stratum(self.f, list(self.vars), {}, False)

    def on_ridge(self, F, h, br, W, sub) -> None:
        free = [w for w in W if w not in br]
        if not free or sub:
            return
        text = f"f is not differentiable on the set {textbook(h)} = 0"
        if text in self.ridge_text:
            return
        # check at one point of the ridge that the one-sided derivatives across it disagree
        pv = {w: sp.Rational(3, 7) + i for i, w in enumerate(free)}
        p = {v: (br[v].xreplace(pv) if v in br else pv[v]) for v in self.vars}
        if any(self.E.real_exact(c) is None for c in p.values()):
            pv = {w: -sp.Rational(5, 3) - i for i, w in enumerate(free)}
            p = {v: (br[v].xreplace(pv) if v in br else pv[v]) for v in self.vars}
        normal = [_d(h, v).xreplace(p) for v in self.vars]
        C = _Classifier(self.E, self.f, self.vars)
        a = C.dirder(self.f, p, normal)
        b = C.dirder(self.f, p, [-c for c in normal])
        if a is not None and b is not None and self.E.is_zero(a[1] + b[1], 0.5) is True:
            return          # differentiable across it (e.g. |x|^3)
        self.ridge_text.append(text)

    def add_family(self, s: _Sol, W, sub, nondiff) -> None:
        ints = [p for p in s.params if p not in W]
        assign = {v: (s.vals.get(v, v) if v in W else sub[v].xreplace(s.vals)) for v in self.vars}
        order = []
        for v in self.vars:
            for a in sp.preorder_traversal(assign[v]):
                if a in ints and a not in order:
                    order.append(a)
        order += [p for p in ints if p not in order]
        names = dict(zip(order, [sp.Symbol(n, integer=True) for n in ("n", "m", "k", "j", "l")]))
        ints = order
        shown = {v: a.xreplace(names) for v, a in assign.items()}
        if ints:
            desc = "(" + ", ".join(textbook(shown[v]) for v in self.vars) + ")" + \
                   f", {', '.join(str(names[p]) for p in ints)} ∈ ℤ"
            C = _Classifier(self.E, self.f, self.vars)
            kind, test, _ = C.hessian_exact(assign) if not nondiff else ("inconclusive", "", None)
            val = self.E.simp(self.f.xreplace(assign), 0.5)
            desc += f": f = {textbook(val.xreplace(names))}"
            if kind != "inconclusive":
                desc += f", {_KIND_WORDS[kind]} — {test}"
            self.lattice.append(desc)
            return
        free = [p for p in s.params if p in W]
        val = self.E.simp(self.f.xreplace(assign), 1.0)
        what = "points where f is not differentiable" if nondiff else "critical points"
        implicit = [e for e in s.eqs if e.free_symbols & set(free)] if not sub else []
        fixed = [f"{v.name} = {textbook(shown[v])}" for v in self.vars
                 if shown[v] != v and not (shown[v].free_symbols & set(free))]
        if implicit:
            parts = ", ".join(fixed + [_eq_text(e) for e in implicit])
            desc = f"a continuum of {what}: {parts}"
        else:
            parts = ", ".join(f"{v.name} = {textbook(shown[v])}" for v in self.vars if shown[v] != v)
            desc = f"a continuum of {what}: {parts or 'every point'} ({', '.join(p.name for p in free)} free)"
        if not val.free_symbols:
            desc += f", where f = {textbook(val)}"
        if desc not in self.families:
            self.families.append(desc)
            self.family_eqs.append([sp.Add(v, -shown[v]) for v in self.vars if shown[v] != v
                                    and not (shown[v].free_symbols & set(free))] + list(implicit))


def _tidy(eng, e):
    """A shorter form of a derivative of |u| for display: the terms without pieces, written on
    each side of every u = 0 (|u| = ±u), when all sides agree, as {E if u ≠ 0} (still undefined
    at u = 0, as calc's differentiator says)."""
    pieces = [t for t in sp.Add.make_args(e) if t.has(sp.Piecewise)]
    rest = sp.Add(*[t for t in sp.Add.make_args(e) if not t.has(sp.Piecewise)])
    us = sorted({a.args[0] for a in rest.atoms(sp.Abs) if a.free_symbols}, key=sp.default_sort_key)
    if not us and not pieces:
        return eng.simp(e, 0.3)
    if not us or len(us) > 3 or eng.left() <= 0:
        return e
    forms = set()
    for signs in itertools.product((1, -1), repeat=len(us)):
        ok, E = eng.run(lambda: sp.cancel(rest.xreplace({sp.Abs(u): s * u for u, s in zip(us, signs)})), 0.3)
        if not ok or E is None or E.has(sp.Abs):
            return e
        forms.add(E)
        if len(forms) > 1:
            return e
    E = forms.pop()
    return sp.Piecewise((E, sp.And(*[sp.Ne(u, 0) for u in us]))) + sp.Add(*pieces)


def critical_points(f, vars=None, timeout: float = 10.0, on=None, digits: int = 15) -> CriticalPointsResult:
    """Every point where ∇f = 0 or f is not differentiable, each classified.

    ``vars`` lists the variables (names, Symbols or "x,y"; default: the free
    symbols in alphabetical order).  ``on`` optionally restricts the search to
    a box (same forms as :func:`parse_box`); without it, equations sympy cannot
    solve are searched numerically on [-10, 10]^n (said in the notes).

    >>> r = critical_points("x^3 - 3x y + y^3")
    >>> [([n.exact for _, n in c.point], c.kind) for c in r.critical_points]
    [([0, 0], 'saddle'), ([1, 1], 'min')]
    """
    from .derivative import variables_of
    expr = parse(f)
    if isinstance(expr, sp.logic.boolalg.Boolean) and not isinstance(expr, sp.Expr):
        raise ParseError("expected a function, got a condition")
    if on is not None:
        vars_, box = parse_box(on, expr, closed=False)
        if vars is not None:
            want = variables_of(expr, vars)
            if set(want) != set(vars_):
                raise CalcError("the variables and the box disagree")
            vars_ = want
    else:
        vars_ = variables_of(expr, vars)
        if not vars_:
            raise CalcError(f"{textbook(expr)} has no variables")
        missing = sorted(free_symbols(expr) - set(vars_), key=lambda s: s.name)
        if missing:
            raise CalcError(f"{textbook(expr)} also depends on {', '.join(s.name for s in missing)}; "
                            f"list every variable in vars")
        box = {v: sp.Interval(-sp.oo, sp.oo) for v in vars_}
    eng = _Engine(timeout, digits)
    finder = _CritFinder(eng, expr, vars_, box)
    ok, _ = budget.run(finder.run, timeout + 1.0, catch=False)
    if not ok:
        eng.note("the time budget ran out; the list may be incomplete", partial=True)
    if eng.default_box_used:
        eng.note(f"some equations have no closed-form solution; they were solved numerically (certified) "
                 f"only in [-{DEFAULT_SEARCH}, {DEFAULT_SEARCH}] for each variable — pass on=... for another region")
    eng.deadline = time.monotonic() + max(3.0, min(10.0, timeout))
    C = _Classifier(eng, expr, vars_)
    names = [v.name for v in vars_]
    pts = []
    on_fam = 0
    for c in finder.cands:
        if finder.on_family(c):
            on_fam += 1
            continue
        if c.nondiff and all(p.exact is not None for p in c.point):
            d = C.differentiable_at(dict(zip(vars_, [p.exact for p in c.point])))
            if d == "regular":
                continue            # f is differentiable there with a non-zero gradient
            if d == "critical":
                c.nondiff = False
        try:
            ok, res = budget.run(lambda: C.classify(c.point, not c.nondiff), max(0.5, eng.left()))
        except BudgetExceeded:
            ok, res = False, None
        if not ok or res is None:
            res = ("inconclusive", "not classified (time budget exhausted)", None)
            eng.partial = True
        kind, test, strict = res
        v = c.value
        if v.exact is not None:
            v = _V(eng.simp(v.exact, 0.3), v.ball, True)
        pts.append(CriticalPoint(tuple((n, p.num()) for n, p in zip(names, c.point)), kind, test,
                                 not c.nondiff, v.num(), strict))
    pts.sort(key=lambda c: [n.sort_key() for _, n in c.point])
    if on_fam:
        eng.note(f"{on_fam} isolated solution(s) lying on a continuum of critical points are described by "
                 f"the continuum only")
    fams = list(finder.lattice) + list(finder.families) + list(finder.ridge_text)
    grad = tuple(_d(expr, v) for v in vars_)
    hess = tuple(tuple(_tidy(eng, _d(g, v)) for v in vars_) for g in grad)
    region = None
    if on is not None:
        region = tuple(box[v] for v in vars_)
    return CriticalPointsResult(expr, tuple(vars_), grad, hess, tuple(pts), tuple(fams),
                                "partial" if eng.partial else "ok", tuple(eng.notes), region)


# ====================================================================== plotting
_MARKS = {"interior critical": ("o", "tab:blue"), "face critical": ("s", "tab:cyan"),
          "edge critical": ("D", "tab:green"), "corner": ("^", "tab:gray"),
          "nondifferentiable": ("X", "tab:purple"), "min": ("o", "tab:blue"), "max": ("o", "tab:red"),
          "saddle": ("P", "tab:orange"), "inconclusive": ("*", "tab:gray")}


def _plot(f, vars_, ranges, marks, maximum, minimum, path, title=""):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    n = len(vars_)
    names = [v.name for v in vars_]
    # variables beyond the first two are fixed at the first maximum point (or the middle)
    fixed = {}
    for i in range(2, n):
        val = None
        if maximum is not None and maximum.points:
            val = maximum.points[0][i][1].float
        fixed[vars_[i]] = val if val is not None else (ranges[i][0] + ranges[i][1]) / 2
    g = f.xreplace({v: sp.Float(c) for v, c in fixed.items()}) if fixed else f
    shown = vars_[:2]
    fn = sp.lambdify(shown, g, modules=["numpy"])

    def ev(*a):
        with np.errstate(all="ignore"):
            v = fn(*a)
        v = np.asarray(v, dtype=complex) if np.iscomplexobj(v) else np.asarray(v, dtype=float)
        if np.iscomplexobj(v):
            v = np.where(np.abs(v.imag) < 1e-12, v.real, np.nan).astype(float)
        return np.broadcast_to(v, a[0].shape).astype(float)

    if n == 1:
        fig, ax = plt.subplots(figsize=(6.5, 4.5))
        xs = np.linspace(ranges[0][0], ranges[0][1], 600)
        ax.plot(xs, ev(xs), color="k", lw=1.2)
        for pt, kind in marks:
            x = pt[0][1].float
            if x is None:
                continue
            m, c = _MARKS.get(kind, ("o", "k"))
            ax.plot([x], [ev(np.array([x]))[0]], m, color=c, ms=8, label=kind)
        ax.set_xlabel(names[0])
        _legend(ax)
        ax.set_title(title)
    else:
        fig = plt.figure(figsize=(12, 5.2) if n == 2 else (7, 5.5))
        ax = fig.add_subplot(1, 2, 1) if n == 2 else fig.add_subplot(1, 1, 1)
        xs = np.linspace(ranges[0][0], ranges[0][1], 241)
        ys = np.linspace(ranges[1][0], ranges[1][1], 241)
        X, Y = np.meshgrid(xs, ys)
        Z = ev(X, Y)
        finite = np.isfinite(Z)
        if finite.any():
            cs = ax.contourf(X, Y, np.where(finite, Z, np.nan), levels=30, cmap="viridis", alpha=0.9)
            ax.contour(X, Y, np.where(finite, Z, np.nan), levels=15, colors="k", linewidths=0.4, alpha=0.6)
            fig.colorbar(cs, ax=ax, shrink=0.85)
        for pt, kind in marks:
            x, y = pt[0][1].float, pt[1][1].float
            if x is None or y is None:
                continue
            if n > 2 and any(pt[i][1].float is None or abs(pt[i][1].float - fixed[vars_[i]]) > 1e-9
                             for i in range(2, n)):
                continue
            m, c = _MARKS.get(kind, ("o", "k"))
            ax.plot([x], [y], m, color=c, mec="k", ms=8, label=kind)
        for ext, lab, col in ((maximum, "global max", "red"), (minimum, "global min", "blue")):
            if ext is None or not ext.attained:
                continue
            for pt in ext.points:
                x, y = pt[0][1].float, pt[1][1].float
                if n > 2 and any(pt[i][1].float is None or abs(pt[i][1].float - fixed[vars_[i]]) > 1e-9
                                 for i in range(2, n)):
                    continue
                if x is not None and y is not None:
                    ax.plot([x], [y], "o", mfc="none", mec=col, mew=2.2, ms=16, label=lab)
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        sub = "" if n == 2 else " at " + ", ".join(f"{v.name} = {c:.4g}" for v, c in fixed.items())
        ax.set_title(title + sub, fontsize=10)
        ax.set_xlim(ranges[0])
        ax.set_ylim(ranges[1])
        _legend(ax)
        if n == 2:
            ax3 = fig.add_subplot(1, 2, 2, projection="3d")
            xs3 = np.linspace(ranges[0][0], ranges[0][1], 81)
            ys3 = np.linspace(ranges[1][0], ranges[1][1], 81)
            X3, Y3 = np.meshgrid(xs3, ys3)
            Z3 = ev(X3, Y3)
            ax3.plot_surface(X3, Y3, np.where(np.isfinite(Z3), Z3, np.nan), cmap="viridis", alpha=0.8,
                             linewidth=0, antialiased=True)
            for pt, kind in marks:
                x, y = pt[0][1].float, pt[1][1].float
                if x is None or y is None:
                    continue
                z = ev(np.array([x]), np.array([y]))[0]
                m, c = _MARKS.get(kind, ("o", "k"))
                ax3.scatter([x], [y], [z], marker=m, color=c, edgecolors="k", s=40)
            ax3.set_xlabel(names[0])
            ax3.set_ylabel(names[1])
            ax3.set_zlabel("f")
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return fig


def _legend(ax):
    h, l = ax.get_legend_handles_labels()
    seen = {}
    for hh, ll in zip(h, l):
        seen.setdefault(ll, hh)
    if seen:
        ax.legend(list(seen.values()), list(seen.keys()), fontsize=8, loc="best")
