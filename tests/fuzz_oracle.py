"""Random one-variable extremum problems and an independent oracle (shared by
``benchmarks/fuzz.py`` and ``tests/test_fuzz_small.py``).

* :func:`cases` is a hypothesis strategy: a depth-4 expression tree over the
  elementary functions of Table 2-1 (powers, √, exp, a^x, ln, log base a, the six
  trigonometric functions, arcsin, arccos, arctan, arccot) and + − × ÷ ^ with small
  integer and rational constants, and a random interval (bounded closed, open or
  half-open; sometimes half-infinite).  A :class:`Case` knows its text for calc
  and evaluates itself with mpmath by its own rules (real semantics of the text;
  calc is not imported here).
* :func:`judge` compares what calc answered with an estimate of sup and inf made
  by 30-digit dense sampling (a grid, points approaching every end, every domain
  boundary found by bisection and every point calc lists) and a neighbourhood
  refinement (golden-section search around the best samples).  Disagreements are
  re-checked at 60 digits before calc is called wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional

import mpmath as mp
from hypothesis import strategies as st

DPS = 30
GRID = 2000

# ----------------------------------------------------------------------------- trees
# a tree is ("x",) | ("c", Fraction) | ("f", name, child) | ("pow", child, Fraction)
#           | ("exp_a", a, child) | ("log_a", a, child) | ("op", op, left, right)
UNARY = ("sqrt", "exp", "ln", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "arccot")
CONSTS = tuple(Fraction(n) for n in (-3, -2, -1, 1, 2, 3)) + (Fraction(1, 2), Fraction(-1, 2), Fraction(1, 3),
                                                             Fraction(3, 2), Fraction(-2, 3), Fraction(5, 2))
EXPONENTS = tuple(Fraction(p, q) for p, q in ((2, 1), (3, 1), (-1, 1), (-2, 1), (1, 2), (1, 3), (2, 3), (3, 2),
                                              (-1, 2), (4, 1), (5, 1), (-1, 3)))
BASES = (Fraction(2), Fraction(3), Fraction(1, 2), Fraction(10))
OPS = ("+", "-", "*", "/", "^")


def _frac_text(c: Fraction) -> str:
    s = str(c.numerator) if c.denominator == 1 else f"{c.numerator}/{c.denominator}"
    return f"({s})" if (c < 0 or c.denominator != 1) else s


def text(t) -> str:
    """The tree in calc's syntax (parenthesised wherever precedence could matter)."""
    k = t[0]
    if k == "x":
        return "x"
    if k == "c":
        return _frac_text(t[1])
    if k == "f":
        return f"{t[1]}({text(t[2])})"
    if k == "pow":
        return f"{_group(t[1])}^{_frac_text(t[2])}"
    if k == "exp_a":
        return f"{_frac_text(t[1])}^({text(t[2])})"
    if k == "log_a":
        return f"log({text(t[2])}, {_frac_text(t[1])})"
    if t[1] == "^":
        return f"{_group(t[2])}^({text(t[3])})"
    return f"{_group(t[2])} {t[1]} {_group(t[3])}"


def _group(t) -> str:
    s = text(t)
    return s if t[0] in ("x", "c", "f", "log_a") else f"({s})"


def has_x(t) -> bool:
    return t[0] == "x" or any(has_x(c) for c in t[1:] if isinstance(c, tuple))


def size(t) -> int:
    return 1 + sum(size(c) for c in t[1:] if isinstance(c, tuple))


@st.composite
def trees(draw, depth: int = 4):
    kind = draw(st.sampled_from(("leaf",) if depth == 0 else ("leaf", "unary", "unary", "binary", "binary")))
    if kind == "leaf":
        return ("x",) if draw(st.integers(0, 2)) else ("c", draw(st.sampled_from(CONSTS)))
    if kind == "unary":
        which = draw(st.integers(0, len(UNARY) + 2))
        child = draw(trees(depth - 1))
        if which < len(UNARY):
            return ("f", UNARY[which], child)
        if which == len(UNARY):
            return ("pow", child, draw(st.sampled_from(EXPONENTS)))
        if which == len(UNARY) + 1:
            return ("exp_a", draw(st.sampled_from(BASES)), child)
        return ("log_a", draw(st.sampled_from(BASES)), child)
    op = draw(st.sampled_from(OPS))
    left = draw(trees(depth - 1))
    if op == "^":
        if draw(st.booleans()):
            return ("pow", left, draw(st.sampled_from(EXPONENTS)))
        right = draw(trees(depth - 1).filter(has_x))
        if not has_x(left):   # a^v: a positive constant base
            return ("exp_a", draw(st.sampled_from(BASES)), right)
        return ("op", "^", left, right)
    return ("op", op, left, draw(trees(depth - 1)))


