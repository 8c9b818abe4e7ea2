"""The pages of ``calc serve`` around a result: layout, the query form, the tables index,
and the two static files (the style sheet and a little JavaScript that shows the fields of
the chosen operation; without it every field is shown and the page works the same).

Every value from the request is escaped (:func:`calc.web.html.esc`) before it is written.
"""
from __future__ import annotations

from urllib.parse import urlencode

from .html import OPS, esc

EXAMPLES = [
    ("diff", {"f": "x^2 sin x"}),
    ("diff", {"f": "arccot(x)/ln x"}),
    ("differential", {"f": "x^3", "at": "2", "dx": "0.01"}),
    ("extrema", {"f": "x^3 - 3x", "on": "[-2, 3]"}),
    ("extrema", {"f": "e^x - 3x^2", "on": "[-1, 4]"}),
    ("extrema", {"f": "x^2 + y^2 - x y", "on": "x in [-1, 1], y in [0, 2]"}),
    ("critical", {"f": "x^3 - 3x y + y^3"}),
]

# (name, label, the operations that take it, placeholder)
FIELDS = [
    ("on", "interval or box", "extrema", "[-2, 3]  ·  (0, oo)  ·  x in [-1, 1], y in [0, 2]"),
    ("var", "variable", "diff extrema", "x (when f has several symbols)"),
    ("vars", "variables", "differential critical", "x, y"),
    ("order", "order", "diff", "1"),
    ("at", "at the point", "differential", "2  ·  1, 2"),
    ("dx", "step Δx", "differential", "0.01  ·  0.1, -0.1"),
    ("let", "parameter values", "diff differential extrema critical", "a=2; b=pi/3"),
]
OPTIONS = {op: {name for name, _, ops, _ in FIELDS if op in ops.split()} for op in OPS}


def link(op: str, params: dict, api: bool = False) -> str:
    """The URL of a query's page (or of its JSON); empty options left out."""
    kept = {k: v for k, v in params.items() if v not in (None, "") and k != "op"}
    if api:
        return f"/api/{op}?" + urlencode(kept, doseq=True)
    return "/?" + urlencode({"op": op, **kept}, doseq=True)


def layout(title: str, body: str, lang: str = "en") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/static/calc.css">
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<script src="/static/calc.js" defer></script>
</head>
<body>
<header><nav><a class="home" href="/">calc</a><a href="/tables/">rule tables</a>
<a href="/tables/table2-1.en.html">Table 2-1</a><a href="/tables/table2-2.en.html">Table 2-2</a>
<a href="/tables/table2-1.zh.html" lang="zh-Hans">中文</a></nav></header>
<main>
{body}
</main>
<footer>calc: derivatives by the textbook's rule tables; extrema exact or certified.
Every answer is right or says it is undecided.</footer>
</body>
</html>
"""


def form(params: dict) -> str:
    """The query form, filled in with ``params`` (escaped)."""
    op = params.get("op") if params.get("op") in OPS else "extrema"
    radios = "".join(f'<label class="op"><input type="radio" name="op" value="{o}"'
                     f'{" checked" if o == op else ""}> {esc(words)}</label>' for o, words in OPS.items())
    fields = []
    for name, label, ops, hint in FIELDS:
        value = params.get(name) or ""
        kind = ' type="number" min="1" max="20"' if name == "order" else ""
        fields.append(f'<label class="field" data-ops="{ops}"><span>{esc(label)} '
                      f'<small>({esc(", ".join(ops.split()) if name != "let" else "optional")})</small></span>'
                      f'<input name="{name}"{kind} value="{esc(value)}" placeholder="{esc(hint)}" '
                      f'autocomplete="off" spellcheck="false"></label>')
    return f"""<form class="query" method="get" action="/">
<label class="field main"><span>function</span>
<input name="f" value="{esc(params.get('f') or '')}" placeholder="x^3 - 3x" required autofocus
 autocomplete="off" autocapitalize="off" spellcheck="false"></label>
<fieldset class="ops"><legend>operation</legend>{radios}</fieldset>
{''.join(fields)}
<button type="submit">Answer</button>
</form>"""


def examples() -> str:
    items = "".join(f'<li><a href="{esc(link(op, p))}">{esc(OPS[op])}: <code>{esc(p["f"])}</code>'
                    + (f' on <code>{esc(p["on"])}</code>' if "on" in p else "") + "</a></li>"
                    for op, p in EXAMPLES)
    return f'<section class="examples"><h2>Examples</h2><ul>{items}</ul></section>'


def help_text() -> str:
    return """<section class="help"><h2>Input</h2><p>Formulas as people type them: <code>2x sin x</code>,
