"""A result as an HTML fragment: MathML for the mathematics, links from rule ids to the rows
of the tables pages, the derivation folded in ``<details>``, the plot as inline SVG.

The content is the result's own Markdown (the renderers of :mod:`calc.render`: candidates,
classification, extrema with certified enclosures, steps); this module only writes it as
HTML.  Every piece of text is escaped; the mathematics is calc's LaTeX of parsed sympy
expressions, translated by :func:`calc.tables.mathml.mathml_of` (the tables' MathML).
"""
from __future__ import annotations

import html
import io
import re

from ..errors import CalcError

OPS = {"diff": "derivative, step by step", "differential": "differential",
       "extrema": "global extrema", "critical": "critical points"}


def esc(s) -> str:
    return html.escape(str(s), quote=True)


def math(latex: str, display: bool = False) -> str:
    """A ``<math>`` element of calc's LaTeX; the LaTeX as code when MathML cannot show it."""
    from ..tables.mathml import mathml_of
    try:
        body = mathml_of(latex)
    except CalcError:   # LaTeX beyond the tables' subset: shown as it is, never dropped
        return f'<code class="tex">{esc(latex)}</code>'
    mode = "block" if display else "inline"
    return (f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">'
            f'<semantics>{body}<annotation encoding="application/x-tex">{esc(latex)}</annotation>'
            f"</semantics></math>")


# ------------------------------------------------------------------ rule ids -> table rows
def _rule_links() -> tuple[re.Pattern, dict]:
    from ..tables.spec import TABLES
    where = {rule.id: f"/tables/{spec.stem}.en.html#{rule.id}" for spec in TABLES for rule in spec.rules}
    ids = sorted(where, key=len, reverse=True)
    return re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])"), where


_LINKS: tuple | None = None


def linked(text: str) -> str:
    """Escaped text with each table row id (2-2.3, extra.abs) a link to that row."""
    global _LINKS
    if _LINKS is None:
        _LINKS = _rule_links()
    pattern, where = _LINKS
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(esc(text[last:m.start()]))
        out.append(f'<a class="rule" href="{where[m.group(1)]}">{esc(m.group(1))}</a>')
        last = m.end()
    return "".join(out) + esc(text[last:])


# ------------------------------------------------------------------ calc's Markdown -> HTML
_INLINE = re.compile(r"\$([^$]+)\$|\*\*(.+?)\*\*")


def inline(text: str) -> str:
    out, last = [], 0
    for m in _INLINE.finditer(text):
        out.append(linked(text[last:m.start()]))
        out.append(math(m.group(1)) if m.group(1) is not None else f"<strong>{inline(m.group(2))}</strong>")
        last = m.end()
    return "".join(out) + linked(text[last:])


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(rows: list[str]) -> str:
    head, body = _cells(rows[0]), [_cells(r) for r in rows[2:]]
    out = ['<div class="scroll"><table>', "<thead><tr>" + "".join(f'<th scope="col">{inline(c)}</th>' for c in head)
           + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f'<td data-label="{esc(h)}">{inline(c)}</td>' for h, c in zip(head, r)) + "</tr>"
            for r in body]
    return "\n".join(out + ["</tbody></table></div>"])


def _list(items: list[tuple[int, str]]) -> str:
    """Nested lists from (indent, text) items."""
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
    return "".join(out + ["</li></ul>"] * len(depth))


def _blocks(md: str):
    """("p", lines) | ("table", rows) | ("list", items) blocks of calc's Markdown."""
    lines, i = md.split("\n"), 0
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        kind = "table" if s.startswith("|") else "list" if s.startswith("- ") else "p"
        group = []
        while i < len(lines) and lines[i].strip():
            t = lines[i].strip()
            k = "table" if t.startswith("|") else "list" if t.startswith("- ") else "p"
            if k != kind:
                break
            group.append((len(lines[i]) - len(lines[i].lstrip()), t[2:]) if kind == "list" else t)
            i += 1
        yield kind, group


_STEPS = re.compile(r"\*\*(Steps[^*]*)\*\*")


