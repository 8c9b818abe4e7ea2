"""Tensors, graph nodes, grad mode and the differentiable operations.

A :class:`Tensor` wraps a numpy array.  An operation on tensors that require
grad records a :class:`Node` (named as torch names it: ``AddBackward0``,
``MulBackward0`` ...) holding the edges to its parents' nodes (or to the leaf
tensors themselves), the input tensors it needs, their version numbers and
the output value.  The backward pass (``_engine``) calls each node's ``bw``
(numpy arrays, fast) or, with ``create_graph=True``, its ``back`` with the
tensor backend, which records the derivative as a graph of its own.

Local derivatives of the Table 2-1 functions (and tanh, a^x, x^mu) are not
written here: they are compiled from :data:`calc.rules.REGISTRY` by
:mod:`calc.autograd._compile` when this module is imported.
"""
from __future__ import annotations

import functools
import math
import sys
import warnings
import weakref

import numpy as np
import sympy as sp

from ..rules import REGISTRY
from ..rules.base import A as _A
from ..rules.base import MU as _MU
from ..rules.base import X as _X
from ._compile import OUT as _OUT
from ._compile import compile_vjp

ndarray = np.ndarray
_new = object.__new__
_getrc = sys.getrefcount
_DEFAULT_DTYPE = np.float64

# ----------------------------------------------------------------------------- memory pool
# Large arrays (>= POOL_MIN elements) come from a pool of arrays that nothing else
# references any more.  Reusing warm memory avoids the page faults of fresh
# allocations, which dominate elementwise work on 10^6-element arrays (numpy
# asks for transparent huge pages, and a fresh 8 MB block can cost more than
# the arithmetic on it).  ``empty_cache()`` releases the pool.
POOL_MIN = 1 << 16
_pool: dict = {}
_pool_ids: set = set()
_pool_state = {"bytes": 0, "max_bytes": 1 << 30}


def _rc_free():
    lst = [np.empty(1)]
    for a in lst:
        return _getrc(a)


_RC_FREE = _rc_free()
_pool_lock = __import__("threading").Lock()


def _alloc(shape, dtype):
    """An uninitialised array: a free pooled one when large, else np.empty."""
    with _pool_lock:
        return _alloc_locked(shape, dtype)


def _alloc_locked(shape, dtype):
    key = (shape, dtype)
    lst = _pool.get(key)
    if lst is not None:
        for a in lst:
            if _getrc(a) == _RC_FREE:
                return a
    a = np.empty(shape, dtype)
    nb = a.nbytes
    if _pool_state["bytes"] + nb > _pool_state["max_bytes"]:
        _trim(nb)
    if _pool_state["bytes"] + nb <= _pool_state["max_bytes"]:
        _pool.setdefault(key, []).append(a)
        _pool_ids.add(id(a))
        _pool_state["bytes"] += nb
    return a


def _trim(need):
    """Drop free pooled arrays until ``need`` more bytes fit."""
    for key in list(_pool):
        lst = _pool[key]
        keep = []
        for a in lst:
            if _pool_state["bytes"] + need > _pool_state["max_bytes"] and _getrc(a) == _RC_FREE:
                _pool_ids.discard(id(a))
                _pool_state["bytes"] -= a.nbytes
            else:
                keep.append(a)
        if keep:
            _pool[key] = keep
        else:
            del _pool[key]


def _alloc_like(ref):
    """Scratch array shaped like ``ref`` (pooled when large)."""
    if ref.size >= POOL_MIN:
        return _alloc(ref.shape, ref.dtype)
    return np.empty_like(ref)


def _pooled(a) -> int:
    return 1 if id(a) in _pool_ids else 0


def empty_cache() -> None:
    """Release the arrays that calc.autograd keeps for reuse (like torch.cuda.empty_cache)."""
    for lst in _pool.values():
        for a in lst:
            _pool_ids.discard(id(a))
    _pool.clear()
    _pool_state["bytes"] = 0


def set_pool_limit(max_bytes: int) -> None:
    """At most ``max_bytes`` of arrays are kept for reuse (0 switches the pool off)."""
    _pool_state["max_bytes"] = int(max_bytes)
    _trim(0)


def _sin_fast(x, out=None):
    """sin x for large float64 arrays: 2t/(1 + t²) with t = tan(x/2).

    numpy's float64 sin and cos are scalar libm loops while its tan is
    vectorised; the half-angle form is 3-8x faster and accurate to a few
    ulps everywhere (no cancellation: |2t/(1+t²)| has relative condition ≤ 1 in t).
    """
    if type(x) is not ndarray or x.size < POOL_MIN or x.dtype != np.float64:
        return np.sin(x) if out is None else np.sin(x, out=out)
    if out is None or out is x:
        t = _alloc_like(x)
    else:
        t = out
    np.multiply(x, 0.5, out=t)
    np.tan(t, out=t)
    d = _alloc_like(x)
    np.square(t, out=d)
    np.add(d, 1.0, out=d)
    np.multiply(t, 2.0, out=t)
    np.divide(t, d, out=t)
    if out is x:
        np.copyto(x, t)
        return x
    return t


def _cos_fast(x, out=None):
    """cos x for large float64 arrays: (1 − t²)/(1 + t²) with t = tan(x/2).

    Near the zeros of cos the subtraction loses relative accuracy, so where
    |cos x| < 1e-2 the value is recomputed with np.cos (relative error ≤ ~1e-14
    elsewhere, 1 ulp there).
    """
    if type(x) is not ndarray or x.size < POOL_MIN or x.dtype != np.float64:
        return np.cos(x) if out is None else np.cos(x, out=out)
    t = _alloc_like(x) if (out is None or out is x) else out
    np.multiply(x, 0.5, out=t)
    np.tan(t, out=t)
    d = _alloc_like(x)
    np.square(t, out=d)
    np.subtract(1.0, d, out=t)
    np.add(d, 1.0, out=d)
    np.divide(t, d, out=t)
    np.abs(t, out=d)
    m = np.less(d, 1e-2)
    if m.any():
        t[m] = np.cos(x[m])
    if out is x:
        np.copyto(x, t)
        return x
    return t


def _binop_out(ad, bd):
    """A pooled output array for a large elementwise binary op, or None."""
    ta = type(ad) is ndarray
    tb = type(bd) is ndarray
    if ta and ad.size >= POOL_MIN:
        if not tb and isinstance(bd, (float, int)) or tb and bd.shape == ad.shape and bd.dtype == ad.dtype:
            return _alloc(ad.shape, ad.dtype if ad.dtype.kind == "f" else np.result_type(ad, bd))
        if tb and bd.ndim == 0 or tb and bd.size == 1 and bd.ndim <= ad.ndim:
            return _alloc(ad.shape, np.result_type(ad, bd))
    elif tb and bd.size >= POOL_MIN and not ta and isinstance(ad, (float, int)):
        return _alloc(bd.shape, bd.dtype if bd.dtype.kind == "f" else np.result_type(ad, bd))
    return None

