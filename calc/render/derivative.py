"""Renderers of derivative results: text, LaTeX, Markdown, dict (JSON); the steps tree.

Functions of a :class:`calc.derivative.DerivativeResult`; they only format what
the result holds (its derived values ``simplified`` and ``undefined_at`` are
computed by the result, under time budgets, not here).
"""
from __future__ import annotations

from ..catalogue import REGISTRY
from ..differentiate import Step, logdiff_view
from ..printing import latex as _latex
from ..printing import textbook
from . import latex as tex


def point_text(p) -> str:
    l = "—" if p.left is None else textbook(p.left)
    r = "—" if p.right is None else textbook(p.right)
    x = p.variable.name if p.variable is not None else "x"
    if p.left is None and p.right is None:
        return f"{x} = {textbook(p.point)} ({p.kind})"
    return f"{x} = {textbook(p.point)} ({p.kind}; f′₋ = {l}, f′₊ = {r})"


def point_dict(p) -> dict:
    return {"x": str(p.point), "kind": p.kind,
            "left_derivative": None if p.left is None else str(p.left),
            "right_derivative": None if p.right is None else str(p.right)}


def _is_point(u) -> bool:
    return hasattr(u, "kind") and hasattr(u, "point")


def _prime(order: int) -> str:
    return "′" * order if order <= 3 else f"^({order})"


def _not_differentiable(r) -> str:
    return "; ".join(u.text() if _is_point(u) else textbook(u) for u in r.undefined_at)


def text(r, steps: bool = False) -> str:
    x = r.variable.name
    lines = [f"f({x}) = {textbook(r.function)}",
             f"f{_prime(r.order)}({x}) = {r.display}"]
    if r.undefined_at:
        lines.append("not differentiable at: " + _not_differentiable(r))
    for n in r.notes:
        lines.append(f"note: {n}")
    if steps:
        for k, s in enumerate(r.steps, 1):
            lines.append(f"Steps (order {k}):" if len(r.steps) > 1 else "Steps:")
            lines.extend(render_steps(s, "text"))
        lines.extend(simplify_line(r.final_step, "text"))
    return "\n".join(lines)


def simplify_line(final, fmt: str) -> list:
    """The derivation's last step when the headline is a simplified form: "simplify: a = b"."""
    if final is None:
        return []
    a, b = final
    if fmt == "text":
        sa, sb = textbook(a), textbook(b)
        return [] if sa == sb else [f"simplify: {sa} = {sb}"]
    if fmt == "latex":
        return [rf"&= {_latex(b)} && {tex.text('simplify')}"]
    return [f"- simplify: ${_latex(a)} = {_latex(b)}$"]


def equation(r) -> str:
    """The headline in LaTeX: d/dx [f] = f′ (math mode)."""
    x = _latex(r.variable)
    d = rf"\frac{{d^{{{r.order}}}}}{{d{x}^{{{r.order}}}}}" if r.order > 1 else rf"\frac{{d}}{{d{x}}}"
    return rf"{d}\left[{_latex(r.function)}\right] = {_latex(r.simplified)}"


def latex(r, steps: bool = False) -> str:
    """A LaTeX fragment: the headline, the points where f′ does not exist, the steps."""
    blocks = [equation(r)]
    if r.undefined_at:
        blocks.append(tex.text("not differentiable at: " + _not_differentiable(r)))
    blocks += [tex.text(f"note: {n}") for n in r.notes]
    if steps:
        for k, s in enumerate(r.steps, 1):
            rows = render_steps(s, "latex")
            if k == len(r.steps):
                rows += simplify_line(r.final_step, "latex")
            head = tex.text(f"order {k}:") + r"\quad " if len(r.steps) > 1 else ""
            blocks.append(head + r"\begin{aligned}" + " \\\\\n".join(rows) + r"\end{aligned}")
    return tex.fragment(blocks)


def markdown(r, steps: bool = True) -> str:
    x = r.variable.name
    lines = [f"**f({x})** = ${_latex(r.function)}$", "",
             f"**f{_prime(r.order)}({x})** = ${_latex(r.simplified)}$", ""]
    if r.undefined_at:
        lines += ["**not differentiable at**: " + _not_differentiable(r), ""]
    lines += [f"note: {n}" for n in r.notes]
    if steps and r.steps:
        for k, s in enumerate(r.steps, 1):
            lines += [f"**Steps (order {k})**" if len(r.steps) > 1 else "**Steps**", ""]
            lines.extend(render_steps(s, "markdown"))
            lines.append("")
        lines.extend(simplify_line(r.final_step, "markdown"))
    return "\n".join(lines).rstrip("\n")


