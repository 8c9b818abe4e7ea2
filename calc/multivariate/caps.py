"""Limits of the several-variable finders (sizes, counts, default search box)."""
from __future__ import annotations

MAX_EXACT_CHARS = 160        # longer exact forms are shown as certified enclosures
MAX_BRANCHES = 64            # sign branches of |u|, max, min explored exactly
MAX_COMBOS = 256             # factor combinations of a gradient system
MAX_STRATA = 400             # restrictions (faces x ridges) examined
MAX_BOXES = 6000             # Krawczyk subdivision boxes per system
MAX_ROOTS = 200              # certified roots kept per system
DEFAULT_SEARCH = 10          # numeric search box [-10, 10]^n when none is given
