"""LaTeX (the subset the tables use) -> presentation MathML.

>>> mathml_of(r"\\frac{1}{x}")
'<mfrac><mn>1</mn><mi>x</mi></mfrac>'
"""
from __future__ import annotations

import html
import re

from ..errors import CalcError

_ML_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|[0-9]+(?:\.[0-9]+)?|.", re.S)
_ML_IDENT = {r"\mu": "μ", r"\pi": "π", r"\varphi": "φ", r"\phi": "ϕ", r"\alpha": "α", r"\beta": "β",
             r"\theta": "θ", r"\lambda": "λ", r"\xi": "ξ", r"\infty": "∞", r"\nabla": "∇",
             r"\emptyset": "∅", r"\varnothing": "∅"}
_ML_BB = {"R": "ℝ", "Z": "ℤ", "N": "ℕ", "Q": "ℚ", "C": "ℂ"}   # \mathbb{R}: the sets of numbers
_ML_OP = {r"\pm": "±", r"\mp": "∓", r"\cdot": "⋅", r"\times": "×", r"\neq": "≠", r"\ne": "≠",
          r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥", r"\lt": "<", r"\gt": ">", r"\to": "→",
          r"\in": "∈", r"\wedge": "∧", r"\land": "∧", r"\vee": "∨", r"\lor": "∨", r"\lnot": "¬",
          r"\mid": "∣", r"\surd": "√", r"\cup": "∪", r"\cap": "∩", r"\setminus": "∖", r"\colon": ":",
          r"\ldots": "…", r"\cdots": "⋯"}
_ML_FUNC = {r"\sin", r"\cos", r"\tan", r"\cot", r"\sec", r"\csc", r"\arcsin", r"\arccos", r"\arctan",
            r"\sinh", r"\cosh", r"\tanh", r"\coth", r"\ln", r"\log", r"\exp", r"\max", r"\min"}
_ML_SPACE = {r"\,": "0.1667em", r"\:": "0.2222em", r"\;": "0.2778em", "\\ ": "0.3333em",
             r"\quad": "1em", r"\qquad": "2em", "~": "0.3333em"}
_ML_FENCE = {"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", r"\{": "{", r"\}": "}", ".": "",
             r"\lfloor": "⌊", r"\rfloor": "⌋", r"\lceil": "⌈", r"\rceil": "⌉", r"\vert": "|",
             r"\lvert": "|", r"\rvert": "|", r"\langle": "⟨", r"\rangle": "⟩"}
_OPCHARS = {"+": "+", "-": "−", "=": "=", "<": "<", ">": ">", "/": "/", ",": ",", ";": ";",
            ":": ":", "!": "!", "|": "|", "(": "(", ")": ")", "[": "[", "]": "]", "*": "∗"}


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


