"""A job for calc.batch's worker processes in tests (kept apart: the workers import only this)."""
import time


def stuck(q):
    """Never returns for the query with id "stuck" (as a solver stuck in C code would)."""
    if q["id"] == "stuck":
        time.sleep(3600)
    return {"id": q["id"], "result": "fine"}
