"""The ``calc`` command: a thin layer that parses arguments, calls one API
function and renders its result.  No mathematics here.

Its boundaries: a formula may start with a minus or follow ``--`` (``calc diff "-cos x"``),
``-`` reads it from stdin and ``@FILE`` from a file; every error is one line on stderr
(with the input and a caret under the position for a parse error), or with
``--format json`` the JSON ``{"error": {"kind", "message", "position", "hint"}}`` on
stdout, with the same exit code; an output that cannot show Unicode gets calc's text in
ASCII (:mod:`calc.render.ascii`).
"""
from __future__ import annotations

import argparse
import itertools
import sys
import unicodedata

from .errors import CalcError

EXAMPLES = """examples:
  calc extrema "x^3 - 3x" --on "[-2, 3]"
  calc extrema "e^x - 3x^2" --on "[-1, 4]"
  calc extrema "x e^(-x)" --on "[0, oo)" --format json
  calc extrema "-x^2 + a x" --on "[0, 1]" --var x --let a=1/2
  calc critical "x^3 - 3x y + y^3"
  calc diff "x^2 sin x" --steps
  calc diff "-cos x"
  calc diff "arccot(x)/ln x" --format latex
  calc differential "x^3" --at 2 --dx 0.01
  echo "√(x² + 1)" | calc diff -
  calc tables --out tables --format all --lang all
  calc serve                                  # the web page on http://127.0.0.1:8000

input: formulas as people type them and as calc prints them: 2x sin x, x^2 or x², √(x+1),
  ∛x, e^(-x) or e^{-x}, |x|, π, ∞, · × ÷ −, full-width （x+1）^2; and a LaTeX subset:
  \\frac{a}{b}, \\sqrt{x}, \\sqrt[3]{x}, \\sin x, \\ln x, \\cdot, \\left( \\right).
  sin^-1 x, sin^{-1} x and sin⁻¹ x are arcsin x (the inverse function, as the textbook and
  Wolfram|Alpha read it); sin^2 x is (sin x)^2.  1/2x is (1/2)x: every answer starts with
  the formula as calc read it.  A formula may start with a minus ("-x^2") or follow --;
  "-" reads it from stdin and @FILE from a file.  Parameters get values with --let a=2.

arccot: `arccot`/`arcctg` is the textbook's arccot, range (0, π), continuous on R;
`acot` is sympy's (and Mathematica's) acot, range (-π/2, π/2], with a jump at 0.

exit codes: 0 answered, 2 bad input, 3 not decided within the time budget
errors: one line on stderr (a parse error adds the input with a caret under the position);
  with --format json: {"error": {"kind", "message", "position", "hint"}} on stdout
"""

_FORMATS = ["text", "latex", "markdown", "json"]
_FORMULA_COMMANDS = ("diff", "differential", "extrema", "critical")


class _UsageError(CalcError):
    """A command line argparse refuses."""

    kind = "usage"


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise _UsageError(f"{message} (see calc --help)")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.option_strings and "default" not in text and action.default is not argparse.SUPPRESS:
            if isinstance(action, argparse._StoreTrueAction):
                text += " (default: off)"
            elif action.default not in (None, []):
                text += " (default: %(default)s)"
        return text


class _TablesParser(_Parser):
    """`calc tables --help` lists the formats and languages (read from the tables package only
    when help is asked for)."""

    def format_help(self):
        from .tables.spec import FORMATS, LANGS
        self.epilog = (f"formats: {', '.join(FORMATS)} (or all, or a comma-separated list)\n"
                       f"languages: {', '.join(LANGS)} (or all, or a comma-separated list)\n\n" + _TABLES_EXAMPLES)
        return super().format_help()