# ----------------------------------------------------------------------------- grad mode
_grad_enabled = True


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()`` / ``set_grad_enabled(False)`` / ``inference_mode()``."""
    return _grad_enabled


def _set_grad(mode: bool) -> bool:
    global _grad_enabled
    prev = _grad_enabled
    _grad_enabled = bool(mode)
    return prev


class _GradModeContext:
    _mode = True

    def __enter__(self):
        self._prev = _set_grad(self._mode)
        return self

    def __exit__(self, *exc):
        _set_grad(self._prev)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with type(self)():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradModeContext):
    """Context manager (and decorator): operations record no graph.

    >>> w = tensor([1.], requires_grad=True)
    >>> with no_grad():
    ...     z = w * 2
    >>> z.requires_grad, z.grad_fn, z.is_leaf
    (False, None, True)
    """

    _mode = False


class enable_grad(_GradModeContext):
    """Context manager (and decorator): record graphs again inside ``no_grad``."""

    _mode = True


class set_grad_enabled(_GradModeContext):
    """``set_grad_enabled(False)`` switches recording off (as a call or a ``with`` block)."""

    def __init__(self, mode: bool):
        self._mode = bool(mode)
        self._prev = _set_grad(self._mode)

    def __enter__(self):
        return self

    def __call__(self, fn):  # pragma: no cover - torch allows it, rarely used
        mode = self._mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = _set_grad(mode)
            try:
                return fn(*args, **kwargs)
            finally:
                _set_grad(prev)
        return wrapper


class inference_mode(_GradModeContext):
    """Like ``no_grad()``; tensors made inside report ``is_inference() == True``."""

    def __init__(self, mode: bool = True):
        self._mode = not mode

    def __enter__(self):
        global _inference_depth
        self._prev = _set_grad(self._mode)
        _inference_depth += 1
        return self

    def __exit__(self, *exc):
        global _inference_depth
        _inference_depth -= 1
        _set_grad(self._prev)
        return False


_inference_depth = 0

# ----------------------------------------------------------------------------- messages (torch's wording)
MSG_NO_GRAD_FN = "element {i} of tensors does not require grad and does not have a grad_fn"
MSG_IMPLICIT = "grad can be implicitly created only for scalar outputs"
MSG_FREED = ("Trying to backward through the graph a second time (or directly access saved tensors after "
             "they have already been freed). Saved intermediate values of the graph are freed when you call "
             ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
             "graph a second time or if you need to access saved tensors after calling backward.")
MSG_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
MSG_VIEW_LEAF_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."
MSG_VIEW_INPLACE = ("calc.autograd does not support in-place operations on a view of a tensor that takes part "
                    "in autograd (torch rewrites the base's history; calc refuses rather than guess): write "
                    "into the base with base[index] = value, or clone() the view first.")
MSG_REQUIRES_GRAD_NONLEAF = ("you can only change requires_grad flags of leaf variables. If you want to use a "
                             "computed variable in a subgraph that doesn't require differentiation use "
                             "var_no_grad = var.detach().")
MSG_NONLEAF_GRAD = ("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
                    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
                    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
                    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
                    "github.com/pytorch/pytorch/pull/30531 for more information.")
MSG_FLOAT_ONLY = "only Tensors of floating point dtype can require gradients"


def _type_name(t) -> str:
    dt = t._data.dtype
    return {"float64": "DoubleTensor", "float32": "FloatTensor", "float16": "HalfTensor"}.get(dt.name, "Tensor")


def _version_error(t, producer, expected):
    shape = ", ".join(str(s) for s in t._data.shape)
    which = ""
    if producer is not None:
        which = f", which is output 0 of {_op_name(producer)},"
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[{_type_name(t)} [{shape}]]{which} is at version {t._vc[0]}; expected version {expected} instead. "
        "Hint: the tensor was written in place (add_, mul_, +=, x[i] = ..., or through .detach() / a view "
        "sharing its storage) after this graph saved it; recompute the graph after the write, or write into "
        "a clone().")


def _op_name(node) -> str:
    n = type(node).__name__
    for suffix in ("Backward0", "Backward1", "Backward2", "Backward4", "Backwards"):
        if n.endswith(suffix):
            return n[: -len(suffix)]
    return n


# ----------------------------------------------------------------------------- Tensor
def _fmt():
    from ._format import tensor_repr
    return tensor_repr


class Tensor:
    """A numpy array that records the operations applied to it.

    Build tensors with :func:`tensor`.  Attributes follow torch: ``grad``,
    ``requires_grad``, ``is_leaf``, ``grad_fn``, ``retains_grad``,
    ``_version``; methods ``backward``, ``detach``, ``retain_grad``,
    ``requires_grad_``, ``zero_``, ``add_``, ``mul_`` ...
    """

    __slots__ = ("_data", "_rg", "grad_fn", "_grad", "_vc", "_retains", "_base", "name", "_seq", "_accum",
                 "_infer", "__weakref__")
    __array_priority__ = 1000
    __array_ufunc__ = None  # numpy defers to Tensor's reflected operators

    def __init__(self, data, requires_grad: bool = False, dtype=None, name=None):
        t = tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)
        self._data, self._rg, self.grad_fn, self._grad, self._vc = t._data, t._rg, None, None, [0]
        self.name = t.name
        self._seq = t._seq

    # -- identity and printing
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return _fmt()(self)

    __str__ = __repr__

    def __format__(self, spec):
        if self._data.size == 1 and spec:
            return format(self.item(), spec)
        return repr(self)

    # -- autograd attributes
    @property
    def requires_grad(self) -> bool:
        return self._rg

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Make a leaf start (or stop) recording; refused on non-leaves (torch's message)."""
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(MSG_REQUIRES_GRAD_NONLEAF)
            return self
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError(MSG_FLOAT_ONLY)
        self._rg = bool(requires_grad)
        if self._rg and getattr(self, "_seq", None) is None:
            self._seq = _next_seq()
        return self

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and not getattr(self, "_retains", False):
            warnings.warn(MSG_NONLEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of {type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError("assigned grad has data of a different size")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self) -> bool:
        return bool(getattr(self, "_retains", False))

    def retain_grad(self) -> None:
        """Have backward fill ``.grad`` of this non-leaf too (a no-op on leaves)."""
        if not self._rg:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or getattr(self, "_retains", False):
            return
        self._retains = True
        fn = self.grad_fn
        if fn._retain is None:
            fn._retain = []
        fn._retain.append(weakref.ref(self))

    @property
    def _version(self) -> int:
        return self._vc[0]

    @property
    def data(self) -> "Tensor":
        """The same storage without history and with its own version counter (torch's ``.data``)."""
        t = _make(self._data)
        return t

    @data.setter
    def data(self, value):
        arr = value._data if isinstance(value, Tensor) else np.asarray(value, dtype=self._data.dtype)
        self._data = arr

    def detach(self) -> "Tensor":
        """A leaf sharing storage and version counter, with ``requires_grad=False``."""
        t = _make(self._data)
        t._vc = self._vc
        return t

    def detach_(self) -> "Tensor":
        if getattr(self, "_base", None) is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self.grad_fn = None
        self._rg = False
        return self

    def clone(self) -> "Tensor":
        return clone(self)

    def is_inference(self) -> bool:
        return bool(getattr(self, "_infer", False))

    # -- array attributes
    @property
    def shape(self) -> tuple:
        return self._data.shape

    def size(self, dim=None):
        return self._data.shape if dim is None else self._data.shape[dim]

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return self._data.size

    @property
    def dtype(self):
        return self._data.dtype

    def item(self) -> float:
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.item()

    def tolist(self):
        return self._data.tolist()

    def numpy(self) -> np.ndarray:
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data if dtype is None else self._data.astype(dtype)

    def data_ptr(self) -> int:
        return self._data.__array_interface__["data"][0]

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()))

    # -- arithmetic
    def __add__(self, o):
        return add(self, o)

    def __radd__(self, o):
        return add(o, self)

    def __sub__(self, o):
        return sub(self, o)

    def __rsub__(self, o):
        return sub(o, self)

    def __mul__(self, o):
        return mul(self, o)

    def __rmul__(self, o):
        return mul(o, self)

    def __truediv__(self, o):
        return div(self, o)

    def __rtruediv__(self, o):
        return div(o, self)

    def __pow__(self, o):
        return pow(self, o)

    def __rpow__(self, o):
        return pow(o, self)

    def __neg__(self):
        return neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return abs(self)

    def __matmul__(self, o):
        return matmul(self, o)

    def __rmatmul__(self, o):
        return matmul(o, self)

    def __getitem__(self, key):
        return getitem(self, key)

    def __setitem__(self, key, value):
        setitem(self, key, value)

    # in-place (identity kept, version bumped)
    def __iadd__(self, o):
        return self.add_(o)

    def __isub__(self, o):
        return self.sub_(o)

    def __imul__(self, o):
        return self.mul_(o)

    def __itruediv__(self, o):
        return self.div_(o)

    def add_(self, other, alpha=1):
        if alpha != 1:
            other = mul(other, alpha)
        return _inplace(self, other, add, np.add)

    def sub_(self, other, alpha=1):
        if alpha != 1:
            other = mul(other, alpha)
        return _inplace(self, other, sub, np.subtract)

    def mul_(self, other):
        return _inplace(self, other, mul, np.multiply)

    def div_(self, other):
        return _inplace(self, other, div, np.true_divide)

    def zero_(self):
        return _inplace(self, None, _zero, None)

    def fill_(self, value):
        _inplace(self, None, _zero, None)
        return self.add_(value) if value != 0 else self

    # comparisons give boolean tensors that take no part in autograd
    def __lt__(self, o):
        return _make(self._data < _raw(o))

    def __le__(self, o):
        return _make(self._data <= _raw(o))

    def __gt__(self, o):
        return _make(self._data > _raw(o))

    def __ge__(self, o):
        return _make(self._data >= _raw(o))

    def __eq__(self, o):
        return _make(self._data == _raw(o))

    def __ne__(self, o):
        return _make(self._data != _raw(o))

    # -- methods mirroring the functions
    def sum(self, dim=None, keepdim=False, axis=None):
        return sum(self, dim=dim if axis is None else axis, keepdim=keepdim)

    def mean(self, dim=None, keepdim=False, axis=None):
        return mean(self, dim=dim if axis is None else axis, keepdim=keepdim)

    def reshape(self, *shape):
        return reshape(self, shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)

    view = reshape

    def transpose(self, d0, d1):
        return transpose(self, d0, d1)

    @property
    def T(self):
        return permute(self, tuple(range(self._data.ndim))[::-1])

    def t(self):
        return transpose(self, 0, 1) if self._data.ndim == 2 else self

    def expand(self, *shape):
        return expand(self, shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape)

    def pow(self, e):
        return pow(self, e)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into each leaf's ``.grad`` (torch's ``Tensor.backward``)."""
        from ._engine import backward as _bw
        _bw([self], None if gradient is None else [gradient], retain_graph, create_graph, inputs=inputs)


for _name in ("sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "exp", "log", "sqrt",
              "abs", "relu", "sigmoid", "tanh", "neg"):
    setattr(Tensor, _name, (lambda n: lambda self: globals()[n](self))(_name))
Tensor.clamp = lambda self, min=None, max=None: clamp(self, min, max)
Tensor.maximum = lambda self, other: maximum(self, other)
Tensor.minimum = lambda self, other: minimum(self, other)
Tensor.matmul = lambda self, other: matmul(self, other)
Tensor.add = lambda self, other: add(self, other)
Tensor.sub = lambda self, other: sub(self, other)
Tensor.mul = lambda self, other: mul(self, other)
Tensor.div = lambda self, other: div(self, other)
Tensor.arcsin, Tensor.arccos, Tensor.arctan = Tensor.asin, Tensor.acos, Tensor.atan


def _make(data, rg=False, fn=None):
    t = _new(Tensor)
    if type(data) is not ndarray:
        data = np.asarray(data)
    t._data = data
    t._rg = rg
    t.grad_fn = fn
    t._grad = None
    t._vc = [0]
    if _inference_depth:
        t._infer = True
    return t


_seq_counter = [0]


def _next_seq() -> int:
    _seq_counter[0] += 1
    return _seq_counter[0]


def tensor(data, requires_grad: bool = False, dtype=None, name: str | None = None) -> Tensor:
    """A new leaf tensor (float64 unless ``dtype`` says otherwise).

    ``name`` labels the leaf in :func:`explain`, :func:`draw` and :func:`to_sympy`
    (otherwise leaves are called w0, w1, ... in order of creation).

    >>> tensor([1.], requires_grad=True)
    tensor([1.], requires_grad=True)
    >>> tensor(3)
    tensor(3.)
    """
    if isinstance(data, Tensor):
        arr = np.array(data._data, dtype=dtype if dtype is not None else data._data.dtype)
    elif (type(data) is ndarray and data.size >= POOL_MIN and data.dtype.kind == "f"
          and (dtype is None or np.dtype(dtype) == data.dtype)):
        arr = _alloc(data.shape, data.dtype)
        np.copyto(arr, data)
    else:
        if dtype is None:
            arr = np.array(data)
            if arr.dtype.kind in "iub" and arr.dtype != np.bool_ or arr.dtype.kind == "O":
                arr = arr.astype(_DEFAULT_DTYPE)
            elif arr.dtype.kind == "f" and arr.dtype not in (np.float32, np.float64):
                arr = arr.astype(_DEFAULT_DTYPE)
        else:
            arr = np.array(data, dtype=dtype)
    if requires_grad and arr.dtype.kind not in "fc":
        raise RuntimeError(MSG_FLOAT_ONLY)
    t = _make(arr, bool(requires_grad))
    t.name = name
    t._seq = _next_seq() if requires_grad else None
    return t


def as_tensor(data, dtype=None) -> Tensor:
    return data if isinstance(data, Tensor) else tensor(data, dtype=dtype)


def zeros(*shape, requires_grad=False, dtype=None):
    shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return tensor(np.zeros(shape, dtype=dtype or _DEFAULT_DTYPE), requires_grad=requires_grad)


def ones(*shape, requires_grad=False, dtype=None):
    shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return tensor(np.ones(shape, dtype=dtype or _DEFAULT_DTYPE), requires_grad=requires_grad)


def zeros_like(t, requires_grad=False):
    a = _raw(t)
    if a.size >= POOL_MIN:
        o = _alloc(a.shape, a.dtype if a.dtype.kind == "f" else _DEFAULT_DTYPE)
        o.fill(0.0)
        return tensor(o, requires_grad=requires_grad) if requires_grad else _make(o)
    return tensor(np.zeros_like(a), requires_grad=requires_grad)


def ones_like(t, requires_grad=False):
    a = _raw(t)
    if a.size >= POOL_MIN:
        o = _alloc(a.shape, a.dtype if a.dtype.kind == "f" else _DEFAULT_DTYPE)
        o.fill(1.0)
        return tensor(o, requires_grad=requires_grad) if requires_grad else _make(o)
    return tensor(np.ones_like(a), requires_grad=requires_grad)


def full(shape, value, requires_grad=False, dtype=None):
    return tensor(np.full(shape, value, dtype=dtype or _DEFAULT_DTYPE), requires_grad=requires_grad)


def eye(n, m=None, requires_grad=False, dtype=None):
    return tensor(np.eye(n, m, dtype=dtype or _DEFAULT_DTYPE), requires_grad=requires_grad)


def arange(*args, requires_grad=False, dtype=None):
    return tensor(np.arange(*args, dtype=dtype or _DEFAULT_DTYPE), requires_grad=requires_grad)


def linspace(start, stop, num, requires_grad=False, dtype=None):
    return tensor(np.linspace(start, stop, num, dtype=dtype or _DEFAULT_DTYPE), requires_grad=requires_grad)


def _raw(x):
    """An operand's value: the array of a Tensor, a float, or an array of floats."""
    if type(x) is Tensor:
        return x._data
    if isinstance(x, (float, int)):
        return x
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, np.generic):
        return x
    return np.asarray(x, dtype=_DEFAULT_DTYPE)


