"""calc batch and calc.batch: one JSON answer per query, in input order, each under its own budget.

Values are checked against sympy.diff and hand-derived extrema; the results against what
`calc <op> --format json` prints, in separate processes."""
import io
import json
import subprocess
import sys
import time

import pytest
import sympy as sp

import calc
from calc.cli import main
from calc import batch as engine   # the function; the module is sys.modules["calc.batch"]

B = sys.modules["calc.batch"]
X = sp.Symbol("x")

QUERIES = [
    {"id": "e", "op": "extrema", "f": "x^3 - 3x", "on": "[-2, 3]"},
    {"id": "c", "op": "critical", "f": "x^3 - 3x y + y^3"},
    {"id": "d", "op": "diff", "f": "x^2 sin x", "order": 2},
    {"id": "w", "op": "differential", "f": "x^3", "at": 2, "dx": 0.01},
]
CLI_ARGS = {
    "e": ["extrema", "x^3 - 3x", "--on", "[-2, 3]"],
    "c": ["critical", "x^3 - 3x y + y^3"],
    "d": ["diff", "x^2 sin x", "--order", "2"],
    "w": ["differential", "x^3", "--at", "2", "--dx", "0.01"],
}


def test_each_answer_is_what_the_cli_prints_in_json(monkeypatch, capsys):
    """`calc batch -` (stdin) against `calc <op> ... --format json`."""
    printed = {}
    for k, args in CLI_ARGS.items():
        assert main([*args, "--format", "json"]) == 0
        printed[k] = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(json.dumps(q) for q in QUERIES) + "\n"))
    assert main(["batch", "-", "--jobs", "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["id"] for a in lines] == [q["id"] for q in QUERIES]
    for a in lines:
        assert a["result"] == printed[a["id"]]
    # and the values are right (independent oracles: sympy.diff, the textbook by hand)
    by = {a["id"]: a["result"] for a in lines}
    assert sp.sympify(by["d"]["derivative"]) - sp.diff(X**2 * sp.sin(X), X, 2) == 0
    assert by["e"]["maximum"]["value"]["exact"] == "18" and by["e"]["minimum"]["value"]["exact"] == "-2"
    assert by["w"]["dy"] == "3/25" and by["w"]["increment"] == str(sp.Rational(201, 100)**3 - 8)
    assert {(p["point"]["x"]["exact"], p["point"]["y"]["exact"]) for p in by["c"]["critical_points"]} \
        == {("0", "0"), ("1", "1")}


def test_a_stuck_worker_is_killed_and_replaced(monkeypatch):
    monkeypatch.setattr(B, "seconds_of", lambda q: q["timeout"])   # the parent's deadline: no margin
    monkeypatch.setattr(B, "GRACE", 0.3)
    monkeypatch.setattr(B, "START", 1.0)
    tasks = [(1, {"id": "stuck", "op": "diff", "f": "x", "timeout": 0.2})] + \
            [(k, {"id": k, "op": "diff", "f": "x", "timeout": 60}) for k in range(2, 6)]
    t0 = time.monotonic()
    got = dict(B._pool(tasks, 2, work="tests.batch_work:stuck"))
    assert time.monotonic() - t0 < 60
    assert got[1]["error"]["kind"] == "timeout"
    assert all(got[k] == {"id": k, "result": "fine"} for k in range(2, 6))


def test_pool_keeps_order_answers_bad_lines_and_times_out_alone(tmp_path):
    """--jobs 2: a slow query (tiny timeout) and bad lines do not stop the others; order is kept."""
    src = tmp_path / "q.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "slow", "op": "diff", "f": "x^x^x^x", "order": 12, "timeout": 0.01}),
        "this is not json",
        json.dumps({"id": "p", "op": "diff", "f": "sin(x"}),
        "",
        json.dumps({"op": "integrate", "f": "x"}),
        json.dumps({"id": "t", "op": "diff", "f": "tan x", "tiemout": 3}),
        json.dumps({"id": "ok", "op": "diff", "f": "x^4"}),
        json.dumps({"id": "m", "op": "extrema", "f": "x^2 + y^2", "on": {"x": "[-1, 2]", "y": "[-1, 3]"}}),
    ]) + "\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "calc", "batch", str(src), "--jobs", "2"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    answers = [json.loads(line) for line in p.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["slow", 2, "p", 5, "t", "ok", "m"]
    kinds = {a["id"]: a.get("error", {}).get("kind") for a in answers}
    assert kinds == {"slow": "timeout", 2: "input", "p": "parse", 5: "input", "t": "input", "ok": None,
                     "m": None}
    assert answers[2]["error"]["position"] == 5 and "tiemout" in answers[4]["error"]["message"]
    assert sp.sympify(answers[5]["result"]["derivative"]) == sp.diff(X**4, X)
    assert answers[6]["result"]["maximum"]["value"]["exact"] == "13"


