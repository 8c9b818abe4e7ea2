"""LaTeX of a one-variable extrema result."""
from __future__ import annotations

import sympy as sp

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
            out += f"{w} f = {e.value.latex()}\\ \\text{{at}}\\ " + ", ".join(_where(e)) + "\n"
        else:
            sup = "\\sup" if w == "\\max" else "\\inf"
            out += f"{sup} f = {e.value.latex()}\\ (\\text{{not attained: {e.reason}}})\n"
    return out


_SETS = {"integers": "\\mathbb{Z}", "naturals0": "\\mathbb{N}_0", "naturals": "\\mathbb{N}"}


def _where(e) -> list:
    """The attaining points of an extremum: families (x = p + kT, k ∈ ℤ; every x in an interval
    family), else the points, and the plateau intervals."""
    k = sp.Symbol("k", integer=True)
    out = []
    for fam in e.families:
        ks = f",\\ k \\in {_SETS[fam.k]}"
        if fam.span is not None:
            lo, hi, lo_open, hi_open = fam.span
            ends = fam.span_exact or tuple((n.exact if n.exact is not None else sp.Float(n.approx)) + k * fam.period
                                           for n in (lo, hi))
            out.append(f"x \\in {'(' if lo_open else '['}{_latex(ends[0])}, {_latex(ends[1])}{')' if hi_open else ']'}"
                       + ks)
        elif fam.exact is not None:
            out.append(f"x = {_latex(fam.exact)}" + ks)
        elif fam.equation is not None:
            out.append(f"{_latex(fam.equation[0])} = {_latex(fam.equation[1])}" + ks)
        else:
            out.append(f"x = {fam.base.latex()} + {_latex(k * fam.period)}" + ks)
    if not e.families:
        out += [p.latex() for p in e.points]
    opens = e.open_ends or ((False, False),) * len(e.intervals)
    out += [f"x \\in {'(' if lo_o else '['}{a.latex()}, {b.latex()}{')' if hi_o else ']'}"
            for (a, b), (lo_o, hi_o) in zip(e.intervals, opens)]
    return out
