"""The rule registry: the single source of every derivative formula.

Each row of Table 2-1 (basic elementary functions), Table 2-2 (combination
rules) and the extra rules is one :class:`Rule` record.  The differentiator,
the step renderer, the table generator and autograd all read :data:`REGISTRY`.

>>> REGISTRY["2-1.13"].derivative
1/sqrt(1 - x**2)
>>> len(TABLE_2_1), len(TABLE_2_2)
(16, 6)
"""
from __future__ import annotations

import sympy as sp

from . import combination, elementary, extra
from .base import A, C, DU, DV, MU, U, V, X, Rule, dU, dV, dX

TABLE_2_1: tuple[Rule, ...] = tuple(elementary.ROWS)
TABLE_2_2: tuple[Rule, ...] = tuple(combination.ROWS)
EXTRA: tuple[Rule, ...] = tuple(extra.ROWS)
ALL_RULES: tuple[Rule, ...] = TABLE_2_1 + TABLE_2_2 + EXTRA
REGISTRY: dict[str, Rule] = {r.id: r for r in ALL_RULES}

# head (sympy class) -> rule, for one-argument functions f(u)
BY_HEAD: dict[type, Rule] = {}
for _r in ALL_RULES:
    if _r.head is not None and _r.head not in (sp.Pow,) and _r.head not in BY_HEAD:
        BY_HEAD[_r.head] = _r
BY_HEAD[sp.ceiling] = REGISTRY["extra.floor"]


def rule(rule_id: str) -> Rule:
    """Look a rule up by id (``"2-1.13"``, ``"2-2.4"``, ``"extra.abs"``)."""
    try:
        return REGISTRY[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r}; known: {', '.join(REGISTRY)}") from None


def supported_functions() -> list[str]:
    names = sorted({h.__name__ for h in BY_HEAD})
    return names + ["Pow (x^μ, a^x, u^v)", "Add", "Mul"]


__all__ = ["Rule", "REGISTRY", "TABLE_2_1", "TABLE_2_2", "EXTRA", "ALL_RULES", "BY_HEAD", "rule",
           "supported_functions", "X", "A", "MU", "U", "V", "DU", "DV", "C", "dX", "dU", "dV"]
