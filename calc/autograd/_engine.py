"""The backward pass: ``backward`` and ``grad`` with torch.autograd's semantics.

The graph reachable from the outputs is ordered topologically (Kahn's
algorithm on the number of consumers of each node); every node runs once,
after all its consumers, with the sum of the adjoints they sent it.  With
``inputs=`` only the nodes that lead to an input run.  First-order passes
work on numpy arrays and accumulate in place into arrays nobody else holds;
``create_graph=True`` runs the same backward formulas on tensors, so the
gradients are differentiable again.
"""
from __future__ import annotations

import sys
import warnings

import numpy as np

from ._arith import add
from ._backend import NB, TB
from ._gradmode import _set_grad
from ._messages import MSG_IMPLICIT, MSG_NO_GRAD_FN
from ._pool import POOL_MIN, _alloc, _binop_out, _pool_ids
from ._shape import _copy_grad, stack
from ._tensor import Tensor, _make, zeros_like

ndarray = np.ndarray
_getrc = sys.getrefcount

MSG_UNUSED = ("The differentiated Tensor at index {i} appears to not have been used in the graph. "
              "Set allow_unused=True if this is the desired behavior.")
MSG_INPUT_NO_GRAD = "One of the differentiated Tensors does not require grad"
MSG_CYCLE = ("Using backward() with create_graph=True will create a reference cycle between the parameter and "
             "its gradient which can cause a memory leak. We recommend using autograd.grad when creating the "
             "graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your "
             "parameters to None after use to break the cycle and avoid the leak.")


def _size(shape) -> str:
    return f"Size({list(shape)})"


def _calibrate():
    """The reference count of an array held only by one dict slot, seen inside _acc."""
    d = {}
    d[0] = np.zeros(2)

    def probe(buf, key):
        cur = buf.get(key)
        return _getrc(cur)
    return probe(d, 0)


_RC_OWNED = _calibrate()


def _probe_depth(n):
    def leaf(a):
        return _getrc(a)

    def mid(a):
        return leaf(a)
    d = {0: np.zeros(2)}
    _, a = d.popitem()
    return leaf(a) if n == 1 else mid(a)


def _probe_local():
    d = {0: np.zeros(2)}
    g = d.pop(0)
    return _getrc(g)


_RC_LOCAL = _probe_local()    # run(): an adjoint popped from the buffer that nothing else holds
_RC_GRAD = _probe_depth(1)    # grad(): a local g passed to _owned_copy
_RC_WRITE = _probe_depth(2)   # backward(): a local g passed to _write_grad, then _owned_copy


def _acc(buf, key, g):
    """buf[key] += g, in place when buf[key] is an array nobody else holds."""
    cur = buf.get(key)
    if cur is None:
        buf[key] = g
    elif type(cur) is ndarray:
        if (_getrc(cur) <= _RC_OWNED + (id(cur) in _pool_ids) and cur.base is None
                and cur.shape == np.shape(g) and cur.flags.writeable):
            np.add(cur, g, out=cur, casting="same_kind")
        else:
            o = _binop_out(cur, g)
            buf[key] = cur + g if o is None else np.add(cur, g, out=o)
    else:
        buf[key] = cur + g


def _owned_copy(g, dtype, limit):
    """An array for a new .grad / result: g itself if nobody else holds it, else a copy."""
    if type(g) is ndarray:
        if (_getrc(g) <= limit + (id(g) in _pool_ids) and g.base is None and g.dtype == dtype
                and g.flags.writeable):
            return g
        if g.size >= POOL_MIN:
            o = _alloc(g.shape, dtype)
            np.copyto(o, g)
            return o
    return np.array(g, dtype=dtype, copy=True)


def _as_list(x, what):
    if isinstance(x, Tensor):
        return [x]
    if x is None:
        return None
    xs = list(x)
    return xs


def _seeds(outputs, grads, create):
    if grads is None:
        grads = [None] * len(outputs)
    elif isinstance(grads, Tensor):
        grads = [grads]
    else:
        grads = list(grads)
        if (len(outputs) == 1 and len(grads) > 1 and isinstance(outputs[0], Tensor)
                and all(isinstance(g, (int, float, np.number)) for g in grads)):
            grads = [grads]  # backward(y, grad_tensors=[1., 2.]): one plain list of weights
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    seeds = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if not isinstance(out, Tensor):
            raise TypeError(f"tensors[{i}] is a {type(out).__name__}, not a Tensor")
        if g is None:
            if out._rg:
                if out._data.size != 1:
                    raise RuntimeError(MSG_IMPLICIT)
                s = np.ones_like(out._data)
                seeds.append(_make(s) if create else s)
            else:
                seeds.append(None)
            continue
        if isinstance(g, Tensor):
            gd = g._data
        else:
            gd = np.asarray(g, dtype=out._data.dtype)
            g = None
        if gd.shape != out._data.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {_size(gd.shape)} and "
                               f"output[{i}] has a shape of {_size(out._data.shape)}.")
        if create:
            seeds.append(g if g is not None else _make(gd))
        else:
            seeds.append(gd)
    for i, out in enumerate(outputs):
        if not out._rg:
            raise RuntimeError(MSG_NO_GRAD_FN.format(i=i))
    return seeds


