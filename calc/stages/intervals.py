"""The ``on`` text: an interval for one variable, a box for several.

* :func:`parse_interval` reads ``"[a, b]"``, ``"(a, b]"``, ``"[0, oo)"``, ``"R"``
  (also ``"x in [a, b]"``, a pair or a sympy Set);
* :func:`parse_box` reads ``{"x": "[a, b]", ...}`` or ``"x in [a, b], y in [c, d]"``
  (also ``"-1 <= x <= 1, ..."``).
"""
from __future__ import annotations

import sympy as sp

from ..errors import DomainError, EmptyDomainError, ParseError
from ..parsing import free_symbols, parse, parse_variable
from ..printing import textbook

__all__ = ["parse_interval", "parse_box", "interval_text", "set_text", "box_text", "split_top"]

_REALS = ("R", "ℝ", "reals", "Reals", "(-oo, oo)", "(-∞, ∞)")
_EMPTY = ("∅", "{}", "EmptySet")     # (∅ as calc prints it, and in ASCII)


def split_top(s: str, seps: str) -> list[str]:
    """s cut at the separators that are not inside brackets (empty parts dropped)."""
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _top_commas(body: str) -> list[int]:
    depth, cuts = 0, []
    for i, c in enumerate(body):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            cuts.append(i)
    return cuts


def parse_interval(on) -> sp.Set:
    """``[a, b]``, ``(a, b]``, ``[0, oo)``, ``R``, a union ``[-6, -3] ∪ [0, 5]`` (also ``U``), ``∅``
    (also ``{}``) or a sympy Interval or Union.  An interval with no point (``[1, 0]``) is an
    :class:`~calc.errors.EmptyDomainError`; ∅ itself is returned, for the finder to say so.

    >>> parse_interval("[0, oo)")
    Interval(0, oo)
    >>> parse_interval("(-1, 2]")
    Interval.Lopen(-1, 2)
    """
    if on is None:
        return sp.S.Reals
    if isinstance(on, sp.Set):
        parts = on.args if isinstance(on, sp.Union) else (on,)
        if on != sp.S.EmptySet and not all(isinstance(p, (sp.Interval, sp.FiniteSet)) or p == sp.S.Reals
                                           for p in parts):
            raise DomainError(f"{on} is not an interval or a union of intervals: extrema are found on intervals")
        return on
    if isinstance(on, (tuple, list)) and len(on) == 2:
        return sp.Interval(parse(str(on[0])) if not isinstance(on[0], sp.Basic) else on[0],
                           parse(str(on[1])) if not isinstance(on[1], sp.Basic) else on[1])
    if not isinstance(on, str):
        raise ParseError(f"cannot read interval {on!r}")
    s = on.strip()
    if " in " in s:
        s = s.split(" in ", 1)[1].strip()
    if s in _REALS:
        return sp.S.Reals
    if s in _EMPTY:
        return sp.S.EmptySet
    pieces = split_top(s.replace(" U ", " ∪ ").replace(" u ", " ∪ "), "∪")
    if len(pieces) > 1:
        return sp.Union(*[parse_interval(p) for p in pieces])
    if len(s) < 5 or s[0] not in "[(" or s[-1] not in "])" or "," not in s:
        raise ParseError(f"cannot read interval {on!r}", hint='write "[a, b]", "(a, b]", "[0, oo)" or "R"')
    body = s[1:-1]
    cuts = _top_commas(body)
    if len(cuts) > 1:
        raise ParseError(f"an interval has two ends: {on!r}")
    if not cuts:
        raise ParseError(f"cannot read interval {on!r}", hint='write "[a, b]"')
    a, b = parse(body[:cuts[0]]), parse(body[cuts[0] + 1:])
    for v in (a, b):
        if v.free_symbols or not v.is_extended_real:
            raise ParseError(f"interval ends must be real numbers: {on!r}")
    if a == sp.oo or b == -sp.oo or bool(a > b) or (a == b and (s[0] == "(" or s[-1] == ")")):
        raise EmptyDomainError(f"empty interval {on!r}: f takes no values there")
    return sp.Interval(a, b, left_open=s[0] == "(" or a == -sp.oo, right_open=s[-1] == ")" or b == sp.oo)


