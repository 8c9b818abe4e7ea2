"""Jobs for calc serve's worker processes in tests (kept apart: the workers import only this)."""
import os
import time


def slow(q):
    """Sleeps for q["f"] seconds (a number), as a long query would, then answers."""
    time.sleep(float(q["f"]))
    return {"status": 200, "data": {"slept": float(q["f"])}, "html": "<p>slept</p>"}


def warm():
    return os.getpid()
