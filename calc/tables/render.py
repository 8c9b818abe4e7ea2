"""The writers: Markdown, standalone LaTeX, HTML with MathML, JSON, CSV, and the index."""
from __future__ import annotations

import csv
import io
import json
import re

from ..errors import CalcError
from ..render.latex import TEX_SPECIALS
from .latex import _segments
from .mathml import _esc, _math_element
from .rows import _md_math, build_rows
from .spec import (_FORMAT_NAME, _GENERATED, _LANG_NAME, FORMATS, LANGS, TABLES, TableSpec, _columns,
                   _fname, _footer)

def _md_text(s: str) -> str:
    s = re.sub(r"([\\`*_|\[\]])", r"\\\1", s)
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", s)


def _md_rich(text: str) -> str:
    out = []
    for kind, s in _segments(text):
        out.append(f"${_md_math(s)}$" if kind == "math" else _md_text(s))
    return "".join(out)


def _nav_links(spec: TableSpec, lang: str, fmt: str) -> list[tuple[str, str]]:
    links = [(t.short[lang], _fname(t, lang, fmt)) for t in TABLES if t is not spec]
    other = "zh" if lang == "en" else "en"
    links.append((_LANG_NAME[other], _fname(spec, other, fmt)))
    links += [(_FORMAT_NAME[f], _fname(spec, lang, f)) for f in FORMATS if f != fmt]
    return links


def render_md(spec: TableSpec, lang: str) -> str:
    rows = build_rows(spec, lang)
    cols = _columns(spec, lang)
    lines = [f"<!-- {_GENERATED} -->", "", f"# {spec.title[lang]}", "", _md_rich(spec.note[lang]), ""]
    lines.append("| " + " | ".join(h for _, h in cols) + " |")
    lines.append("|" + "|".join("---" for _ in cols) + "|")
    for r in rows:
        cells = []
        for key, _ in cols:
            if key == "id":
                cells.append(f"`{r.id}`")
            elif key == "name":
                cells.append(_md_rich(r.name))
            elif key == "conditions":
                cells.append(_md_rich(r.conditions_text) if r.conditions_text else "—")
            else:
                cells.append(f"${getattr(r, key).latex_md}$")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", _md_rich(_footer(spec, lang)), "",
              " · ".join(f"[{label}]({href})" for label, href in _nav_links(spec, lang, "md")), ""]
    return "\n".join(lines)


_TEX_TEXT = TEX_SPECIALS


def _tex_text(s: str, lang: str) -> str:
    out = "".join(_TEX_TEXT.get(c, c) for c in s)
    if lang == "en":
        bad = sorted({c for c in out if not c.isascii()})
        if bad:
            raise CalcError(f"cannot typeset {''.join(bad)!r} with pdflatex in {s!r}")
    return out


def _tex_rich(text: str, lang: str) -> str:
    return "".join(f"${s}$" if kind == "math" else _tex_text(s, lang) for kind, s in _segments(text))


def _tex_title(spec: TableSpec, lang: str) -> str:
    title, label = spec.title[lang], spec.short[lang]
    if title.startswith(label + " "):  # "表2-1\quad 求导与微分公式": xeCJK drops a plain space
        return _tex_text(label, lang) + r"\quad " + _tex_text(title[len(label) + 1:], lang)
    return _tex_text(title, lang)