# ----------------------------------------------------------------------------- Node
class Node:
    """One recorded operation (torch's ``grad_fn``).

    ``next`` holds one edge per input: the input's node, the leaf tensor
    itself (torch's AccumulateGrad), or None when that input needs no
    gradient.  ``inputs`` are the input tensors (or constants), ``vers`` the
    version numbers of the input tensors when the node was recorded,
    ``value`` the output array.
    """

    __slots__ = ("next", "inputs", "vers", "value", "freed", "meta", "outvc", "outv", "_retain", "__weakref__")
    SAVED = ()          # indices of inputs whose values backward needs (checked for in-place writes)
    SAVES_OUT = False   # backward needs the output value
    RULES = ()          # rule ids cited by explain()
    FORMULA = ""        # the forward operation, in u, v (explain)
    PARTIALS = ()       # the contribution sent to each input, as text (explain)

    def __init__(self, nxt, inputs, value, vers=None):
        self.next = nxt
        self.inputs = inputs
        self.value = value
        self.vers = vers
        self.freed = False
        self._retain = None

    # torch API
    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    @property
    def next_functions(self) -> tuple:
        out = []
        for e in self.next:
            if e is None:
                out.append((None, 0))
            elif isinstance(e, Node):
                out.append((e, 0))
            else:
                acc = getattr(e, "_accum", None)
                if acc is None:
                    acc = e._accum = AccumulateGrad(e)
                out.append((acc, 0))
        return tuple(out)

    # saved-tensor bookkeeping
    def saved_indices(self):
        return self.SAVED

    @property
    def saves(self) -> bool:
        return bool(self.saved_indices()) or self.SAVES_OUT

    def check(self):
        """Raise torch's errors if the graph was freed or a saved tensor was written in place."""
        idx = self.saved_indices()
        if self.freed and (idx or self.SAVES_OUT):
            raise RuntimeError(MSG_FREED)
        if idx:
            ins, vers = self.inputs, self.vers
            for i in idx:
                t = ins[i]
                if type(t) is Tensor and t._vc[0] != vers[i]:
                    e = self.next[i] if i < len(self.next) else None
                    raise _version_error(t, e if isinstance(e, Node) else None, vers[i])
        if self.SAVES_OUT and self.outvc[0] != self.outv:
            t = _make(self.value)
            t._vc = self.outvc
            raise _version_error(t, self, self.outv)

    def out_tensor(self):
        """The output as a tensor with this node as grad_fn (for create_graph backward formulas)."""
        t = _make(self.value, True, self)
        t._vc = self.outvc if self.SAVES_OUT else [0]
        return t

    # backward: numpy fast path and the generic backend version
    def bw(self, g):
        return self.back(g, NB)

    def back(self, g, B):  # pragma: no cover - abstract
        raise NotImplementedError

    # explain / to_sympy hooks
    def rules(self) -> tuple:
        return self.RULES

    def nondiff(self) -> list:
        """Messages for the elements where the local derivative does not exist."""
        return []

    def sym(self, args):  # pragma: no cover - abstract
        raise NotImplementedError