def _graph(outputs):
    """deps[node] = number of consumers inside the reachable graph; insertion order = discovery."""
    deps: dict = {}
    stack = []
    for out in outputs:
        fn = out.grad_fn
        if fn is not None and fn not in deps:
            deps[fn] = 0
            stack.append(fn)
    while stack:
        n = stack.pop()
        for e in n.next:
            if e is not None and type(e) is not Tensor:
                c = deps.get(e)
                if c is None:
                    deps[e] = 1
                    stack.append(e)
                else:
                    deps[e] = c + 1
    return deps


def _order(outputs, deps):
    cnt = dict(deps)
    ready = [n for n, c in deps.items() if c == 0]
    order = []
    while ready:
        n = ready.pop()
        order.append(n)
        for e in reversed(n.next):   # so that the first operand's branch runs first
            if e is not None and type(e) is not Tensor:
                c = cnt[e] - 1
                cnt[e] = c
                if c == 0:
                    ready.append(e)
    return order


def run(outputs, seeds, retain_graph, create_graph, targets=None, trace=None):
    """Run the backward pass; returns (leaf buffer, captured adjoints of target nodes).

    ``targets`` (a list of tensors) restricts the pass to the nodes that lead to them.
    ``trace`` (a list) receives (node, adjoint, contributions) for explain().
    """
    deps = _graph(outputs)
    order = _order(outputs, deps)
    buf: dict = {}
    leaves: dict = {}
    acc = _acc if not create_graph else _acc_t
    for out, s in zip(outputs, seeds):
        if s is None:
            continue
        fn = out.grad_fn
        if fn is not None:
            acc(buf, fn, s)
        else:
            acc(leaves, out, s)
    run_set = None
    target_nodes = None
    if targets is not None:
        leaf_ids = {id(t) for t in targets if t.grad_fn is None}
        target_nodes = {t.grad_fn for t in targets if t.grad_fn is not None}
        run_set = set()
        for n in reversed(order):
            for e in n.next:
                if e is None:
                    continue
                if type(e) is Tensor:
                    if id(e) in leaf_ids:
                        run_set.add(n)
                        break
                elif e in run_set or e in target_nodes:
                    run_set.add(n)
                    break
    captured: dict = {}
    prev = _set_grad(True) if create_graph else None
    B = TB if create_graph else NB
    try:
        for n in order:
            g = buf.pop(n, None)
            if g is None:
                continue
            if target_nodes is not None and n in target_nodes:
                captured[n] = g
            if n._retain is not None:
                _retained(n, g, create_graph)
            if run_set is not None and n not in run_set:
                continue
            n.check()
            if (type(g) is ndarray and g.size >= POOL_MIN and trace is None and g.base is None
                    and _getrc(g) <= _RC_LOCAL + (id(g) in _pool_ids) and g.flags.writeable):
                grads = n.back_owned(g)     # nobody else holds g: the node may overwrite it
            else:
                grads = n.back(g, B)
            if trace is not None:
                trace.append((n, g, grads))
            for e, ge in zip(n.next, grads):
                if e is None or ge is None:
                    continue
                if type(e) is Tensor:
                    acc(leaves, e, ge)
                else:
                    acc(buf, e, ge)
            g = ge = grads = None     # so that the next node's adjoint is seen as owned
            if not retain_graph:
                n.freed = True
    finally:
        if create_graph:
            _set_grad(prev)
    return leaves, captured


def _acc_t(buf, key, g):
    cur = buf.get(key)
    if cur is None:
        buf[key] = g if isinstance(g, Tensor) else _make(g)
    else:
        buf[key] = add(cur, g)


def _retained(n, g, create):
    for ref in n._retain:
        t = ref()
        if t is None or t.grad_fn is not n:
            continue
        if create:
            gt = g if isinstance(g, Tensor) else _make(g)
            t._grad = gt if t._grad is None else add(t._grad, gt)
        else:
            if t._grad is None:
                t._grad = _make(np.array(g, dtype=t._data.dtype, copy=True))
            else:
                t._grad._data = t._grad._data + g


