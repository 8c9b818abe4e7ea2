"""Random programs: calc.autograd's gradients equal calc's symbolic derivatives,
and (when torch is installed) torch's gradients of the same programs.

A program is a list of steps over a few random leaves (0-d and 2-element
tensors, broadcasting together).  Each step applies one operation whose
domain contains the current values (log only of positive values, arcsin only
inside (-1, 1), no kinks or ties nearby), so every derivative exists and the
symbolic derivative is the truth: ``to_sympy`` turns the graph into a sympy
expression, ``calc.diff`` differentiates it by the rule tables, mpmath
evaluates it at 30 digits, and autograd must agree to 1e-12 relative.
"""
import random

import mpmath
import math

import numpy as np
import pytest
import sympy as sp

import calc
from calc import autograd as ag

N_PROGRAMS = 220
REL = 1e-12

UNARY = ["sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "exp", "log", "sqrt",
         "abs", "relu", "sigmoid", "tanh", "neg", "pow2", "pow3", "powhalf", "powm1", "pow15", "rpow",
         "clamp"]
BINARY = ["add", "sub", "mul", "div", "maximum", "minimum", "powuv", "where"]


def _ok(op, v, w=None):
    """Is the op safely inside its domain (and away from kinks and poles) at these values?"""
    a = np.abs(v)
    if op in ("asin", "acos"):
        return np.all(a < 0.9)
    if op in ("log", "sqrt", "powhalf", "pow15"):
        return np.all(v > 0.2)
    if op in ("tan", "sec"):
        return np.all(np.abs(np.cos(v)) > 0.2) and np.all(a < 50)
    if op in ("cot", "csc"):
        return np.all(np.abs(np.sin(v)) > 0.2) and np.all(a < 50)
    if op == "acot":
        return np.all(a > 0.2)
    if op in ("exp", "rpow", "pow3", "sin", "cos", "tanh", "sigmoid"):
        return np.all(a < 4)
    if op == "powm1":
        return np.all(a > 0.3)
    if op in ("abs", "relu"):
        return np.all(a > 1e-2)
    if op == "clamp":
        return np.all(np.abs(v - 0.5) > 1e-2) and np.all(np.abs(v + 0.5) > 1e-2)
    if op == "pow2":
        return np.all(a < 10)
    if op == "div":
        return np.all(np.abs(w) > 0.3)
    if op in ("maximum", "minimum"):
        return np.all(np.abs(v - w) > 1e-2)
    if op == "powuv":
        return np.all(v > 0.3) and np.all(np.abs(w) < 3)
    if op == "mul":
        return np.all(np.abs(v * w) < 50)
    return np.all(a < 50)


