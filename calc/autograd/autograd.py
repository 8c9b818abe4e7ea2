"""``torch.autograd``'s spelling: ``calc.autograd.autograd.grad`` / ``.backward``.

So that ``from calc import autograd as torch`` runs programs written as
``torch.autograd.grad(y, x)``.
"""
from ._gradmode import enable_grad, no_grad, set_grad_enabled
from ._engine import backward, grad

__all__ = ["grad", "backward", "no_grad", "enable_grad", "set_grad_enabled", "jacobian", "functional"]


def jacobian(func, inputs, create_graph=False):
    """The Jacobian of ``func`` at ``inputs`` (one tensor), row by row (torch.autograd.functional.jacobian)."""
    from . import eye, stack, tensor
    x = tensor(inputs._data if hasattr(inputs, "_data") else inputs, requires_grad=True)
    y = func(x)
    n = y.numel()
    rows = []
    flat_eye = eye(n)
    for i in range(n):
        g = flat_eye[i].reshape(y.shape)
        (r,) = grad(y, x, g, retain_graph=True, create_graph=create_graph, allow_unused=True,
                    materialize_grads=True)
        rows.append(r)
    return stack(rows).reshape(tuple(y.shape) + tuple(x.shape))


class functional:  # noqa: N801 - torch's spelling
    jacobian = staticmethod(jacobian)
