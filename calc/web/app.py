"""The Starlette application of ``calc serve`` and :func:`serve` (uvicorn).

Routes: ``/`` (the query page; with ``f`` the answer below the form), ``/api/<op>`` (the
JSON of ``calc <op> … --format json``, errors as its JSON error: HTTP 400 for bad input, 413
for input longer than the parser takes, 504 when the budget ran out, 503 with Retry-After
when the queue is full; an undecided answer is HTTP 200 with ``"status": "partial"``),
``/tables/`` (the rule tables, every file ``calc tables`` writes), ``/static/…``.  The
queries run in worker processes (:mod:`calc.web.pool`); nothing of the user's text is
evaluated, and everything echoed is escaped.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import CalcError, error_json
from . import pages, work
from .html import OPS, error_html
from .pool import Busy, Pool

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
TYPES = {"html": "text/html", "md": "text/markdown", "tex": "text/plain", "json": "application/json",
         "csv": "text/csv"}


class QueryError(CalcError):
    """A request the command line would refuse as a usage error (an unknown option, a bad number)."""

    kind = "usage"

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def _limit() -> int:
    from ..parsing import MAX_LENGTH
    return MAX_LENGTH


class _TooLong(CalcError):
    kind = "input"


def query_of(op: str, params, page: bool, timeout: float) -> dict:
    """The checked, typed query of a request (QueryError, or _TooLong for input past the limit).

    The API refuses an option its operation does not take, as the command line does; the page
    leaves out the fields of the other operations (its form has them all)."""
    if op not in OPS:
        raise QueryError(f"unknown operation {op!r}", hint="the operations: " + ", ".join(OPS))
    allowed = pages.OPTIONS[op] | {"f"} | ({"digits", "timeout"} if op == "extrema" else
                                           {"timeout"} if op == "critical" else set())
    q: dict = {"op": op, "page": page}
    for key in params:
        values = params.getlist(key)
        if any(len(v) > _limit() for v in values):
            raise _TooLong(f"input too long ({max(map(len, values))} characters; the limit is {_limit()})")
        if key == "op" and page:
            continue
        if key not in allowed:
            if page or not any(v.strip() for v in values):
                continue
            raise QueryError(f"{op} takes no option {key!r}",
                             hint="its options: " + ", ".join(sorted(allowed)))
        text = [v for v in values if v.strip()]
        if not text:
            continue
        if key == "let":
            q["let"] = _lets(text)
        elif len(text) > 1:
            raise QueryError(f"the option {key!r} is given {len(text)} times")
        else:
            q[key] = _typed(key, text[0].strip() if key != "f" else text[0], timeout)
    if not q.get("f", "").strip():
        raise QueryError("no function: give one as f=…", hint="for example f=x^3 - 3x")
    q.setdefault("timeout", timeout)
    return q


def _typed(key: str, value: str, most: float):
    if key in ("order", "digits"):
        try:
            return int(value)
        except ValueError:
            raise QueryError(f"{key} must be a whole number, not {value!r}") from None
    if key == "timeout":
        try:
            t = float(value)
        except ValueError:
            raise QueryError(f"timeout must be a number of seconds, not {value!r}") from None
        if not 0 < t <= most:
            raise QueryError(f"timeout must be between 0 and {most:g} s on this server")
        return t
    return value


def _lets(values: list) -> dict:
    """{"a": "2"} from let=a=2 (repeatable; several in one value separated by ';')."""
    out = {}
    for item in (s for v in values for s in v.split(";") if s.strip()):
        name, eq, value = item.partition("=")
        if not eq or not name.strip() or not value.strip():
            raise QueryError(f"let takes NAME=VALUE, got {item.strip()!r}")
        out[name.strip()] = value
    return out


def _dumps(data) -> str:
    """As the command line prints it (calc … --format json)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _json(data, status: int = 200, headers=None) -> Response:
    return Response(_dumps(data), status, headers, media_type="application/json")


def _status_of(exc: CalcError) -> int:
    return 413 if isinstance(exc, _TooLong) else 400


async def _answer(request: Request, op: str, page: bool) -> tuple[dict, dict]:
    """(the query, its answer) — the answer as the worker gives it, or the refusal's."""
    app = request.app.state
    try:
        q = query_of(op, request.query_params, page, app.timeout)
    except CalcError as exc:
        q = {"op": op, "f": request.query_params.get("f", ""), "page": page}
        return q, {"status": _status_of(exc), "data": error_json(exc),
                   "html": error_html(q, exc, error_json(exc)["error"], read=False) if page else None}
    return q, await app.pool.run(q)