<code>x^2</code> or <code>x²</code>, <code>√(x+1)</code>, <code>e^(-x)</code>, <code>|x|</code>, <code>π</code>,
<code>∞</code>, and a LaTeX subset (<code>\\frac{a}{b}</code>, <code>\\sin x</code>). <code>sin^-1 x</code> is
arcsin x; <code>1/2x</code> is (1/2)x: the answer starts with the formula as calc read it. The JSON of every
answer is at <code>/api/&lt;operation&gt;?f=…</code>, the same as <code>calc … --format json</code>.</p></section>"""


def home(params: dict, answer: str = "", json_link: str = "") -> str:
    """The query page, with an answer below the form when there is one."""
    if not answer:
        return layout("calc", "<h1>calc</h1>" + form(params) + examples() + help_text())
    more = f'<p class="json"><a href="{esc(json_link)}">JSON of this answer</a></p>' if json_link else ""
    title = f"calc: {params.get('f', '')}"
    return layout(title, "<h1>calc</h1>" + form(params) + answer + more)


def tables_index() -> str:
    from ..tables.spec import LANGS, TABLES
    rows = "".join("<li>" + " · ".join(f'<a href="/tables/{spec.stem}.{lg}.html" lang="{"zh-Hans" if lg == "zh" else "en"}">'
                                       f"{esc(spec.title[lg])}</a>" for lg in LANGS) + "</li>" for spec in TABLES)
    return layout("calc: rule tables", f"<h1>Rule tables</h1><ul class='tables'>{rows}</ul>"
                  "<p>Each step of a derivation links to its row. The tables are generated from the rules "
                  "the engine differentiates with (also as Markdown, LaTeX, JSON and CSV: see the links "
                  "at the top of each table).</p>")


def table_page(generated: str) -> str:
    """A generated table (calc.tables' HTML) with a way back to the query page."""
    return generated.replace("<nav>", '<nav><a href="/">calc</a><a href="/tables/">tables</a>', 1)


def busy(retry_after: int) -> str:
    return layout("calc: busy", f'<h1>calc</h1><section class="error" role="alert"><h2>Busy</h2><p>Every '
                  f"worker is answering other queries and the queue is full; try again in {retry_after} s.</p>"
                  "</section>")


def not_found() -> str:
    return layout("calc: not found", '<h1>Not found</h1><p><a href="/">The query page</a></p>')


ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" '
        'fill="#2456a4"/><text x="16" y="24" font-size="22" text-anchor="middle" fill="#fff" '
        'font-family="serif">∂</text></svg>')

CSS = """:root { --fg: #1b1b1b; --muted: #5c5c5c; --line: #d8d8d8; --bg: #fff; --card: #f6f6f3;
        --link: #2456a4; --bad: #a4262c; --warn: #8a5a00; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --muted: #a8a8a8; --line: #444; --bg: #161616; --card: #202020;
          --link: #8ab4f8; --bad: #ff8a80; --warn: #f2c46d; }
  figure svg { background: #fff; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
header nav { padding: 0.6rem 0; border-bottom: 1px solid var(--line); }
header nav a { margin-right: 1rem; white-space: nowrap; }
header nav a.home { font-weight: 700; }
a { color: var(--link); }
h1 { font-size: 1.5rem; margin: 0.8rem 0; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 0.4rem; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 2rem; padding-bottom: 1.5rem; }
math { font-family: "STIX Two Math", "Latin Modern Math", "Cambria Math", math; font-size: 1.15em; }
math[display="block"] { overflow-x: auto; overflow-y: hidden; margin: 0.2rem 0; }
form.query { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.6rem 1rem;
             background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.9rem; }
form.query .main, form.query .ops, form.query button { grid-column: 1 / -1; }
.field span { display: block; font-size: 0.9rem; color: var(--muted); }
.field small { font-size: 0.75rem; }
input { width: 100%; font: inherit; font-size: 16px; padding: 0.45rem 0.55rem; border: 1px solid var(--line);
        border-radius: 6px; background: var(--bg); color: var(--fg); }
.main input { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 1.05rem; }
fieldset.ops { border: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; }
fieldset.ops legend { font-size: 0.9rem; color: var(--muted); padding: 0; }
label.op { white-space: nowrap; }
label.op input { width: auto; }
button { font: inherit; font-weight: 600; padding: 0.55rem 1.2rem; border-radius: 6px; border: none;
         background: var(--link); color: var(--bg); cursor: pointer; justify-self: start; }
section.reading dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem; margin: 0; }
section.reading dt { color: var(--muted); }
section.reading dd { margin: 0; min-width: 0; }
section.answer table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse;
                       margin: 0.5rem 0; }
th, td { text-align: left; padding: 0.35rem 0.7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { border-bottom: 2px solid var(--fg); }
ul { padding-left: 1.3rem; }
details.steps { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem 0.8rem; }
details.steps summary { cursor: pointer; font-weight: 600; }
details.steps ul ul { border-left: 1px solid var(--line); }
a.rule { font: 0.85rem ui-monospace, Menlo, Consolas, monospace; }
figure { margin: 0.5rem 0; }
figure svg { width: 100%; height: auto; }
section.error { border-left: 4px solid var(--bad); padding: 0.2rem 0.9rem; background: var(--card); }
section.error h2 { color: var(--bad); }
p.where code { white-space: pre-wrap; word-break: break-all; }
p.where mark { background: var(--bad); color: var(--bg); }
p.partial { color: var(--warn); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em;
       overflow-wrap: anywhere; }
.examples li { margin: 0.2rem 0; }
@media (max-width: 40rem) {
  header, main, footer { padding: 0 0.6rem; }
  h1 { font-size: 1.3rem; }
  section.reading dl { grid-template-columns: minmax(0, 1fr); }
  section.reading dd { margin-bottom: 0.4rem; }
  details.steps { padding: 0.4rem 0.5rem; }
  details.steps ul { padding-left: 0.8rem; }
}
"""

JS = """// calc serve: show the fields of the chosen operation (without this file every field shows).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.query");
  if (!form) { return; }
  function show() {
    var checked = form.querySelector("input[name=op]:checked");
    var op = checked ? checked.value : "extrema";
    form.querySelectorAll("[data-ops]").forEach(function (field) {
      var on = field.getAttribute("data-ops").split(" ").indexOf(op) >= 0;
      field.hidden = !on;
      field.querySelectorAll("input").forEach(function (input) { input.disabled = !on; });
    });
  }
  form.addEventListener("change", show);
  show();
});
"""
