"""The ``calc`` command: a thin layer that parses arguments, calls one API
function and renders its result.  No mathematics here."""
from __future__ import annotations

import argparse
import sys

EXAMPLES = """examples:
  calc extrema "x^3 - 3x" --on "[-2, 3]"
  calc extrema "e^x - 3x^2" --on "[-1, 4]"
  calc extrema "x e^(-x)" --on "[0, oo)" --format json
  calc critical "x^3 - 3x y + y^3"
  calc diff "x^2 sin x" --steps
  calc diff "arccot(x)/ln x" --format latex
  calc differential "x^3" --at 2 --dx 0.01
  calc tables --out tables --format all --lang all

arccot: `arccot`/`arcctg` is the textbook's arccot, range (0, π), continuous on R;
`acot` is sympy's (and Mathematica's) acot, range (-π/2, π/2], with a jump at 0.

exit codes: 0 answered, 2 bad input, 3 not decided within the time budget
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2
        sys.stderr.write(f"calc: error: {message} (see calc --help)\n")
        raise SystemExit(2)


def _one_line(exc) -> str:
    reason = getattr(exc, "reason", None)
    if reason is not None:
        msg = reason
        if getattr(exc, "position", None) is not None:
            msg += f" at position {exc.position + 1}"
        if getattr(exc, "hint", None):
            msg += f" (hint: {exc.hint})"
        return msg
    return " ".join(str(exc).split())


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    p = _Parser(prog="calc", description="Symbolic calculus with an extremum finder: derivatives by "
                "the textbook's rule tables, step by step; extrema exact or certified.",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"calc {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    fmt = dict(choices=["text", "latex", "markdown", "json"], default="text")

    d = sub.add_parser("diff", help="derivative (with --steps: the derivation, rule by rule)",
                       epilog='example: calc diff "x^2 sin x" --steps')
    d.add_argument("expr")
    d.add_argument("--var", default=None, help="variable (partial derivative when several)")
    d.add_argument("--order", type=int, default=1)
    d.add_argument("--steps", action="store_true")
    d.add_argument("--format", **fmt)

    df = sub.add_parser("differential", help="dy = f'(x) dx; with --at/--dx: Δy, dy and the remainder",
                        epilog='example: calc differential "x^3" --at 2 --dx 0.01')
    df.add_argument("expr")
    df.add_argument("--vars", default=None, help="comma-separated variables")
    df.add_argument("--at", default=None, help="point x0 (comma-separated for several variables)")
    df.add_argument("--dx", default=None, help="step Δx (comma-separated for several variables)")
    df.add_argument("--steps", action="store_true",
                    help="the derivation by the differential column: d(uv) = v du + u dv, dy = f′(u) du")
    df.add_argument("--format", **fmt)

    e = sub.add_parser("extrema", help="global max/min on an interval or box, with every candidate",
                       epilog='example: calc extrema "x^3 - 3x" --on "[-2, 3]"')
    e.add_argument("expr")
    e.add_argument("--on", default=None, help='interval "[a, b]", "(0, oo)", "R", or box "x in [a,b], y in [c,d]"')
    e.add_argument("--var", default=None)
    e.add_argument("--format", **fmt)
    e.add_argument("--digits", type=int, default=15)
    e.add_argument("--timeout", type=float, default=10.0)
    e.add_argument("--plot", default=None, metavar="FILE.png")

    c = sub.add_parser("critical", help="critical points and their classification",
                       epilog='example: calc critical "x^3 - 3x y + y^3"')
    c.add_argument("expr")
    c.add_argument("--vars", default=None)
    c.add_argument("--format", **fmt)
    c.add_argument("--timeout", type=float, default=10.0)
    c.add_argument("--plot", default=None, metavar="FILE.png")

    t = sub.add_parser("tables", help="write the rule tables (Table 2-1, 2-2, extra) into a folder")
    t.add_argument("--out", default="tables")
    t.add_argument("--format", default="all")
    t.add_argument("--lang", default="all")
    t.add_argument("--check", action="store_true", help="exit 1 if the folder differs from the registry")
    return p


def _render(result, fmt: str, **kw) -> str:
    if fmt == "json":
        import json
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
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
        r = calc.derivative(args.expr, x=args.var, order=args.order)
        kw = {"steps": args.steps} if args.format != "json" else {}
        print(_render(r, args.format, **kw))
        return 0
    if args.command == "differential":
        at = args.at.split(",") if args.at and "," in args.at else args.at
        dx = args.dx.split(",") if args.dx and "," in args.dx else args.dx
        r = calc.differential(args.expr, vars=args.vars, at=at, dx=dx)
        print(_render(r, args.format, **({"steps": args.steps} if args.format != "json" else {})))
        return 0
    if args.command == "extrema":
        r = calc.extrema(args.expr, x=args.var, on=args.on, digits=args.digits, timeout=args.timeout)
        print(_render(r, args.format))
        _plot(r, args.plot)
        return 0 if r.status == "ok" else 3
    if args.command == "critical":
        r = calc.critical_points(args.expr, vars=args.vars, timeout=args.timeout)
        print(_render(r, args.format))
        _plot(r, args.plot)
        return 0 if r.status == "ok" else 3
    if args.command == "tables":
        from . import tables
        return tables.main(out=args.out, fmt=args.format, lang=args.lang, check=args.check)
    build_parser().print_help()
    return 2


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from .errors import CalcError
    try:
        return _run(args)
    except CalcError as exc:
        sys.stderr.write(f"calc: error: {_one_line(exc)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("calc: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        sys.stderr.write("calc: error: the expression is nested too deeply\n")
        return 2
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        sys.stderr.write(f"calc: internal error: {type(exc).__name__}: {_one_line(exc)} "
                         f"(please report this input)\n")
        return 1
