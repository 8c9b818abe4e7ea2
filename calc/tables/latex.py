"""LaTeX in the textbook's style, and plain text with mathematics in it.

>>> tex(sp.sec(X) ** 2 * dX)
'\\\\sec^{2} x\\\\,dx'
"""
from __future__ import annotations

import re

import sympy as sp

from ..catalogue import CATALOGUE, X, by_head, dX  # noqa: F401 - X, dX for the doctest
from .spec import _OTHERWISE

_PLACEHOLDER = re.compile(r"\\cdot(?![A-Za-z])")  # the argument in a LaTeX template


def _class(head) -> type:
    return head if isinstance(head, type) else type(head)


def _fn_template(head) -> str | None:
    """The LaTeX template, ``\\cdot`` for the argument, of a function (``\\left|\\cdot\\right|``)."""
    entry = by_head(head)
    return entry.latex_template or None if entry is not None else None


def _fn_latex(head) -> str | None:
    """The catalogue's LaTeX name of a function written before its argument (``\\arcsin``)."""
    if _fn_template(head):
        return None
    entry = by_head(head)
    return entry.latex if entry is not None else None


# textbook order of function factors: sec x tan x, csc x cot x
_DIFFERENTIALS = {"dx", "du", "dv", "dy"}
_GREEK = {"mu": r"\mu", "varphi": r"\varphi", "phi": r"\phi", "alpha": r"\alpha", "beta": r"\beta",
          "theta": r"\theta", "lambda": r"\lambda", "xi": r"\xi", "pi": r"\pi"}
_VAR_ORDER = {"x": 0, "u": 1, "v": 2, "w": 3}


