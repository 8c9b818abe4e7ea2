"""Textbook-style printing of sympy expressions: ``2x sin x + x² cos x``."""
from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter
from sympy.printing.precedence import precedence, PRECEDENCE

from .catalogue import by_key, display_names

# the superscript and subscript characters calc prints and reads, and their plain text
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᐟⁿ", "0123456789-+()/n"))
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
_SUP = str.maketrans({plain: sup for sup, plain in SUPERSCRIPTS.items()})
_NAMES = display_names()
_SUB = str.maketrans({plain: sub for sub, plain in SUBSCRIPTS.items()})


def root_words(r, show, name: str, approx: str, words: str) -> str:
    """A real root without a closed form (sympy's CRootOf), the same in text and LaTeX:
    ``r₁ ≈ 1.1673040 (root of x⁵ - x - 1)`` — r_k is the k-th real root, ascending."""
    import mpmath
    from .numbers import crootof_value

    v = crootof_value(r, 20)
    near = mpmath.nstr(mpmath.mpf(v), 8, strip_zeros=False) if v is not None else str(sp.N(r, 8))
    return f"{name} {approx} {near} ({words} {show(r.expr)})"


_HUGE_BITS = 12_000      # about 3600 digits: Python's str() of an int stops at 4300 digits


def integer_digits(p: int) -> str:
    """Every digit of an integer of any size."""
    if abs(p).bit_length() < _HUGE_BITS:
        return str(p)
    import flint
    return str(flint.fmpz(p))


def _huge(p: int, power, times: str) -> str | None:
    """A huge integer in a few characters: ``b^e`` when it is a perfect power, else its
    leading digits and the power of ten (``9.990020930…×10³⁰¹⁰²``); None when it is not huge."""
    if abs(p).bit_length() < _HUGE_BITS:
        return None
    sign = "-" if p < 0 else ""
    pp = sp.perfect_power(abs(p))
    if pp:
        return f"{sign}{pp[0]}{power(pp[1])}"
    d = integer_digits(abs(p))
    return f"{sign}{d[0]}.{d[1:10]}…{times}10{power(len(d) - 1)}"


class SympyPrinter(StrPrinter):
    """sympy's syntax (the JSON contract's ``exact``), integers of any size written out."""

    def _print_Integer(self, expr):
        return integer_digits(expr.p)

    def _print_Rational(self, expr):
        return integer_digits(expr.p) if expr.q == 1 else f"{integer_digits(expr.p)}/{integer_digits(expr.q)}"


def sympy_text(expr) -> str:
    """``str(expr)`` for any size of number."""
    return SympyPrinter().doprint(expr)


class d(sp.Function):  # noqa: N801 - named as printed: d(2*x + 1), dx
    """The differential d(u) of an expression u, as a factor of a differential form
    (``cos(2x + 1) d(2x + 1)``); d(x) of a variable prints ``dx``.  Inert: sympy
    never evaluates it."""

    nargs = 1

    def _sympystr(self, printer):   # str() and the textbook printer alike
        u = self.args[0]
        return f"d{printer._print(u)}" if u.is_Symbol else f"d({printer._print(u)})"

    def _latex(self, printer):
        u = self.args[0]
        return rf"\,d{printer._print(u)}" if u.is_Symbol else rf"\,d\left({printer._print(u)}\right)"


