"""Stage: the classification of critical points, for one and several variables.

* one_variable.py: the first-derivative sign test on the gaps between
  candidates, the second- and higher-derivative tests, jumps compared with the
  one-sided limits.
* hessian.py: several variables, the Hessian at a critical point
  (Sylvester's leading principal minors, eigenvalue signs by Descartes' rule),
  exact or certified in ball arithmetic.
* higher.py: several variables, beyond the Hessian: the lowest non-zero Taylor
  term, sums of even powers, restriction to lines.
* words.py: how the tests write expressions and directions in their reasons.

The several-variable tests are mixins of the classifier in
:mod:`calc.multivariate.classify`, which supplies ``self.f``, ``self.vars``,
``self.n``, ``self.E`` (the solving context: ``run``, ``simp``, ``is_zero``,
``ball``, ``compile``, ``bits``, ``left``) and ``hess_at`` (the Hessian at a point,
with the branches of |u|, max, min).
"""
from .one_variable import classify

__all__ = ["classify"]