class AccumulateGrad:
    """The node torch puts behind a leaf that requires grad (``next_functions`` shows it)."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        self.variable = variable

    def name(self):
        return "AccumulateGrad"

    def __repr__(self):
        return f"<AccumulateGrad object at {hex(id(self))}>"

    next_functions = ()


def _edge(t):
    fn = t.grad_fn
    return fn if fn is not None else t


# ----------------------------------------------------------------------------- backends
def _sum_to_np(g, shape):
    gs = g.shape
    if gs == shape:
        return g
    nd = len(gs) - len(shape)
    axes = tuple(range(nd)) + tuple(i + nd for i, s in enumerate(shape) if s == 1 and gs[i + nd] != 1)
    r = np.sum(g, axis=axes, keepdims=True) if axes else g
    if nd:
        r = r.reshape(shape)
    return r


def _np_pow(x, p):
    """x**p for a float exponent, with the cheap special cases."""
    if type(p) is ndarray:
        if p.ndim:
            return np.power(x, p)
        p = float(p)
    if type(x) is ndarray and x.size >= POOL_MIN and x.dtype.kind == "f":
        o = _alloc(x.shape, x.dtype)
        if p == 2:
            return np.square(x, out=o)
        if p == 1:
            np.copyto(o, x)
            return o
        if p == 0:
            o.fill(1.0)
            return o
        if p == 0.5:
            return np.sqrt(x, out=o)
        if p == -1:
            return np.divide(1.0, x, out=o)
        if p == 3:
            np.square(x, out=o)
            return np.multiply(o, x, out=o)
        if p == -2:
            np.square(x, out=o)
            return np.divide(1.0, o, out=o)
        return np.power(x, p, out=o)
    if p == 2:
        return np.square(x)
    if p == 1:
        return np.array(x, copy=True)
    if p == 0:
        return np.ones_like(x)
    if p == 0.5:
        return np.sqrt(x)
    if p == -1:
        return np.divide(1.0, x)
    if p == 3:
        return x * x * x
    if p == -2:
        return np.divide(1.0, np.square(x))
    return np.power(x, p)


class _NumpyBackend:
    """Backend of the first-order backward pass: plain numpy arrays."""

    add = staticmethod(np.add)
    sub = staticmethod(np.subtract)
    mul = staticmethod(np.multiply)
    div = staticmethod(np.true_divide)
    neg = staticmethod(np.negative)
    sqrt = staticmethod(np.sqrt)
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    tan = staticmethod(np.tan)
    tanh = staticmethod(np.tanh)
    asin = staticmethod(np.arcsin)
    acos = staticmethod(np.arccos)
    atan = staticmethod(np.arctan)
    pow = staticmethod(_np_pow)
    sum_to = staticmethod(_sum_to_np)
    matmul = staticmethod(np.matmul)
    where = staticmethod(np.where)

    @staticmethod
    def sec(x):
        return 1.0 / np.cos(x)

    @staticmethod
    def csc(x):
        return 1.0 / np.sin(x)

    @staticmethod
    def cot(x):
        return 1.0 / np.tan(x)

    @staticmethod
    def acot(x):
        return np.arctan(1.0 / x)

    @staticmethod
    def v(t):
        return t._data if type(t) is Tensor else t

    @staticmethod
    def out(node):
        return node.value

    @staticmethod
    def shape(a):
        return np.shape(a)

    @staticmethod
    def reshape(a, shape):
        return np.reshape(a, shape)

    @staticmethod
    def swap(a):
        return np.swapaxes(a, -1, -2)

    @staticmethod
    def expand(a, shape):
        return np.broadcast_to(a, shape)

    @staticmethod
    def getitem(a, key):
        return a[key]

    @staticmethod
    def index_put(g, key, shape, accumulate):
        z = np.zeros(shape, dtype=np.result_type(g, np.float64) if np.ndim(g) == 0 else g.dtype)
        if accumulate:
            np.add.at(z, key, g)
        else:
            z[key] = g
        return z

    @staticmethod
    def zeros_like(a):
        return np.zeros_like(a)

    @staticmethod
    def sumdim(a, axis, keepdim):
        return np.sum(a, axis=axis, keepdims=keepdim)

    @staticmethod
    def transpose(a, d0, d1):
        return np.swapaxes(a, d0, d1)

    @staticmethod
    def permute(a, axes):
        return np.transpose(a, axes)

    @staticmethod
    def unsqueeze(a, axis):
        return np.expand_dims(a, axis)


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
        gs = g.shape
        if gs == shape:
            return g
        nd = len(gs) - len(shape)
        axes = tuple(range(nd)) + tuple(i + nd for i, s in enumerate(shape) if s == 1 and gs[i + nd] != 1)
        r = sum(g, dim=axes, keepdim=True) if axes else g
        if nd:
            r = reshape(r, shape)
        return r

    @staticmethod
    def swap(a):
        return transpose(a, -1, -2)

    @staticmethod
    def index_put(g, key, shape, accumulate):
        return _index_put(g, key, shape, accumulate)

    @staticmethod
    def zeros_like(a):
        return _make(np.zeros_like(a._data if type(a) is Tensor else a))

    @staticmethod
    def sumdim(a, axis, keepdim):
        return sum(a, dim=axis, keepdim=keepdim)

    @staticmethod
    def unsqueeze(a, axis):
        return reshape(a, np.expand_dims(a._data, axis).shape)


TB = _TensorBackend()


def _finish_tb():
    for n in ("add", "sub", "mul", "div", "neg", "sqrt", "exp", "log", "sin", "cos", "tan", "cot", "sec", "csc",
              "asin", "acos", "atan", "acot", "tanh", "pow", "matmul", "where", "reshape", "expand", "getitem",
              "transpose", "permute"):
        setattr(_TensorBackend, n, staticmethod(globals()[n]))


# ----------------------------------------------------------------------------- elementwise binary ops
def _binary(Cls, a, b, out_data):
    """Attach a node for a binary op if an operand requires grad."""
    ta = type(a) is Tensor
    tb = type(b) is Tensor
    ea = (a.grad_fn or a) if ta and a._rg else None
    eb = (b.grad_fn or b) if tb and b._rg else None
    out = _make(out_data)
    if (ea is not None or eb is not None) and _grad_enabled:
        out._rg = True
        out.grad_fn = Cls((ea, eb), (a, b), out._data,
                          (a._vc[0] if ta else 0, b._vc[0] if tb else 0))
    return out


def _shape(x):
    return x._data.shape if type(x) is Tensor else np.shape(x)


class AddBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.1",)
    FORMULA = "u + v"
    PARTIALS = ("ḡ", "ḡ")

    def bw(self, g):
        a, b = self.inputs
        ea, eb = self.next
        return (None if ea is None else _sum_to_np(g, a._data.shape),
                None if eb is None else _sum_to_np(g, b._data.shape))

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
        a, b = self.inputs
        if ea is None or eb is None:
            return ("2-2.2",)
        return ("2-2.3",)

    def bw(self, g):
        a, b = self.inputs
        ea, eb = self.next
        ga = gb = None
        if ea is not None:
            bd = b._data if type(b) is Tensor else b
            o = _binop_out(g, bd) if type(g) is ndarray else None
            ga = g * bd if o is None else np.multiply(g, bd, out=o)
            if ga.shape != a._data.shape:
                ga = _sum_to_np(ga, a._data.shape)
        if eb is not None:
            ad = a._data if type(a) is Tensor else a
            o = _binop_out(g, ad) if type(g) is ndarray else None
            gb = g * ad if o is None else np.multiply(g, ad, out=o)
            if gb.shape != b._data.shape:
                gb = _sum_to_np(gb, b._data.shape)
        return ga, gb

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


def add(a, b) -> Tensor:
    """a + b (broadcasting); node AddBackward0, rule 2-2.1."""
    ad, bd = _raw(a), _raw(b)
    o = _binop_out(ad, bd)
    return _binary(AddBackward0, a, b, ad + bd if o is None else np.add(ad, bd, out=o))


def sub(a, b) -> Tensor:
    """a − b; node SubBackward0 (RsubBackward1 for number − tensor), rule 2-2.1."""
    if type(a) is not Tensor and type(b) is Tensor:
        ad, bd = _raw(a), b._data
        o = _binop_out(ad, bd)
        return _binary(RsubBackward1, a, b, ad - bd if o is None else np.subtract(ad, bd, out=o))
    ad, bd = _raw(a), _raw(b)
    o = _binop_out(ad, bd)
    return _binary(SubBackward0, a, b, ad - bd if o is None else np.subtract(ad, bd, out=o))


def mul(a, b) -> Tensor:
    """a · b; node MulBackward0, rule 2-2.3 (2-2.2 when one factor is a constant)."""
    ad, bd = _raw(a), _raw(b)
    o = _binop_out(ad, bd)
    return _binary(MulBackward0, a, b, ad * bd if o is None else np.multiply(ad, bd, out=o))


def div(a, b) -> Tensor:
    """a / b; node DivBackward0, rule 2-2.4 (2-2.2 when b is a constant)."""
    ad, bd = _raw(a), _raw(b)
    o = _binop_out(ad, bd)
    return _binary(DivBackward0, a, b, np.true_divide(ad, bd) if o is None else np.true_divide(ad, bd, out=o))


# ----------------------------------------------------------------------------- unary ops from the rule registry
_RULE_NS = {"np": np, "_pow": _np_pow, "math": math, "_A": _alloc_like, "_sin": _sin_fast, "_cos": _cos_fast}


class _Unary(Node):
    """A one-argument function whose derivative comes from a compiled registry rule."""

    __slots__ = ()
    SAVED = (0,)
    FWD = None
    VJP_NP = None       # (g, x[, out]) -> g * f'(x), numpy, in place on its own temporaries
    VJP_PLAIN = None    # (B, g, x[, out]) -> g * f'(x), any backend
    USES_X = True
    USES_OUT = False
    SYMPY = None
    RULE_ID = ""
    PARTIALS = ("ḡ·f′(u)",)

    def bw(self, g):
        x = self.inputs[0]._data
        if self.USES_OUT:
            if self.USES_X:
                f = self.VJP_NP if x.ndim else self.VJP_PLAIN0
                return (f(g, x, self.value),)
            return ((self.VJP_NP if x.ndim else self.VJP_PLAIN0)(g, self.value),)
        return ((self.VJP_NP if x.ndim else self.VJP_PLAIN0)(g, x),)

    def back(self, g, B):
        args = []
        if self.USES_X:
            args.append(B.v(self.inputs[0]))
        if self.USES_OUT:
            args.append(B.out(self))
        return (type(self).VJP_PLAIN(B, g, *args),)

    def rules(self):
        return (self.RULE_ID, "2-2.5")

    def sym(self, args):
        return _vec(self.SYMPY)(args[0])


def _vec(fn):
    return np.frompyfunc(fn, 1, 1)


def _unary_op(Cls, x):
    if type(x) is not Tensor:
        x = tensor(x)
    xd = x._data
    if xd.size >= POOL_MIN and xd.dtype.kind == "f":
        out = _make(Cls.FWD(xd, _alloc(xd.shape, xd.dtype)))
    else:
        out = _make(Cls.FWD(xd))
    if x._rg and _grad_enabled:
        out._rg = True
        n = out.grad_fn = Cls((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
        if Cls.SAVES_OUT:
            n.outvc = out._vc
            n.outv = 0
    return out


def _acot_np(x, out=None):
    with np.errstate(divide="ignore"):
        r = np.true_divide(1.0, x, out=out)
    return np.arctan(r, out=r) if type(r) is ndarray else np.arctan(r)


def _recip(f):
    def g(x, out=None):
        r = f(x, out=out)
        with np.errstate(divide="ignore"):
            return np.true_divide(1.0, r, out=r) if type(r) is ndarray else np.true_divide(1.0, r)
    return g


def _sigmoid_np(x, out=None):
    # 1/(1+e^-x) without overflow warnings for large |x|
    if out is None:
        with np.errstate(over="ignore"):
            return np.true_divide(1.0, 1.0 + np.exp(np.negative(x)))
    r = np.negative(x, out=out)
    with np.errstate(over="ignore"):
        np.exp(r, out=r)
    np.add(r, 1.0, out=r)
    return np.true_divide(1.0, r, out=r)


# name, torch node name, rule id, numpy forward, sympy function, derivative (in X / OUT), node saves
_UNARY_TABLE = [
    ("sin", "SinBackward0", "2-1.3", _sin_fast, sp.sin),
    ("cos", "CosBackward0", "2-1.4", _cos_fast, sp.cos),
    ("tan", "TanBackward0", "2-1.5", np.tan, sp.tan),
    ("cot", "CotBackward0", "2-1.6", _recip(np.tan), sp.cot),
    ("sec", "SecBackward0", "2-1.7", _recip(_cos_fast), sp.sec),
    ("csc", "CscBackward0", "2-1.8", _recip(_sin_fast), sp.csc),
    ("exp", "ExpBackward0", "2-1.10", np.exp, sp.exp),
    ("log", "LogBackward0", "2-1.12", np.log, sp.log),
    ("asin", "AsinBackward0", "2-1.13", np.arcsin, sp.asin),
    ("acos", "AcosBackward0", "2-1.14", np.arccos, sp.acos),
    ("atan", "AtanBackward0", "2-1.15", np.arctan, sp.atan),
    ("acot", "AcotBackward0", "2-1.16", _acot_np, sp.acot),
    ("sqrt", "SqrtBackward0", "2-1.2", np.sqrt, sp.sqrt),
    ("tanh", "TanhBackward0", "extra.tanh", np.tanh, sp.tanh),
    ("sigmoid", "SigmoidBackward0", "", _sigmoid_np, lambda u: 1 / (1 + sp.exp(-u))),
]

#: op name -> the sympy derivative (in the rule's x, with ``out`` standing for
#: the node's output) that its backward was compiled from
DERIVATIVES: dict[str, sp.Expr] = {}
#: op name -> the node class
UNARY_NODES: dict[str, type] = {}


def _rule_derivative(name, rid, fsym):
    """The formula f'(x) from the registry, with f(x) itself replaced by ``out``."""
    if name == "sqrt":
        d = REGISTRY["2-1.2"].derivative.xreplace({_MU: sp.Rational(1, 2)})
    elif name == "sigmoid":
        # not a registry row: sigma = 1/(1 + e^-x) by rules 2-2.4, 2-1.10, 2-2.5; sigma' = sigma (1 - sigma)
        # (the test suite checks this equals calc.diff of the definition)
        d = _OUT * (1 - _OUT)
        return d
    else:
        d = REGISTRY[rid].derivative
    f = fsym(_X)
    if name in ("exp", "sqrt", "tanh"):
        d = sp.simplify(d.subs(f, _OUT)) if name == "sqrt" else d.subs(f, _OUT)
    return d