class TextbookPrinter(StrPrinter):
    """Implicit products, superscript integer powers, ``sin x`` for simple arguments."""

    def _print_Integer(self, expr):
        return _huge(expr.p, lambda e: str(e).translate(_SUP), "×") or str(expr.p)

    def _print_Rational(self, expr):
        if expr.q == 1:
            return self._print_Integer(expr)
        return f"{self._print_Integer(sp.Integer(expr.p))}/{self._print_Integer(sp.Integer(expr.q))}"

    def _print_Symbol(self, expr):
        return expr.name

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"

    def _print_Infinity(self, expr):
        return "∞"

    def _print_NegativeInfinity(self, expr):
        return "-∞"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_exp(self, expr):
        arg = expr.args[0]
        s = self._print(arg)
        if arg.is_Symbol or (arg.is_Integer and arg >= 0):
            return "e" + s.translate(_SUP) if arg.is_Integer else f"e^{s}"
        return f"e^({s})"

    def _print_Function(self, expr):
        name = _NAMES.get(expr.func.__name__, expr.func.__name__)
        if len(expr.args) == 1:
            a = expr.args[0]
            if a.is_Symbol:
                return f"{name} {self._print(a)}"
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    _print_Max = _print_Function
    _print_Min = _print_Function

    def _print_Pow(self, expr, rational=False):
        b, e = expr.base, expr.exp
        if e == sp.S.Half:
            if b.is_Symbol or b.is_Integer:
                return f"√{self._print(b)}"
            # √(1/x), not √1/x: a power under the root is bracketed too
            return f"√({self._print(b)})" if b.is_Pow else f"√{self._wrap(b)}"
        if e == -1:
            return f"1/{self._wrap(b, PRECEDENCE['Mul'] + 1)}"
        if e.is_Rational and e < 0:
            return f"1/{self._print(sp.Pow(b, -e, evaluate=False))}"
        bs = self._print(b)
        if not (b.is_Symbol or (b.is_Integer and b >= 0) or b.func in (sp.Abs,)):
            bs = f"({bs})"
        if isinstance(b, sp.Function) and len(b.args) == 1 and b.args[0].is_Symbol and b.func is not sp.Abs \
                and e.is_Integer and e > 0:
            # sin² x
            name = _NAMES.get(b.func.__name__, b.func.__name__)
            return f"{name}{str(e).translate(_SUP)} {self._print(b.args[0])}"
        if e.is_Integer and e > 0:
            return bs + str(e).translate(_SUP)
        es = self._print(e)
        if not (e.is_Symbol or (e.is_Integer and e >= 0)):
            es = f"({es})"
        return f"{bs}^{es}"

    def _wrap(self, e, prec=None):
        s = self._print(e)
        p = PRECEDENCE["Pow"] if prec is None else prec
        return f"({s})" if precedence(e) < p else s

    def _print_Mul(self, expr):
        c, rest = expr.as_coeff_Mul()
        if c < 0:
            return "-" + self._print_Mul_pos(-expr)
        return self._print_Mul_pos(expr)

    def _print_Mul_pos(self, expr):
        num, den = sp.fraction(expr, exact=True)
        if den != 1:
            n = self._mul_str(num)
            d = self._mul_str(den)
            if den.is_Mul:
                d = f"({d})"
            return f"{n}/{d}"
        return self._mul_str(expr)

    def _mul_str(self, expr):
        if not expr.is_Mul:
            return self._wrap(expr, PRECEDENCE["Mul"])
        c, rest = expr.as_coeff_Mul()
        factors = list(rest.as_ordered_factors()) if rest.is_Mul else [rest]
        # polynomial-looking factors first, functions last: 2x sin x
        factors.sort(key=lambda f: (isinstance(f, d), isinstance(f, sp.Function)
                                    or (f.is_Pow and isinstance(f.base, sp.Function))))
        out = "" if c == 1 else (self._print(c) if c.is_Integer else f"({self._print(c)})")
        prev = None
        for f in factors:
            s = self._wrap(f, PRECEDENCE["Mul"])
            if out and (prev is None and c != 1 and s[0].isdigit()):
                out += "·"
            elif out and (s[0].isdigit() or out[-1].isdigit() and s[0].isdigit()):
                out += "·"
            elif out:
                tight = prev is None and c != 1 and not isinstance(f, d) and (s[0] in "(|√" or (s[0].isalpha() and (
                    len(s) == 1 or not s[1].isalpha())))
                out += "" if tight else " "
            out += s
            prev = f
        return out or "1"

    def _print_ComplexRootOf(self, expr):
        # in the user's terms: r₁ ≈ 1.1673040 (root of x⁵ - x - 1), r_k the k-th real root ascending
        s = root_words(expr, textbook, getattr(self, "root_name", None) or _text_name(expr.index + 1), "≈",
                       "root of")
        return s if self._print_level <= 1 else f"({s})"

    def _print_Piecewise(self, expr):
        parts = []
        for e, c in expr.args:
            cs = "otherwise" if c == sp.true else self._print(c)
            parts.append(f"{self._print(e)} if {cs}")
        return "{" + "; ".join(parts) + "}"

    def _print_Relational(self, expr):
        op = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥"}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_And(self, expr):
        # "and" binds tighter than "or": an Or inside an And is bracketed
        return " and ".join(f"({self._print(a)})" if isinstance(a, sp.Or) else self._print(a) for a in expr.args)

    def _print_Or(self, expr):
        return " or ".join(self._print(a) for a in expr.args)


