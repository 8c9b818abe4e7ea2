"""JSON of a result (the README's contract: ``to_dict()`` with two-space indent)."""
from __future__ import annotations

import json


def to_json(result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
