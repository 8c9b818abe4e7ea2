"""Show a graph: ``explain`` (the backward pass node by node), ``to_sympy``
(the function the graph computes, in its leaves), ``draw`` (a picture) and
``to_dot`` (Graphviz source).

None of these change the graph: ``explain`` runs its own first-order
backward pass on the recorded values, even after ``backward()`` freed the
graph, and writes no ``.grad``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..parsing import symbol as _real_symbol
from ..catalogue import REGISTRY
from . import _engine
from ._node import Node, _const_sym
from ._tensor import Tensor
from ._engine import _seeds
from ._format import array_str

__all__ = ["explain", "Explanation", "to_sympy", "leaf_symbols", "leaf_values", "draw", "to_dot",
           "check_gradients"]


# ----------------------------------------------------------------------------- leaves and their names
def _walk(outputs):
    """Every node reachable from the outputs (consumers before producers) and the leaves, in order."""
    outs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    deps = _engine._graph(outs)
    order = _engine._order(outs, deps)
    leaves = []
    seen = set()
    for o in outs:
        if o.grad_fn is None and o._rg and id(o) not in seen:
            seen.add(id(o))
            leaves.append(o)
    for n in reversed(order):
        for e in n.next:
            if type(e) is Tensor and id(e) not in seen:
                seen.add(id(e))
                leaves.append(e)
    return outs, order, leaves


def _leaf_names(leaves) -> dict:
    """id(leaf) -> name: its name= or w0, w1, ... by creation order."""
    names = {}
    anon = sorted((t for t in leaves if not getattr(t, "name", None)),
                  key=lambda t: (getattr(t, "_seq", None) or 0))
    used = {t.name for t in leaves if getattr(t, "name", None)}
    k = 0
    for t in anon:
        while f"w{k}" in used:
            k += 1
        names[id(t)] = f"w{k}"
        k += 1
    for t in leaves:
        if getattr(t, "name", None):
            names[id(t)] = t.name
    return names


def _leaf_syms(t, name):
    shape = t._data.shape
    if t._data.size == 1 and len(shape) <= 1:
        arr = np.empty(shape, dtype=object)
        arr.reshape(-1)[0] = _real_symbol(name)
        return arr
    arr = np.empty(shape, dtype=object)
    for idx in np.ndindex(*shape):
        arr[idx] = _real_symbol(name + "_" + "_".join(str(i) for i in idx))
    return arr


def _const_arr(v):
    a = np.asarray(v)
    out = np.empty(a.shape, dtype=object)
    flat = out.reshape(-1)
    for i, x in enumerate(a.reshape(-1).tolist()):
        flat[i] = sp.true if x is True else sp.false if x is False else _const_sym(x)
    return out


def _symbolic(outputs):
    outs, order, leaves = _walk(outputs)
    names = _leaf_names(leaves)
    leaf_sym = {id(t): _leaf_syms(t, names[id(t)]) for t in leaves}
    node_sym: dict = {}

    def arg_of(inp, edge):
        if edge is None:
            return _const_arr(inp._data if type(inp) is Tensor else inp) if inp is not None else None
        if type(edge) is Tensor:
            return leaf_sym[id(edge)]
        return node_sym[edge]

    for n in reversed(order):
        args = []
        for i, inp in enumerate(n.inputs):
            e = n.next[i] if i < len(n.next) else None
            args.append(arg_of(inp, e))
        node_sym[n] = np.asarray(n.sym(args), dtype=object)

    def of(o):
        if o.grad_fn is not None:
            return node_sym[o.grad_fn]
        if o._rg:
            return leaf_sym[id(o)]
        return _const_arr(o._data)

    return [of(o) for o in outs], leaves, names, leaf_sym


def _as_expr(arr):
    arr = np.asarray(arr, dtype=object)
    if arr.size == 1:
        return sp.sympify(arr.reshape(-1)[0], strict=True)   # (a sympy object or a number, never text)
    return sp.Array(arr.tolist(), arr.shape)


def to_sympy(y):
    """The sympy expression the graph of ``y`` computes, in its leaves.

    Leaves that require grad become real symbols (their ``name=`` or w0, w1, ...;
    an n-element leaf x gives x_0, x_1, ...); every other tensor is a constant.
    A one-element result is an expression, a larger one a ``sympy.Array``.
    ``where`` contributes the branch each element took.

    >>> from calc import autograd as ag
    >>> w = ag.tensor([1.], requires_grad=True, name="w"); x = ag.tensor([2.], requires_grad=True, name="x")
    >>> ag.to_sympy(ag.mul(ag.add(x, w), ag.add(w, 1)))
    (w + 1)*(w + x)
    """
    res, _, _, _ = _symbolic([y])
    return _as_expr(res[0])


def leaf_symbols(y) -> dict:
    """{symbol: (leaf tensor, index)} for every leaf element of ``y``'s graph."""
    _, leaves, names, leaf_sym = _symbolic([y])
    out = {}
    for t in leaves:
        arr = leaf_sym[id(t)]
        for idx in np.ndindex(*arr.shape):
            out[arr[idx]] = (t, idx)
    return out


