"""The solving context: time budget, notes, ball constants, exact zero tests, placeholders."""
from __future__ import annotations

import time
from typing import Optional

import sympy as sp
from flint import arb

from .. import budget
from ..errors import BudgetExceeded, CalcError
from ..stages.balls import NotCompilable, compile_balls
from ..stages.compare import exact_zero
from ..stages.context import arb_key as _mid
from ..stages.precision import precision as _prec
from .values import _ops, raised_by_solver


class Context:
    """Time budget, notes, ball constants and exact zero tests of one call; the state the
    solvers share (placeholders for certified roots without a closed form, a constant cache)
    lives here.  Ball functions come from the one compiler, :mod:`calc.stages.balls`."""

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
        self.placeholders: dict = {}   # Dummy -> arb: certified roots without a closed form
        self._const_cache: dict = {}
        self._params = 0

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
        except Exception as exc:  # noqa: BLE001 - only sympy's own failures are caught (see gave_up)
            self.gave_up(exc)
            return False, None

    def gave_up(self, exc: BaseException) -> None:
        """A solver library failed on a step: the step counts as not solved (safe: every caller
        then tries another method or reports the part as unsolved) and the result says so.
        An exception raised by calc's own code is a bug and propagates."""
        if not raised_by_solver(exc):
            raise exc
        self.note(f"sympy could not carry out some steps ({type(exc).__name__}); they were treated as "
                  f"unsolved and other methods used")

    def ball(self, e, bits: Optional[int] = None) -> Optional[arb]:
        return self.cball(sp.sympify(e, strict=True), bits or self.bits)

    # -- balls
    def compile(self, expr, vars_):
        """Ball function of expr (the placeholders of this call are its constants); read the
        outside-domain flag of an evaluation with ``f.enclose(X)[1].outside``."""
        return compile_balls(expr, vars_, constants=self.placeholders)

    def placeholder(self, ball: arb) -> sp.Dummy:
        """A constant standing for a certified root without a closed form."""
        d = sp.Dummy(f"r{len(self.placeholders) + 1}", real=True)
        self.placeholders[d] = ball
        return d

    def is_exact(self, e) -> bool:
        return e is not None and not any(s in self.placeholders for s in e.free_symbols)

    def show(self, e):
        """e with placeholder constants replaced by 10-digit floats (for descriptions)."""
        ph = self.placeholders
        reps = {s: sp.Float(_mid(ph[s]), 10) for s in e.free_symbols if s in ph}
        return e.xreplace(reps) if reps else e

    def pcount(self) -> int:
        """A fresh number for an integer parameter n1, n2, ..."""
        self._params += 1
        return self._params

    def cball(self, e: sp.Expr, bits: int) -> Optional[arb]:
        """A ball enclosing the real constant e (None if e is not real or not a number)."""
        key = (e, bits)
        if key in self._const_cache:
            return self._const_cache[key]
        b = None
        try:
            with _prec(bits):
                b = self.compile(e, [])([])
            if not b.is_finite():
                b = None
        except (NotCompilable, ValueError, ZeroDivisionError, TypeError):
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
        if len(self._const_cache) > 20000:
            self._const_cache.clear()
        self._const_cache[key] = b
        return b

    # -- exact arithmetic helpers
    def is_zero(self, e, cap: float = 1.0) -> Optional[bool]:
        """True / False when decided, None when only numerically zero (:func:`stages.compare.exact_zero`)."""
        return exact_zero(e, self.ball, self.run, self.bits, cap)

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