def _text_name(k: int) -> str:
    return "r" + str(k).translate(_SUB)


def _latex_name(k: int) -> str:
    return f"r_{{{k}}}"


def named_roots(expr, name) -> tuple:
    """(expr with each real root without a closed form (CRootOf) inside it replaced by a symbol
    r_k, [(r_k, the root)]): a root inside a larger expression is named, and defined once.  r_k
    is the k-th real root (ascending) of its polynomial; k moves on if two polynomials share it."""
    if not isinstance(expr, sp.Basic) or isinstance(expr, sp.CRootOf) or not expr.has(sp.CRootOf):
        return expr, []
    names: dict = {}
    for r in sorted(expr.atoms(sp.CRootOf), key=sp.default_sort_key):
        k = r.index + 1
        while name(k) in {s.name for s in names.values()}:
            k += 1
        names[r] = sp.Symbol(name(k), real=True)
    return expr.xreplace(names), [(names[r], r) for r in names]


def _named(printer, defs, sep: str) -> str:
    out = []
    for s, r in defs:
        printer.root_name = s.name if printer.__class__ is TextbookPrinter else printer._print(s)
        out.append(printer.doprint(r))
    printer.root_name = None
    return sep.join(out)


def textbook(expr, near: str = "") -> str:
    """``textbook(x**2*cos(x) + 2*x*sin(x)) == '2x sin x + x² cos x'`` (terms in textbook order);
    a root without a closed form inside the expression is named (``... where r₁ ≈ 1.1673040
    (root of x⁵ - x - 1)``).  ``near`` (`` ≈ 0.5``) goes after the expression, before that."""
    body, defs = named_roots(expr, _text_name)
    if defs:
        return f"{_textbook(body)}{near} where " + _named(TextbookPrinter(), defs, "; ")
    return _textbook(expr) + near


def _textbook(expr) -> str:
    if isinstance(expr, sp.Add):
        terms = list(expr.as_ordered_terms())
        out = ""
        p = TextbookPrinter()
        for i, t in enumerate(terms):
            s = p.doprint(t)
            if i == 0:
                out = s
            elif s.startswith("-"):
                out += " - " + s[1:]
            else:
                out += " + " + s
        return out
    return TextbookPrinter().doprint(expr)


class _Latex(LatexPrinter):
    """sympy's LaTeX with the catalogue's name for sympy's acot (not the textbook's arccot)
    and huge integers in a few characters."""

    def _print_Rational(self, expr):
        if expr.q != 1:
            num, den = (self._print_Rational(sp.Integer(abs(n))) for n in (expr.p, expr.q))
            return f"{'- ' if expr.p < 0 else ''}\\frac{{{num}}}{{{den}}}"
        return (_huge(expr.p, lambda e: f"^{{{e}}}", " \\times ") or str(expr.p)).replace("…", r"\ldots")

    def _print_ComplexRootOf(self, expr):
        s = root_words(expr, self._print, getattr(self, "root_name", None) or _latex_name(expr.index + 1),
                       "\\approx", "\\text{root of}\\")
        return s if self._print_level <= 1 else f"\\left({s}\\right)"

    def _print_acot(self, expr, exp=None):
        name = by_key["acot"].latex + (f"^{{{exp}}}" if exp else "")
        return f"{name}{{\\left({self._print(expr.args[0])} \\right)}}"


def latex(expr) -> str:
    printer = _Latex(dict(inv_trig_style="full", ln_notation=True))
    body, defs = named_roots(expr, _latex_name)
    if defs:
        return printer.doprint(body) + r"\ \text{where}\ " + _named(printer, defs, ";\\ ")
    return printer.doprint(expr)
