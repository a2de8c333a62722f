"""Real-browser fixtures: one `streamlit run` server and one Chromium for the whole session.

Every page is opened in a browser tab whose network is fenced to this machine:
a request to any host other than 127.0.0.1/localhost is aborted and recorded, so a test
can assert the dashboard needs nothing from the internet. Console errors, uncaught page
errors and JavaScript dialogs are recorded too.

Playwright's sync API runs its callbacks (the route handler among them) only while the
test is inside a Playwright call: never `time.sleep` with a page open, or fenced requests
stall. Wait with `expect(...)` or a `wait_for_*` on the condition awaited; a bounded
`page.wait_for_timeout` only gives something that must NOT happen a chance to (a named
constant, saying why no condition can be awaited instead).
"""

from __future__ import annotations

import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import DATA_DIR, REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
STARTUP_TIMEOUT = 60          # seconds for the server to answer its health check
WAIT_TIMEOUT = 30_000         # milliseconds, the bound on every wait in these tests

# Streamlit's frontend finds its base path by probing `<page path>/_stcore/health` and
# `/_stcore/host-config` before falling back to `/`; on any page other than the root the
# first probes answer 404, which Chromium logs as a console error. That is the framework's
# discovery, not a fault of the app, so exactly those two 404s are not counted.
BASE_PATH_PROBE = re.compile(r"^https?://[^/]+/[^?#]+/_stcore/(health|host-config)(\?.*)?$")


# ---------------------------------------------------------------------------------------
# The data, read independently of the app (csv module only), for expected values.
# ---------------------------------------------------------------------------------------

def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def figures_by_id() -> dict[str, dict[str, str]]:
    return {row["figure_id"]: row for row in read_csv("figures.csv")}


def source_labels() -> dict[str, str]:
    """source_id -> the short label the dashboard prints after "Source:"."""
    return {row["source_id"]: row["short_label"] for row in read_csv("sources.csv")}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def latest_version() -> dict[str, str]:
    return max(read_csv("versions.csv"), key=lambda row: _version_key(row["version"]))


def usd(value: str) -> str:
    return f"${float(value):,.0f}"


def usd_hour(value: str) -> str:
    return f"${float(value):,.2f}"


def percent(value: str) -> str:
    return f"{float(value):g}%"


def thousands(value: str) -> str:
    return f"{float(value):,.1f} thousand"


# ---------------------------------------------------------------------------------------
# Server and browser
# ---------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except OSError:
        return False


@contextmanager
def streamlit_server(log_name: str = "streamlit-server.log", env: dict[str, str] | None = None):
    """`streamlit run dashboard.py` on a free port, its output in ARTIFACTS/log_name; yields its base URL
    once it answers its health check and kills its process group on exit. `env` (None: this process's
    environment) is the server's whole environment, e.g. {**os.environ, "MBCSTATS_DATA_DIR": ...}."""
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # each worker of a parallel run starts servers of its own
    log_path = ARTIFACTS / (f"{worker}-{log_name}" if worker else log_name)
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)  # its own process group, so teardown can end it and any children
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(base):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode} before answering; "
                            f"log:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer {base}/_stcore/health within {STARTUP_TIMEOUT} s; "
                            f"log:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.25)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def server():
    """`streamlit run dashboard.py` on a free port; yields its base URL, kills its process group at the end."""
    with streamlit_server() as base:
        yield base


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


# ---------------------------------------------------------------------------------------
# One fenced, recorded browser context per opened page
# ---------------------------------------------------------------------------------------

@dataclass
class OpenedPage:
    """A page (its own tab and Streamlit session), with everything the fence and the listeners recorded."""

    name: str
    page: object
    context: object
    width: int
    scheme: str
    owns_context: bool = True
    blocked: list[str] = field(default_factory=list)          # requests that tried to leave this machine
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded", timeout=WAIT_TIMEOUT)
        wait_rendered(self.page)

    def problems(self) -> list[str]:
        """Everything that makes a render unclean; an empty list means clean."""
        found = [f"request left localhost (aborted): {url}" for url in self.blocked]
        found += [f"console error: {text}" for text in self.console_errors]
        found += [f"page error: {text}" for text in self.page_errors]
        found += [f"dialog opened: {text}" for text in self.dialogs]
        exceptions = self.page.locator('[data-testid="stException"]')
        found += [f"st.exception on page: {text[:300]}" for text in exceptions.all_inner_texts()]
        return found

    def close(self) -> None:
        if self.owns_context:
            self.context.close()
        else:
            self.page.close()


def new_context(browser, width: int = 1280, scheme: str = "light", height: int | None = None):
    context = browser.new_context(viewport={"width": width, "height": height or (844 if width < 600 else 900)},
                                  color_scheme=scheme, accept_downloads=True, service_workers="block")
    context.set_default_timeout(WAIT_TIMEOUT)
    return context


