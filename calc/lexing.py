"""Formula text -> tokens: the first half of calc's parser (:mod:`calc.parsing` is the grammar).

Besides calc's plain syntax the tokenizer reads the text people type and calc
prints, each token keeping its position in the input (for the caret of an error):

* Unicode: ``√x``, ``∛x``, ``∜x`` (the catalogue's spellings of roots), superscripts
  ``x²``, ``x⁻¹``, ``sin⁻¹ x``, subscripts ``x₁``, ``·`` ``×`` ``÷`` ``−`` ``π`` ``∞``
  ``≤`` ``≥`` ``≠``, full-width brackets, comma and digits (``（x+1）^2``);
* a LaTeX subset: function commands from the catalogue (``\\sin``, ``\\ln``,
  ``\\arctan``, ``\\operatorname{arccot}``, ``\\lfloor x \\rfloor``), ``\\frac{a}{b}``,
  ``\\sqrt{…}``, ``\\sqrt[3]{…}``, ``e^{x}``, ``\\cdot``, ``\\times``, ``\\left( \\right)``,
  ``\\pi``, ``\\infty``, Greek letters, ``\\le`` ``\\ge`` ``\\ne`` and spacing commands.
  Braces group only in LaTeX (text with a backslash) and after ``^``.

>>> [t.text for t in tokenize("√(x+1)·x²")]
['√', '(', 'x', '+', '1', ')', '*', 'x', '^', '(', '2', ')', '']
>>> [t.text for t in tokenize(r"\\frac{1}{2}")]
['frac', '{', '1', '}', '{', '2', '}', '']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .catalogue import latex_brackets, latex_commands, spellings
from .errors import ParseError
from .printing import SUBSCRIPTS, SUPERSCRIPTS

GREEK = set("alpha beta gamma delta epsilon zeta eta theta iota kappa lamda lambda mu nu xi "
            "omicron rho sigma tau upsilon phi chi psi omega".split())


@dataclass
class Tok:
    kind: str  # num, name, op, cmd (a LaTeX construct of the grammar: frac, sqrt), end
    text: str
    pos: int


# one character for one character, so that every token keeps its position in the input
_SAME_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}   # full-width ASCII
_SAME_WIDTH.update({"\u3000": " ", "\u00a0": " ", "−": "-", "–": "-", "‐": "-", "‑": "-", "‒": "-",
                    "﹣": "-", "·": "*", "⋅": "*", "∙": "*", "∗": "*", "×": "*", "÷": "/", "∕": "/",
                    "ℯ": "e", "∣": "|", "≦": "≤", "≧": "≥"})
_TRANSLATE = str.maketrans(_SAME_WIDTH)

_SUPERS, _SUBS = SUPERSCRIPTS, SUBSCRIPTS
_OPS = ["**", "<=", ">=", "==", "!=", "≤", "≥", "≠", "+", "-", "*", "/", "^", "(", ")", "[", "]",
        ",", "|", "<", ">", "&", "~", "=", ";", "{", "}"]
_NORMALISE = {"≤": "<=", "≥": ">=", "≠": "!=", "=": "=="}
_SUBSCRIPT = re.compile(r"_(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))")
_NUMBER = re.compile(r"\d*\.?\d*(?:[eE][+-]?\d+)?")

# LaTeX: the grammar's own commands; function names come from the catalogue
_LATEX_OPS = {"cdot": "*", "times": "*", "div": "/", "le": "<=", "leq": "<=", "leqslant": "<=",
              "ge": ">=", "geq": ">=", "geqslant": ">=", "ne": "!=", "neq": "!=", "lt": "<", "gt": ">",
              "lvert": "|", "rvert": "|", "vert": "|"}
_LATEX_NAMES = {"pi": "π", "infty": "∞", "varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta"}
_LATEX_SKIP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
               "biggr", "displaystyle", "quad", "qquad", ",", ";", ":", "!", " "}
_LATEX_GRAMMAR = {"frac": "frac", "dfrac": "frac", "tfrac": "frac", "sqrt": "sqrt"}
_LATEX_WORD = re.compile(r"\\(operatorname|mathrm|text|mathit|rm)\s*\{\s*([A-Za-z]+)\s*\}")
_LATEX_HINT = (r"calc reads a LaTeX subset: \frac{a}{b}, \sqrt{…}, \sqrt[n]{…}, e^{…}, \cdot, \left( \right) "
               r"and function names such as \sin, \ln, \arctan")


def _symbol_spellings() -> set[str]:
    """Function spellings that are one non-letter character (√, ∛, ∜): tokens of their own."""
    return {s for s in spellings() if len(s) == 1 and not s.isalpha()}


_RADICALS = _symbol_spellings()
_FUNCTION_NAMES = set(spellings())
_LATEX_COMMANDS = latex_commands()
_LATEX_BRACKETS = latex_brackets()


def _name_char(ch: str) -> bool:
    return (ch.isascii() and (ch.isalnum() or ch == "_")) or ("α" <= ch <= "ω" and ch != "π")


class _Lexer:
    def __init__(self, text: str):
        self.original = text
        self.text = text.translate(_TRANSLATE)
        self.latex = "\\" in text
        self.toks: list[Tok] = []

    def add(self, kind, text, pos):
        self.toks.append(Tok(kind, text, pos))

    def run(self) -> list[Tok]:
        text, n, i = self.text, len(self.text), 0
        while i < n:
            c = text[i]
            if c.isspace():
                i += 1
            elif c in _SUPERS:
                i = self.superscript(i)
            elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
                i = self.number(i)
            elif c in "π∞" or c in _RADICALS:
                self.add("name", c, i)
                i += 1
            elif c.isalpha() or (c == "_" and not self.latex):
                i = self.name(i)
            elif c == "\\":
                i = self.command(i)
            elif c == "_" and self.latex:
                self.add("op", "_", i)
                i += 1
            else:
                i = self.operator(i)
        self.add("end", "", n)
        return self.toks

    def superscript(self, i: int) -> int:
        j = i
        while j < len(self.text) and self.text[j] in _SUPERS:
            j += 1
        plain = "".join(_SUPERS[ch] for ch in self.text[i:j])
        if not plain.strip("-+"):
            raise ParseError("a superscript sign without digits", self.original, i)
        self.add("op", "^", i)
        self.add("op", "(", i)
        for t in _Lexer(plain).run()[:-1]:
            self.add(t.kind, t.text, i + t.pos)
        self.add("op", ")", j - 1)
        return j

    def number(self, i: int) -> int:
        text, n = self.text, len(self.text)
        s = _NUMBER.match(text, i).group(0)
        # do not swallow "e" of e.g. "2e^x" or "2ex": only a real exponent
        if re.search(r"[eE]", s) and not re.fullmatch(r"\d*\.?\d*[eE][+-]?\d+", s):
            s = re.match(r"\d*\.?\d*", s).group(0)
        if "e" in s.lower():
            mant = s.lower().partition("e")[0]
            # "2e3" is a number, but "2e" followed by letters is 2*e
            if i + len(s) < n and (text[i + len(s)].isalpha() or text[i + len(s)] == "_"):
                s = mant
        self.add("num", s, i)
        return i + len(s)

    def name(self, i: int) -> int:
        text, n = self.text, len(self.text)
        j = i + 1
        while j < n and (_name_char(text[j]) if not self.latex else (text[j].isascii() and text[j].isalnum())):
            j += 1
        if text[j - 1] == "_" and j - 1 > i and j < n and text[j] == "{":
            j -= 1      # x_{1} in plain text: the subscript is read below
        name = text[i:j]
        if j + 1 < n and text[j] == "_" and name not in _FUNCTION_NAMES:
            # x_1, x_{1} (LaTeX): a subscripted variable name
            m = _SUBSCRIPT.match(text, j)
            if m:
                name += "_" + (m.group(1) or m.group(2))
                j = m.end()
        if j < n and text[j] in _SUBS:
            k = j
            while k < n and text[k] in _SUBS:
                k += 1
            name += "_" + "".join(_SUBS[ch] for ch in text[j:k])
            j = k
        self.add("name", name, i)
        return j

    def command(self, i: int) -> int:
        """A LaTeX command at text[i] == '\\'."""
        text = self.text
        m = _LATEX_WORD.match(text, i)
        if m:
            full = f"\\{m.group(1)}{{{m.group(2)}}}"
            self.add("name", _LATEX_COMMANDS.get(full, m.group(2)), i)
            return m.end()
        m = re.compile(r"\\([A-Za-z]+|.)").match(text, i)
        if not m:
            raise ParseError("a lone backslash", self.original, i, _LATEX_HINT)
        word, end = m.group(1), m.end()
        full = "\\" + word
        if word in _LATEX_SKIP:
            pass
        elif full in _LATEX_BRACKETS:
            name, bracket = _LATEX_BRACKETS[full]
            if name:
                self.add("name", name, i)
            self.add("op", bracket, i)
        elif word in _LATEX_GRAMMAR:
            self.add("cmd", _LATEX_GRAMMAR[word], i)
        elif full in _LATEX_COMMANDS:
            self.add("name", _LATEX_COMMANDS[full], i)
        elif word in _LATEX_OPS:
            self.add("op", _LATEX_OPS[word], i)
        elif word in _LATEX_NAMES or word in GREEK or word in _FUNCTION_NAMES:
            self.add("name", _LATEX_NAMES.get(word, word), i)
        elif word in ("{", "}", "|"):
            self.add("op", {"{": "(", "}": ")"}.get(word, "|"), i)
        elif word == "begin":
            raise ParseError("LaTeX environments are not read", self.original, i,
                             "write a piecewise function as piecewise(x^2, x < 1, 2 - x)")
        else:
            raise ParseError(f"unknown LaTeX command {full}", self.original, i, _LATEX_HINT)
        return end

    def operator(self, i: int) -> int:
        text, c = self.text, self.text[i]
        for op in _OPS:
            if text.startswith(op, i):
                self.add("op", _NORMALISE.get(op, op), i)
                return i + len(op)
        hint = None
        if c in "'\"":
            hint = "strings are not formulas"
        elif c == ".":
            hint = "attribute access is not allowed; write functions as sin(x)"
        elif c == "!":
            hint = "factorials are not supported"
        elif c == ":":
            hint = "lambdas, slices and Python code are not accepted"
        raise ParseError(f"unexpected character {self.original[i]!r}", self.original, i, hint)


def tokenize(text: str) -> list[Tok]:
    """The tokens of formula text (see the module docstring for what is read)."""
    return _Lexer(text).run()
