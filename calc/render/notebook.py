"""Jupyter display of every result: the same content as the command line's formats.

:class:`Notebook` is the one mixin: a result with ``markdown()`` and ``latex()``
(and, for extrema, ``plot()``) gets ``_repr_markdown_`` (its Markdown),
``_repr_latex_`` (its LaTeX fragment of ``\\[ … \\]`` blocks) and ``_repr_html_``:
its Markdown written as HTML (the ``$…$`` mathematics left for the notebook's
MathJax), with the plot inline as SVG when the result has one and matplotlib is
installed.
"""
from __future__ import annotations

import html
import io
import re


class Notebook:
    """``_repr_html_``, ``_repr_latex_`` and ``_repr_markdown_`` from the result's renderers."""

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def _repr_latex_(self) -> str:
        return self.latex()

    def _repr_html_(self) -> str:
        return to_html(self)


def to_html(result) -> str:
    """The result's Markdown as HTML, and its plot as inline SVG when it has one."""
    out = ['<div class="calc-result">', markdown_html(result.markdown())]
    svg = plot_svg(result)
    if svg:
        out.append(f'<div class="calc-plot">{svg}</div>')
    out.append("</div>")
    return "\n".join(out)


def plot_svg(result) -> str:
    """The result's figure as an SVG element ("" when it has none or matplotlib is missing)."""
    if not callable(getattr(result, "plot", None)):
        return ""
    from .plot import PlotUnavailable   # only when a figure is asked for
    try:
        fig = result.plot()
    except PlotUnavailable:
        return ""
    import matplotlib
    import matplotlib.pyplot as plt
    _lighter(fig)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):   # text as text: the page's fonts
        fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):] if "<svg" in svg else ""


def _lighter(fig) -> None:
    """Surfaces, meshes and filled contours as embedded images (the SVG of every facet of a
    surface is half a megabyte); curves, markers and text stay vectors."""
    for ax in fig.axes:
        ax.set_rasterization_zorder(1.5)   # 2-D axes: collections (zorder 1) below the lines (2)
        if ax.name == "3d":                # 3-D axes order their artists themselves
            for c in ax.collections:
                if type(c).__name__ == "Poly3DCollection":
                    c.set_rasterized(True)


# -- a small Markdown writer for what calc's renderers emit: paragraphs, **bold**,
#    nested "- " lists, pipe tables and $…$ mathematics (kept for MathJax, or written by
#    the caller's ``math``: calc serve's MathML)

_INLINE = re.compile(r"\$([^$]+)\$|\*\*(.+?)\*\*")


def _keep_tex(tex: str) -> str:
    return "$" + html.escape(tex, quote=False) + "$"


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("\\_", "_")


def _inline(s: str, math=_keep_tex, text=_escape) -> str:
    out, last = [], 0
    for m in _INLINE.finditer(s):
        out.append(text(s[last:m.start()]))
        out.append(math(m.group(1)) if m.group(1) is not None else f"<strong>{_inline(m.group(2), math, text)}</strong>")
        last = m.end()
    return "".join(out) + text(s[last:])


def _cells(line: str) -> list:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(rows: list, inline) -> str:
    head, body = rows[0], [r for r in rows[1:] if not set(r.replace("|", "").strip()) <= set("-: ")]
    out = ["<table>", "<tr>" + "".join(f"<th>{inline(c)}</th>" for c in _cells(head)) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{inline(c)}</td>" for c in _cells(r)) + "</tr>" for r in body]
    return "\n".join(out + ["</table>"])


def _list(items: list, inline) -> str:
    """Nested <ul> from (indent, text) items."""
    out, depth = [], []
    for indent, text in items:
        if not depth or indent > depth[-1]:
            out.append("<ul>")
            depth.append(indent)
        else:
            while len(depth) > 1 and indent < depth[-1]:
                out.append("</li></ul>")
                depth.pop()
            out.append("</li>")
        out.append(f"<li>{inline(text)}")
    out += ["</li></ul>"] * len(depth)
    return "\n".join(out)


def markdown_html(md: str, math=None, text=None, fold_steps: bool = False) -> str:
    """HTML of calc's Markdown (paragraphs, lists, tables).

    ``math(tex)`` writes a ``$…$`` formula (default: left as ``$…$`` for MathJax), ``text(s)``
    the text around it (default: escaped); with ``fold_steps`` a list right under a paragraph
    that starts with **Steps** folds into ``<details>`` with that paragraph as its summary."""
    def inline(s: str) -> str:
        return _inline(s, math or _keep_tex, text or _escape)
    blocks: list = []
    para: list = []
    lines = md.split("\n")
    i = 0

    def flush():
        if para:
            blocks.append("<p>" + "<br>\n".join(inline(p) for p in para) + "</p>")
            para.clear()
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if not stripped:
            flush()
            i += 1
        elif stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(lines[i])
                i += 1
            blocks.append(_table(rows, inline))
        elif stripped.startswith("- "):
            steps = fold_steps and not para and blocks and blocks[-1].startswith("<p><strong>Steps")
            flush()
            items = []
            while i < len(lines) and lines[i].lstrip().startswith("- "):
                items.append((len(lines[i]) - len(lines[i].lstrip()), lines[i].lstrip()[2:]))
                i += 1
            if steps:
                summary = blocks.pop()[3:-4]
                blocks.append(f'<details class="steps"><summary>{summary}</summary>\n{_list(items, inline)}\n</details>')
            else:
                blocks.append(_list(items, inline))
        else:
            para.append(stripped)
            i += 1
    flush()
    return "\n".join(blocks)
