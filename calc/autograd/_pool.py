"""The array pool: warm memory for large elementwise results.

Large arrays (>= POOL_MIN elements) come from a pool of arrays that nothing
else references any more.  Reusing warm memory avoids the page faults of fresh
allocations, which dominate elementwise work on 10^6-element arrays (numpy
asks for transparent huge pages, and a fresh 8 MB block can cost more than
the arithmetic on it).  ``empty_cache()`` releases the pool.  The pool is
guarded by a lock, so threads may share it.
"""
from __future__ import annotations

import sys
import threading

import numpy as np

ndarray = np.ndarray
_getrc = sys.getrefcount

POOL_MIN = 1 << 16
_pool: dict = {}
_pool_ids: set = set()
_pool_state = {"bytes": 0, "max_bytes": 1 << 30}


def _rc_free():
    lst = [np.empty(1)]
    for a in lst:
        return _getrc(a)


_RC_FREE = _rc_free()
_pool_lock = threading.Lock()


def _alloc(shape, dtype):
    """An uninitialised array: a free pooled one when large, else np.empty."""
    with _pool_lock:
        return _alloc_locked(shape, dtype)


def _alloc_locked(shape, dtype):
    key = (shape, dtype)
    lst = _pool.get(key)
    if lst is not None:
        for i in range(len(lst) - 1, -1, -1):
            a = lst[i]
            if _getrc(a) == _RC_FREE:
                if i != len(lst) - 1:
                    del lst[i]
                    lst.append(a)
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
    """Drop free pooled arrays until ``need`` more bytes fit (caller holds the lock)."""
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
    with _pool_lock:
        for lst in _pool.values():
            for a in lst:
                _pool_ids.discard(id(a))
        _pool.clear()
        _pool_state["bytes"] = 0


def set_pool_limit(max_bytes: int) -> None:
    """At most ``max_bytes`` of arrays are kept for reuse (0 switches the pool off)."""
    with _pool_lock:
        _pool_state["max_bytes"] = int(max_bytes)
        _trim(0)



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
