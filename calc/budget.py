"""Time budgets: every solver call runs under a deadline.

``run(fn, seconds)`` returns ``(True, value)`` or ``(False, None)`` when the
deadline passes or when the *solver* gives up.  Budgets nest: an inner budget
never outlives the outer one.

How the deadline is enforced:

* cooperatively — calc's own loops call :func:`check` at their boundaries,
  which raises :class:`BudgetExceeded` once the innermost deadline has passed;
* in the main thread, a SIGALRM interval timer also interrupts long pure-Python
  solver calls (sympy).  The alarm raises only when the interrupted frame is
  calc's or a solver library's code; anywhere else (a gc callback, a test
  framework's hook, where Python would swallow the exception) it re-arms itself
  for a moment later instead;
  An alarm may strike inside a library's ``finally`` that was about to restore a
  process-wide setting (mpmath's or arb's precision, sympy's ``evaluate``), so
  ``run`` restores those itself when the budget ends;
* elsewhere (not the main thread), the call runs in a daemon thread and is
  abandoned when late.

What counts as "the solver gave up": RecursionError, NotImplementedError and
the errors sympy/mpmath raise on inputs they cannot handle (TypeError,
ValueError, … raised *inside* those libraries).  The same errors raised by
calc's own code are bugs and propagate: a bug never looks like a timeout.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any, Callable

import mpmath
from flint import ctx as _flint
from sympy.core.parameters import global_parameters as _sympy

from .errors import BudgetExceeded

_deadlines: list[float] = []   # main thread only (the alarm's deadlines)
_local = threading.local()     # cooperative deadlines of other threads

_CALC_DIR = os.path.dirname(os.path.abspath(__file__))
_SOLVER_DIRS = tuple(os.sep + d + os.sep for d in ("sympy", "mpmath", "flint", "numpy", "scipy"))
_GAVE_UP = (RecursionError, NotImplementedError, TypeError, ValueError, AttributeError, ZeroDivisionError,
            KeyError, IndexError, OverflowError)
_RETRY = 0.005   # seconds before a deferred alarm tries again


def _globals() -> tuple:
    """The process-wide settings a solver changes for a block and restores in a ``finally``."""
    return mpmath.mp.prec, _flint.prec, _sympy.evaluate, _sympy.distribute


def _set_globals(saved: tuple) -> None:
    mpmath.mp.prec, _flint.prec, _sympy.evaluate, _sympy.distribute = saved


def _interruptible(frame) -> bool:
    """May the alarm raise in this frame?  Only in calc's or a solver library's code."""
    if frame is None:
        return False
    name = frame.f_code.co_filename
    return name.startswith(_CALC_DIR) or any(d in name for d in _SOLVER_DIRS)


def _handler(signum, frame):  # pragma: no cover - timing dependent
    now = time.monotonic()
    if _deadlines and now >= _deadlines[-1] - 1e-3:
        if _interruptible(frame):
            raise BudgetExceeded()
        signal.setitimer(signal.ITIMER_REAL, _RETRY)   # foreign code: try again shortly
        return
    _arm()


def _arm() -> None:
    if _deadlines:
        delay = max(_deadlines[-1] - time.monotonic(), 1e-3)
        signal.setitimer(signal.ITIMER_REAL, delay)
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _stack() -> list:
    if threading.current_thread() is threading.main_thread():
        return _deadlines
    s = getattr(_local, "deadlines", None)
    if s is None:
        s = _local.deadlines = []
    return s


def remaining() -> float:
    """Seconds left in the innermost budget (inf when none is active)."""
    s = _stack()
    if not s:
        return float("inf")
    return max(0.0, s[-1] - time.monotonic())


def check() -> None:
    """Raise :class:`BudgetExceeded` when the innermost budget has run out (call at loop boundaries)."""
    s = _stack()
    if s and time.monotonic() >= s[-1]:
        raise BudgetExceeded()


def raised_by_solver(exc: BaseException) -> bool:
    """Was ``exc`` raised inside a solver library (not by calc's own code)?"""
    if isinstance(exc, (RecursionError, NotImplementedError)):
        return True
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and not last.startswith(_CALC_DIR)


def run(fn: Callable[[], Any], seconds: float, catch: bool = True) -> tuple[bool, Any]:
    """Run ``fn()`` for at most ``seconds``; return (finished, value).

    With ``catch`` (the default) a solver library giving up counts as not
    finished; ``catch=False`` lets every exception through.
    """
    seconds = max(0.0, min(seconds, remaining()))
    if seconds <= 0:
        return False, None
    main = threading.current_thread() is threading.main_thread()
    if not main or not hasattr(signal, "setitimer"):
        return _run_in_thread(fn, seconds, catch)
    deadline = time.monotonic() + seconds
    old = signal.getsignal(signal.SIGALRM)
    if old is not _handler:
        signal.signal(signal.SIGALRM, _handler)
    _deadlines.append(min(deadline, _deadlines[-1]) if _deadlines else deadline)
    saved = _globals()   # the alarm may strike inside a `finally` that was about to restore one of them
    _arm()
    outer_expired = False
    try:
        value = fn()
        ok = True
    except BudgetExceeded:
        ok, value = False, None
        outer_expired = len(_deadlines) > 1 and time.monotonic() >= _deadlines[-2] - 1e-3
    except _GAVE_UP as exc:
        if not catch or not raised_by_solver(exc):
            raise
        ok, value = False, None
    finally:
        _deadlines.pop()
        _arm()
        _set_globals(saved)
        if not _deadlines and old is not _handler:
            signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
    if outer_expired:
        raise BudgetExceeded()
    return ok, value


def _run_in_thread(fn, seconds, catch):
    box: dict[str, Any] = {}
    deadline = time.monotonic() + seconds

    def target():
        _local.deadlines = [deadline]
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below, never swallowed
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        return False, None
    if "error" in box:
        exc = box["error"]
        if isinstance(exc, BudgetExceeded) or (catch and isinstance(exc, _GAVE_UP) and raised_by_solver(exc)):
            return False, None
        raise exc
    return True, box.get("value")
