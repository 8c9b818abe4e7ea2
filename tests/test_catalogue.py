"""The catalogue checked entry by entry against independent oracles.

For every function of the catalogue, at random points of its domain: sympy's
value (50 digits), the ball (arb) enclosure, the numpy forward and the
autograd forward agree; the derivative row, sympy.diff, autograd's backward
and a 40-digit central difference agree.  Test ids are the rows' table ids.
"""
import random

import mpmath
import numpy as np
import pytest
import sympy as sp
from flint import arb, ctx

import calc.autograd as ag
from calc.catalogue import CATALOGUE, by_head, by_key, spellings
from calc.parsing import parse

x = sp.Symbol("x", real=True)

ONE_ARG = [e for e in CATALOGUE if (e.head is not None or e.build is not None) and (e.arb or e.np_forward)
           and e.arity == (1, 1) and e.head is not sp.Pow]
TWO_ARG = [e for e in CATALOGUE if e.arity[1] > 2 and e.arb is not None]


def _id(e):
    return f"{e.rule_id or 'none'}-{e.key}"


def _f(e):
    return e.build or e.head


def _points(e, n=6, seed=7):
    """Rational points of e's domain, away from its kinks and jumps."""
    rng = random.Random(hash(e.key) % 1000 + seed)
    out = []
    for _ in range(400):
        p = sp.Rational(round(rng.uniform(-4, 4), 3)).limit_denominator(1000)
        conds = [c.subs(x, p) if hasattr(c, "subs") else c for c in e.domain(x)]
        if not all(bool(c) is True for c in conds):
            continue
        near = [g for g in e.kinks(x) + e.jumps(x) if abs(float(g.subs(x, p))) < 1e-2]
        if near or (e.integer_jumps and abs(float(p) - round(float(p))) < 1e-2):
            continue
        out.append(p)
        if len(out) == n:
            break
    assert out, f"no domain points found for {e.key}"
    return out


def _ball(v):
    """A 50-digit value as a ball of radius ~1e-50 (so containment tests the value, not its rounding)."""
    with ctx.workprec(200):
        return arb(str(v))


def _value(e, p, digits=50):
    return sp.N(_f(e)(p), digits)


@pytest.mark.parametrize("e", ONE_ARG, ids=_id)
def test_values_agree(e):
    for p in _points(e):
        v = _value(e, p)
        assert v.is_real, (e.key, p, v)
        if e.arb is not None:
            b = e.arb(arb(str(p.p)) / int(p.q))
            assert b.contains(_ball(v)), (e.key, p, b, v)
        if e.np_forward is not None:
            got = float(np.asarray(e.np_forward(np.array([float(p)])))[0])
            assert got == pytest.approx(float(v), rel=1e-12, abs=1e-14), (e.key, p)
        if e.autograd_name is not None:
            t = ag.tensor([float(p)])
            got = float(getattr(ag, e.autograd_name)(t)._data[0])
            assert got == pytest.approx(float(v), rel=1e-12, abs=1e-14), (e.key, p)


@pytest.mark.parametrize("e", [e for e in ONE_ARG if e.rule is not None and e.rule.derivative != 0], ids=_id)
def test_derivative_row_agrees(e):
    row = e.derivative_at(x)
    oracle = sp.diff(_f(e)(x), x)            # sympy.diff as an independent oracle
    for p in _points(e):
        d_row = sp.N(row.subs(x, p), 40)
        d_sympy = sp.N(oracle.subs(x, p), 40)
        assert abs(d_row - d_sympy) < 1e-30 * (1 + abs(d_sympy)), (e.key, p)
        with mpmath.workdps(60):
            h = mpmath.mpf(10) ** -20
            fe = sp.lambdify(x, e.sympy_native(x), modules="mpmath")
            central = (fe(mpmath.mpf(p.p) / p.q + h) - fe(mpmath.mpf(p.p) / p.q - h)) / (2 * h)
            assert abs(central - mpmath.mpf(str(d_row))) < mpmath.mpf(10) ** -30 * (1 + abs(central)), (e.key, p)
        if e.autograd_name is not None:
            t = ag.tensor([float(p)], requires_grad=True)
            getattr(ag, e.autograd_name)(t).sum().backward()
            assert float(t.grad._data[0]) == pytest.approx(float(d_row), rel=1e-10, abs=1e-12), (e.key, p)


@pytest.mark.parametrize("e", TWO_ARG, ids=_id)
def test_max_min_balls(e):
    rng = random.Random(3)
    for _ in range(20):
        a, b = (sp.Rational(rng.randint(-300, 300), 100) for _ in range(2))
        v = _f(e)(a, b)
        assert e.arb(arb(str(a.p)) / int(a.q), arb(str(b.p)) / int(b.q)).contains(_ball(sp.N(v, 50)))


@pytest.mark.parametrize("e", [e for e in CATALOGUE if e.spellings], ids=_id)
def test_every_spelling_parses_to_its_entry(e):
    table = spellings()
    for s in e.spellings:
        name = s if isinstance(s, str) else s[0]
        lo, hi = table[name][1:]
        args = ", ".join(["x"] + ["3"] * (max(lo, min(hi, 2)) - 1))
        text = {"piecewise": "piecewise(x, x < 1, 2)", "Piecewise": "Piecewise((x, x < 1), (2, True))"}
        expr = parse(text.get(name, f"{name}({args})"))
        if e.head is not None and e.key not in ("sqrt", "log_a", "realpow"):
            assert any(isinstance(n, e.head) for n in sp.preorder_traversal(expr)), (name, expr)


def test_heads_are_unique_and_found():
    for e in CATALOGUE:
        if e.head is not None and e.head is not sp.Pow:
            assert by_head(e.head) is not None
    assert by_key["sin"].period == 2 * sp.pi and by_key["tan"].period == sp.pi
    assert by_head(sp.sin(x)) is by_key["sin"]
