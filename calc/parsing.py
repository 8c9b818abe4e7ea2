"""Safe text -> sympy parsing through a whitelist.

User text is never evaluated as Python: it is tokenised here and turned into
sympy objects by an explicit precedence-climbing parser that only knows the
names in :data:`FUNCTIONS` and :data:`CONSTANTS`.  No ``eval``, ``sympify`` or
``parse_expr`` ever sees the input.

Syntax (documented in the README):

* ``^`` and ``**`` for powers (right associative, ``-x^2 = -(x^2)``);
* implicit multiplication: ``2x``, ``3(x+1)``, ``x sin x``, ``(x+1)(x-1)``;
* a function applied without parentheses takes one simple argument:
  ``sin x``, ``sin 2x``, ``ln x``, ``sin x^2 = sin(x^2)``; ``sin^2 x = (sin x)^2``,
  but ``sin^-1 x``, ``sin^{-1} x`` and ``sin⁻¹ x`` are arcsin x (the inverse function, as
  the textbook and Wolfram|Alpha read it; the catalogue says which entry is the inverse);
* ``|x|`` for absolute value, ``e``/``E``, ``pi``/``π``, ``oo``/``∞``;
* decimals are exact rationals (``0.5`` -> ``1/2``);
* the Unicode people type and calc prints (``√(x+1)``, ``x²``, ``·``, ``−``, full-width
  brackets) and a LaTeX subset (``\\frac{a}{b}``, ``\\sqrt[3]{x}``, ``e^{x}``, ``\\sin x``):
  :mod:`calc.lexing` turns the text into tokens;
* odd roots of possibly negative bases are real roots: ``x^(1/3)``,
  ``x^(2/3)``, ``cbrt(x)``, ``root(x, 3)`` and ``real_root(x, 3)`` are all
  ``sign(x)*|x|^(1/3)``-style real functions (the textbook reading);
* piecewise functions: ``piecewise(x^2, x < 1, 2 - x)`` (value, condition,
  ..., optional default) or sympy's ``Piecewise((x**2, x < 1), (2 - x, True))``;
  conditions use ``< <= > >= == !=``, chains ``0 <= x < 1``, ``&``, ``|``,
  ``~``, ``Eq(a, b)``, ``Ne(a, b)``.

>>> parse("x^2 sin x")
x**2*sin(x)
>>> parse("0.5x")
x/2
"""
from __future__ import annotations

import re
from typing import Callable

import sympy as sp
from sympy.logic.boolalg import Boolean

from .catalogue import inverse_spellings, real_pow, spellings
from .catalogue.extra import MAX_DIGITS, _as_condition
from .errors import ParseError
from .lexing import _RADICALS, GREEK, Tok, tokenize
from .stages.walk import free_symbols  # noqa: F401 - (its home; importers use calc.parsing's name)

MAX_LENGTH = 10_000

_SYMBOLS: dict[str, sp.Symbol] = {}


def symbol(name: str) -> sp.Symbol:
    """The real symbol calc uses for a variable name."""
    s = _SYMBOLS.get(name)
    if s is None:
        s = _SYMBOLS[name] = sp.Symbol(name, real=True)
    return s


# name -> (callable, minimum args, maximum args): every function's spellings come from the
# catalogue; the logical connectives below are grammar, not functions
FUNCTIONS: dict[str, tuple[Callable, int, int]] = dict(spellings())


def _two(fn):
    def f(a, b):
        return fn(a, b)
    return f


INVERSES: dict[str, str] = inverse_spellings()   # sin -> arcsin, for sin^-1 x

FUNCTIONS.update({"Eq": (_two(sp.Eq), 2, 2), "Ne": (_two(sp.Ne), 2, 2), "And": (sp.And, 1, 100),
                  "Or": (sp.Or, 1, 100), "Not": (sp.Not, 1, 1)})

CONSTANTS: dict[str, sp.Basic] = {
    "e": sp.E, "E": sp.E, "pi": sp.pi, "π": sp.pi, "Pi": sp.pi, "PI": sp.pi,
    "oo": sp.oo, "inf": sp.oo, "infinity": sp.oo, "∞": sp.oo,
    "True": sp.true, "true": sp.true, "otherwise": sp.true,
    "False": sp.false, "false": sp.false,
}

_VAR_RE = re.compile(r"^(?:[A-Za-z](?:_?[0-9]+|_[A-Za-z0-9]+)?|[α-ωΑ-Ω])$")

