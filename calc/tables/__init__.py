"""The rule tables, generated from the rule registry and verified row by row.

``calc tables`` writes Table 2-1 (derivatives and differentials of the basic
elementary functions), Table 2-2 (the rules for combined functions) and the
table of extra rules the engine knows, in English and Chinese, as Markdown,
standalone LaTeX, self-contained HTML with MathML, JSON and CSV.  Everything
in them comes from :mod:`calc.catalogue`; nothing is typed twice.

Before a single file is written every row is verified against ``sympy.diff``
and a central finite difference (:mod:`calc.tables.verify`).  A row that fails
stops generation with a :class:`~calc.errors.CalcError` naming the row.  The
output is byte-for-byte deterministic, so ``calc tables --check`` can tell
whether ``tables/`` still matches the registry.

The package: :mod:`~calc.tables.spec` (the tables and their wording),
:mod:`~calc.tables.verify` (the self-check), :mod:`~calc.tables.latex` (LaTeX
in the textbook's style), :mod:`~calc.tables.mathml` (LaTeX to MathML),
:mod:`~calc.tables.rows` (rows as cells) and :mod:`~calc.tables.render` (the
writers).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import CalcError
from .latex import tex
from .mathml import mathml_of
from .render import _RENDER, CSV_FIELDS, render_index
from .rows import build_rows
from .rows import untranslated as _untranslated
from .spec import FORMATS, INDEX, LANGS, TABLES, _fname
from .verify import Verification, verify_rule
from .verify import verify_all as _verify_all

__all__ = ["main", "generate", "render_file", "verify_rule", "verify_all", "tex", "mathml_of", "TABLES",
           "FORMATS", "LANGS", "build_rows", "CSV_FIELDS", "Verification", "untranslated"]


def verify_all() -> list[Verification]:
    """Verify every row of the three tables (raises on the first failing row)."""
    return _verify_all(TABLES)


def untranslated() -> list[str]:
    """The ids of the rows whose English conditions text has no Chinese (shown in English)."""
    return _untranslated(TABLES)


def _choices(value: str, allowed: tuple, what: str) -> list[str]:
    value = (value or "all").strip().lower()
    if value == "all":
        return list(allowed)
    out = []
    for v in value.split(","):
        v = v.strip()
        if v not in allowed:
            raise CalcError(f"unknown {what} {v!r}; choose from {', '.join(allowed)} or all")
        if v not in out:
            out.append(v)
    return out


def generate(fmt: str = "all", lang: str = "all") -> dict[str, bytes]:
    """Verify every row, then render: ``{file name: bytes}`` (deterministic)."""
    fmts = _choices(fmt, FORMATS, "format")
    langs = _choices(lang, LANGS, "language")
    verify_all()
    files = {}
    for spec in TABLES:
        for lg in langs:
            for f in fmts:
                files[_fname(spec, lg, f)] = _RENDER[f](spec, lg).encode("utf-8")
    if len(fmts) == len(FORMATS) and len(langs) == len(LANGS):
        files[INDEX] = render_index(TABLES).encode("utf-8")
    return files


def render_file(name: str) -> str | None:
    """The text of one file of the tables folder ("table2-1.zh.html", "README.md"), as
    :func:`generate` writes it but without the self-check; None for a name it never writes."""
    if name == INDEX:
        return render_index(TABLES)
    for spec in TABLES:
        for lg in LANGS:
            for f in FORMATS:
                if name == _fname(spec, lg, f):
                    return _RENDER[f](spec, lg)
    return None


def _summary() -> str:
    vs = verify_all()
    ident = sum(v.symbolic == "identity" for v in vs)
    at = sum(v.symbolic == "at points" for v in vs)
    none = [v.rule_id for v in vs if v.symbolic == "none"]
    pts = sum(v.points for v in vs)
    s = (f"verified {len(vs)} rows: {ident} derivative identities proved with sympy.diff, "
         f"{at} equal to sympy.diff at every sample point")
    if none:
        s += f", {len(none)} by finite differences only ({', '.join(none)}: no sympy.diff rule)"
    return s + f"; {pts} finite-difference points; every differential = derivative·dx"


def main(out: str = "tables", fmt: str = "all", lang: str = "all", check: bool = False) -> int:
    """``calc tables``: write the tables into ``out``, or with ``check`` compare them.

    Files are ``{table2-1,table2-2,table-extra}.{en,zh}.{md,tex,html,json,csv}``
    plus an index ``README.md`` when every format and language is written.
    ``fmt`` and ``lang`` take one value, a comma-separated list or ``all``.
    Nothing is written unless every row verifies (else :class:`CalcError`);
    unchanged files are left alone.

    Returns the exit code: 0, or 1 when ``check`` finds a file that differs from
    what the registry generates now, is missing, or (checking everything) is in
    ``out`` without being generated.
    """
    files = generate(fmt, lang)
    root = Path(out or "tables")
    full = fmt in (None, "", "all") and lang in (None, "", "all")
    if check:
        problems = []
        for name, data in files.items():
            p = root / name
            if not p.is_file():
                problems.append(f"{p}: missing")
            elif p.read_bytes() != data:
                problems.append(f"{p}: differs from what the registry generates")
        if full and root.is_dir():
            for p in sorted(root.iterdir()):
                if p.is_file() and not p.name.startswith(".") and p.name not in files:
                    problems.append(f"{p}: not generated by the registry (stale?)")
        if problems:
            for msg in problems:
                print(msg)
            print(f"calc tables --check: {len(problems)} problem(s); run `calc tables --out {root}` "
                  f"to regenerate")
            return 1
        print(f"calc tables --check: all {len(files)} files in {root} match the registry")
        return 0
    root.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, data in files.items():
        p = root / name
        if p.is_file() and p.read_bytes() == data:
            continue
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, p)
        changed += 1
    print(_summary())
    print(f"wrote {len(files)} files to {root} ({changed} changed)")
    return 0
