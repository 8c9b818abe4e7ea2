"""A result as an HTML fragment: MathML for the mathematics, links from rule ids to the rows
of the tables pages, the derivation folded in ``<details>``, the plot as inline SVG.

The content is the result's own Markdown (the renderers of :mod:`calc.render`: candidates,
classification, extrema with certified enclosures, steps), written as HTML by the notebook's
writer (:func:`calc.render.notebook.markdown_html`) with two pieces from here: the mathematics
as MathML (calc's LaTeX of parsed sympy expressions, translated by
:func:`calc.tables.mathml.mathml_of`, the tables' MathML) and the text escaped with its rule ids
linked.  The plot is the notebook's inline SVG (:func:`calc.render.notebook.plot_svg`).
"""
from __future__ import annotations

import html
import re

from ..errors import CalcError

OPS = {"diff": "derivative, step by step", "differential": "differential",
       "extrema": "global extrema", "critical": "critical points"}


def esc(s) -> str:
    return html.escape(str(s), quote=True)


def math(latex: str) -> str:
    """A ``<math>`` element of calc's LaTeX; the LaTeX as code when MathML cannot show it."""
    from ..tables.mathml import mathml_of
    try:
        body = mathml_of(latex)
    except CalcError:   # LaTeX beyond the tables' subset: shown as it is, never dropped
        return f'<code class="tex">{esc(latex)}</code>'
    return ('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">'
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


def result_html(q: dict, result) -> str:
    """The page's answer: the reading of the input, the result, the plot."""
    from ..render.notebook import markdown_html, plot_svg
    parts = [interpretation(q), '<section class="answer"><h2>Answer</h2>',
             markdown_html(result.markdown(), math=math, text=linked, fold_steps=True)]
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