_FORBIDDEN_HINTS = {
    "I": "calc works over the real numbers; complex i is not supported",
    "j": None,
    "lambda": "lambda is read as a Greek variable name only in calc; Python code is not accepted",
}


_BOOL_TYPES = (Boolean,)


def _is_bool(v) -> bool:
    return isinstance(v, _BOOL_TYPES) and not isinstance(v, sp.Expr)


class _Parser:
    def __init__(self, text: str, let: dict | None = None):
        self.text = text
        self.toks = tokenize(text)
        self.latex = "\\" in text      # braces group (LaTeX); otherwise only after ^
        self.let = let or {}
        self.i = 0
        self.abs_depth = 0
        self.written: list = []   # nodes as written (see _keep)

    def _keep(self, build) -> None:
        """Keep the node as written, unevaluated: sympy's evaluation may drop a part of the
        formula and with it a condition of its natural domain (exp(ln x) = x, x/x = 1,
        1/cot(0) = 0); the domain stage reads the conditions of the written nodes back."""
        try:
            with sp.evaluate(False):
                node = build()
        except (TypeError, ValueError, AttributeError, RecursionError):
            # sympy cannot build this node unevaluated (its assumption queries build more
            # unevaluated nodes, e.g. Mod(1*1, 2*1); is (3^x + 1/2) ≥ 0 unevaluated recurses without
            # end in sympy 1.14): the node's conditions are those of its evaluated form, which f carries
            return
        if isinstance(node, sp.Expr):
            self.written.append(node)

    # -- helpers
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def peek(self, k=1) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str, hint=None) -> Tok:
        t = self.tok
        if t.kind == "op" and t.text == text:
            return self.next()
        if t.kind == "end":
            raise ParseError(f"expected {text!r} but the input ended", self.text, t.pos,
                             hint or ("unbalanced parenthesis" if text == ")" else None))
        raise ParseError(f"expected {text!r}, found {t.text!r}", self.text, t.pos, hint)

    def err(self, msg, tok=None, hint=None):
        tok = tok or self.tok
        return ParseError(msg, self.text, tok.pos, hint)

    def is_op(self, *ops) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    # -- grammar
    def parse(self):
        if self.tok.kind == "end":
            raise ParseError("empty input", self.text, 0, "write a formula such as x^2 sin x")
        v = self.parse_or()
        if self.tok.kind != "end":
            t = self.tok
            if t.kind == "op" and t.text == ")":
                raise self.err("unbalanced parenthesis: ')' without '('")
            raise self.err(f"unexpected {t.text!r}")
        return v

    def parse_or(self):
        left = self.parse_and()
        while self.is_op("|") and _is_bool(left) and self.abs_depth == 0:
            self.next()
            right = self.parse_and()
            left = sp.Or(_as_condition(left), _as_condition(right))
        return left

    def parse_and(self):
        left = self.parse_not()
        while self.is_op("&"):
            self.next()
            right = self.parse_not()
            left = sp.And(_as_condition(left), _as_condition(right))
        return left

    def parse_not(self):
        if self.is_op("~"):
            self.next()
            return sp.Not(_as_condition(self.parse_not()))
        return self.parse_comparison()

    _CMP = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan,
            ">=": sp.GreaterThan, "==": sp.Eq, "!=": sp.Ne}

    def parse_comparison(self):
        left = self.parse_sum()
        rels = []
        while self.is_op(*self._CMP):
            op = self.next().text
            right = self.parse_sum()
            if _is_bool(left) or _is_bool(right):
                raise self.err("cannot compare conditions")
            rels.append(self._CMP[op](left, right))
            left = right
        if not rels:
            return left
        return rels[0] if len(rels) == 1 else sp.And(*rels)

    def parse_sum(self):
        left = self.parse_term()
        while self.is_op("+", "-"):
            op = self.next().text
            right = self.parse_term()
            self._arith(left, right, op)
            left = left + right if op == "+" else left - right
        return left

    def _arith(self, a, b, op):
        if _is_bool(a) or _is_bool(b) or isinstance(a, tuple) or isinstance(b, tuple):
            raise self.err(f"cannot use {op!r} with a condition or tuple")

    def _starts_primary(self) -> bool:
        t = self.tok
        if t.kind in ("num", "name", "cmd"):
            return True
        if t.kind == "op" and (t.text == "(" or (t.text == "{" and self.latex)):
            return True
        if t.kind == "op" and t.text == "|" and self.abs_depth == 0:
            return self._bars_enclose_a_value()
        return False

    def _bars_enclose_a_value(self) -> bool:
        """At a '|' after a value: an absolute value |...| (2|x|), or the 'or' of two conditions
        (x > y^2 | x < y^2)?  It is 'or' when a comparison stands before the next bar."""
        depth = 0
        for t in self.toks[self.i + 1:]:
            if t.kind != "op":
                continue
            if t.text in "([":
                depth += 1
            elif t.text in ")]":
                depth -= 1
                if depth < 0:
                    return True
            elif depth == 0 and t.text == "|":
                return True
            elif depth == 0 and t.text in self._CMP:
                return False
        return True

    def parse_term(self):
        left = self.parse_unary()
        while True:
            if self.is_op("*", "/"):
                op = self.next().text
                right = self.parse_unary()
                self._arith(left, right, op)
                if op == "*":
                    left = left * right
                else:
                    if right == 0:
                        raise self.err("division by zero")
                    self._keep(lambda: sp.Pow(right, -1))
                    left = left / right
            elif self._starts_primary() and not _is_bool(left):
                right = self.parse_power()
                self._arith(left, right, "implicit *")
                left = left * right
            else:
                return left

    def parse_unary(self):
        if self.is_op("-"):
            self.next()
            v = self.parse_unary()
            self._arith(v, v, "-")
            return -v
        if self.is_op("+"):
            self.next()
            return self.parse_unary()
        return self.parse_power()

    def parse_power(self):
        base = self.parse_primary()
        if self.is_op("^", "**"):
            op_tok = self.next()
            exp = self.parse_unary_power()
            self._arith(base, exp, "^")
            try:
                self._keep(lambda: real_pow(base, exp))
                return real_pow(base, exp)
            except ParseError as e:
                raise ParseError(e.reason, self.text, op_tok.pos, e.hint) from None
        return base

    def parse_unary_power(self):
        # exponent: allows a unary sign, binds tighter than implicit multiplication; e^{x}
        if self.is_op("{"):
            return self.parse_group()
        if self.is_op("-"):
            self.next()
            return -self.parse_unary_power()
        if self.is_op("+"):
            self.next()
            return self.parse_unary_power()
        return self.parse_power()

    def parse_group(self):
        """{...}: a LaTeX group (and an exponent e^{x})."""
        self.expect("{")
        v = self.parse_or()
        self.expect("}", "unbalanced braces")
        return v

    def parse_latex(self, t: Tok):
        """\\frac{a}{b}, \\sqrt{a}, \\sqrt[n]{a}."""
        self.next()
        if t.text == "frac":
            num = self.parse_group() if self.is_op("{") else self._latex_needs_braces(t)
            den = self.parse_group() if self.is_op("{") else self._latex_needs_braces(t)
            self._arith(num, den, "/")
            if den == 0:
                raise self.err("division by zero", t)
            return num / den
        index = None
        if self.is_op("["):
            self.next()
            index = self.parse_sum()
            self.expect("]", "write \\sqrt[3]{x}")
        arg = self.parse_group() if self.is_op("{") else self.parse_unary_power()
        self._arith(arg, arg, "sqrt")
        name = "sqrt" if index is None else "root"
        return self.call(name, FUNCTIONS[name][0], [arg] if index is None else [arg, index], t)

    def _latex_needs_braces(self, t: Tok):
        raise self.err(f"\\{t.text} needs its arguments in braces", t, hint="\\frac{a}{b}")

    def parse_args(self):
        self.expect("(")
        args = []
        if self.is_op(")"):
            self.next()
            return args
        while True:
            args.append(self.parse_or())
            if self.is_op(","):
                self.next()
                continue
            self.expect(")", "unbalanced parenthesis")
            return args

    def parse_simple_arg(self, name_tok):
        """Argument of a function written without parentheses: sin x, sin 2x, ln|x|."""
        t = self.tok
        if t.kind == "op" and t.text == "|":
            return self.parse_power()
        parts = []
        if t.kind == "num":
            parts.append(self.parse_power())
        if self.tok.kind == "name" and self.tok.text not in FUNCTIONS:
            parts.append(self.parse_power())
        if not parts:
            raise self.err(f"function {name_tok.text!r} needs an argument",
                           hint=f"write {name_tok.text}(x)")
        return sp.Mul(*parts)

    def parse_primary(self):
        t = self.tok
        if t.kind == "num":
            self.next()
            return self.number(t)
        if t.kind == "op" and t.text == "(":
            self.next()
            first = self.parse_or()
            if self.is_op(","):
                items = [first]
                while self.is_op(","):
                    self.next()
                    items.append(self.parse_or())
                self.expect(")", "unbalanced parenthesis")
                return tuple(items)
            self.expect(")", "unbalanced parenthesis")
            return first
        if t.kind == "op" and t.text == "{":
            if not self.latex:
                raise self.err("unexpected '{'", hint="use ( ) for grouping")
            return self.parse_group()
        if t.kind == "cmd":
            return self.parse_latex(t)
        if t.kind == "op" and t.text == "|":
            self.next()
            self.abs_depth += 1
            inner = self.parse_or()
            self.abs_depth -= 1
            self.expect("|", "unbalanced absolute value bars")
            if _is_bool(inner):
                raise self.err("|...| of a condition", t)
            return sp.Abs(inner)
        if t.kind == "name":
            return self.name(t)
        if t.kind == "end":
            raise self.err("the input ended too early", hint="something is missing after the last operator")
        if t.kind == "op" and t.text == ")":
            raise self.err("unbalanced parenthesis: ')' without '('")
        raise self.err(f"unexpected {t.text!r}")

    def number(self, t: Tok):
        s = t.text
        if len(s.replace(".", "")) > MAX_DIGITS:
            raise self.err("number too long", t)
        try:
            if "e" in s.lower():
                mant, _, ex = s.lower().partition("e")
                if abs(int(ex)) > MAX_DIGITS:
                    raise self.err("exponent too large", t)
                return sp.Rational(mant or "0") * sp.Integer(10) ** int(ex)
            return sp.Rational(s) if "." in s else sp.Integer(s)
        except (ValueError, TypeError):
            raise self.err(f"malformed number {s!r}", t) from None

    def name(self, t: Tok):
        name = t.text
        if name.startswith("_") or "__" in name:
            raise self.err(f"name {name!r} is not allowed", t,
                           "dunder and private names are never evaluated")
        if name in FUNCTIONS:
            return self.function(t)
        if name in CONSTANTS:
            self.next()
            return CONSTANTS[name]
        if name in ("I", "j", "zoo", "nan", "NaN"):
            raise self.err(f"{name!r} is not a real number", t,
                           "calc works over the real numbers")
        if _VAR_RE.match(name) or name in GREEK:
            self.next()
            if name in self.let:
                return self.let[name]
            if self.is_op("(") and name in ("f", "g", "h", "F", "G"):
                raise self.err(f"unknown function {name!r}", t,
                               "write the formula itself, e.g. sin(x); for a product write f*(...)")
            return symbol(name)
        raise self.err(f"unknown name {name!r}", t, _unknown_hint(name))


    def function(self, t: Tok):
        """A function name and its argument(s): sin(x), sin x, sin^2 x, sin^-1 x, √x, \\log_{2} x."""
        name = t.text
        self.next()
        fn, lo, hi = FUNCTIONS[name]
        if name in _RADICALS:      # √x, √(x+1), 2√x: the root of the next factor
            arg = self.parse_group() if self.is_op("{") and self.latex else self.parse_unary_power()
            return self.call(name, fn, [arg], t)
        sub = power = None
        if self.is_op("_"):        # LaTeX \\log_{2} x, \\log_2 x: the second argument
            self.next()
            sub = self.parse_group() if self.is_op("{") else self.parse_primary()
        if self.is_op("^", "**") and self.peek().kind != "end":
            # sin^2 x  ==  (sin x)^2;  sin^-1 x == arcsin x
            self.next()
            power = self.parse_unary_power()
            if power == -1:
                if name not in INVERSES:
                    raise self.err(f"{name}^-1 means the inverse function of {name}, which calc does not have",
                                   t, f"for the reciprocal write 1/{name}(x)")
                name = INVERSES[name]
                fn, lo, hi = FUNCTIONS[name]
                power = None
        if self.is_op("("):
            args = self.parse_args()
        elif self.is_op("{") and self.latex:
            args = [self.parse_group()]
        elif self.is_op("["):
            raise self.err("use parentheses for function arguments", hint=f"{name}(x)")
        else:
            if lo > 1 and sub is None:
                raise self.err(f"{name} needs {lo} arguments in parentheses", t, hint=f"{name}(x, ...)")
            args = [self.parse_simple_arg(t)]
        if sub is not None:
            args.append(sub)
        val = self.call(name, fn, args, t, lo, hi)
        if power is not None:
            self._keep(lambda: real_pow(val, power))
            return real_pow(val, power)
        return val

    def call(self, name, fn, args, t: Tok, lo=1, hi=100):
        if not (lo <= len(args) <= hi):
            expect = str(lo) if lo == hi else f"{lo} to {hi}"
            raise self.err(f"{name} takes {expect} argument(s), got {len(args)}", t)
        if name not in ("Piecewise",):
            for a in args:
                if isinstance(a, tuple):
                    raise self.err(f"unexpected tuple argument to {name}", t)
        if name not in ("piecewise", "Piecewise", "And", "Or", "Not"):
            for a in args:
                if _is_bool(a):
                    raise self.err(f"{name} takes numbers, not conditions", t)
        try:
            if name not in ("piecewise", "Piecewise", "And", "Or", "Not", "Eq", "Ne"):
                self._keep(lambda: fn(*args))
            return fn(*args)
        except ParseError as e:
            raise ParseError(e.reason, self.text, t.pos, e.hint) from None
        except (TypeError, ValueError) as e:
            raise self.err(f"invalid arguments to {name}: {e}", t) from None


