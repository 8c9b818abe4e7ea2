"""Text, Markdown and LaTeX renderings of the several-variable results (calc.multivariate)."""
from __future__ import annotations

import sympy as sp

from ..printing import latex as _latex
from ..printing import textbook
from . import latex as tex


def _interval_str(I: sp.Interval) -> str:
    return f"{'(' if I.left_open else '['}{I.start}, {I.end}{')' if I.right_open else ']'}"


def _pt_dict(point) -> dict:
    return {name: n.to_dict() for name, n in point}


def _pt_text(point, names=True) -> str:
    if names and len(point) > 0:
        return "(" + ", ".join(n.text(8) for _, n in point) + ")"
    return "(" + ", ".join(n.text(8) for _, n in point) + ")"


def _pt_latex(point) -> str:
    return r"\left(" + ", ".join(n.latex() for _, n in point) + r"\right)"


def _tail(r, bullet: str) -> list:
    """The notes and a status other than ok, one line each."""
    return [f"{bullet}note: {n}" for n in r.notes] + ([f"{bullet}status: {r.status}"] if r.status != "ok" else [])


def head(r) -> str:
    return f"f({', '.join(r.names)})"


_KIND_WORDS = {"min": "local minimum", "max": "local maximum", "saddle": "not an extremum (saddle)",
               "inconclusive": "inconclusive"}


def box_ext_text(r, e, word: str) -> str:
    if not e.decided:
        side = "at least" if word == "maximum" else "at most"
        where = ", ".join(_pt_text(p) for p in e.points[:3]) + (f" and {len(e.points) - 3} more" if len(e.points) > 3 else "")
        found = f" ({side} {e.bound.text()} at ({', '.join(r.names)}) = {where})" if e.bound is not None else ""
        return f"global {word}: not decided{found}" + (f" — {e.reason}" if e.reason else "")
    if not e.attained and e.value is not None and e.value.is_infinite:
        sup = "supremum" if word == "maximum" else "infimum"
        return f"no global {word}: f is unbounded ({sup} {e.value.text()}; {e.reason})"
    if not e.attained:
        return f"global {word}: none guaranteed — {e.reason}"
    where = ", ".join(_pt_text(p) for p in e.points)
    s = f"global {word}: {e.value.text()} at ({', '.join(r.names)}) = {where}"
    if e.reason:
        s += f" — {e.reason}"
    return s


def box_text(r) -> str:
    box = " × ".join(_interval_str(I) for I in r.box)
    L = [f"{head(r)} = {textbook(r.function)} on {box}"]
    for fam in r.families:
        L.append(f"continuum of critical points: {fam}")
    L.append("candidates:")
    w = max([len(_pt_text(c.point)) for c in r.candidates] + [len(", ".join(r.names)) + 2])
    L.append(f"  {'(' + ', '.join(r.names) + ')':<{w}}  {'kind':<18}  f")
    for c in r.candidates:
        L.append(f"  {_pt_text(c.point):<{w}}  {c.kind:<18}  {c.value.text()}")
    L.append(box_ext_text(r, r.maximum, "maximum"))
    L.append(box_ext_text(r, r.minimum, "minimum"))
    return "\n".join(L + _tail(r, ""))


def box_markdown(r) -> str:
    box = r" \times ".join(rf"[{_latex(I.start)}, {_latex(I.end)}]" for I in r.box)
    L = [f"**{head(r)}** = ${_latex(r.function)}$ on ${box}$", "",
         f"| ({', '.join(r.names)}) | kind | f |", "|---|---|---|"]
    for c in r.candidates:
        L.append(f"| ${_pt_latex(c.point)}$ | {c.kind} | ${c.value.latex()}$ |")
    L.append("")
    L.append("- " + box_ext_text(r, r.maximum, "maximum"))
    L.append("- " + box_ext_text(r, r.minimum, "minimum"))
    L += [f"- continuum: {f}" for f in r.families]
    return "\n".join(L + _tail(r, "- "))


def _names_latex(r) -> str:
    return ", ".join(_latex(v) for v in r.variables)


def _tail_latex(r) -> list:
    return [tex.text(line) for line in _tail(r, "")]


