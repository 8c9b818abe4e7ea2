"""What results look like (issue 11, items 4 and 6): the user's variable name, complete LaTeX
fragments, plots and their notes, the distribution name, the documented JSON, Jupyter display."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

import calc
from calc.render.notebook import Notebook, markdown_html

REPO = Path(__file__).resolve().parent.parent
t = sp.Symbol("t", real=True)


@pytest.fixture(scope="module")
def results():
    """One result of every type."""
    return {"derivative": calc.derivative("x^3 + 2x^2"),
            "differential": calc.differential("sin(2x + 1)"),
            "increment": calc.differential("x^2 y", at=(1, 2), dx=("1/10", "1/10")),
            "extrema": calc.extrema("t^2 - 2t", on="[0, 3]"),
            "box": calc.extrema("x^2 + y^2", on="x in [-1, 1], y in [0, 2]"),
            "critical": calc.critical_points("x^3 - 3x y + y^3")}


# ------------------------------------------------------------------ the user's variable
def test_the_variable_is_named_as_the_user_wrote_it(results):
    r = results["extrema"]
    f = t ** 2 - 2 * t
    assert max(f.subs(t, p) for p in (0, 1, 3)) == 3 == f.subs(t, 3)     # the oracle: f at the candidates
    text = r.text()
    assert "global maximum: 3 at t = 3" in text and "global minimum: -1 at t = 1" in text
    assert re.search(r"^  t\s+kind\s+f\(t\)$", text, re.MULTILINE)
    assert "  t = 1: local minimum (strict)" in text
    for out in (text, r.markdown(), r.latex()):
        assert not re.search(r"(?<![\\a-z])x(?![a-z])", out), out          # no "x" anywhere
    assert "| t | kind | f(t) |" in r.markdown()
    assert r"\max f = 3 \quad \text{at}\ t = 3" in r.latex()


def test_limits_and_families_use_the_variable():
    r = calc.extrema("1/s", on="[-1, 1]")
    assert "limit s → 0-" in r.text() and "limit x" not in r.text()
    assert "at s = 2π k + π/2, k ∈ ℤ" in calc.extrema("sin s", on="R").text()


def test_nondifferentiable_points_of_a_derivative_name_the_variable():
    assert calc.derivative("|t - 1|").undefined_at[0].text() == "t = 1 (corner; f′₋ = -1, f′₊ = 1)"


# ------------------------------------------------------------------ LaTeX fragments
def _blocks(tex: str) -> list:
    """The display blocks of a fragment; it is nothing else."""
    blocks = re.findall(r"\\\[ (.*?) \\\]", tex, re.DOTALL)
    assert re.sub(r"\\\[ .*? \\\]", "", tex, flags=re.DOTALL).strip() == ""
    return blocks


def _balanced(s: str) -> bool:
    depth = 0
    for c in re.sub(r"\\[{}]", "", s):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _fragments(results):
    out = {k: r.latex() for k, r in results.items() if k not in ("derivative", "differential", "increment")}
    out["derivative"] = results["derivative"].latex(steps=True)
    out["differential"] = results["differential"].latex(steps=True)
    out["increment"] = results["increment"].latex(steps=True)
    out["not attained"] = calc.extrema("1/x", on="[-1, 1]").latex()
    out["cusp"] = calc.extrema("x^(2/3) (x - 5)", on="[-1, 6]").latex()
    out["periodic"] = calc.extrema("sign(sin x)", on="(0, oo)").latex()        # families with k ∈ ℕ₀
    out["root"] = calc.extrema("x^6/6 - x^2/2 - x", on="[-2, 2]").latex()       # r₁ ≈ … (root of …)
    return out


def test_latex_fragments_are_complete(results):
    frags = _fragments(results)
    for name, tex in frags.items():
        blocks = _blocks(tex)
        assert blocks, name
        assert all(_balanced(b) for b in blocks), name
        assert tex.isascii(), name              # pdflatex
        assert all(b.count(r"\begin{") == b.count(r"\end{") for b in blocks), name
    ext = frags["extrema"]
    assert r"t \in \left[0, 3\right]" in ext                                   # the interval
    assert r"\text{domain on the interval:}" in ext                             # the domain
    assert r"\text{local minimum (strict)}" in ext                              # the classification
    assert r"\max f = 3" in ext and r"\min f = -1" in ext                       # the answer
    assert r"t & \text{kind} & f(t)" in ext                                     # the candidates
    assert r"\text{no global maximum: f is unbounded (supremum $\infty$; pole)}" in frags["not attained"]
    assert r"\text{nondifferentiable (cusp)}" in frags["cusp"]
    assert r"\text{simplify}" in frags["derivative"]


@pytest.mark.skipif(shutil.which("pdflatex") is None and shutil.which("latex") is None, reason="no TeX")
def test_latex_fragments_compile(results, tmp_path):
    body = "\n".join(_fragments(results).values())
    (tmp_path / "f.tex").write_text("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n"
                                    f"\\begin{{document}}\n{body}\n\\end{{document}}\n")
    exe = shutil.which("pdflatex") or shutil.which("latex")
    p = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "f.tex"], cwd=tmp_path, check=False,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout[-2000:]


# ------------------------------------------------------------------ plots, their notes, the distribution name
def _cli(capsys, *args):
    from calc.cli import main
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_plot_without_matplotlib_still_answers(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)      # import matplotlib fails
    png = tmp_path / "f.png"
    code, out, err = _cli(capsys, "extrema", "x^3 - 3x", "--on", "[-2, 3]", "--plot", str(png))
    assert code == 0 and "global maximum: 18 at x = 3" in out
    assert 'pip install ".[plot]"' in err and 'pip install "calc-extrema[plot]"' in err
    assert not png.exists() and "Traceback" not in err
    code, out, err = _cli(capsys, "critical", "x^2 + y^2", "--plot", str(png))
    assert code == 0 and "local minimum" in out and 'pip install ".[plot]"' in err


def test_a_written_plot_is_announced(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    png = tmp_path / "f.png"
    code, out, err = _cli(capsys, "extrema", "|x|", "--on", "[-1, 2]", "--plot", str(png))
    assert code == 0 and png.stat().st_size > 1000
    assert f"calc: plot written to {png}" in err and "global maximum: 2 at x = 2" in out


def test_plot_has_labels_and_a_legend_clear_of_the_markers():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt
    fig = calc.extrema("t^3 - 3t", on="[-2, 3]").plot()
    ax = fig.axes[0]
    assert ax.get_xlabel() == "t" and ax.get_ylabel() == "f(t)"
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    axes = ax.get_window_extent()
    assert legend.x0 >= axes.x1                      # outside the axes: it covers no marker
    ends = [ln for ln in ax.lines if len(ln.get_xdata()) == 1 and ln.get_xdata()[0] in (-2.0, 3.0)]
    assert ends and all(not ln.get_clip_on() for ln in ends)     # end markers drawn whole
    lo, hi = ax.get_xlim()
    assert lo < -2 and hi > 3
    plt.close(fig)


def test_distribution_name_agrees():
    from calc.render.plot import DISTRIBUTION, INSTALL_HINT
    pyproject = (REPO / "pyproject.toml").read_text()
    assert re.search(r'^name = "([^"]+)"', pyproject, re.MULTILINE).group(1) == DISTRIBUTION != "calc"
    readme = (REPO / "README.md").read_text()
    assert f"**`{DISTRIBUTION}`**" in readme and 'pip install ".[plot]"' in readme
    assert f'pip install "{DISTRIBUTION}[plot]"' in INSTALL_HINT


# ------------------------------------------------------------------ the JSON contracts are documented
def test_diff_and_differential_json_are_documented(results):
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### JSON of derivatives and differentials"):]
    section = section[:section.index("\n```\n", section.index("```") + 4)]
    keys = set(results["derivative"].to_dict()) | set(calc.derivative("x^x").to_dict()["steps"][0]["nodes"][0])
    keys |= set(results["increment"].to_dict()) | set(results["differential"].to_dict()["steps"]["nodes"][0])
    keys |= set(calc.derivative("|x|").to_dict()["undefined_at"][0])
    missing = [k for k in keys if f'"{k}"' not in section]
    assert not missing, missing


# ------------------------------------------------------------------ Jupyter
def test_every_result_displays_in_jupyter(results):
    for name, r in results.items():
        cls = type(r)
        assert isinstance(r, Notebook), name
        for m in ("_repr_html_", "_repr_latex_", "_repr_markdown_"):   # one mixin, not per class
            assert getattr(cls, m) is getattr(Notebook, m), (name, m)
        assert r._repr_markdown_() == r.markdown() and r._repr_latex_() == r.latex()
        html = r._repr_html_()
        assert html.startswith('<div class="calc-result">') and html.endswith("</div>")
        assert markdown_html(r.markdown()) in html
    html = results["extrema"]._repr_html_()
    assert "<table>" in html and "<th>t</th><th>kind</th><th>f(t)</th>" in html
    assert "global maximum: 3 at t = 3" in html
    assert "<li>$\\frac{d}{dx}\\left[x^{3}\\right] = 3 x^{2}$" in results["derivative"]._repr_html_()


def test_extrema_html_has_the_plot_inline():
    pytest.importorskip("matplotlib")
    r = calc.extrema("x^2", on="[-1, 2]")
    html = r._repr_html_()
    assert html.count("<svg") == 1 and "</svg>" in html
    assert "<svg" not in calc.derivative("x^2")._repr_html_()


def test_markdown_html_lists_and_tables():
    html = markdown_html("**a** & b\n\n| p | q |\n|---|---|\n| $1 < 2$ | r |\n\n- one\n  - two\n- three")
    assert "<p><strong>a</strong> &amp; b</p>" in html
    assert "<th>p</th><th>q</th>" in html and "<td>$1 &lt; 2$</td>" in html
    assert html.count("<ul>") == 2 and html.count("</ul>") == 2 and html.count("<li>") == 3


def test_tour_notebook_runs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(REPO / "docs" / "tour.ipynb", as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    rich = [o for o in outputs if o.output_type == "execute_result" and "text/html" in o.data]
    assert len(rich) >= 5 and all({"text/latex", "text/markdown"} <= set(o.data) for o in rich)
    texts = "".join(o.get("text", "") for o in outputs)
    assert "tensor([5.])" in json.dumps([o.data.get("text/plain", "") for o in outputs if "data" in o])
    assert "u = 2x + 1, du = 2 dx" in texts
