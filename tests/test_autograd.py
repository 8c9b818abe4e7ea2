"""calc.autograd against every case of AUTOGRAD_REFERENCE.md (what torch 2.13 prints).

Each case runs the reference's program with ``from calc import autograd as torch``
and compares the printed output line by line (float64 prints like torch's
float32 at 4 decimals).  Error cases compare the exception type and the key
phrase of torch's message.  Documented differences: ``.shape`` is a tuple
(torch: ``torch.Size``); messages say ``Size([3])`` and ``DoubleTensor``.
"""
import contextlib
import io
import warnings

import numpy as np
import pytest

from calc import autograd as torch
from calc.autograd import _fastmath, _pool


def G():
    w = torch.tensor([1.], requires_grad=True)
    x = torch.tensor([2.], requires_grad=True)
    return w, x, x + w, w + 1


def run(fn):
    """stdout of fn, with an uncaught exception printed as 'Type: message' (as the reference does)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            print(f"{type(e).__name__}: {e}")
    return buf.getvalue().rstrip("\n").split("\n")


# ------------------------------------------------------------------ cases a - l, id
def case_a():
    w, x, a, b = G(); y = a * b; y.backward(); print(w.grad); print(x.grad)


def case_a2():
    w, x, a, b = G(); y = a * b; print(w); print(a); print(b); print(y)
    print(type(y.grad_fn).__name__, y.grad_fn.next_functions[0][0].name())


def case_b():
    w, x, a, b = G(); y0 = a * b; y1 = a + b; loss = torch.cat([y0, y1]); print(loss)
    loss.backward(gradient=torch.tensor([1., 2.])); print(w.grad); print(x.grad)


def case_c():
    x = torch.tensor(3., requires_grad=True); y = x**2; print(y)
    g1 = torch.autograd.grad(y, x, create_graph=True); print(g1)
    g2 = torch.autograd.grad(g1[0], x); print(g2)


def case_c2():
    x = torch.tensor(3., requires_grad=True); y = x**2
    g1 = torch.autograd.grad(y, x, create_graph=True)
    g2 = torch.autograd.grad(g1[0], x, create_graph=True); print(g2)
    g3 = torch.autograd.grad(g2[0], x); print(g3)


def case_c3():
    x = torch.tensor(3., requires_grad=True); y = x**3
    g1 = torch.autograd.grad(y, x, create_graph=True); g2 = torch.autograd.grad(g1, x, create_graph=True)
    g3 = torch.autograd.grad(g2, x); print(g1, g2, g3)


def case_c4():
    x = torch.tensor(3., requires_grad=True); y = x**2; y.backward(create_graph=True); print(x.grad)
    x.grad.backward(); print(x.grad)


def case_c5():
    x = torch.tensor(3., requires_grad=True); y = x * x
    g1 = torch.autograd.grad(y, x, create_graph=True); print(g1)
    g2 = torch.autograd.grad(g1[0], x, create_graph=True); print(g2)
    torch.autograd.grad(g2[0], x)


def case_d():
    w = torch.tensor([1.], requires_grad=True); x = torch.tensor([2.], requires_grad=True)
    for i in range(3):
        a = x + w; b = w + 1; y = a * b; y.backward(); print(w.grad)


def case_d2():
    w = torch.tensor([1.], requires_grad=True); x = torch.tensor([2.], requires_grad=True)
    for i in range(3):
        a = x + w; b = w + 1; y = a * b; y.backward(); print(w.grad); w.grad.zero_()


def case_d3():
    w = torch.tensor([1.], requires_grad=True); x = torch.tensor([2.], requires_grad=True)
    for i in range(3):
        a = x + w; b = w + 1; y = a * b; print(w.grad); y.backward(); g = w.grad; w.grad = None; print(g)


def case_d4():
    w = torch.tensor([1.], requires_grad=True); w.grad.zero_()


def case_e():
    w, x, a, b = G(); y = a * b; print(a.requires_grad, b.requires_grad, y.requires_grad)
    print(w.is_leaf, x.is_leaf, a.is_leaf, b.is_leaf, y.is_leaf)


def case_e2():
    w = torch.tensor([1.], requires_grad=True); x = torch.tensor([2.]); a = x + w; c = x * 2
    print(a.requires_grad, c.requires_grad); print(x.is_leaf, a.is_leaf, c.is_leaf, c.grad_fn)


def case_e3():
    w, x, a, b = G(); y = a * b; y.backward(); print(a.grad)


def case_e4():
    w, x, a, b = G(); y = a * b; a.retain_grad(); y.retain_grad(); y.backward()
    print(a.grad, y.grad, b.grad is None); print(a.retains_grad, b.retains_grad, w.retains_grad)


def case_e5():
    w, x, a, b = G(); w.retain_grad(); print(w.retains_grad); a.requires_grad_(False)


def case_e6():
    x = torch.tensor([2.]); y = x * 3; y.backward()


def case_f():
    w = torch.tensor([1.], requires_grad=True); w.add_(1)


def case_f2():
    w = torch.tensor([1.], requires_grad=True); w += 1


def case_f3():
    w = torch.tensor([1.], requires_grad=True)
    with torch.no_grad():
        w.add_(1)
    print(w, w._version); w.data.add_(1); print(w, w._version)


def case_f4():
    w = torch.tensor([1., 2.], requires_grad=True); w[0] = 5.


def case_g():
    w, x, a, b = G(); y = a * b; y.backward(); y.backward()


def case_g2():
    w, x, a, b = G(); y = a * b; y.backward(retain_graph=True); y.backward(); print(w.grad)


def case_g3():
    w, x, a, b = G(); y = a * b; print(torch.autograd.grad(y, w)); print(torch.autograd.grad(y, w))


def case_g4():
    w = torch.tensor([1.], requires_grad=True); y = (w + 1) + w; y.backward(); y.backward(); print(w.grad)


def case_h():
    w = torch.tensor([1., 2.], requires_grad=True); y = w * 2; y.backward()


def case_h2():
    w = torch.tensor([[1.]], requires_grad=True); y = w * 2; print(y.shape); y.backward(); print(w.grad)


def case_h3():
    w = torch.tensor([1., 2.], requires_grad=True); y = w * 2; y.backward(gradient=torch.tensor([1., 1., 1.]))


def case_i():
    w, x, a, b = G(); z = torch.tensor([5.], requires_grad=True); y = a * b; torch.autograd.grad(y, [w, z])


def case_i2():
    w, x, a, b = G(); z = torch.tensor([5.], requires_grad=True); y = a * b
    print(torch.autograd.grad(y, [w, z], allow_unused=True))


def case_i3():
    w, x, a, b = G(); z = torch.tensor([5.], requires_grad=True); y = a * b
    print(torch.autograd.grad(y, [w, z], materialize_grads=True))


def case_i4():
    w, x, a, b = G(); z = torch.tensor([5.]); y = a * b; torch.autograd.grad(y, [w, z])


def case_i5():
    w, x, a, b = G(); y = a * b; y.backward(inputs=[x]); print(w.grad, x.grad)


def case_j():
    w, x, a, b = G(); y = a * b; print(a._version); a.add_(1); print(a._version); y.backward()


def case_j2():
    w, x, a, b = G(); y = a + b; a.add_(1); y.backward(); print(w.grad, a)


def case_j3():
    w = torch.tensor([1.], requires_grad=True); s = torch.sigmoid(w); s.mul_(2); s.backward()


def case_j4():
    w, x, a, b = G(); y = a * b; d = a.detach(); d.add_(1); print(a); y.backward()


def case_k():
    w = torch.tensor([1.], requires_grad=True)
    with torch.no_grad():
        z = w * 2
    print(z, z.requires_grad, z.grad_fn, z.is_leaf); z.backward()


def case_k2():
    w, x, a, b = G(); d = a.detach(); print(d, d.requires_grad, d.is_leaf, d.data_ptr() == a.data_ptr())


def case_k3():
    w, x, a, b = G(); y = a.detach() * b; y.backward(); print(w.grad, x.grad)


def case_k4():
    w = torch.tensor([1.], requires_grad=True)
    with torch.set_grad_enabled(False):
        z1 = w * 2
    with torch.inference_mode():
        z2 = w * 2
    print(z1.requires_grad, z2.requires_grad, z2.is_inference())


def case_k5():
    w = torch.tensor([1.], requires_grad=True)
    with torch.no_grad():
        z = w * 2
    z.requires_grad_(); (z * 3).backward(); print(z.grad, w.grad)


def case_l():
    x = torch.tensor([1., 2., 3.], requires_grad=True); y = x**2
    print(torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y), retain_graph=True))
    print(torch.autograd.grad(y, x, grad_outputs=torch.tensor([1., 0., 2.])))


def _l_graph():
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    return x, torch.stack([x[0]**2 * x[1], 5 * x[0] + x[1] * x[2], x[2] * x[0]])


def case_l2():
    x, y = _l_graph()
    for i in range(3):
        print(torch.autograd.grad(y, x, grad_outputs=torch.eye(3)[i], retain_graph=True)[0])


def case_l3():
    x, y = _l_graph()
    print(torch.autograd.grad(y, x, grad_outputs=torch.eye(3), is_grads_batched=True))


def case_l4():
    x = torch.tensor([1., 2., 3.], requires_grad=True); y = x**2; torch.autograd.grad(y, x)


def case_id():
    a = torch.ones(3); t = torch.ones(3); i0, p0 = id(a), a.data_ptr(); a = a + t
    print(id(a) == i0, a.data_ptr() == p0)
    a = torch.ones(3); i0, p0, v0 = id(a), a.data_ptr(), a._version; a += t
    print(id(a) == i0, a.data_ptr() == p0, v0, a._version); a[:] = a + t
    print(id(a) == i0, a.data_ptr() == p0, a._version)


FREED = ("RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after "
         "they have already been freed). Saved intermediate values of the graph are freed when you call .backward() "
         "or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if "
         "you need to access saved tensors after calling backward.")
NO_GRAD_FN = "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"
LEAF = "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."

EXPECTED = {
    "a": ["tensor([5.])", "tensor([2.])"],
    "a2": ["tensor([1.], requires_grad=True)", "tensor([3.], grad_fn=<AddBackward0>)",
           "tensor([2.], grad_fn=<AddBackward0>)", "tensor([6.], grad_fn=<MulBackward0>)", "MulBackward0 AddBackward0"],
    "b": ["tensor([6., 5.], grad_fn=<CatBackward0>)", "tensor([9.])", "tensor([4.])"],
    "c": ["tensor(9., grad_fn=<PowBackward0>)", "(tensor(6., grad_fn=<MulBackward0>),)", "(tensor(2.),)"],
    "c2": ["(tensor(2., grad_fn=<MulBackward0>),)", "(tensor(0.),)"],
    "c3": ["(tensor(27., grad_fn=<MulBackward0>),) (tensor(18., grad_fn=<MulBackward0>),) (tensor(6.),)"],
    "c4": ["tensor(6., grad_fn=<CopyBackwards>)", "tensor(8., grad_fn=<CopyBackwards>)"],
    "c5": ["(tensor(6., grad_fn=<AddBackward0>),)", "(tensor(2.),)", NO_GRAD_FN],
    "d": ["tensor([5.])", "tensor([10.])", "tensor([15.])"],
    "d2": ["tensor([5.])", "tensor([5.])", "tensor([5.])"],
    "d3": ["None", "tensor([5.])", "None", "tensor([5.])", "None", "tensor([5.])"],
    "d4": ["AttributeError: 'NoneType' object has no attribute 'zero_'"],
    "e": ["True True True", "True True False False False"],
    "e2": ["True False", "True False True None"],
    "e3": ["None"],
    "e4": ["tensor([2.]) tensor([1.]) True", "True False False"],
    "e5": ["False", "RuntimeError: you can only change requires_grad flags of leaf variables. If you want to use a "
                    "computed variable in a subgraph that doesn't require differentiation use var_no_grad = "
                    "var.detach()."],
    "e6": [NO_GRAD_FN],
    "f": [LEAF],
    "f2": [LEAF],
    "f3": ["tensor([2.], requires_grad=True) 1", "tensor([3.], requires_grad=True) 1"],
    "f4": ["RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation."],
    "g": [FREED],
    "g2": ["tensor([10.])"],
    "g3": ["(tensor([5.]),)", FREED],
    "g4": ["tensor([4.])"],
    "h": ["RuntimeError: grad can be implicitly created only for scalar outputs"],
    "h2": ["(1, 1)", "tensor([[2.]])"],   # torch: torch.Size([1, 1])
    "h3": ["RuntimeError: Mismatch in shape: grad_output[0] has a shape of Size([3]) and output[0] has a shape of "
           "Size([2])."],
    "i": ["RuntimeError: The differentiated Tensor at index 1 appears to not have been used in the graph. "
          "Set allow_unused=True if this is the desired behavior."],
    "i2": ["(tensor([5.]), None)"],
    "i3": ["(tensor([5.]), tensor([0.]))"],
    "i4": ["RuntimeError: One of the differentiated Tensors does not require grad"],
    "i5": ["None tensor([2.])"],
    "j2": ["tensor([2.]) tensor([4.], grad_fn=<AddBackward0>)"],
    "k": ["tensor([2.]) False None True", NO_GRAD_FN],
    "k2": ["tensor([3.]) False True True"],
    "k3": ["tensor([3.]) None"],
    "k4": ["False False True"],
    "k5": ["tensor([3.]) None"],
    "l": ["(tensor([2., 4., 6.]),)", "(tensor([ 2.,  0., 12.]),)"],
    "l2": ["tensor([4., 1., 0.])", "tensor([5., 3., 2.])", "tensor([3., 0., 1.])"],
    "l3": ["(tensor([[4., 1., 0.],", "        [5., 3., 2.],", "        [3., 0., 1.]]),)"],
    "l4": ["RuntimeError: grad can be implicitly created only for scalar outputs"],
    "id": ["False False", "True True 0 1", "True True 2"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reference_case(name):
    assert run(globals()[f"case_{name}"]) == EXPECTED[name]


VERSION_MSG = ("RuntimeError: one of the variables needed for gradient computation has been modified by an inplace "
               "operation: [DoubleTensor [1]], which is output 0 of {op}, is at version 1; expected version 0 instead.")


@pytest.mark.parametrize("name,pre,op", [("j", ["0", "1"], "Add"), ("j3", [], "Sigmoid"),
                                         ("j4", ["tensor([4.], grad_fn=<AddBackward0>)"], "Add")])
def test_version_counter_cases(name, pre, op):
    out = run(globals()[f"case_{name}"])
    assert out[:-1] == pre
    assert out[-1].startswith(VERSION_MSG.format(op=op))


def test_nonleaf_grad_warning():
    w, x, a, b = G()
    y = a * b
    y.backward()
    with pytest.warns(UserWarning, match="The .grad attribute of a Tensor that is not a leaf Tensor is being accessed"):
        assert a.grad is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert w.grad is not None  # leaves do not warn


def test_retained_grad_does_not_warn():
    w, x, a, b = G()
    y = a * b
    a.retain_grad()
    y.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert a.grad.item() == 2.0


def test_create_graph_backward_warns_about_cycle():
    x = torch.tensor(3., requires_grad=True)
    with pytest.warns(UserWarning, match="reference cycle between the parameter and its gradient"):
        (x ** 2).backward(create_graph=True)


# ------------------------------------------------------------------ case m: non-differentiable points
def _grad_of(f, *vals):
    ts = [torch.tensor(v, requires_grad=True) for v in vals]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = f(*ts)
        y.backward()
    return [t.grad for t in ts], y


M_CASES = [
    ("m_abs", lambda x: torch.abs(x), [0.], ["tensor(0.)"]),
    ("m_relu", lambda x: torch.relu(x), [0.], ["tensor(0.)"]),
    ("m_sqrt", lambda x: torch.sqrt(x), [0.], ["tensor(inf)"]),
    ("m_pow23_0", lambda x: x ** (2 / 3), [0.], ["tensor(inf)"]),
    ("m_pow23_neg", lambda x: x ** (2 / 3), [-8.], ["tensor(nan)"]),
    ("m_pow13_neg", lambda x: x ** (1 / 3), [-8.], ["tensor(nan)"]),
    ("m_pow_int_neg", lambda x: x ** 2.0 + x ** 3, [-2.], ["tensor(8.)"]),
    ("m_max_ties", lambda p, q: torch.maximum(p, q), [1., 1.], ["tensor(0.5000)", "tensor(0.5000)"]),
    ("m_min_ties", lambda p, q: torch.minimum(p, q), [1., 1.], ["tensor(0.5000)", "tensor(0.5000)"]),
    ("m_clamp_min", lambda x: torch.clamp(x, min=0.), [0.], ["tensor(1.)"]),
    ("m_clamp_max", lambda x: torch.clamp(x, -1., 1.).sum(), [[1., -1.]], ["tensor([1., 1.])"]),
    ("m_clamp_tensor", lambda x, t: torch.clamp(x, min=t), [0., 0.], ["tensor(1.)", "tensor(0.)"]),
    ("m_log0", lambda x: torch.log(x), [0.], ["tensor(inf)"]),
    ("m_recip0", lambda z: 1 / z, [0.], ["tensor(-inf)"]),
    ("m_where_nan", lambda x: torch.where(x > 0, torch.sqrt(x), torch.zeros(())), [-1.], ["tensor(nan)"]),
    ("m_xlogx0", lambda x: x * torch.log(x), [0.], ["tensor(nan)"]),
]


@pytest.mark.parametrize("name,f,vals,expected", M_CASES, ids=[c[0] for c in M_CASES])
def test_nondifferentiable_conventions(name, f, vals, expected):
    grads, _ = _grad_of(f, *vals)
    assert [repr(g) for g in grads] == expected


@pytest.mark.parametrize("name,f,val,value", [
    ("m_pow23_0", lambda x: x ** (2 / 3), 0., "tensor(0., grad_fn=<PowBackward0>)"),
    ("m_pow23_neg", lambda x: x ** (2 / 3), -8., "tensor(nan, grad_fn=<PowBackward0>)"),
    ("m_log0", lambda x: torch.log(x), 0., "tensor(-inf, grad_fn=<LogBackward0>)"),
    ("m_where_nan", lambda x: torch.where(x > 0, torch.sqrt(x), torch.zeros(())), -1.,
     "tensor(0., grad_fn=<WhereBackward0>)"),
    ("m_xlogx0", lambda x: x * torch.log(x), 0., "tensor(nan, grad_fn=<MulBackward0>)"),
])
def test_nondifferentiable_values(name, f, val, value):
    _, y = _grad_of(f, val)
    assert repr(y) == value


@pytest.mark.parametrize("f,vals,phrase", [
    (lambda x: torch.abs(x), [0.], "|u| has a corner at u = 0"),
    (lambda x: torch.relu(x), [0.], "relu = max(u, 0) has a corner at u = 0"),
    (lambda p, q: torch.maximum(p, q), [1., 1.], "max(u, v) at a tie"),
    (lambda p, q: torch.minimum(p, q), [1., 1.], "min(u, v) at a tie"),
    (lambda x: torch.clamp(x, min=0.), [0.], "clamp has a corner at a bound"),
    (lambda x, t: torch.clamp(x, min=t), [0., 0.], "clamp at a bound"),
    (lambda x: torch.sqrt(x), [0.], "√u has no derivative"),
    (lambda x: x ** (2 / 3), [0.], "has no derivative at u = 0"),
    (lambda x: x ** (1 / 3), [-8.], "is not real for u < 0"),
    (lambda x: torch.log(x), [0.], "ln u is not differentiable"),
    (lambda x: torch.asin(x), [1.], "arcsin u has no derivative at u = 1"),
    (lambda x: torch.acos(x), [-1.], "arccos u has no derivative at u = -1"),
    (lambda x: torch.cot(x), [0.], "cot u is not differentiable where it is not defined: u = 0"),
    (lambda z: 1 / z, [0.], "division by v = 0"),
])
def test_explain_flags_nondifferentiable_points(f, vals, phrase):
    ts = [torch.tensor(v, requires_grad=True) for v in vals]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = f(*ts)
        ex = torch.explain(y)
    assert any(phrase in fl for _, fl in ex.flags), ex.text()
    assert "⚠ not differentiable here" in ex.text()


@pytest.mark.parametrize("f,vals", [
    (lambda x: torch.abs(x), [0.5]), (lambda x: torch.relu(x), [-0.5]), (lambda p, q: torch.maximum(p, q), [1., 2.]),
    (lambda x: torch.clamp(x, -1., 1.), [0.3]), (lambda x: torch.sqrt(x), [2.]), (lambda x: x ** (2 / 3), [8.]),
    (lambda x: torch.log(x), [1.5]), (lambda x: torch.asin(x), [0.5]), (lambda x: torch.sin(x) * x, [1.]),
])
def test_explain_flags_nothing_at_smooth_points(f, vals):
    ts = [torch.tensor(v, requires_grad=True) for v in vals]
    assert torch.explain(f(*ts)).flags == []


# ------------------------------------------------------------------ API details
def test_repr_like_torch():
    assert repr(torch.tensor([1.5, 2.25, 1000.])) == "tensor([   1.5000,    2.2500, 1000.0000])"
    assert repr(torch.tensor([1e-5, 1.])) == "tensor([1.0000e-05, 1.0000e+00])"
    assert repr(torch.tensor([[1., 2.], [3., 4.5]])) == "tensor([[1.0000, 2.0000],\n        [3.0000, 4.5000]])"
    assert repr(torch.tensor(float("nan"))) == "tensor(nan)"
    assert repr(torch.tensor([float("inf"), 1., -2.])) == "tensor([inf,  1., -2.])"
    assert repr(torch.tensor([1e9, 1.])) == "tensor([1.0000e+09, 1.0000e+00])"
    assert repr(torch.tensor(3., requires_grad=True)) == "tensor(3., requires_grad=True)"
    assert repr(torch.tensor([])) == "tensor([])"
    assert repr(torch.tensor([0.1, -0.25])) == "tensor([ 0.1000, -0.2500])"
    assert repr(torch.tensor([1., 2.], dtype=np.float32)) == "tensor([1., 2.], dtype=float32)"
    assert repr(torch.arange(30.) * 1.5).startswith(
        "tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000,")
    assert repr(torch.arange(2000.)) == ("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
                                         "        1.9990e+03])")
    assert repr(torch.tensor([True, False]) == torch.tensor([True, True])) == "tensor([ True, False])"


def test_dtype_default_float64_and_float32_kept():
    assert torch.tensor([1, 2]).dtype == np.float64
    w = torch.tensor([1., 2.], dtype=np.float32, requires_grad=True)
    (w * 2.0).sum().backward()
    assert w.grad.dtype == np.float32 and w.grad.tolist() == [2., 2.]


def test_only_float_tensors_require_grad():
    with pytest.raises(RuntimeError, match="floating point"):
        torch.tensor([True], dtype=bool, requires_grad=True)


def test_node_names():
    x = torch.tensor([1., 2.], requires_grad=True)
    M = torch.ones(2, 2, requires_grad=True)
    names = {
        "ClampBackward1": torch.clamp(x, min=0.), "ClampBackward0": torch.clamp(x, min=torch.tensor(0.)),
        "MaximumBackward0": torch.maximum(x, x), "WhereBackward0": torch.where(x > 0, x, x),
        "ReluBackward0": torch.relu(x), "SigmoidBackward0": torch.sigmoid(x), "TanhBackward0": torch.tanh(x),
        "AbsBackward0": torch.abs(x), "SqrtBackward0": torch.sqrt(x), "SelectBackward0": x[0],
        "SliceBackward0": x[1:], "IndexBackward0": x[[0, 1]], "UnsqueezeBackward0": x[None],
        "AliasBackward0": x[...], "MvBackward0": M @ x, "SqueezeBackward4": x @ M, "DotBackward0": x @ x,
        "MmBackward0": M @ M, "UnsafeViewBackward0": torch.ones(3, 2, 2) @ M, "SumBackward0": x.sum(),
        "SumBackward1": x.sum(0), "MeanBackward0": x.mean(), "MeanBackward1": x.mean(0),
        "StackBackward0": torch.stack([x, x]), "CatBackward0": torch.cat([x, x]), "PowBackward0": x ** 2,
        "PowBackward1": x ** x, "PowBackward2": 2 ** x, "DivBackward0": x / 2, "SubBackward0": x - 1,
        "RsubBackward1": 1 - x, "NegBackward0": -x, "MulBackward0": 2 * x, "AddBackward0": 1 + x,
        "AsinBackward0": torch.asin(x / 4), "ExpBackward0": torch.exp(x), "LogBackward0": torch.log(x),
        "TanBackward0": torch.tan(x), "SinBackward0": torch.sin(x), "CosBackward0": torch.cos(x),
        "AtanBackward0": torch.atan(x), "AcosBackward0": torch.acos(x / 4),
    }
    for name, t in names.items():
        assert type(t.grad_fn).__name__ == name, (name, t.grad_fn)
        assert t.grad_fn.name() == name
    y = x * 1
    y.add_(1); assert y.grad_fn.name() == "AddBackward0"
    y.mul_(2); assert y.grad_fn.name() == "MulBackward0"
    y.zero_(); assert y.grad_fn.name() == "ZeroBackward0"
    y += 1; assert y.grad_fn.name() == "AddBackward0"
    y[0] = 3; assert y.grad_fn.name() == "CopySlices"


def test_inplace_on_nonleaf_gives_correct_gradients():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = x * 3
    y.mul_(x)          # y = 3x²
    y += x             # y = 3x² + x
    y[0] = x[1] * 5    # y0 = 5 x1
    y.sum().backward()
    assert x.grad.tolist() == [0., 6 * 2 + 1 + 5]
    z = torch.zeros(2)
    z += x             # a no-grad leaf becomes a non-leaf
    assert z.requires_grad and not z.is_leaf
    z.sum().backward()
    assert x.grad.tolist() == [1., 19.]


def test_inplace_on_views_is_refused_or_plain():
    x = torch.tensor([1., 2.], requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable"):
        x[0].add_(1)
    y = x * 1
    with pytest.raises(RuntimeError, match="in-place operations on a view"):
        y[0].mul_(2)
    c = torch.tensor([1., 2.])
    v = c[0:1]
    v += 1              # no autograd involved: writes through to the base, as torch
    assert c.tolist() == [2., 2.] and c._version == 1


def test_backward_through_leaf_and_tensor_inputs():
    w = torch.tensor([1., 2.], requires_grad=True)
    w.backward(torch.tensor([3., 4.]))
    assert w.grad.tolist() == [3., 4.]
    w2 = torch.tensor(2., requires_grad=True)
    assert torch.autograd.grad(w2, w2)[0].item() == 1.0


def test_grad_wrt_nonleaf():
    x = torch.tensor(2., requires_grad=True)
    a = x * 3
    y = a ** 2
    ga, gx = torch.autograd.grad(y, [a, x])
    assert (ga.item(), gx.item()) == (12., 36.)


def test_backward_inputs_nonleaf_accumulates_into_grad():
    x = torch.tensor(2., requires_grad=True)
    a = x * 3
    y = a ** 2
    y.backward(inputs=[a])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert a.grad.item() == 12. and x.grad is None


def test_broadcasting_gradients_sum_back():
    x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    b = torch.tensor([10., 20., 30.], requires_grad=True)
    s = torch.tensor(2., requires_grad=True)
    ((x * b + s) / s).sum().backward()
    assert b.grad.tolist() == [2.5, 3.5, 4.5]
    assert x.grad.tolist() == [[5., 10., 15.]] * 2
    assert s.grad.item() == pytest.approx(-(x.detach().numpy() * b.detach().numpy()).sum() / 4)


def test_matmul_gradients_all_shapes():
    rng = np.random.default_rng(0)
    for sa, sb in [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
                   ((5, 2, 3), (5, 3, 4)), ((2, 3), (5, 3, 4))]:
        A, B = rng.normal(size=sa), rng.normal(size=sb)
        a, b = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
        y = a @ b
        G = rng.normal(size=y.shape)
        y.backward(torch.tensor(G))
        eps = 1e-6
        for t, X in ((a, A), (b, B)):
            num = np.zeros_like(X)
            for idx in np.ndindex(*X.shape):
                Xp = X.copy(); Xp[idx] += eps
                Xm = X.copy(); Xm[idx] -= eps
                fp = np.sum(np.matmul(Xp, B) * G) if t is a else np.sum(np.matmul(A, Xp) * G)
                fm = np.sum(np.matmul(Xm, B) * G) if t is a else np.sum(np.matmul(A, Xm) * G)
                num[idx] = (fp - fm) / (2 * eps)
            assert np.allclose(t.grad.numpy(), num, atol=1e-6), (sa, sb)


def test_indexing_gradients():
    x = torch.tensor([1., 2., 3., 4.], requires_grad=True)
    y = x[1] * 2 + x[1:3].sum() + x[[0, 0, 3]].sum() + x[torch.tensor([True, False, False, True])].sum()
    y.backward()
    assert x.grad.tolist() == [3., 3., 1., 2.]


def test_sum_mean_dims_and_keepdim():
    x = torch.tensor(np.arange(6.).reshape(2, 3), requires_grad=True)
    (x.sum(dim=1, keepdim=True) * torch.tensor([[1.], [2.]])).sum().backward()
    assert x.grad.tolist() == [[1., 1., 1.], [2., 2., 2.]]
    x.grad = None
    x.mean(dim=0).sum().backward()
    assert np.allclose(x.grad.numpy(), 0.5)


def test_no_grad_decorator_and_enable_grad():
    w = torch.tensor([1.], requires_grad=True)

    @torch.no_grad()
    def f(t):
        return t * 2
    assert f(w).grad_fn is None
    with torch.no_grad():
        with torch.enable_grad():
            assert (w * 2).requires_grad
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


def test_numpy_interop():
    w = torch.tensor([1., 2.], requires_grad=True)
    with pytest.raises(RuntimeError, match="Use tensor.detach"):
        w.numpy()
    assert (np.array([1., 1.]) + w).grad_fn.name() == "AddBackward0"
    assert w.detach().numpy().tolist() == [1., 2.]


def test_memory_pool_reuses_only_free_arrays():
    n = _pool.POOL_MIN
    x = torch.tensor(np.linspace(0, 1, n), requires_grad=True)
    keep = [torch.sin(x) for _ in range(3)]
    ids = {id(k._data) for k in keep}
    assert len(ids) == 3       # live arrays are never handed out again
    vals = [k.detach().numpy().copy() for k in keep]
    y = (torch.sin(x) * torch.cos(x)).sum()
    y.backward()
    for k, v in zip(keep, vals):
        assert np.array_equal(k.detach().numpy(), v)
    assert np.allclose(x.grad.numpy(), np.cos(2 * np.linspace(0, 1, n)))
    torch.empty_cache()


def test_fast_sin_cos_accuracy():
    rng = np.random.default_rng(3)
    xs = np.concatenate([rng.uniform(-10, 10, _pool.POOL_MIN), np.pi / 2 * np.arange(-40, 41),
                         rng.uniform(-1e6, 1e6, 1000)])
    s, c = _fastmath._sin_fast(xs), _fastmath._cos_fast(xs)
    ref_s, ref_c = np.sin(xs), np.cos(xs)
    assert np.all(np.abs(s - ref_s) <= 4e-16 * np.maximum(np.abs(ref_s), 1e-300) + 1e-300)
    assert np.all(np.abs(c - ref_c) <= 2e-14 * np.abs(ref_c) + 1e-300)


def test_l3_functional_jacobian():
    J = torch.autograd.functional.jacobian(
        lambda t: torch.stack([t[0]**2 * t[1], 5 * t[0] + t[1] * t[2], t[2] * t[0]]), torch.tensor([1., 2., 3.]))
    assert repr(J) == "tensor([[4., 1., 0.],\n        [5., 3., 2.],\n        [3., 0., 1.]])"


def test_explain_weighted_cat_gives_the_book_9():
    w, x, a, b = G()
    loss = torch.cat([a * b, a + b])
    ex = torch.explain(loss, gradient=torch.tensor([1., 2.]))
    grads = {name: g.tolist() for name, g, _ in ex.leaves}
    assert grads == {"w0": [9.0], "w1": [4.0]} or sorted(grads.values()) == [[4.0], [9.0]]


def test_grad_mode_is_per_thread():
    """no_grad() in one thread does not switch recording off in another (torch's grad mode is thread-local)."""
    import threading
    w = torch.tensor([1.], requires_grad=True)
    entered, release, seen = threading.Event(), threading.Event(), []

    def hold_no_grad():
        with torch.no_grad():
            entered.set()
            release.wait(5)

    th = threading.Thread(target=hold_no_grad)
    th.start()
    entered.wait(5)
    seen.append(torch.is_grad_enabled())
    seen.append((w * 2).requires_grad)
    release.set()
    th.join()
    assert seen == [True, True]


def test_unary_ops_are_the_catalogue_entries():
    """Every catalogue entry with an autograd_name is an op with the entry's torch node name and row."""
    from calc.catalogue import CATALOGUE
    names = [e for e in CATALOGUE if e.autograd_name]
    assert {e.autograd_name for e in names} >= {"sin", "cos", "tan", "exp", "log", "sqrt", "asin", "tanh"}
    for e in names:
        node = getattr(torch, e.autograd_name)(torch.tensor([0.5], requires_grad=True)).grad_fn
        assert node.name() == e.torch_node and node.RULE_ID == e.rule_id