def _make_unary_nodes():
    mod = globals()
    for name, node_name, rid, fwd, fsym in _UNARY_TABLE:
        d = _rule_derivative(name, rid, fsym)
        uses_x = _X in d.free_symbols
        uses_out = _OUT in d.free_symbols
        arrays = {}
        if uses_x:
            arrays[_X] = "x"
        if uses_out:
            arrays[_OUT] = "out"
        f_np, f_plain = compile_vjp(name, d, arrays, {}, _RULE_NS)
        plain0 = (lambda fp: lambda g, *a: fp(NB, g, *a))(f_plain)
        rules = (rid,) if rid else ("2-2.4", "2-1.10")
        _u = sp.Symbol("u")
        shown = sp.sstr(d.xreplace({_X: _u, _OUT: sp.Symbol(f"{name}(u)")}))
        cls = type(node_name, (_Unary,), {
            "PARTIALS": (f"ḡ·({shown})",),
            "__slots__": (), "FWD": staticmethod(fwd), "VJP_NP": staticmethod(f_np),
            "VJP_PLAIN": staticmethod(f_plain), "VJP_PLAIN0": staticmethod(plain0),
            "USES_X": uses_x, "USES_OUT": uses_out, "SAVED": (0,) if uses_x else (),
            "SAVES_OUT": uses_out, "SYMPY": staticmethod(fsym), "RULE_ID": rid or "2-2.4",
            "FORMULA": f"{name}(u)", "__module__": __name__,
            "rules": (lambda r: lambda self: r + ("2-2.5",))(rules),
            "__doc__": f"Backward of {name}: ḡ·({sp.sstr(d)}), compiled from rule {rid or 'sigma′ = sigma(1 − sigma)'}.",
        })
        DERIVATIVES[name] = d
        UNARY_NODES[name] = cls
        mod[node_name] = cls

        def op(x, _cls=cls):
            return _unary_op(_cls, x)
        op.__name__ = name
        op.__qualname__ = name
        op.__doc__ = (f"{name}(x) elementwise; node {node_name}, local derivative {sp.sstr(d)} "
                      f"({'rule ' + rid if rid else 'σ′ = σ(1 − σ)'}).")
        mod[name] = op


