"""Batch work: many queries, one JSON answer each, in input order.

A query is a dict (or one line of JSON text) naming an operation and the options of the
command line::

    {"id": 7, "op": "extrema", "f": "x^3 - 3x", "on": "[-2, 3]", "digits": 15, "timeout": 10}
    {"id": 8, "op": "critical", "f": "x^3 - 3x y + y^3"}
    {"id": 9, "op": "diff", "f": "x^2 sin x", "order": 2, "steps": false}
    {"id": 10, "op": "differential", "f": "x^3", "at": 2, "dx": 0.01}
    {"id": 11, "op": "extrema", "f": "a x^2 - x", "var": "x", "let": {"a": "2"}, "on": "[0, 1]"}

Its answer is ``{"id": 7, "result": {…}}`` — the result is what ``calc extrema … --format json``
prints (:func:`calc.render.json.to_data`) — or ``{"id": 7, "error": {"kind", "message",
"position", "hint"}}`` (:func:`calc.errors.error_json`).  A query without an ``id`` gets its
1-based position (its line number in a file).

Every query runs under its own budget (:mod:`calc.budget`): ``timeout`` seconds (default 10)
plus a margin, as a query of ``calc serve`` does (:func:`calc.web.work.seconds_of`; the query's
API call is :func:`calc.web.work.result_of`, the one mapping of the command line's options).  With ``jobs`` > 1 the queries go to worker processes, each answering one
query at a time in its main thread (where the budget's alarm works); a worker still busy
:data:`GRACE` seconds after its query's budget (stuck in C code, say) is killed and replaced,
and the query answered with a timeout error: a hung query never stops the batch.  On a Dask
cluster each worker thread hands its queries to a child process of its own in the same way.
"""
from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any, Iterable, Iterator

from . import budget
from .errors import CalcError, error_json
from .web.pool import GRACE   # seconds a worker may overrun its query's budget before it is killed
from .web.work import result_of, seconds_of, timed_out

__all__ = ["batch", "iter_batch", "answer", "OPS"]

START = 20.0     # seconds more for a fresh worker's first query (importing calc)

_COMMON = {"id", "op", "f", "let", "timeout"}
OPS = {   # operation -> the options it takes besides id, op, f, let and timeout
    "extrema": {"on", "var", "digits"},
    "critical": {"vars", "var"},
    "diff": {"var", "order", "steps"},
    "differential": {"vars", "var", "at", "dx"},
}


class QueryError(CalcError):
    """A query that is not well formed (not JSON, no op, an unknown option, a wrong type)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.reason, self.hint, self.position = message, hint, None


# ------------------------------------------------------------------ one query
def _check(query: dict, position: int) -> dict:
    """The query with its id; QueryError when it is not well formed."""
    if not isinstance(query, dict):
        raise QueryError(f"a query is a JSON object, not {type(query).__name__}")
    q = dict(query)
    q.setdefault("id", position)
    op = q.get("op")
    if op not in OPS:
        raise QueryError(f"unknown op {op!r}" if op is not None else "the query has no op",
                         hint="op is one of " + ", ".join(sorted(OPS)))
    unknown = sorted(set(q) - _COMMON - OPS[op])
    if unknown:
        raise QueryError(f"{op} takes no option {', '.join(map(repr, unknown))}",
                         hint="its options: " + ", ".join(sorted(OPS[op] | {"let", "timeout"})))
    if not isinstance(q.get("f"), str) or not q["f"].strip():
        raise QueryError("the query has no function f (a string)")
    kinds = {"on": (str, dict), "var": str, "vars": (str, list), "order": int, "digits": int, "steps": bool,
             "timeout": (int, float), "let": dict, "at": (int, float, str, list), "dx": (int, float, str, list)}
    for key, kind in kinds.items():
        v = q.get(key)
        if v is not None and (not isinstance(v, kind) or (isinstance(v, bool) and kind is not bool)):
            raise QueryError(f"option {key!r} has the wrong type ({type(v).__name__})")
    if "timeout" in q and not q["timeout"] > 0:
        raise QueryError("timeout must be positive")
    return q


def _as_cli(q: dict) -> dict:
    """The query in the command line's terms (what :func:`calc.web.work.result_of` takes):
    ``vars`` and ``at``/``dx`` as comma-separated text, ``var`` for ``vars``, ``let`` values as text."""
    def text(v):
        return ",".join(map(str, v)) if isinstance(v, list) else (None if v is None else str(v))
    c = dict(q)
    if q["op"] in ("critical", "differential"):
        c["vars"] = text(q.get("vars") or q.get("var"))
    for key in ("at", "dx"):
        c[key] = text(q.get(key))
    if q.get("let"):
        c["let"] = {str(k): str(v) for k, v in q["let"].items()}
    return c


def _compute(q: dict) -> dict:
    """The result of a checked query as JSON data: what ``calc <op> … --format json`` prints."""
    from .render.json import to_data
    r = result_of(_as_cli(q))
    return to_data(r, steps=q.get("steps", True)) if q["op"] == "diff" else to_data(r)


def solve(q: dict) -> dict:
    """The answer to a checked query, under its budget; never raises for the query's sake."""
    try:
        ok, data = budget.run(lambda: _compute(q), seconds_of(q), catch=False)
        if not ok:
            raise timed_out(q)
        json.dumps(data)   # a result that is not JSON is a bug: answered as such, not sent on
        return {"id": q["id"], "result": data}
    except Exception as exc:  # noqa: BLE001 - a CalcError or RecursionError is the query's; anything
        # else is a bug, answered with kind "internal" and the exception's name (as the CLI's exit 1):
        # one query's bug must not stop a thousand others
        return {"id": q["id"], **error_json(exc)}


