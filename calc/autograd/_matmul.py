"""Matrix products (numpy's matmul rules); the backward is ḡ @ vᵀ and uᵀ @ ḡ (rules 2-2.1, 2-2.3)."""
from __future__ import annotations

import numpy as np

from ._node import Node, _shape, record2
from ._tensor import Tensor, _raw


class _MatmulNode(Node):
    __slots__ = ()
    SAVED = (0, 1)
    RULES = ("2-2.1", "2-2.3")
    FORMULA = "u @ v"
    PARTIALS = ("ḡ @ vᵀ", "uᵀ @ ḡ")

    def saved_indices(self):
        ea, eb = self.next
        return ((1,) if ea is not None else ()) + ((0,) if eb is not None else ())

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        av, bv = B.v(a), B.v(b)
        sa, sb = _shape(a), _shape(b)
        # promote 1-d operands as numpy's matmul does
        if len(sa) == 1:
            av = B.reshape(av, (1,) + sa)
            g = B.unsqueeze(g, -2) if len(sb) > 1 else B.reshape(g, (1,))
        if len(sb) == 1:
            bv = B.reshape(bv, sb + (1,))
            g = B.unsqueeze(g, -1) if len(sa) > 1 else B.reshape(g, (1, 1))
        elif len(sa) == 1:
            pass
        if len(sa) == 1 and len(sb) == 1:
            g = B.reshape(g, (1, 1))
        ga = gb = None
        if ea is not None:
            ga = B.matmul(g, B.swap(bv))
            ga = B.reshape(ga, sa) if len(sa) == 1 else B.sum_to(ga, sa)
        if eb is not None:
            gb = B.matmul(B.swap(av), g)
            gb = B.reshape(gb, sb) if len(sb) == 1 else B.sum_to(gb, sb)
        return ga, gb

    def sym(self, args):
        r = np.matmul(args[0], args[1])
        return np.asarray(r, dtype=object)


class MmBackward0(_MatmulNode):
    __slots__ = ()


class MvBackward0(_MatmulNode):
    __slots__ = ()


class DotBackward0(_MatmulNode):
    __slots__ = ()


class SqueezeBackward4(_MatmulNode):
    __slots__ = ()


class UnsafeViewBackward0(_MatmulNode):
    __slots__ = ()


def matmul(a, b) -> Tensor:
    """Matrix product (numpy's matmul rules); node DotBackward0 / MvBackward0 / MmBackward0 / ...,
    rules 2-2.1 and 2-2.3 (each entry is a sum of products)."""
    na, nb = np.ndim(_raw(a)), np.ndim(_raw(b))
    if na == 0 or nb == 0:
        raise RuntimeError("both arguments to matmul need to be at least 1D")
    if na == 1 and nb == 1:
        Cls = DotBackward0
    elif na == 2 and nb == 1:
        Cls = MvBackward0
    elif na == 2 and nb == 2:
        Cls = MmBackward0
    elif na == 1 and nb == 2:
        Cls = SqueezeBackward4
    else:
        Cls = UnsafeViewBackward0
    return record2(Cls, a, b, np.matmul(_raw(a), _raw(b)))