def render_tex(spec: TableSpec, lang: str) -> str:
    rows = build_rows(spec, lang)
    cols = _columns(spec, lang)
    colspec = {"id": "l", "name": r">{\raggedright\arraybackslash}m{3.3cm}", "function": r">{$\displaystyle}l<{$}",
               "derivative": r">{$\displaystyle}l<{$}", "differential": r">{$\displaystyle}l<{$}",
               "conditions": r">{\raggedright\arraybackslash}m{5.2cm}"}
    if lang == "zh":
        head = [f"% {_GENERATED}", "% compile with xelatex (ctex)",
                r"\documentclass[UTF8,a4paper,landscape]{ctexart}"]
    else:
        head = [f"% {_GENERATED}", "% compile with pdflatex",
                r"\documentclass[a4paper,landscape]{article}"]
    head += [r"\usepackage[margin=1.6cm]{geometry}", r"\usepackage{amsmath,amssymb}",
             r"\usepackage{array,booktabs,longtable}", r"\renewcommand{\arraystretch}{1.6}",
             r"\pagestyle{empty}", r"\setlength{\parindent}{0pt}", r"\begin{document}",
             r"\section*{" + _tex_title(spec, lang) + "}",
             _tex_rich(spec.note[lang], lang), "",
             r"\small",
             r"\begin{longtable}{@{}" + " ".join(colspec[k] for k, _ in cols) + r"@{}}",
             r"\toprule",
             " & ".join(r"\textbf{" + _tex_text(h, lang) + "}" for _, h in cols) + r" \\",
             r"\midrule", r"\endhead", r"\bottomrule", r"\endfoot"]
    body = []
    for r in rows:
        cells = []
        for key, _ in cols:
            if key == "id":
                cells.append(r"\texttt{" + r.id + "}")
            elif key == "name":
                cells.append(_tex_rich(r.name, lang))
            elif key == "conditions":
                cells.append(_tex_rich(r.conditions_text, lang) or "---")
            else:
                cells.append(getattr(r, key).latex)
        if any(r"\frac" in c for c in cells):  # room for display-style fractions
            first = [k for k, _ in cols].index("function" if spec.function_column else "derivative")
            cells[first] = r"\rule[-2.6ex]{0pt}{6.8ex}" + cells[first]
        body.append(" & ".join(cells) + r" \\ \addlinespace[3pt]")
    tail = [r"\end{longtable}", "", r"\footnotesize " + _tex_rich(_footer(spec, lang), lang), "",
            r"\end{document}", ""]
    return "\n".join(head + body + tail)


_CSS = """
:root { --fg: #1b1b1b; --muted: #5c5c5c; --rule: #1b1b1b; --line: #d8d8d8; --bg: #ffffff;
        --id: #2456a4; --card: #f7f7f5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --muted: #a8a8a8; --rule: #e8e8e8; --line: #444; --bg: #161616;
          --id: #8ab4f8; --card: #202020; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; padding: 1.25rem; background: var(--bg); color: var(--fg);
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
       "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 72rem; margin: 0 auto; }
nav { max-width: 72rem; margin: 0 auto 0.5rem; font-size: 0.9rem; color: var(--muted); }
nav a { color: var(--id); margin-right: 0.9rem; white-space: nowrap; }
h1 { font-size: 1.45rem; line-height: 1.3; margin: 0.5rem 0 0.4rem; }
p.note { margin: 0 0 1rem; color: var(--muted); }
p.foot { margin: 1rem 0 0; font-size: 0.85rem; color: var(--muted); }
math { font-family: "STIX Two Math", "Latin Modern Math", "Cambria Math", math; font-size: 1.2em; }
table { width: 100%; border-collapse: collapse; border-top: 2px solid var(--rule);
        border-bottom: 2px solid var(--rule); }
thead th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--rule);
           padding: 0.5rem 0.6rem; white-space: nowrap; }
td { padding: 0.55rem 0.6rem; vertical-align: middle; border-top: 1px solid var(--line); }
tbody tr:first-child td { border-top: none; }
td.id { font: 0.85rem/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
        color: var(--id); white-space: nowrap; }
td.id a { color: inherit; text-decoration: none; }
td.f { white-space: nowrap; }
td.c { font-size: 0.92rem; min-width: 10rem; }
td.n { min-width: 7rem; }
tr:target td { background: var(--card); }
@media (max-width: 46rem) {
  body { padding: 0.8rem; }
  table, thead, tbody, tr, td { display: block; width: 100%; }
  table { border: none; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
       margin: 0 0 0.8rem; padding: 0.35rem 0.75rem; }
  td { border: none; padding: 0.3rem 0; display: grid; grid-template-columns: 6.2rem minmax(0, 1fr);
       gap: 0.5rem; align-items: baseline; }
  td::before { content: attr(data-label); color: var(--muted); font-size: 0.8rem; }
  td .v { display: block; min-width: 0; }
  td.f .v { overflow-x: auto; overflow-y: hidden; }
  td.c, td.n { min-width: 0; }
}
"""


def _html_rich(text: str) -> str:
    return "".join(_math_element(s) if kind == "math" else _esc(s) for kind, s in _segments(text))


