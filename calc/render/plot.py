"""Figures of f with its extrema (matplotlib, optional: ``pip install "calc-extrema[plot]"``,
or ``pip install ".[plot]"`` from the source tree)."""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..errors import CalcError


DISTRIBUTION = "calc-extrema"   # the name on the package index (`calc` there is an unrelated project)
INSTALL_HINT = f'pip install "{DISTRIBUTION}[plot]" (from the source tree: pip install ".[plot]")'


class PlotUnavailable(CalcError):
    """No figure (matplotlib is not installed, or f has parameters without values): the answer
    stands, only the figure is missing."""


def mpl():
    """matplotlib.pyplot on the Agg backend, or :class:`PlotUnavailable` with the install command."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotUnavailable(f"plots need matplotlib: {INSTALL_HINT}") from None
    return plt


def plot_extrema(result, path=None):
    """Plot f on the interval with endpoints, stationary and non-differentiable points
    and the global max/min marked; asymptotes at poles are clipped."""
    plt = mpl()
    f, x, I = result.function, result.variable, result.interval
    params = sorted(s.name for s in f.free_symbols - {x})
    if params:        # (f constant in x with a symbolic value: its graph needs values)
        raise PlotUnavailable(f"f has the parameter{'s' if len(params) > 1 else ''} {', '.join(params)}: "
                              f"its graph needs values (--let {params[0]}=…)")
    pts = [c.x.float for c in result.candidates if c.x.float is not None]
    a = float(I.start) if I.start.is_finite else (min(pts) - 3 if pts else -5.0)
    b = float(I.end) if I.end.is_finite else (max(pts) + 3 if pts else 5.0)
    if a == b:
        a, b = a - 1, b + 1
    xs = np.linspace(a, b, 2001)
    fn = sp.lambdify(x, f, modules=["numpy", {"Heaviside": lambda t: np.heaviside(t, 0.5)}])
    with np.errstate(all="ignore"):
        try:
            ys = np.asarray(fn(xs), dtype=complex) * np.ones_like(xs)
            ys = np.where(np.abs(ys.imag) < 1e-12, ys.real, np.nan)
        except (NameError, TypeError, ValueError, ArithmeticError, AttributeError, KeyError):
            # numpy cannot evaluate some function of f: the same f, point by point with sympy
            ys = np.array([_safe(f, x, t) for t in xs])
    finite = ys[np.isfinite(ys)]
    if finite.size:
        lo, hi = np.percentile(finite, [2, 98])
        vals = [c.value.float for c in result.candidates if c.value.float is not None]
        lo, hi = min([lo] + vals), max([hi] + vals)
        pad = 0.1 * (hi - lo or 1.0)
        ys = np.where((ys < lo - 5 * pad) | (ys > hi + 5 * pad), np.nan, ys)  # clip asymptotes
    fig, ax = plt.subplots(figsize=(8.5, 4.5), dpi=110)
    ax.plot(xs, ys, color="#1f4e79", lw=1.8, label=f"f({x.name})")
    style = {"endpoint": ("s", "#555555"), "stationary": ("o", "#2a9d8f"),
             "nondifferentiable": ("D", "#e76f51")}
    seen = set()
    for c in result.candidates:
        if c.x.float is None or c.value.float is None:
            continue
        m, col = style.get(c.kind, ("o", "k"))
        # clip_on=False: a marker at an end of the interval is drawn whole
        ax.plot(c.x.float, c.value.float, m, color=col, ms=7, zorder=6, clip_on=False,
                label=c.kind if c.kind not in seen else None)
        seen.add(c.kind)
    for ext, col, word in ((result.maximum, "#d62828", "max"), (result.minimum, "#3a86ff", "min")):
        if ext is None or not ext.attained:
            continue
        label = f"global {word}"
        for p in ext.points:
            if p.float is None:
                continue
            # a hollow star around the candidate's marker, which stays visible inside it
            ax.plot(p.float, ext.value.float, "*", mfc="none", mec=col, mew=1.6, ms=20, zorder=7,
                    clip_on=False, label=label)
            label = None
            right = p.float > a + 0.8 * (b - a)     # near the right end: the label goes to the left
            ax.annotate(f"{word} {ext.value.float:.4g}", (p.float, ext.value.float), textcoords="offset points",
                        xytext=(-10 if right else 10, 9 if word == "max" else -16), ha="right" if right else "left",
                        color=col, fontsize=9, annotation_clip=False)
        for lo, hi in ext.intervals:
            ax.plot([lo.float, hi.float], [ext.value.float] * 2, color=col, lw=4, alpha=0.5, zorder=4,
                    label=label)
            label = None
    ax.axhline(0, color="#bbbbbb", lw=0.8)
    ax.margins(x=0.04, y=0.12)
    ax.set_xlabel(x.name)
    ax.set_ylabel(f"f({x.name})")
    from ..stages.intervals import interval_text as _interval_text
    from ..printing import textbook
    ax.set_title(f"f({x.name}) = {textbook(f)}  on  {_interval_text(I)}", fontsize=10)
    # the legend outside the axes, to the right: it never covers a marker
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=8, markerscale=0.7)
    ax.grid(alpha=0.25)
    fig.tight_layout()
    if path:
        fig.savefig(path)
        plt.close(fig)
        return path
    return fig


def _safe(f, x, t):
    try:
        v = complex(sp.N(f.subs(x, t)))
        return v.real if abs(v.imag) < 1e-12 else math.nan
    except (TypeError, ValueError, ZeroDivisionError):
        return math.nan
