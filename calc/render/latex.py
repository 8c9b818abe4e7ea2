"""LaTeX: the pieces every fragment is made of, and the one-variable extrema fragment.

A fragment is a sequence of display blocks ``\\[ … \\]`` with plain words in
``\\text{…}``; it compiles in a document with ``amsmath`` and ``amssymb``
(pdflatex: words are written in ASCII, symbols as mathematics).
"""
from __future__ import annotations

from ..printing import latex as _latex
from .text import KIND_WORDS, derivative_shown, domain_label, extremum_text, strict_word

TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}", "<": r"\textless{}",
                ">": r"\textgreater{}", "|": r"\textbar{}"}

# what calc's plain text uses beyond ASCII, as pdflatex can typeset it inside \text{}
_TEX_UNICODE = {"—": "---", "–": "--", "−": "-", "′": "'", "…": r"\ldots{}", "≤": r"$\le$", "≥": r"$\ge$",
                "≠": r"$\ne$", "±": r"$\pm$", "∞": r"$\infty$", "π": r"$\pi$", "ℤ": r"$\mathbb{Z}$",
                "ℕ": r"$\mathbb{N}$", "ℝ": r"$\mathbb{R}$",
                "√": r"$\surd$", "∛": r"$\sqrt[3]{}$", "∈": r"$\in$", "→": r"$\to$", "×": r"$\times$",
                "·": r"$\cdot$", "≈": r"$\approx$", "Δ": r"$\Delta$", "∪": r"$\cup$", "∇": r"$\nabla$",
                "∂": r"$\partial$", "ε": r"$\varepsilon$", "ρ": r"$\rho$", "φ": r"$\varphi$", "ᐟ": "/",
                "⁻": r"$^{-}$", "⁽": r"$^{(}$", "⁾": r"$^{)}$", "₋": r"$_{-}$", "₊": r"$_{+}$"}
_TEX_UNICODE.update({c: f"$^{{{i}}}$" for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})
_TEX_UNICODE.update({c: f"$_{{{i}}}$" for i, c in enumerate("₀₁₂₃₄₅₆₇₈₉")})


_TEXT_MODE = {**TEX_SPECIALS, "<": "$<$", ">": "$>$", **_TEX_UNICODE}


def tex_text(s: str) -> str:
    """Plain text for ``\\text{…}``: TeX's special characters escaped, calc's symbols as mathematics."""
    return "".join(_TEXT_MODE.get(c, c) for c in s)


def text(s: str, width: int = 80, box: str = r"0.95\linewidth") -> str:
    """``\\text{…}``; a text longer than ``width`` characters is set in a paragraph box
    ``box`` wide, so that it wraps."""
    if len(s) > width:
        return rf"\text{{\parbox{{{box}}}{{\raggedright {tex_text(s)}}}}}"
    return rf"\text{{{tex_text(s)}}}"


def block(body: str) -> str:
    """One display block."""
    return rf"\[ {body} \]"


def fragment(blocks) -> str:
    return "\n".join(block(b) for b in blocks if b)


def extrema_latex(r) -> str:
    x = r.variable.name
    X = _latex(r.variable)
    rows = " \\\\\n".join(f"{c.x.latex()} & {text(c.kind + (f' ({c.detail})' if c.detail else ''))} & "
                          f"{c.value.latex()}" for c in r.candidates)
    rows += "".join(f" \\\\\n{text('limit ' + w)} & {text(f'({why})')} & {v.latex()}" for w, v, why in r.limits)
    blocks = [rf"f({X}) = {_latex(r.function)}, \qquad {X} \in {_latex(r.interval)}",
              rf"{text(domain_label(r) + ':')}\ {_latex(r.domain)}",
              rf"f'({X}) = {_latex(derivative_shown(r))}",
              r"\begin{array}{lll}" + f"\n{X} & {text('kind')} & f({X}) " + r"\\ \hline" + f"\n{rows}\n"
              + r"\end{array}"]
    if r.local_extrema:
        cls = " \\\\\n".join(
            rf"{X} = {e.x.latex()} & {text(KIND_WORDS[e.kind] + strict_word(e))} & {text(e.test, 50, '6cm')}"
            for e in r.local_extrema)
        blocks.append(r"\begin{array}{lll}" + f"\n{cls}\n" + r"\end{array}")
    for e, word, op in ((r.maximum, "maximum", r"\max"), (r.minimum, "minimum", r"\min")):
        if e is not None and e.decided and e.attained and not e.families and not e.intervals:
            pts = ",\\ ".join(f"{X} = {p.latex()}" for p in e.points)
            blocks.append(rf"{op} f = {e.value.latex()} \quad {text('at')}\ {pts}")
        else:
            blocks.append(text(extremum_text(e, word, x)))
    blocks += [text(f"note: {n}") for n in r.notes]
    if r.status != "ok":
        blocks.append(text(f"status: {r.status}"))
    return fragment(blocks)