def prepare(item: Any, position: int) -> tuple[dict | None, dict | None]:
    """(checked query, None) or (None, its error answer) for a dict or a line of JSON text."""
    if isinstance(item, (str, bytes)):
        try:
            item = json.loads(item)
        except ValueError as exc:
            return None, {"id": position, **error_json(QueryError(f"not JSON: {exc}"))}
    try:
        return _check(item, position), None
    except QueryError as exc:
        qid = item.get("id", position) if isinstance(item, dict) else position
        return None, {"id": qid, **error_json(exc)}


def answer(query: Any, position: int = 1) -> dict:
    """One query (a dict or a line of JSON) answered in this process."""
    q, bad = prepare(query, position)
    return bad if q is None else solve(q)


def _timed_out(q: dict) -> dict:
    return {"id": q["id"], **error_json(timed_out(q))}


# ------------------------------------------------------------------ worker processes
def serve(work: str = "") -> None:  # pragma: no cover - runs in the worker processes
    """A worker process: a JSON query per line on stdin, its JSON answer per line on stdout.

    ``work`` names the function that answers ("module:function"; default :func:`solve`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)                                  # whatever else is printed goes to stderr
    if work:
        module, name = work.split(":")
        fn = getattr(importlib.import_module(module), name)
    else:
        fn = solve
        import calc.derivative  # noqa: F401 - warm up before the first deadline runs
        import calc.extrema  # noqa: F401
    for line in sys.stdin.buffer:
        out.write(json.dumps(fn(json.loads(line))).encode("ascii") + b"\n")
        out.flush()


_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # the folder that holds calc/


class _Worker:
    """A child process answering one query at a time in its main thread (where the budget's
    alarm works); killed when it overruns its query's budget by GRACE."""

    def __init__(self, work: str = ""):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen([sys.executable, "-c", f"from calc.batch import serve; serve({work!r})"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.work = work
        self.task: tuple[int, dict] | None = None
        self.deadline = 0.0
        self.fresh = True

    def give(self, index: int, q: dict) -> None:
        self.task = (index, q)
        self.deadline = time.monotonic() + seconds_of(q) + GRACE + (START if self.fresh else 0.0)
        try:
            self.process.stdin.write(json.dumps(q).encode("ascii") + b"\n")
            self.process.stdin.flush()
        except OSError:
            pass   # a dead worker: seen as end of file on its answers

    def answer(self, ready: bool) -> dict:
        """The answer to the task: read when ``ready``, else a timeout; the task is then done
        (when the worker gave no answer, the caller replaces it)."""
        index, q = self.task
        if not ready:
            return _timed_out(q)
        line = self.process.stdout.readline()
        if not line:   # the worker died (killed from outside, out of memory)
            return {"id": q["id"], **error_json(CalcError(
                "the worker process answering this query died (out of memory?)"))}
        self.task, self.fresh = None, False
        return json.loads(line)

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.process.stdin.close()   # end of input: the worker returns
                self.process.wait(2.0)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def _pool(tasks: list, jobs: int, work: str = "") -> Iterator[tuple[int, dict]]:
    """(index, answer) for each (index, query) as ``jobs`` workers finish them; a worker that
    gives no answer in time is killed and replaced."""
    pending = deque(tasks)
    workers = [_Worker(work) for _ in range(min(jobs, len(tasks)))]
    try:
        while True:
            for w in workers:
                if w.task is None and pending:
                    w.give(*pending.popleft())
            busy = [w for w in workers if w.task is not None]
            if not busy:
                return
            ready = wait([w.process.stdout for w in busy],
                         timeout=max(0.0, min(w.deadline for w in busy) - time.monotonic()))
            now = time.monotonic()
            for k, w in enumerate(workers):
                if w.task is None or (w.process.stdout not in ready and now < w.deadline):
                    continue
                index = w.task[0]
                got = w.answer(w.process.stdout in ready)
                if w.task is not None:
                    w.stop(kill=True)
                    workers[k] = _Worker(work)
                yield index, got
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)


_local = threading.local()


def solve_in_child(q: dict) -> dict:
    """:func:`solve` in a child process of this thread (kept for the next query): for worker
    threads such as Dask's, where the budget's alarm cannot interrupt, and a late computation
    would go on in an abandoned thread."""
    w = getattr(_local, "worker", None)
    if w is None or w.process.poll() is not None:
        w = _local.worker = _Worker()
    w.give(0, q)
    got = w.answer(bool(wait([w.process.stdout], timeout=max(0.0, w.deadline - time.monotonic()))))
    if w.task is not None:
        w.stop(kill=True)
        _local.worker = None
    return got


# ------------------------------------------------------------------ a Dask cluster
def _on_dask(client, tasks: list) -> Iterator[tuple[int, dict]]:
    """(index, answer) in input order from a ``distributed.Client``."""
    futures = client.map(solve_in_child, [q for _, q in tasks], pure=False)
    try:
        for (index, q), fut in zip(tasks, futures):
            try:
                got = fut.result(timeout=seconds_of(q) + 2 * GRACE + START)
            except TimeoutError:
                fut.cancel()
                got = _timed_out(q)
            except Exception as exc:  # noqa: BLE001 - the cluster lost the task (KilledWorker,
                # a closed connection): that query is answered, the others go on
                got = {"id": q["id"], **error_json(CalcError(f"the cluster could not run this query: "
                                                             f"{type(exc).__name__}: {exc}"))}
            yield index, got
    finally:
        client.cancel(futures)


# ------------------------------------------------------------------ the front door
def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def iter_batch(queries: Iterable, jobs: int | None = None, client=None,
               timeout: float | None = None) -> Iterator[dict]:
    """The answers, in input order, as they become ready (see :func:`batch`)."""
    return _answers(enumerate(queries, 1), jobs, client, timeout)


def _key(qid) -> str:
    return json.dumps(qid, sort_keys=True)


def _answers(numbered: Iterable, jobs, client, timeout, skip: frozenset = frozenset()) -> Iterator[dict]:
    """The answers to (position, query) pairs in input order; ids in ``skip`` are left out."""
    tasks, answers = [], {}
    for position, item in numbered:
        if isinstance(item, (str, bytes)) and not item.strip():
            continue   # a blank line: no query
        q, bad = prepare(item, position)
        if _key((q or bad)["id"]) in skip:
            continue
        if q is None:
            answers[position] = bad
            continue
        if timeout is not None:
            q.setdefault("timeout", timeout)
        tasks.append((position, q))
    jobs = jobs or default_jobs()
    if client is not None:
        source = _on_dask(client, tasks)
    elif jobs == 1 or not tasks:
        source = ((i, solve(q)) for i, q in tasks)
    else:
        source = _pool(tasks, jobs)
    order = sorted([i for i, _ in tasks] + list(answers))
    nxt = 0
    try:
        for index, got in source:
            answers[index] = got
            while nxt < len(order) and order[nxt] in answers:
                yield answers.pop(order[nxt])
                nxt += 1
        while nxt < len(order):   # bad lines after the last query
            yield answers.pop(order[nxt])
            nxt += 1
    finally:
        source.close()   # stops the workers when the caller stops early (Ctrl-C)


def batch(queries: Iterable, jobs: int | None = None, client=None, timeout: float | None = None) -> list[dict]:
    """Answer many queries; one dict per query, in input order.

    ``queries``: dicts or lines of JSON (see the module's doc).  ``jobs``: worker processes
    (default: the number of cores; 1 answers in this process).  ``client``: a
    ``distributed.Client`` to run on a Dask cluster instead (``pip install "calc[dask]"``).
    ``timeout``: the timeout of queries that give none (default 10 s).

    >>> import calc
    >>> [a["result"]["derivative"] for a in calc.batch([{"op": "diff", "f": "x^3"}], jobs=1)]
    ['3*x**2']
    >>> calc.batch(['{"id": "q1", "op": "integrate", "f": "x"}'], jobs=1)[0]["error"]["kind"]
    'input'
    """
    return list(iter_batch(queries, jobs=jobs, client=client, timeout=timeout))


# ------------------------------------------------------------------ files (the `calc batch` command)
def _answered(out: str) -> frozenset:
    """The ids answered in an output file; a last line cut short by an interruption is removed."""
    if not os.path.exists(out):
        return frozenset()
    with open(out, "rb+") as fh:
        data = fh.read()
        if data and not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)
            data = data[:data.rfind(b"\n") + 1]
    ids = set()
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            ids.add(_key(json.loads(line)["id"]))
        except (ValueError, KeyError, TypeError):
            continue   # not an answer line: its query is answered again
    return frozenset(ids)