def interval_text(I: sp.Set, syntax: str = "textbook") -> str:
    """``[a, b)`` text of an interval, its ends as calc prints them (``[0, 2π]``, ``(-∞, ∞)``);
    with ``syntax="sympy"`` in sympy's syntax (``[0, 2*pi]``, ``(-oo, oo)``: the JSON contract)."""
    show = textbook if syntax == "textbook" else str
    if I == sp.S.Reals:
        return f"({show(-sp.oo)}, {show(sp.oo)})"
    if isinstance(I, sp.Interval):
        return f"{'(' if I.left_open else '['}{show(I.start)}, {show(I.end)}{')' if I.right_open else ']'}"
    return set_text(I, syntax)


def set_text(S, syntax: str = "textbook") -> str:
    """Text of a set: intervals and their unions (``[a, b) ∪ (b, c]``), finite sets, and in the
    user's words what is neither (``{2πk + π/2 : k ∈ ℤ}``, never sympy's ImageSet or Lambda)."""
    if isinstance(S, sp.Interval) or S == sp.S.Reals:
        return interval_text(S, syntax)
    if isinstance(S, sp.Union):
        return " ∪ ".join(set_text(a, syntax) for a in S.args)
    if syntax != "textbook":
        return str(S)
    if S == sp.S.EmptySet:
        return "∅"
    if isinstance(S, sp.FiniteSet):
        return "{" + ", ".join(textbook(a) for a in S.args) + "}"
    if isinstance(S, sp.Complement):
        cut = set_text(S.args[1])
        return f"{set_text(S.args[0])} without {f'({cut})' if isinstance(S.args[1], sp.Union) else cut}"
    if isinstance(S, sp.Intersection):
        return " ∩ ".join(set_text(a) for a in S.args)
    if isinstance(S, sp.ImageSet) and len(S.lamda.variables) == 1:
        n = S.lamda.variables[0]
        if S.base_sets[0] == sp.S.Integers:
            k = sp.Symbol("k", integer=True)
            return f"{{{textbook(S.lamda.expr.xreplace({n: k}))} : k ∈ ℤ}}"
        t = sp.Symbol("t", real=True)
        return f"{{{textbook(S.lamda.expr.xreplace({n: t}))} : t ∈ {set_text(S.base_sets[0])}}}"
    if isinstance(S, sp.ConditionSet):
        return f"the solutions of {textbook(S.condition)}"
    return textbook(S) if isinstance(S, sp.Expr) else "a set calc cannot write out"


# ---------------------------------------------------------------- boxes
def _interval_of(val, name: str, closed: bool) -> sp.Interval:
    """[a, b] from text, a sympy Interval or a pair."""
    if isinstance(val, sp.Interval):
        a, b, lo, ro = val.start, val.end, val.left_open, val.right_open
    elif isinstance(val, (tuple, list)) and len(val) == 2:
        a, b = (parse(v) for v in val)
        lo = ro = False
    elif isinstance(val, str):
        s = val.strip()
        if len(s) < 5 or s[0] not in "[(" or s[-1] not in "])":
            raise ParseError(f"cannot read the interval {val!r} for {name}", hint='write "[a, b]"')
        ends = split_top(s[1:-1], ",")
        if len(ends) != 2:
            raise ParseError(f"an interval has two ends: {val!r}", hint='write "[a, b]"')
        a, b = parse(ends[0]), parse(ends[1])
        lo, ro = s[0] == "(", s[-1] == ")"
    elif isinstance(val, sp.Set):
        raise DomainError(f"the range of {name} must be an interval, got {val}")
    else:
        raise ParseError(f"cannot read the interval {val!r} for {name}")
    for e in (a, b):
        if not isinstance(e, sp.Expr) or free_symbols(e) or e.is_extended_real is False:
            raise ParseError(f"interval ends must be real numbers: {name} in {val!r}")
    if a.is_infinite or b.is_infinite:
        if closed:
            raise DomainError(f"{name} ranges over an unbounded interval; the extreme-value theorem "
                              f"needs a closed bounded box, e.g. {name} in [-10, 10]")
        return sp.Interval(a, b, True, True)
    if bool(a >= b):
        raise DomainError(f"empty or degenerate interval for {name}: [{a}, {b}]"
                          + ("; substitute the fixed value instead" if a == b else ""))
    if closed and (lo or ro):
        raise DomainError(f"{name} ranges over an open interval {val!r}: global extrema on a box need "
                          f"closed ends [a, b] (on an open box a maximum may not be attained)")
    return sp.Interval(a, b, lo, ro)


