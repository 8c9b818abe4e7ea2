"""Grad mode: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, ``inference_mode``.

As in torch the mode is per thread: :data:`MODE` is a ``threading.local``
whose ``enabled`` every operation reads before recording a node, and whose
``inference`` counts the ``inference_mode`` blocks the thread is inside.
"""
from __future__ import annotations

import functools
import threading


class _Mode(threading.local):
    enabled = True      # record graphs
    inference = 0       # depth of inference_mode() blocks


MODE = _Mode()

#: how many inference_mode() blocks are open in all threads: a cheap gate in front of the
#: per-thread ``MODE.inference`` that every new tensor would otherwise read (changed under _LOCK)
ANY_INFERENCE = [0]
_LOCK = threading.Lock()


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()`` / ``set_grad_enabled(False)`` / ``inference_mode()``."""
    return MODE.enabled


def _set_grad(mode: bool) -> bool:
    prev = MODE.enabled
    MODE.enabled = bool(mode)
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

    >>> from calc.autograd import tensor
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
        self._prev = _set_grad(self._mode)
        MODE.inference += 1
        with _LOCK:
            ANY_INFERENCE[0] += 1
        return self

    def __exit__(self, *exc):
        MODE.inference -= 1
        with _LOCK:
            ANY_INFERENCE[0] -= 1
        _set_grad(self._prev)
        return False