class _MathML:
    """A small recursive-descent translator; unknown LaTeX is an error, never garbage."""

    def __init__(self, src: str):
        self.src = src
        self.toks = _ML_TOKEN.findall(src)
        self.i = 0

    def error(self, what):
        raise CalcError(f"cannot render {what} in the formula {self.src!r} as MathML")

    def peek(self, skip_space=True):
        j = self.i
        while skip_space and j < len(self.toks) and self.toks[j].isspace():
            j += 1
        return self.toks[j] if j < len(self.toks) else None

    def take(self, skip_space=True):
        while skip_space and self.i < len(self.toks) and self.toks[self.i].isspace():
            self.i += 1
        if self.i >= len(self.toks):
            self.error("an unfinished formula")
        t = self.toks[self.i]
        self.i += 1
        return t

    def raw_group(self) -> str:
        if self.take() != "{":
            self.error("a missing {")
        depth, out = 1, ""
        while True:
            t = self.take(skip_space=False)
            if t == "{":
                depth += 1
            elif t == "}":
                depth -= 1
                if depth == 0:
                    return out
            out += t

    def parse(self) -> str:
        items = self.seq(stop=())
        if self.i < len(self.toks):
            self.error(f"an unexpected {self.toks[self.i]!r}")
        return self.row(items)

    @staticmethod
    def row(items) -> str:
        xml = "".join(x for _, x in items)
        return xml if len(items) == 1 else f"<mrow>{xml}</mrow>"

    def seq(self, stop):
        items = []  # (kind, xml); kind: ord, op, fn, open, close, space
        while True:
            t = self.peek()
            if t is None or t in stop:
                return self.spaced(items)
            if t in ("^", "_", "'"):
                self.take()
                base = items.pop() if items else ("ord", "<mrow></mrow>")
                items.append(self.scripts(base, t))
                continue
            items.append(self.atom())

    def spaced(self, items):
        """Thin spaces around function names, as TeX puts them: x ln a, sec x tan x."""
        out = []
        for k, (kind, xml) in enumerate(items):
            if kind == "fn":
                if out and out[-1][0] in ("ord", "close", "group"):
                    out.append(("space", '<mspace width="0.1667em"></mspace>'))
                out.append(("fn", xml + "<mo>\u2061</mo>"))
                nxt = items[k + 1][0] if k + 1 < len(items) else None
                if nxt not in (None, "open", "group", "space", "op"):
                    out.append(("space", '<mspace width="0.1667em"></mspace>'))
            else:
                out.append((kind, xml))
        return out

    def scripts(self, base, first):
        kind, xml = base
        sub = sup = None
        primes = ""
        t = first
        while True:
            if t == "'":
                primes += "′"
            elif t == "^":
                sup = self.row(self.arg())
            elif t == "_":
                sub = self.row(self.arg())
            nxt = self.peek(skip_space=False)
            if nxt in ("^", "_", "'"):
                t = self.take()
                continue
            break
        if primes:
            # a prime glyph is already raised: u′ is <mi>u</mi><mo>′</mo>, not a superscript
            xml = f'<mrow>{xml}<mo lspace="0" rspace="0">{primes}</mo></mrow>'
            if sub is None and sup is None:
                return ("close" if kind in ("close", "group") else "ord", xml)
        if sub is not None and sup is not None:
            out = f"<msubsup>{xml}{sub}{sup}</msubsup>"
        elif sub is not None:
            out = f"<msub>{xml}{sub}</msub>"
        else:
            out = f"<msup>{xml}{sup}</msup>"
        return ("fn" if kind == "fn" else ("close" if kind in ("close", "group") else "ord"), out)

    def arg(self):
        t = self.peek()
        if t == "{":
            self.take()
            items = self.seq(stop=("}",))
            self.take()
            return items
        return [self.atom()]

    def fence(self, tok, stretchy=True) -> str:
        if tok not in _ML_FENCE:
            self.error(f"the delimiter {tok!r}")
        ch = _ML_FENCE[tok]
        # stretchy fences around short content get wide side bearings in Chromium
        s = "true" if stretchy else "false"
        return f'<mo fence="true" stretchy="{s}" lspace="0" rspace="0">{_esc(ch)}</mo>' if ch else ""

    def atom(self):
        t = self.take()
        if t == "{":
            items = self.seq(stop=("}",))
            self.take()
            return ("ord", self.row(items))
        if t.isdigit() or re.fullmatch(r"[0-9]+\.[0-9]+", t):
            return ("ord", f"<mn>{t}</mn>")
        if len(t) == 1 and t.isalpha() and t.isascii():
            return ("ord", f"<mi>{t}</mi>")
        if t in _OPCHARS:
            kind = "open" if t in "([" else "close" if t in ")]" else "op"
            attr = ' stretchy="false"' if t in "()[]|" else ' lspace="0" rspace="0"' if t == "/" else ""
            return (kind, f"<mo{attr}>{_esc(_OPCHARS[t])}</mo>")
        if t in _ML_IDENT:
            return ("ord", f"<mi>{_ML_IDENT[t]}</mi>")
        if t in _ML_OP:
            return ("op", f"<mo>{_esc(_ML_OP[t])}</mo>")
        if t in _ML_SPACE:
            return ("space", f'<mspace width="{_ML_SPACE[t]}"></mspace>')
        if t in _ML_FUNC:
            return ("fn", f"<mi>{t[1:]}</mi>")
        if t == r"\operatorname":
            return ("fn", f"<mi>{_esc(self.raw_group())}</mi>")
        if t == r"\mathbb":
            name = self.raw_group().strip()
            if name not in _ML_BB:
                self.error(f"the set \\mathbb{{{name}}}")
            return ("ord", f"<mi>{_ML_BB[name]}</mi>")
        if t == r"\text":
            s = self.raw_group()
            return ("ord", f"<mtext>{_esc(s.replace(' ', chr(0xA0)))}</mtext>")
        if t == r"\frac":
            num, den = self.row(self.arg()), self.row(self.arg())
            return ("ord", f"<mfrac>{num}{den}</mfrac>")
        if t == r"\sqrt":
            if self.peek() == "[":
                self.take()
                idx = self.seq(stop=("]",))
                self.take()
                body = self.row(self.arg())
                return ("ord", f"<mroot>{body}{self.row(idx)}</mroot>")
            return ("ord", f"<msqrt>{self.row(self.arg())}</msqrt>")
        if t == r"\left":
            ltok = self.take()
            items = self.seq(stop=(r"\right",))
            self.take()
            inner = "".join(x for _, x in items)
            tall = "<mfrac" in inner or "<mtable" in inner
            left, right = self.fence(ltok, tall), self.fence(self.take(), tall)
            return ("group", f"<mrow>{left}{inner}{right}</mrow>")
        if t in (r"\lfloor", r"\lceil", r"\vert", r"\lvert", r"\langle", r"\{"):
            return ("open", f'<mo stretchy="false" lspace="0" rspace="0">{_ML_FENCE[t]}</mo>')
        if t in (r"\rfloor", r"\rceil", r"\rvert", r"\rangle", r"\}"):
            return ("close", f'<mo stretchy="false" lspace="0" rspace="0">{_ML_FENCE[t]}</mo>')
        if t == r"\begin":
            env = self.raw_group()
            if env != "cases":
                self.error(f"the environment {env!r}")
            rows, cells = [], []
            while True:
                cells.append(self.row(self.seq(stop=("&", "\\\\", r"\end"))))
                sep = self.take()
                if sep == "&":
                    continue
                rows.append(cells)
                cells = []
                if sep == r"\end":
                    self.raw_group()
                    break
            trs = "".join("<mtr>" + "".join(f'<mtd style="text-align:left;padding:0.1em 1em 0.1em 0">'
                                            f"{c}</mtd>" for c in r) + "</mtr>" for r in rows)
            return ("ord", f'<mrow><mo stretchy="true">{{</mo><mtable>{trs}</mtable></mrow>')
        self.error(f"the LaTeX {t!r}")


def mathml_of(latex: str) -> str:
    """Presentation MathML (without the ``<math>`` element) of a LaTeX formula."""
    return _MathML(latex).parse()


def _math_element(latex: str) -> str:
    return (f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" displaystyle="true">'
            f"<semantics>{mathml_of(latex)}"
            f'<annotation encoding="application/x-tex">{_esc(latex)}</annotation>'
            f"</semantics></math>")