# ----------------------------------------------------------------------------- intervals
ENDS = tuple(Fraction(n, 2) for n in range(-10, 11))


@dataclass(frozen=True)
class Interval:
    a: Optional[Fraction]    # None: -oo
    b: Optional[Fraction]    # None: +oo
    left_closed: bool
    right_closed: bool

    def text(self) -> str:
        lo = "-oo" if self.a is None else _frac_text(self.a).strip("()")
        hi = "oo" if self.b is None else _frac_text(self.b).strip("()")
        return f"{'[' if self.left_closed else '('}{lo}, {hi}{']' if self.right_closed else ')'}"

    def contains(self, t) -> bool:
        if self.a is not None and (t < _mpq(self.a) or (t == _mpq(self.a) and not self.left_closed)):
            return False
        if self.b is not None and (t > _mpq(self.b) or (t == _mpq(self.b) and not self.right_closed)):
            return False
        return True


@st.composite
def intervals(draw):
    kind = draw(st.sampled_from(("bounded",) * 4 + ("right", "left")))
    if kind == "bounded":
        a, b = sorted(draw(st.lists(st.sampled_from(ENDS), min_size=2, max_size=2, unique=True)))
        return Interval(a, b, draw(st.booleans()), draw(st.booleans()))
    e = draw(st.sampled_from(ENDS))
    closed = draw(st.booleans())
    return Interval(e, None, closed, False) if kind == "right" else Interval(None, e, False, closed)


@dataclass(frozen=True)
class Case:
    tree: tuple
    interval: Interval

    @property
    def text(self) -> str:
        return text(self.tree)

    @property
    def on(self) -> str:
        return self.interval.text()

    def reproducer(self) -> str:
        return f'calc extrema "{self.text}" --on "{self.on}"'

    def f(self, t):
        """f(t) as an mpf, or None where f is not defined (or the value is not representable)."""
        try:
            v = _ev(self.tree, t)
        except (_Undefined, ZeroDivisionError, OverflowError):
            return None
        return v if mp.isfinite(v) else None


@st.composite
def cases(draw, depth: int = 4):
    return Case(draw(trees(depth).filter(has_x)), draw(intervals()))


# ----------------------------------------------------------------------------- evaluation
class _Undefined(Exception):
    pass


_HUGE = mp.mpf(10) ** 12      # beyond this an argument of exp / trig is not evaluated (sample dropped)


def _mpq(c: Fraction):
    return mp.mpf(c.numerator) / c.denominator


def _power(u, c: Fraction):
    """u^c with c rational: odd roots of negative numbers are real roots."""
    if u == 0:
        if c <= 0:
            raise _Undefined
        return mp.mpf(0)
    if u < 0:
        if c.denominator % 2 == 0:
            raise _Undefined
        m = mp.power(-u, _mpq(c)) if c.denominator != 1 else mp.power(-u, c.numerator)
        return -m if c.numerator % 2 else m
    return mp.power(u, _mpq(c)) if c.denominator != 1 else mp.power(u, c.numerator)


_HUGE_EXP = mp.mpf(10) ** 40   # e^u for |u| up to 10^40 is instant in mpmath (e^(e^(e^4)) ≈ 10^(2.2·10^23))


def _exp(u):
    if abs(u) > _HUGE_EXP:   # (e^(−10^3000) would take mpmath hours: the sample is dropped)
        raise OverflowError
    return mp.exp(u)


def _trig_arg(u):
    if abs(u) > _HUGE:
        raise OverflowError
    return u


def _nonzero(v):
    if v == 0:
        raise _Undefined
    return v


def _unit(u):
    if abs(u) > 1:
        raise _Undefined
    return u


_F = {
    "sqrt": lambda u: mp.sqrt(u) if u >= 0 else _raise(),
    "exp": _exp,
    "ln": lambda u: mp.log(u) if u > 0 else _raise(),
    "sin": lambda u: mp.sin(_trig_arg(u)),
    "cos": lambda u: mp.cos(_trig_arg(u)),
    "tan": lambda u: mp.sin(_trig_arg(u)) / _nonzero(mp.cos(u)),
    "cot": lambda u: mp.cos(_trig_arg(u)) / _nonzero(mp.sin(u)),
    "sec": lambda u: 1 / _nonzero(mp.cos(_trig_arg(u))),
    "csc": lambda u: 1 / _nonzero(mp.sin(_trig_arg(u))),
    "arcsin": lambda u: mp.asin(_unit(u)),
    "arccos": lambda u: mp.acos(_unit(u)),
    "arctan": mp.atan,
    "arccot": lambda u: mp.pi / 2 - mp.atan(u),
}


