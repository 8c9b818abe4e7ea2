"""Walking a sympy expression tree (each distinct node once)."""
from __future__ import annotations


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
