"""The worker processes of ``calc serve``: every query runs in one, under its budget.

``jobs`` slots, each a one-process :class:`concurrent.futures.ProcessPoolExecutor` (so that
one worker can be killed without breaking the others).  A query waits for a free slot;
at most ``jobs + queue`` queries are admitted at a time, the next one is refused at once
(:class:`Busy`: HTTP 503 with a Retry-After).  A worker still busy :data:`GRACE` seconds
after its query's budget (stuck in C code, say) is killed and replaced, and the query
answered with a timeout error; a worker that dies is replaced too.  The workers fork from
a server process that has imported calc once (multiprocessing's forkserver), so a new one
is ready at once.
"""
from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable

from ..errors import CalcError
from . import work

GRACE = 5.0   # seconds a worker may overrun its query's budget before it is killed


class Busy(Exception):
    """Every worker is busy and the queue is full; ``retry_after`` is a guess in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"busy: try again in {retry_after} s")
        self.retry_after = retry_after


def _quiet() -> None:  # pragma: no cover - runs in the workers
    """A worker leaves Ctrl-C to the server (which stops the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context():
    if "forkserver" not in multiprocessing.get_all_start_methods():   # not on Windows
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # (the plot's matplotlib too, when installed: a missing module is skipped)
    ctx.set_forkserver_preload(["calc.web.work", "calc.web.html", "matplotlib.pyplot"])
    return ctx


class _Slot:
    """One worker process (a one-process executor) and its pid."""

    def __init__(self, ctx, warm: Callable):
        self.executor = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_quiet)
        self.pid = self.executor.submit(warm).result()

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.executor.shutdown(wait=False, cancel_futures=True)


class Pool:
    """``await pool.run(query)``: the query's answer (see :func:`calc.web.work.answer`).

    ``answer`` (run in the workers) and ``warm`` (run once in each new worker; returns its pid)
    are module-level functions; ``seconds_of(query)`` is the query's budget."""

    def __init__(self, jobs: int = 2, queue: int = 16, answer: Callable = work.answer,
                 warm: Callable = work.warm, seconds_of: Callable = work.seconds_of, grace: float = GRACE):
        if jobs < 1 or queue < 0:
            raise CalcError("--jobs must be at least 1 (and the queue not negative)")
        self.jobs, self.queue = jobs, queue
        self._answer, self._warm, self._seconds_of, self.grace = answer, warm, seconds_of, grace
        self._ctx = _context()
        self._free: asyncio.Queue | None = None
        self._slots: list[_Slot] = []
        self.admitted = 0          # queries running or waiting
        self.served = 0
        self.killed = 0
        self._mean = 1.0           # seconds per query (moving average), for Retry-After

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._slots = list(await asyncio.gather(*[loop.run_in_executor(None, _Slot, self._ctx, self._warm)
                                                  for _ in range(self.jobs)]))
        self._free = asyncio.Queue()
        for s in self._slots:
            self._free.put_nowait(s)

    async def stop(self) -> None:
        for s in self._slots:
            s.kill()
        self._slots = []

    def retry_after(self) -> int:
        waiting = max(1, self.admitted - self.jobs + 1)
        return max(1, min(60, math.ceil(self._mean * waiting / self.jobs)))

    async def run(self, q: dict) -> dict:
        if self._free is None:
            raise RuntimeError("the pool is not started")
        if self.admitted >= self.jobs + self.queue:
            raise Busy(self.retry_after())
        self.admitted += 1
        # the slot's life does not depend on the request's: a client that goes away leaves
        # the query to finish (or be killed) before its worker takes the next one
        task = asyncio.ensure_future(self._on_slot(q))
        task.add_done_callback(self._done)
        return await asyncio.shield(task)

    def _done(self, task) -> None:
        self.admitted -= 1
        self.served += 1

    async def _on_slot(self, q: dict) -> dict:
        loop = asyncio.get_running_loop()
        slot = await self._free.get()
        start = loop.time()
        try:
            fut = loop.run_in_executor(slot.executor, self._answer, q)
            got = await asyncio.wait_for(fut, self._seconds_of(q) + self.grace)
            self._mean += 0.2 * (loop.time() - start - self._mean)
            return got
        except (asyncio.TimeoutError, BrokenProcessPool) as exc:
            late = isinstance(exc, asyncio.TimeoutError)
            slot = await loop.run_in_executor(None, self._replace, slot)
            if late:
                return work.error_answer(q, work.timed_out(q))
            return work.error_answer(q, CalcError("the worker process answering this query died "
                                                  "(out of memory?)"))
        finally:
            self._free.put_nowait(slot)

    def _replace(self, slot: _Slot) -> _Slot:
        slot.kill()
        self.killed += 1
        new = _Slot(self._ctx, self._warm)
        self._slots = [new if s is slot else s for s in self._slots]
        return new
