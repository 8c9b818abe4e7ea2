"""Renderers of differential results: text, the textbook formula, LaTeX, Markdown, dict;
the derivation by the differential column (one variable) or the partial derivatives (several).

The names follow the textbook: y = f(x) has dy = f′(x) dx and the increment Δy;
z = f(x, y) has dz = f_x dx + f_y dy and Δz, compared over ρ = √(Δx² + Δy²).
"""
from __future__ import annotations

import sympy as sp

from ..catalogue import REGISTRY
from ..printing import d, textbook
from ..printing import latex as _latex
from . import latex as tex
from .derivative import render_steps, steps_to_dict


def _f(v) -> str:
    v = sp.N(v, 8)
    return f"{float(v):.6g}" if v.is_real else str(v)


def _f_latex(v) -> str:
    """A table number in LaTeX: 1.5e-05 as 1.5 \\cdot 10^{-5}."""
    s = _f(v)
    if "e" in s and s.replace("e", "").replace("-", "").replace("+", "").replace(".", "").isdigit():
        m, e = s.split("e")
        return rf"{m} \cdot 10^{{{int(e)}}}"
    return s


def _names(r):
    """(dependent name, [variable names], the step's name: Δx or ρ)."""
    xs = [v.name for v in r.variables]
    return r.dependent, xs, (f"Δ{xs[0]}" if len(xs) == 1 else "ρ")


def _increment_lines(r) -> list:
    z, xs, h = _names(r)
    pt = ", ".join(f"{v} = {textbook(a)}" for v, a in zip(xs, r.at))
    st = ", ".join(f"Δ{v} = {textbook(s)}" for v, s in zip(xs, r.step))
    at0 = ", ".join(f"{v}0" for v in xs)
    moved = ", ".join(f"{v}0 + Δ{v}" for v in xs)
    lin = " + ".join(f"f_{v} Δ{v}" for v in xs) if len(xs) > 1 else f"f′({xs[0]}0) Δ{xs[0]}"
    lines = [f"at {pt} with {st}:",
             f"  Δ{z} = f({moved}) − f({at0}) = {textbook(r.increment)} ≈ {_f(r.increment)}",
             f"  d{z} = {lin} = {textbook(r.differential_value)} ≈ {_f(r.differential_value)}",
             f"  Δ{z} − d{z} = {textbook(r.remainder)} ≈ {_f(r.remainder)}"]
    if len(xs) == 1:
        lines.append(f"  the remainder is o({h}): (Δ{z} − d{z})/{h} → 0 as {h} → 0")
    else:
        rho = " + ".join(f"Δ{v}²" for v in xs)
        lines.append(f"  the remainder is o(ρ), ρ = √({rho}): (Δ{z} − d{z})/ρ → 0 as ρ → 0")
    return lines


def _table_head(r) -> list:
    z, _, h = _names(r)
    return [h, f"Δ{z}", f"d{z}", f"Δ{z} − d{z}", f"(Δ{z} − d{z})/{h}"]


def text(r, steps: bool = False) -> str:
    z = r.dependent
    lines = [f"{z} = {textbook(r.function)}", f"d{z} = {r.formula()}"]
    if steps:
        lines += steps_lines(r, "text")
    if r.at is not None:
        lines += _increment_lines(r)
        widths = (12, 16, 16, 14, 14)
        lines.append("  " + " ".join(f"{c:>{w}}" for c, w in zip(_table_head(r), widths)))
        for row in r.table:
            lines.append("  " + " ".join(f"{_f(v):>{w}}" for v, w in zip(row, widths)))
    return "\n".join(lines)


def formula(r) -> str:
    """``3x² dx``, ``(2x + y) dx + x dy``: the textbook form."""
    terms = []
    for p, v in zip(r.shown, r.variables):
        if p == 0:
            continue
        s = textbook(p)
        if p.is_Add:
            s = f"({s})"
        s = "" if p == 1 else "-" if p == -1 else s + " "
        terms.append(f"{s}d{v.name}")
    out = " + ".join(terms) if terms else "0"
    return out.replace("+ -", "- ")