_make_unary_nodes()


def _flag_domain(node, cond_np, what):
    x = node.inputs[0]._data
    with np.errstate(all="ignore"):
        bad = ~cond_np(x)
    if np.any(bad):
        return [f"{what} at u = {_points(x, bad)}"]
    return []


def _points(x, mask, limit=4) -> str:
    vals = np.atleast_1d(np.asarray(x))[np.atleast_1d(mask)] if np.ndim(x) else np.asarray([x])
    vals = list(dict.fromkeys(float(v) for v in vals.ravel()))
    s = ", ".join(f"{v:g}" for v in vals[:limit])
    return s + (", ..." if len(vals) > limit else "")


def _nd_sqrt(self):
    return _flag_domain(self, lambda x: x > 0, "√u has no derivative (vertical tangent, torch gives inf)") \
        if np.any(self.inputs[0]._data == 0) else _flag_domain(self, lambda x: x >= 0, "√u undefined (u < 0)")


def _nd_log(self):
    return _flag_domain(self, lambda x: x > 0, "ln u is not differentiable outside u > 0 (2-1.12: x > 0)")


def _nd_asin(self):
    return _flag_domain(self, lambda x: np.abs(x) < 1,
                        "the derivative of arcsin/arccos does not exist for |u| ≥ 1 (2-1.13/14: −1 < x < 1)")


def _nd_tan(self):
    return _flag_domain(self, lambda x: np.isfinite(self.value), "not defined (pole)")


def _nd_cotcsc(self):
    return _flag_domain(self, lambda x: np.sin(x) != 0, "not defined at sin u = 0 (pole)")


def _nd_acot(self):
    return _flag_domain(self, lambda x: x != 0,
                        "arccot jumps at u = 0 in its principal branch (−π/2, π/2]: left and right limits differ")


for _n, _f in (("sqrt", _nd_sqrt), ("log", _nd_log), ("asin", _nd_asin), ("acos", _nd_asin), ("tan", _nd_tan),
               ("sec", _nd_tan), ("cot", _nd_cotcsc), ("csc", _nd_cotcsc), ("acot", _nd_acot)):
    UNARY_NODES[_n].nondiff = _f

# ----------------------------------------------------------------------------- powers (2-1.2, 2-1.9, extra.uv)
_POW_D = REGISTRY["2-1.2"].derivative                         # mu x^(mu-1)
_EXPA_D = REGISTRY["2-1.9"].derivative.subs(_A ** _X, _OUT)  # a^x ln a, with a^x = out
_pow_np, _pow_plain = compile_vjp("pow", _POW_D, {_X: "x"}, {_MU: "mu"}, _RULE_NS)
_expa_np, _expa_plain = compile_vjp("expa", _EXPA_D, {_OUT: "out"}, {_A: "a"}, _RULE_NS)
DERIVATIVES["pow"] = _POW_D
DERIVATIVES["rpow"] = _EXPA_D


class PowBackward0(Node):
    """x ** c for a constant c: ḡ·c·x^(c−1) (rule 2-1.2)."""

    __slots__ = ()
    SAVED = (0,)
    FORMULA = "u^c"
    PARTIALS = ("ḡ·c·u^(c−1)",)

    def bw(self, g):
        x = self.inputs[0]._data
        mu = self.meta
        if mu == 0:
            return (np.zeros_like(x) * g,)
        if x.ndim:
            return (_pow_np(g, x, mu),)
        return (_pow_plain(NB, g, x, mu),)

    def back(self, g, B):
        mu = self.meta
        x = B.v(self.inputs[0])
        if mu == 0:
            return (B.mul(g, 0.0),)
        return (_pow_plain(B, g, x, mu),)

    def rules(self):
        return ("2-1.2", "2-2.5")

    def nondiff(self):
        mu = self.meta
        x = self.inputs[0]._data
        out = []
        if mu != int(mu):
            if 0 < mu < 1 and np.any(x == 0):
                out.append(f"u^{mu:g} has no derivative at u = 0 (cusp / vertical tangent; torch gives inf)")
            if np.any(x < 0):
                out.append(f"u^{mu:g} is not real for u < 0 (numpy and torch give nan; calc.derivative uses "
                           f"the real odd root where one exists)")
        elif mu < 0 and np.any(x == 0):
            out.append(f"u^{mu:g} is not defined at u = 0")
        return out

    def sym(self, args):
        return _vec(lambda u: u ** _const_sym(self.meta))(args[0])


class PowBackward2(Node):
    """c ** x for a constant c > 0: ḡ·c^x·ln c (rule 2-1.9)."""

    __slots__ = ()
    SAVES_OUT = True
    FORMULA = "c^u"
    PARTIALS = ("ḡ·c^u·ln c",)

    def bw(self, g):
        out = self.value
        return ((_expa_np if out.ndim else lambda g, o, a: _expa_plain(NB, g, o, a))(g, out, self.meta),)

    def back(self, g, B):
        return (_expa_plain(B, g, B.out(self), self.meta),)

    def rules(self):
        return ("2-1.10" if self.meta == math.e else "2-1.9", "2-2.5")

    def sym(self, args):
        c = sp.E if self.meta == math.e else _const_sym(self.meta)
        return _vec(lambda u: c ** u)(args[0])


class PowBackward1(Node):
    """u ** v with both tensors: ḡ·v·u^(v−1) and ḡ·u^v·ln u (rule extra.uv, torch's masking at u = 0)."""

    __slots__ = ()
    SAVED = (0, 1)
    SAVES_OUT = True
    FORMULA = "u^v"
    PARTIALS = ("ḡ·v·u^(v−1)", "ḡ·u^v·ln u")
    RULES = ("extra.uv",)

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        av, bv = B.v(a), B.v(b)
        ga = gb = None
        if ea is not None:
            ad, bd = _raw(a), _raw(b)
            zero = np.asarray(bd == 0)
            e = B.sub(bv, 1.0)
            t = B.mul(B.mul(g, bv), B.pow(av, e))
            if np.any(zero):
                t = B.where(~zero, t, 0.0)
            ga = B.sum_to(t, _shape(a))
        if eb is not None:
            ad, bd = _raw(a), _raw(b)
            mask = np.asarray((ad == 0) & (bd >= 0))
            with np.errstate(all="ignore"):
                t = B.mul(B.mul(g, B.out(self)), B.log(av))
            if np.any(mask):
                t = B.where(~mask, t, 0.0)
            gb = B.sum_to(t, _shape(b))
        return ga, gb

    def bw(self, g):
        with np.errstate(all="ignore"):
            return self.back(g, NB)

    def nondiff(self):
        a = _raw(self.inputs[0])
        if np.any(np.asarray(a) <= 0):
            return ["u^v = e^(v ln u) needs u > 0 (extra.uv)"]
        return []

    def sym(self, args):
        return args[0] ** args[1]


