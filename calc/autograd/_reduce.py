"""Reductions: sum and mean over all elements or over ``dim`` (rules 2-2.1, 2-2.2)."""
from __future__ import annotations

import numpy as np

from ._node import Node, _shape, record
from ._tensor import Tensor, tensor


class SumBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.1",)
    FORMULA = "Σ u"
    PARTIALS = ("ḡ (to every element)",)

    def back(self, g, B):
        x = self.inputs[0]
        dim, keep = self.meta
        shape = _shape(x)
        if dim is not None and not keep:
            for ax in sorted(d % len(shape) for d in dim):
                g = B.unsqueeze(g, ax)
        elif dim is None:
            g = B.reshape(g, (1,) * len(shape)) if len(shape) else g
        return (B.expand(g, shape),)

    def sym(self, args):
        dim, keep = self.meta
        a = args[0]
        r = np.sum(a, axis=dim, keepdims=keep) if dim is not None else np.sum(a)
        return np.asarray(r, dtype=object)


class SumBackward1(SumBackward0):
    __slots__ = ()


class MeanBackward0(SumBackward0):
    __slots__ = ()
    RULES = ("2-2.1", "2-2.2")
    FORMULA = "(Σ u)/n"
    PARTIALS = ("ḡ/n (to every element)",)

    def _count(self) -> float:
        dim = self.meta[0]
        shape = _shape(self.inputs[0])
        return float(np.prod([shape[d] for d in dim]) if dim is not None else np.prod(shape))

    def back(self, g, B):
        (gx,) = SumBackward0.back(self, g, B)
        return (B.div(gx, self._count()),)

    def sym(self, args):
        return SumBackward0.sym(self, args) / int(self._count())


class MeanBackward1(MeanBackward0):
    __slots__ = ()


def _norm_dim(dim, nd):
    if dim is None:
        return None
    if isinstance(dim, int):
        dim = (dim,)
    return tuple(d % nd if nd else d for d in dim)


def _reduce(x, dim, keepdim, Cls0, Cls1, fn):
    x = x if type(x) is Tensor else tensor(x)
    dims = _norm_dim(dim, x._data.ndim)
    data = fn(x._data, axis=dims, keepdims=keepdim) if dims is not None else fn(x._data)
    return record(Cls0 if dims is None else Cls1, x, data, (dims, keepdim))


def sum(x, dim=None, keepdim=False) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim``; node SumBackward0 / SumBackward1 (rule 2-2.1)."""
    return _reduce(x, dim, keepdim, SumBackward0, SumBackward1, np.sum)


def mean(x, dim=None, keepdim=False) -> Tensor:
    """Mean of all elements, or over ``dim``; node MeanBackward0 / MeanBackward1 (rules 2-2.1, 2-2.2)."""
    return _reduce(x, dim, keepdim, MeanBackward0, MeanBackward1, np.mean)
