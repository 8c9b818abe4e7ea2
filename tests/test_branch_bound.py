"""Global search on boxes by branch and bound: the standard test functions of the optimisation
literature, decided and certified, every tied point listed.  Oracles: scipy's
differential_evolution (several seeds) for the values, the published optimisers for the points
(Jamil & Yang 2013; sfu.ca/~ssurjano), checked here by a local scipy refinement."""
import functools
import math

import numpy as np
import pytest
from scipy import optimize

import calc

PEAKS = ("3(1-x)^2 e^(-x^2-(y+1)^2) - 10(x/5 - x^3 - y^5) e^(-x^2-y^2) - 1/3 e^(-(x+1)^2 - y^2)",
         lambda x, y: 3 * (1 - x) ** 2 * np.exp(-x ** 2 - (y + 1) ** 2)
         - 10 * (x / 5 - x ** 3 - y ** 5) * np.exp(-x ** 2 - y ** 2) - np.exp(-(x + 1) ** 2 - y ** 2) / 3,
         [(-3, 3), (-3, 3)])
HIMMELBLAU = ("(x^2+y-11)^2 + (x+y^2-7)^2",
              lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2, [(-5, 5), (-5, 5)])
CAMEL = ("(4 - 21/10 x^2 + x^4/3) x^2 + x y + (-4 + 4y^2) y^2",
         lambda x, y: (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y,
         [(-3, 3), (-2, 2)])
RASTRIGIN = ("20 + x^2 - 10cos(2pi x) + y^2 - 10cos(2pi y)",
             lambda x, y: 20 + x * x - 10 * np.cos(2 * np.pi * x) + y * y - 10 * np.cos(2 * np.pi * y),
             [(-5.12, 5.12), (-5.12, 5.12)])


def oracle(fn, bounds, sense):
    """The best value differential_evolution finds over a few seeds (sense 1: max)."""
    best = None
    for seed in (0, 1, 2):
        r = optimize.differential_evolution(lambda p: -sense * fn(*p), bounds, seed=seed, tol=1e-12,
                                            polish=True)
        v = -sense * r.fun
        best = v if best is None else (max(best, v) if sense > 0 else min(best, v))
    return best


def refined(fn, p, bounds, sense):
    """The published optimiser p refined by a local search (so the test's points are checked too)."""
    r = optimize.minimize(lambda q: -sense * fn(*q), p, bounds=bounds, method="L-BFGS-B", tol=1e-14)
    return tuple(r.x)


@functools.lru_cache(maxsize=None)
def solved(f, on):
    return calc.extrema(f, on=on)


def box(bounds):
    return ", ".join(f"{v} in [{lo}, {hi}]" for v, (lo, hi) in zip("xy", bounds))


def check(ext, fn, bounds, sense, published):
    assert ext.decided, ext
    v = ext.value.float
    assert math.isclose(v, oracle(fn, bounds, sense), rel_tol=1e-7, abs_tol=1e-9)
    if ext.value.lo is not None:                       # a certified enclosure holds the oracle's value
        assert ext.value.lo - 1e-9 <= oracle(fn, bounds, sense) <= ext.value.hi + 1e-9
    pts = sorted(tuple(n.float for _, n in p) for p in ext.points)
    want = sorted(refined(fn, p, bounds, sense) for p in published)
    assert len(pts) == len(want), (pts, want)
    for b in want:
        assert any(max(abs(s - t) for s, t in zip(a, b)) < 1e-6 for a in pts), (pts, want)


def test_peaks():
    f, fn, b = PEAKS
    r = solved(f, box(b))
    assert r.status == "ok"
    check(r.maximum, fn, b, 1, [(-0.0093, 1.5814)])
    check(r.minimum, fn, b, -1, [(0.2283, -1.6255)])


def test_himmelblau_four_tied_minima():
    f, fn, b = HIMMELBLAU
    r = solved(f, box(b))
    assert r.status == "ok"
    check(r.minimum, fn, b, -1, [(3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)])
    assert r.minimum.value.exact == 0
    check(r.maximum, fn, b, 1, [(5, 5)])


def test_six_hump_camel_two_tied_minima():
    f, fn, b = CAMEL
    r = solved(f, box(b))
    assert r.status == "ok"
    check(r.minimum, fn, b, -1, [(0.0898, -0.7126), (-0.0898, 0.7126)])
    check(r.maximum, fn, b, 1, [(-3, -2), (3, 2)])


def test_rastrigin_max_at_four_interior_points():
    f, fn, b = RASTRIGIN
    r = solved(f, box(b))
    assert r.status == "ok"
    check(r.minimum, fn, b, -1, [(0, 0)])
    m = 4.52299366
    check(r.maximum, fn, b, 1, [(m, m), (m, -m), (-m, m), (-m, -m)])


def test_pruned_points_are_said():
    """A box answer that left out critical points whose values cannot be optimal says so, and the
    remaining candidates still include the optima (checked above)."""
    f, fn, b = PEAKS
    r = solved(f, box(b))
    assert any("ruled out" in n for n in r.notes)
    interior = [c for c in r.candidates if c.kind == "interior critical"]
    assert len(interior) >= 1                 # (the optima among those kept: checked in test_peaks)


def test_separable_sum_lists_every_critical_point():
    """Rastrigin is a sum of parts in x and y: solved part by part (the one-variable stages), every one
    of its 21² critical points inside is listed, and the tied maxima are proven by the symmetry x ↦ −x."""
    f, fn, b = RASTRIGIN
    r = solved(f, box(b))
    assert any("separate variables" in n for n in r.notes)
    interior = [c for c in r.candidates if c.kind == "interior critical"]
    assert len(interior) == 441
    grid = np.linspace(-5.12, 5.12, 2001)
    vals = fn(*np.meshgrid(grid, grid))         # the oracle: the largest sampled value is below the maximum
    assert vals.max() <= r.maximum.value.hi + 1e-9
    assert any("symmetry" in n for n in r.notes) and not any("not proven" in n for n in r.notes)
