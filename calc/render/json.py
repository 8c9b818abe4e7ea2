"""JSON of a result (the README's contract): ``to_data`` is the one place that turns any result
(extrema, critical points, derivative, differential) into its JSON data — what
``calc … --format json`` prints (two-space indent) and what each ``calc batch`` answer holds."""
from __future__ import annotations

import json


def to_data(result, **options) -> dict:
    """The JSON contract of a result as plain data (``options``: e.g. ``steps`` of a derivative)."""
    return result.to_dict(**options)


def to_json(result, **options) -> str:
    return json.dumps(to_data(result, **options), ensure_ascii=False, indent=2)