def _raise():
    raise _Undefined


def _ev(t, x):
    k = t[0]
    if k == "x":
        return x
    if k == "c":
        return _mpq(t[1])
    if k == "f":
        return _F[t[1]](_ev(t[2], x))
    if k == "pow":
        return _power(_ev(t[1], x), t[2])
    if k == "exp_a":
        return _exp(_ev(t[2], x) * mp.log(_mpq(t[1])))
    if k == "log_a":
        u = _ev(t[2], x)
        if u <= 0:
            raise _Undefined
        return mp.log(u) / mp.log(_mpq(t[1]))
    op, left, right = t[1], _ev(t[2], x), _ev(t[3], x)
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return left / _nonzero(right)
    if left <= 0:        # u^v with v not constant: u > 0
        raise _Undefined
    return _exp(right * mp.log(left))


# ----------------------------------------------------------------------------- the oracle
@dataclass
class Estimate:
    """What dense sampling saw: the best values, where, and the places where f may have no limit."""
    sup: Optional[object] = None        # best value seen (mpf) and where
    sup_at: Optional[object] = None
    inf: Optional[object] = None
    inf_at: Optional[object] = None
    defined: int = 0
    singular: list = field(default_factory=list)   # (point or ±inf, side): open ends, domain edges, poles, ∞


def _grid(I: Interval, n: int) -> list:
    one = mp.mpf(1)
    if I.a is not None and I.b is not None:
        a, b = _mpq(I.a), _mpq(I.b)
        return [a + (b - a) * i / n for i in range(n + 1)]
    if I.a is not None:
        a = _mpq(I.a)
        pts = [a + u / (1 - u) for u in (one * i / n for i in range(n))]
        return pts + [a + mp.mpf(10) ** k for k in range(1, 13)] + [a + mp.mpf(10) ** (2 ** j) for j in range(4, 9)]
    b = _mpq(I.b)
    pts = [b - u / (1 - u) for u in (one * i / n for i in range(n))]
    return pts + [b - mp.mpf(10) ** k for k in range(1, 13)] + [b - mp.mpf(10) ** (2 ** j) for j in range(4, 9)]


def _approach(p, side, scale, kmax=25):
    """Points p + side·scale·10^(-k): towards p from one side."""
    return [p + side * scale * mp.mpf(10) ** (-k) for k in range(1, kmax + 1)]


def _edge(case: Case, lo, hi):
    """Bisect between a defined point lo and an undefined point hi: the domain's edge (to ~1e-25)."""
    for _ in range(90):
        mid = (lo + hi) / 2
        if mid == lo or mid == hi:
            break
        if case.f(mid) is None:
            hi = mid
        else:
            lo = mid
    return lo, hi


def _golden(g, lo, hi, iters=110):
    """Maximise g on (lo, hi) by golden-section search; the best (value, point) evaluated."""
    r = (mp.sqrt(5) - 1) / 2
    best = (None, None)

    def ev(t):
        nonlocal best
        v = g(t)
        if v is not None and (best[0] is None or v > best[0]):
            best = (v, t)
        return v if v is not None else -mp.inf

    c, d = hi - r * (hi - lo), lo + r * (hi - lo)
    fc, fd = ev(c), ev(d)
    for _ in range(iters):
        if hi - lo <= mp.mpf(10) ** (-DPS + 4) * (1 + abs(lo)):
            break
        if fc >= fd:
            hi, d, fd = d, c, fc
            c = hi - r * (hi - lo)
            fc = ev(c)
        else:
            lo, c, fc = c, d, fd
            d = lo + r * (hi - lo)
            fd = ev(d)
    return best


