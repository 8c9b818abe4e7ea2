"""Stage: the forms a result is shown in (f′ simplified within a budget).

Run when a result is rendered as text, Markdown or LaTeX (not for JSON, whose
contract is f′ as computed), so that renderers only format.
"""
from __future__ import annotations

import dataclasses

from ..derivative import simplify_display


def for_display(result):
    """The result with ``derivative_display`` filled in (unchanged when it already is)."""
    if result.derivative_display is not None:
        return result
    return dataclasses.replace(result, derivative_display=simplify_display(result.derivative, 1.0))
