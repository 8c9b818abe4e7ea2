"""calc's text in ASCII, for an output that cannot show Unicode (``PYTHONIOENCODING=ascii``,
an old terminal).  One translation table, applied at the output boundary (the command line
wraps its streams in :class:`AsciiWriter`); the renderers write Unicode and never ask.

The result reads back as calc input: ``√(x + 1)`` -> ``sqrt(x + 1)``, ``x²`` -> ``x^2``,
``π`` -> ``pi``, ``∞`` -> ``oo``.

>>> to_ascii("f′(x) = 3x² - 3 ≤ √2 π, x → ∞")
"f'(x) = 3x^2 - 3 <= sqrt(2) pi, x -> oo"
>>> to_ascii("sin⁻¹ x + √(x + 1) + Δy")
'sin^(-1) x + sqrt(x + 1) + Delta y'
"""
from __future__ import annotations

import io
import re
import unicodedata
from functools import cache

# never a '"' or '\\' on the right: text inside JSON strings stays valid JSON
TABLE = {
    "π": "pi", "∞": "oo", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "·": "*", "×": "*", "÷": "/",
    "−": "-", "–": "-", "—": "--", "′": "'", "″": "''", "‴": "'''", "∈": "in", "∉": "not in",
    "ℤ": "Z", "ℝ": "R", "ℕ": "N", "∪": "U", "∩": "&", "∅": "{}", "→": "->", "←": "<-", "⇒": "=>",
    "↦": "|->", "±": "+-", "∓": "-+", "…": "...", "Δ": "Delta ", "∂": "d", "∇": "grad ", "⌊": "floor(",
    "⌋": ")", "⌈": "ceiling(", "⌉": ")", "√": "sqrt", "∛": "cbrt", "∜": "root4", "°": " deg",
    "“": "'", "”": "'", "‘": "'", "’": "'", "✓": "ok", "✗": "x", "•": "*", "│": "|", "─": "-",
    "₋": "-", "₊": "+", "ℓ": "l", "⟨": "<", "⟩": ">", "‖": "||", "≡": "==", "∘": " o ", "\u00a0": " ",
}
_ROOT_OF_ATOM = re.compile(r"([√∛∜])([A-Za-z0-9_.]+)")


@cache
def _scripts():
    """calc's superscripts and subscripts (from the printer, imported when first needed: the
    command line's --help and --version do not load sympy)."""
    from ..printing import SUBSCRIPTS, SUPERSCRIPTS
    return (SUPERSCRIPTS, SUBSCRIPTS, re.compile("[" + "".join(SUPERSCRIPTS) + "]+"),
            re.compile("[" + "".join(SUBSCRIPTS) + "]+"))


def _superscript(m: re.Match) -> str:
    s = "".join(_scripts()[0][c] for c in m.group(0))
    return "^" + (s if s.isalnum() else f"({s})")


def _other(c: str) -> str:
    """A character outside the table: a Greek letter by name, else its ASCII decomposition."""
    name = unicodedata.name(c, "")
    if name.startswith(("GREEK SMALL LETTER ", "GREEK CAPITAL LETTER ")):
        word = name.rsplit(" ", 1)[1].lower()
        return word if "SMALL" in name else word.capitalize()
    plain = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
    return plain or "?"


def to_ascii(text: str) -> str:
    """calc's Unicode text in ASCII (see the module docstring)."""
    if text.isascii():
        return text
    text = _ROOT_OF_ATOM.sub(lambda m: f"{m.group(1)}({m.group(2)})", text)
    _, subs, sup_run, sub_run = _scripts()
    text = sup_run.sub(_superscript, text)
    text = sub_run.sub(lambda m: "_" + "".join(subs[c] for c in m.group(0)), text)
    return "".join(c if c.isascii() else TABLE.get(c) or _other(c) for c in text)


def can_show(stream, sample: str = "π√²≤∞′→ℝ") -> bool:
    """Whether ``stream`` can write calc's Unicode."""
    enc = getattr(stream, "encoding", None)
    if enc is None:          # an in-memory text stream (io.StringIO) takes any text
        return True
    try:
        sample.encode(enc)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


class AsciiWriter(io.TextIOBase):
    """A text stream that writes ``to_ascii(text)`` to another stream."""

    def __init__(self, stream):
        self.stream = stream

    @property
    def encoding(self):
        return self.stream.encoding

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.stream.write(to_ascii(text).encode("ascii", "replace").decode("ascii"))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()