def test_resume_answers_only_what_is_missing(tmp_path):
    src, out = tmp_path / "q.jsonl", tmp_path / "a.jsonl"
    qs = [{"id": k, "op": "diff", "f": f"x^{k}", "steps": False} for k in range(2, 7)]
    src.write_text("".join(json.dumps(q) + "\n" for q in qs), encoding="utf-8")
    done = engine(qs[:2], jobs=1)
    # an interrupted run: two answers and half a line
    out.write_text("".join(json.dumps(a) + "\n" for a in done) + '{"id": 4, "res', encoding="utf-8")
    assert B.run_file(str(src), out=str(out), jobs=1, resume=True) == 0
    answers = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in answers] == [2, 3, 4, 5, 6]
    for a in answers:
        k = a["id"]
        assert sp.sympify(a["result"]["derivative"]) == sp.diff(X**k, X)
        assert a["result"]["steps"] == []


def test_api_ids_timeout_default_and_plain_counter(monkeypatch, capsys):
    got = engine(['{"op": "diff", "f": "x^2"}', "", {"op": "diff", "f": "x y", "var": "y"},
                  {"op": "diff", "f": 1}], jobs=1, timeout=5)
    assert [a["id"] for a in got] == [1, 3, 4]
    assert got[1]["result"]["derivative"] == "x" and got[2]["error"]["kind"] == "input"
    # parameters: given values with let (as --let), or named in the error
    got = engine([{"op": "extrema", "f": "a x^2 - x", "var": "x", "let": {"a": "2"}, "on": "[0, 1]"},
                  {"op": "extrema", "f": "a x^2 - x", "var": "x", "on": "[0, 1]"}], jobs=1)
    r = got[0]["result"]   # 2x² - x on [0, 1]: max f(1) = 1, min f(1/4) = -1/8
    assert (r["maximum"]["value"]["exact"], r["minimum"]["value"]["exact"]) == ("1", "-1/8")
    assert got[1]["error"]["kind"] == "parameter" and "a" in got[1]["error"]["message"]

    class Tty:
        def __init__(self):
            self.text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass

        def isatty(self):
            return True
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.setitem(sys.modules, "tqdm", None)    # no tqdm, no rich: the plain counter
    monkeypatch.setitem(sys.modules, "rich", None)
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"op": "diff", "f": "x"}\n' * 2))
    assert B.run_file("-", jobs=1) == 0
    assert "calc batch: 2/2" in tty.text
    assert [json.loads(line)["result"]["derivative"] for line in capsys.readouterr().out.splitlines()] == ["1", "1"]


def test_resume_needs_an_output_file(tmp_path):
    p = subprocess.run([sys.executable, "-m", "calc", "batch", "-", "--resume"], input="",
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "--out" in p.stderr


def test_on_a_dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        got = calc.batch(QUERIES + ["not json", {"id": "p", "op": "diff", "f": "(x"}], client=client)
    assert [a["id"] for a in got] == ["e", "c", "d", "w", 5, "p"]
    assert sp.sympify(got[2]["result"]["derivative"]) - sp.diff(X**2 * sp.sin(X), X, 2) == 0
    assert got[0]["result"]["maximum"]["value"]["exact"] == "18"
    assert got[4]["error"]["kind"] == "input" and got[5]["error"]["kind"] == "parse"
