"""``let=`` on every API function: parameter values substituted while the formula is parsed."""
from __future__ import annotations

import functools
import inspect
from typing import Callable

from .parsing import parse


def takes_let(fn: Callable) -> Callable:
    """The API functions' parameter values: ``fn(f, ..., let={"a": 2})`` parses f with those
    values substituted (as :func:`parse` does, and the command line's ``--let a=2``), then
    calls fn on the parsed expression."""
    @functools.wraps(fn)
    def with_let(f, *args, let: dict | None = None, **kwargs):
        return fn(parse(f, let=let) if let else f, *args, **kwargs)
    sig = inspect.signature(fn)
    with_let.__signature__ = sig.replace(parameters=[*sig.parameters.values(), inspect.Parameter(
        "let", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="dict | None")])
    return with_let