class _Tex:
    """sympy -> LaTeX the way the textbook prints it: ``\\sec^{2} x\\,dx``, ``u'v + uv'``."""

    def __init__(self, lang="en", inline_cases=False):
        self.lang = lang
        self.inline_cases = inline_cases

    def __call__(self, e) -> str:
        e = sp.sympify(e, strict=True)
        if isinstance(e, (bool, sp.logic.boolalg.BooleanAtom)):
            return "" if e else r"\text{never}"
        if isinstance(e, sp.Integer):
            return str(e)
        if isinstance(e, sp.Rational):
            s = rf"\frac{{{abs(e.p)}}}{{{e.q}}}"
            return "-" + s if e < 0 else s
        if e is sp.pi:
            return r"\pi"
        if e is sp.E:
            return "e"
        if e is sp.oo:
            return r"\infty"
        if isinstance(e, sp.Symbol):
            return _GREEK.get(e.name, e.name)
        if isinstance(e, sp.Add):
            return self.add(e)
        if isinstance(e, sp.Mul):
            return self.mul(e)
        if isinstance(e, sp.Pow):
            return self.pow(e)
        if isinstance(e, (sp.Max, sp.Min)):
            args = sorted(e.args, key=self._var_key)
            return rf"{by_head(e).latex}\left({', '.join(self(a) for a in args)}\right)"
        if isinstance(e, sp.Piecewise):
            return self.piecewise(e)
        if isinstance(e, sp.core.relational.Relational):
            return self.relational(e)
        if isinstance(e, sp.And):
            return self.conjunction(e)
        if isinstance(e, sp.Or):
            return r" \lor ".join(self(a) for a in sorted(e.args, key=sp.default_sort_key))
        if isinstance(e, sp.Not):
            return rf"\lnot\left({self(e.args[0])}\right)"
        if isinstance(e, sp.Function):
            name = type(e).__name__
            if _fn_template(e):  # one argument (sympy's Heaviside also carries H(0) = 1/2)
                return _PLACEHOLDER.sub(lambda _: self(e.args[0]), _fn_template(e))
            if len(e.args) == 1 and _fn_latex(e):
                return f"{_fn_latex(e)}{self._arg(e.args[0])}"
            return rf"{name}\left({', '.join(self(a) for a in e.args)}\right)"
        return sp.latex(e)

    @staticmethod
    def _var_key(e):
        if isinstance(e, sp.Symbol):
            return (_VAR_ORDER.get(e.name, 9), e.name)
        return (10, sp.default_sort_key(e))

    def _arg(self, a) -> str:
        s = self(a)
        if isinstance(a, sp.Symbol) or (a.is_Integer and a >= 0):
            return " " + s
        return rf"\left({s}\right)"

    def _paren(self, e) -> str:
        return rf"\left({self(e)}\right)"

    # sums: positive terms first, the term with u' (or du) before the one with v'
    def add(self, e) -> str:
        terms = list(e.as_ordered_terms())

        def key(t):
            names = {s.name for s in t.free_symbols}
            return (t.could_extract_minus_sign(), 0 if names & {"u'", "du"} else 1)
        terms.sort(key=key)
        out = ""
        for i, t in enumerate(terms):
            if t.could_extract_minus_sign():
                s = self(-t)
                if isinstance(-t, sp.Add):
                    s = self._paren(-t)
                out += ("-" if i == 0 else " - ") + s
            else:
                out += ("" if i == 0 else " + ") + self(t)
        return out

    def _factor_key(self, f):
        base = f.base if isinstance(f, sp.Pow) else f
        if isinstance(base, sp.Symbol):
            name = base.name
            if name in _DIFFERENTIALS:
                return (5, _VAR_ORDER.get(name[1:], 9), name)
            if name in ("C", "a", "mu"):
                return (1, 0, name)
            return (2, _VAR_ORDER.get(name.rstrip("'"), 9), name)
        if isinstance(base, sp.Abs):
            return (2, _VAR_ORDER.get(str(base.args[0]), 9), str(base))
        if isinstance(base, sp.Add):
            return (3, 0, str(base))
        if isinstance(base, sp.Function):
            entry = by_head(base)
            rank = entry.factor_rank if entry is not None else 99
            return (4, rank, type(base).__name__ + str(base.args))
        return (4, 99, str(base))

    def _product(self, factors) -> str:
        factors = sorted(factors, key=self._factor_key)
        out = ""
        for f in factors:
            s = self._paren(f) if isinstance(f, sp.Add) else self(f)
            if out:
                if isinstance(f, sp.Symbol) and f.name in _DIFFERENTIALS:
                    out += r"\,"
                elif s[0].isdigit():
                    out += r" \cdot "
                else:
                    out += " "
            out += s
        return out

    def mul(self, e) -> str:
        if e.could_extract_minus_sign():
            inner = -e
            s = self(inner)
            return "-" + (self._paren(inner) if isinstance(inner, sp.Add) else s)
        coeff, rest = e.as_coeff_Mul()
        num, den = [], []
        if coeff != 1:
            if coeff.p != 1:
                num.append(sp.Integer(coeff.p))
            if coeff.q != 1:
                den.append(sp.Integer(coeff.q))
        for f in sp.Mul.make_args(rest):
            if isinstance(f, sp.Pow) and f.exp.is_number and f.exp.is_negative:
                den.append(f.base if f.exp == -1 else sp.Pow(f.base, -f.exp))
            else:
                num.append(f)
        top = self._num(num)
        if not den:
            return top
        return rf"\frac{{{top}}}{{{self._num(den)}}}"

    def _num(self, factors) -> str:
        if not factors:
            return "1"
        ints = [f for f in factors if f.is_Integer]
        others = [f for f in factors if not f.is_Integer]
        s = self._product(others) if others else ""
        if ints:
            n = str(sp.Mul(*ints))
            s = n + (" " + s if s else "")
        if len(factors) == 1 and isinstance(factors[0], sp.Add):
            return self(factors[0])
        return s

    def pow(self, e) -> str:
        b, x = e.base, e.exp
        if x.is_number and x.is_negative:
            return rf"\frac{{1}}{{{self(b if x == -1 else sp.Pow(b, -x))}}}"
        if x == sp.S.Half:
            return rf"\sqrt{{{self(b)}}}"
        if x.is_Rational and x.q != 1 and x.q > 0:
            if x.p == 1:
                return rf"\sqrt[{x.q}]{{{self(b)}}}"
        if isinstance(b, sp.Function) and _fn_latex(b) and len(b.args) == 1 and x.is_Integer and x > 0:
            return f"{_fn_latex(b)}^{{{x}}}{self._arg(b.args[0])}"
        bs = self(b)
        if not (isinstance(b, sp.Symbol) or (b.is_Integer and b >= 0) or isinstance(b, sp.Abs)):
            bs = rf"\left({bs}\right)"
        xs = rf"{x.p}/{x.q}" if (x.is_Rational and not x.is_Integer) else self(x)
        return f"{bs}^{{{xs}}}"

    def piecewise(self, e) -> str:
        rows = []
        for val, cond in e.args:
            c = _OTHERWISE[self.lang] if cond == sp.true else self(cond)
            rows.append((self(val), c))
        if self.inline_cases:
            return r",\quad ".join(rf"{v}\ \left({c}\right)" for v, c in rows)
        return r"\begin{cases} " + r" \\ ".join(f"{v} & {c}" for v, c in rows) + r" \end{cases}"

    def relational(self, e) -> str:
        lhs, rhs, op = e.lhs, e.rhs, e.rel_op
        flip = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!="}
        if self._var_key(rhs) < self._var_key(lhs) and isinstance(rhs, sp.Symbol):
            lhs, rhs, op = rhs, lhs, flip[op]
        ops = {"==": "=", "!=": r"\neq", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}
        return f"{self(lhs)} {ops[op]} {self(rhs)}"

    def conjunction(self, e) -> str:
        args = list(e.args)
        # a < x < b
        if len(args) == 2 and all(isinstance(a, sp.core.relational.Relational) for a in args):
            lows, highs = [], []
            for a in args:
                c = a.canonical if hasattr(a, "canonical") else a
                if isinstance(c, (sp.StrictLessThan, sp.LessThan)) and isinstance(c.lhs, sp.Symbol):
                    highs.append(c)
                elif isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)) and isinstance(c.lhs, sp.Symbol):
                    lows.append(c)
            if len(lows) == 1 and len(highs) == 1 and lows[0].lhs == highs[0].lhs:
                lo, hi = lows[0], highs[0]
                o1 = "<" if isinstance(lo, sp.StrictGreaterThan) else r"\le"
                o2 = "<" if isinstance(hi, sp.StrictLessThan) else r"\le"
                return f"{self(lo.rhs)} {o1} {self(lo.lhs)} {o2} {self(hi.rhs)}"
        return ", ".join(self(a) for a in sorted(args, key=sp.default_sort_key))


