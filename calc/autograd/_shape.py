"""Shape operations: reshape, expand, transpose, permute, clone, cat, stack.

Their backward formulas move the adjoint back into the input's shape (hand-
written: they are bookkeeping, not calculus).  Views share the input's
storage and version counter, as torch's do.
"""
from __future__ import annotations

import numpy as np

from ._gradmode import MODE
from ._node import Node, _shape, record
from ._tensor import Tensor, _make, _raw, tensor


class _ShapeNode(Node):
    __slots__ = ()
    RULES = ()

    def sym(self, args):
        return self.FWD_OBJ(args[0])


class ViewBackward0(_ShapeNode):
    __slots__ = ()
    FORMULA = "reshape(u)"
    PARTIALS = ("reshape(ḡ)",)

    def back(self, g, B):
        return (B.reshape(g, _shape(self.inputs[0])),)

    def sym(self, args):
        return np.reshape(args[0], self.meta)


class ExpandBackward0(_ShapeNode):
    __slots__ = ()
    FORMULA = "broadcast(u)"
    PARTIALS = ("Σ ḡ over the broadcast axes",)

    def back(self, g, B):
        return (B.sum_to(g, _shape(self.inputs[0])),)

    def sym(self, args):
        return np.broadcast_to(args[0], self.meta)


class TransposeBackward0(_ShapeNode):
    __slots__ = ()
    FORMULA = "transpose(u)"
    PARTIALS = ("transpose(ḡ)",)

    def back(self, g, B):
        d0, d1 = self.meta
        return (B.transpose(g, d0, d1),)

    def sym(self, args):
        return np.swapaxes(args[0], *self.meta)


class PermuteBackward0(_ShapeNode):
    __slots__ = ()
    FORMULA = "permute(u)"
    PARTIALS = ("permute⁻¹(ḡ)",)

    def back(self, g, B):
        inv = tuple(np.argsort(self.meta))
        return (B.permute(g, inv),)

    def sym(self, args):
        return np.transpose(args[0], self.meta)


class CloneBackward0(_ShapeNode):
    __slots__ = ()
    FORMULA = "u"
    PARTIALS = ("ḡ",)

    def back(self, g, B):
        return (g,)

    def sym(self, args):
        return args[0]


class CopyBackwards(CloneBackward0):
    """The node torch puts on a ``.grad`` written by ``backward(create_graph=True)``."""

    __slots__ = ()


class AliasBackward0(CloneBackward0):
    __slots__ = ()


def _shape_op(Cls, x, data, meta, view=False):
    x = x if type(x) is Tensor else tensor(x)
    out = _make(data)
    if view:
        out._vc = x._vc
        xb = getattr(x, "_base", None)
        out._base = xb if xb is not None else x
    return record(Cls, x, None, meta, out)


def reshape(x, shape) -> Tensor:
    """Same elements, new shape; node ViewBackward0."""
    x = x if type(x) is Tensor else tensor(x)
    shape = tuple(shape)
    d = x._data.reshape(shape)
    return _shape_op(ViewBackward0, x, d, d.shape, view=d.base is not None)


def expand(x, shape) -> Tensor:
    """Broadcast to ``shape`` (a read-only view); node ExpandBackward0."""
    x = x if type(x) is Tensor else tensor(x)
    shape = tuple(shape)
    return _shape_op(ExpandBackward0, x, np.broadcast_to(x._data, shape), shape, view=True)


def transpose(x, d0, d1) -> Tensor:
    """Swap two axes; node TransposeBackward0."""
    x = x if type(x) is Tensor else tensor(x)
    return _shape_op(TransposeBackward0, x, np.swapaxes(x._data, d0, d1), (d0, d1), view=True)


def permute(x, axes) -> Tensor:
    """Permute the axes; node PermuteBackward0."""
    x = x if type(x) is Tensor else tensor(x)
    axes = tuple(axes)
    return _shape_op(PermuteBackward0, x, np.transpose(x._data, axes), axes, view=True)


def clone(x) -> Tensor:
    """A copy that keeps the history; node CloneBackward0."""
    return _shape_op(CloneBackward0, x, np.array(_raw(x), copy=True), None)


def _copy_grad(g):
    return _shape_op(CopyBackwards, g, np.array(g._data, copy=True), None)



class _ListNode(Node):
    __slots__ = ()
    RULES = ()

    def sym(self, args):
        return self.FWD_OBJ(args)


class CatBackward0(_ListNode):
    __slots__ = ()
    FORMULA = "cat(u₁, u₂, …)"
    PARTIALS = ("the slice of ḡ for this part",)

    def back(self, g, B):
        dim = self.meta
        res = []
        start = 0
        for t, e in zip(self.inputs, self.next):
            n = _shape(t)[dim]
            if e is not None:
                key = (slice(None),) * dim + (slice(start, start + n),)
                res.append(B.getitem(g, key))
            else:
                res.append(None)
            start += n
        return tuple(res)

    def sym(self, args):
        return np.concatenate(args, axis=self.meta)


class StackBackward0(_ListNode):
    __slots__ = ()
    FORMULA = "stack(u₁, u₂, …)"
    PARTIALS = ("the entry of ḡ for this part",)

    def back(self, g, B):
        dim = self.meta
        return tuple(None if e is None else B.getitem(g, (slice(None),) * dim + (i,))
                     for i, e in enumerate(self.next))

    def sym(self, args):
        return np.stack(args, axis=self.meta)


def _listop(Cls, tensors, dim, fn):
    ts = [t if type(t) is Tensor else tensor(t) for t in tensors]
    if not ts:
        raise RuntimeError(f"{fn.__name__}() expects a non-empty list of Tensors")
    nd = ts[0]._data.ndim + (1 if Cls is StackBackward0 else 0)
    dim = dim % nd if nd else 0
    out = _make(fn([t._data for t in ts], axis=dim))
    edges = tuple((t.grad_fn or t) if t._rg else None for t in ts)
    if MODE.enabled and any(e is not None for e in edges):
        out._rg = True
        n = out.grad_fn = Cls(edges, tuple(ts), out._data, tuple(t._vc[0] for t in ts))
        n.meta = dim
    return out


def cat(tensors, dim=0) -> Tensor:
    """Concatenate along ``dim``; node CatBackward0 (each part gets its slice of the adjoint)."""
    return _listop(CatBackward0, tensors, dim, np.concatenate)


def stack(tensors, dim=0) -> Tensor:
    """Stack along a new axis ``dim``; node StackBackward0."""
    return _listop(StackBackward0, tensors, dim, np.stack)
