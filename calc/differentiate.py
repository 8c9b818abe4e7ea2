"""The rule walker: differentiates a sympy expression by the registry's rules.

The walk is iterative (no recursion, so depth 10,000 is fine) and memoised on
shared subexpressions.  For every node it makes a *plan* (which rule applies,
which sub-derivations it needs) and then *combines* the children's results
with the rule's formula from :mod:`calc.catalogue`.  With ``steps=True`` the plans
are kept as a derivation tree of :class:`Step` records and the derivative is
obtained by evaluating that tree; without steps the same combine functions
run directly.

Performance (benchmarks/bench_diff.py): the rule formulas are compiled once
into builders (:class:`_Builder`), products that are already canonical are
extended by sorted insertion instead of being re-canonicalised (:func:`_mul`),
and the cyclic garbage collector is paused during the walk.  The output is
the same expression sympy's evaluating constructors would build.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any, Optional

import sympy as sp
from sympy.core.parameters import global_parameters
from sympy.core.relational import Relational

from .errors import CalcError, UnsupportedError
from .catalogue import CATALOGUE, REGISTRY, by_head, by_key, supported_functions
from .catalogue.base import DU, DV, MU, U, V, X

_R = REGISTRY
_A = _R["2-1.9"].params[0]

_S = sp.S
_compare = sp.Basic.compare
_from_mul_args = sp.Mul._from_args


# ---------------------------------------------------------------------------
# Canonical products without re-sorting.
#
# The chain rule multiplies a new outer factor into a product that is already
# canonical (sorted by Basic.compare).  sympy's Mul re-collects and re-sorts
# every factor each time, and comparing two deep factors walks both trees, so
# a chain of depth n costs O(n^3).  _mul gives exactly the result of
# sp.Mul(*args) but, when no factors can combine, merges the sorted runs by
# binary insertion instead; anything unusual falls back to sp.Mul.


def _runs(args):
    """(Rational coefficient, sorted runs of factors) of a product, or None
    when sympy's Mul could do more than collect the coefficient and sort."""
    coeff = _S.One
    runs = []
    for a in args:
        if a.is_Rational:
            coeff = coeff * a
            continue
        if a.is_Number or not a.is_commutative:
            return None
        if a.is_Mul:
            fs = a.args
            if fs[0].is_Number:
                if not fs[0].is_Rational:
                    return None
                coeff = coeff * fs[0]
                fs = fs[1:]
            runs.append(fs)
        else:
            runs.append((a,))
    return coeff, runs


def _plain(f):
    """f can be multiplied in without sympy's special number handling."""
    return not (f.is_Number or f.is_Mul or f is _S.ImaginaryUnit or f.is_Order
                or (f.is_Pow and f.base.is_Number) or not f.is_commutative)


def _base_terms(factors, bases=None):
    """{base: {exponent terms}} of factors, or None if two of them would
    combine (x**2*x**3, exp(x)*exp(2*x)) or one is not a plain factor."""
    bases = {} if bases is None else bases
    for f in factors:
        if not _plain(f):
            return None
        b, e = f.as_base_exp()
        t = e.as_coeff_Mul()[1]
        seen = bases.setdefault(b, set())
        if t in seen:
            return None
        seen.add(t)
    return bases


def _mul(*args):
    """``sp.Mul(*args)`` (evaluated), sorting by insertion where possible."""
    if len(args) < 2 or not global_parameters.evaluate:
        return sp.Mul(*args)
    r = _runs(args)
    if r is None:
        return sp.Mul(*args)
    coeff, runs = r
    nfac = sum(len(u) for u in runs)
    if coeff == 0 or nfac == 0:
        return sp.Mul(*args)
    if nfac == 1:
        f = runs[0][0]
        if f.is_Add or not _plain(f):
            return sp.Mul(*args)   # c*(a + b) is distributed: let sympy do it
        return f if coeff == 1 else _from_mul_args((coeff, f), True)
    runs.sort(key=len, reverse=True)
    base_run = runs[0]
    extra = [f for u in runs[1:] for f in u]
    bases = _base_terms(base_run)
    if bases is None or (extra and _base_terms(extra, bases) is None):
        return sp.Mul(*args)
    out = list(base_run)
    for f in extra:
        lo, hi = 0, len(out)
        while lo < hi:
            mid = (lo + hi) // 2
            if _compare(out[mid], f) > 0:
                hi = mid
            else:
                lo = mid + 1
        out.insert(lo, f)
    if coeff != 1:
        out = [coeff, *out]
    return _from_mul_args(tuple(out), True)


