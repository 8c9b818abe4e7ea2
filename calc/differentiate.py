"""The rule walker: differentiates a sympy expression by the registry's rules.

The walk is iterative (no recursion, so depth 10,000 is fine) and memoised on
shared subexpressions.  For every node it makes a *plan* (which rule applies,
which sub-derivations it needs) and then *combines* the children's results
with the rule's formula from :mod:`calc.rules`.  With ``steps=True`` the plans
are kept as a derivation tree of :class:`Step` records and the derivative is
obtained by evaluating that tree; without steps the same combine functions
run directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import sympy as sp
from sympy.core.relational import Relational

from .errors import CalcError, UnsupportedError
from .rules import BY_HEAD, REGISTRY, supported_functions
from .rules.base import DU, DV, MU, U, V, X

_R = REGISTRY
_QUOT = _R["2-2.4"].derivative
_UV = _R["extra.uv"].derivative
_POW = _R["2-1.2"].derivative
_EXPA = _R["2-1.9"].derivative
_A = _R["2-1.9"].params[0]


@dataclass(frozen=True, eq=False)
class Step:
    """One node of a derivation tree.

    ``expr`` is the function differentiated, ``rules`` the ids of the rules
    applied (e.g. ``("2-1.3", "2-2.5")`` for sin of an inner function),
    ``children`` the sub-derivations those rules need, and ``result`` the
    derivative, which is ``combine(kind, expr, data, [child results])``.
    Shared subexpressions share one Step object.
    """

    expr: sp.Basic
    variable: sp.Symbol
    kind: str
    rules: tuple
    children: tuple
    data: Any
    result: sp.Basic

    def evaluate(self, _memo: Optional[dict] = None) -> sp.Basic:
        """Recompute the result from the children: the answer is the tree's value."""
        memo = {} if _memo is None else _memo
        stack = [self]
        while stack:
            s = stack[-1]
            if id(s) in memo:
                stack.pop()
                continue
            pending = [c for c in s.children if id(c) not in memo]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            memo[id(s)] = _combine(s.kind, s.expr, s.data, [memo[id(c)] for c in s.children],
                                   s.variable)
        return memo[id(self)]

    def walk(self):
        """Every distinct step once, root first."""
        seen, stack = set(), [self]
        while stack:
            s = stack.pop()
            if id(s) in seen:
                continue
            seen.add(id(s))
            yield s
            stack.extend(reversed(s.children))

    @property
    def rule_names(self) -> list[str]:
        return [REGISTRY[r].name_en for r in self.rules]


def _dependencies(expr: sp.Basic, x: sp.Symbol, dep: Optional[dict] = None) -> dict:
    """dep[node] = node depends on x; computed bottom-up without recursion."""
    dep = {} if dep is None else dep
    stack = [expr]
    while stack:
        n = stack[-1]
        if n in dep:
            stack.pop()
            continue
        args = n.args
        missing = [a for a in args if a not in dep]
        if missing:
            stack.extend(missing)
            continue
        stack.pop()
        dep[n] = n == x or any(dep[a] for a in args)
    return dep


def _is_negative_power(f) -> bool:
    return f.is_Pow and f.exp.is_number and f.exp.is_extended_negative is True


def _realpow_view(var_factors):
    """sign(u)*|u|**r (the real odd root u**r) -> (u, r), else None."""
    if len(var_factors) != 2:
        return None
    a, b = var_factors
    if isinstance(b, sp.sign):
        a, b = b, a
    if isinstance(a, sp.sign) and b.is_Pow and isinstance(b.base, sp.Abs) and b.base.args[0] == a.args[0] \
            and b.exp.is_Rational and b.exp.q % 2 == 1:
        return a.args[0], b.exp
    return None


def _strict(cond):
    """The interior of a condition: <= becomes <, Eq becomes false."""
    reps = {}
    for r in cond.atoms(Relational):
        if isinstance(r, sp.LessThan):
            reps[r] = sp.StrictLessThan(*r.args)
        elif isinstance(r, sp.GreaterThan):
            reps[r] = sp.StrictGreaterThan(*r.args)
        elif isinstance(r, sp.Eq):
            reps[r] = sp.false
    return cond.xreplace(reps) if reps else cond


