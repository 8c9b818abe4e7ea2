"""Walking a sympy expression tree (each distinct node once), and one rewrite on it."""
from __future__ import annotations

from typing import Optional

import sympy as sp


def nodes(expr):
    """Every distinct node of expr, depth first."""
    seen, stack = set(), [expr]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        yield n
        stack.extend(n.args)


def atoms_of(expr, types) -> list:
    """The distinct nodes of expr that are instances of ``types``."""
    return [n for n in nodes(expr) if isinstance(n, types)]


def free_symbols(expr) -> set:
    """expr.free_symbols without recursion (safe on depth-10,000 trees)."""
    return {n for n in nodes(expr) if n.is_Symbol}


def log_power(a, ex) -> Optional[sp.Expr]:
    """a^(c·ln u), a > 0 a number, written u^(c·ln a): equal wherever ln u is defined, and with a
    limit and a ball next to u = 0 where ln u has neither (2^(log₃ x) is x^(ln 2/ln 3)); else None."""
    if not ex.has(sp.log) or not ex.free_symbols or a.free_symbols:
        return None             # (cheap tests first: a.is_positive evaluates CRootOf bases)
    c, u = ex.as_independent(*ex.free_symbols, as_Add=False)
    if not isinstance(u, sp.log) or len(u.args) != 1 or not c.is_number or not (a.is_number and a.is_positive):
        return None
    return sp.Pow(u.args[0], c * sp.log(a), evaluate=False)


def log_powers(expr: sp.Expr) -> sp.Expr:
    """expr with every a^(c·ln u) written u^(c·ln a) (see :func:`log_power`)."""
    return expr.replace(lambda e: e.is_Pow and log_power(e.base, e.exp) is not None,
                        lambda e: log_power(e.base, e.exp))


def reciprocal(f: sp.Expr) -> sp.Expr:
    """1/f written without poles where f has them (tan u → cos(u)/cos(u − π/2))."""
    r = sp.fraction(sp.together(trig_as_cos(1 / f)))
    return r[0] / r[1]


def trig_as_cos(e: sp.Expr) -> sp.Expr:
    """e with its trigonometric functions written with cos (tan u = cos(u − π/2)/cos u), the others
    left alone (sympy's rewrite(cos) also turns e^u into cosh u + sinh u: wide balls)."""
    trig = sp.functions.elementary.trigonometric.TrigonometricFunction
    t = sp.Dummy("t")

    def head(n):        # (the head only: rewrite(cos) is deep, and e^(−2) inside would become −sinh 2 + cos 2i)
        return n.func(t).rewrite(sp.cos).xreplace({t: n.args[0]}) if len(n.args) == 1 else n
    return e.replace(lambda n: isinstance(n, trig), head)
