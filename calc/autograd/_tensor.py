"""The Tensor class and the factories (tensor, zeros, ones, full, eye, arange, linspace ...).

A :class:`Tensor` wraps a numpy array.  An operation on tensors that require
grad records a node (:mod:`calc.autograd._node`) as the result's ``grad_fn``.
The arithmetic operators and the methods that mirror the functions
(``x.sin()``, ``x.sum()``, ``x + y`` ...) are bound by :func:`bind_methods`
once every operation module is loaded (the operations import this module).
"""
from __future__ import annotations

import itertools
import warnings
import weakref

import numpy as np

from ._gradmode import ANY_INFERENCE, MODE
from ._messages import MSG_FLOAT_ONLY, MSG_NONLEAF_GRAD, MSG_REQUIRES_GRAD_NONLEAF
from ._pool import POOL_MIN, _alloc

ndarray = np.ndarray
_new = object.__new__
_DEFAULT_DTYPE = np.float64


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

    def fill_(self, value):
        self.zero_()
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

    @property
    def T(self):
        return self.permute(tuple(range(self._data.ndim))[::-1])

    def t(self):
        return self.transpose(0, 1) if self._data.ndim == 2 else self

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into each leaf's ``.grad`` (torch's ``Tensor.backward``)."""
        from ._engine import backward as _bw
        _bw([self], None if gradient is None else [gradient], retain_graph, create_graph, inputs=inputs)


def _make(data, rg=False, fn=None):
    t = _new(Tensor)
    if type(data) is not ndarray:
        data = np.asarray(data)
    t._data = data
    t._rg = rg
    t.grad_fn = fn
    t._grad = None
    t._vc = [0]
    if ANY_INFERENCE[0] and MODE.inference:
        t._infer = True
    return t


_next_seq = itertools.count(1).__next__   # leaf numbers w1, w2, ... (thread-safe in CPython)


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


def _filled_like(t, value, requires_grad):
    a = _raw(t)
    if a.size >= POOL_MIN:
        o = _alloc(a.shape, a.dtype if a.dtype.kind == "f" else _DEFAULT_DTYPE)
        o.fill(value)
        return tensor(o, requires_grad=requires_grad) if requires_grad else _make(o)
    return tensor(np.full_like(a, value), requires_grad=requires_grad)


def zeros_like(t, requires_grad=False):
    return _filled_like(t, 0.0, requires_grad)


def ones_like(t, requires_grad=False):
    return _filled_like(t, 1.0, requires_grad)


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


# method name -> (function name, how the method calls it)
_UNARY_METHODS = ("sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "exp", "log", "sqrt",
                  "abs", "relu", "sigmoid", "tanh", "neg", "clone")
_BINARY_METHODS = {"__add__": "add", "__sub__": "sub", "__mul__": "mul", "__truediv__": "div", "__pow__": "pow",
                   "__matmul__": "matmul", "add": "add", "sub": "sub", "mul": "mul", "div": "div", "pow": "pow",
                   "matmul": "matmul", "maximum": "maximum", "minimum": "minimum", "__getitem__": "getitem"}
_REFLECTED = {"__radd__": "add", "__rsub__": "sub", "__rmul__": "mul", "__rtruediv__": "div", "__rpow__": "pow",
              "__rmatmul__": "matmul"}
_INPLACE = {"add_": ("add", "add"), "sub_": ("sub", "subtract"), "mul_": ("mul", "multiply"),
            "div_": ("div", "true_divide")}


def _shape_arg(shape):
    return shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


def bind_methods(ns: dict) -> None:
    """Give Tensor its operators and methods, from the functions in ``ns`` (name -> function)."""
    T = Tensor
    for name in _UNARY_METHODS:
        setattr(T, name, (lambda f: lambda self: f(self))(ns[name]))
    for meth, name in _BINARY_METHODS.items():
        setattr(T, meth, (lambda f: lambda self, o: f(self, o))(ns[name]))
    for meth, name in _REFLECTED.items():
        setattr(T, meth, (lambda f: lambda self, o: f(o, self))(ns[name]))
    inplace = ns["_inplace"]
    mul = ns["mul"]
    for meth, (name, npname) in _INPLACE.items():
        def method(self, other, alpha=1, _op=ns[name], _np=getattr(np, npname)):
            if alpha != 1:
                other = mul(other, alpha)
            return inplace(self, other, _op, _np)
        method.__name__ = meth
        setattr(T, meth, method)
    T.__iadd__, T.__isub__, T.__imul__, T.__itruediv__ = T.add_, T.sub_, T.mul_, T.div_
    T.__neg__, T.__abs__ = T.neg, T.abs
    T.__pos__ = lambda self: self
    T.__setitem__ = (lambda f: lambda self, key, value: f(self, key, value))(ns["setitem"])
    T.zero_ = (lambda f, z: lambda self: f(self, None, z, None))(inplace, ns["_zero"])
    T.clamp = (lambda f: lambda self, min=None, max=None: f(self, min, max))(ns["clamp"])
    s, m = ns["sum"], ns["mean"]
    T.sum = lambda self, dim=None, keepdim=False, axis=None: s(self, dim=dim if axis is None else axis,
                                                              keepdim=keepdim)
    T.mean = lambda self, dim=None, keepdim=False, axis=None: m(self, dim=dim if axis is None else axis,
                                                               keepdim=keepdim)
    T.reshape = T.view = (lambda f: lambda self, *shape: f(self, _shape_arg(shape)))(ns["reshape"])
    T.expand = (lambda f: lambda self, *shape: f(self, _shape_arg(shape)))(ns["expand"])
    T.permute = (lambda f: lambda self, *dims: f(self, _shape_arg(dims)))(ns["permute"])
    T.transpose = (lambda f: lambda self, d0, d1: f(self, d0, d1))(ns["transpose"])
    T.arcsin, T.arccos, T.arctan = T.asin, T.acos, T.atan