_TABLES_EXAMPLES = """examples:
  calc tables --out tables                       # every table, format and language
  calc tables --out /tmp/t --format md,csv --lang zh
  calc tables --out tables --check               # exit 1 if the folder is out of date"""


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _formula_options(p, var_help: str, var_name: str = "--var"):
    p.add_argument("expr", metavar="FORMULA",
                   help='the function, e.g. "x^2 sin x" (a leading minus is fine; "-": read it from stdin, '
                        '@FILE: from a file)')
    p.add_argument(var_name, default=None, help=var_help)
    p.add_argument("--let", action="append", default=[], metavar="NAME=VALUE",
                   help="give a parameter a value, substituted before anything else (repeatable; the value "
                        "is a formula: --let a=2 --let b=pi/3) (default: none)")
    p.add_argument("--format", choices=_FORMATS, default="text", help="output format")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    p = _Parser(prog="calc", description="Symbolic calculus with an extremum finder: derivatives by "
                "the textbook's rule tables, step by step; extrema exact or certified.",
                epilog=EXAMPLES, formatter_class=_Formatter)
    p.add_argument("--version", action="version", version=f"calc {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    d = sub.add_parser("diff", help="derivative (with --steps: the derivation, rule by rule)",
                       formatter_class=_Formatter,
                       epilog=_examples('calc diff "x^2 sin x" --steps', 'calc diff "-cos x"',
                                        'calc diff "x^2 y^3" --var y --order 2',
                                        r'calc diff "\frac{\sin x}{x}" --format latex'))
    _formula_options(d, "the variable (default: the only variable of f; partial derivative when several)")
    d.add_argument("--order", type=int, default=1, help="order of the derivative")
    d.add_argument("--steps", action="store_true", help="show the derivation, each step citing its rule")

    df = sub.add_parser("differential", help="dy = f'(x) dx; with --at/--dx: Δy, dy and the remainder",
                        formatter_class=_Formatter,
                        epilog=_examples('calc differential "x^3" --at 2 --dx 0.01', 'calc differential "sin(2x + 1)" --steps',
                                         'calc differential "x^2 y" --vars x,y --at 1,2 --dx 0.1,-0.1'))
    _formula_options(df, "comma-separated variables (default: the variables of f, in alphabetical order)",
                     "--vars")
    df.add_argument("--at", default=None, help="point x0, comma-separated for several variables (default: none, "
                    "dy only)")
    df.add_argument("--dx", default=None, help="step Δx, comma-separated for several variables (default: none)")
    df.add_argument("--steps", action="store_true",
                    help="the derivation by the differential column: d(uv) = v du + u dv, dy = f′(u) du")

    e = sub.add_parser("extrema", help="global max/min on an interval or box, with every candidate",
                       formatter_class=_Formatter,
                       epilog=_examples('calc extrema "x^3 - 3x" --on "[-2, 3]"',
                                        'calc extrema "-x^2" --on "[0, 1]"',
                                        'calc extrema "x^2 + y^2 - x y" --on "x in [-1, 1], y in [0, 2]"',
                                        'calc extrema "a x^2 - x" --var x --let a=2 --on "[0, 1]" --format json'))
    _formula_options(e, "the variable (default: the only variable of f)")
    e.add_argument("--on", default=None, help='interval "[a, b]", "(0, oo)", "R", or box "x in [a,b], y in [c,d]" '
                   "(default: the whole natural domain)")
    e.add_argument("--digits", type=int, default=15, help="significant digits of certified enclosures")
    e.add_argument("--timeout", type=float, default=10.0, help="time budget in seconds (exit 3 when undecided)")
    e.add_argument("--plot", default=None, metavar="FILE.png", help="also draw f and the extrema into a file "
                   "(default: no plot)")
    e.add_argument("--all", action="store_true", help="list every candidate (default: more than 20 are "
                   "summarised; JSON always lists all)")

    c = sub.add_parser("critical", help="critical points and their classification",
                       formatter_class=_Formatter,
                       epilog=_examples('calc critical "x^3 - 3x y + y^3"', 'calc critical "x^4 - 2x^2"',
                                        'calc critical "a x^2 + y^2" --vars x,y --let a=-1'))
    _formula_options(c, "comma-separated variables (default: the variables of f)", "--vars")
    c.add_argument("--timeout", type=float, default=10.0, help="time budget in seconds (exit 3 when undecided)")
    c.add_argument("--plot", default=None, metavar="FILE.png", help="also draw f and its critical points into a "
                   "file (default: no plot)")
    c.add_argument("--all", action="store_true", help="list every candidate (default: more than 20 are "
                   "summarised; JSON always lists all)")

    w = sub.add_parser("serve", help='the web page and its JSON API on this machine (pip install "calc[web]")',
                       formatter_class=_Formatter,
                       epilog=_examples("calc serve                      # http://127.0.0.1:8000",
                                        "calc serve --port 8080 --jobs 4",
                                        'curl "http://127.0.0.1:8000/api/extrema?f=x%5E3-3x&on=%5B-2,3%5D"'))
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every network)")
    w.add_argument("--port", type=int, default=8000, help="port to listen on")
    w.add_argument("--jobs", type=int, default=None, help="worker processes (default: the number of cores)")

    sub._parser_class = _TablesParser
    t = sub.add_parser("tables", help="write the rule tables (Table 2-1, 2-2, extra) into a folder",
                       formatter_class=_Formatter)
    t.add_argument("--out", default="tables", help="folder to write into")
    t.add_argument("--format", default="all", help="file format(s): one, a comma-separated list, or all")
    t.add_argument("--lang", default="all", help="language(s): one, a comma-separated list, or all")
    t.add_argument("--check", action="store_true", help="exit 1 if the folder differs from the registry")
    p.commands = sub.choices
    return p


