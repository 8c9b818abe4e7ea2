"""torch's way of printing a tensor: ``tensor([5.])``, ``tensor([0.5000, 0.5000])``, ...

A port of torch/_tensor_str.py's formatter (precision 4, threshold 1000,
edge items 3, line width 80).  calc's default dtype is float64, so float64
prints without a dtype suffix and float32 prints ``dtype=float32``.
"""
from __future__ import annotations

import math

import numpy as np

PRECISION = 4
THRESHOLD = 1000
EDGEITEMS = 3
LINEWIDTH = 80


class _Formatter:
    def __init__(self, values: np.ndarray):
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not self.floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(_plain(v)))
            return
        with np.errstate(all="ignore"):
            nz = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if nz.size == 0:
            return
        a = np.abs(nz)
        mn, mx = float(a.min()), float(a.max())
        self.int_mode = bool(np.all(nz == np.ceil(nz)))
        self.sci_mode = mx / mn > 1000.0 or mx > 1.0e8 or mn < 1.0e-4
        vals = nz.tolist()
        if self.sci_mode:
            for v in vals:
                self.max_width = max(self.max_width, len(f"{v:.{PRECISION}e}"))
        elif self.int_mode:
            for v in vals:
                self.max_width = max(self.max_width, len(f"{v:.0f}") + 1)
        else:
            for v in vals:
                self.max_width = max(self.max_width, len(f"{v:.{PRECISION}f}"))

    def format(self, v) -> str:
        if self.floating:
            v = float(v)
            if self.sci_mode:
                r = f"{v:{self.max_width}.{PRECISION}e}"
            elif self.int_mode:
                r = f"{v:.0f}"
                if not (math.isinf(v) or math.isnan(v)):
                    r += "."
            else:
                r = f"{v:.{PRECISION}f}"
        else:
            r = _plain(v)
        return (self.max_width - len(r)) * " " + r


def _plain(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    return f"{v}"


def _summarized(a: np.ndarray) -> np.ndarray:
    if a.ndim == 0:
        return a
    if a.shape[0] > 2 * EDGEITEMS:
        a = np.concatenate([a[:EDGEITEMS], a[-EDGEITEMS:]])
    if a.ndim == 1:
        return a
    return np.stack([_summarized(r) for r in a])


def _vector(a, indent, summarize, fmt) -> str:
    width = fmt.max_width + 2
    per_line = max(1, math.floor((LINEWIDTH - indent) / width))
    if summarize and a.shape[0] > 2 * EDGEITEMS:
        data = [fmt.format(v) for v in a[:EDGEITEMS].tolist()] + [" ..."] + \
               [fmt.format(v) for v in a[-EDGEITEMS:].tolist()]
    else:
        data = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(a, indent, summarize, fmt) -> str:
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, fmt)
    if summarize and a.shape[0] > 2 * EDGEITEMS:
        parts = [_nested(a[i], indent + 1, summarize, fmt) for i in range(EDGEITEMS)] + ["..."] + \
                [_nested(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0] - EDGEITEMS, a.shape[0])]
    else:
        parts = [_nested(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0])]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def array_str(a: np.ndarray, indent: int = 0) -> str:
    """The bracketed body torch prints for an array (``[0.5000, 1.0000]``)."""
    a = np.asarray(a)
    if a.size == 0:
        return "[]"
    summarize = a.size > THRESHOLD
    fmt = _Formatter(_summarized(a) if summarize else a)
    return _nested(a, indent, summarize, fmt)


def tensor_repr(t) -> str:
    a = t._data
    prefix = "tensor("
    indent = len(prefix)
    suffixes = []
    if a.size == 0 and a.shape != (0,):
        suffixes.append(f"size={tuple(a.shape)}")
    if a.dtype != np.float64 and a.dtype != np.bool_ and not (a.dtype.kind in "iu" and a.dtype == np.int64):
        suffixes.append(f"dtype={a.dtype.name}")
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
    elif t._rg:
        suffixes.append("requires_grad=True")
    s0 = prefix + array_str(a, indent)
    parts = [s0]
    last = len(s0) - s0.rfind("\n") + 1
    for s in suffixes:
        if last + len(s) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + s)
            last = indent + len(s)
        else:
            parts.append(", " + s)
            last += len(s) + 2
    parts.append(")")
    return "".join(parts)