def leaf_values(y) -> dict:
    """{symbol: value} at the point where the graph was evaluated (for ``expr.subs``)."""
    return {s: sp.Float(float(t._data[idx]), 17) for s, (t, idx) in leaf_symbols(y).items()}


def check_gradients(y, tol: float = 1e-10, dps: int = 30) -> list:
    """Compare the gradient of a one-element ``y`` with calc's symbolic derivative.

    Returns one row per leaf element: (symbol, autograd value, symbolic value,
    agrees).  The symbolic derivative is ``calc.diff(to_sympy(y), symbol)``
    evaluated with mpmath at ``dps`` digits.
    """
    import mpmath

    from ..derivative import diff
    if y.numel() != 1:
        raise RuntimeError("check_gradients needs a one-element output")
    expr = to_sympy(y)
    syms = leaf_symbols(y)
    leaves = []
    for s, (t, idx) in syms.items():
        if not any(t is u for u in leaves):
            leaves.append(t)
    _, order_nodes, _ = _walk(y)
    saved_freed = {n: n.freed for n in order_nodes}
    try:
        for n in order_nodes:
            n.freed = False     # the recorded values are still there: check works after backward()
        grads = _engine.grad([y], leaves, retain_graph=True, allow_unused=True)
    finally:
        for n, f in saved_freed.items():
            n.freed = f
    gmap = {id(t): g for t, g in zip(leaves, grads)}
    order = list(syms)
    rows = []
    with mpmath.workdps(dps):
        vals = [mpmath.mpf(float(syms[s][0]._data[syms[s][1]])) for s in order]
        for s in order:
            t, idx = syms[s]
            d = diff(expr, s)
            f = sp.lambdify(order, d, modules="mpmath")
            try:
                exact = f(*vals)
            except (ZeroDivisionError, ValueError):
                exact = mpmath.nan
            g = gmap[id(t)]
            num = 0.0 if g is None else float(g._data[idx])
            ex = complex(exact)
            ok = abs(ex.imag) < 1e-20 and abs(num - ex.real) <= tol * max(1.0, abs(ex.real))
            rows.append((s, num, ex.real if abs(ex.imag) < 1e-20 else ex, ok))
    return rows


# ----------------------------------------------------------------------------- explain
@dataclass
class NodeReport:
    """One node of the backward pass."""

    index: int
    node: Node
    name: str
    formula: str
    rules: tuple
    value: np.ndarray
    adjoint: np.ndarray
    contributions: list = field(default_factory=list)  # (parent label, partial text, value)
    flags: list = field(default_factory=list)


@dataclass
class Explanation:
    """The backward pass of a graph; ``str()`` renders it as text."""

    output: str
    seed: np.ndarray
    nodes: list
    leaves: list   # (name, gradient, contributing node indices)
    flags: list

    def text(self) -> str:
        lines = [f"backward pass of {self.output}", f"seed (adjoint of the output): {_v(self.seed)}"]
        for r in self.nodes:
            rl = ", ".join(f"{i} {REGISTRY[i].name_en}" for i in r.rules if i in REGISTRY)
            lines.append(f"[{r.index}] {r.name}: {r.formula}" + (f"   rule {rl}" if rl else ""))
            lines.append(f"    value {_v(r.value)}   adjoint ḡ = {_v(r.adjoint)}")
            for label, partial, val in r.contributions:
                lines.append(f"    → {label}: {partial} = {_v(val)}")
            for f in r.flags:
                lines.append(f"    ⚠ not differentiable here: {f}")
        lines.append("leaves:")
        for name, g, srcs in self.leaves:
            src = ", ".join(f"[{s}]" for s in srcs)
            lines.append(f"    {name}: gradient {_v(g)}" + (f"   (sum of the contributions from {src})"
                                                            if len(srcs) > 1 else ""))
        if self.flags:
            lines.append(f"{len(self.flags)} node(s) evaluated where the derivative does not exist; the numbers "
                         f"above follow torch's conventions there.")
        return "\n".join(lines)

    __str__ = text

    def __repr__(self):
        return self.text()


def _v(a) -> str:
    if a is None:
        return "—"
    return array_str(np.asarray(a))


