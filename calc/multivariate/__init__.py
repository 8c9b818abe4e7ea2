"""Functions of several variables: critical points, their classification, and
global extrema on boxes.

The textbook's rule (MISSION §4): an extremum of f(x, y, ...) lies only where
the gradient is zero or where f is not differentiable; on a closed box the
global maximum and minimum exist (f continuous) and are attained at such
points inside the box or on its boundary.

* :func:`critical_points` (critical.py) solves ∇f = 0 exactly where sympy can
  (Gröbner bases for polynomial systems (groebner.py), one-variable equations
  (solve_1d.py), triangular back-substitution (systems.py)), otherwise with a
  Krawczyk/interval-Newton test in ball arithmetic (the root isolation stage
  calc.stages.roots, glued in certify.py; balls from calc.stages.balls)
  that proves each reported enclosure holds exactly one solution.  The
  gradient comes from calc's own differentiator, so it is undefined at kinks.
  Points where f is not differentiable come from the rules' conditions
  (kinks.py): f is restricted to each ridge (|u| with u = 0, ties of max/min,
  the vertex of a cone) and optimised along it.  Each point is classified by
  the Hessian (calc.stages.classify.hessian: Sylvester's leading principal
  minors, eigenvalue signs by Descartes' rule), then by the lowest non-zero
  Taylor term or by restriction to lines (calc.stages.classify.higher), or by
  directional derivatives (directional.py); classify.py is the glue, and the
  result says which argument decided.
* :func:`extrema_box` (box_extrema.py) finds the global maximum and minimum on
  a closed box: the interior, then every face (faces.py: the restriction of f
  to a face is the same problem in fewer variables), edges and corners; the
  candidate values are compared exactly or with certified enclosures
  (compare.py), and every point attaining the optimum is reported.

Results are data (results.py, in the result family of calc.results.Result);
renderers are calc/render/several.py and calc/render/plot_several.py.
"""
from ..stages.intervals import parse_box
from .box_extrema import extrema_box
from .critical import critical_points
from .results import BoxCandidate, BoxExtremaResult, BoxExtremum, CriticalPoint, CriticalPointsResult

__all__ = ["parse_box", "extrema_box", "critical_points", "BoxExtremaResult",
           "CriticalPointsResult", "BoxExtremum", "BoxCandidate", "CriticalPoint"]
