"""Time budgets: every solver call runs under a deadline.

``run(fn, seconds)`` returns ``(True, value)`` or ``(False, None)`` when the
deadline passes.  In the main thread it uses a SIGALRM interval timer (cheap,
interrupts pure-Python sympy code); elsewhere it falls back to running the call
in a daemon thread and abandoning it when late.  Budgets nest: an inner budget
never outlives the outer one.
"""
from __future__ import annotations

import signal
import threading
import time
from typing import Any, Callable

from .errors import BudgetExceeded

_deadlines: list[float] = []


def _handler(signum, frame):  # pragma: no cover - timing dependent
    now = time.monotonic()
    if _deadlines and now >= _deadlines[-1] - 1e-3:
        raise BudgetExceeded()
    _arm()


def _arm() -> None:
    if _deadlines:
        delay = max(_deadlines[-1] - time.monotonic(), 1e-3)
        signal.setitimer(signal.ITIMER_REAL, delay)
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


def remaining() -> float:
    """Seconds left in the innermost budget (inf when none is active)."""
    if not _deadlines:
        return float("inf")
    return max(0.0, _deadlines[-1] - time.monotonic())


def run(fn: Callable[[], Any], seconds: float, catch: bool = True) -> tuple[bool, Any]:
    """Run ``fn()`` for at most ``seconds``; return (finished, value)."""
    seconds = max(0.0, min(seconds, remaining()))
    if seconds <= 0:
        return False, None
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return _run_in_thread(fn, seconds)
    deadline = time.monotonic() + seconds
    old = signal.getsignal(signal.SIGALRM)
    if old is not _handler:
        signal.signal(signal.SIGALRM, _handler)
    _deadlines.append(min(deadline, _deadlines[-1]) if _deadlines else deadline)
    _arm()
    outer_expired = False
    try:
        value = fn()
        ok = True
    except BudgetExceeded:
        ok, value = False, None
        outer_expired = len(_deadlines) > 1 and time.monotonic() >= _deadlines[-2] - 1e-3
    except (RecursionError, NotImplementedError, TypeError, ValueError, AttributeError, ZeroDivisionError,
            KeyError, IndexError):
        # sympy gives up on some inputs with these: treat as "not found in time"
        if not catch:
            raise
        ok, value = False, None
    finally:
        _deadlines.pop()
        _arm()
        if not _deadlines and old is not _handler:
            signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
    if outer_expired:
        raise BudgetExceeded()
    return ok, value


def _run_in_thread(fn, seconds):
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the caller
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        return False, None
    if "error" in box:
        if isinstance(box["error"], (BudgetExceeded, RecursionError)):
            return False, None
        raise box["error"]
    return True, box.get("value")