def _box_items(on) -> list:
    if isinstance(on, dict):
        return list(on.items())
    if isinstance(on, (list, tuple)):
        return [tuple(p) for p in on]
    if not isinstance(on, str):
        raise ParseError(f"cannot read the box {on!r}", hint='write "x in [a, b], y in [c, d]"')
    items = []
    for part in split_top(on, ",;"):
        p = part.replace("∈", " in ").replace("≤", "<=")
        if " in " in f" {p} ":
            name, rng = p.split(" in ", 1) if " in " in p else p.split("in", 1)
            items.append((name.strip(), rng.strip()))
        elif p.count("<=") == 2 or p.count("<") == 2:
            op = "<=" if p.count("<=") == 2 else "<"
            a, name, b = (t.strip() for t in p.split(op))
            br = ("[", "]") if op == "<=" else ("(", ")")
            items.append((name, f"{br[0]}{a}, {b}{br[1]}"))
        elif ":" in p or "=" in p:
            name, rng = p.split(":" if ":" in p else "=", 1)
            items.append((name.strip(), rng.strip()))
        else:
            raise ParseError(f"cannot read {part!r} in the box {on!r}", hint='write "x in [a, b], y in [c, d]"')
    return items


def parse_box(on, expr=None, closed: bool = True) -> tuple[list, dict]:
    """The variables and their intervals of a box.

    ``on`` is a dict ``{"x": "[a, b]", ...}`` (keys text or Symbols, values text,
    pairs or sympy Intervals) or text ``"x in [-1, 1], y in [0, 2]"`` (also
    ``"-1 <= x <= 1, ..."``).  Ends are parsed with :func:`calc.parse`.  For
    extrema the box must be closed and bounded (:class:`calc.DomainError`).

    >>> vs, box = parse_box("x in [-1, 1], y in [0, 2]")
    >>> vs, box[vs[1]]
    ([x, y], Interval(0, 2))
    """
    if on is None:
        raise DomainError('give a box, e.g. on={"x": "[a, b]", "y": "[c, d]"} or "x in [a, b], y in [c, d]"')
    items = _box_items(on)
    if not items:
        raise DomainError("the box is empty: give an interval for each variable")
    vars_, box = [], {}
    for name, val in items:
        v = parse_variable(name if isinstance(name, sp.Symbol) else str(name).strip())
        if v in box:
            raise ParseError(f"{v.name} is given twice in the box")
        box[v] = _interval_of(val, v.name, closed)
        vars_.append(v)
    if expr is not None:
        missing = sorted(free_symbols(expr) - set(vars_), key=lambda s: s.name)
        if missing:
            raise DomainError(f"{textbook(expr)} depends on {', '.join(s.name for s in missing)}, "
                              f"which the box does not give; add e.g. \"{missing[0].name} in [a, b]\"")
    return vars_, box


def box_text(vars_, box) -> str:
    """``[a, b] × [c, d]``."""
    return " × ".join(f"[{textbook(box[v].start)}, {textbook(box[v].end)}]" for v in vars_)