def _formula_first(argv: list[str], parser) -> list[str]:
    """argparse takes "-x^2" for an option and everything after "--" for positionals: hand it
    the formula with a leading space (which the parser ignores), and each option's value as
    --opt=value (so "--at -1,2" is read too)."""
    k = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
    if k is None or argv[k] not in _FORMULA_COMMANDS:
        return argv
    options = {s: a.nargs != 0 for a in parser.commands[argv[k]]._actions for s in a.option_strings}
    out, rest, seen, i = argv[:k + 1], argv[k + 1:], False, 0
    while i < len(rest):
        arg = rest[i]
        opt = arg.split("=", 1)[0]
        if opt.startswith("--") and opt not in options:      # an abbreviation: --ord for --order
            full = [o for o in options if o.startswith(opt)]
            opt = full[0] if len(full) == 1 else opt
        if arg == "--" and not seen and i + 1 < len(rest):
            out.append(" " + rest[i + 1])
            seen, i = True, i + 2
            continue
        if opt in options and arg.startswith("-"):
            if options[opt] and "=" not in arg and i + 1 < len(rest):
                out.append(f"{arg}={rest[i + 1]}")
                i += 2
                continue
            out.append(arg)
        elif arg.startswith("-") and arg != "-" and not arg.startswith("--") and not seen:
            out.append(" " + arg)      # a formula such as -x^2 or -cos x
            seen = True
        else:
            seen = seen or not arg.startswith("-") or arg == "-"
            out.append(arg)
        i += 1
    return out