def explain(y, gradient=None) -> Explanation:
    """The backward pass of ``y``, node by node (operation, rule, value, adjoint,
    contribution to each parent), and the nodes evaluated where the derivative
    does not exist.  Works after ``backward()`` too; changes nothing.
    """
    outs, order, leaves = _walk(y)
    names = _leaf_names(leaves)
    seeds = _seeds(outs, None if gradient is None else [gradient], False)
    # number the nodes in execution order
    trace: list = []
    saved_freed = {n: n.freed for n in order}
    try:
        for n in order:
            n.freed = False
        _run_for_trace(outs, seeds, trace)
    finally:
        for n, f in saved_freed.items():
            n.freed = f
    index = {n: i + 1 for i, (n, _, _) in enumerate(trace)}
    reports = []
    leaf_src: dict = {}
    leaf_sum: dict = {}
    all_flags = []
    for n, g, grads in trace:
        r = NodeReport(index[n], n, type(n).__name__, n.FORMULA, tuple(n.rules()), np.asarray(n.value),
                       np.asarray(g))
        partials = n.PARTIALS
        for i, (e, ge) in enumerate(zip(n.next, grads)):
            if e is None or ge is None:
                continue
            partial = partials[i] if i < len(partials) else (partials[-1] if partials else "")
            which = _operand(n, i)
            if type(e) is Tensor:
                label = f"{names[id(e)]} (leaf{which})"
                leaf_src.setdefault(id(e), []).append(index[n])
                leaf_sum[id(e)] = leaf_sum.get(id(e), 0) + np.asarray(ge)
            else:
                label = f"[{index.get(e, '?')}] {type(e).__name__}" + (f" ({which[2:]})" if which else "")
            r.contributions.append((label, partial, np.asarray(ge)))
        try:
            r.flags = list(n.nondiff())
        except (TypeError, ValueError) as exc:
            # an input the flag check cannot compare (an object or complex array, an odd shape):
            # the report says so in the flag instead of hiding the node; any other error is a bug
            r.flags = [f"(could not check: {exc})"]
        all_flags.extend((index[n], f) for f in r.flags)
        reports.append(r)
    leaf_rows = []
    for t in leaves:
        if id(t) in leaf_sum:
            leaf_rows.append((names[id(t)], leaf_sum[id(t)], leaf_src[id(t)]))
    for o, s in zip(outs, seeds):
        if o.grad_fn is None and o._rg:
            leaf_rows.append((names[id(o)], s, []))
    return Explanation(repr(outs[0]), seeds[0], reports, leaf_rows, all_flags)


def _operand(n, i) -> str:
    if len(n.next) == 1:
        return ""
    if len(n.next) <= 3 and not n.FORMULA.startswith(("cat", "stack")):
        return ", " + ("u", "v", "w")[i]
    return f", part {i}"


def _run_for_trace(outs, seeds, trace):
    import warnings
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        _engine.run(outs, seeds, True, False, None, trace)
    # re-number in execution order is the order of trace


# ----------------------------------------------------------------------------- pictures
def _layout(outs, order, leaves):
    """Layers: the output node at the top, leaves at the bottom."""
    depth: dict = {}
    for o in outs:
        if o.grad_fn is not None:
            depth[o.grad_fn] = 0
    for n in order:
        d = depth.get(n, 0)
        for e in n.next:
            if e is None:
                continue
            key = e if type(e) is not Tensor else ("leaf", id(e))
            depth[key] = max(depth.get(key, 0), d + 1)
    maxd = max(depth.values(), default=0)
    for t in leaves:
        depth[("leaf", id(t))] = maxd if order else 0
    return depth


def to_dot(y) -> str:
    """Graphviz DOT source of the graph (forward edges, adjoints in the labels)."""
    ex = explain(y)
    outs, order, leaves = _walk(y)
    names = _leaf_names(leaves)
    idx = {r.node: r for r in ex.nodes}
    lines = ["digraph autograd {", "  rankdir=BT;", "  node [fontname=Helvetica, fontsize=10];"]
    for t in leaves:
        g = next((gr for nm, gr, _ in ex.leaves if nm == names[id(t)]), None)
        lines.append(f'  "L{id(t)}" [shape=box, style=filled, fillcolor="#dbeafe", '
                     f'label="{names[id(t)]} = {_v(t._data)}\\ngrad {_v(g)}"];')
    for n in order:
        r = idx.get(n)
        rules = ", ".join(r.rules) if r else ""
        flag = "\\n⚠ not differentiable here" if r and r.flags else ""
        lines.append(f'  "N{id(n)}" [shape=ellipse, style=filled, fillcolor="{"#fee2e2" if flag else "#f3f4f6"}", '
                     f'label="[{r.index if r else "?"}] {type(n).__name__}\\n{rules}\\nvalue {_v(n.value)}'
                     f'\\nadjoint {_v(r.adjoint) if r else "—"}{flag}"];')
        for e in n.next:
            if e is None:
                continue
            src = f"L{id(e)}" if type(e) is Tensor else f"N{id(e)}"
            lines.append(f'  "{src}" -> "N{id(n)}";')
    lines.append("}")
    return "\n".join(lines)


