"""torch's error messages, word for word (the tests compare them with torch 2.13's)."""
from __future__ import annotations

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