def _submul(factors):
    """sp.Mul(*factors) for some of the factors of a canonical Mul (still sorted)."""
    if len(factors) >= 2 and global_parameters.evaluate and _base_terms(factors) is not None:
        return _from_mul_args(tuple(factors), True)
    return sp.Mul(*factors)


def _product_terms(factors, d):
    """The product rule's terms: for each i with d[i] != 0 the product of
    ``factors`` (the sorted factors of a Mul) with the i-th replaced by d[i]."""
    clean = len(factors) >= 3 and global_parameters.evaluate and _base_terms(factors) is not None
    terms = []
    for i, di in enumerate(d):
        if di == 0:
            continue
        if clean:
            terms.append(_mul(_from_mul_args(factors[:i] + factors[i + 1:], True), di))
        else:
            terms.append(sp.Mul(*(factors[:i] + (di,) + factors[i + 1:])))
    return terms


# ---------------------------------------------------------------------------
# Rule templates compiled once into builders.
#
# Every formula comes from the registry; at import each template is turned
# into a straight-line program over its nodes (constant subtrees kept as they
# are), so applying a rule is a few constructor calls instead of an xreplace
# walk with dictionary building.  The result is the same as
# ``template.xreplace({slot: value, ...})``.


class _Builder:
    __slots__ = ("template", "slots", "code", "root")

    def __init__(self, template, slots, itself=None):
        """``slots`` are the template symbols, in the order the builder takes
        their values.  ``itself`` is the rule's function (e.g. exp(x) for the
        rule (e^x)' = e^x): where the derivative contains it, the builder uses
        the node being differentiated, passed as one more value, instead of
        rebuilding (and re-evaluating) it."""
        self.template = template
        self.slots = tuple(slots)
        index = {s: i for i, s in enumerate(self.slots)}
        if itself is not None:
            index[itself] = len(self.slots)
        code: list = []
        memo: dict = {}

        def ref(node):
            if node in index:
                return (0, index[node])
            if not node.has(*self.slots):
                return (1, node)
            if node not in memo:
                args = tuple(ref(a) for a in node.args)
                func = node.func
                code.append((_mul if func is sp.Mul else func, args))
                memo[node] = len(code) - 1
            return (2, memo[node])

        self.root = ref(template)
        self.code = tuple(code)

    def __call__(self, *values):
        # an operand is (0, slot index), (1, constant) or (2, earlier result)
        regs = []
        for func, args in self.code:
            regs.append(func(*[values[i] if k == 0 else (i if k == 1 else regs[i]) for k, i in args]))
        k, i = self.root
        return values[i] if k == 0 else (i if k == 1 else regs[i])


_QUOT = _Builder(_R["2-2.4"].derivative, (U, V, DU, DV))
_UV = _Builder(_R["extra.uv"].derivative, (U, V, DU, DV), itself=U ** V)
_POW = _Builder(_R["2-1.2"].derivative, (X, MU))
_EXPA = _Builder(_R["2-1.9"].derivative, (X, _A), itself=_R["2-1.9"].function)
_LOGA = _Builder(_R["2-1.11"].derivative, (X, _A))
_ELEM: dict = {}     # catalogue key -> builder of the entry's derivative f′(x)


def _elementary_builder(entry):
    b = _ELEM.get(entry.key)
    if b is None:
        b = _ELEM[entry.key] = _Builder(entry.derivative_at(X), (X,), itself=entry.head(X))
    return b


for _e in CATALOGUE:
    if _e.head is not None and _e.rule is not None and _e.rule.derivative != 0 \
            and _e.head not in (sp.Pow, sp.Max, sp.Min, sp.Piecewise):
        _elementary_builder(_e)


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


def logdiff_view(step: Step) -> tuple:
    """(v ln u, y′/y) of a u^v step, by the extra.uv row: ln y = v ln u, so
    y′/y = v′ ln u + v u′/u (the row's derivative divided by u^v)."""
    u, v = step.data
    du, dv = (c.result for c in step.children)
    ratio = (_R["extra.uv"].derivative / U ** V).xreplace({U: u, V: v, DU: du, DV: dv})
    return v * sp.log(u), ratio


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


_INTERIOR = {sp.LessThan: sp.StrictLessThan, sp.GreaterThan: sp.StrictGreaterThan, sp.Eq: sp.false}
_CLOSURE = {sp.StrictLessThan: sp.LessThan, sp.StrictGreaterThan: sp.GreaterThan, sp.Ne: sp.true}


