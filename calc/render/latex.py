"""LaTeX of a one-variable extrema result."""
from __future__ import annotations

from ..printing import latex as _latex
from .text import derivative_shown


def extrema_latex(r) -> str:
    rows = " \\\\\n".join(f"{c.x.latex()} & \\text{{{c.kind}}} & {c.value.latex()}" for c in r.candidates)
    out = (f"f({r.variable.name}) = {_latex(r.function)},\\quad f'({r.variable.name}) = "
           f"{_latex(derivative_shown(r))}\n"
           f"\\begin{{array}}{{lll}}\nx & \\text{{kind}} & f(x) \\\\ \\hline\n{rows}\n\\end{{array}}\n")
    for e, w in ((r.maximum, "\\max"), (r.minimum, "\\min")):
        if e is None or not e.decided:
            word = "maximum" if w == "\\max" else "minimum"
            out += f"\\text{{global {word}: not decided}}\n"
        elif e.attained:
            out += f"{w} f = {e.value.latex()}\\ \\text{{at}}\\ " + ", ".join(p.latex() for p in e.points) + "\n"
        else:
            sup = "\\sup" if w == "\\max" else "\\inf"
            out += f"{sup} f = {e.value.latex()}\\ (\\text{{not attained: {e.reason}}})\n"
    return out
