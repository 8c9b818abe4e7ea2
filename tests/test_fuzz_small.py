"""A small random-expression property test (issue 10): the generator and the independent 30-digit
oracle of benchmarks/fuzz.py (tests/fuzz_oracle.py), on depth-2 trees over the Table 2-1 functions.
calc may leave an extremum undecided, never answer it wrongly or crash."""
from hypothesis import HealthCheck, given, settings

import calc
from tests.fuzz_oracle import cases, judge


@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(cases(depth=2))
def test_random_expressions_are_never_wrong(case):
    try:
        result, error = calc.extrema(case.text, on=case.on, timeout=3), None
    except Exception as exc:  # noqa: BLE001 - judged below: a clean calc error or a crash
        result, error = None, exc
    category, detail = judge(case, result, error, clean_errors=(calc.CalcError,), grid=400)
    assert category in ("correct", "undecided"), f"{category}: {case.reproducer()}  # {detail}"
