"""Benchmark: f(x, y) = sin(x)·exp(−y²) + x·y³ − log(1 + x²) and its gradient.

At N = 1, 10³, 10⁵, 10⁶ float64 points, in one run:

* calc.autograd — forward pass + ``grad(f, [x, y], grad_outputs=ones)``;
* torch (CPU, ``torch.set_num_threads(1)``) — the same program; the column is
  skipped when torch is not installed;
* sympy.lambdify of the exact gradient (calc.gradient of f) — evaluation only,
  no graph.

Each cell is the best of several repetitions (median in brackets).  Ratios are
calc.autograd / torch and calc.autograd / lambdify.  Run:

    python benchmarks/bench_autograd.py            # all sizes
    python benchmarks/bench_autograd.py --quick    # smaller repetition counts
    python benchmarks/bench_autograd.py --kernels  # np.sin/np.cos vs calc's half-angle forms vs torch

The gradients of the three are also compared (max relative difference).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import calc  # noqa: E402
import sympy as sp  # noqa: E402
from calc import autograd as ag  # noqa: E402

F_TEXT = "sin(x)*exp(-y^2) + x*y^3 - log(1 + x^2)"
SIZES = [1, 10 ** 3, 10 ** 5, 10 ** 6]


def f_calc(x, y):
    return ag.sin(x) * ag.exp(-y ** 2) + x * y ** 3 - ag.log(1 + x ** 2)


def run_calc(xs, ys):
    x = ag.tensor(xs, requires_grad=True)
    y = ag.tensor(ys, requires_grad=True)
    f = f_calc(x, y)
    gx, gy = ag.grad(f, [x, y], grad_outputs=ag.ones_like(f))
    return gx.numpy(), gy.numpy()


def make_torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    def run_torch(xs, ys):
        x = torch.tensor(xs, requires_grad=True)
        y = torch.tensor(ys, requires_grad=True)
        f = torch.sin(x) * torch.exp(-y ** 2) + x * y ** 3 - torch.log(1 + x ** 2)
        gx, gy = torch.autograd.grad(f, [x, y], grad_outputs=torch.ones_like(f))
        return gx.numpy(), gy.numpy()
    return run_torch


def make_lambdify():
    x, y = sp.symbols("x y", real=True)
    expr = calc.parse(F_TEXT)
    grad = calc.gradient(expr, ["x", "y"])
    fn = sp.lambdify((x, y), [grad[0], grad[1]], modules="numpy")

    def run_lambdify(xs, ys):
        gx, gy = fn(xs, ys)
        return np.broadcast_to(gx, xs.shape), np.broadcast_to(gy, ys.shape)
    return run_lambdify


def timeit(fn, xs, ys, reps):
    fn(xs, ys)  # warm up
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(xs, ys)
        ts.append(time.perf_counter() - t0)
    return min(ts), statistics.median(ts)


def fmt(t):
    if t is None:
        return "—"
    if t < 1e-3:
        return f"{t * 1e6:.1f} µs"
    return f"{t * 1e3:.2f} ms"


def kernels(n=10 ** 6, reps=15):
    """Time np.sin / np.cos against the half-angle forms calc.autograd uses (and torch's), per n elements."""
    from calc.autograd._fastmath import _cos_fast, _sin_cos, _sin_fast
    x = np.random.default_rng(0).uniform(-2, 2, n)
    out = np.empty_like(x)
    print(f"numpy {np.__version__}; {n} float64 in [-2, 2], out= preallocated; best of {reps} [median]")
    cases = [("np.sin", lambda: np.sin(x, out=out)), ("half-angle sin", lambda: _sin_fast(x, out=out)),
             ("np.cos", lambda: np.cos(x, out=out)), ("half-angle cos", lambda: _cos_fast(x, out=out)),
             ("half-angle sin+cos", lambda: _sin_cos(x, out=out))]
    if make_torch() is not None:   # sets one thread
        import torch
        tx, tout = torch.from_numpy(x), torch.empty(n, dtype=torch.float64)
        cases += [("torch.sin", lambda: torch.sin(tx, out=tout)), ("torch.cos", lambda: torch.cos(tx, out=tout))]
    for name, fn in cases:
        fn()
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        print(f"{name:>18}: {fmt(min(ts))} [{fmt(statistics.median(ts))}]")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    ap.add_argument("--kernels", action="store_true", help="time np.sin/np.cos against the half-angle forms")
    args = ap.parse_args(argv)
    if args.kernels:
        return kernels()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    run_torch = make_torch()
    run_lamb = make_lambdify()
    rng = np.random.default_rng(0)
    print(f"f(x, y) = {F_TEXT}; gradient at N points (float64); best of reps [median]")
    if run_torch is None:
        print("torch is not installed: its column is skipped")
    else:
        import torch
        print(f"torch {torch.__version__}, threads = {torch.get_num_threads()}")
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    head = f"{'N':>9} | {'calc.autograd':>22} | {'torch':>22} | {'lambdify':>22} | {'calc/torch':>10} | {'calc/lambdify':>13} | max rel diff"
    print(head)
    print("-" * len(head))
    rows = []
    for n in sizes:
        xs = rng.uniform(-2, 2, n)
        ys = rng.uniform(-2, 2, n)
        reps = 2000 if n == 1 else 200 if n <= 1000 else 20 if n <= 10 ** 5 else 7
        if args.quick:
            reps = max(3, reps // 10)
        tc = timeit(run_calc, xs, ys, reps)
        tt = timeit(run_torch, xs, ys, reps) if run_torch else None
        tl = timeit(run_lamb, xs, ys, reps)
        ref = run_lamb(xs, ys)
        got = run_calc(xs, ys)
        diff = max(float(np.max(np.abs(g - r) / np.maximum(1.0, np.abs(r)))) for g, r in zip(got, ref))
        if run_torch:
            gt = run_torch(xs, ys)
            diff = max(diff, max(float(np.max(np.abs(g - r) / np.maximum(1.0, np.abs(r)))) for g, r in zip(gt, ref)))
        r_t = f"{tc[0] / tt[0]:.2f}x" if tt else "—"
        r_l = f"{tc[0] / tl[0]:.2f}x"
        cell = lambda t: "—" if t is None else f"{fmt(t[0])} [{fmt(t[1])}]"  # noqa: E731
        print(f"{n:>9} | {cell(tc):>22} | {cell(tt):>22} | {cell(tl):>22} | {r_t:>10} | {r_l:>13} | {diff:.1e}")
        rows.append((n, tc, tt, tl))
    return rows


if __name__ == "__main__":
    main()
