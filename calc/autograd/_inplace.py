"""In-place operations: add_, sub_, mul_, div_, zero_ (through :func:`_inplace`) and x[i] = v.

An in-place write bumps the tensor's version counter; when the tensor takes
part in autograd the op is recorded on a snapshot of the old value and the
tensor's ``grad_fn`` moves to the new node (torch refuses the same cases
with the same messages).
"""
from __future__ import annotations

import numpy as np

from ._gradmode import MODE
from ._messages import MSG_LEAF_INPLACE, MSG_VIEW_INPLACE, MSG_VIEW_LEAF_INPLACE
from ._node import Node, record
from ._index import _norm_key
from ._tensor import Tensor, _make, _raw


def _inplace_guard(t, other_rg):
    """Refuse what torch refuses; tell whether the op must be recorded."""
    if not MODE.enabled:
        return False
    base = getattr(t, "_base", None)
    if t.grad_fn is None and t._rg and base is None:
        raise RuntimeError(MSG_LEAF_INPLACE)
    if base is not None:
        if base._rg and base.grad_fn is None:
            raise RuntimeError(MSG_VIEW_LEAF_INPLACE)
        if base._rg or t._rg or other_rg:
            raise RuntimeError(MSG_VIEW_INPLACE)
        return False
    return t._rg or other_rg


def _snapshot(t):
    """The tensor's current value and history, as a separate tensor (the op's input)."""
    s = _make(np.array(t._data, copy=True), t._rg, t.grad_fn)
    s._vc = [t._vc[0]]
    s.name = getattr(t, "name", None)
    s._seq = getattr(t, "_seq", None)
    return s


def _inplace(t, other, op, npop):
    other_rg = type(other) is Tensor and other._rg
    if _inplace_guard(t, other_rg):
        old = _snapshot(t)
        res = op(old, other)
        if res._data.shape != t._data.shape:
            raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
                               f"{list(res._data.shape)}")
        t._data[...] = res._data
        t._vc[0] += 1
        t.grad_fn = res.grad_fn
        t._rg = res._rg
        if res.grad_fn is not None and res.grad_fn.SAVES_OUT:
            res.grad_fn.outvc, res.grad_fn.outv = t._vc, t._vc[0]
        return t
    if npop is None:
        t._data[...] = 0
    else:
        o = _raw(other)
        if np.broadcast_shapes(np.shape(o), t._data.shape) != t._data.shape:
            raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
                               f"{list(np.broadcast_shapes(np.shape(o), t._data.shape))}")
        npop(t._data, o, out=t._data, casting="same_kind")
    t._vc[0] += 1
    return t


class ZeroBackward0(Node):
    __slots__ = ()
    RULES = ("2-1.1",)
    FORMULA = "0"
    PARTIALS = ("0",)

    def back(self, g, B):
        return (B.mul(g, 0.0),)

    def sym(self, args):
        return np.zeros_like(args[0]) * 0


def _zero(t, _other):
    return record(ZeroBackward0, t, np.zeros_like(t._data))


class CopySlices(Node):
    """x[i] = v on a tensor that takes part in autograd: ḡ with zeros at i to x, ḡ[i] to v."""

    __slots__ = ()
    FORMULA = "u with u[i] = v"
    PARTIALS = ("ḡ with ḡ[i] = 0", "ḡ[i]")

    def back(self, g, B):
        key, mask, vshape = self.meta
        ex, ev = self.next
        gx = None if ex is None else B.where(mask, g, 0.0)
        gv = None if ev is None else B.sum_to(B.getitem(g, key), vshape)
        return gx, gv

    def sym(self, args):
        key = self.meta[0]
        z = np.array(args[0], dtype=object, copy=True)
        z[key] = args[1]
        return z


def setitem(t, key, value):
    """t[key] = value, in place (version bumped); recorded as CopySlices when grads are involved."""
    v_rg = type(value) is Tensor and value._rg
    if MODE.enabled and t.grad_fn is None and t._rg:
        raise RuntimeError(MSG_VIEW_LEAF_INPLACE)
    record = _inplace_guard(t, v_rg)
    k, advanced = _norm_key(key)
    if not record:
        t._data[k] = _raw(value)
        t._vc[0] += 1
        return
    old = _snapshot(t)
    vd = _raw(value)
    t._data[k] = vd
    t._vc[0] += 1
    mask = np.ones(t._data.shape, dtype=bool)
    mask[k] = False
    ex = (old.grad_fn or old) if old._rg else None
    ev = (value.grad_fn or value) if v_rg else None
    n = CopySlices((ex, ev), (old, value), np.array(t._data, copy=True),
                   (old._vc[0], value._vc[0] if type(value) is Tensor else 0))
    n.meta = (k, mask, np.shape(vd))
    t.grad_fn = n
    t._rg = True