def make_program(seed):
    """(leaf values, steps); step = (op, i, j) on the list of values so far."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    n_leaves = rng.randint(1, 3)
    leaves = []
    for _ in range(n_leaves):
        shape = rng.choice([(), (2,)])
        leaves.append(nprng.uniform(-1.5, 1.5, shape))
    vals = [np.asarray(v) for v in leaves]
    steps = []
    n_steps = rng.randint(3, 8)
    tries = 0
    while len(steps) < n_steps and tries < 200:
        tries += 1
        i = rng.randrange(len(vals))
        if rng.random() < 0.55:
            op = rng.choice(UNARY)
            if not _ok(op, vals[i]):
                continue
            steps.append((op, i, None))
            vals.append(_eval_np(op, vals[i], None))
        else:
            op = rng.choice(BINARY)
            j = rng.randrange(len(vals))
            if op in ("maximum", "minimum", "where", "powuv") and i == j:
                continue
            if not _ok(op, vals[i], vals[j]):
                continue
            steps.append((op, i, j))
            vals.append(_eval_np(op, vals[i], vals[j]))
    # combine the last value with an earlier one so several leaves matter
    if len(vals) > 2:
        steps.append(("add", len(vals) - 1, rng.randrange(len(vals) - 1)))
    return leaves, steps


def _eval_np(op, v, w):
    with np.errstate(all="ignore"):
        t = ag.tensor(v)
        u = ag.tensor(w) if w is not None else None
        return apply(ag, op, t, u)._data


def apply(M, op, t, u):
    """Run one step with module M (calc.autograd or torch)."""
    if op == "cot":
        return 1 / M.tan(t) if M is not ag else ag.cot(t)
    if op == "sec":
        return 1 / M.cos(t) if M is not ag else ag.sec(t)
    if op == "csc":
        return 1 / M.sin(t) if M is not ag else ag.csc(t)
    if op == "acot":   # the textbook's arccot, range (0, π): π/2 − arctan t
        return math.pi / 2 - M.atan(t) if M is not ag else ag.acot(t)
    if op in ("sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "sqrt", "abs", "relu", "sigmoid",
              "tanh", "neg"):
        return getattr(M, op)(t)
    if op == "pow2":
        return t ** 2
    if op == "pow3":
        return t ** 3
    if op == "powhalf":
        return t ** 0.5
    if op == "powm1":
        return t ** -1
    if op == "pow15":
        return t ** 1.5
    if op == "rpow":
        return 2 ** t
    if op == "clamp":
        return M.clamp(t, -0.5, 0.5)
    if op == "add":
        return t + u
    if op == "sub":
        return t - u
    if op == "mul":
        return t * u
    if op == "div":
        return t / u
    if op == "maximum":
        return M.maximum(t, u)
    if op == "minimum":
        return M.minimum(t, u)
    if op == "powuv":
        return t ** u
    if op == "where":
        return M.where(t > u, t * 2, u - t)
    raise ValueError(op)


def run_program(M, leaves, steps, tensor):
    xs = [tensor(v) for v in leaves]
    vals = list(xs)
    for op, i, j in steps:
        vals.append(apply(M, op, vals[i], vals[j] if j is not None else None))
    y = vals[-1]
    if M is ag:
        y = y.sum() if y.ndim else y
    else:
        y = y.sum() if y.dim() else y
    return xs, y


def _ag_tensor(v):
    return ag.tensor(v, requires_grad=True)


def symbolic_gradient(y):
    """Exact gradient from to_sympy + calc.diff, evaluated with mpmath at 30 digits."""
    expr = ag.to_sympy(y)
    syms = ag.leaf_symbols(y)
    order = list(syms)
    out = {}
    with mpmath.workdps(30):
        vals = [mpmath.mpf(float(syms[s][0].detach().numpy()[syms[s][1]])) for s in order]
        for s in order:
            d = calc.diff(expr, s)
            f = sp.lambdify(order, d, modules="mpmath")
            out[s] = f(*vals)
    return syms, out


def _close(a, b):
    b = complex(b)
    assert abs(b.imag) < 1e-25, b
    b = b.real
    return abs(a - b) <= REL * max(abs(b), 1e-300) or abs(a - b) <= 1e-15


@pytest.mark.parametrize("chunk", range(11))
def test_random_graphs_match_symbolic_derivative(chunk):
    per = N_PROGRAMS // 11
    checked = 0
    for seed in range(chunk * per, (chunk + 1) * per):
        leaves, steps = make_program(seed)
        xs, y = run_program(ag, leaves, steps, _ag_tensor)
        grads = ag.grad(y, xs, allow_unused=True, retain_graph=True)
        gmap = {id(x): g for x, g in zip(xs, grads)}
        syms, exact = symbolic_gradient(y)
        for s, (t, idx) in syms.items():
            g = gmap[id(t)]
            num = 0.0 if g is None else float(g.numpy()[idx])
            assert _close(num, exact[s]), (seed, steps, str(s), num, exact[s], ag.to_sympy(y))
            checked += 1
        # explain and check_gradients run on every program too
        assert ag.explain(y).flags == [], (seed, ag.explain(y).text())
    assert checked >= per


@pytest.mark.parametrize("seed", range(0, 240, 8))
def test_random_graphs_second_order_with_create_graph(seed):
    """create_graph: d/dx_k of (dy/dx_j) equals the symbolic second partial derivative."""
    leaves, steps = make_program(seed)
    xs, y = run_program(ag, leaves, steps, _ag_tensor)
    first = ag.grad(y, xs, create_graph=True, allow_unused=True)
    expr = ag.to_sympy(y)
    syms = ag.leaf_symbols(y)
    order = list(syms)
    with mpmath.workdps(30):
        vals = [mpmath.mpf(float(syms[s][0].detach().numpy()[syms[s][1]])) for s in order]
        for j, (x, g) in enumerate(zip(xs, first)):
            if g is None or not g.requires_grad:
                continue
            gsum = g.sum()
            second = ag.grad(gsum, xs, allow_unused=True, retain_graph=True)
            # symbolic: d/dx_k sum_over_elements(d expr / d x_j[e])
            sj = [s for s in order if syms[s][0] is x]
            dj = sum((calc.diff(expr, s) for s in sj), sp.Integer(0))
            for s in order:
                t, idx = syms[s]
                g2 = second[[id(u) for u in xs].index(id(t))]
                num = 0.0 if g2 is None else float(g2.numpy()[idx])
                exact = sp.lambdify(order, calc.diff(dj, s), modules="mpmath")(*vals)
                assert abs(num - float(mpmath.re(exact))) <= 1e-10 * max(1.0, abs(float(mpmath.re(exact)))), \
                    (seed, steps, str(s), num, exact)


def test_third_order_any_order():
    x = ag.tensor(0.7, requires_grad=True, name="x")
    y = ag.sin(x) * ag.exp(x) + ag.atan(x) ** 2
    g = y
    X = sp.Symbol("x", real=True)
    f = calc.parse("sin(x)*exp(x) + atan(x)^2")
    for order in range(1, 5):
        (g,) = ag.grad(g, x, create_graph=True)
        exact = float(calc.diff(f, X, order).subs(X, sp.Rational(7, 10)).evalf(30))
        assert abs(g.item() - exact) <= 1e-12 * max(1, abs(exact)), (order, g.item(), exact)


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "cot", "sec", "csc", "exp", "log", "asin", "acos", "atan",
                                  "acot", "sqrt", "tanh", "sigmoid"])
def test_compiled_rules_equal_symbolic_engine(name):
    """The backward formula of every unary op is the registry's formula; calc.diff agrees with it."""
    from calc.autograd._compile import OUT
    from calc.catalogue.base import X
    d = ag.DERIVATIVES[name]
    from calc.catalogue import CATALOGUE
    entry = next((e for e in CATALOGUE if e.autograd_name == name), None)
    f = {"sigmoid": 1 / (1 + sp.exp(-X)), "sqrt": sp.sqrt(X)}.get(name) or entry.head(X)
    sym = calc.diff(f, X)
    d_in_x = d.subs(OUT, f)
    for v in (0.3, 0.7, -0.4, 1.3):
        if name in ("asin", "acos") and abs(v) >= 1 or name in ("log", "sqrt") and v <= 0:
            continue
        a = complex(d_in_x.subs(X, sp.Rational(str(v))).evalf(30))
        b = complex(sym.subs(X, sp.Rational(str(v))).evalf(30))
        assert abs(a - b) < 1e-25
        # and the numpy backward computes it
        t = ag.tensor([v, v], requires_grad=True)
        getattr(ag, name)(t).sum().backward()
        assert abs(t.grad.numpy()[0] - a.real) <= 1e-13 * max(1, abs(a.real))
    if name not in ("sigmoid",):
        from calc.catalogue import REGISTRY
        rid = {"sqrt": "2-1.2", "tanh": "extra.tanh"}.get(name)
        rule = REGISTRY[rid] if rid else entry.rule
        node = getattr(ag, name)(ag.tensor(0.5, requires_grad=True)).grad_fn
        assert node.RULE_ID == rule.id and rule.id in node.rules()
        formula = rule.derivative.subs(rule.function.subs(X, X), f) if False else rule.derivative
        if name == "sqrt":
            formula = formula.subs(sp.Symbol("mu", real=True), sp.Rational(1, 2))
        assert sp.simplify(d_in_x - formula) == 0   # the compiled formula is the registry's