def sample(case: Case, extra=(), n: int = GRID) -> Estimate:
    """Sup and inf of f on the case's interval as dense sampling and refinement see them."""
    I = case.interval
    est = Estimate()
    with mp.workdps(DPS):
        xs = _grid(I, n)
        scale = (_mpq(I.b) - _mpq(I.a)) if I.a is not None and I.b is not None else mp.mpf(1)
        if I.a is not None:
            xs += _approach(_mpq(I.a), +1, scale)
            est.singular.append((_mpq(I.a), +1))
        else:
            est.singular.append((-mp.inf, +1))
        if I.b is not None:
            xs += _approach(_mpq(I.b), -1, scale)
            est.singular.append((_mpq(I.b), -1))
        else:
            est.singular.append((mp.inf, -1))
        for p in extra:
            p = mp.mpf(p)
            xs += [p] + [p + s * mp.mpf(10) ** (-k) * (1 + abs(p)) for k in range(2, 16) for s in (1, -1)]
        xs = sorted(set(t for t in xs if I.contains(t)))
        vals = [case.f(t) for t in xs]
        # domain edges: bisect between neighbours of which one is defined, then approach the edge
        more = []
        for i in range(len(xs) - 1):
            (t0, v0), (t1, v1) = (xs[i], vals[i]), (xs[i + 1], vals[i + 1])
            if (v0 is None) != (v1 is None) and max(abs(t0), abs(t1)) < 1e8:   # (far out: overflow, not an edge)
                lo, hi = (t0, t1) if v0 is not None else (t1, t0)
                e_in, e_out = _edge(case, lo, hi)
                side = 1 if e_in > e_out else -1
                est.singular.append((e_out, side))
                more += [e_in] + _approach(e_out, side, abs(lo - hi))
        pts = sorted(set(t for t in more if I.contains(t)) | set(xs))
        vals = [case.f(t) for t in pts]
        est.defined = sum(v is not None for v in vals)
        for sign in (1, -1):
            g = (lambda t: case.f(t)) if sign > 0 else (lambda t: _neg(case.f(t)))
            sv = [None if v is None else sign * v for v in vals]
            best = [(v, t) for v, t in zip(sv, pts) if v is not None]
            if not best:
                continue
            # refine around the best local maxima of the samples (and near poles, where the value jumps)
            local = [i for i in range(len(pts)) if sv[i] is not None
                     and (i == 0 or sv[i - 1] is None or sv[i] >= sv[i - 1])
                     and (i == len(pts) - 1 or sv[i + 1] is None or sv[i] >= sv[i + 1])]
            local.sort(key=lambda i: sv[i], reverse=True)
            for i in local[:12]:
                lo = pts[max(i - 1, 0)]
                hi = pts[min(i + 1, len(pts) - 1)]
                if lo < hi:
                    best.append(_golden(lambda t: g(t) if I.contains(t) else None, lo, hi))
            best = [b for b in best if b[0] is not None]
            v, t = max(best, key=lambda b: b[0])
            if sign > 0:
                est.sup, est.sup_at = v, t
            else:
                est.inf, est.inf_at = -v, t
    return est


def _neg(v):
    return None if v is None else -v


# ----------------------------------------------------------------------------- judging calc's answer
def num_value(n):
    """A Num of calc's result as (lo, hi) mpf bounds (±inf for infinities), or None."""
    if n is None:
        return None
    if n.exact is not None:
        import sympy as sp
        if n.exact in (sp.oo, -sp.oo):    # (not str(): 2^262144 has more digits than Python prints)
            v = mp.inf if n.exact == sp.oo else -mp.inf
            return v, v
        v = exact_value(n)                # (at 50 digits: 2^3000 has no float, ln(3 + e^-64) needs 30)
        if v is None and n.approx is not None:
            v = mp.mpf(n.approx)
        return None if v is None else (v, v)
    if n.lo is not None:
        return mp.mpf(n.lo), mp.mpf(n.hi)
    return mp.mpf(n.approx), mp.mpf(n.approx)


def exact_value(n, dps=50):
    """An exact sympy number evaluated at dps digits (sympy's N on a constant: not calc's code)."""
    import sympy as sp
    try:
        v = sp.N(n.exact, dps)
        if not v.is_real:
            return None
        with mp.workdps(dps):
            return mp.mpf(str(v))
    except (TypeError, ValueError):
        return None


def _tol(v) -> object:
    return mp.mpf("1e-8") * (1 + abs(v))


