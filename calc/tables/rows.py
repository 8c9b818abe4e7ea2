"""The rows of a table as rendered cells: LaTeX (display and Markdown), sympy text, wording."""
from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass

from ..catalogue import Rule
from .latex import _Tex, tex
from .spec import TableSpec, _needs_translation

@dataclass
class Cell:
    sympy: str
    latex: str          # as shown in the table (display style, cases environments)
    latex_md: str       # the same for Markdown: no '|', no cases environment


@dataclass
class Row:
    id: str
    name: str
    function: Cell
    derivative: Cell
    differential: Cell
    conditions_sympy: str
    conditions_latex: str
    conditions_text: str
    params: list
    wording: str


def _wrap(latex: str) -> str:
    return rf"\left({latex}\right)" if "\\frac" in latex or "\\begin" in latex else f"({latex})"


def _md_math(s: str) -> str:
    """LaTeX for ``$…$`` in a GitHub Markdown table: no '|', no space before the closing '$'."""
    s = s.replace(r"\left|", r"\left\lvert ").replace(r"\right|", r"\right\rvert ").replace("|", r"\vert ")
    s = re.sub(r"(?<!\\) {2,}", " ", s)
    return s[:-1] if s.endswith(" ") and not s.endswith("\\ ") else s


def _cells(rule: Rule, spec: TableSpec, lang: str):
    out = []
    for md in (False, True):
        pr = _Tex(lang, inline_cases=md)
        f = (lang == "zh" and rule.function_latex_zh) or rule.function_latex or pr(rule.function)
        d = rule.derivative_latex or pr(rule.derivative)
        df = rule.differential_latex or pr(rule.differential)
        if spec.equations:
            if "=" not in d:
                d = f"{_wrap(f)}' = {d}"
            if "=" not in df:
                df = f"d{_wrap(f)} = {df}"
        out.append([f, d, df])
    (f, d, df), (fm, dm, dfm) = out
    fm, dm, dfm = (_md_math(s) for s in (fm, dm, dfm))
    return (Cell(str(rule.function), f, fm), Cell(str(rule.derivative), d, dm),
            Cell(str(rule.differential), df, dfm))


def zh_conditions(rule: Rule) -> str | None:
    """The Chinese conditions text of ``rule``, or None when there is none for its English text."""
    text = rule.conditions_text
    if not _needs_translation(text):
        return text
    return rule.conditions_zh or None


def untranslated(specs: tuple[TableSpec, ...]) -> list[str]:
    """The ids of the rows of ``specs`` whose conditions text has no Chinese."""
    return [r.id for t in specs for r in t.rules if zh_conditions(r) is None]


def _conditions_text(rule: Rule, lang: str) -> str:
    if lang != "zh":
        return rule.conditions_text
    zh = zh_conditions(rule)
    if zh is None:  # build_rows is cached: said once per table
        sys.stderr.write(f"calc tables: warning: no Chinese for the conditions of row {rule.id} "
                         f"({rule.conditions_text!r}); the English text is used\n")
        return rule.conditions_text
    return zh


@functools.lru_cache(maxsize=None)
def build_rows(spec: TableSpec, lang: str) -> tuple[Row, ...]:
    rows = []
    for r in spec.rules:
        f, d, df = _cells(r, spec, lang)
        cond = r.conditions
        rows.append(Row(
            id=r.id, name=r.name_zh if lang == "zh" else r.name_en, function=f, derivative=d,
            differential=df, conditions_sympy=str(cond), conditions_latex=tex(cond, lang),
            conditions_text=_conditions_text(r, lang), params=[str(p) for p in r.params],
            wording=r.wording))
    return tuple(rows)

