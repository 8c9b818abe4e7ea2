"""One web request's work, done in a worker process.

A query is a dict with the command line's options, already checked and typed by the app::

    {"op": "extrema", "f": "x^3 - 3x", "on": "[-2, 3]", "timeout": 10.0, "page": True}

(``op``: diff, differential, extrema or critical; besides ``f``: ``var``, ``vars``, ``order``,
``at``, ``dx``, ``on``, ``digits``, ``timeout``, ``let`` — a dict of parameter values — and
``page``: answer with HTML instead of JSON data).  :func:`answer` returns
``{"status": HTTP status, "data": …, "html": …}``: ``data`` is what ``calc <op> … --format json``
prints (the result, or the JSON error ``{"error": {…}}``), ``html`` the result page's fragment.
Everything runs under the query's budget (:mod:`calc.budget`), as in the command line; the
pool (:mod:`calc.web.pool`) kills a worker that overruns it anyway.
"""
from __future__ import annotations

from .. import budget
from ..errors import CalcError, TimedOut, error_json

TIMEOUT = 10.0   # seconds: the command line's --timeout default
MARGIN = 3.0     # seconds of a query's budget beyond its timeout (rendering, the plot)
STATUS = {"timeout": 504, "internal": 500}   # the HTTP status of an error kind (others: 400)


def seconds_of(q: dict) -> float:
    """The budget of a query: its timeout plus the margin."""
    return float(q.get("timeout") or TIMEOUT) + MARGIN


def _coords(v):
    """--at/--dx as the command line reads them: "1,2" is a point of two coordinates."""
    return v.split(",") if v and "," in v else v


def result_of(q: dict):
    """The result of the API call the command line makes for this query."""
    import calc
    f = q["f"]
    if q.get("let"):   # --let NAME=VALUE: substituted before anything else
        from ..parsing import parse
        f = parse(f, let=q["let"])
    op, timeout = q["op"], float(q.get("timeout") or TIMEOUT)
    if op == "diff":
        return calc.derivative(f, x=q.get("var"), order=q.get("order") or 1)
    if op == "differential":
        return calc.differential(f, vars=q.get("vars"), at=_coords(q.get("at")), dx=_coords(q.get("dx")))
    if op == "extrema":
        return calc.extrema(f, x=q.get("var"), on=q.get("on"), digits=q.get("digits") or 15, timeout=timeout)
    return calc.critical_points(f, vars=q.get("vars"), timeout=timeout)


def _work(q: dict) -> dict:
    r = result_of(q)
    if q.get("page"):
        from .html import result_html
        return {"status": 200, "data": None, "html": result_html(q, r)}
    return {"status": 200, "data": r.to_dict(), "html": None}


def timed_out(q: dict) -> TimedOut:
    exc = TimedOut(f"not answered within the time budget ({seconds_of(q):g} s: the timeout "
                   f"{float(q.get('timeout') or TIMEOUT):g} s and a margin of {MARGIN:g} s)")
    exc.hint = "try a smaller interval or a simpler function"
    return exc


def error_answer(q: dict, exc: BaseException) -> dict:
    """The answer to a query that ended in ``exc``: its JSON error, and its page when asked."""
    data = error_json(exc)
    html = None
    if q.get("page"):
        from .html import error_html
        html = error_html(q, exc, data["error"])
    return {"status": STATUS.get(data["error"]["kind"], 400), "data": data, "html": html}


def answer(q: dict) -> dict:
    """The answer to one checked query, under its budget; never raises for the query's sake."""
    try:
        ok, out = budget.run(lambda: _work(q), seconds_of(q), catch=False)
        return out if ok else error_answer(q, timed_out(q))
    except (CalcError, RecursionError) as exc:
        return error_answer(q, exc)
    except Exception as exc:  # noqa: BLE001 - a bug in answering one query (kind "internal", HTTP 500,
        # with the exception's name and a request to report it) must not take the server down
        return error_answer(q, exc)


def warm() -> int:
    """Import what every query needs (the pool calls this in each new worker); the worker's pid."""
    import os

    import calc.derivative  # noqa: F401
    import calc.differential  # noqa: F401
    import calc.extrema  # noqa: F401
    from . import html  # noqa: F401
    return os.getpid()