def diverges(case: Case, where, side, sign) -> bool:
    """Does sign·f grow without bound approaching `where` from `side` (a finite point or ±inf)?"""
    with mp.workdps(80):
        if mp.isinf(where):
            ts = [mp.sign(where) * mp.mpf(10) ** (2 ** j) for j in range(0, 9)]
        else:
            ts = [where + side * mp.mpf(10) ** (-k) for k in range(2, 60, 3)]
        vs = [case.f(t) for t in ts]
    vs = [sign * v for v in vs if v is not None]
    if len(vs) < 4:
        return False
    if vs[-1] > 1e12:
        return True
    tail = vs[-5:]
    steps = [b - a for a, b in zip(tail, tail[1:])]
    # growing steadily (like a logarithm, or faster) and not settling
    return all(s > 0 for s in steps) and steps[-1] >= 0.5 * steps[0] and steps[-1] > 1e-3


def _family_points(ext, limit: int = 12) -> list:
    """A few points of each family of attaining points (x(k) for small k), as exact sympy numbers."""
    import sympy as sp
    k = sp.Symbol("k", integer=True)
    out = []
    for fam in getattr(ext, "families", ()):
        expr = getattr(fam, "exact", None)
        if expr is None:
            continue
        ks = range(0, limit) if fam.k != "integers" else range(-limit // 2, limit // 2)
        for j in ks:
            v = expr.subs(k, j + (1 if fam.k == "naturals" else 0))
            if v.free_symbols or v.is_real is False:
                continue
            out.append(v)
    return out


def _family_xs(ext, I) -> list:
    """The points of the families (a few k) that lie on I, as (mpf, 0)."""
    out = []
    if I is None:
        return out
    for v in _family_points(ext):
        x = exact_value(type("N", (), {"exact": v})())
        if x is not None and I.contains(x):
            out.append((x, mp.mpf(0)))
    return out


def _pole_near(case: Case, t, sign) -> bool:
    """Is there a pole next to t where sign·f → +∞: 1/f has a zero p nearby (mpmath's findroot at 50
    digits) and sign·f exceeds 10^20 just beside p?"""
    with mp.workdps(50):
        def r(u):
            v = case.f(u)
            if v is None:
                return mp.mpf(0)       # (the iteration reached the pole itself)
            if v == 0:
                raise ZeroDivisionError
            return 1 / v
        try:
            p = mp.findroot(r, t, tol=mp.mpf(10) ** -45)
        except (ZeroDivisionError, ValueError):
            p = None
        if p is None or abs(p - t) > mp.mpf("1e-3") * (1 + abs(t)):
            p = _sign_change(case, t)      # (the secant method diverges at a cube-root zero of 1/f)
        if p is None or abs(p - t) > mp.mpf("1e-3") * (1 + abs(t)) or not case.interval.contains(p):
            return False
        for s in (1, -1):
            v = case.f(p + s * mp.mpf(10) ** -30 * (1 + abs(p)))
            if v is not None and sign * v > 1e20:
                return True
            # a slower pole (1/∛(x − p)): large and still growing by a power of the distance
            near, far = (case.f(p + s * mp.mpf(10) ** -e * (1 + abs(p))) for e in (40, 20))
            if near is not None and far is not None and sign * near > 1e9 and sign * far > 0 \
                    and sign * near > 1e5 * sign * far:
                return True
    return False


def _sign_change(case: Case, t):
    """A point where f changes sign through a pole next to t, by bisection at 50 digits (f finite and
    of opposite signs at t ± 10^−k, for the first k that shows it), or None."""
    for k in range(3, 13):
        d = mp.mpf(10) ** -k * (1 + abs(t))
        a, b = t - d, t + d
        fa, fb = case.f(a), case.f(b)
        if fa is None or fb is None or fa == 0 or fb == 0 or (fa > 0) == (fb > 0):
            continue
        for _ in range(170):
            m = (a + b) / 2
            fm = case.f(m)
            if fm is None or fm == 0:
                return m
            if (fm > 0) == (fa > 0):
                a = m
            else:
                b = m
        return (a + b) / 2
    return None


def _grows_near(case: Case, t, sign, rounds: int = 45) -> bool:
    """Does sign·f grow without bound next to t (a pole, even one as slow as a logarithm's)?  Zoom
    in on the largest sample of sign·f, 100 times closer each round (130 digits): at a pole the
    maxima keep rising by steady steps once the window is closer than t itself; at a finite maximum
    they settle."""
    with mp.workdps(130):
        c, w, best = mp.mpf(t), mp.mpf("1e-3") * (1 + abs(t)), []
        for _ in range(rounds):
            vals = []
            for i in range(201):
                u = c - w + 2 * w * i / 200
                v = case.f(u) if case.interval.contains(u) else None
                if v is not None:
                    vals.append((sign * v, u))
            if not vals:
                return False
            v, c = max(vals)
            best.append(v)
            w /= 100
            rising = [b - a for a, b in zip(best, best[1:])]
            start = next((i for i, d in enumerate(rising) if d > 0), None)
            if start is not None and len(rising) - start >= 6:
                break
    steps = [b - a for a, b in zip(best[-6:], best[-5:])]
    # (steps of a finite maximum shrink ~10^4 times a round; a pole's stay steady, the sampling jitters them)
    return len(steps) == 5 and all(d > 1e-3 for d in steps) and steps[-1] + steps[-2] >= 0.3 * steps[0]


def _swings_grow(case: Case, end, sign) -> bool:
    """Does sign·f swing ever higher far out towards the infinite end (an oscillation of growing
    amplitude, x sin x)?  The largest of 400 samples on [X, X + 20] for X = 10^3 … 10^10 (40 digits):
    each at least 3 times the one before over the last three scales, and beyond 10^8."""
    tops = []
    with mp.workdps(40):
        for k in range(3, 11):
            X = mp.sign(end) * mp.mpf(10) ** k
            vals = [case.f(X + mp.sign(end) * 20 * mp.mpf(i) / 400) for i in range(401)]
            top = max((sign * v for v in vals if v is not None), default=None)
            if top is None:
                break
            tops.append(top)
    last = tops[-4:]
    return len(last) == 4 and last[-1] > 1e8 and all(b >= 3 * a > 0 for a, b in zip(last, last[1:]))


def _points_of(ext) -> list:
    out = []
    for p in ext.points:
        if p.exact is not None:
            v = exact_value(p)
            if v is not None:
                out.append((v, mp.mpf(0)))
        elif p.lo is not None:
            out.append(((mp.mpf(p.lo) + mp.mpf(p.hi)) / 2, (mp.mpf(p.hi) - mp.mpf(p.lo)) / 2))
        elif p.approx is not None:
            out.append((mp.mpf(p.approx), mp.mpf(0)))
    return out


def claimed_points(result, case_interval=None) -> list:
    """Every x calc lists (candidates and the points of max/min): extra samples for the oracle — the
    points of max/min at the oracle's precision (an exact point where f is defined at isolated points
    only, arccos(sec(sec x)) at sec x = kπ, rounded to a float is a point where f is not defined)."""
    out = []
    for c in getattr(result, "candidates", ()):
        if c.x.float is not None:
            out.append(c.x.float)
    for ext in (result.maximum, result.minimum):
        if ext is not None:
            out += [p for p, _ in _points_of(ext) + _family_xs(ext, case_interval)]
            for a, b in ext.intervals:
                out += [t.float for t in (a, b) if t.float is not None]
    return out


def _check_one(case: Case, ext, est: Estimate, sign: int) -> Optional[str]:
    """None when calc's max (sign +1) or min (sign −1) agrees with the oracle, else why not."""
    name = "max" if sign > 0 else "min"
    seen, seen_at = (est.sup, est.sup_at) if sign > 0 else (est.inf, est.inf_at)
    I = case.interval
    if not ext.decided:
        if ext.bound is not None:          # a certified bound must be attained where calc says
            b = num_value(ext.bound)
            if b is not None and seen is not None and sign * (b[0] if sign > 0 else b[1]) > sign * seen + _tol(seen):
                if not any(_value_at(case, p, r, b, sign) for p, r in _points_of(ext)):
                    return f"{name} bound {mp.nstr(b[0], 12)} beyond the oracle's {mp.nstr(seen, 12)}"
        return None
    v = num_value(ext.value)
    if v is None:
        return f"{name} decided without a value"
    lo, hi = v
    if mp.isinf(lo):
        if (lo > 0) != (sign > 0):
            return f"{name} is {lo}"
        if seen is not None and abs(seen) > 1e12:
            return None
        if any(diverges(case, w, s, sign) for w, s in _singular_places(case, est)):
            return None
        if seen_at is not None and (_pole_near(case, seen_at, sign) or _grows_near(case, seen_at, sign)):
            return None
        if any(_swings_grow(case, e, sign) for e, free in ((-mp.inf, I.a is None), (mp.inf, I.b is None)) if free):
            return None
        return f"{name} claimed {'+' if sign > 0 else '-'}oo; oracle sees {mp.nstr(seen, 12)} at {mp.nstr(seen_at, 8)}"
    if seen is None:
        return f"{name} {mp.nstr(lo, 12)} but the oracle finds f defined nowhere"
    tol = _tol(seen) + (hi - lo)
    # the oracle saw better than calc's extremum (re-checked at 60 digits)
    if sign * seen > sign * (hi if sign > 0 else lo) + tol:
        with mp.workdps(60):
            again = case.f(seen_at)
        if again is not None and sign * again > sign * (hi if sign > 0 else lo) + tol:
            return (f"{name} {mp.nstr(lo, 12)} but f({mp.nstr(seen_at, 15)}) = {mp.nstr(again, 15)}")
    pts = _points_of(ext)
    if ext.attained:
        pts = pts + _family_xs(ext, I)
        for p, r in pts:
            if not I.contains(p) and r == 0:
                return f"{name} attained at {mp.nstr(p, 12)}, outside {I.text()}"
            if not _value_at(case, p, r, v, sign, exact=True):
                with mp.workdps(60):
                    fp = case.f(p)
                return f"{name} {mp.nstr(lo, 12)} at x = {mp.nstr(p, 12)} where f = {fp if fp is None else mp.nstr(fp, 12)}"
        if not pts and not ext.intervals:
            if getattr(ext, "families", ()):
                # families given by equations (u(x) = v(k)) only: the value must be what sampling sees
                if abs(seen - lo) > mp.mpf("1e-6") * (1 + abs(lo)) + (hi - lo):
                    return f"{name} {mp.nstr(lo, 12)} on families, but the oracle sees {mp.nstr(seen, 12)}"
                return None
            return f"{name} attained but no point listed"
        # calc's value not reached by any sample and no point confirmed: the oracle cannot see it
        return None
    # not attained: the value must be approached, and no point of the interval may reach it
    if sign * seen < sign * lo - tol and not _approached(case, est, lo, sign):
        return f"{name} sup/inf {mp.nstr(lo, 12)} not approached (oracle: {mp.nstr(seen, 12)})"
    if abs(seen - lo) <= tol and not _near_singular(case, est, seen_at) and _continuous_at(case, seen_at) \
            and not _excluded_nearby(case, seen_at):
        with mp.workdps(60):
            again = case.f(seen_at)
            reached = again is not None and sign * again >= sign * lo - mp.mpf(10) ** -45 * (1 + abs(lo))
        if reached:
            return f"{name} {mp.nstr(lo, 12)} said not attained, but f({mp.nstr(seen_at, 15)}) = {mp.nstr(again, 15)}"
    return None


def _value_at(case, p, r, v, sign, exact=False) -> bool:
    """Is calc's value v (lo, hi) the value of f at the point p (± r)?"""
    with mp.workdps(60):
        # an exact point (π, a domain edge) rounded to 30 digits may fall just outside the domain
        ts = [p] + [p + s * max(r, mp.mpf(10) ** -k * (1 + abs(p))) for k in (40, 25) for s in (1, -1)]
        if r == 0 and 0 < abs(p) < 1e-30:
            ts += [p * (1 + s * mp.mpf(10) ** -k) for k in (40, 25) for s in (1, -1)]    # (2^(−e¹⁰): relative)
        if r > 0:
            ts += _edge_in(case, p - r, p + r)
        for t in ts:
            fp = case.f(t)
            if fp is not None and v[0] - _tol(fp) - (v[1] - v[0]) <= fp <= v[1] + _tol(fp) + (v[1] - v[0]):
                return True
    return False


def _edge_in(case, a, b) -> list:
    """A point next to the domain's edge inside [a, b] (f defined at one end only), found by bisection
    to 55 digits: a point certified by an enclosure that ends the domain (√ of a root) takes its value
    there, where f changes fast."""
    fa, fb = case.f(a), case.f(b)
    if (fa is None) == (fb is None):
        return []
    inside, outside = (a, b) if fa is not None else (b, a)
    for _ in range(200):
        if abs(inside - outside) < mp.mpf(10) ** -55 * (1 + abs(inside)):
            break
        m = (inside + outside) / 2
        if case.f(m) is None:
            outside = m
        else:
            inside = m
    return [inside]


def _singular_places(case: Case, est: Estimate) -> list:
    """Ends, domain edges, and (found here) points where |f| jumps: places a sup may escape to."""
    places = list(est.singular)
    for t in (est.sup_at, est.inf_at):
        if t is not None:
            places += [(t, 1), (t, -1)]
    return places


def _near_singular(case: Case, est: Estimate, t) -> bool:
    for w, _ in est.singular:
        if mp.isinf(w):
            if abs(t) > 1e8:
                return True
        elif abs(t - w) <= mp.mpf("1e-8") * (1 + abs(w)):
            return True
    return False


def _excluded_nearby(case: Case, t) -> bool:
    """Is there a simple point (p/q or p·π/q, q ≤ 1000) within 10^-8 of t where f is not defined?  (An
    isolated excluded point, x = 0 of x/x, is found by no sample: the sup approached there is not
    attained.)"""
    with mp.workdps(60):
        for unit in (mp.mpf(1), mp.pi):
            q = Fraction(str(mp.nstr(t / unit, 25))).limit_denominator(1000)
            p = _mpq(q) * unit
            if abs(p - t) < mp.mpf("1e-8") * (1 + abs(t)) and case.f(p) is None:
                return True
    return False


def _continuous_at(case: Case, t) -> bool:
    """Is f defined and continuous at t, as far as 60-digit values at t ± 10^-k show?  (A best sample
    that sits on a jump, a pole or an excluded point — cot at kπ — shows a sup that is not attained.)"""
    with mp.workdps(60):
        v = case.f(t)
        if v is None:
            return False
        for k in (8, 12, 16, 20):
            for s in (1, -1):
                w = case.f(t + s * mp.mpf(10) ** (-k) * (1 + abs(t)))
                if w is None or abs(w - v) > mp.mpf("1e-6") * (1 + abs(v)):
                    return False
    return True


def _approached(case: Case, est: Estimate, v, sign) -> bool:
    """Is v the limit of f at one of the singular places (ends, domain edges)?"""
    with mp.workdps(60):
        for w, s in est.singular:
            if mp.isinf(w):
                ts = [mp.sign(w) * mp.mpf(10) ** (2 ** j) for j in range(3, 25)]
            elif abs(w) < mp.mpf("1e-25"):
                # a domain edge at 0 (bisection stops within 1e-25 of it): no digits lost next to 0, so
                # as far in as at ∞ — a limit approached like 1/ln x
                ts = [s * mp.mpf(10) ** (-(2 ** j)) for j in range(3, 25)]
            else:
                ts = [w + s * mp.mpf(10) ** (-k) for k in range(5, 45, 4)]
            vs = [case.f(t) for t in ts if case.interval.contains(t)]
            ds = [abs(u - v) for u in vs if u is not None]
            if ds and ds[-1] <= mp.mpf("1e-6") * (1 + abs(v)):
                return True
            # a slow approach (1/ln x): the distance keeps shrinking, by a factor 100 at least
            if len(ds) >= 6 and all(b < a for a, b in zip(ds[-6:], ds[-5:])) and ds[-1] < ds[-6] / 100:
                return True
    return False


# calc's clean refusals that say f is defined nowhere on the interval (checked against the samples)
NOWHERE = ("not defined anywhere", "division by zero", "not real-valued on the interval")
CATEGORIES = ("correct", "wrong", "crash", "hang", "undecided")


def judge(case: Case, result=None, error: Optional[BaseException] = None, elapsed: float = 0.0,
          timeout: float = 10.0, clean_errors: tuple = (), grid: int = GRID) -> tuple[str, str]:
    """(category, detail) of calc's answer on the case (``grid``: the number of sample points)."""
    if elapsed > timeout + 2:
        return "hang", f"{elapsed:.1f} s"
    if error is not None:
        if not isinstance(error, clean_errors):
            return "crash", f"{type(error).__name__}: {str(error)[:200]}"
        msg = str(error)
        if any(w in msg for w in NOWHERE):
            est = sample(case, n=grid)
            if est.defined:
                return "wrong", (f"calc: {msg.splitlines()[0][:100]}; but f({mp.nstr(est.sup_at, 12)}) = "
                                 f"{mp.nstr(est.sup, 12)}")
            return "correct", "defined nowhere"
        return "undecided", f"refused: {msg.splitlines()[0][:160]}"
    est = sample(case, claimed_points(result, case.interval), grid)
    problems = [p for p in (_check_one(case, result.maximum, est, +1), _check_one(case, result.minimum, est, -1))
                if p]
    if problems:
        return "wrong", "; ".join(problems)
    if not (result.maximum.decided and result.minimum.decided):
        return "undecided", (result.notes[-1] if result.notes else "not decided")[:160]
    # both decided; a partial status then says something else is open (a piece of the domain)
    return "correct", "" if result.status == "ok" else "status partial: " + (result.notes[-1] if result.notes else "")[:120]
