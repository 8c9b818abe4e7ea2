"""Contour and surface plots of f(x, y, ...) with the box candidates / critical points marked
(the several-variable results of calc.multivariate)."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from ..printing import textbook


_MARKS = {"interior critical": ("o", "tab:blue"), "face critical": ("s", "tab:cyan"),
          "edge critical": ("D", "tab:green"), "corner": ("^", "tab:gray"),
          "nondifferentiable": ("X", "tab:purple"), "min": ("o", "tab:blue"), "max": ("o", "tab:red"),
          "saddle": ("P", "tab:orange"), "inconclusive": ("*", "tab:gray")}


def _plot(f, vars_, ranges, marks, maximum, minimum, path, title=""):
    import numpy as np

    from .plot import mpl
    plt = mpl()

    n = len(vars_)
    names = [v.name for v in vars_]
    # variables beyond the first two are fixed at the first maximum point (or the middle)
    fixed = {}
    for i in range(2, n):
        val = None
        if maximum is not None and maximum.points:
            val = maximum.points[0][i][1].float
        fixed[vars_[i]] = val if val is not None else (ranges[i][0] + ranges[i][1]) / 2
    g = f.xreplace({v: sp.Float(c) for v, c in fixed.items()}) if fixed else f
    shown = vars_[:2]
    fn = sp.lambdify(shown, g, modules=["numpy"])

    def ev(*a):
        with np.errstate(all="ignore"):
            v = fn(*a)
        v = np.asarray(v, dtype=complex) if np.iscomplexobj(v) else np.asarray(v, dtype=float)
        if np.iscomplexobj(v):
            v = np.where(np.abs(v.imag) < 1e-12, v.real, np.nan).astype(float)
        return np.broadcast_to(v, a[0].shape).astype(float)

    if n == 1:
        fig, ax = plt.subplots(figsize=(6.5, 4.5))
        xs = np.linspace(ranges[0][0], ranges[0][1], 600)
        ax.plot(xs, ev(xs), color="k", lw=1.2)
        for pt, kind in marks:
            x = pt[0][1].float
            if x is None:
                continue
            m, c = _MARKS.get(kind, ("o", "k"))
            ax.plot([x], [ev(np.array([x]))[0]], m, color=c, ms=8, label=kind, clip_on=False)
        ax.set_xlabel(names[0])
        ax.set_ylabel(f"f({names[0]})")
        _legend(ax)
        ax.set_title(title)
    else:
        fig = plt.figure(figsize=(12, 5.2) if n == 2 else (7, 5.5))
        ax = fig.add_subplot(1, 2, 1) if n == 2 else fig.add_subplot(1, 1, 1)
        xs = np.linspace(ranges[0][0], ranges[0][1], 241)
        ys = np.linspace(ranges[1][0], ranges[1][1], 241)
        X, Y = np.meshgrid(xs, ys)
        Z = ev(X, Y)
        finite = np.isfinite(Z)
        if finite.any():
            cs = ax.contourf(X, Y, np.where(finite, Z, np.nan), levels=30, cmap="viridis", alpha=0.9)
            ax.contour(X, Y, np.where(finite, Z, np.nan), levels=15, colors="k", linewidths=0.4, alpha=0.6)
            fig.colorbar(cs, ax=ax, shrink=0.85)
        for pt, kind in marks:
            x, y = pt[0][1].float, pt[1][1].float
            if x is None or y is None:
                continue
            if n > 2 and any(pt[i][1].float is None or abs(pt[i][1].float - fixed[vars_[i]]) > 1e-9
                             for i in range(2, n)):
                continue
            m, c = _MARKS.get(kind, ("o", "k"))
            ax.plot([x], [y], m, color=c, mec="k", ms=8, label=kind, clip_on=False, zorder=5)
        for ext, lab, col in ((maximum, "global max", "red"), (minimum, "global min", "blue")):
            if ext is None or not ext.attained:
                continue
            for pt in ext.points:
                x, y = pt[0][1].float, pt[1][1].float
                if n > 2 and any(pt[i][1].float is None or abs(pt[i][1].float - fixed[vars_[i]]) > 1e-9
                                 for i in range(2, n)):
                    continue
                if x is not None and y is not None:
                    ax.plot([x], [y], "o", mfc="none", mec=col, mew=2.2, ms=16, label=lab, clip_on=False, zorder=6)
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        sub = "" if n == 2 else " at " + ", ".join(f"{v.name} = {c:.4g}" for v, c in fixed.items())
        ax.set_title(title + sub, fontsize=10)
        ax.set_xlim(ranges[0])
        ax.set_ylim(ranges[1])
        _legend(ax)
        if n == 2:
            ax3 = fig.add_subplot(1, 2, 2, projection="3d")
            xs3 = np.linspace(ranges[0][0], ranges[0][1], 81)
            ys3 = np.linspace(ranges[1][0], ranges[1][1], 81)
            X3, Y3 = np.meshgrid(xs3, ys3)
            Z3 = ev(X3, Y3)
            ax3.plot_surface(X3, Y3, np.where(np.isfinite(Z3), Z3, np.nan), cmap="viridis", alpha=0.8,
                             linewidth=0, antialiased=True)
            for pt, kind in marks:
                x, y = pt[0][1].float, pt[1][1].float
                if x is None or y is None:
                    continue
                z = ev(np.array([x]), np.array([y]))[0]
                m, c = _MARKS.get(kind, ("o", "k"))
                ax3.scatter([x], [y], [z], marker=m, color=c, edgecolors="k", s=40)
            ax3.set_xlabel(names[0])
            ax3.set_ylabel(names[1])
            ax3.set_zlabel("f")
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return fig


def _legend(ax):
    h, l = ax.get_legend_handles_labels()
    seen = {}
    for hh, ll in zip(h, l):
        seen.setdefault(ll, hh)
    if seen:   # below the axes: the legend never covers a marker
        ax.legend(list(seen.values()), list(seen.keys()), fontsize=8, loc="upper center",
                  bbox_to_anchor=(0.5, -0.13), ncol=min(len(seen), 4), frameon=False)


def plot_box(r, path: Optional[str] = None):
    """Contour map with the candidates marked by kind (and a 3-D surface for two
    variables); saved to ``path`` when given; returns the matplotlib Figure."""
    return _plot(r.function, list(r.variables),
                 [(float(I.start), float(I.end)) for I in r.box],
                 [(c.point, c.kind) for c in r.candidates],
                 r.maximum, r.minimum, path, title=textbook(r.function))


def plot_critical(r, path: Optional[str] = None):
    """Contour map with the critical points marked by kind (and a 3-D surface for two
    variables); saved to ``path`` when given; returns the matplotlib Figure."""
    if r.region:
        ranges = [(float(I.start) if I.start.is_finite else -3.0, float(I.end) if I.end.is_finite else 3.0)
                  for I in r.region]
    else:
        ranges = []
        for i in range(len(r.variables)):
            xs = [c.point[i][1].float for c in r.critical_points if c.point[i][1].float is not None]
            lo, hi = (min(xs), max(xs)) if xs else (0.0, 0.0)
            pad = max(1.0, 0.3 * (hi - lo))
            ranges.append((lo - pad, hi + pad))
    return _plot(r.function, list(r.variables), ranges,
                 [(c.point, c.kind) for c in r.critical_points], None, None, path,
                 title=textbook(r.function))
