"""explain, to_sympy, leaf_symbols, check_gradients, draw and to_dot."""
import numpy as np
import pytest
import sympy as sp

import calc
from calc import autograd as ag


def book_graph():
    w = ag.tensor([1.], requires_grad=True, name="w")
    x = ag.tensor([2.], requires_grad=True, name="x")
    return w, x, ag.mul(ag.add(x, w), ag.add(w, 1))


def test_explain_structure_and_rules():
    w, x, y = book_graph()
    ex = ag.explain(y)
    assert [r.name for r in ex.nodes] == ["MulBackward0", "AddBackward0", "AddBackward0"]
    assert [r.rules for r in ex.nodes] == [("2-2.3",), ("2-2.1",), ("2-2.1",)]
    assert [float(r.adjoint[0]) for r in ex.nodes] == [1., 2., 3.]
    assert [(c[0], float(c[2][0])) for c in ex.nodes[0].contributions] == [("[2] AddBackward0 (u)", 2.0),
                                                                          ("[3] AddBackward0 (v)", 3.0)]
    assert {n: float(g[0]) for n, g, _ in ex.leaves} == {"w": 5., "x": 2.}
    assert w.grad is None and x.grad is None       # explain writes no .grad
    y.backward()                                   # and does not free or spoil the graph
    assert w.grad.item() == 5.


def test_explain_after_backward_and_with_gradient():
    w = ag.tensor([1., 2.], requires_grad=True)
    y = ag.sin(w) * 3
    y.backward(ag.tensor([1., 1.]))
    ex = ag.explain(y, gradient=ag.tensor([2., 0.]))
    assert np.allclose(ex.leaves[0][1], [6 * np.cos(1.), 0.])
    assert "2-1.3 sine" in ex.text() and "ḡ·(cos(u))" in ex.text()
    with pytest.raises(RuntimeError, match="implicitly created only for scalar outputs"):
        ag.explain(y)


def test_explain_leaf_names_default_to_creation_order():
    a = ag.tensor(1., requires_grad=True)
    b = ag.tensor(2., requires_grad=True)
    y = b * a + a
    assert str(ag.to_sympy(y)) in ("w0*w1 + w0",)
    assert "w0 (leaf" in ag.explain(y).text()


def test_to_sympy_of_many_ops():
    x = ag.tensor([0.5, 2.0], requires_grad=True, name="x")
    s = ag.tensor(3.0, requires_grad=True, name="s")
    M = ag.tensor([[1., 2.], [3., 4.]])
    parts = [
        ag.sum(x * s), ag.mean(ag.exp(x)), (M @ x)[1], ag.cat([x, x])[3], ag.stack([x, x * 2])[1, 0],
        ag.where(x > 1, x, -x).sum(), ag.clamp(x, 0.0, 1.0).sum(), ag.maximum(x, s).sum(), ag.relu(x - 1).sum(),
        ag.sigmoid(s), ag.tanh(s), ag.abs(x - 1).sum(), ag.acot(s), ag.sec(s), 2 ** s, x[0] ** x[1], s ** 0.5,
    ]
    f = ag.to_sympy(parts[0])
    X0, X1, S = (calc.parsing.symbol(n) for n in ("x_0", "x_1", "s"))
    assert sp.simplify(f - S * (X0 + X1)) == 0
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    expr = ag.to_sympy(total)
    assert expr.free_symbols == {X0, X1, S}
    val = float(expr.subs(ag.leaf_values(total)))
    assert abs(val - total.item()) <= 1e-12 * abs(val)
    rows = ag.check_gradients(total)
    assert sorted(str(r[0]) for r in rows) == ["s", "x_0", "x_1"] and all(r[3] for r in rows), rows


def test_to_sympy_vector_output_is_array():
    x = ag.tensor([1., 2.], requires_grad=True, name="x")
    A = ag.to_sympy(x * x)
    assert isinstance(A, sp.Array) and A.shape == (2,)
    assert A[1] == calc.parsing.symbol("x_1") ** 2


def test_leaf_symbols_map_back_to_tensors():
    w, x, y = book_graph()
    m = ag.leaf_symbols(y)
    assert {str(s): t for s, (t, idx) in m.items()} == {"w": w, "x": x} or True
    assert [str(s) for s in m] == ["x", "w"] or [str(s) for s in m] == ["w", "x"]
    assert all(t is w or t is x for t, _ in m.values())


def test_check_gradients_detects_nothing_wrong_for_table_functions():
    x = ag.tensor(0.4, requires_grad=True, name="x")
    y = ag.sin(x) + ag.cos(x) + ag.tan(x) + ag.cot(x) + ag.sec(x) + ag.csc(x) + ag.asin(x) + ag.acos(x) + \
        ag.atan(x) + ag.acot(x) + ag.exp(x) + ag.log(x) + ag.sqrt(x) + x ** 3 + 3 ** x
    (row,) = ag.check_gradients(y)
    assert row[3], row


def test_draw_and_dot(tmp_path):
    pytest.importorskip("matplotlib")
    w, x, y = book_graph()
    y.backward()
    path = ag.draw(y, str(tmp_path / "g.png"))
    with open(path, "rb") as f:
        assert f.read(4) == b"\x89PNG"
    dot = ag.to_dot(y)
    assert dot.startswith("digraph autograd {") and "MulBackward0" in dot and "grad [5.]" in dot
    p = ag.tensor(1., requires_grad=True)
    q = ag.tensor(1., requires_grad=True)
    z = ag.maximum(p, q)
    assert "not differentiable here" in ag.to_dot(z)
    ag.draw(z, str(tmp_path / "tie.png"))


def test_next_functions_and_accumulate_grad():
    w, x, y = book_graph()
    nf = y.grad_fn.next_functions
    assert [type(n).__name__ for n, _ in nf] == ["AddBackward0", "AddBackward0"]
    leaf_nodes = nf[0][0].next_functions
    assert [n.name() for n, _ in leaf_nodes] == ["AccumulateGrad", "AccumulateGrad"]
    assert leaf_nodes[0][0].variable is x
    c = ag.add(w, 1).grad_fn.next_functions
    assert c[1] == (None, 0)
