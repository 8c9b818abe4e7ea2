"""Degenerate critical points (issue 10 item 8): a cusp decided by a bound on a punctured
neighbourhood.  Oracle: mpmath sampling of f − f(p) on rings of radius 10^-1 … 10^-8."""
import mpmath as mp
import pytest

from calc.multivariate import critical_points


def ring_sign(f, radii=(1e-1, 1e-3, 1e-5, 1e-8), n=720):
    signs = set()
    for rad in radii:
        for i in range(n):
            t = 2 * mp.pi * i / n
            v = f(rad * mp.cos(t), rad * mp.sin(t)) - f(0, 0)
            signs.add(1 if v > 0 else -1 if v < 0 else 0)
    return signs


@pytest.mark.parametrize("text, fn, kind", [
    ("(x^2 + y^2)^(1/3) - y", lambda x, y: mp.cbrt(x * x + y * y) - y, "min"),
    ("y - (x^2 + y^2)^(1/3)", lambda x, y: y - mp.cbrt(x * x + y * y), "max"),
    ("(x^2 + 2y^2)^(2/5) + x^3", lambda x, y: (x * x + 2 * y * y) ** mp.mpf("0.4") + x ** 3, "min"),
])
def test_cusp_decided(text, fn, kind):
    assert ring_sign(fn) == ({1} if kind == "min" else {-1})       # the oracle agrees first
    r = critical_points(text)
    at0 = [c for c in r.critical_points if all(n.exact == 0 for _, n in c.point)]
    assert len(at0) == 1
    assert at0[0].kind == kind and at0[0].strict, at0[0]
