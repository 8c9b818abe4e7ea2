"""Where a function is defined but not differentiable.

The candidates come from the catalogue (:func:`calc.stages.kinks.kink_candidates`:
the zeros of |u|'s argument, ties of max/min, piecewise breakpoints, 0 < μ < 1
powers at 0, arcsin at ±1, jumps of sign ...).  Each candidate point is then
decided by the definition: the one-sided difference quotients' limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import sympy as sp

from . import budget
from .catalogue import by_head
from .stages.kinks import kink_candidates  # noqa: F401 - re-exported (derivative, multivariate)
from .stages.context import SYMPY_ERRORS
from .stages.walk import nodes

_H = sp.Symbol("h", positive=True)


def _may_jump(n) -> bool:
    if isinstance(n, (sp.frac, sp.Piecewise)):
        return True
    entry = by_head(type(n))
    return entry is not None and n.args != () and (entry.integer_jumps or bool(entry.jumps(*n.args)))


def jump_capable(expr: sp.Basic) -> bool:
    """Could f be discontinuous inside its domain (piecewise, sign, floor ...)?
    Read from the catalogue's ``jumps`` and ``integer_jumps``."""
    return any(_may_jump(n) for n in nodes(expr))


def quick_kind(f: sp.Expr, g: sp.Expr, x: sp.Symbol, p: sp.Expr, jumpy: bool, seconds: float = 1.0):
    """Classify a candidate point cheaply: None when f is differentiable at p (or
    undefined there), else 'jump', 'corner', 'cusp', 'vertical tangent',
    'domain endpoint'.  One-sided derivatives are estimated from f′ at p ± 10⁻²⁵
    (50 digits); continuity is decided by exact one-sided limits, only for
    functions that can jump."""
    ok, fp = budget.run(lambda: _real_value(f.subs(x, p)), seconds)
    if not ok or fp is None:
        return None
    if jumpy:
        fr, fl = f.subs(x, p + _H), f.subs(x, p - _H)
        rl = _limit(fr, "+", seconds) if _real_side(fr) else None
        ll = _limit(fl, "+", seconds) if _real_side(fl) else None
        for lim in (rl, ll):
            if lim is not None and not _same(lim, fp):
                return "jump"
    eps = sp.Rational(1, 10 ** 25)
    side = []
    for s in (-1, 1):
        try:
            v = sp.N(g.subs(x, p + s * eps), 50)
        except SYMPY_ERRORS:   # sympy cannot evaluate f′ there: that side is unknown
            v = sp.nan
        if not v.is_number or v.has(sp.nan, sp.zoo) or v.is_real is False:
            try:
                re, im = v.as_real_imag()
                v = re if abs(im) < 1e-40 else None
            except SYMPY_ERRORS:   # not a number we can split
                v = None
        side.append(v)
    l, r = side
    if l is None and r is None:
        return "kink"
    if l is None or r is None:
        return "domain endpoint"
    l, r = float(l), float(r)
    big = 1e9
    if abs(l) > big or abs(r) > big:
        return "cusp" if (l > 0) != (r > 0) else "vertical tangent"
    if abs(l - r) <= 1e-8 * (1 + abs(l)):
        return None
    return "corner"


@dataclass(frozen=True)
class OneSided:
    """The behaviour of f at a point p from both sides."""

    point: sp.Expr
    value: Optional[sp.Expr]          # f(p), None if undefined
    left_limit: Optional[sp.Expr]     # lim f(x), x -> p-
    right_limit: Optional[sp.Expr]
    left_derivative: Optional[sp.Expr]   # lim (f(p) - f(p-h))/h
    right_derivative: Optional[sp.Expr]
    left_defined: bool = True             # f real just left of p
    right_defined: bool = True

    @property
    def differentiable(self) -> bool:
        l, r = self.left_derivative, self.right_derivative
        return (l is not None and r is not None and l.is_finite and r.is_finite
                and _same(l, r))

    @property
    def kind(self) -> str:
        """corner, cusp, vertical tangent, jump, endpoint, or differentiable."""
        if self.value is None:
            return "undefined"
        l, r = self.left_derivative, self.right_derivative
        lc = self.left_limit is not None and _same(self.left_limit, self.value)
        rc = self.right_limit is not None and _same(self.right_limit, self.value)
        if self.left_limit is not None and self.right_limit is not None and not (lc and rc):
            return "jump"
        if not self.left_defined and not self.right_defined:
            return "isolated point"
        if (self.left_defined and self.left_limit is None) or (self.right_defined and self.right_limit is None):
            return "unknown"
        if self.left_limit is None or self.right_limit is None:
            if not (lc or rc):
                return "jump"
            return "domain endpoint"
        if self.differentiable:
            return "differentiable"
        if l is None or r is None:
            return "unknown"
        if l.is_finite and r.is_finite:
            return "corner"
        if l.is_infinite and r.is_infinite:
            return "vertical tangent" if l == r else "cusp"
        return "corner"