def _write_grad(t, g, create):
    """AccumulateGrad: .grad = g the first time, then .grad += g."""
    if create:
        gt = g if isinstance(g, Tensor) else _make(g)
        if t._grad is None:
            t._grad = _copy_grad(gt) if gt._rg else _make(np.array(gt._data, copy=True))
        else:
            t._grad = add(t._grad, gt)
        return
    if t._grad is None:
        t._grad = _make(_owned_copy(g, t._data.dtype, _RC_WRITE))
    else:
        gd = t._grad._data
        if gd.shape == np.shape(g) and gd.flags.writeable:
            np.add(gd, g, out=gd, casting="same_kind")
            t._grad._vc[0] += 1
        else:
            t._grad = _make(gd + g)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the leaves (torch.autograd.backward).

    ``grad_tensors`` weights non-scalar outputs (the vector-Jacobian product);
    the graph is freed unless ``retain_graph``; ``create_graph`` makes the
    gradients differentiable; ``inputs`` restricts which tensors accumulate.
    """
    outputs = _as_list(tensors, "tensors")
    if retain_graph is None:
        retain_graph = create_graph
    seeds = _seeds(outputs, grad_tensors, create_graph)
    targets = None
    if inputs is not None:
        targets = _as_list(inputs, "inputs")
        if not targets:
            raise RuntimeError("'inputs' argument to backward() cannot be empty.")
        for t in targets:
            if not t._rg:
                raise RuntimeError(MSG_INPUT_NO_GRAD)
    leaves, captured = run(outputs, seeds, retain_graph, create_graph, targets)
    if create_graph:
        warnings.warn(MSG_CYCLE, UserWarning, stacklevel=3)
    if targets is None:
        while leaves:
            t, g = leaves.popitem()
            _write_grad(t, g, create_graph)
        return
    for t in targets:
        if t.grad_fn is None:
            g = leaves.pop(t, None)
        else:
            g = captured.pop(t.grad_fn, None)
        if g is not None:
            _write_grad(t, g, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, as a tuple (torch.autograd.grad).

    Nothing is written into ``.grad``.  An input the outputs do not depend on
    raises unless ``allow_unused=True`` (then None) or ``materialize_grads=True``
    (then zeros).
    """
    outs = _as_list(outputs, "outputs")
    ins = _as_list(inputs, "inputs")
    if allow_unused is None:
        allow_unused = materialize_grads
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    if retain_graph is None:
        retain_graph = create_graph
    for t in ins:
        if not isinstance(t, Tensor):
            raise TypeError(f"inputs must be Tensors, got {type(t).__name__}")
        if not t._rg:
            raise RuntimeError(MSG_INPUT_NO_GRAD)
    if is_grads_batched:
        gos = _as_list(grad_outputs, "grad_outputs")
        n = gos[0].shape[0]
        rows = []
        for k in range(n):
            gk = [g[k] if isinstance(g, Tensor) else np.asarray(g)[k] for g in gos]
            rows.append(grad(outs, ins, gk, retain_graph=True if k < n - 1 else retain_graph,
                             create_graph=create_graph, allow_unused=allow_unused,
                             materialize_grads=materialize_grads))
        res = []
        for j in range(len(ins)):
            col = [r[j] for r in rows]
            if all(c is None for c in col):
                res.append(None)
            else:
                res.append(stack([c if c is not None else zeros_like(ins[j]) for c in col]))
        return tuple(res)
    seeds = _seeds(outs, grad_outputs, create_graph)
    leaves, captured = run(outs, seeds, retain_graph, create_graph, ins)
    res = []
    done: dict = {}
    for i, t in enumerate(ins):
        if id(t) in done:
            prev = done[id(t)]
            res.append(prev if prev is None or create_graph else _make(np.array(prev._data, copy=True)))
            continue
        g = leaves.pop(t, None) if t.grad_fn is None else captured.pop(t.grad_fn, None)
        if g is None:
            if materialize_grads:
                res.append(_make(np.zeros_like(t._data)))
                continue
            if not allow_unused:
                raise RuntimeError(MSG_UNUSED.format(i=i))
            res.append(None)
            continue
        if create_graph:
            res.append(g if isinstance(g, Tensor) else _make(g))
        else:
            res.append(_make(_owned_copy(g, t._data.dtype, _RC_GRAD)))
        del g
        done[id(t)] = res[-1]
    return tuple(res)
