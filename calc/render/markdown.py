"""Markdown of a one-variable extrema result."""
from __future__ import annotations

from ..printing import latex as _latex
from .text import KIND_WORDS, derivative_shown, domain_label, extremum_text, strict_word


def extrema_markdown(r) -> str:
    x = r.variable.name
    L = [f"**f({x})** = ${_latex(r.function)}$ on ${_latex(r.interval)}$", "",
         f"**{domain_label(r)}**: ${_latex(r.domain)}$", "",
         f"**f′({x})** = ${_latex(derivative_shown(r))}$", "",
         f"| {x} | kind | f({x}) |", "|---|---|---|"]
    for c in r.candidates:
        L.append(f"| ${c.x.latex()}$ | {c.kind}{' (' + c.detail + ')' if c.detail else ''} | ${c.value.latex()}$ |")
    L.append("")
    for e in r.local_extrema:
        L.append(f"- ${x} = {e.x.latex()}$: {KIND_WORDS[e.kind]}{strict_word(e)} — {e.test}")
    L += ["", "- " + extremum_text(r.maximum, "maximum", x), "- " + extremum_text(r.minimum, "minimum", x)]
    L += [f"- note: {n}" for n in r.notes]
    return "\n".join(L)