def _unknown_hint(name: str) -> str:
    import difflib
    close = difflib.get_close_matches(name, list(FUNCTIONS) + list(CONSTANTS), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    if name.isalpha() and len(name) <= 4 and name.islower():
        return f"for a product write {'*'.join(name)}; variables are single letters, x1, x_1 or Greek names"
    return "supported functions: " + ", ".join(sorted(set(FUNCTIONS)))


def parse(text, let: dict | None = None) -> sp.Expr:
    """Parse formula text into a sympy expression over real symbols.

    A sympy expression is returned unchanged (after replacing plain symbols
    with real ones).  Raises :class:`calc.ParseError` for anything else.
    ``let`` gives parameters values (``{"a": 2}``, values parsed like formulas):
    each is substituted where its name is read.

    >>> parse("arccot(x)/ln x")
    arccot(x)/log(x)
    >>> parse("|x - 1| + |x + 1|")
    Abs(x - 1) + Abs(x + 1)
    >>> parse("a x^2", let={"a": "2"})
    2*x**2
    """
    return parse_written(text, let)[0]


def parse_written(text, let: dict | None = None) -> tuple[sp.Expr, tuple]:
    """(the parsed expression, the nodes of the formula as written, unevaluated): where sympy's
    evaluation simplified a node away (exp(ln x) = x), the written node keeps its domain.
    A sympy expression has no written form: its nodes are ().
    """
    let = _values(let)
    if isinstance(text, sp.Basic):
        text = as_real(text)
        return (text.xreplace(let) if let else text), ()
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return (sp.nsimplify(text) if isinstance(text, float) else sp.Integer(text)), ()
    if not isinstance(text, str):
        raise ParseError(f"expected formula text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"input too long ({len(text)} characters; the limit is {MAX_LENGTH})")
    if not text.strip():
        raise ParseError("empty input", text, 0, "write a formula such as x^2 sin x")
    parser = _Parser(text, {s.name: v for s, v in let.items()})
    try:
        result = parser.parse()
    except RecursionError:
        raise ParseError("formula nested too deeply", hint="simplify the nesting") from None
    if isinstance(result, tuple):
        raise ParseError("a tuple is not a formula", text, 0)
    if result.has(sp.zoo, sp.nan):
        raise ParseError("the formula is undefined (division by zero or 0/0)", text, 0)
    return result, tuple(parser.written)


def _values(let) -> dict:
    """{symbol: value} from {"a": "2"} (names checked, values parsed as formulas)."""
    out = {}
    for name, value in (let or {}).items():
        s = parse_variable(name)
        if s.name in CONSTANTS or s.name in FUNCTIONS:
            raise ParseError(f"{s.name} is a constant or function of calc, not a parameter")
        v = parse(value)
        if _is_bool(v):
            raise ParseError(f"the value of {s.name} is a condition, not a number")
        out[s] = v
    return out


def as_real(expr: sp.Basic) -> sp.Basic:
    """Replace symbols without assumptions by calc's real symbols."""
    reps = {s: symbol(s.name) for s in free_symbols(expr)
            if isinstance(s, sp.Symbol) and s.is_real is not True}
    return expr.xreplace(reps) if reps else expr


def parse_variable(name) -> sp.Symbol:
    if isinstance(name, sp.Symbol):
        return symbol(name.name)
    if not isinstance(name, str) or not (_VAR_RE.match(name.strip()) or name.strip() in GREEK):
        raise ParseError(f"{name!r} is not a variable name", hint="use a letter such as x")
    return symbol(name.strip())