def _progress(total: int):
    """(update, close) of a progress bar on stderr when it is a terminal (tqdm, rich or a counter)."""
    if not (total and sys.stderr.isatty()):
        return (lambda: None), (lambda: None)
    try:
        from tqdm import tqdm
        bar = tqdm(total=total, unit="query", file=sys.stderr)
        return (lambda: bar.update(1)), bar.close
    except ImportError:
        pass
    try:
        from rich.console import Console
        from rich.progress import Progress
        p = Progress(console=Console(stderr=True))
        task = p.add_task("calc batch", total=total)
        p.start()
        return (lambda: p.advance(task)), p.stop
    except ImportError:
        pass
    count = [0]

    def update():
        count[0] += 1
        sys.stderr.write(f"\rcalc batch: {count[0]}/{total}")
        sys.stderr.flush()
    return update, (lambda: sys.stderr.write("\n"))


def run_file(path: str, out: str | None = None, jobs: int | None = None, resume: bool = False,
             timeout: float | None = None) -> int:
    """``calc batch``: queries from a JSON Lines file (``-``: stdin), one answer line each to
    ``out`` (default stdout), each flushed as written; ``resume`` appends the answers of the
    queries whose ids ``out`` does not hold yet.  Returns the exit code (0: every query answered,
    each line saying how; 130: interrupted)."""
    if resume and not out:
        raise CalcError("--resume needs --out FILE (the answers of the interrupted run)")
    if jobs is not None and jobs < 1:
        raise CalcError("--jobs must be at least 1")
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CalcError(f"cannot read the queries from {path}: {exc}") from None
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    done = _answered(out) if resume else frozenset()
    sink = open(out, "a" if resume else "w", encoding="utf-8") if out else sys.stdout
    ascii_only = (getattr(sink, "encoding", None) or "").lower().replace("-", "") != "utf8"
    update, close = _progress(len(numbered) - len(done))
    written = 0
    answers = _answers(numbered, jobs, None, timeout, done)
    try:
        for got in answers:
            sink.write(json.dumps(got, ensure_ascii=ascii_only) + "\n")
            sink.flush()
            written += 1
            update()
    except KeyboardInterrupt:
        answers.close()
        sys.stderr.write(f"\ncalc: interrupted after {written} answers"
                         + (f"; `calc batch {path} --out {out} --resume` goes on\n" if out else "\n"))
        return 130
    finally:
        close()
        if out:
            sink.close()
    return 0
