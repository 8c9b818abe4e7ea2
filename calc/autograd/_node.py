"""Graph nodes: the Node base class, saved tensors and version counters.

A node holds one edge per input (the input's node, the leaf tensor itself, or
None), the input tensors it needs, their version numbers when it was recorded
and the output value.  The backward pass (``_engine``) calls each node's
``bw`` (numpy arrays, fast) or, with ``create_graph=True``, its ``back`` with
the tensor backend, which records the derivative as a graph of its own.
:meth:`Node.check` raises torch's errors when a saved tensor was written in
place or the graph was freed.  ``record``/``record2`` attach a node to an
operation's result; ``_vec``/``_const_sym``/``_points`` serve ``sym`` and
``nondiff``.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ._backend import NB
from ._gradmode import MODE
from ._messages import MSG_FREED
from ._tensor import Tensor, _make


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

    # backward: one formula, run with the numpy backend NB (first order) or the tensor backend TB
    def back(self, g, B):  # pragma: no cover - abstract
        raise NotImplementedError

    def back_owned(self, g):
        """``back(g, NB)`` for an adjoint array that nothing else holds: a node may overwrite g."""
        return self.back(g, NB)

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


def _shape(x):
    return x._data.shape if type(x) is Tensor else np.shape(x)


def record(Cls, x, out_data, meta=None, out=None):
    """The result of a one-input op as a tensor (``out``, or a new one holding ``out_data``), with
    a ``Cls`` node (``meta`` attached) if ``x`` requires grad and grad mode is on."""
    if out is None:
        out = _make(out_data)
    if x._rg and MODE.enabled:
        out._rg = True
        n = out.grad_fn = Cls((x.grad_fn or x,), (x,), out._data, (x._vc[0],))
        n.meta = meta
        if Cls.SAVES_OUT:
            n.outvc, n.outv = out._vc, 0
    return out


def record2(Cls, a, b, out_data):
    """The result of a binary op as a tensor, with a ``Cls`` node if an operand requires grad."""
    ta = type(a) is Tensor
    tb = type(b) is Tensor
    ea = (a.grad_fn or a) if ta and a._rg else None
    eb = (b.grad_fn or b) if tb and b._rg else None
    out = _make(out_data)
    if (ea is not None or eb is not None) and MODE.enabled:
        out._rg = True
        n = out.grad_fn = Cls((ea, eb), (a, b), out._data, (a._vc[0] if ta else 0, b._vc[0] if tb else 0))
        if Cls.SAVES_OUT:
            n.outvc, n.outv = out._vc, 0
    return out


def _vec(fn):
    return np.frompyfunc(fn, 1, 1)


def _points(x, mask, limit=4) -> str:
    vals = np.atleast_1d(np.asarray(x))[np.atleast_1d(mask)] if np.ndim(x) else np.asarray([x])
    vals = list(dict.fromkeys(float(v) for v in vals.ravel()))
    s = ", ".join(f"{v:g}" for v in vals[:limit])
    return s + (", ..." if len(vals) > limit else "")


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