def to_dict(r, steps: bool = True) -> dict:
    final = r.final_step
    return {
        "function": str(r.function),
        "variable": r.variable.name,
        "order": r.order,
        "derivative": str(r.expr),
        "display": r.display,
        "latex": _latex(r.simplified),
        "undefined_at": [u.to_dict() if _is_point(u) else {"condition": str(u)}
                         for u in r.undefined_at],
        "steps": [steps_to_dict(s) for s in r.steps] if steps else [],
        "simplify": None if final is None else {"from": str(final[0]), "to": str(final[1])},
        "notes": list(r.notes),
    }


def _steps_lines(step: Step, fmt: str):
    numbers: dict = {}
    lines: list = []
    stack = [(step, 0)]
    while stack:
        s, depth = stack.pop()
        if id(s) in numbers:
            ref = numbers[id(s)]
            lines.append((depth, s, f"same as step {ref}", None))
            continue
        numbers[id(s)] = len(numbers) + 1
        lines.append((depth, s, None, numbers[id(s)]))
        for c in reversed(list({id(c): c for c in s.children}.values())):   # u^u: u once
            stack.append((c, depth + 1))
    return lines


def render_steps(step: Step, fmt: str = "text", limit: int = 400, partial: bool = False) -> list[str]:
    """The derivation tree as indented lines, each citing its rules (∂/∂x when ``partial``)."""
    out = []
    x = step.variable
    dt, dl = ("∂", r"\partial ") if partial else ("d", "d")
    for i, (depth, s, ref, num) in enumerate(_steps_lines(step, fmt)):
        if i >= limit:
            out.append(f"... ({len(list(step.walk())) - limit} more steps)")
            break
        rules = ", ".join(f"{r} {REGISTRY[r].name_en}" for r in s.rules)
        if fmt == "latex":
            line = (r"\quad " * depth + rf"\tfrac{{{dl}}}{{{dl}{_latex(x)}}}\left[{_latex(s.expr)}\right] &= "
                    + _latex(s.result) + f" && {tex.text(rules + (f' ({ref})' if ref else ''))}")
        elif fmt == "markdown":
            line = "  " * depth + (f"- $\\frac{{{dl}}}{{{dl}{_latex(x)}}}\\left[{_latex(s.expr)}\\right] = "
                                   f"{_latex(s.result)}$ — {rules}" + (f" ({ref})" if ref else ""))
        else:
            tag = f"({num}) " if num else ""
            line = "  " * depth + f"{tag}{dt}/{dt}{x.name} [{textbook(s.expr)}] = {textbook(s.result)}"
            line += f"   [{ref}]" if ref else f"   [{rules}]"
        out.append(line)
        if s.kind == "logdiff" and not ref:
            out.append(_logdiff_line(s, depth + 1, fmt))
    return out


def _logdiff_line(s: Step, depth: int, fmt: str) -> str:
    """y = u^v by logarithmic differentiation: ln y = v ln u, so y′/y = v′ ln u + v u′/u."""
    ln_y, ratio = logdiff_view(s)
    if fmt == "latex":
        return (r"\quad " * depth + rf"\ln y = {_latex(ln_y)},\ \frac{{y'}}{{y}} &= {_latex(ratio)}"
                + f" && {tex.text('logarithmic differentiation: y = ' + textbook(s.expr))}")
    if fmt == "markdown":
        return "  " * depth + (f"- logarithmic differentiation: $y = {_latex(s.expr)}$, $\\ln y = {_latex(ln_y)}$, "
                               f"so $\\frac{{y'}}{{y}} = {_latex(ratio)}$ and $y' = {_latex(s.result)}$")
    return "  " * depth + (f"logarithmic differentiation: y = {textbook(s.expr)}, ln y = {textbook(ln_y)}, "
                           f"so y′/y = {textbook(ratio)} and y′ = {textbook(s.result)}")


def steps_to_dict(step: Step) -> dict:
    ids: dict = {}
    nodes = []
    for s in step.walk():
        ids[id(s)] = len(ids)
    for s in step.walk():
        node = {"id": ids[id(s)], "expr": str(s.expr), "rules": list(s.rules),
                "rule_names": s.rule_names, "result": str(s.result),
                "children": [ids[id(c)] for c in s.children]}
        if s.kind == "logdiff":
            ln_y, ratio = logdiff_view(s)
            node["log_form"] = {"ln_y": str(ln_y), "ratio": str(ratio)}
        nodes.append(node)
    return {"root": 0, "nodes": nodes}