def tex(expr, lang: str = "en") -> str:
    """LaTeX of a registry formula in the textbook's style."""
    return _Tex(lang)(expr)


# ---------------------------------------------------------------------------
# Plain text with mathematics in it (names, conditions, notes)
# ---------------------------------------------------------------------------

_TEXT_TOKEN = re.compile(r"\d+-\d+(?:\.\d+)?|[A-Za-z]{2,}|[A-Za-z]|\d+(?:\.\d+)?|⁻¹|\s+|.", re.S)
_UNI_TEX = {"π": r"\pi", "μ": r"\mu", "φ": r"\varphi", "θ": r"\theta", "α": r"\alpha", "β": r"\beta",
            "λ": r"\lambda", "≠": r"\neq", "≤": r"\le", "≥": r"\ge", "−": "-", "-": "-", "′": "'",
            "'": "'", "·": r"\cdot", "±": r"\pm", "×": r"\times", "∞": r"\infty", "²": "^{2}",
            "³": "^{3}", "⁻¹": "^{-1}", "∈": r"\in", "→": r"\to", "|": "|", "<": "<", ">": ">",
            "=": "=", "+": "+", "/": "/", "(": "(", ")": ")", "[": "[", "]": "]", ",": ",", ";": ";",
            ":": ":", "^": "^", "√": r"\surd"}
# words that are mathematics in plain text: the functions the catalogue writes as a LaTeX operator
# named like their display name (sin, ln, arcsin, max, ...), and \\log
_MATH_WORDS = {e.display for e in CATALOGUE if e.display and e.latex == "\\" + e.display} | {"log"}
_OPS = set("=<>≠≤≥+−/·±×^|∈→²³√") | {"⁻¹"}