def pow(a, b) -> Tensor:  # noqa: A001 - torch's name
    """a ** b: PowBackward0 (tensor ** number, rule 2-1.2), PowBackward2 (number ** tensor,
    rule 2-1.9 / 2-1.10) or PowBackward1 (tensor ** tensor, rule extra.uv)."""
    ta, tb = type(a) is Tensor, type(b) is Tensor
    if ta and not tb and np.ndim(b) == 0:
        mu = float(b)
        x = a._data
        out = _make(_np_pow(x, mu))
        if a._rg and _grad_enabled:
            out._rg = True
            n = out.grad_fn = PowBackward0((a.grad_fn or a,), (a,), out._data, (a._vc[0],))
            n.meta = mu
        return out
    if tb and not ta and np.ndim(a) == 0:
        c = float(a)
        x = b._data
        with np.errstate(over="ignore"):
            out = _make(np.exp(x) if c == math.e else np.power(c, x))
        if b._rg and _grad_enabled:
            out._rg = True
            n = out.grad_fn = PowBackward2((b.grad_fn or b,), (b,), out._data, (b._vc[0],))
            n.meta = c
            n.outvc, n.outv = out._vc, 0
        return out
    ad, bd = _raw(a), _raw(b)
    with np.errstate(invalid="ignore"):
        out = _binary(PowBackward1, a, b, np.power(ad, bd))
    if out.grad_fn is not None:
        out.grad_fn.outvc, out.grad_fn.outv = out._vc, 0
    return out