def _same(a, b) -> bool:
    try:
        d = sp.simplify(a - b) if not (a.is_infinite or b.is_infinite) else (sp.S.Zero if a == b else sp.S.One)
        if d == 0:
            return True
        v = sp.N(d, 30)
        return v.is_number and abs(v) < sp.Float("1e-25")
    except (TypeError, ValueError):
        return False


def _real_value(expr) -> Optional[sp.Expr]:
    try:
        v = sp.simplify(expr) if expr.has(sp.Piecewise) else expr
    except SYMPY_ERRORS:   # sympy cannot simplify it: use it as it is
        v = expr
    if v.has(sp.nan, sp.zoo) or v is sp.nan:
        return None
    if v.is_extended_real is False:
        return None
    n = sp.N(v, 20)
    if not n.is_number or n.has(sp.nan, sp.zoo) or (n.is_extended_real is False):
        if n.is_comparable is False and n.as_real_imag()[1] != 0:
            return None
    if n.is_infinite:
        return None
    return v


def _limit(expr, h_dir, seconds):
    if expr.has(sp.Max, sp.Min):
        expr = expr.rewrite(sp.Piecewise)

    def lim():
        try:
            return sp.limit(expr, _H, 0, "+")
        except (NotImplementedError, TypeError, ValueError, AttributeError, ZeroDivisionError):
            return None
    ok, val = budget.run(lim, seconds)
    if not ok or val is None or isinstance(val, sp.Limit) or val.has(sp.nan, sp.zoo, sp.AccumBounds):
        return None
    if val.is_extended_real is False:
        return None
    return val


def _real_side(g) -> bool:
    """Is g(h) real for small h > 0 (is that side inside the domain)?"""
    for hv in ("1e-3", "1e-6", "1e-9"):
        try:
            # (a Float, not a Rational: an exact (10⁻⁹)^(10⁹) never finishes)
            v = sp.N(g.subs(_H, sp.Float(hv, 30)), 20)
        except SYMPY_ERRORS:   # sympy cannot evaluate it: not known to be real
            return False
        if not v.is_number or v.has(sp.nan, sp.zoo):
            return False
        re, im = v.as_real_imag()
        if abs(im) > 1e-15 * (1 + abs(re)):
            return False
    return True


def one_sided(f: sp.Expr, x: sp.Symbol, p: sp.Expr, seconds: float = 2.0) -> OneSided:
    """Value, one-sided limits and one-sided derivatives of f at p, each under a budget."""
    ok, fp = budget.run(lambda: _real_value(f.subs(x, p)), seconds)
    if not ok:
        fp = None
    fr = f.subs(x, p + _H)
    fl = f.subs(x, p - _H)
    ok, sides = budget.run(lambda: (_real_side(fr), _real_side(fl)), seconds)
    rdef, ldef = sides if ok and sides is not None else (False, False)
    rl = _limit(fr, "+", seconds) if rdef else None
    ll = _limit(fl, "+", seconds) if ldef else None
    if fp is None:
        return OneSided(p, None, ll, rl, None, None, ldef, rdef)
    rd = _limit((fr - fp) / _H, "+", seconds) if rl is not None else None
    ld = _limit((fp - fl) / _H, "+", seconds) if ll is not None else None
    return OneSided(p, fp, ll, rl, ld, rd, ldef, rdef)
