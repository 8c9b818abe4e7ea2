"""calc tables: every format parses, holds every row, and --check catches drift."""
import csv
import dataclasses
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sympy as sp

from calc import tables
from calc.errors import CalcError
from calc.catalogue import A, DU, DV, EXTRA, MU, REGISTRY, TABLE_2_1, TABLE_2_2, U, V, X, Rule, dU, dV, dX

REPO = Path(__file__).resolve().parents[1]
COUNTS = {"table2-1": 16, "table2-2": 6, "table-extra": len(EXTRA)}
RULES = {"table2-1": TABLE_2_1, "table2-2": TABLE_2_2, "table-extra": EXTRA}
MATHML = "{http://www.w3.org/1998/Math/MathML}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("tables")
    assert tables.main(out=str(d)) == 0
    return d


def test_all_files_written(out):
    names = {p.name for p in out.iterdir()}
    expected = {f"{stem}.{lang}.{fmt}" for stem in COUNTS for lang in ("en", "zh")
                for fmt in ("md", "tex", "html", "json", "csv")} | {"README.md"}
    assert names == expected


def test_every_row_verified():
    vs = tables.verify_all()
    assert [v.rule_id for v in vs] == [r.id for r in TABLE_2_1 + TABLE_2_2 + EXTRA]
    assert all(v.points >= 4 for v in vs)
    # everything sympy can differentiate is checked against sympy.diff
    assert {v.rule_id for v in vs if v.symbolic == "none"} <= {"extra.floor"}
    assert all(v.symbolic == "identity" for v in vs if v.rule_id.startswith(("2-1", "2-2")))


def test_deterministic():
    assert tables.generate() == tables.generate()