def equation(r) -> str:
    """dy = f′(x) dx (dz = f_x dx + f_y dy) in LaTeX, math mode."""
    terms = []
    for p, v in zip(r.shown, r.variables):
        if p != 0:
            ps = _latex(p)
            terms.append((f"\\left({ps}\\right)" if p.is_Add else ps) + f"\\,d{_latex(v)}")
    return f"d{r.dependent} = " + (" + ".join(terms) if terms else "0")


# -- the derivation

def _d_lines(root):
    """(depth, step, number or None, reference or None) of the differential DAG; the
    variable itself (d(x) = dx) and constants (d(C) = 0) are not listed."""
    numbers: dict = {}
    out: list = []
    stack = [(root, 0)]
    while stack:
        s, depth = stack.pop()
        if s.kind in ("var", "const"):
            continue
        if id(s) in numbers:
            out.append((depth, s, None, numbers[id(s)]))
            continue
        numbers[id(s)] = len(numbers) + 1
        out.append((depth, s, numbers[id(s)], None))
        for c in reversed(list({id(c): c for c in s.children}.values())):
            stack.append((c, depth + 1))
    return out


def _cite(s) -> str:
    """The rows a step uses, with their differential column where the catalogue words it."""
    out = []
    for rid in s.rules:
        rule = REGISTRY[rid]
        if rid == "2-2.5" and s.inner is not None:
            du = s.children[0].result
            out.append(f"{rid} {rule.differential_wording}, u = {textbook(s.inner)}, du = {textbook(du)}")
        else:
            out.append(f"{rid} {rule.differential_wording or rule.name_en}")
    return "; ".join(out)


def _cite_latex(s) -> str:
    parts = []
    for rid in s.rules:
        rule = REGISTRY[rid]
        if rid == "2-2.5" and s.inner is not None:
            parts.append(tex.text(f"{rid} {rule.differential_wording}, ") + rf"u = {_latex(s.inner)},\ "
                         rf"du = {_latex(s.children[0].result)}")
        else:
            parts.append(tex.text(f"{rid} {rule.differential_wording or rule.name_en}"))
    return r"\text{; }".join(parts)


def _one_variable_steps(r, fmt: str) -> list:
    root = r.steps[0]
    z = r.dependent
    out = []
    for depth, s, num, ref in _d_lines(root):
        lhs_t = f"d{z} = d({textbook(s.expr)})" if s is root else f"d({textbook(s.expr)})"
        lhs_l = rf"d{z} = d\left({_latex(s.expr)}\right)" if s is root else rf"d\left({_latex(s.expr)}\right)"
        same = s.form == s.result
        if fmt == "text":
            mid = "" if same else f" = {textbook(s.form)}"
            tail = f"   [same as step {ref}]" if ref else f"   [{_cite(s)}]"
            out.append("  " * depth + f"{'(' + str(num) + ') ' if num else ''}{lhs_t}{mid} = "
                       f"{textbook(s.result)}{tail}")
        elif fmt == "latex":
            mid = "" if same else f"{_latex(s.form)} = "
            cite = tex.text(f"same as step {ref}") if ref else _cite_latex(s)
            out.append(r"\quad " * depth + f"{lhs_l} &= {mid}{_latex(s.result)} && {cite}")
        else:
            mid = "" if same else f" = {_latex(s.form)}"
            cite = f"same as step {ref}" if ref else _cite(s)
            out.append("  " * depth + f"- ${lhs_l}{mid} = {_latex(s.result)}$ — {cite}")
    head = _simplified(r)
    if head is not None and textbook(root.result) != textbook(head):
        out.append({"text": f"simplify: {textbook(root.result)} = {textbook(head)}",
                    "latex": rf"&= {_latex(head)} && {tex.text('simplify')}",
                    "markdown": f"- simplify: ${_latex(root.result)} = {_latex(head)}$"}[fmt])
    return out


def _simplified(r):
    """The headline as one expression in dx: f′ (shown) · dx."""
    return r.shown[0] * d(r.variables[0]) if r.shown else None