def markdown_html(md: str) -> str:
    """HTML of calc's Markdown; a list under a bold "Steps…" line folds into ``<details>``."""
    out, summary = [], None
    for kind, group in _blocks(md):
        if kind == "p" and len(group) == 1 and _STEPS.fullmatch(group[0]):
            summary = _STEPS.fullmatch(group[0]).group(1)
            continue
        if kind == "list" and summary is not None:
            out.append(f'<details class="steps"><summary>{esc(summary)}</summary>{_list(group)}</details>')
            summary = None
            continue
        if summary is not None:
            out.append(f"<p><strong>{esc(summary)}</strong></p>")
            summary = None
        if kind == "table":
            out.append(_table(group))
        elif kind == "list":
            out.append(_list(group))
        else:
            out.append("<p>" + "<br>\n".join(inline(t) for t in group) + "</p>")
    return "\n".join(out)


# ------------------------------------------------------------------ the pieces of a result page
def interpretation(q: dict) -> str:
    """How calc reads the input: f as MathML and the options, before the answer."""
    from ..parsing import free_symbols, parse
    from ..printing import latex
    f = parse(q["f"], let=q.get("let") or None)
    names = ", ".join(s.name for s in sorted(free_symbols(f), key=lambda s: s.name)) or "x"
    rows = [f"<dt>operation</dt><dd>{esc(OPS[q['op']])}</dd>",
            f"<dt>function</dt><dd>{math(f'f({names}) = ' + latex(f))}</dd>"]
    if q.get("on"):
        rows.append(f"<dt>on</dt><dd>{_on(q['on'])}</dd>")
    for key in ("var", "vars", "order", "at", "dx"):
        if q.get(key) not in (None, ""):
            rows.append(f"<dt>{esc(key)}</dt><dd><code>{esc(q[key])}</code></dd>")
    return f'<section class="reading"><h2>Input</h2><dl>{"".join(rows)}</dl></section>'


def _on(on: str) -> str:
    """The interval or box as calc reads it (MathML), or the text when it does not read."""
    from ..printing import latex
    from ..stages.intervals import parse_box, parse_interval
    try:
        if " in " in on or "<" in on:
            names, box = parse_box(on, closed=False)
            return math(r",\ ".join(f"{v.name} \\in {latex(box[v])}" for v in names))
        return math(latex(parse_interval(on)))
    except (CalcError, RecursionError):   # the answer's error says what is wrong with it
        return f"<code>{esc(on)}</code>"


def plot_svg(result) -> str:
    """The result's figure as an inline SVG element ("" without matplotlib or a figure)."""
    if not callable(getattr(result, "plot", None)):
        return ""
    try:
        import matplotlib
    except ImportError:
        return ""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    try:
        fig = result.plot()
    except CalcError:
        return ""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "calc"}):
        fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.find("<svg"):] if "<svg" in svg else ""


def _markdown_of(result) -> str:
    return result.markdown()


def result_html(q: dict, result) -> str:
    """The page's answer: the reading of the input, the result, the plot."""
    parts = [interpretation(q), '<section class="answer"><h2>Answer</h2>',
             markdown_html(_markdown_of(result))]
    status = getattr(result, "status", "ok")
    if status != "ok":
        parts.append(f'<p class="partial">Not fully decided within the time budget (status: {esc(status)}): '
                     "every value shown is right; what is missing is said above.</p>")
    parts.append("</section>")
    svg = plot_svg(result)
    if svg:
        parts.append(f'<section class="plot"><h2>Plot</h2><figure>{svg}</figure></section>')
    return "\n".join(parts)


def error_html(q: dict, exc: BaseException, err: dict, read: bool = True) -> str:
    """The page of an error: the reading of the input when it parses (and ``read``: in a worker,
    where parsing runs under the budget), the message, the hint, the input with the position marked."""
    parts = []
    if read and err["kind"] not in ("parse", "internal"):
        try:
            parts.append(interpretation(q))
        except (CalcError, RecursionError):
            pass   # the error itself says what is wrong with the input
    text, pos = getattr(exc, "text", "") or q.get("f", ""), err.get("position")
    parts.append(f'<section class="error" role="alert"><h2>{esc(err["kind"])} error</h2>'
                 f"<p>{esc(err['message'])}</p>")
    if pos is not None and 0 <= pos <= len(text):
        mark = esc(text[pos:pos + 1] or " ")
        parts.append(f'<p class="where"><code>{esc(text[:pos])}<mark>{mark}</mark>{esc(text[pos + 1:])}</code></p>')
    if err.get("hint"):
        parts.append(f'<p class="hint">hint: {esc(err["hint"])}</p>')
    parts.append("</section>")
    return "\n".join(parts)
