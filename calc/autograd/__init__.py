"""calc.autograd: reverse-mode automatic differentiation with torch.autograd's semantics.

Tensors are numpy arrays (float64 by default) that record the operations
applied to them; ``backward``/``grad`` run the chain rule backwards through
the recorded graph.  Names, defaults, error messages and the conventions at
non-differentiable points follow torch 2.13, so the textbook's torch programs
run with ``from calc import autograd as torch``-style substitutions.  Every
local derivative of a Table 2-1 function is compiled from calc's rule
registry, the same formulas the symbolic engine uses; ``explain`` shows the
backward pass node by node with the rule each node used, and ``to_sympy``
gives the function a graph computes, so ``calc.derivative`` can check any
gradient.

>>> from calc import autograd as ag
>>> w = ag.tensor([1.], requires_grad=True); x = ag.tensor([2.], requires_grad=True)
>>> a = ag.add(x, w); b = ag.add(w, 1); y = ag.mul(a, b)
>>> y.backward(); w.grad
tensor([5.])
"""
from __future__ import annotations

from . import _core
from ._core import (DERIVATIVES, AccumulateGrad, Node, Tensor, abs, empty_cache, set_pool_limit, acos, acot, add, arange, as_tensor, asin,
                    atan, cat, clamp, clone, cos, cot, csc, div, enable_grad, exp, expand, eye, full, getitem,
                    inference_mode, is_grad_enabled, linspace, log, matmul, maximum, mean, minimum, mul, neg,
                    no_grad, ones, ones_like, permute, pow, relu, reshape, sec, set_grad_enabled, sigmoid, sin,
                    sqrt, stack, sub, sum, tan, tanh, tensor, transpose, where, zeros, zeros_like)
from ._engine import backward, grad
from . import autograd  # noqa: E402  (torch.autograd.grad spelling)
from ._explain import (Explanation, check_gradients, draw, explain, leaf_symbols, leaf_values, to_dot,
                       to_sympy)

float64 = _core.np.float64
float32 = _core.np.float32
arcsin, arccos, arctan = asin, acos, atan

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
