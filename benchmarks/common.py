"""Shared helpers for the dashboard benchmarks (speed.py, load.py); run by hand, not by pytest.

- `Server`: `streamlit run SCRIPT` on a free loopback port, in its own process group, ready once
  `/_stcore/health` answers "ok"; stopped (SIGTERM, then SIGKILL) on exit. Its pid is the
  streamlit process itself, so /proc/<pid>/status VmRSS is the server's resident memory.
- `launch_browser` / `launch_browser_async`: Debian's Chromium, headless, with the flags the
  tests use, behind a proxy that does not exist for anything but 127.0.0.1/localhost, so nothing can
  leave the machine; `report_off_machine` records any page request that tries.
- `baseline_script`: a page that draws N small Plotly bar charts from inline data plus a title,
  the yardstick every page is divided by.
- `READY_JS`: the browser-side "rendered" condition both benchmarks time to.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

# The dashboard's pages (pages/<name>.py), in navigation order.
PAGES = ["overview", "pay", "outlook", "work_settings", "places", "industries", "check", "data", "sources"]


def url_path(name: str) -> str:
    """The URL a page is served at. Overview is the default page, which Streamlit serves only at "/":
    a bare /overview runs it too, but behind a "Page not found" dialog and a console error (the app
    bug tests/browser/test_links.py marks as ROOT_ONLY), so the benchmarks open "/" for it."""
    return "/" if name == "overview" else f"/{name}"

STARTUP_TIMEOUT = 90  # seconds for a server to answer its health check
WAIT_TIMEOUT = 60_000  # milliseconds, the bound on every browser wait

# Streamlit's frontend finds its base path by probing `<page path>/_stcore/health` and
# `/_stcore/host-config` first; on any page but the root those probes answer 404, which
# Chromium logs as a console error. That is the framework's discovery, not an app fault,
# so exactly those 404s are not counted (the same exemption as tests/browser/conftest.py).
BASE_PATH_PROBE = re.compile(r"^https?://[^/]+/[^?#]+/_stcore/(health|host-config)(\?.*)?$")


# ------------------------------------------------------------------------------------------
# Servers
# ------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except OSError:
        return False


class Server:
    """`with Server("dashboard.py") as server:` -> server.base ("http://127.0.0.1:PORT"), server.pid.

    Runs from the repository root, so `.streamlit/config.toml` applies to the dashboard and the
    baseline alike. Bound to 127.0.0.1 only. The log goes to a temporary file, shown on failure.
    """

    def __init__(self, script: str | Path, env: dict[str, str] | None = None):
        self.script = str(script)
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def __enter__(self) -> Server:
        self.log = tempfile.NamedTemporaryFile(prefix="mbcstats-bench-streamlit-", suffix=".log", delete=False)
        env = dict(os.environ, **(self.env or {}))
        self.process = subprocess.Popen(
            [PYTHON, "-m", "streamlit", "run", self.script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)  # its own process group, so stopping it ends any children too
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(self.base):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"streamlit run {self.script} did not answer {self.base}/_stcore/health; "
                                   f"log:\n{Path(self.log.name).read_text(errors='replace')}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> bool:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.log.close()
        if exc[0] is None:
            Path(self.log.name).unlink(missing_ok=True)
        return False

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        return cpu_seconds(self.pid)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log (tracebacks of script errors land here)."""
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (/proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (VmRSS from /proc/<pid>/status)."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


# ------------------------------------------------------------------------------------------
# Baseline page
# ------------------------------------------------------------------------------------------

# What every baseline page draws: a title and `count` small bar charts from inline data.
BASELINE_PAGE = '''
def draw_baseline(count):
    st.title("Baseline page")
    for index in range(count):
        figure = go.Figure(go.Bar(x=["first", "second", "third"], y=[3 + index, 1, 2]))
        figure.update_layout(title=f"Chart {index + 1}", height=360)
        st.plotly_chart(figure, key=f"chart-{index}")
'''

BASELINE_IMPORTS = "import plotly.graph_objects as go\nimport streamlit as st\n"


def baseline_script(charts: int | None = None) -> str:
    """A page with a title and N small Plotly bar charts from inline data.

    charts=None: N comes from the URL's `n` query parameter (for one baseline server serving every N).
    """
    count = 'int(st.query_params.get("n", "0"))' if charts is None else str(int(charts))
    return ('"""Benchmark baseline: a title and N small Plotly bar charts drawn from inline data."""\n\n'
            + BASELINE_IMPORTS + BASELINE_PAGE + f"\ndraw_baseline({count})\n")


def write_baseline(directory: Path, charts: int | None = None) -> Path:
    """Write the baseline script (a folder with nothing else in it: no pages/ beside it)."""
    name = "baseline.py" if charts is None else f"baseline_{charts}.py"
    path = Path(directory) / name
    path.write_text(baseline_script(charts), encoding="utf-8")
    return path


def write_navigation_baseline(directory: Path, pages: list[tuple[str, str, bool]], charts: dict[str, int],
                              start: str | None = None) -> Path:
    """The baseline page as every page of a multipage app with the dashboard's navigation.

    pages: (title, URL path, is default) in navigation order, as `replay.recording` keeps them ("" is the
    default page's path); charts: URL path -> how many bar charts that page draws. Each page is the baseline
    page with its page's chart count, so a page of ours divided by the same page here leaves out what any
    page of a multipage app costs (the navigation, the frontend finding its base path from a page URL).
    start: the page to make the default one, for an AppTest of the script (as in `replay.write_app`)."""
    script = ('"""Benchmark baseline: the baseline page under the same navigation as the dashboard."""\n\n'
              + BASELINE_IMPORTS + BASELINE_PAGE + f'''

PAGES = {pages!r}
CHARTS = {charts!r}
START = {start!r}


def baseline_page(path):
    def page():
        draw_baseline(CHARTS.get(path, 0))
    page.__name__ = "page_" + (path or "default")
    return page


st.navigation([st.Page(baseline_page(path), title=title, url_path=path or "overview",
                       default=default if START is None else path == START)
               for title, path, default in PAGES]).run()
''')
    path = Path(directory) / ("baseline_navigation.py" if start is None else f"baseline_navigation_{start or 'overview'}.py")
    path.write_text(script, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------
# Browser
# ------------------------------------------------------------------------------------------

# Off-machine requests go to a closed local port and fail; loopback bypasses it. Blocking in the browser's network
# stack, not with Playwright's `page.route`: routing sends every request through the Python client before it may
# go on, which added ~0.2 s to a dashboard page with its ~80 script files, against ~0.03 s to the baseline's few.
NO_INTERNET = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost,[::1]"}


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, proxy=NO_INTERNET)


async def launch_browser_async(playwright):
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                            proxy=NO_INTERNET)