def render_html(spec: TableSpec, lang: str) -> str:
    rows = build_rows(spec, lang)
    cols = _columns(spec, lang)
    title = spec.title[lang]
    out = ['<!DOCTYPE html>',
           f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{"zh-Hans" if lang == "zh" else "en"}">',
           f"<!-- {_esc(_GENERATED)} -->",
           "<head>", '<meta charset="utf-8" />',
           '<meta name="viewport" content="width=device-width, initial-scale=1" />',
           '<meta name="generator" content="calc tables" />',
           f"<title>{_esc(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           "<nav>" + "".join(f'<a href="{_esc(h)}">{_esc(label)}</a>'
                             for label, h in _nav_links(spec, lang, "html")) + "</nav>",
           "<main>", f"<h1>{_esc(title)}</h1>", f'<p class="note">{_html_rich(spec.note[lang])}</p>',
           "<table>", "<thead><tr>" + "".join(f'<th scope="col">{_esc(h)}</th>' for _, h in cols)
           + "</tr></thead>", "<tbody>"]
    for r in rows:
        tds = []
        for key, label in cols:
            attr = f' data-label="{_esc(label)}"'
            if key == "id":
                tds.append(f'<td class="id"{attr}><span class="v"><a href="#{r.id}">{r.id}</a></span></td>')
            elif key == "name":
                tds.append(f'<td class="n"{attr}><span class="v">{_html_rich(r.name)}</span></td>')
            elif key == "conditions":
                tds.append(f'<td class="c"{attr}><span class="v">{_html_rich(r.conditions_text) or "—"}</span></td>')
            else:
                tds.append(f'<td class="f"{attr}><span class="v">{_math_element(getattr(r, key).latex)}</span></td>')
        out.append(f'<tr id="{r.id}">' + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>", f'<p class="foot">{_html_rich(_footer(spec, lang))}</p>',
            "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def render_json(spec: TableSpec, lang: str) -> str:
    rows = build_rows(spec, lang)
    doc = {
        "table": spec.key, "lang": lang, "title": spec.title[lang], "note": spec.note[lang],
        "generated_by": "calc tables (calc.catalogue)", "verification": _footer(spec, lang),
        "rows": [{
            "id": r.id, "name": r.name,
            "function": {"sympy": r.function.sympy, "latex": r.function.latex},
            "derivative": {"sympy": r.derivative.sympy, "latex": r.derivative.latex},
            "differential": {"sympy": r.differential.sympy, "latex": r.differential.latex},
            "conditions": {"sympy": r.conditions_sympy, "latex": r.conditions_latex,
                           "text": r.conditions_text},
            "params": r.params, "wording": r.wording,
        } for r in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = ("id", "name", "function_sympy", "function_latex", "derivative_sympy", "derivative_latex",
              "differential_sympy", "differential_latex", "conditions_sympy", "conditions_latex",
              "conditions_text")


def render_csv(spec: TableSpec, lang: str) -> str:
    """The rows as CSV; the Chinese files begin with a UTF-8 byte order mark, by which
    spreadsheet programs (Excel) know to read them as UTF-8."""
    buf = io.StringIO()
    if lang == "zh":
        buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for r in build_rows(spec, lang):
        w.writerow([r.id, r.name, r.function.sympy, r.function.latex, r.derivative.sympy,
                    r.derivative.latex, r.differential.sympy, r.differential.latex,
                    r.conditions_sympy, r.conditions_latex, r.conditions_text])
    return buf.getvalue()


def render_index(specs: tuple[TableSpec, ...] = TABLES) -> str:
    lines = [f"<!-- {_GENERATED} -->", "", "# Rule tables / 求导与微分公式表", "",
             "Generated from the rule registry `calc.catalogue` and verified row by row "
             "(see the note under each table). Regenerate with `calc tables`; "
             "`calc tables --check` fails when this folder no longer matches the registry.", "",
             "| table | " + " | ".join(f"{_FORMAT_NAME[f]}" for f in FORMATS) + " |",
             "|---|" + "---|" * len(FORMATS)]
    for spec in specs:
        for lang in LANGS:
            links = " | ".join(f"[{lang}]({_fname(spec, lang, f)})" for f in FORMATS)
            lines.append(f"| {spec.title[lang]} | {links} |")
    lines.append("")
    return "\n".join(lines)


_RENDER = {"md": render_md, "tex": render_tex, "html": render_html, "json": render_json,
           "csv": render_csv}