def _swap_relations(cond, table):
    reps = {}
    for r in cond.atoms(Relational):
        new = table.get(type(r))
        if new is not None:
            reps[r] = new if isinstance(new, sp.logic.boolalg.BooleanAtom) else new(*r.args)
    return cond.xreplace(reps) if reps else cond


def _strict(cond):
    """The interior of a condition: <= becomes <, Eq becomes false."""
    return _swap_relations(cond, _INTERIOR)


def _closure(cond):
    """The closure of a condition: < becomes <=, Ne becomes true."""
    return _swap_relations(cond, _CLOSURE)


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
                if c.is_Pow and c.exp == -1 and isinstance(c.base, sp.log) and not dep.get(c.base, True):
                    base = c.base.args[0]
                    rest = sp.Mul(*[d for d in const if d is not c])
                    u = var[0].args[0]
                    rules = ("2-1.11",) + (("2-2.2",) if rest != 1 else ()) + (("2-2.5",) if u != x else ())
                    return "log_a", rules, ((u,) if u != x else ()), (base, rest, u)
        if coeff != 1:
            inner = var[0] if len(var) == 1 else _submul(var)
            _dependencies(inner, x, dep)
            return "cmul", ("2-2.2",), (inner,), coeff
        rp = _realpow_view(var)
        if rp is not None:
            u, r = rp
            return "realpow", ("extra.realpow",) + (("2-2.5",) if u != x else ()), ((u,) if u != x else ()), (u, r)
        den = [f for f in var if _is_negative_power(f)]
        if den and len(den) < len(var):
            num = [f for f in var if not _is_negative_power(f)]
            u = num[0] if len(num) == 1 else _submul(num)
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
                    ((e,) if e != x else ()), (by_key["exp"], e)
            return "expbase", ("2-1.9",) + (("2-2.5",) if e != x else ()), ((e,) if e != x else ()), (b, e)
        return "logdiff", ("extra.uv",), (b, e), (b, e)
    if isinstance(node, sp.Piecewise):
        vals = tuple(dict.fromkeys(a.expr for a in node.args if dep[a.expr]))
        return "piecewise", ("extra.piecewise",), vals, None
    if isinstance(node, (sp.Max, sp.Min)):
        args = tuple(a for a in node.args if dep[a])
        return "maxmin", (("extra.max",) if isinstance(node, sp.Max) else ("extra.min",)), args, None
    entry = by_head(node)
    if entry is not None and entry.rule is not None and entry.head is not sp.Pow and len(node.args) == 1:
        u = node.args[0]
        rules = (entry.rule_id,) + (("2-2.5",) if u != x else ())
        return "elementary", rules, ((u,) if u != x else ()), (entry, u)
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
        return _mul(data, d[0])
    if kind == "product":
        return sp.Add(*_product_terms(data, d))
    if kind == "quotient":
        u, v = data
        return _QUOT(u, v, d[0], d[1])
    if kind == "power":
        b, e = data
        outer = _POW(b, e)
        return _mul(outer, d[0]) if d else outer
    if kind == "realpow":
        from .parsing import real_pow
        u, r = data
        outer = r * real_pow(u, r - 1)
        return _mul(outer, d[0]) if d else outer
    if kind == "expbase":
        b, e = data
        outer = _EXPA(e, b, node)
        return _mul(outer, d[0]) if d else outer
    if kind == "logdiff":
        b, e = data
        return _UV(b, e, d[0], d[1], node)
    if kind == "log_a":
        base, rest, u = data
        outer = _mul(rest, _LOGA(u, base))
        return _mul(outer, d[0]) if d else outer
    if kind == "elementary":
        entry, u = data
        if entry.rule.derivative == 0:
            # sign, Heaviside, floor: 0 where defined, no derivative at the jump
            outer = sp.Piecewise((0, entry.rule.conditions.xreplace({X: u, U: u})))
        else:
            outer = _elementary_builder(entry)(u, node)
        return _mul(outer, d[0]) if d else outer
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
    # The walk allocates many small objects and no reference cycles; the
    # cyclic collector would repeatedly traverse every live sympy object.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _differentiate(expr, x, steps)
    finally:
        if paused:
            gc.enable()


def _differentiate(expr, x, steps):
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


def hessian_of(expr: sp.Expr, vs) -> sp.Matrix:
    """The matrix of second partial derivatives of expr, by the rule walker (kinks stay undefined)."""
    first = [differentiate(expr, v)[0] for v in vs]
    return sp.Matrix(len(vs), len(vs), lambda i, j: differentiate(first[i], vs[j])[0])