def new_page(browser, name: str = "page", width: int = 1280, scheme: str = "light", context=None) -> OpenedPage:
    """A fenced, recorded page: in a fresh context of its own, or as a new tab of `context`
    (a tab of a shared context reuses its HTTP cache, so the app's scripts load faster)."""
    owns_context = context is None
    if owns_context:
        context = new_context(browser, width, scheme)
    page = context.new_page()
    opened = OpenedPage(name, page, context, width, scheme, owns_context)

    def fence(route):
        url = route.request.url
        if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            opened.blocked.append(url)
            route.abort()

    def on_console(message):
        if message.type != "error":
            return
        location = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and "404" in message.text \
                and BASE_PATH_PROBE.match(location):
            return
        opened.console_errors.append(f"{message.text} (at {location or 'unknown'})")

    def on_websocket(websocket):
        # page.route does not see WebSockets; record any that leave this machine.
        if urlparse(websocket.url).hostname not in LOCAL_HOSTS:
            opened.blocked.append(websocket.url)

    def on_dialog(dialog):
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.route("**/*", fence)
    page.on("console", on_console)
    page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
    page.on("websocket", on_websocket)
    page.on("dialog", on_dialog)
    return opened


@pytest.fixture(scope="session")
def shared_context(browser):
    """shared_context(width, scheme): one browser context per viewport and colour scheme for the session."""
    contexts = {}

    def get(width: int = 1280, scheme: str = "light"):
        if (width, scheme) not in contexts:
            contexts[(width, scheme)] = new_context(browser, width, scheme)
        return contexts[(width, scheme)]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_page(browser, server, shared_context):
    """open_page(path, width=1280, scheme="light", fresh=True) -> OpenedPage, rendered.

    fresh=True: a browser context of its own (nothing shared with any other page: a cold link).
    fresh=False: a new tab of the session's shared context for that width and scheme (its own
    Streamlit session, but a warm HTTP cache, so it loads faster). Closed after the test.
    """
    opened_pages: list[OpenedPage] = []

    def factory(path: str, width: int = 1280, scheme: str = "light", fresh: bool = True,
                name: str | None = None) -> OpenedPage:
        context = None if fresh else shared_context(width, scheme)
        opened = new_page(browser, name or path, width, scheme, context=context)
        opened_pages.append(opened)
        opened.goto(server + path)
        return opened

    yield factory
    for opened in opened_pages:
        opened.close()


@pytest.fixture
def page_factory(open_page):
    """The same factory as open_page, under its other name."""
    return open_page


# ---------------------------------------------------------------------------------------
# Waiting for Streamlit
# ---------------------------------------------------------------------------------------

_IDLE = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const ready = !!app && !!main
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && document.fonts.status === 'loaded'
    && main.querySelector('h1') !== null
    && plots.every(plot => plot.querySelector('svg.main-svg') !== null);
  const state = window.__mbcIdle || (window.__mbcIdle = {signature: null, stable: 0});
  if (!ready) { state.signature = null; state.stable = 0; return false; }
  // Idle means: not running, and nothing on the page changed over three polls (0.3 s).
  const signature = main.innerText.length + '/' + plots.length + '/' + document.querySelectorAll('.main-svg .trace').length;
  if (signature === state.signature) { state.stable += 1; } else { state.signature = signature; state.stable = 0; }
  return state.stable >= 3;
}
"""


_DRAWN = """
() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'
  && [...document.querySelectorAll('.js-plotly-plot')].every(plot => plot.querySelector('svg.main-svg .cartesianlayer'))
"""


def wait_rendered(page, timeout: int = WAIT_TIMEOUT) -> None:
    """The app shell, then a finished script run with its title, no skeletons and every chart drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.evaluate("() => { window.__mbcIdle = null; }")
    page.wait_for_function(_IDLE, polling=100, timeout=timeout)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


# The main area has taken the window's new height and kept its size over two animation frames, so the taller
# layout has been laid out and painted (polled every frame; the state is reset before each wait).
_PAINTED_AT = """
(height) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || window.innerHeight !== height) { return false; }
  const size = main.clientWidth + 'x' + main.clientHeight + '/' + main.scrollHeight;
  const state = window.__mbcPainted || (window.__mbcPainted = {size: null, frames: 0});
  if (size === state.size) { state.frames += 1; } else { state.size = size; state.frames = 0; }
  return state.frames >= 2;
}
"""


def screenshot_full(page, path: Path, max_height: int = 12_000) -> None:
    """A screenshot of the whole page. Streamlit scrolls inside stMain, not the document, so
    full_page=True would stop at the viewport: grow the viewport to the content instead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : 0; }")
    taller = max(viewport["height"], min(height + 40, max_height))
    page.set_viewport_size({"width": viewport["width"], "height": taller})
    try:
        page.wait_for_function(_DRAWN, polling=100, timeout=WAIT_TIMEOUT)
        page.evaluate("() => { window.__mbcPainted = null; }")
        page.wait_for_function(_PAINTED_AT, arg=taller, polling="raf", timeout=WAIT_TIMEOUT)
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(viewport)


@pytest.fixture(scope="module")
def module_context(browser):
    """One browser context for a module's pages (each is its own tab and session; the HTTP cache is shared)."""
    context = new_context(browser)
    yield context
    context.close()
