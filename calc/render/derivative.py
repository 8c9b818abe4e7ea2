"""Renderers of derivative results: text, LaTeX, Markdown, dict (JSON); the steps tree.

Functions of a :class:`calc.derivative.DerivativeResult`; they only format what
the result holds (its derived values ``simplified`` and ``undefined_at`` are
computed by the result, under time budgets, not here).
"""
from __future__ import annotations

from ..catalogue import REGISTRY
from ..differentiate import Step
from ..printing import latex as _latex
from ..printing import textbook


def point_text(p) -> str:
    l = "—" if p.left is None else textbook(p.left)
    r = "—" if p.right is None else textbook(p.right)
    return f"x = {textbook(p.point)} ({p.kind}; f′₋ = {l}, f′₊ = {r})"


def point_dict(p) -> dict:
    return {"x": str(p.point), "kind": p.kind,
            "left_derivative": None if p.left is None else str(p.left),
            "right_derivative": None if p.right is None else str(p.right)}


def _is_point(u) -> bool:
    return hasattr(u, "kind") and hasattr(u, "point")


def text(r, steps: bool = False) -> str:
    x = r.variable.name
    prime = "′" * r.order if r.order <= 3 else f"^({r.order})"
    lines = [f"f({x}) = {textbook(r.function)}",
             f"f{prime}({x}) = {r.display}"]
    und = r.undefined_at
    if und:
        lines.append("not differentiable at: " + "; ".join(
            u.text() if _is_point(u) else f"{textbook(u)}" for u in und))
    for n in r.notes:
        lines.append(f"note: {n}")
    if steps:
        for k, s in enumerate(r.steps, 1):
            if len(r.steps) > 1:
                lines.append(f"Steps (order {k}):")
            else:
                lines.append("Steps:")
            lines.extend(render_steps(s, "text"))
    return "\n".join(lines)

def latex(r, steps: bool = False) -> str:
    x = _latex(r.variable)
    d = rf"\frac{{d^{{{r.order}}}}}{{d{x}^{{{r.order}}}}}" if r.order > 1 else rf"\frac{{d}}{{d{x}}}"
    out = rf"{d}\left[{_latex(r.function)}\right] = {_latex(r.simplified)}"
    if steps:
        body = r" \\ ".join(render_steps(r.steps[0], "latex"))
        out += "\n" + r"\begin{aligned}" + body + r"\end{aligned}"
    return out

def markdown(r, steps: bool = True) -> str:
    x = r.variable.name
    lines = [f"**f({x})** = ${_latex(r.function)}$", "",
             f"**derivative (order {r.order})**: ${_latex(r.simplified)}$", ""]
    und = r.undefined_at
    if und:
        lines.append("**not differentiable at**: " + "; ".join(
            u.text() if _is_point(u) else f"${_latex(u)}$" for u in und))
        lines.append("")
    if steps and r.steps:
        lines.append("**Steps**")
        lines.append("")
        lines.extend(render_steps(r.steps[0], "markdown"))
    return "\n".join(lines)

def to_dict(r, steps: bool = True) -> dict:
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
        for c in reversed(s.children):
            stack.append((c, depth + 1))
    return lines


def render_steps(step: Step, fmt: str = "text", limit: int = 400) -> list[str]:
    """The derivation tree as indented lines, each citing its rules."""
    out = []
    x = step.variable
    for i, (depth, s, ref, num) in enumerate(_steps_lines(step, fmt)):
        if i >= limit:
            out.append(f"... ({len(list(step.walk())) - limit} more steps)")
            break
        rules = ", ".join(f"{r} {REGISTRY[r].name_en}" for r in s.rules)
        if fmt == "latex":
            line = (r"\quad" * depth + rf"\tfrac{{d}}{{d{_latex(x)}}}\left[{_latex(s.expr)}\right] &= "
                    + _latex(s.result) + rf" && \text{{{rules}}}")
        elif fmt == "markdown":
            line = "  " * depth + f"- $\\frac{{d}}{{d{_latex(x)}}}\\left[{_latex(s.expr)}\\right] = {_latex(s.result)}$ — {rules}"
        else:
            tag = f"({num}) " if num else ""
            line = "  " * depth + f"{tag}d/d{x.name} [{textbook(s.expr)}] = {textbook(s.result)}"
            line += f"   [{ref}]" if ref else f"   [{rules}]"
        if ref and fmt != "text":
            line += f" ({ref})"
        out.append(line)
    return out


def steps_to_dict(step: Step) -> dict:
    ids: dict = {}
    nodes = []
    for s in step.walk():
        ids[id(s)] = len(ids)
    for s in step.walk():
        nodes.append({"id": ids[id(s)], "expr": str(s.expr), "rules": list(s.rules),
                      "rule_names": s.rule_names, "result": str(s.result),
                      "children": [ids[id(c)] for c in s.children]})
    return {"root": 0, "nodes": nodes}