def neg(x) -> Tensor:
    """−x; node NegBackward0, rule 2-2.2 with C = −1."""
    x = x if type(x) is Tensor else tensor(x)
    xd = x._data
    out = _make(np.negative(xd) if xd.size < POOL_MIN else np.negative(xd, out=_alloc_like(xd)))
    if x._rg and _grad_enabled:
        out._rg = True
        out.grad_fn = NegBackward0((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
    return out


class NegBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.2",)
    FORMULA = "−u"
    PARTIALS = ("−ḡ",)

    def bw(self, g):
        if type(g) is ndarray and g.size >= POOL_MIN:
            return (np.negative(g, out=_alloc_like(g)),)
        return (np.negative(g),)

    def back(self, g, B):
        return (B.neg(g),)

    def sym(self, args):
        return -args[0]


def _const_sym(v):
    """A float as a sympy number: integers and short decimals exactly, others as Float."""
    v = float(v)
    if not math.isfinite(v):
        return sp.nan if math.isnan(v) else (sp.oo if v > 0 else -sp.oo)
    if v == int(v) and math.fabs(v) < 2 ** 53:
        return sp.Integer(int(v))
    r = repr(v)
    if "e" not in r and len(r.replace("-", "").replace(".", "").lstrip("0")) <= 6:
        return sp.Rational(r)
    return sp.Float(v, 17)


# ----------------------------------------------------------------------------- non-smooth ops (torch's conventions)
class AbsBackward0(Node):
    """|u|: ḡ·sign(u) (extra.abs, u/|u|; torch's convention 0 at u = 0)."""

    __slots__ = ()
    SAVED = (0,)
    RULES = ("extra.abs", "2-2.5")
    FORMULA = "|u|"
    PARTIALS = ("ḡ·sign(u)",)

    def back(self, g, B):
        return (B.mul(g, np.sign(_raw(self.inputs[0]))),)

    def nondiff(self):
        x = self.inputs[0]._data
        z = x == 0
        return ["|u| has a corner at u = 0 (f′₋ = −1, f′₊ = 1); torch's convention: 0"] if np.any(z) else []

    def sym(self, args):
        return _vec(sp.Abs)(args[0])


def abs(x) -> Tensor:  # noqa: A001
    """|x|; node AbsBackward0, rule extra.abs (gradient 0 at x = 0, as torch)."""
    return _unary_op(AbsBackward0, x)


AbsBackward0.FWD = staticmethod(np.abs)


class ReluBackward0(Node):
    """max(u, 0): ḡ where out > 0 (extra.max; torch's convention 0 at u = 0)."""

    __slots__ = ()
    SAVES_OUT = True
    RULES = ("extra.max", "2-2.5")
    FORMULA = "max(u, 0)"
    PARTIALS = ("ḡ·[u > 0]",)
    FWD = staticmethod(lambda x: np.maximum(x, 0.0))

    def bw(self, g):
        return (g * (self.value > 0),)

    def back(self, g, B):
        return (B.mul(g, (self.value > 0).astype(self.value.dtype)),)

    def nondiff(self):
        x = self.inputs[0]._data
        return ["relu = max(u, 0) has a corner at u = 0 (f′₋ = 0, f′₊ = 1); torch's convention: 0"] \
            if np.any(x == 0) else []

    def sym(self, args):
        return _vec(lambda u: sp.Max(u, 0))(args[0])


def relu(x) -> Tensor:
    """max(x, 0); node ReluBackward0, rule extra.max (gradient 0 at x = 0, as torch)."""
    x = x if type(x) is Tensor else tensor(x)
    out = _make(np.maximum(x._data, 0.0))
    if x._rg and _grad_enabled:
        out._rg = True
        n = out.grad_fn = ReluBackward0((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
        n.outvc, n.outv = out._vc, 0
    return out


class MaximumBackward0(Node):
    """max(u, v): ḡ to the larger, ḡ/2 to each at a tie (torch; extra.max)."""

    __slots__ = ()
    SAVED = (0, 1)
    RULES = ("extra.max",)
    FORMULA = "max(u, v)"
    PARTIALS = ("ḡ·[u > v] (½ at a tie)", "ḡ·[v > u] (½ at a tie)")
    SIGN = 1

    def _weights(self):
        a, b = _raw(self.inputs[0]), _raw(self.inputs[1])
        if self.SIGN < 0:
            a, b = b, a
        w = np.where(a > b, 1.0, np.where(a == b, 0.5, 0.0))
        return w

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        w = self._weights()
        return (None if ea is None else B.sum_to(B.mul(g, w), _shape(a)),
                None if eb is None else B.sum_to(B.mul(g, 1.0 - w), _shape(b)))

    def nondiff(self):
        a, b = _raw(self.inputs[0]), _raw(self.inputs[1])
        tie = np.asarray(a == b)
        if np.any(tie):
            f = "max" if self.SIGN > 0 else "min"
            return [f"{f}(u, v) at a tie u = v = {_points(np.broadcast_to(a, tie.shape), tie)}: not differentiable "
                    f"(one-sided derivatives u′ and v′); torch's convention: ḡ/2 to each"]
        return []

    def sym(self, args):
        f = sp.Max if self.SIGN > 0 else sp.Min
        return np.frompyfunc(f, 2, 1)(args[0], args[1])


class MinimumBackward0(MaximumBackward0):
    __slots__ = ()
    SIGN = -1
    RULES = ("extra.min",)
    FORMULA = "min(u, v)"
    PARTIALS = ("ḡ·[u < v] (½ at a tie)", "ḡ·[v < u] (½ at a tie)")


def maximum(a, b) -> Tensor:
    """Elementwise max; node MaximumBackward0 (ties split ḡ/2 each, as torch)."""
    return _binary(MaximumBackward0, a, b, np.maximum(_raw(a), _raw(b)))


def minimum(a, b) -> Tensor:
    """Elementwise min; node MinimumBackward0 (ties split ḡ/2 each, as torch)."""
    return _binary(MinimumBackward0, a, b, np.minimum(_raw(a), _raw(b)))


class ClampBackward1(Node):
    """clamp(u, lo, hi) with number bounds: ḡ where lo ≤ u ≤ hi (bounds count as inside, as torch)."""

    __slots__ = ()
    SAVED = (0,)
    RULES = ("extra.max", "extra.min", "2-2.5")
    FORMULA = "min(max(u, lo), hi)"
    PARTIALS = ("ḡ·[lo ≤ u ≤ hi]",)

    def _mask(self):
        x = self.inputs[0]._data
        lo, hi = self.meta
        m = np.ones(x.shape, dtype=bool)
        if lo is not None:
            m &= x >= lo
        if hi is not None:
            m &= x <= hi
        return m

    def back(self, g, B):
        return (B.mul(g, self._mask().astype(self.value.dtype)),)

    def nondiff(self):
        x = self.inputs[0]._data
        lo, hi = self.meta
        hit = np.zeros(x.shape, dtype=bool)
        if lo is not None:
            hit |= x == lo
        if hi is not None:
            hit |= x == hi
        if np.any(hit):
            return [f"clamp has a corner at a bound u = {_points(x, hit)} (one-sided derivatives 0 and 1); "
                    f"torch's convention: 1"]
        return []

    def sym(self, args):
        lo, hi = self.meta

        def f(u):
            if lo is not None:
                u = sp.Max(u, _const_sym(lo))
            if hi is not None:
                u = sp.Min(u, _const_sym(hi))
            return u
        return _vec(f)(args[0])


class ClampBackward0(Node):
    """clamp(u, lo, hi) with tensor bounds: ḡ to u where lo ≤ u ≤ hi, to lo where u < lo, to hi where u > hi."""

    __slots__ = ()
    SAVED = (0, 1, 2)
    RULES = ("extra.max", "extra.min")
    FORMULA = "min(max(u, lo), hi)"
    PARTIALS = ("ḡ·[lo ≤ u ≤ hi]", "ḡ·[u < lo]", "ḡ·[u > hi]")

    def back(self, g, B):
        x, lo, hi = (_raw(t) if t is not None else None for t in self.inputs)
        shape = self.value.shape
        inside = np.ones(shape, dtype=bool)
        below = np.zeros(shape, dtype=bool)
        above = np.zeros(shape, dtype=bool)
        if lo is not None:
            inside &= x >= lo
            below = np.broadcast_to(x < lo, shape)
        if hi is not None:
            inside &= x <= hi
            above = np.broadcast_to(x > hi, shape) & ~below
        dt = self.value.dtype
        res = []
        for i, m in enumerate((inside, below, above)):
            if self.next[i] is None:
                res.append(None)
            else:
                res.append(B.sum_to(B.mul(g, m.astype(dt)), _shape(self.inputs[i])))
        return tuple(res)

    def nondiff(self):
        x, lo, hi = (_raw(t) if t is not None else None for t in self.inputs)
        hit = np.zeros(self.value.shape, dtype=bool)
        if lo is not None:
            hit |= np.broadcast_to(x == lo, hit.shape)
        if hi is not None:
            hit |= np.broadcast_to(x == hi, hit.shape)
        return ["clamp at a bound u = lo or u = hi: not differentiable; torch's convention: ḡ to u, 0 to the bound"] \
            if np.any(hit) else []

    def sym(self, args):
        u, lo, hi = args

        def f(u, lo, hi):
            if lo is not None:
                u = sp.Max(u, lo)
            if hi is not None:
                u = sp.Min(u, hi)
            return u
        return np.frompyfunc(f, 3, 1)(u, lo if lo is not None else None, hi if hi is not None else None)


def clamp(x, min=None, max=None) -> Tensor:  # noqa: A002
    """min(max(x, min), max): ClampBackward1 (number bounds) or ClampBackward0 (tensor bounds)."""
    x = x if type(x) is Tensor else tensor(x)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if type(min) is not Tensor and type(max) is not Tensor:
        d = x._data
        if min is not None:
            d = np.maximum(d, min)
        if max is not None:
            d = np.minimum(d, max)
        if d is x._data:
            d = d.copy()
        out = _make(d)
        if x._rg and _grad_enabled:
            out._rg = True
            n = out.grad_fn = ClampBackward1((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
            n.meta = (min, max)
        return out
    ins = (x, min, max)
    d = x._data
    if min is not None:
        d = np.maximum(d, _raw(min))
    if max is not None:
        d = np.minimum(d, _raw(max))
    out = _make(np.array(d, copy=True))
    edges = tuple((t.grad_fn or t) if type(t) is Tensor and t._rg else None for t in ins)
    if _grad_enabled and any(e is not None for e in edges):
        out._rg = True
        out.grad_fn = ClampBackward0(edges, ins, out._data,
                                     tuple(t._vc[0] if type(t) is Tensor else 0 for t in ins))
    return out


class WhereBackward0(Node):
    """where(c, u, v): ḡ to u where c, to v elsewhere (extra.piecewise)."""

    __slots__ = ()
    SAVED = ()
    RULES = ("extra.piecewise",)
    FORMULA = "u if c else v"
    PARTIALS = ("ḡ·[c]", "ḡ·[not c]")

    def back(self, g, B):
        a, b = self.inputs
        ea, eb = self.next
        c = self.meta
        return (None if ea is None else B.sum_to(B.where(c, g, 0.0), _shape(a)),
                None if eb is None else B.sum_to(B.where(c, 0.0, g), _shape(b)))

    def sym(self, args):
        return np.where(self.meta, args[0], args[1])


def where(condition, a, b) -> Tensor:
    """a where condition holds, else b; node WhereBackward0 (the condition is a constant)."""
    c = condition._data if type(condition) is Tensor else np.asarray(condition)
    c = c.astype(bool, copy=False)
    out = _binary(WhereBackward0, a, b, np.where(c, _raw(a), _raw(b)))
    if out.grad_fn is not None:
        out.grad_fn.meta = c
    return out


# ----------------------------------------------------------------------------- reductions, shape ops, matmul
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


class MeanBackward0(Node):
    __slots__ = ()
    RULES = ("2-2.1", "2-2.2")
    FORMULA = "(Σ u)/n"
    PARTIALS = ("ḡ/n (to every element)",)

    def back(self, g, B):
        x = self.inputs[0]
        dim, keep = self.meta
        shape = _shape(x)
        n = int(np.prod([shape[d] for d in dim])) if dim is not None else int(np.prod(shape))
        (gx,) = SumBackward0.back(self, g, B)
        return (B.div(gx, float(n)),)

    def sym(self, args):
        dim, keep = self.meta
        a = args[0]
        shape = a.shape
        n = int(np.prod([shape[d] for d in dim])) if dim is not None else int(np.prod(shape))
        r = np.sum(a, axis=dim, keepdims=keep) if dim is not None else np.sum(a)
        return np.asarray(r, dtype=object) / n


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
    out = _make(fn(x._data, axis=dims, keepdims=keepdim) if dims is not None else fn(x._data))
    if x._rg and _grad_enabled:
        out._rg = True
        n = out.grad_fn = (Cls0 if dims is None else Cls1)((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
        n.meta = (dims, keepdim)
    return out


def sum(x, dim=None, keepdim=False) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim``; node SumBackward0 / SumBackward1 (rule 2-2.1)."""
    return _reduce(x, dim, keepdim, SumBackward0, SumBackward1, np.sum)


def mean(x, dim=None, keepdim=False) -> Tensor:
    """Mean of all elements, or over ``dim``; node MeanBackward0 / MeanBackward1 (rules 2-2.1, 2-2.2)."""
    return _reduce(x, dim, keepdim, MeanBackward0, MeanBackward1, np.mean)


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

    def bw(self, g):
        return (g,)

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
    if x._rg and _grad_enabled:
        out._rg = True
        n = out.grad_fn = Cls((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
        n.meta = meta
    return out


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
    return _binary(Cls, a, b, np.matmul(_raw(a), _raw(b)))


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
    if _grad_enabled and any(e is not None for e in edges):
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


# -- indexing
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


def _index_put(g, key, shape, accumulate):
    gd = _raw(g)
    z = np.zeros(shape, dtype=gd.dtype if np.ndim(gd) else np.float64)
    if accumulate:
        np.add.at(z, key, gd)
    else:
        z[key] = gd
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
    if type(d) is not ndarray:
        d = np.asarray(d)
        view = False
    out = _make(d)
    if view:
        out._vc = x._vc
        xb = getattr(x, "_base", None)
        out._base = xb if xb is not None else x
    if x._rg and _grad_enabled:
        out._rg = True
        n = out.grad_fn = Cls((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
        n.meta = ((k, advanced) if Cls is not AliasBackward0 else None)
        if Cls is AliasBackward0:
            n.meta = None
    return out


AliasBackward0.back = lambda self, g, B: (g,)


# ----------------------------------------------------------------------------- in-place operations
def _inplace_guard(t, other_rg):
    """Refuse what torch refuses; tell whether the op must be recorded."""
    if not _grad_enabled:
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
    out = _make(np.zeros_like(t._data))
    if t._rg and _grad_enabled:
        out._rg = True
        out.grad_fn = ZeroBackward0((t.grad_fn or t,), (t,), out._data, (t._vc[0],))
    return out


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
    if _grad_enabled and t.grad_fn is None and t._rg:
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


_finish_tb()