def steps_lines(r, fmt: str) -> list:
    """The derivation: one variable, by the differential column (dy = f′(u) du at each
    composition); several, dz = f_x dx + f_y dy and the derivation of each partial."""
    if len(r.variables) == 1:
        head = {"text": "Steps (the differential column of Tables 2-1 and 2-2):", "latex": "",
                "markdown": "**Steps** (the differential column of Tables 2-1 and 2-2)\n"}[fmt]
        lines = _one_variable_steps(r, fmt)
        return [head] + lines if head else lines
    z, xs, _ = _names(r)
    total = " + ".join(f"f_{v} d{v}" for v in xs)
    total_latex = " + ".join(rf"f_{{{v}}}\,d{v}" for v in xs)
    out = [{"text": f"Steps: d{z} = {total}", "latex": "",
            "markdown": f"**Steps**: $d{z} = {total_latex}$\n"}[fmt]]
    for v, tree, p in zip(r.variables, r.steps, r.shown):
        if fmt == "text":
            out.append(f"f_{v.name} = ∂{z}/∂{v.name} = {textbook(p)}:")
            out += ["  " + line for line in render_steps(tree, "text", partial=True)]
        elif fmt == "markdown":
            out += [f"$f_{{{v.name}}} = \\frac{{\\partial {z}}}{{\\partial {v.name}}} = {_latex(p)}$", ""]
            out += render_steps(tree, "markdown", partial=True) + [""]
        else:
            out.append(rf"f_{{{v.name}}} &= \frac{{\partial {z}}}{{\partial {_latex(v)}}} = {_latex(p)} && "
                       + tex.text(f"the derivation of f_{v.name}:"))
            out += render_steps(tree, "latex", partial=True)
    return [line for line in out if line != ""] if fmt == "latex" else out


def latex(r, steps: bool = False) -> str:
    blocks = [f"{r.dependent} = {_latex(r.function)}", equation(r)]
    if steps:
        blocks.append(r"\begin{aligned}" + " \\\\\n".join(steps_lines(r, "latex")) + r"\end{aligned}")
    if r.at is not None:
        blocks += [tex.text(line.strip()) for line in _increment_lines(r)]
        head = " & ".join(tex.text(c) for c in _table_head(r))
        rows = " \\\\\n".join(" & ".join(_f_latex(v) for v in row) for row in r.table)
        blocks.append(r"\begin{array}{rrrrr}" + f"\n{head} " + r"\\ \hline" + f"\n{rows}\n" + r"\end{array}")
    return tex.fragment(blocks)


def markdown(r, steps: bool = True) -> str:
    out = [f"${r.dependent} = {_latex(r.function)}$", "", f"${equation(r)}$"]
    if steps:
        out += [""] + steps_lines(r, "markdown")
    if r.at is not None:
        out += [""] + [line.strip().replace("_", r"\_") for line in _increment_lines(r)]
        out += ["", "| " + " | ".join(_table_head(r)) + " |", "|---|---|---|---|---|"]
        for row in r.table:
            out.append("| " + " | ".join(_f(v) for v in row) + " |")
    return "\n".join(out)


def _d_steps_dict(root) -> dict:
    ids: dict = {}
    for s in root.walk():
        ids[id(s)] = len(ids)
    nodes = [{"id": ids[id(s)], "expr": str(s.expr), "rules": list(s.rules),
              "rule_names": [REGISTRY[r].name_en for r in s.rules], "form": str(s.form),
              "result": str(s.result), "inner": None if s.inner is None else str(s.inner),
              "inner_differential": None if s.inner is None else str(s.children[0].result),
              "children": [ids[id(c)] for c in s.children]} for s in root.walk()]
    return {"root": 0, "nodes": nodes}


def to_dict(r, steps: bool = True) -> dict:
    out = {"function": str(r.function), "variables": [v.name for v in r.variables],
           "dependent": r.dependent, "partials": [str(p) for p in r.partials], "differential": str(r.expr)}
    if steps and len(r.variables) == 1:
        out["steps"] = _d_steps_dict(r.steps[0])
    elif steps:
        out["steps"] = {"partials": {v.name: steps_to_dict(t) for v, t in zip(r.variables, r.steps)}}
    if r.at is not None:
        out.update({"at": [str(a) for a in r.at], "step": [str(h) for h in r.step],
                    "increment": str(r.increment), "dy": str(r.differential_value),
                    "remainder": str(r.remainder),
                    "table": [[float(sp.N(v)) for v in row] for row in r.table]})
    return out
