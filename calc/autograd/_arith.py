"""Binary arithmetic and negation: add, sub, mul, div, neg (Table 2-2 rows 2-2.1 to 2-2.4).

Each node's ``back(g, B)`` is its one backward formula; the numpy backend
runs it in the first-order pass, the tensor backend under ``create_graph``.
"""
from __future__ import annotations

import numpy as np

from ._backend import NB
from ._node import Node, _shape, record, record2
from ._tensor import Tensor, _raw, tensor

_add, _sub, _mul, _div, _neg = NB.add, NB.sub, NB.mul, NB.div, NB.neg   # numpy, large results pooled


class AddBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.1",)
    FORMULA = "u + v"
    PARTIALS = ("ḡ", "ḡ")

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        return (None if ea is None else B.sum_to(g, _shape(a)),
                None if eb is None else B.sum_to(g, _shape(b)))

    def sym(self, args):
        return args[0] + args[1]


class SubBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.1",)
    FORMULA = "u − v"
    PARTIALS = ("ḡ", "−ḡ")

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        return (None if ea is None else B.sum_to(g, _shape(a)),
                None if eb is None else B.sum_to(B.neg(g), _shape(b)))

    def sym(self, args):
        return args[0] - args[1]


class RsubBackward1(SubBackward0):
    __slots__ = ()


class MulBackward0(Node):
    __slots__ = ()
    FORMULA = "u·v"
    PARTIALS = ("ḡ·v", "ḡ·u")

    def saved_indices(self):
        ea, eb = self.next
        return ((1,) if ea is not None else ()) + ((0,) if eb is not None else ())

    def rules(self):
        ea, eb = self.next
        if ea is None or eb is None:
            return ("2-2.2",)
        return ("2-2.3",)

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        return (None if ea is None else B.sum_to(B.mul(g, B.v(b)), _shape(a)),
                None if eb is None else B.sum_to(B.mul(g, B.v(a)), _shape(b)))

    def sym(self, args):
        return args[0] * args[1]


class DivBackward0(Node):
    __slots__ = ()
    FORMULA = "u / v"
    PARTIALS = ("ḡ / v", "−ḡ·u / v²")

    def saved_indices(self):
        ea, eb = self.next
        return (1,) if eb is None else (0, 1)

    def rules(self):
        return ("2-2.2",) if self.next[1] is None else ("2-2.4",)

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        bv = B.v(b)
        ga = None if ea is None else B.sum_to(B.div(g, bv), _shape(a))
        gb = None
        if eb is not None:
            gb = B.sum_to(B.neg(B.div(B.mul(g, B.v(a)), B.mul(bv, bv))), _shape(b))
        return ga, gb

    def nondiff(self):
        b = self.inputs[1]
        bd = _raw(b)
        if self.next[1] is not None or self.next[0] is not None:
            if np.any(np.asarray(bd) == 0):
                return ["division by v = 0: the quotient rule needs v ≠ 0 (2-2.4)"]
        return []

    def sym(self, args):
        return args[0] / args[1]


class NegBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.2",)
    FORMULA = "−u"
    PARTIALS = ("−ḡ",)

    def back(self, g, B):
        return (B.neg(g),)

    def back_owned(self, g):
        return (np.negative(g, out=g),)

    def sym(self, args):
        return -args[0]


def add(a, b) -> Tensor:
    """a + b (broadcasting); node AddBackward0, rule 2-2.1."""
    return record2(AddBackward0, a, b, _add(_raw(a), _raw(b)))


def sub(a, b) -> Tensor:
    """a − b; node SubBackward0 (RsubBackward1 for number − tensor), rule 2-2.1."""
    Cls = RsubBackward1 if type(a) is not Tensor and type(b) is Tensor else SubBackward0
    return record2(Cls, a, b, _sub(_raw(a), _raw(b)))


def mul(a, b) -> Tensor:
    """a · b; node MulBackward0, rule 2-2.3 (2-2.2 when one factor is a constant)."""
    return record2(MulBackward0, a, b, _mul(_raw(a), _raw(b)))


def div(a, b) -> Tensor:
    """a / b; node DivBackward0, rule 2-2.4 (2-2.2 when b is a constant)."""
    return record2(DivBackward0, a, b, _div(_raw(a), _raw(b)))


def neg(x) -> Tensor:
    """−x; node NegBackward0, rule 2-2.2 with C = −1."""
    x = x if type(x) is Tensor else tensor(x)
    return record(NegBackward0, x, _neg(x._data))
