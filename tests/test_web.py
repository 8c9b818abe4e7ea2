"""calc serve: the pages, the JSON API against the command line, errors, escaping, the
queue's 503, the worker killed past its budget, the security headers (Starlette's test client;
skipped without starlette and httpx: pip install "calc[web]" httpx)."""
import re
import threading
import time

import pytest
import sympy as sp

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from calc.cli import main as cli_main  # noqa: E402
from calc.web.app import create_app  # noqa: E402
from calc.web.pool import Pool  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(jobs=2, queue=8)) as c:
        yield c


def _cli_json(capsys, *argv):
    code = cli_main([*argv, "--format", "json"])
    return code, capsys.readouterr().out


# ------------------------------------------------------------------ the JSON API is the CLI's JSON
@pytest.mark.parametrize("op, params, argv", [
    ("extrema", {"f": "x^3 - 3x", "on": "[-2, 3]"}, ["extrema", "x^3 - 3x", "--on", "[-2, 3]"]),
    ("extrema", {"f": "a x^2 - x", "var": "x", "let": "a=2", "on": "[0, 1]"},
     ["extrema", "a x^2 - x", "--var", "x", "--let", "a=2", "--on", "[0, 1]"]),
    ("diff", {"f": "x^2 sin x", "order": "2"}, ["diff", "x^2 sin x", "--order", "2"]),
    ("differential", {"f": "x^3", "at": "2", "dx": "0.01"}, ["differential", "x^3", "--at", "2", "--dx", "0.01"]),
    ("critical", {"f": "x^3 - 3x y + y^3"}, ["critical", "x^3 - 3x y + y^3"]),
    ("diff", {"f": "x^2 +* 1"}, ["diff", "x^2 +* 1"]),
])
def test_api_is_the_cli_json(client, capsys, op, params, argv):
    r = client.get(f"/api/{op}", params=params)
    code, out = _cli_json(capsys, *argv)
    assert r.headers["content-type"].startswith("application/json")
    assert r.text == out, "the API must print exactly what calc … --format json prints"
    assert r.status_code == (200 if code in (0, 3) else 400)


def test_api_values_against_sympy(client):
    r = client.get("/api/diff", params={"f": "x^2 sin x + e^(3x)"}).json()
    x = sp.Symbol("x")
    expected = sp.diff(x**2 * sp.sin(x) + sp.exp(3 * x), x)
    assert sp.simplify(sp.sympify(r["derivative"], locals={"x": x}) - expected) == 0
    e = client.get("/api/extrema", params={"f": "x^3 - 3x", "on": "[-2, 3]"}).json()
    grid = [-2 + 5 * k / 5000 for k in range(5001)]
    values = [t**3 - 3 * t for t in grid]
    assert e["maximum"]["value"]["float"] == pytest.approx(max(values), abs=1e-9)
    assert e["minimum"]["value"]["float"] == pytest.approx(min(values), abs=1e-6)
    assert e["status"] == "ok"