def box_latex(r) -> str:
    box = r" \times ".join(rf"[{_latex(I.start)}, {_latex(I.end)}]" for I in r.box)
    names = _names_latex(r)
    rows = " \\\\\n".join(rf"{_pt_latex(c.point)} & {tex.text(c.kind)} & {c.value.latex()}"
                          for c in r.candidates)
    blocks = [rf"f({names}) = {_latex(r.function)}, \qquad ({names}) \in {box}",
              f"\\begin{{array}}{{lll}}\n({names}) & {tex.text('kind')} & f \\\\ \\hline\n{rows}\n\\end{{array}}"]
    blocks += [tex.text(f"continuum of critical points: {fam}") for fam in r.families]
    for e, word, op in ((r.maximum, "maximum", r"\max"), (r.minimum, "minimum", r"\min")):
        if e.decided and e.attained:
            blocks.append(rf"{op} f = {e.value.latex()} \quad {tex.text('at')}\ ({names}) = "
                          + ",\\ ".join(_pt_latex(p) for p in e.points))
        else:
            blocks.append(tex.text(box_ext_text(r, e, word)))
    return tex.fragment(blocks + _tail_latex(r))


def critical_text(r) -> str:
    L = [f"{head(r)} = {textbook(r.function)}"
         + (" on " + " × ".join(_interval_str(I) for I in r.region) if r.region else "")]
    L.append("∇f = (" + ", ".join(textbook(g) for g in r.gradient) + ")")
    L.append("H = [" + "; ".join(", ".join(textbook(e) for e in row) for row in r.hessian) + "]")
    if r.critical_points:
        L.append("critical points:")
        for c in r.critical_points:
            nd = "" if c.differentiable else " (f not differentiable)"
            L.append(f"  ({', '.join(r.names)}) = {_pt_text(c.point)}{nd}, f = {c.value.text(8)}: "
                     f"{_KIND_WORDS[c.kind]}" + (" (strict)" if c.strict else "") + f" — {c.test}")
    elif not r.families:
        L.append("no critical points")
    for fam in r.families:
        L.append(f"family: {fam}")
    return "\n".join(L + _tail(r, ""))


def critical_markdown(r) -> str:
    grad = r"\left(" + ", ".join(_latex(g) for g in r.gradient) + r"\right)"
    L = [f"**{head(r)}** = ${_latex(r.function)}$", "", rf"$\nabla f = {grad}$", "",
         f"| ({', '.join(r.names)}) | f | kind | test |", "|---|---|---|---|"]
    for c in r.critical_points:
        nd = "" if c.differentiable else " (not differentiable)"
        L.append(f"| ${_pt_latex(c.point)}$ | ${c.value.latex()}$ | {_KIND_WORDS[c.kind]}{nd} | {c.test} |")
    L.append("")
    L += [f"- family: {f}" for f in r.families]
    return "\n".join(L + _tail(r, "- "))


def critical_latex(r) -> str:
    grad = r"\left(" + ", ".join(_latex(g) for g in r.gradient) + r"\right)"
    H = sp.Matrix([list(row) for row in r.hessian]) if r.hessian else sp.Matrix()
    names = _names_latex(r)
    region = (r",\qquad (" + names + r") \in " + r" \times ".join(
        rf"{_latex(I)}" for I in r.region)) if r.region else ""
    blocks = [rf"f({names}) = {_latex(r.function)}{region}", rf"\nabla f = {grad}, \qquad H = {_latex(H)}"]
    if r.critical_points:
        rows = " \\\\\n".join(
            rf"{_pt_latex(c.point)} & {c.value.latex()} & "
            + tex.text(_KIND_WORDS[c.kind] + (" (strict)" if c.strict else "")
                       + ("" if c.differentiable else " (f not differentiable)"))
            + " & " + tex.text(c.test, 50, "6cm")
            for c in r.critical_points)
        blocks.append(f"\\begin{{array}}{{llll}}\n({names}) & f & {tex.text('kind')} & {tex.text('test')} "
                      f"\\\\ \\hline\n{rows}\n\\end{{array}}")
    elif not r.families:
        blocks.append(tex.text("no critical points"))
    blocks += [tex.text(f"family: {fam}") for fam in r.families]
    return tex.fragment(blocks + _tail_latex(r))
