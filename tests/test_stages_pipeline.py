"""The one-variable pipeline, stage by stage, and the data/renderer split."""
import dataclasses
import json

import pytest
import sympy as sp

import calc
from calc.differentiate import differentiate
from calc.render.json import to_json
from calc.render.text import extrema_text
from calc.results import ExtremaResult
from calc.stages.context import Run
from calc.stages.critical import critical_points, stationary_points
from calc.stages.domain import components, natural_domain
from calc.stages.kinks import kink_candidates, nondifferentiable

x = sp.Symbol("x", real=True)


def test_domain_stage():
    D, notes, decided = natural_domain(sp.log(x) + sp.sqrt(2 - x), x, sp.Interval(-5, 5))
    assert D == sp.Interval.Lopen(0, 2) and not notes and decided
    assert components(sp.Union(sp.Interval(0, 1), sp.FiniteSet(3))) == ([sp.Interval(0, 1)], [3])


def test_kink_candidates_from_catalogue():
    gs, steps = kink_candidates(sp.Abs(x - 1) + sp.Max(x, 2 - x) + sp.floor(3 * x) + sp.acot(x), x)
    assert set(gs) == {x - 1, 2 * x - 2, x} and steps == [3 * x]


def test_kinks_and_critical_stages():
    f = sp.Abs(x**2 - 1)
    run = Run(f, x, sp.Interval(-2, 2), 15, 10.0)
    nondiff, cands = [], []
    jumps = nondifferentiable(run, sp.Interval(-2, 2), nondiff, cands)
    assert not jumps and sorted(p.exact for p in nondiff) == [-1, 1]
    g = differentiate(f, x)[0]
    stationary, undecided = [], []
    plateaus = critical_points(run, g, sp.Interval(-2, 2), nondiff, stationary, cands, undecided)
    assert [p.exact for p in stationary] == [0] and not plateaus and not undecided


def test_certified_stationary_points():
    run = Run(sp.exp(x) - 3 * x**2, x, sp.Interval(-1, 4), 15, 10.0)
    ex, cert, und, pl = stationary_points(run, sp.exp(x) - 6 * x, sp.Interval(-1, 4))
    assert not ex and len(cert) == 2 and all(p.certified for p in cert) and not und and not pl


def test_result_is_data_and_renderers_only_format():
    r = calc.extrema("x^3 - 3x", on="[-2, 3]")
    assert isinstance(r, ExtremaResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.status = "changed"
    assert r.to_json() == to_json(r) == json.dumps(r.to_dict(), ensure_ascii=False, indent=2)
    # the renderer shows what the result holds: no simplification of its own
    shown = dataclasses.replace(r, derivative_display=sp.Symbol("SHOWN"))
    assert "f′(x) = SHOWN" in extrema_text(shown)
    assert str(r) == r.text() and r.text().splitlines()[2].startswith("f′(x) = ")