def _closure(cond):
    """The closure of a condition: < becomes <=, Ne becomes true."""
    reps = {}
    for r in cond.atoms(Relational):
        if isinstance(r, sp.StrictLessThan):
            reps[r] = sp.LessThan(*r.args)
        elif isinstance(r, sp.StrictGreaterThan):
            reps[r] = sp.GreaterThan(*r.args)
        elif isinstance(r, sp.Ne):
            reps[r] = sp.true
    return cond.xreplace(reps) if reps else cond


def _plan(node, x, dep):
    """(kind, rule ids, child expressions, data) for a node that depends on x."""
    if node == x:
        return "var", ("2-1.2",), (), None
    if not dep.get(node, True):
        return "const", ("2-1.1",), (), None
    if node.is_Add:
        return "sum", ("2-2.1",), tuple(a for a in node.args if dep[a]), None
    if node.is_Mul:
        const = [a for a in node.args if not dep[a]]
        var = [a for a in node.args if dep[a]]
        coeff = sp.Mul(*const) if const else sp.Integer(1)
        # log_a u = ln u / ln a  (Table 2-1.11)
        if len(var) == 1 and isinstance(var[0], sp.log):
            for c in const:
                if c.is_Pow and c.exp == -1 and isinstance(c.base, sp.log) and c.base.args[0].is_number:
                    base = c.base.args[0]
                    rest = sp.Mul(*[d for d in const if d is not c])
                    u = var[0].args[0]
                    rules = ("2-1.11",) + (("2-2.2",) if rest != 1 else ()) + (("2-2.5",) if u != x else ())
                    return "log_a", rules, ((u,) if u != x else ()), (base, rest, u)
        if coeff != 1:
            inner = var[0] if len(var) == 1 else sp.Mul(*var)
            _dependencies(inner, x, dep)
            return "cmul", ("2-2.2",), (inner,), coeff
        rp = _realpow_view(var)
        if rp is not None:
            u, r = rp
            return "realpow", ("extra.realpow",) + (("2-2.5",) if u != x else ()), ((u,) if u != x else ()), (u, r)
        den = [f for f in var if _is_negative_power(f)]
        if den and len(den) < len(var):
            num = [f for f in var if not _is_negative_power(f)]
            u = num[0] if len(num) == 1 else sp.Mul(*num)
            v = sp.Mul(*[f.base ** (-f.exp) for f in den])
            _dependencies(u, x, dep)
            _dependencies(v, x, dep)
            return "quotient", ("2-2.4",), (u, v), (u, v)
        return "product", ("2-2.3",), tuple(var), tuple(var)
    if node.is_Pow:
        b, e = node.base, node.exp
        if dep[b] and not dep[e]:
            if isinstance(b, sp.Abs) and e.is_Rational and e.q % 2 == 1 and e.p % 2 == 0:
                u = b.args[0]
                return "realpow", ("extra.realpow",) + (("2-2.5",) if u != x else ()), \
                    ((u,) if u != x else ()), (u, e)
            return "power", ("2-1.2",) + (("2-2.5",) if b != x else ()), ((b,) if b != x else ()), (b, e)
        if dep[e] and not dep[b]:
            if b == sp.E:
                return "elementary", ("2-1.10",) + (("2-2.5",) if e != x else ()), \
                    ((e,) if e != x else ()), (_R["2-1.10"], e)
            return "expbase", ("2-1.9",) + (("2-2.5",) if e != x else ()), ((e,) if e != x else ()), (b, e)
        return "logdiff", ("extra.uv",), (b, e), (b, e)
    if isinstance(node, sp.Piecewise):
        vals = tuple(dict.fromkeys(a.expr for a in node.args if dep[a.expr]))
        return "piecewise", ("extra.piecewise",), vals, None
    if isinstance(node, (sp.Max, sp.Min)):
        args = tuple(a for a in node.args if dep[a])
        return "maxmin", (("extra.max",) if isinstance(node, sp.Max) else ("extra.min",)), args, None
    rule = BY_HEAD.get(type(node))
    if rule is not None and len(node.args) == 1:
        u = node.args[0]
        rules = (rule.id,) + (("2-2.5",) if u != x else ())
        return "elementary", rules, ((u,) if u != x else ()), (rule, u)
    if isinstance(node, (sp.Derivative, sp.Integral, sp.Subs)) or isinstance(node, sp.core.function.AppliedUndef):
        raise UnsupportedError(f"cannot differentiate {node}: unevaluated derivatives, integrals and "
                               f"undefined functions are not supported")
    raise UnsupportedError(
        f"no rule for {type(node).__name__}: calc differentiates "
        + ", ".join(supported_functions()))