@pytest.mark.parametrize("stem", COUNTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown(out, stem, lang):
    text = (out / f"{stem}.{lang}.md").read_text("utf-8")
    lines = text.splitlines()
    rows = [ln for ln in lines if ln.startswith("| `")]
    assert len(rows) == COUNTS[stem]
    header = lines[lines.index(rows[0]) - 2]
    for rule, line in zip(RULES[stem], rows):
        assert line.startswith(f"| `{rule.id}` |")
        assert line.replace(r"\|", "").count("|") == header.count("|")  # no stray pipes
        assert line.count("$") % 2 == 0
        for m in re.findall(r"\$([^$]*)\$", line):  # GitHub: no space just inside the dollars
            assert m and m == m.strip(), m
    spec = next(t for t in tables.TABLES if t.stem == stem)
    for r in tables.build_rows(spec, lang):
        assert f"${r.derivative.latex_md}$" in text and f"${r.differential.latex_md}$" in text


@pytest.mark.parametrize("stem", COUNTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_latex_source(out, stem, lang):
    text = (out / f"{stem}.{lang}.tex").read_text("utf-8")
    assert r"\usepackage{array,booktabs,longtable}" in text and r"\toprule" in text
    assert text.count(r"\texttt{") == COUNTS[stem]
    assert text.count(r"\begin{longtable}") == text.count(r"\end{longtable}") == 1
    assert text.rstrip().endswith(r"\end{document}")
    if lang == "en":
        assert text.isascii()  # pdflatex
    else:
        assert "ctexart" in text
    spec = next(t for t in tables.TABLES if t.stem == stem)
    for r in tables.build_rows(spec, lang):
        assert f"\\texttt{{{r.id}}}" in text and r.derivative.latex in text


class _Balanced(html.parser.HTMLParser):
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


@pytest.mark.parametrize("stem", COUNTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html(out, stem, lang):
    text = (out / f"{stem}.{lang}.html").read_text("utf-8")
    p = _Balanced()
    p.feed(text)
    p.close()
    assert p.stack == []
    root = ET.fromstring(text.split("\n", 1)[1])  # well-formed XML after the doctype
    body_rows = root.findall(f".//{XHTML}tbody/{XHTML}tr")
    assert [tr.get("id") for tr in body_rows] == [r.id for r in RULES[stem]]
    maths = root.findall(f".//{MATHML}math")
    assert len(maths) >= 3 * COUNTS[stem] - (COUNTS[stem] if stem == "table2-2" else 0)
    tex_sources = {a.text for a in root.iter(f"{MATHML}annotation")}
    spec = next(t for t in tables.TABLES if t.stem == stem)
    for r in tables.build_rows(spec, lang):
        assert r.derivative.latex in tex_sources and r.differential.latex in tex_sources
    # self-contained: no scripts, nothing fetched from the network
    low = text.lower()
    assert "<script" not in low and " src=" not in low and "<link" not in low and "@import" not in low
    assert "http" not in low.replace("http://www.w3.org/1999/xhtml", "").replace(
        "http://www.w3.org/1998/math/mathml", "")
    assert 'name="viewport"' in text and "@media (max-width" in text
    assert root.get("lang") == ("zh-Hans" if lang == "zh" else "en")


@pytest.mark.parametrize("stem", COUNTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json(out, stem, lang):
    doc = json.loads((out / f"{stem}.{lang}.json").read_text("utf-8"))
    rules = RULES[stem]
    assert doc["lang"] == lang and len(doc["rows"]) == COUNTS[stem]
    for rule, row in zip(rules, doc["rows"]):
        assert row["id"] == rule.id
        assert row["name"] == (rule.name_zh if lang == "zh" else rule.name_en)
        assert row["derivative"]["sympy"] == str(rule.derivative)
        assert row["differential"]["sympy"] == str(rule.differential)
        assert row["derivative"]["latex"] and row["function"]["latex"]
        if rule.table == "2-1" and rule.id != "2-1.1":  # the sympy string reads back as the formula
            back = sp.sympify(row["derivative"]["sympy"], locals={"x": X, "a": A, "mu": MU})
            assert sp.simplify(back - rule.derivative) == 0


@pytest.mark.parametrize("stem", COUNTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv(out, stem, lang):
    raw = (out / f"{stem}.{lang}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (lang == "zh")   # a BOM: spreadsheets read Chinese as UTF-8
    with open(out / f"{stem}.{lang}.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == COUNTS[stem]
    assert tuple(rows[0]) == tables.CSV_FIELDS
    for rule, row in zip(RULES[stem], rows):
        assert row["id"] == rule.id and row["derivative_sympy"] == str(rule.derivative)
        assert row["derivative_latex"]


def test_chinese_titles_and_names(out):
    md21 = (out / "table2-1.zh.md").read_text("utf-8")
    md22 = (out / "table2-2.zh.md").read_text("utf-8")
    assert "# 表2-1 求导与微分公式" in md21 and "# 表2-2 求导与微分法则" in md22
    assert "反余切函数" in md21 and "商法则" in md22
    for name in ("table2-1.zh.html", "table2-2.zh.tex", "table2-1.zh.json"):
        assert "表2-" in (out / name).read_text("utf-8")
    en = (out / "table2-1.en.md").read_text("utf-8")
    assert "Table 2-1 Derivatives and differentials" in en and "arccotangent" in en
    # every English conditions text has its Chinese
    assert tables.untranslated() == []
    extra_zh = (out / "table-extra.zh.md").read_text("utf-8")
    assert "kink" not in extra_zh and "角点" in extra_zh


def test_textbook_formulas(out):
    md21 = (out / "table2-1.en.md").read_text("utf-8")
    for piece in [r"$\sec x \tan x$", r"$-\csc x \cot x\,dx$", r"$a^{x} \ln a$",
                  r"$\frac{dx}{x \ln a}$", r"$-\frac{dx}{\sqrt{1 - x^{2}}}$", "$d(C) = 0$",
                  r"$a > 0$, $a \neq 1$", r"$\operatorname{arccot} x$"]:
        assert piece in md21, piece
    md22 = (out / "table2-2.en.md").read_text("utf-8")
    for piece in [r"$(u v)' = u' v + u v'$", r"$d(u v) = v\,du + u\,dv$",
                  r"$\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^{2}}$",
                  r"$d\left(\frac{u}{v}\right) = \frac{v\,du - u\,dv}{v^{2}}$", r"$v \neq 0$"]:
        assert piece in md22, piece


def test_check_detects_drift(out, tmp_path, capsys):
    d = tmp_path / "t"
    shutil.copytree(out, d)
    assert tables.main(out=str(d), check=True) == 0
    f = d / "table2-2.zh.html"
    f.write_text(f.read_text("utf-8").replace("商法则", "商法"), "utf-8")
    capsys.readouterr()
    assert tables.main(out=str(d), check=True) == 1
    assert "table2-2.zh.html" in capsys.readouterr().out
    shutil.copy(out / "table2-2.zh.html", f)
    (d / "table2-1.en.csv").unlink()
    (d / "old.txt").write_text("x")
    assert tables.main(out=str(d), check=True) == 1
    msg = capsys.readouterr().out
    assert "table2-1.en.csv: missing" in msg and "old.txt" in msg
    assert tables.main(out=str(tmp_path / "nothing"), check=True) == 1


def test_partial_output(tmp_path):
    assert tables.main(out=str(tmp_path), fmt="json,csv", lang="zh") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{s}.zh.{f}" for s in COUNTS for f in ("json", "csv"))
    assert tables.main(out=str(tmp_path), fmt="json,csv", lang="zh", check=True) == 0
    with pytest.raises(CalcError, match="unknown format 'pdf'"):
        tables.main(out=str(tmp_path), fmt="pdf")
    with pytest.raises(CalcError, match="unknown language"):
        tables.main(out=str(tmp_path), lang="fr")


# --- a wrong row stops generation, naming the row ---------------------------

def _bad(rule_id, **changes):
    r = REGISTRY[rule_id]
    fields = dict(id=r.id, table=r.table, name_en=r.name_en, name_zh=r.name_zh, function=r.function,
                  derivative=r.derivative, differential=r.differential, conditions=r.conditions,
                  conditions_text=r.conditions_text, params=r.params)
    fields.update(changes)
    return Rule(**fields)


@pytest.mark.parametrize("rule, what", [
    (_bad("2-1.7", derivative=sp.sec(X) * sp.cot(X), differential=sp.sec(X) * sp.cot(X) * dX),
     "finite difference"),
    (_bad("2-1.13", differential=dX / sp.sqrt(1 + X ** 2)), "differential"),
    (_bad("2-1.9", derivative=A ** X / sp.log(A), differential=A ** X / sp.log(A) * dX), "finite difference"),
    (_bad("2-2.3", derivative=DU * DV, differential=dU * dV), "differential"),
    (_bad("2-2.4", derivative=(DU * V + U * DV) / V ** 2, differential=(V * dU + U * dV) / V ** 2),
     "finite difference"),
    (_bad("extra.abs", derivative=DU, differential=dU), "finite difference"),
])
def test_wrong_row_is_named(rule, what):
    with pytest.raises(CalcError) as e:
        tables.verify_rule(rule)
    assert rule.id in str(e.value) and what in str(e.value)


def test_wrong_row_stops_the_command(tmp_path, monkeypatch, capsys):
    from calc import cli
    bad = _bad("2-1.12", derivative=-1 / X, differential=-dX / X)
    spec = tables.TABLES[0]
    broken = dataclasses.replace(spec, rules=spec.rules[:11] + (bad,) + spec.rules[12:])
    monkeypatch.setattr(tables, "TABLES", (broken,) + tables.TABLES[1:])
    d = tmp_path / "never"
    assert cli.main(["tables", "--out", str(d)]) == 2
    assert "2-1.12" in capsys.readouterr().err
    assert not d.exists()


def test_mathml_subset():
    assert tables.mathml_of(r"\sqrt{1 - x^{2}}") == \
        "<msqrt><mrow><mn>1</mn><mo>−</mo><msup><mi>x</mi><mn>2</mn></msup></mrow></msqrt>"
    assert "′" in tables.mathml_of("u'") and "<mtable>" in tables.mathml_of(r"\begin{cases} a & b \end{cases}")
    with pytest.raises(CalcError, match="cannot render"):
        tables.mathml_of(r"\unknowncommand x")


# --- the committed tables/, the CLI, and the TeX compile ---------------------

def test_committed_tables_match_registry_via_cli():
    """``python -m calc tables --check`` on the repository's tables/ (another hash seed)."""
    if not (REPO / "tables").is_dir():
        pytest.skip("no tables/ folder in this checkout")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-m", "calc", "tables", "--check", "--out", str(REPO / "tables")],
                       capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr + "\n(run `calc tables` to regenerate tables/)"
    assert "match the registry" in p.stdout


def _compiler(lang):
    return shutil.which("pdflatex" if lang == "en" else "xelatex")


@pytest.mark.skipif(not (_compiler("en") or _compiler("zh")), reason="no TeX installation")
def test_latex_compiles(out, tmp_path):
    procs = []
    # every English file with pdflatex; the Chinese files share one preamble: the largest with xelatex
    for stem, lang in [(s, "en") for s in COUNTS] + [("table-extra", "zh")]:
        exe = _compiler(lang)
        if exe is None:
            continue
        src = out / f"{stem}.{lang}.tex"
        procs.append((src, subprocess.Popen(
            [exe, "-interaction=nonstopmode", "-halt-on-error", f"-output-directory={tmp_path}", str(src)],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    for src, p in procs:
        log, _ = p.communicate(timeout=120)
        if p.returncode != 0 and ("ctexart.cls' not found" in log or "not found" in log and ".sty" in log):
            pytest.skip(f"TeX installation lacks a package for {src.name}")
        assert p.returncode == 0, f"{src.name}:\n{log[-2000:]}"
        assert (tmp_path / (src.stem + ".pdf")).is_file()


def test_every_catalogue_function_renders():
    """Each function of the catalogue prints in the tables' LaTeX and converts to MathML."""
    from calc.catalogue import CATALOGUE
    for e in CATALOGUE:
        if e.head is None or not e.latex or e.head in (sp.Pow, sp.Piecewise):
            continue
        expr = e.head(X, U) if e.arity[0] >= 2 or e.head in (sp.Max, sp.Min) else e.head(X)
        latex = tables.tex(expr)
        assert type(expr).__name__ + r"\left(" not in latex, (e.key, latex)  # named by the catalogue
        assert tables.mathml_of(latex), e.key
