"""Sign branches of |u|, max, min, sign and the ridges where f may not be differentiable."""
from __future__ import annotations

import sympy as sp

from .caps import MAX_BRANCHES
from .values import _KINK_HEADS
from ..nondiff import kink_candidates


class _TooMany(Exception):
    pass


def _branches(F, W, cap: int = MAX_BRANCHES):
    """F with every |u|, max, min, sign replaced by one smooth branch, with the
    conditions (expressions that must be >= 0) under which the branch is F."""
    out: list = []
    Wset = set(W)

    def kinks_in(e):
        return [n for n in sp.preorder_traversal(e) if isinstance(n, _KINK_HEADS) and n.free_symbols & Wset]

    def rec(G, conds):
        if len(out) > cap:
            raise _TooMany()
        nodes = kinks_in(G)
        if not nodes:
            out.append((G, conds))
            return
        node = next(n for n in nodes if not any(kinks_in(a) for a in n.args))
        if isinstance(node, sp.Abs):
            u = node.args[0]
            rec(G.xreplace({node: u}), conds + [u])
            rec(G.xreplace({node: -u}), conds + [-u])
        elif isinstance(node, sp.sign):
            u = node.args[0]
            rec(G.xreplace({node: sp.S.One}), conds + [u])
            rec(G.xreplace({node: -sp.S.One}), conds + [-u])
        elif isinstance(node, sp.Heaviside):
            u = node.args[0]
            rec(G.xreplace({node: sp.S.One}), conds + [u])
            rec(G.xreplace({node: sp.S.Zero}), conds + [-u])
        else:
            is_max = isinstance(node, sp.Max)
            for a in node.args:
                cs = [(a - b) if is_max else (b - a) for b in node.args if b is not a]
                rec(G.xreplace({node: a}), conds + cs)

    try:
        rec(F, [])
    except _TooMany:
        return None
    return out


def _ridges(F, W) -> tuple[list, bool]:
    """Expressions whose zero sets may be non-differentiable points of F (and
    whether F has jumps (floor/ceiling) calc does not follow)."""
    hs, jumps = [], False
    for w in W:
        gs, js = kink_candidates(F, w)
        jumps |= bool(js)
        for g in gs:
            if not (g.free_symbols & set(W)):
                continue
            if any(g == h or (g + h) == 0 for h in hs):
                continue
            hs.append(g)
    return hs, jumps
