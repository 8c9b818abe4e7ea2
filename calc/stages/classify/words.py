"""How the classification tests write expressions and directions in their reasons."""
from __future__ import annotations

import sympy as sp

from ...printing import textbook


def fmt(e) -> str:
    return textbook(e) if isinstance(e, sp.Basic) else str(e)


def lead_term(c, m: int) -> str:
    if m == 0:
        return f"f − f(p) → {fmt(c)} as t → 0+ (f jumps)"
    return f"f − f(p) = {fmt(c)}·t^{m} + …"


def vec(d) -> str:
    return "(" + ", ".join(fmt(c) for c in d) + ")"