def draw(y, path: str = "graph.png", title: str | None = None, dpi: int = 120):
    """Draw the graph of ``y`` with matplotlib (leaves at the bottom, the output at the top).

    Each box shows the node (torch's name), the rule ids, the value and the
    adjoint; leaves show their gradient; nodes evaluated where the derivative
    does not exist are red.  Returns the path.
    """
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    ex = explain(y)
    outs, order, leaves = _walk(y)
    names = _leaf_names(leaves)
    rep = {r.node: r for r in ex.nodes}
    depth = _layout(outs, order, leaves)
    maxd = max(depth.values(), default=0)
    layers: dict = {}
    for key, d in depth.items():
        layers.setdefault(d, []).append(key)
    # keep a stable left-to-right order: execution order for nodes, leaf order for leaves
    rank = {n: i for i, n in enumerate(order)}
    k = len(order)
    for n in order:
        for e in n.next:
            if type(e) is Tensor and ("leaf", id(e)) not in rank:
                rank[("leaf", id(e))] = k
                k += 1
    for t in leaves:
        rank.setdefault(("leaf", id(t)), k)
    pos = {}
    width = max(len(v) for v in layers.values()) if layers else 1
    for d, keys in layers.items():
        keys.sort(key=lambda k: rank.get(k, 0))
        for j, k in enumerate(keys):
            pos[k] = ((j + 0.5) * width / len(keys), maxd - d)
    fig_w = max(6.0, 3.2 * width)
    fig_h = max(3.0, 1.9 * (maxd + 1))
    fig, ax = plt.subplots(figsize=(fig_w, fig_h))
    ax.set_xlim(0, width)
    ax.set_ylim(-0.6, maxd + 0.6)
    ax.axis("off")
    leaf_grad = {nm: g for nm, g, _ in ex.leaves}

    def box(xy, text, color):
        x0, y0 = xy
        ax.add_patch(FancyBboxPatch((x0 - 0.45, y0 - 0.32), 0.9, 0.64, boxstyle="round,pad=0.02",
                                    fc=color, ec="#374151", lw=1))
        ax.text(x0, y0, text, ha="center", va="center", fontsize=7.5, family="monospace")

    for n in order:
        x0, y0 = pos[n]
        r = rep.get(n)
        contrib = {}
        if r is not None:
            j = 0
            for i, e in enumerate(n.next):
                if e is None:
                    continue
                if j < len(r.contributions):
                    contrib[i] = r.contributions[j]
                    j += 1
        for i, e in enumerate(n.next):
            if e is None:
                continue
            k = e if type(e) is not Tensor else ("leaf", id(e))
            x1, y1 = pos[k]
            ax.annotate("", xy=(x0, y0 - 0.33), xytext=(x1, y1 + 0.33),
                        arrowprops=dict(arrowstyle="->", color="#6b7280", lw=1))
            if i in contrib:
                _, partial, val = contrib[i]
                xm, ym = x1 + 0.3 * (x0 - x1), (y1 + 0.33) + 0.3 * ((y0 - 0.33) - (y1 + 0.33))
                ax.text(xm, ym, f"{partial} = {_short(val)}", fontsize=7, color="#b45309", ha="center",
                        va="center", bbox=dict(fc="white", ec="none", alpha=0.8, pad=0.5))
    for n in order:
        r = rep.get(n)
        rl = " ".join(f"{i} {REGISTRY[i].name_en}" if i in REGISTRY else i for i in r.rules[:1]) + \
            (" + chain" if "2-2.5" in r.rules else "")
        label = (f"[{r.index}] {type(n).__name__}: {n.FORMULA}\n{rl}\nvalue {_short(n.value)}"
                 f"\nadjoint ḡ = {_short(r.adjoint)}")
        box(pos[n], label, "#fecaca" if r.flags else "#e5e7eb")
    for t in leaves:
        nm = names[id(t)]
        label = f"{nm} (leaf)\nvalue {_short(t._data)}\ngrad {_short(leaf_grad.get(nm))}"
        box(pos[("leaf", id(t))], label, "#bfdbfe")
    ax.set_title(title or f"backward pass of {ex.output}\n(arrows: forward pass; orange: the contribution each "
                          f"node sends back)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def _short(a) -> str:
    if a is None:
        return "—"
    a = np.asarray(a)
    if a.size > 4:
        return f"<{'×'.join(map(str, a.shape))} array>"
    return array_str(a)