def _read_formula(text: str) -> str:
    """The formula itself: "-" reads stdin, @FILE a file (one formula; # starts a comment line)."""
    t = text.strip()
    if t == "-":
        where, src = "stdin", sys.stdin.read()
    elif t.startswith("@") and len(t) > 1:
        where = t[1:]
        try:
            with open(where, encoding="utf-8-sig") as fh:
                src = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CalcError(f"cannot read {where}: {getattr(exc, 'strerror', None) or exc}") from None
    else:
        return text
    lines = [ln.strip() for ln in src.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if len(lines) != 1:
        raise CalcError(f"{where} holds {len(lines) or 'no'} formula{'' if len(lines) == 1 else 's'}; "
                        f"calc answers one per call")
    return lines[0]


def _formula(args):
    """The formula text, or the parsed formula with the --let values substituted."""
    text = _read_formula(args.expr)
    if not args.let:
        return text
    from .parsing import parse
    lets = {}
    for item in args.let:
        name, eq, value = item.partition("=")
        if not eq or not name.strip() or not value.strip():
            raise CalcError(f"--let takes NAME=VALUE, got {item!r}")
        lets[name.strip()] = value
    return parse(text, let=lets)


def _dumps(obj) -> str:
    import json

    from .render.ascii import AsciiWriter
    return json.dumps(obj, ensure_ascii=isinstance(sys.stdout, AsciiWriter), indent=2)


def _render(result, fmt: str, **kw) -> str:
    if fmt == "json":
        return _dumps(result.to_dict())
    if fmt == "latex":
        return result.latex(**kw)
    if fmt == "markdown":
        return result.markdown(**kw) if kw else result.markdown()
    return result.text(**kw)


def _plot(r, path) -> None:
    """Write the figure and say so on stderr; without matplotlib, a note with the install command."""
    if not path:
        return
    from .render.plot import PlotUnavailable
    try:
        r.plot(path)
    except PlotUnavailable as exc:
        sys.stderr.write(f"calc: note: no plot written ({exc})\n")
        return
    sys.stderr.write(f"calc: plot written to {path}\n")


def _run(args) -> int:
    import calc
    if args.command == "diff":
        r = calc.derivative(_formula(args), x=args.var, order=args.order)
        kw = {"steps": args.steps} if args.format != "json" else {}
        print(_render(r, args.format, **kw))
        return 0
    if args.command == "differential":
        at = args.at.split(",") if args.at and "," in args.at else args.at
        dx = args.dx.split(",") if args.dx and "," in args.dx else args.dx
        r = calc.differential(_formula(args), vars=args.vars, at=at, dx=dx)
        print(_render(r, args.format, **({"steps": args.steps} if args.format != "json" else {})))
        return 0
    if args.command == "extrema":
        r = calc.extrema(_formula(args), x=args.var, on=args.on, digits=args.digits, timeout=args.timeout)
        print(_render(r, args.format, **({"all": True} if args.all and args.format != "json" else {})))
        _plot(r, args.plot)
        return 0 if r.status == "ok" else 3
    if args.command == "critical":
        r = calc.critical_points(_formula(args), vars=args.vars, timeout=args.timeout)
        print(_render(r, args.format, **({"all": True} if args.all and args.format != "json" else {})))
        _plot(r, args.plot)
        return 0 if r.status == "ok" else 3
    if args.command == "serve":
        try:
            from .web.app import serve
        except ImportError as exc:
            raise CalcError(f'calc serve needs {exc.name}: pip install "calc[web]"') from None
        return serve(args.host, args.port, args.jobs)
    if args.command == "tables":
        from . import tables
        return tables.main(out=args.out, fmt=args.format, lang=args.lang, check=args.check)
    build_parser().print_help()
    return 2


def _cli_hint(exc, args) -> str | None:
    """A ParameterError's hint in the command line's words (--let, --var)."""
    from .errors import ParameterError
    if not isinstance(exc, ParameterError) or args is None:
        return getattr(exc, "hint", None)
    var = "--vars" if hasattr(args, "vars") else "--var"
    if exc.need == "values":
        return "give " + ("its value" if len(exc.names) == 1 else "their values") + " with " + \
            " ".join(f"--let {n}=…" for n in exc.names)
    pick = "x" if "x" in exc.names else exc.names[0]
    return f"name the variable with {var} {pick}" + (
        "; give the other symbols values with --let NAME=VALUE" if len(exc.names) > 1 else "")


def _caret(text: str, position: int) -> str:
    """The input (a window of it when long) and a caret under ``position``."""
    start = max(0, position - 50)
    shown = text[start:position + 30].replace("\n", " ").replace("\t", " ")
    lead = "…" if start else ""
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in lead + shown[:position - start])
    return f"  {lead}{shown}{'…' if position + 30 < len(text) else ''}\n  {' ' * width}^\n"


def _report(exc, as_json: bool, args=None) -> int:
    """The error as JSON on stdout, or as one line on stderr (a parse error adds the input and a
    caret); the exit code: the error's (2 bad input, 3 not decided), 1 for a bug."""
    from .errors import error_json
    data = error_json(exc)
    err = data["error"]
    err["hint"] = _cli_hint(exc, args)
    code = getattr(exc, "exit_code", 2) if isinstance(exc, (CalcError, RecursionError)) else 1
    if as_json:
        print(_dumps(data))
        return code
    line = f"calc: {'internal error' if err['kind'] == 'internal' else 'error'}: {err['message']}"
    if err["position"] is not None:
        line += f" at position {err['position'] + 1}"
    if err["hint"]:
        line += f" (hint: {err['hint']})"
    text = getattr(exc, "text", "")
    sys.stderr.write(line + "\n" + (_caret(text, err["position"]) if text and err["position"] is not None else ""))
    return code


def _wants_json(argv: list[str]) -> bool:
    return "--format=json" in argv or any(a == "--format" and b == "json" for a, b in itertools.pairwise(argv))


def main(argv=None) -> int:
    from .render.ascii import AsciiWriter, can_show
    streams = sys.stdout, sys.stderr
    if not can_show(sys.stdout):
        sys.stdout = AsciiWriter(sys.stdout)
    if not can_show(sys.stderr):
        sys.stderr = AsciiWriter(sys.stderr)
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: list[str]) -> int:
    as_json, args = _wants_json(argv), None
    try:
        parser = build_parser()
        args = parser.parse_args(_formula_first(argv, parser))
        if args.command is None:
            parser.print_help()
            return 2
        return _run(args)
    except SystemExit as exc:      # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except CalcError as exc:
        return _report(exc, as_json, args)
    except KeyboardInterrupt:
        sys.stderr.write("calc: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError as exc:
        return _report(exc, as_json)
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user; the message asks for a report
        return _report(exc, as_json)