def report_off_machine(page, problems: list[str]) -> None:
    """Record every request of `page` that is not for this machine (the proxy makes it fail); listening only."""
    page.on("request", lambda request: None if is_local(request.url) else problems.append(
        f"request left this machine (blocked): {request.url}"))


def is_local(url: str) -> bool:
    return urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:"))


def counted_console_error(message) -> str | None:
    """The text of a console error worth counting, or None (not an error, or the base-path probe 404)."""
    if message.type != "error":
        return None
    location = (message.location or {}).get("url", "")
    if message.text.startswith("Failed to load resource") and "404" in message.text and BASE_PATH_PROBE.match(location):
        return None
    return f"{message.text} (at {location or 'unknown'})"


# Rendered: the script run finished with the connection up, the main block has its h1 (with the
# expected text, when a title is given) and no skeletons, at least `n` Plotly charts are on the page
# and every one has drawn marks (a trace path with geometry: bars, lines, filled state shapes).
# Argument: n, or {n, title}.
READY_JS = """
(arg) => {
  const n = typeof arg === 'number' ? arg : arg.n;
  const title = typeof arg === 'number' ? null : arg.title;
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  if (!app || !main) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const h1 = main.querySelector('h1');
  if (!h1) return false;
  if (title !== null && h1.innerText.trim() !== title) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  if (plots.length < n) return false;
  return plots.every(plot => [...plot.querySelectorAll('svg.main-svg .cartesianlayer .trace path')]
      .some(path => (path.getAttribute('d') || '').length > 4));
}
"""

EXCEPTIONS_JS = """
() => [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.innerText.split('\\n')[0].slice(0, 300))
"""


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values, fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, int(-(-fraction * len(ordered) // 1)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain Markdown table (pastes straight into README.md)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "| " + " | ".join("-" * w for w in widths) + " |"] + [line(r) for r in rows])


def page_facts() -> dict[str, dict]:
    """Each page's Plotly chart count and h1 text, from one AppTest run of pages/<page>.py in this process."""
    from streamlit.testing.v1 import AppTest

    facts = {}
    for name in PAGES:
        app = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120).run()
        if app.exception:
            raise RuntimeError(f"pages/{name}.py raised under AppTest: {[e.value for e in app.exception]}")
        facts[name] = {"charts": len(app.get("plotly_chart")), "title": app.title[0].value}
    return facts


def quiet_streamlit() -> None:
    """AppTest in a bare process logs "missing ScriptRunContext" on every run; filter that noise out.
    (A filter, not a log level: AppTest re-reads the config and resets the level on each run.)"""
    from streamlit.logger import get_logger

    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())


def code_version() -> str:
    """The commit measured, with "+uncommitted changes" when the app's files (anything but benchmarks/ and
    README.md) differ from it in the working tree. Outside a git checkout (a `git archive` snapshot,
    which keeps a long run safe from edits in progress) it is $MBCSTATS_BENCH_CODE, if set."""
    git = shutil.which("git")
    if not git:
        return "unknown"
    head = subprocess.run([git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if not head:
        return os.environ.get("MBCSTATS_BENCH_CODE", "unknown (not a git checkout)")
    dirty = subprocess.run([git, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks",
                            ":!README.md"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return head + (" +uncommitted changes" if dirty else "")