def test_forward_values_equal_sympy_functions():
    from calc.catalogue.base import X
    rng = np.random.default_rng(7)
    v = rng.uniform(0.1, 0.9, 50)
    for name in ["sin", "cos", "tan", "cot", "sec", "csc", "exp", "log", "asin", "acos", "atan", "acot", "sqrt",
                 "tanh"]:
        f = sp.lambdify(X, getattr(sp, name)(X), modules="mpmath")
        got = getattr(ag, name)(ag.tensor(v)).numpy()
        for a, x in zip(got, v):
            assert abs(a - float(f(mpmath.mpf(float(x))))) <= 4e-16 * max(1, abs(a))


# ------------------------------------------------------------------ torch cross-check
@pytest.mark.parametrize("chunk", range(4))
def test_random_programs_agree_with_torch(chunk):
    torch = pytest.importorskip("torch")
    for seed in range(chunk * 50, (chunk + 1) * 50):
        leaves, steps = make_program(seed)
        xs, y = run_program(ag, leaves, steps, _ag_tensor)
        txs, ty = run_program(torch, leaves, steps,
                              lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True))
        assert abs(y.item() - ty.item()) <= 1e-12 * max(1, abs(ty.item())), (seed, steps)
        g = ag.grad(y, xs, allow_unused=True, materialize_grads=True)
        tg = torch.autograd.grad(ty, txs, allow_unused=True, materialize_grads=True)
        for a, b in zip(g, tg):
            assert np.allclose(a.numpy(), b.numpy(), rtol=1e-12, atol=1e-14), (seed, steps, a, b)


