"""Numbers as calc reports them: exact, or certified with an enclosure.

``Num`` is the NUM of the JSON contract::

    {"exact": sympy string or null, "float": number or null,
     "enclosure": [lo, hi] or null, "certified": bool}
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import sympy as sp


@dataclass(frozen=True)
class Num:
    """A real number: ``exact`` (a sympy expression) when known; otherwise an
    enclosure [lo, hi] proven to contain it (``certified``), or a plain float
    (``certified`` False)."""

    exact: Optional[sp.Expr] = None
    lo: Optional[float] = None
    hi: Optional[float] = None
    certified: bool = True
    approx: Optional[float] = None  # best float (midpoint of the enclosure)

    @classmethod
    def of(cls, value, digits: int = 15) -> "Num":
        """An exact number from a sympy value (``oo`` and ``-oo`` allowed)."""
        v = sp.sympify(value, strict=True)
        if v in (sp.oo, -sp.oo):
            return cls(v, None, None, True, None)
        f = _float(v, digits)
        return cls(v, None, None, True, f)

    @classmethod
    def enclosure(cls, lo, hi, approx=None, exact=None) -> "Num":
        lo, hi = float(lo), float(hi)
        a = float(approx) if approx is not None else (lo + hi) / 2
        return cls(exact, lo, hi, True, a)

    @classmethod
    def numeric(cls, value) -> "Num":
        return cls(None, None, None, False, float(value))

    @property
    def float(self) -> Optional[float]:
        if self.exact is not None and self.exact in (sp.oo, -sp.oo):
            return None
        return self.approx

    @property
    def is_infinite(self) -> bool:
        return self.exact is not None and self.exact in (sp.oo, -sp.oo)

    def sort_key(self) -> float:
        if self.is_infinite:
            return math.inf if self.exact == sp.oo else -math.inf
        return self.approx if self.approx is not None else math.nan

    def to_dict(self) -> dict:
        from .printing import sympy_text
        return {"exact": None if self.exact is None else sympy_text(self.exact),
                "float": self.float,
                "enclosure": None if self.lo is None else [self.lo, self.hi],
                "certified": self.certified}

    def text(self, digits: int = 10) -> str:
        from .printing import textbook
        if self.exact is not None:
            if self.exact.is_Rational or self.is_infinite or self.approx is None \
                    or isinstance(self.exact, sp.CRootOf):      # (its text shows its value)
                return textbook(self.exact)
            return textbook(self.exact, f" ≈ {self.approx:.{digits}g}")
        if self.lo is not None:
            d = certified_digits(self.lo, self.hi, digits)
            shown = f"{self.lo:.{d}g}" if d else "a number"
            return f"{shown} (certified in [{self.lo!r}, {self.hi!r}])"
        return f"{self.approx:.{digits}g} (numeric, not certified)"

    def latex(self) -> str:
        from .printing import latex
        if self.exact is not None:
            return latex(self.exact)
        return f"{self.approx:.15g}"

    def __str__(self) -> str:
        return self.text()


def certified_digits(lo: float, hi: float, digits: int) -> int:
    """The most significant digits (≤ digits) that every number of [lo, hi] rounds to alike:
    printed with that many digits, the value's every digit is certified (0: not even one)."""
    for d in range(digits, 0, -1):
        if f"{lo:.{d}g}" == f"{hi:.{d}g}":
            return d
    return 0


def crootof_value(r, dps: int = 60):
    """The value of a real CRootOf, computed independently of sympy's root cache
    (mpmath polyroots on the coefficients; real roots ascending, as CRootOf indexes them)."""
    import mpmath
    coeffs = [int(c) if c.is_Integer else mpmath.mpf(c.p) / c.q for c in sp.Poly(r.expr, r.poly.gen).all_coeffs()]
    with mpmath.workdps(dps + 20):
        roots = mpmath.polyroots(coeffs, maxsteps=400, extraprec=4 * dps)
        reals = sorted(mpmath.re(z) for z in roots if abs(mpmath.im(z)) < mpmath.mpf(10) ** (-dps))
        if r.index >= len(reals):
            return None
        return mpmath.nstr(reals[r.index], dps + 5, strip_zeros=False)


def _float(v: sp.Expr, digits: int = 15) -> Optional[float]:
    if v.has(sp.CRootOf):
        reps = {}
        for r in v.atoms(sp.CRootOf):
            val = crootof_value(r)
            if val is None:
                break
            reps[r] = sp.Float(str(val), 60)
        else:
            v = v.xreplace(reps)
    try:
        n = sp.N(v, max(digits, 15) + 5)
        if n.is_real is False:
            re, im = n.as_real_imag()
            if abs(im) > 1e-30:
                return None
            n = re
        f = float(n)
        return f if math.isfinite(f) else None     # beyond a float's range: no float (JSON has no inf)
    except (TypeError, ValueError):
        return None
