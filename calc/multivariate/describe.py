"""Descriptions of equations, continua of critical points and derivatives for display."""
from __future__ import annotations

import itertools

import sympy as sp

from ..printing import textbook


def _eq_text(e) -> str:
    """'x² + y² = 1' for the equation -x² - y² + 1 = 0."""
    c, rest = e.as_coeff_Add()
    if rest == 0:
        return f"{textbook(e)} = 0"
    lead = rest.as_ordered_terms()[0].as_coeff_Mul()[0]
    if lead < 0:
        c, rest = -c, -rest
    return f"{textbook(rest)} = {textbook(-c)}"


def _family_desc(eng, vars_, sub: dict, s, free: list, what: str) -> str:
    parts = [f"{v.name} = {textbook(eng.show(sub[v]))}" for v in vars_ if v in sub]
    implicit = [e for e in s.eqs if e.free_symbols & set(free)]
    if implicit:
        parts += [_eq_text(e) for e in implicit]
    else:
        parts += [f"{v.name} = {textbook(eng.show(s.vals[v]))}" for v in vars_ if v in s.vals]
    where = ", ".join(parts) if parts else "every point"
    return f"{what}: {where}" + ("" if implicit else f" ({', '.join(p.name for p in free)} free)")


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