def _combine(kind, node, data, d, x):
    """Apply the rule's formula to the children's derivatives ``d``."""
    if kind == "var":
        return sp.Integer(1)
    if kind == "const":
        return sp.Integer(0)
    if kind == "sum":
        return sp.Add(*d)
    if kind == "cmul":
        return data * d[0]
    if kind == "product":
        factors = data
        terms = []
        for i, di in enumerate(d):
            if di == 0:
                continue
            terms.append(sp.Mul(*(factors[:i] + (di,) + factors[i + 1:])))
        return sp.Add(*terms)
    if kind == "quotient":
        u, v = data
        return _QUOT.xreplace({U: u, V: v, DU: d[0], DV: d[1]})
    if kind == "power":
        b, e = data
        outer = _POW.xreplace({X: b, MU: e})
        return outer * d[0] if d else outer
    if kind == "realpow":
        from .parsing import real_pow
        u, r = data
        outer = r * real_pow(u, r - 1)
        return outer * d[0] if d else outer
    if kind == "expbase":
        b, e = data
        outer = _EXPA.xreplace({X: e, _A: b})
        return outer * d[0] if d else outer
    if kind == "logdiff":
        b, e = data
        return _UV.xreplace({U: b, V: e, DU: d[0], DV: d[1]})
    if kind == "log_a":
        base, rest, u = data
        outer = rest * REGISTRY["2-1.11"].derivative.xreplace({X: u, _A: base})
        return outer * d[0] if d else outer
    if kind == "elementary":
        rule, u = data
        outer = rule.derivative.xreplace({X: u})
        if rule.derivative == 0:
            # sign, Heaviside, floor: 0 where defined, no derivative at the jump
            outer = sp.Piecewise((0, rule.conditions.xreplace({X: u, U: u})))
        elif rule.head is sp.Abs:
            outer = rule.derivative.xreplace({U: u, DU: 1})
        return outer * d[0] if d else outer
    if kind == "maxmin":
        args = node.args
        dmap = dict(zip([a for a in args if a.has(x)], d))
        pieces = []
        for i, a in enumerate(args):
            others = [b for j, b in enumerate(args) if j != i]
            if isinstance(node, sp.Max):
                cond = sp.And(*[a > b for b in others])
            else:
                cond = sp.And(*[a < b for b in others])
            pieces.append((dmap.get(a, sp.Integer(0)), cond))
        return sp.Piecewise(*pieces) if pieces else sp.Integer(0)
    if kind == "piecewise":
        dmap = dict(zip(_piecewise_vals(node, x), d))
        pieces, prev = [], []
        for pair in node.args:
            cond = _strict(pair.cond)
            if prev:
                cond = sp.And(cond, *[sp.Not(_closure(c)) for c in prev])
            prev.append(pair.cond)
            if cond == sp.false:
                continue
            pieces.append((dmap.get(pair.expr, sp.Integer(0)), cond))
        return sp.Piecewise(*pieces) if pieces else sp.nan
    raise CalcError(f"internal: unknown step kind {kind}")  # pragma: no cover


def _piecewise_vals(node, x):
    return tuple(dict.fromkeys(a.expr for a in node.args if a.expr.has(x)))


def differentiate(expr: sp.Basic, x: sp.Symbol, steps: bool = False):
    """d expr / dx by the registry's rules; returns (derivative, root Step or None)."""
    dep = _dependencies(expr, x)
    plans: dict = {}
    done: dict = {}
    stack = [expr]
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        p = plans.get(node)
        if p is None:
            p = plans[node] = _plan(node, x, dep)
            pending = [c for c in p[2] if c not in done]
            if pending:
                for c in pending:
                    if c not in dep:
                        _dependencies(c, x, dep)
                stack.extend(pending)
                continue
        stack.pop()
        kind, rules, children, data = p
        child_vals = [done[c] for c in children]
        if steps:
            res = _combine(kind, node, data, [c.result for c in child_vals], x)
            done[node] = Step(node, x, kind, rules, tuple(child_vals), data, res)
        else:
            done[node] = _combine(kind, node, data, child_vals, x)
    root = done[expr]
    if steps:
        return root.result, root
    return root, None
