"""calc serve in a real browser (Playwright driving headless Chromium): type a query, submit,
see the answer and the plot, open the steps, follow a rule link to its table row, switch to
Chinese, a phone-sized viewport.  Skipped without playwright (pip install "calc[browser]") or a
Chromium (``playwright install chromium``, or the system's /usr/bin/chromium), and unless asked
for with CALC_BROWSER_TESTS=1 or CALC_SCREENSHOTS (a browser and a server take some 15 s: the
main suite stays fast).  Screenshots go to a temporary folder, or to the folder CALC_SCREENSHOTS
names (docs/ for the README):

    CALC_SCREENSHOTS=docs python -m pytest tests/test_web_browser.py
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

if not (os.environ.get("CALC_BROWSER_TESTS") or os.environ.get("CALC_SCREENSHOTS")):
    pytest.skip("browser tests run with CALC_BROWSER_TESTS=1 (or CALC_SCREENSHOTS=folder)", allow_module_level=True)
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "calc", "serve", "--port", str(port), "--jobs", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/status", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("calc serve exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
                time.sleep(0.1)
        else:
            pytest.fail("calc serve did not start within a minute")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    exe = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=exe) if exe else pw.chromium.launch()
        except sync_api.Error as exc:   # no browser installed: nothing to drive
            pytest.skip(f"no Chromium for Playwright: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    where = os.environ.get("CALC_SCREENSHOTS")
    out = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _watch(page):
    """Console errors of the page (a Content-Security-Policy violation shows up here)."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_query_answer_plot_steps_tables(server, browser, shots):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors = _watch(page)
    page.goto(server + "/")
    page.check("input[name=op][value=extrema]")
    assert page.is_visible("input[name=on]") and not page.is_visible("input[name=order]")
    page.fill("input[name=f]", "x^3 - 3x")
    page.fill("input[name=on]", "[-2, 3]")
    page.click("button[type=submit]")
    page.wait_for_selector("section.answer")
    answer = page.inner_text("section.answer")
    assert "global maximum: 18 at x = 3" in answer and "global minimum: -2 at x = -2, x = 1" in answer
    assert page.is_visible("section.reading math")
    box = page.locator("section.plot svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150, "the plot is drawn"
    page.screenshot(path=str(shots / "web-extrema.png"), full_page=True)

    page.goto(server + "/")
    page.check("input[name=op][value=diff]")
    assert page.is_visible("input[name=order]") and not page.is_visible("input[name=on]")
    page.fill("input[name=f]", "x^2 sin x")
    page.press("input[name=f]", "Enter")
    page.wait_for_selector("details.steps")
    assert not page.is_visible("details.steps a.rule")
    page.click("details.steps summary")
    assert page.is_visible("details.steps a.rule")
    page.screenshot(path=str(shots / "web-steps.png"), full_page=True)
    page.click("details.steps a.rule:text('2-2.3')")
    page.wait_for_url("**/tables/table2-2.en.html#2-2.3")
    row = page.locator("tr:target")
    assert row.count() == 1 and row.get_attribute("id") == "2-2.3"
    page.click("nav a:text('中文')")
    page.wait_for_url("**/tables/table2-2.zh.html")
    assert "表2-2" in page.inner_text("h1")
    page.screenshot(path=str(shots / "web-table-zh.png"))
    assert errors == [], errors
    page.close()


def test_phone_viewport(server, browser, shots):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    errors = _watch(phone)
    phone.goto(server + "/?op=extrema&f=e%5Ex+-+3x%5E2&on=%5B-1%2C+4%5D")
    phone.wait_for_selector("section.answer")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    assert phone.locator("section.plot svg").bounding_box()["width"] <= 390
    phone.locator("section.reading").scroll_into_view_if_needed()
    phone.evaluate("document.querySelector('section.reading').scrollIntoView()")
    phone.screenshot(path=str(shots / "web-phone.png"), full_page=False)
    phone.goto(server + "/tables/table2-1.en.html")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [], errors
    phone.close()