# ------------------------------------------------------------------ errors
def test_errors_are_json_with_400(client):
    r = client.get("/api/extrema", params={"f": "sin(x", "on": "[0, 1]"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["kind"] == "parse" and err["position"] is not None and err["message"]
    for params, word in [({"f": "x", "on": "[0, 1]"}, "no option 'on'"), ({"f": "x", "order": "two"}, "whole number"),
                         ({"f": ""}, "no function")]:
        r = client.get("/api/diff", params=params)
        assert r.status_code == 400 and word in r.json()["error"]["message"] and r.json()["error"]["kind"] == "usage"
    assert client.get("/api/integrate", params={"f": "x"}).status_code == 400
    r = client.get("/api/extrema", params={"f": "x^2", "timeout": "1e6"})
    assert r.status_code == 400 and "timeout" in r.json()["error"]["message"]


def test_input_past_the_parser_limit_is_refused(client):
    from calc.parsing import MAX_LENGTH
    r = client.get("/api/diff", params={"f": "x+" * (MAX_LENGTH // 2) + "x"})
    assert r.status_code == 413 and r.json()["error"]["kind"] == "input"
    assert client.get("/", params={"op": "diff", "f": "1" * (MAX_LENGTH + 1)}).status_code == 413


def test_error_page_marks_the_position(client):
    r = client.get("/", params={"op": "diff", "f": "x^2 +* 1"})
    assert r.status_code == 400
    assert "<mark>*</mark>" in r.text and "parse error" in r.text


# ------------------------------------------------------------------ pages
def test_query_page(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<form class="query"' in r.text and 'name="f"' in r.text and 'name="on"' in r.text
    assert 'name="viewport"' in r.text and "/static/calc.css" in r.text
    for name, kind in (("calc.css", "text/css"), ("calc.js", "text/javascript")):
        s = client.get(f"/static/{name}")
        assert s.status_code == 200 and s.headers["content-type"].startswith(kind)
    assert "@media (max-width" in client.get("/static/calc.css").text   # the phone layout


def test_extrema_page(client):
    r = client.get("/", params={"op": "extrema", "f": "e^x - 3x^2", "on": "[-1, 4]"})
    assert r.status_code == 200
    page = r.text
    reading, answer = page.index('class="reading"'), page.index('class="answer"')
    assert reading < answer, "the reading of the input comes before the answer"
    assert "<math" in page[reading:answer]
    assert "<table>" in page and "endpoint" in page and "stationary" in page and "local maximum (strict)" in page
    assert 'href="/api/extrema?f=e%5Ex+-+3x%5E2&amp;on=%5B-1%2C+4%5D"' in page
    m = re.search(r"global minimum: (-7\.\d+) \(certified in \[(-7\.\d+), (-7\.\d+)\]\)", page)
    assert m, "the minimum with its certified enclosure"
    import mpmath   # the oracle: f at the root of f' = e^x - 6x near 2.83, 30 digits
    with mpmath.workdps(30):
        t = mpmath.findroot(lambda t: mpmath.exp(t) - 6 * t, 2.8)
        v = mpmath.exp(t) - 3 * t**2
    assert float(m.group(2)) <= v <= float(m.group(3))
    pytest.importorskip("matplotlib")
    assert '<section class="plot">' in page and "<svg" in page


def test_steps_link_to_table_rows(client):
    page = client.get("/", params={"op": "diff", "f": "x^2 sin x"}).text
    assert '<details class="steps">' in page
    links = re.findall(r'<a class="rule" href="(/tables/[^"#]+)#([^"]+)">', page)
    assert ("/tables/table2-2.en.html", "2-2.3") in links and ("/tables/table2-1.en.html", "2-1.3") in links
    for path, row in set(links):
        table = client.get(path)
        assert table.status_code == 200 and f'<tr id="{row}">' in table.text


def test_tables_pages(client):
    index = client.get("/tables/")
    assert index.status_code == 200
    for name in re.findall(r'href="/tables/([^"]+\.html)"', index.text):
        t = client.get(f"/tables/{name}")
        assert t.status_code == 200 and "<math" in t.text and 'href="/"' in t.text
    zh = client.get("/tables/table2-1.zh.html").text
    assert "表2-1" in zh and 'lang="zh-Hans"' in zh
    assert client.get("/tables/table2-2.en.csv").headers["content-type"].startswith("text/csv")
    assert client.get("/tables/nothing.html").status_code == 404


# ------------------------------------------------------------------ escaping and headers
def test_user_text_is_escaped(client):
    attack = "<script>alert(1)</script>"
    r = client.get("/", params={"op": "diff", "f": attack})
    assert r.status_code == 400
    assert attack not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    r = client.get("/", params={"op": "extrema", "f": "x^2", "on": '"><script>alert(1)</script>'})
    assert "<script>alert" not in r.text and 'value="&quot;&gt;&lt;script&gt;' in r.text
    scripts = re.findall(r"<script[^>]*>", r.text)
    assert scripts and all('src="/static/' in s for s in scripts), "no inline script"


def test_security_headers_everywhere(client):
    for path in ("/", "/api/diff?f=x", "/api/diff?f=(", "/tables/table2-1.en.html", "/nothing"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"


def test_other_host_names_refused_when_bound_to_localhost():
    app = create_app(jobs=1, allowed_hosts=["127.0.0.1", "localhost"])
    assert TestClient(app, base_url="http://evil.example").get("/").status_code == 400
    assert TestClient(app, base_url="http://localhost:8000").get("/").status_code == 200


# ------------------------------------------------------------------ load: the queue and the budget
def _job(name):
    from tests import web_work
    return getattr(web_work, name)


def _slow_app(budget=None, grace=30.0):
    """One worker, no queue; a query sleeps f seconds (its budget: f, or ``budget``)."""
    seconds = (lambda q: budget) if budget is not None else (lambda q: float(q["f"]))
    pool = Pool(jobs=1, queue=0, answer=_job("slow"), warm=_job("warm"), seconds_of=seconds, grace=grace)
    return create_app(pool=pool)


def test_full_queue_answers_503_with_retry_after():
    with TestClient(_slow_app()) as c:
        first = {}
        t = threading.Thread(target=lambda: first.update(r=c.get("/api/diff", params={"f": "0.8"})))
        t.start()
        while c.get("/status").json()["admitted"] < 1:   # the slow query holds the one worker
            time.sleep(0.02)
        busy = c.get("/api/diff", params={"f": "0"})
        page = c.get("/", params={"op": "diff", "f": "0"})
        t.join()
    assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
    assert busy.json()["error"]["kind"] == "busy"
    assert page.status_code == 503 and int(page.headers["retry-after"]) >= 1
    assert first["r"].status_code == 200 and first["r"].json() == {"slept": 0.8}


def test_worker_past_its_budget_is_killed_and_replaced():
    with TestClient(_slow_app(budget=0.2, grace=0.2)) as c:
        pid = c.get("/api/diff", params={"f": "0"}).json()
        late = c.get("/api/diff", params={"f": "3600"})     # stuck: never answers by itself
        after = c.get("/api/diff", params={"f": "0"})
        status = c.get("/status").json()
    assert pid == {"slept": 0.0}
    assert late.status_code == 504 and late.json()["error"]["kind"] == "timeout"
    assert after.status_code == 200 and after.json() == {"slept": 0.0}, "a new worker took over"
    assert status["killed"] == 1
