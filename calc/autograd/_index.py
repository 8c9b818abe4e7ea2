"""Indexing: x[key] (SelectBackward0, SliceBackward0, IndexBackward0, UnsqueezeBackward0,
AliasBackward0) and its create_graph backward, index_put.

Basic indexing returns a view sharing storage and version counter; the
backward scatters ḡ back into zeros of the input's shape.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ._backend import _scatter
from ._node import Node, _shape, record
from ._shape import AliasBackward0, _shape_op
from ._tensor import Tensor, _make, _raw, tensor


class _IndexNode(Node):
    __slots__ = ()
    FORMULA = "u[i]"
    PARTIALS = ("ḡ scattered back to position i",)

    def back(self, g, B):
        key, advanced = self.meta
        return (B.index_put(g, key, _shape(self.inputs[0]), advanced),)

    def sym(self, args):
        return np.asarray(args[0][self.meta[0]], dtype=object)


class SelectBackward0(_IndexNode):
    __slots__ = ()


class SliceBackward0(_IndexNode):
    __slots__ = ()


class IndexBackward0(_IndexNode):
    __slots__ = ()
    SAVED = ()

    @property
    def saves(self):
        return True


class UnsqueezeBackward0(_IndexNode):
    __slots__ = ()


class IndexPutBackward0(Node):
    """Backward of indexing under create_graph: scatter ḡ into zeros."""

    __slots__ = ()
    FORMULA = "scatter(u, i)"
    PARTIALS = ("ḡ[i]",)

    def back(self, g, B):
        key, accumulate = self.meta
        return (B.getitem(g, key),)

    def sym(self, args):
        key, acc = self.meta
        z = np.full(self.value.shape, sp.Integer(0), dtype=object)
        if acc:
            np.add.at(z, key, args[0])
        else:
            z[key] = args[0]
        return z


def index_put(g, key, shape, accumulate):
    """Zeros of ``shape`` with ``g`` put (or added) at ``key``, differentiable in ``g`` (TB.index_put)."""
    z = _scatter(_raw(g), key, shape, accumulate)
    if type(g) is Tensor:
        return _shape_op(IndexPutBackward0, g, z, (key, accumulate))
    return _make(z)


def _norm_key(key):
    """Tensors in an index become arrays; tell basic from advanced indexing."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    advanced = False
    for k in key:
        if type(k) is Tensor:
            k = k._data
        if isinstance(k, (list, np.ndarray)):
            k = np.asarray(k)
            if k.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            advanced = True
        elif isinstance(k, (bool, np.bool_)):
            advanced = True
        out.append(k)
    return tuple(out), advanced


def getitem(x, key) -> Tensor:
    """x[key]; node SelectBackward0 / SliceBackward0 / IndexBackward0 / UnsqueezeBackward0.

    Basic indexing returns a view sharing storage and version counter (as torch);
    advanced indexing (lists, arrays, masks) a copy.
    """
    x = x if type(x) is Tensor else tensor(x)
    k, advanced = _norm_key(key)
    if not advanced and not any(c is Ellipsis for c in k):
        d = x._data[k + (Ellipsis,)]   # a 0-d view rather than a numpy scalar
    else:
        d = x._data[k]
    if advanced:
        Cls = IndexBackward0
    else:
        last = [c for c in k if not (isinstance(c, slice) and c == slice(None)) and c is not Ellipsis]
        if not last:
            Cls = AliasBackward0 if all(c is Ellipsis for c in k) else SliceBackward0
        elif last[-1] is None:
            Cls = UnsqueezeBackward0
        elif isinstance(last[-1], slice):
            Cls = SliceBackward0
        else:
            Cls = SelectBackward0
    view = not advanced
    if type(d) is not np.ndarray:
        d = np.asarray(d)
        view = False
    out = _make(d)
    if view:
        out._vc = x._vc
        xb = getattr(x, "_base", None)
        out._base = xb if xb is not None else x
    return record(Cls, x, None, (k, advanced) if Cls is not AliasBackward0 else None, out)
