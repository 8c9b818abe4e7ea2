"""The two backends every backward formula is written against.

A node's ``back(g, B)`` computes the adjoints of its inputs with the
operations of a backend ``B``:

* :data:`NB` (numpy): the first-order pass on plain arrays.  Its elementwise
  operations draw large results from the array pool (:mod:`._pool`);
* :data:`TB` (tensors): ``create_graph=True``.  Its operations are
  calc.autograd's own differentiable functions, so the adjoints are recorded
  as a graph and can be differentiated again.  They are bound by
  :func:`bind_tensor_ops` once the operation modules are loaded.

The generic helpers (``sum_to``) are written once, against ``B``.
"""
from __future__ import annotations

import numpy as np

from ._pool import POOL_MIN, _alloc, _binop_out
from ._tensor import Tensor

ndarray = np.ndarray


def _sum_to(B, g, shape):
    """Sum ``g`` over the axes that broadcasting added to ``shape``."""
    gs = B.shape(g)
    if gs == shape:
        return g
    nd = len(gs) - len(shape)
    axes = tuple(range(nd)) + tuple(i + nd for i, s in enumerate(shape) if s == 1 and gs[i + nd] != 1)
    r = B.sumdim(g, axes, True) if axes else g
    if nd:
        r = B.reshape(r, shape)
    return r


def _pooled(ufunc):
    """``ufunc(a, b)`` writing a large result into a pooled array."""
    def f(a, b):
        if type(a) is ndarray and a.size >= POOL_MIN or type(b) is ndarray and b.size >= POOL_MIN:
            o = _binop_out(a, b)
            if o is not None:
                return ufunc(a, b, out=o)
        return ufunc(a, b)
    f.__name__ = ufunc.__name__
    return f


def _negative(a):
    """−a, a large result pooled."""
    if type(a) is ndarray and a.size >= POOL_MIN:
        return np.negative(a, out=_alloc(a.shape, a.dtype))
    return np.negative(a)


def _np_pow(x, p):
    """x**p for a float exponent, with the cheap special cases (large results pooled)."""
    if type(p) is ndarray:
        if p.ndim:
            return np.power(x, p)
        p = float(p)
    o = _alloc(x.shape, x.dtype) if type(x) is ndarray and x.size >= POOL_MIN and x.dtype.kind == "f" else None
    if p == 2:
        return np.square(x, out=o)
    if p == 1:
        return np.positive(x, out=o)
    if p == 0:
        if o is None:
            return np.ones_like(x)
        o.fill(1.0)
        return o
    if p == 0.5:
        return np.sqrt(x, out=o)
    if p == -1:
        return np.divide(1.0, x, out=o)
    if p == 3:
        return np.multiply(np.square(x, out=o), x, out=o)
    if p == -2:
        return np.divide(1.0, np.square(x, out=o), out=o)
    return np.power(x, p, out=o)


def _scatter(g, key, shape, accumulate):
    """Zeros of ``shape`` with ``g`` written (or, for advanced keys, added) at ``key``."""
    z = np.zeros(shape, dtype=np.result_type(g, np.float64) if np.ndim(g) == 0 else g.dtype)
    if accumulate:
        np.add.at(z, key, g)
    else:
        z[key] = g
    return z


class _NumpyBackend:
    """Backend of the first-order backward pass: plain numpy arrays."""

    add = staticmethod(_pooled(np.add))
    sub = staticmethod(_pooled(np.subtract))
    mul = staticmethod(_pooled(np.multiply))
    div = staticmethod(_pooled(np.true_divide))
    neg = staticmethod(_negative)
    sqrt = staticmethod(np.sqrt)
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    pow = staticmethod(_np_pow)
    matmul = staticmethod(np.matmul)
    where = staticmethod(np.where)
    shape = staticmethod(np.shape)
    reshape = staticmethod(np.reshape)
    expand = staticmethod(np.broadcast_to)
    transpose = staticmethod(np.swapaxes)
    permute = staticmethod(np.transpose)
    unsqueeze = staticmethod(np.expand_dims)
    index_put = staticmethod(_scatter)

    @staticmethod
    def v(t):
        return t._data if type(t) is Tensor else t

    @staticmethod
    def out(node):
        return node.value

    @staticmethod
    def sum_to(g, shape):
        return g if g.shape == shape else _sum_to(NB, g, shape)

    @staticmethod
    def swap(a):
        return np.swapaxes(a, -1, -2)

    @staticmethod
    def getitem(a, key):
        return a[key]

    @staticmethod
    def sumdim(a, axis, keepdim):
        return np.sum(a, axis=axis, keepdims=keepdim)


NB = _NumpyBackend()


class _TensorBackend:
    """Backend of ``create_graph=True``: calc.autograd's own differentiable operations."""

    @staticmethod
    def v(t):
        return t

    @staticmethod
    def out(node):
        return node.out_tensor()

    @staticmethod
    def shape(a):
        return a._data.shape if type(a) is Tensor else np.shape(a)

    @staticmethod
    def sum_to(g, shape):
        return _sum_to(TB, g, shape)

    @staticmethod
    def swap(a):
        return TB.transpose(a, -1, -2)

    @staticmethod
    def sumdim(a, axis, keepdim):
        return TB.sum(a, dim=axis, keepdim=keepdim)

    @staticmethod
    def unsqueeze(a, axis):
        return TB.reshape(a, np.expand_dims(a._data, axis).shape)


TB = _TensorBackend()

#: the differentiable operations TB takes from the operation modules (elementwise functions of the
#: catalogue are added by name from calc.autograd._unary)
TENSOR_OPS = ("add", "sub", "mul", "div", "neg", "pow", "matmul", "where", "reshape", "expand", "getitem",
              "transpose", "permute", "sum", "index_put")


def bind_tensor_ops(ns: dict, names=TENSOR_OPS) -> None:
    """Make ``TB.<name>`` the differentiable function ``ns[name]``."""
    for n in names:
        setattr(_TensorBackend, n, staticmethod(ns[n]))


def bind_numpy_funcs(funcs: dict) -> None:
    """Make ``NB.<name>`` the numpy function ``funcs[name]`` (the elementwise forwards)."""
    for n, f in funcs.items():
        setattr(_NumpyBackend, n, staticmethod(f))