def test_reference_programs_agree_with_torch():
    torch = pytest.importorskip("torch")
    for M in (ag, torch):
        pass
    outs = []
    for M in (ag, torch):
        kw = {"dtype": torch.float64} if M is torch else {}
        w = M.tensor([1.], requires_grad=True, **kw)
        x = M.tensor([2.], requires_grad=True, **kw)
        a = x + w
        b = w + 1
        loss = M.cat([a * b, a + b])
        loss.backward(gradient=M.tensor([1., 2.], **kw))
        x3 = M.tensor(3., requires_grad=True, **kw)
        g1 = M.autograd.grad(x3 ** 2, x3, create_graph=True)
        g2 = M.autograd.grad(g1[0], x3)
        p = M.tensor(1., requires_grad=True, **kw)
        q = M.tensor(1., requires_grad=True, **kw)
        M.maximum(p, q).backward()
        outs.append((w.grad.tolist(), x.grad.tolist(), g1[0].item(), g2[0].item(), p.grad.item(),
                     type(loss.grad_fn).__name__, type(g1[0].grad_fn).__name__))
    assert outs[0] == outs[1]


def test_error_types_and_phrases_agree_with_torch():
    torch = pytest.importorskip("torch")

    def progs(M):
        kw = {"dtype": torch.float64} if M is torch else {}
        t = lambda v, rg=True: M.tensor(v, requires_grad=rg, **kw)  # noqa: E731

        def twice():
            w = t([1.]); y = (w + 1) * w; y.backward(); y.backward()

        def nonscalar():
            (t([1., 2.]) * 2).backward()

        def leaf_inplace():
            t([1.]).add_(1)

        def unused():
            w = t([1.]); z = t([5.]); M.autograd.grad(w * 2, [w, z])

        def no_grad_fn():
            (t([2.], False) * 3).backward()

        def version():
            w = t([1.]); a = w + 1; y = a * a; a.add_(1); y.backward()

        def shape():
            (t([1., 2.]) * 2).backward(t([1., 1., 1.], False))
        return [twice, nonscalar, leaf_inplace, unused, no_grad_fn, version, shape]

    phrases = ["backward through the graph a second time", "implicitly created only for scalar outputs",
               "leaf Variable that requires grad is being used in an in-place operation",
               "appears to not have been used in the graph", "does not require grad and does not have a grad_fn",
               "modified by an inplace operation", "Mismatch in shape: grad_output[0] has a shape of"]
    for f_ag, f_t, phrase in zip(progs(ag), progs(torch), phrases):
        errs = []
        for f in (f_ag, f_t):
            with pytest.raises(Exception) as ei:
                f()
            errs.append(ei.value)
        assert type(errs[0]) is type(errs[1]), (phrase, errs)
        assert phrase in str(errs[0]) and phrase in str(errs[1]), (phrase, errs)
