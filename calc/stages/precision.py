"""arb's working precision, set for a block (the one context manager calc uses)."""
from __future__ import annotations

from contextlib import contextmanager

from flint import ctx


@contextmanager
def precision(bits: int):
    """Run the block with arb's working precision at ``bits`` (restored afterwards).

    flint's precision is one process-wide setting; the finders set it around each
    ball computation and never rely on it across a solver call.
    """
    old = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = old
