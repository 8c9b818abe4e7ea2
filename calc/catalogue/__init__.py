"""The function catalogue: the single place where calc keeps what it knows.

Each function is one :class:`Entry` (spellings, display and LaTeX names, sympy
head, its derivative row, domain, kinks, jumps, period, ball evaluator, numpy
forward); each row of Table 2-1, Table 2-2 and the extra table is one
:class:`Rule`.  The parser, printers, differentiator, tables, domain analysis,
kink finder, ball compiler, several-variable code and autograd all read them
from here.

>>> REGISTRY["2-1.13"].derivative
1/sqrt(1 - x**2)
>>> len(TABLE_2_1), len(TABLE_2_2)
(16, 6)
>>> by_key["sin"].period
2*pi
"""
from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from . import combination, elementary, extra
from .base import A, C, DU, DV, MU, U, V, X, Y, Entry, Rule, dU, dV, dX
from .extra import real_pow

CATALOGUE: tuple[Entry, ...] = tuple(elementary.ENTRIES) + tuple(extra.ENTRIES)
by_key: dict[str, Entry] = {e.key: e for e in CATALOGUE}


def _rows(entries, table):
    out = []
    for e in entries:
        if e.rule is not None and e.rule.table == table and e.rule not in out:
            out.append(e.rule)
    return sorted(out, key=lambda r: int(r.id.rsplit(".", 1)[1])) if table == "2-1" else out


TABLE_2_1: tuple[Rule, ...] = tuple(_rows(CATALOGUE, "2-1"))
TABLE_2_2: tuple[Rule, ...] = tuple(combination.ROWS)
EXTRA: tuple[Rule, ...] = tuple(_rows(CATALOGUE, "extra"))
ALL_RULES: tuple[Rule, ...] = TABLE_2_1 + TABLE_2_2 + EXTRA
REGISTRY: dict[str, Rule] = {r.id: r for r in ALL_RULES}

_BY_HEAD: dict[type, Entry] = {}
for _e in CATALOGUE:
    if _e.head is not None and _e.head not in _BY_HEAD:
        _BY_HEAD[_e.head] = _e

# head (sympy class) -> rule, for one-argument functions f(u) (powers are not one-argument)
BY_HEAD: dict[type, Rule] = {h: e.rule for h, e in _BY_HEAD.items() if e.rule is not None and h is not sp.Pow}


def by_head(head) -> Optional[Entry]:
    """The entry of a sympy class (or of an expression's class); None when calc has none."""
    if not isinstance(head, type):
        head = type(head)
    return _BY_HEAD.get(head)


_NATIVE = tuple(e.head for e in CATALOGUE if e.head is not None and e.native(U) is not None)


def native(expr: sp.Basic) -> sp.Basic:
    """``expr`` with every function of calc's own (the textbook's arccot) written in
    sympy's heads, for sympy's set solvers and limits, which know only those."""
    if not _NATIVE or not expr.has(*_NATIVE):
        return expr
    return expr.replace(lambda n: isinstance(n, _NATIVE), lambda n: by_head(n).native(*n.args))


def spellings() -> dict[str, tuple]:
    """Input name -> (builder, minimum arguments, maximum arguments), for the parser."""
    out = {}
    for e in CATALOGUE:
        for s in e.spellings:
            name, fn, *arity = (s, e.build or e.head) if isinstance(s, str) else s
            out[name] = (fn, *(arity or e.arity))
    return out


def _spelling(e: Entry) -> Optional[str]:
    """The first input spelling of an entry (None: it has none)."""
    for s in e.spellings:
        return s if isinstance(s, str) else s[0]
    return None


def inverse_spellings() -> dict[str, str]:
    """Input name -> the input name of its inverse function (sin -> arcsin, tg -> arctan), for
    reading ``sin^-1 x`` as arcsin x."""
    out = {}
    for e in CATALOGUE:
        inv = by_key[e.inverse] if e.inverse else None
        if inv is not None and _spelling(inv):
            for s in e.spellings:
                out[s if isinstance(s, str) else s[0]] = _spelling(inv)
    return out


def latex_commands() -> dict[str, str]:
    """LaTeX command -> input name, for reading LaTeX (``\\sin`` -> sin, ``\\operatorname{arccot}`` -> arccot)."""
    out = {}
    for e in CATALOGUE:
        name = _spelling(e)
        if name and re.fullmatch(r"\\[A-Za-z]+|\\operatorname\{[A-Za-z]+\}", e.latex or ""):
            out.setdefault(e.latex, name)
    return out


def latex_brackets() -> dict[str, tuple[Optional[str], str]]:
    """The LaTeX delimiters of a function's template (``\\lfloor \\cdot \\rfloor``):
    opening command -> (input name, "("), closing command -> (None, ")")."""
    out: dict[str, tuple[Optional[str], str]] = {}
    for e in CATALOGUE:
        m = re.fullmatch(r"(\\[A-Za-z]+) \\cdot (\\[A-Za-z]+)", e.latex_template)
        if m and _spelling(e):
            out[m.group(1)] = (_spelling(e), "(")
            out[m.group(2)] = (None, ")")
    return out


def rule(rule_id: str) -> Rule:
    """Look a rule up by id (``"2-1.13"``, ``"2-2.4"``, ``"extra.abs"``)."""
    try:
        return REGISTRY[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r}; known: {', '.join(REGISTRY)}") from None


def supported_functions() -> list[str]:
    names = sorted({h.__name__ for h in BY_HEAD})
    return names + ["Pow (x^μ, a^x, u^v)", "Add", "Mul"]


def display_names() -> dict[str, str]:
    """sympy function name -> the textbook's name (asin -> arcsin, log -> ln)."""
    return {e.head.__name__: e.display for e in CATALOGUE
            if e.head is not None and e.display and e.display != e.head.__name__}


def latex_names() -> dict[str, str]:
    """sympy function name -> LaTeX command (asin -> \\arcsin)."""
    return {e.head.__name__: e.latex for e in CATALOGUE if e.head is not None and e.latex}


__all__ = ["Entry", "Rule", "CATALOGUE", "by_key", "by_head", "spellings", "REGISTRY", "TABLE_2_1",
           "TABLE_2_2", "EXTRA", "ALL_RULES", "BY_HEAD", "rule", "supported_functions", "display_names",
           "latex_names", "native", "inverse_spellings", "latex_commands", "latex_brackets", "real_pow", "X", "A", "MU", "U", "V", "DU", "DV", "C", "Y", "dX", "dU", "dV"]
