"""The dashboard behind nginx as deploy/serve runs it: every response carries the security headers, every
page works in Chromium under its Content-Security-Policy with no violation, and another origin cannot frame it.

The layout is started once for the module with `deploy/serve start` on free loopback ports and stopped after.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import REPO_ROOT, WAIT_TIMEOUT, _free_port, new_page, wait_rendered
from tests.browser.test_pages import PAGES

pytestmark = pytest.mark.browser

SERVE = REPO_ROOT / "deploy" / "serve"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")
# Records every CSP violation in the page (some, such as a refused WebAssembly compile, print nothing to the console).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (at ${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """`deploy/serve start` on two free loopback ports; yields nginx's base URL, `deploy/serve stop` after."""
    run_dir = tmp_path_factory.mktemp("serve")
    port = _free_port()
    app_port = _free_port()
    while app_port == port:
        app_port = _free_port()
    env = {**os.environ, "PYTHON": sys.executable}
    try:
        started = subprocess.run(
            [SERVE, "start", "--host", "127.0.0.1", "--port", str(port), "--app-port", str(app_port),
             "--run-dir", str(run_dir)], env=env, capture_output=True, text=True, timeout=120)
        assert started.returncode == 0, f"deploy/serve start failed:\n{started.stdout}{started.stderr}"
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([SERVE, "stop", "--run-dir", str(run_dir)], env=env, timeout=60)


def get(url: str):
    """(response headers, body) of a plain GET; an HTTP error status is a response like any other here."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.headers, error.read()


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name.lower()] = sources
    return directives


def test_every_response_carries_the_security_headers(proxy):
    _, index = get(proxy + "/")
    script = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', index).group(1).decode()
    for path in ["/", "/pay", "/" + script, "/_stcore/health", "/media/no-such-file.png"]:
        headers, _ = get(proxy + path)
        for name in SECURITY_HEADERS:
            assert len(headers.get_all(name) or []) == 1, f"{path}: {name} sent {headers.get_all(name)}"
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        csp = csp_directives(headers["Content-Security-Policy"])
        assert csp["frame-ancestors"] == ["'self'"], path
        assert csp["default-src"] == ["'self'"], path
        assert csp["object-src"] == ["'none'"], path
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"], path
        assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"], path
        # Nothing from another origin: only keywords and hashes, and data: for images and fonts.
        for directive, sources in csp.items():
            for source in sources:
                allowed = source.startswith("'") or (source == "data:" and directive in ("img-src", "font-src"))
                assert allowed, f"{path}: {directive} allows {source}"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_works_under_the_policy(proxy, browser, shared_context, name):
    """Through nginx: the page renders over its websocket, every chart draws, every table behind a chart opens,
    every download downloads, and the browser records no CSP violation and no request off this machine."""
    expected = PAGES[name]
    opened = new_page(browser, name, context=shared_context(1280, "light"))
    page = opened.page
    sockets = []
    page.on("websocket", lambda websocket: sockets.append(websocket.url))
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        opened.goto(proxy + expected["path"])
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == expected["title"]
        assert set(sockets) == {proxy.replace("http://", "ws://") + "/_stcore/stream"}, sockets

        charts = page.locator(".js-plotly-plot")
        assert charts.count() == expected["charts"]
        traces = [charts.nth(i).locator(".main-svg .trace").count() for i in range(charts.count())]
        assert all(traces), f"a chart drew no trace: {traces}"
        if name == "places":
            assert max(traces) > 50, f"the state map drew no outlines: {traces}"

        tables = page.locator('[data-testid="stExpander"]').filter(has_text="Data behind this chart")
        for i in range(tables.count()):
            tables.nth(i).locator("summary").click()
            tables.nth(i).locator('[data-testid="stDataFrame"]').wait_for(state="visible")
        wait_rendered(page)

        buttons = page.locator('[data-testid="stDownloadButton"] button')
        assert buttons.count() >= expected["downloads"]
        for i in range(buttons.count()):
            buttons.nth(i).scroll_into_view_if_needed()
            with page.expect_download(timeout=WAIT_TIMEOUT) as info:
                buttons.nth(i).click()
            assert info.value.failure() is None, info.value.failure()
        wait_rendered(page)  # and a moment of quiet, for late reports

        assert page.evaluate("window.__cspViolations") == []
        assert opened.problems() == []
    finally:
        opened.close()


@pytest.fixture
def other_origin(proxy):
    """A page on another loopback port (so another origin) that puts the dashboard in an iframe."""
    html = f'<!doctype html><title>framer</title><iframe src="{proxy}/" width="800" height="600"></iframe>'.encode()

    class Framer(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Framer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_another_origin_cannot_frame_the_dashboard(browser, proxy, other_origin):
    opened = new_page(browser, "framer")
    page = opened.page
    try:
        # Chromium refuses the frame's response: the request fails, the frame shows an error page instead.
        with page.expect_event("requestfailed", lambda request: request.url == proxy + "/",
                               timeout=WAIT_TIMEOUT) as refused:
            page.goto(other_origin, wait_until="domcontentloaded", timeout=WAIT_TIMEOUT)
        assert refused.value.failure == "net::ERR_BLOCKED_BY_RESPONSE", refused.value.failure
        frame = page.frame_locator("iframe")
        assert frame.locator('[data-testid="stApp"]').count() == 0
        assert opened.blocked == []
    finally:
        opened.close()