async def api(request: Request) -> Response:
    op = request.path_params["op"]
    try:
        _, got = await _answer(request, op, page=False)
    except Busy as exc:
        return _busy_json(exc)
    return _json(got["data"], got["status"])


def _busy_json(exc: Busy) -> Response:
    err = {"error": {"kind": "busy", "message": f"every worker is busy and the queue is full; try again "
                     f"in {exc.retry_after} s", "position": None, "hint": None}}
    return _json(err, 503, {"Retry-After": str(exc.retry_after)})


async def home(request: Request) -> Response:
    params = dict(request.query_params)
    if not params.get("f"):
        return HTMLResponse(pages.home(params))
    op = params.get("op") if params.get("op") in OPS else "extrema"
    try:
        _, got = await _answer(request, op, page=True)
    except Busy as exc:
        return HTMLResponse(pages.busy(exc.retry_after), 503, {"Retry-After": str(exc.retry_after)})
    shown = {k: v for k, v in params.items() if len(v) <= _limit()}
    link = pages.link(op, {k: v for k, v in shown.items() if k in pages.OPTIONS[op] | {"f"}}, api=True)
    return HTMLResponse(pages.home(shown, got["html"], link if got["status"] != 413 else ""), got["status"])


@functools.lru_cache(maxsize=64)
def _table_file(name: str) -> str | None:
    from ..tables import render_file
    return render_file(name)


async def tables(request: Request) -> Response:
    name = request.path_params.get("name", "")
    if not name:
        return HTMLResponse(pages.tables_index())
    text = await run_in_threadpool(_table_file, name) if "/" not in name else None
    if text is None:
        return HTMLResponse(pages.not_found(), 404)
    kind = name.rsplit(".", 1)[-1]
    if kind == "html":
        text = pages.table_page(text)
    return Response(text, media_type=TYPES.get(kind, "text/plain"))


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name == "calc.css":
        return Response(pages.CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})
    if name == "calc.js":
        return Response(pages.JS, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})
    return HTMLResponse(pages.not_found(), 404)


async def favicon(request: Request) -> Response:
    return Response(pages.ICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


async def status(request: Request) -> Response:
    p = request.app.state.pool
    return JSONResponse({"jobs": p.jobs, "queue": p.queue, "admitted": p.admitted, "served": p.served,
                         "killed": p.killed})


async def not_found(request: Request, exc) -> Response:
    if request.url.path.startswith("/api/"):
        return _json(error_json(QueryError("no such page: the API is /api/{diff|differential|extrema|critical}")), 404)
    return HTMLResponse(pages.not_found(), getattr(exc, "status_code", 404))


class SecurityHeaders:
    """Adds the Content-Security-Policy (scripts only from this server) and friends to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + HEADERS
            await send(message)
        await self.app(scope, receive, sending)


def create_app(jobs: int | None = None, queue: int = 16, timeout: float = work.TIMEOUT,
               allowed_hosts=None, pool: Pool | None = None) -> Starlette:
    """The application: ``jobs`` worker processes (default: the cores), at most ``queue`` queries
    waiting, ``timeout`` seconds per query at most (the command line's default), requests only for
    ``allowed_hosts`` when given (a server on localhost refuses other Host names: DNS rebinding)."""
    pool = pool or Pool(jobs or default_jobs(), queue)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(routes=[Route("/", home), Route("/api/{op}", api), Route("/tables/", tables),
                            Route("/tables/{name}", tables), Route("/static/{name}", static),
                            Route("/favicon.ico", favicon), Route("/status", status)],
                    middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found})
    app.state.pool, app.state.timeout = pool, timeout
    return app


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


_LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(host: str = "127.0.0.1", port: int = 8000, jobs: int | None = None) -> int:
    """``calc serve``: the application on uvicorn until Ctrl-C; the exit code."""
    import uvicorn
    hosts = [*_LOCAL, f"{host}"] if host in _LOCAL else None
    app = create_app(jobs, allowed_hosts=hosts)
    # a formula of the parser's full length fits in the request line (uvicorn's default is 16 kB)
    uvicorn.run(app, host=host, port=port, h11_max_incomplete_event_size=256 * 1024)
    return 0