def _segments(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ("text", …) and ("math", LaTeX) runs.

    >>> _segments("a > 0, a ≠ 1")
    [('math', 'a > 0'), ('text', ', '), ('math', 'a \\\\neq 1')]
    >>> _segments("u ≠ 0 (a kink where u = 0)")
    [('math', 'u \\\\neq 0'), ('text', ' (a kink where '), ('math', 'u = 0'), ('text', ')')]
    """
    toks = _TEXT_TOKEN.findall(text)
    n = len(toks)
    kind = [None] * n

    def nxt(i, step):
        j = i + step
        while 0 <= j < n and toks[j].isspace():
            j += step
        return j if 0 <= j < n else None

    def is_word(t):
        return len(t) >= 2 and t.isascii() and t.isalpha()

    # atoms
    for i, t in enumerate(toks):
        if t.isspace():
            continue
        if re.fullmatch(r"\d+-\d+(?:\.\d+)?", t):
            kind[i] = "text"
        elif is_word(t):
            kind[i] = "math" if t in _MATH_WORDS or t in _DIFFERENTIALS else "text"
        elif len(t) == 1 and t.isascii() and t.isalpha():
            j = nxt(i, 1)
            article = t in "aAI" and (j is None or is_word(toks[j])) and j is not None
            kind[i] = "text" if article else "math"
        elif t[0].isdigit() or t in "πμφθαβλ∞":
            kind[i] = "math"
        elif t in ("′", "'"):
            kind[i] = "math" if i > 0 and kind[i - 1] == "math" else "text"
    # brackets: math when glued to a math atom on the left: f(u)
    stack = []
    for i, t in enumerate(toks):
        if t in "([":
            k = "math" if i > 0 and kind[i - 1] == "math" else None
            if k is None:
                j = nxt(i, 1)
                k = "math" if (j is not None and kind[j] == "math" and i > 0 and toks[i - 1] in _OPS) else "text"
            kind[i] = k
            stack.append(k)
        elif t in ")]":
            kind[i] = stack.pop() if stack else "text"
        elif t in ",;:" and stack and stack[-1] == "math":
            kind[i] = "math"
    # operators: math next to math
    for _ in range(2):
        for i, t in enumerate(toks):
            if kind[i] is not None or t.isspace():
                continue
            if t == "-":
                a, b = (toks[i - 1] if i > 0 else ""), (toks[i + 1] if i + 1 < n else "")
                if is_word(a) and is_word(b):
                    kind[i] = "text"
                    continue
            if t in _OPS or t == "-":
                left, right = nxt(i, -1), nxt(i, 1)
                if (left is not None and kind[left] == "math") or (right is not None and kind[right] == "math"):
                    kind[i] = "math"
    for i, t in enumerate(toks):
        if kind[i] is None and not t.isspace():
            kind[i] = "text"
    # spaces between two math tokens are math
    for i, t in enumerate(toks):
        if t.isspace():
            left, right = nxt(i, -1), nxt(i, 1)
            both = left is not None and right is not None and kind[left] == kind[right] == "math"
            kind[i] = "math" if both else "text"
    segs: list[list] = []
    i = 0
    bars = 0
    while i < n:
        t, k = toks[i], kind[i]
        if k == "math":
            if t == "|":  # |x| > 1: \lvert x\rvert (no pipe in a Markdown table either)
                piece = r"\lvert " if bars % 2 == 0 else r"\rvert "
                bars += 1
            elif t == "^":
                j = nxt(i, 1)
                if j is not None and kind[j] == "math":
                    piece = "^{" + _UNI_TEX.get(toks[j], toks[j]) + "}"
                    i = j
                else:
                    piece = r"\hat{}"
            elif t in _DIFFERENTIALS:
                piece = t
            elif t in _MATH_WORDS:
                piece = "\\" + t + " "
            elif t.isspace():
                piece = " "
            else:
                piece = _UNI_TEX.get(t, t)
        else:
            piece = t
        if segs and segs[-1][0] == k:
            segs[-1][1] += piece
        else:
            segs.append([k, piece])
        i += 1
    return [(k, re.sub(r"\s+", " ", s).strip() if k == "math" else s) for k, s in segs]

