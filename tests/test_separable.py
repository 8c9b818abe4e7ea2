"""Sums of parts in separate variables on a box (calc/multivariate/separable.py), against an
independent oracle: a dense grid refined by scipy's bounded local search."""
import itertools

import numpy as np
import pytest
from scipy import optimize

import calc

CASES = [
    ("x^3 - 3x + sin(2y) + 1/2", {"x": (-2, 3), "y": (-2, 2)},
     lambda x, y: x ** 3 - 3 * x + np.sin(2 * y) + 0.5),
    ("exp(-x^2) + y^4 - y^2", {"x": (-1, 2), "y": (-2, 2)},
     lambda x, y: np.exp(-x ** 2) + y ** 4 - y ** 2),
    ("x y + z^2 - cos(3z)", {"x": (-1, 1), "y": (-1, 2), "z": (-2, 2)},      # a part in (x, y) and one in z
     lambda x, y, z: x * y + z ** 2 - np.cos(3 * z)),
    ("abs(x - 1) + sqrt(y + 1)", {"x": (-2, 2), "y": (-1, 3)},
     lambda x, y: np.abs(x - 1) + np.sqrt(y + 1)),
]


def oracle(fn, box, sense):
    grids = [np.linspace(lo, hi, 41 if len(box) > 2 else 201) for lo, hi in box.values()]
    best, at = None, None
    for p in itertools.product(*grids):
        v = sense * fn(*p)
        if best is None or v > best:
            best, at = v, p
    r = optimize.minimize(lambda q: -sense * fn(*q), at, bounds=list(box.values()), method="L-BFGS-B")
    return sense * max(best, -r.fun), at


@pytest.mark.parametrize("text, box, fn", CASES)
def test_separable_sums_against_the_oracle(text, box, fn):
    on = ", ".join(f"{v} in [{lo}, {hi}]" for v, (lo, hi) in box.items())
    r = calc.extrema(text, on=on)
    assert any("separate variables" in n for n in r.notes) and r.status == "ok"
    for ext, sense in ((r.maximum, 1), (r.minimum, -1)):
        want, _ = oracle(fn, box, sense)
        assert ext.decided and abs(ext.value.float - want) < 1e-6 * (1 + abs(want)), (text, sense)
        for p in ext.points:                           # every listed point attains the value
            xs = [n.float for _, n in p]
            assert abs(fn(*xs) - ext.value.float) < 1e-6 * (1 + abs(want))
