"""calc.autograd: reverse-mode automatic differentiation with torch.autograd's semantics.

Tensors are numpy arrays (float64 by default) that record the operations
applied to them; ``backward``/``grad`` run the chain rule backwards through
the recorded graph.  Names, defaults, error messages and the conventions at
non-differentiable points follow torch 2.13, so the textbook's torch programs
run with ``from calc import autograd as torch``-style substitutions.  Every
elementwise function is a catalogue entry with an ``autograd_name``; its local
derivative is compiled from the entry's row, the same formula the symbolic
engine uses; ``explain`` shows the backward pass node by node with the rule
each node used, and ``to_sympy`` gives the function a graph computes, so
``calc.derivative`` can check any gradient.

Modules: ``_tensor`` (Tensor, factories), ``_node`` (Node, saved tensors,
version counters), ``_gradmode``, ``_backend`` (numpy and tensor backends),
``_pool`` and ``_fastmath`` (memory and sin/cos speed), the op families
``_unary`` (catalogue functions), ``_arith``, ``_pow``, ``_nonsmooth``,
``_reduce``, ``_shape``, ``_matmul``, ``_index``, ``_inplace``; ``_compile``
(rows to code), ``_engine`` (the backward pass), ``_explain``, ``_format``.

>>> from calc import autograd as ag
>>> w = ag.tensor([1.], requires_grad=True); x = ag.tensor([2.], requires_grad=True)
>>> a = ag.add(x, w); b = ag.add(w, 1); y = ag.mul(a, b)
>>> y.backward(); w.grad
tensor([5.])
"""
from __future__ import annotations

import numpy as np

from . import _unary
from ._arith import add, div, mul, neg, sub
from ._backend import TENSOR_OPS, bind_tensor_ops
from ._gradmode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from ._index import getitem, index_put  # noqa: F401 - bound to TB below
from ._inplace import _inplace, _zero, setitem  # noqa: F401 - bound to Tensor below
from ._matmul import matmul
from ._node import AccumulateGrad, Node
from ._nonsmooth import abs, clamp, maximum, minimum, relu, where
from ._pool import empty_cache, set_pool_limit
from ._pow import pow
from ._reduce import mean, sum
from ._shape import cat, clone, expand, permute, reshape, stack, transpose
from ._tensor import (Tensor, arange, as_tensor, bind_methods, eye, full, linspace, ones, ones_like, tensor, zeros,
                      zeros_like)
from ._unary import DERIVATIVES, OPS as _UNARY_OPS

# the catalogue's elementwise functions (sin, cos, ..., tanh) and sigmoid, and their node classes
globals().update(_UNARY_OPS)
_ALL_OPS = {**_UNARY_OPS, **{n: v for n, v in globals().items() if callable(v)}}
bind_methods(_ALL_OPS)
bind_tensor_ops(_ALL_OPS, TENSOR_OPS + tuple(n for n in _unary.UNARY_NODES))

from ._engine import backward, grad  # noqa: E402
from . import autograd  # noqa: E402  (torch.autograd.grad spelling)
from ._explain import (Explanation, check_gradients, draw, explain, leaf_symbols, leaf_values,  # noqa: E402
                       to_dot, to_sympy)

float64 = np.float64
float32 = np.float32
arcsin, arccos, arctan = (_UNARY_OPS[n] for n in ("asin", "acos", "atan"))

__all__ = [
    "Tensor", "Node", "AccumulateGrad", "tensor", "as_tensor", "zeros", "ones", "zeros_like", "ones_like", "full",
    "eye", "arange", "linspace", "float64", "float32",
    "add", "sub", "mul", "div", "pow", "neg", "matmul", "sum", "mean", "cat", "stack", "getitem", "reshape",
    "expand", "transpose", "permute", "clone",
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "arcsin", "arccos", "arctan",
    "exp", "log", "sqrt", "abs", "relu", "sigmoid", "tanh", "maximum", "minimum", "clamp", "where",
    "backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
    "explain", "Explanation", "to_sympy", "leaf_symbols", "leaf_values", "check_gradients", "draw", "to_dot",
    "DERIVATIVES", "empty_cache", "set_pool_limit",
]
