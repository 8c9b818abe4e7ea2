"""The one exception family of calc.

Every error a user can cause derives from :class:`CalcError`; the command line
turns it into one line on stderr and exit code 2.
"""
from __future__ import annotations


class CalcError(Exception):
    """Base class of every error calc raises on purpose.

    ``kind`` names the family (the ``kind`` of the command line's JSON error),
    ``hint`` is a suggestion of what to write instead (or None) and ``position``
    the 0-based offset of the problem in the input text (or None).
    """

    exit_code = 2
    kind = "input"
    hint: str | None = None
    position: int | None = None
    text: str = ""

    @property
    def message(self) -> str:
        """The message without position and hint."""
        return getattr(self, "reason", None) or " ".join(str(self).split())


class ParseError(CalcError, ValueError):
    """Input text that is not a formula calc understands.

    ``position`` is the 0-based character offset of the problem (or None) and
    ``hint`` a suggestion of what to write instead.
    """

    kind = "parse"

    def __init__(self, message: str, text: str = "", position: int | None = None,
                 hint: str | None = None):
        self.text = text
        self.position = position
        self.hint = hint
        self.reason = message
        full = message
        if position is not None:
            full += f" at position {position + 1}"
            if text and len(text) <= 200:
                full += f"\n  {text}\n  {' ' * position}^"
        if hint:
            full += f"\n  hint: {hint}"
        super().__init__(full)


class UnsupportedError(CalcError):
    """An expression head no rule of the registry covers."""

    kind = "unsupported"


class DomainError(CalcError):
    """A request that makes no sense on the given domain or interval."""

    kind = "domain"


class EmptyDomainError(DomainError):
    """f takes no values: the interval is empty, or f is defined nowhere on it (its set of
    values is empty, so it has no maximum, minimum or stationary point)."""


class ParameterError(CalcError):
    """f has symbols besides its variables (parameters without values), or a named
    variable does not occur in f.  ``names`` are the symbols concerned; ``need`` says what
    the caller must give: ``"values"`` (of the parameters) or ``"variable"`` (which one)."""

    kind = "parameter"

    def __init__(self, message: str, names: tuple = (), hint: str | None = None, need: str = "values"):
        super().__init__(message)
        self.names = tuple(names)
        self.hint = hint
        self.need = need


class BudgetExceeded(BaseException):
    """Raised inside a time-budgeted computation when its deadline passes.

    It derives from BaseException on purpose: sympy code that catches
    ``Exception`` must not swallow it.
    """


def error_json(exc: BaseException) -> dict:
    """``{"error": {"kind", "message", "position", "hint"}}`` for an error met while answering.

    ``kind`` is the error's family (:attr:`CalcError.kind`: "parse", "parameter", "domain",
    "unsupported", "timeout" — not decided within the time budget —, "usage", "input" for any
    other bad input) or "internal" (a bug: please report the input); ``message`` is one line;
    ``position`` the 0-based offset in the input text (or None).
    """
    if isinstance(exc, CalcError):
        kind, message = exc.kind, exc.message
    elif isinstance(exc, RecursionError):
        kind, message = "input", "the expression is nested too deeply"
    else:
        kind = "internal"
        message = f"{type(exc).__name__}: {' '.join(str(exc).split())} (please report this input)"
    return {"error": {"kind": kind, "message": message, "position": getattr(exc, "position", None),
                      "hint": getattr(exc, "hint", None)}}


class TimedOut(CalcError):
    """A computation that did not finish within its time budget (exit code 3: not decided)."""

    exit_code = 3
    kind = "timeout"
