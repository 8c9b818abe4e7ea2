"""pytest at the root: calc/web/app.py needs Starlette (the optional extra calc[web]); without it
its module is not collected for doctests (tests/test_web.py skips itself)."""
import importlib.util

collect_ignore = [] if importlib.util.find_spec("starlette") else ["calc/web/app.py"]
