"""Renderers of differential results: text, the textbook formula, LaTeX, Markdown, dict."""
from __future__ import annotations

import sympy as sp

from ..printing import latex as _latex
from ..printing import textbook


def _f(v) -> str:
    v = sp.N(v, 8)
    return f"{float(v):.6g}" if v.is_real else str(v)



def text(r) -> str:
    lhs = "dy" if len(r.variables) == 1 else "dz"
    lines = [f"f = {textbook(r.function)}", f"{lhs} = {r.formula()}"]
    if r.at is not None:
        pt = ", ".join(f"{v.name} = {textbook(a)}" for v, a in zip(r.variables, r.at))
        st = ", ".join(f"Δ{v.name} = {textbook(h)}" for v, h in zip(r.variables, r.step))
        lines.append(f"at {pt} with {st}:")
        lines.append(f"  Δy = f(x0 + Δx) − f(x0) = {textbook(r.increment)} ≈ {_f(r.increment)}")
        lines.append(f"  dy = f′(x0) Δx = {textbook(r.differential_value)} ≈ {_f(r.differential_value)}")
        lines.append(f"  Δy − dy = {textbook(r.remainder)} ≈ {_f(r.remainder)}")
        lines.append("  the remainder is o(Δx): (Δy − dy)/Δx → 0 as Δx → 0")
        lines.append(f"  {'Δx':>12} {'Δy':>16} {'dy':>16} {'Δy − dy':>14} {'(Δy − dy)/Δx':>14}")
        for row in r.table:
            lines.append("  " + " ".join(f"{_f(v):>{w}}" for v, w in zip(row, (12, 16, 16, 14, 14))))
    return "\n".join(lines)

def formula(r) -> str:
    """``3x² dx``, ``(2x + y) dx + x dy``: the textbook form."""
    terms = []
    for p, v in zip(r.shown, r.variables):
        p = p
        if p == 0:
            continue
        s = textbook(p)
        if p.is_Add:
            s = f"({s})"
        s = "" if p == 1 else "-" if p == -1 else s + " "
        terms.append(f"{s}d{v.name}")
    out = " + ".join(terms) if terms else "0"
    return out.replace("+ -", "- ")

def latex(r) -> str:
    lhs = "dy" if len(r.variables) == 1 else "dz"
    terms = []
    for p, v in zip(r.shown, r.variables):
        p = p
        if p != 0:
            ps = _latex(p)
            terms.append((f"\\left({ps}\\right)" if p.is_Add else ps) + f"\\,d{v.name}")
    return f"{lhs} = " + (" + ".join(terms) if terms else "0")

def markdown(r) -> str:
    out = [f"$f = {_latex(r.function)}$", "", f"${r.latex()}$"]
    if r.at is not None:
        out += ["", "| Δx | Δy | dy | Δy − dy | (Δy − dy)/Δx |", "|---|---|---|---|---|"]
        for row in r.table:
            out.append("| " + " | ".join(_f(v) for v in row) + " |")
    return "\n".join(out)

def to_dict(r) -> dict:
    d = {"function": str(r.function), "variables": [v.name for v in r.variables],
         "partials": [str(p) for p in r.partials], "differential": str(r.expr)}
    if r.at is not None:
        d.update({"at": [str(a) for a in r.at], "step": [str(h) for h in r.step],
                  "increment": str(r.increment), "dy": str(r.differential_value),
                  "remainder": str(r.remainder),
                  "table": [[float(sp.N(v)) for v in row] for row in r.table]})
    return d
