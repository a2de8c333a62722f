"""Load benchmark: 20 concurrent browser sessions against one `streamlit run dashboard.py` server.

Run by hand, not by pytest (about 6–10 minutes on 2 CPUs; every loop is bounded and every wait
has a timeout, the whole run is cut off after --deadline seconds; loopback only):

    .venv/bin/python -m benchmarks.load [--sessions 20] [--batch 5] [--reruns 20]

A session is one Chromium browser context with one tab: one Streamlit session (one websocket on
/_stcore/stream). It opens the Overview at "/" with `page.goto` (see common.url_path), then visits
the other pages by clicking the sidebar navigation, as a reader does, so it stays one Streamlit
session throughout. A visit is timed from the goto or click to the page rendered (script finished,
the page's own h1, no skeletons, every Plotly chart with drawn marks; common.READY_JS).

1. Warm-up: one session visits every page (fills the server's st.cache_resource), then closes.
2. Single session: one session visits every page three times; its p95 is the reference.
3. Reruns (before any other session opens, so nothing else moves the server's memory): one session
   reruns the places page --reruns times (the "Pay" radio flipped between Annual and Hourly, each
   flip one script run) and VmRSS is read after every run: it must not grow with each rerun.
4. Growth: sessions are added in batches of --batch; each new session visits every page (the batch
   concurrently) while the earlier ones stay open. The server's resident memory (VmRSS in
   /proc/<pid>/status) is read before the first batch and after each one.
5. Under load: all sessions visit every page again at the same time, each starting on a different
   page. p95 under load is compared with the single session's p95; the server's CPU seconds in that
   time (/proc/<pid>/stat) say how much of the 2 CPUs the server had, the browsers the rest.

Errors counted on every visit: stException elements on the page, console errors (except the
frontend's base-path probe 404s, as in tests/browser/conftest.py), uncaught page errors and any
request to a host other than this machine. There must be none; the exit status is 1 if there are.
(Streamlit's download button fetches its file once when it is drawn; a file whose session has
already moved on to another run is gone by then, which the console reports as a 404.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from benchmarks.common import (
    EXCEPTIONS_JS,
    LOCAL_HOSTS,
    PAGES,
    READY_JS,
    Server,
    code_version,
    counted_console_error,
    is_local,
    launch_browser_async,
    median,
    page_facts,
    percentile,
    quiet_streamlit,
    table,
    url_path,
)

ROOT = Path(__file__).resolve().parent.parent


VISIT_TIMEOUT = 240_000  # milliseconds: a visit under full load on 2 CPUs can take tens of seconds
RERUN_PAGE = "places"


class Session:
    """One browser context, one tab, one Streamlit session; records its visit times and errors."""

    def __init__(self, index: int, base: str, facts: dict, context, page):
        self.index, self.base, self.facts, self.context, self.page = index, base, facts, context, page
        self.current: str | None = None
        self.times: list[tuple[str, str, float]] = []  # (phase, page, seconds)
        self.errors: list[str] = []

    @classmethod
    async def open(cls, browser, index: int, base: str, facts: dict) -> Session:
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        context.set_default_timeout(VISIT_TIMEOUT)
        page = await context.new_page()
        session = cls(index, base, facts, context, page)
        page.on("request", session._request)
        page.on("console", session._console)
        page.on("pageerror", lambda error: session._error(f"page error: {error}"))
        page.on("websocket", session._websocket)
        return session

    def _error(self, text: str) -> None:
        # Attributed to the page being opened; a download-button 404 is for a file of the page just left.
        self.errors.append(f"session {self.index}, opening {url_path(self.current or 'overview')}: {text}")

    def _request(self, request) -> None:
        if not is_local(request.url):  # the browser's proxy setting makes it fail (common.NO_INTERNET)
            self._error(f"request left this machine (blocked): {request.url}")

    def _console(self, message) -> None:
        text = counted_console_error(message)
        if text:
            self._error(f"console error: {text}")

    def _websocket(self, websocket) -> None:
        if urlparse(websocket.url).hostname not in LOCAL_HOSTS:
            self._error(f"websocket left this machine: {websocket.url}")

    async def _rendered(self, name: str, extra_js: str | None = None) -> None:
        arg = {"n": self.facts[name]["charts"], "title": self.facts[name]["title"]}
        await self.page.wait_for_function(READY_JS, arg=arg, polling=100, timeout=VISIT_TIMEOUT)
        if extra_js:
            await self.page.wait_for_function(extra_js, polling=100, timeout=VISIT_TIMEOUT)
            await self.page.wait_for_function(READY_JS, arg=arg, polling=100, timeout=VISIT_TIMEOUT)
        for text in await self.page.evaluate(EXCEPTIONS_JS):
            self._error(f"st.exception: {text}")

    async def first_visit(self, phase: str) -> None:
        self.current = "overview"
        started = time.perf_counter()
        try:
            await self.page.goto(self.base + url_path("overview"), wait_until="commit", timeout=VISIT_TIMEOUT)
            await self._rendered("overview")
        except Exception as error:
            raise RuntimeError(await self._failure("opening /", error)) from error
        self.times.append((f"{phase} open", "overview", time.perf_counter() - started))

    async def visit(self, name: str, phase: str) -> None:
        self.current = name
        started = time.perf_counter()
        try:
            await self.page.locator('[data-testid="stSidebarNav"] a').nth(PAGES.index(name)).click()
            await self._rendered(name)
        except Exception as error:
            raise RuntimeError(await self._failure(f"visiting {url_path(name)}", error)) from error
        self.times.append((phase, name, time.perf_counter() - started))

    async def _failure(self, doing: str, error: Exception) -> str:
        shot = Path(tempfile.gettempdir()) / f"mbcstats-load-session-{self.index}.png"
        try:
            await self.page.screenshot(path=str(shot))
        except Exception:  # the page may be gone; the message still says what failed
            shot = "(no screenshot)"
        return f"session {self.index} failed {doing}: {str(error)[:500]}; screenshot {shot}; errors so far {self.errors}"

    async def tour(self, phase: str, start: int = 0) -> None:
        """Visit every page once by the navigation, starting at PAGES[start]; the page shown now comes last."""
        order = PAGES[start:] + PAGES[:start]
        order = [name for name in order if name != self.current] + ([self.current] if self.current in order else [])
        for name in order:
            await self.visit(name, phase)

    async def close(self) -> None:
        await self.context.close()


def slope(values: list[float]) -> float:
    """Least-squares slope of values against their index (MB per rerun)."""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / sum((x - mean_x) ** 2 for x in range(n))


def stats(times: list[float]) -> str:
    return f"{median(times):.2f} / {percentile(times, 0.95):.2f} / {max(times):.2f}" if times else "–"


async def run(args, facts: dict) -> int:
    from playwright.async_api import async_playwright

    report: list[str] = []
    started_on = code_version()

    def say(text: str = "") -> None:
        print(text, flush=True)
        report.append(text)

    with Server("dashboard.py") as server:
        async with async_playwright() as playwright:
            browser = await launch_browser_async(playwright)
            try:
                rss = [("server started, no session yet", server.rss_mb())]

                warm = await Session.open(browser, 0, server.base, facts)
                await warm.first_visit("warm-up")
                await warm.tour("warm-up")
                await warm.close()
                await asyncio.sleep(2)
                rss.append(("after one warm-up session visited every page (caches filled), session closed",
                            server.rss_mb()))
                say(f"warm-up done; server RSS {rss[-1][1]:.0f} MB")

                single = await Session.open(browser, 0, server.base, facts)
                await single.first_visit("single")
                for _ in range(3):
                    await single.tour("single")
                await single.close()
                await asyncio.sleep(2)
                single_times = [t for phase, _, t in single.times if phase == "single"]  # navigation visits
                say(f"single session: {len(single_times)} visits, p95 {percentile(single_times, 0.95):.2f} s")

                # Reruns first, on a quiet server: nothing else is open, so VmRSS moves only with these runs.
                rerun = await Session.open(browser, 0, server.base, facts)
                await rerun.first_visit("rerun")
                await rerun.visit(RERUN_PAGE, "rerun")
                rerun_start = server.rss_mb()
                rerun_rss, rerun_times = [], []
                for index in range(args.reruns):
                    choice = "Hourly" if index % 2 == 0 else "Annual"
                    # The URL carries basis=hourly while Hourly is chosen (the script writes it during the run).
                    url_says = ("() => location.search.includes('basis=hourly')" if choice == "Hourly"
                                else "() => !location.search.includes('basis=hourly')")
                    started = time.perf_counter()
                    await rerun.page.locator('[data-testid="stRadio"] label').filter(has_text=choice).first.click()
                    await rerun._rendered(RERUN_PAGE, url_says)
                    rerun_times.append(time.perf_counter() - started)
                    rerun_rss.append(server.rss_mb())
                await rerun.close()
                say(f"{args.reruns} reruns of {url_path(RERUN_PAGE)}: RSS {rerun_start:.0f} -> {rerun_rss[-1]:.0f} MB")
                await asyncio.sleep(2)

                sessions: list[Session] = []
                before = server.rss_mb()
                rss.append(("before the load sessions", before))
                growth = []
                previous = before
                for first in range(1, args.sessions + 1, args.batch):
                    batch = [await Session.open(browser, i, server.base, facts)
                             for i in range(first, min(first + args.batch, args.sessions + 1))]
                    sessions += batch

                    async def arrive(session: Session) -> None:
                        await session.first_visit("grow")
                        await session.tour("grow")

                    started = time.perf_counter()
                    await asyncio.gather(*(arrive(session) for session in batch))
                    await asyncio.sleep(2)
                    now = server.rss_mb()
                    growth.append((len(sessions), now, (now - previous) / len(batch), time.perf_counter() - started))
                    rss.append((f"{len(sessions)} sessions open, each has visited every page", now))
                    say(f"{len(sessions)} sessions open: RSS {now:.0f} MB ({(now - previous) / len(batch):+.1f} MB per "
                        f"added session), batch took {growth[-1][3]:.0f} s")
                    previous = now

                started, cpu_started = time.perf_counter(), server.cpu_seconds()
                await asyncio.gather(*(session.tour("load", start=session.index % len(PAGES)) for session in sessions))
                load_seconds = time.perf_counter() - started
                load_cpu = server.cpu_seconds() - cpu_started
                rss.append((f"after all {len(sessions)} sessions visited every page at once", server.rss_mb()))
                say(f"under load: {len(sessions)} sessions x {len(PAGES)} pages in {load_seconds:.0f} s; the server "
                    f"used {load_cpu:.0f} s of CPU in that time ({load_cpu / load_seconds:.2f} of {os.cpu_count()} CPUs)")

                errors = [e for s in [warm, single, rerun, *sessions] for e in s.errors]
                all_times = [entry for s in [single, *sessions] for entry in s.times]
                for session in sessions:
                    await session.close()
                await asyncio.sleep(5)
                rss.append((f"{len(sessions)} sessions closed, 5 s later", server.rss_mb()))
                if errors:
                    say("dashboard server log (end):\n" + server.log_tail())
            finally:
                await browser.close()

    say(f"load average at end {os.getloadavg()[0]:.2f}")
    say("\n## Visit times in seconds (median / p95 / max): sidebar-navigation visits; first loads apart\n")
    pick = lambda phase, name=None: [t for p, n, t in all_times if p == phase and name in (None, n)]  # noqa: E731
    rows = [[url_path(name), stats(pick("single", name)), stats(pick("grow", name)), stats(pick("load", name))]
            for name in PAGES]
    rows.append(["all pages", stats(pick("single")), stats(pick("grow")), stats(pick("load"))])
    rows.append(["first load of / (goto, cold HTTP cache)", stats(pick("single open")), stats(pick("grow open")), "–"])
    say(table(rows, ["page", "1 session (3 visits each)", f"new sessions arriving {args.batch} at a time",
                     f"{args.sessions} sessions at once"]))
    single_all, load_all = pick("single"), pick("load")
    ratio = percentile(load_all, 0.95) / percentile(single_all, 0.95)
    say(f"\np95 under load ({args.sessions} concurrent sessions, {len(load_all)} visits): "
        f"{percentile(load_all, 0.95):.2f} s; single session ({len(single_all)} visits): "
        f"{percentile(single_all, 0.95):.2f} s; ratio {ratio:.1f}x")

    say("\n## Server memory (VmRSS of the streamlit process)\n")
    say(table([[stage, f"{mb:.0f} MB"] for stage, mb in rss], ["stage", "RSS"]))
    say("\n" + table([[str(n), f"{mb:.0f} MB", f"{per:+.1f} MB", f"{secs:.0f} s"] for n, mb, per, secs in growth],
                     ["sessions open", "RSS", "per added session", "batch took"]))
    per_session = (growth[-1][1] - before) / args.sessions
    say(f"\nMemory per session, {before:.0f} MB -> {growth[-1][1]:.0f} MB over {args.sessions} sessions: "
        f"{per_session:.1f} MB each")

    say(f"\n## {args.reruns} reruns of {url_path(RERUN_PAGE)} in one session (the only one open)\n")
    say(f"RSS before the first rerun {rerun_start:.0f} MB; after each rerun (MB): "
        + ", ".join(f"{mb:.0f}" for mb in rerun_rss))
    half = len(rerun_rss) // 2
    say(f"growth rerun 1 -> {len(rerun_rss)}: {rerun_rss[-1] - rerun_rss[0]:+.1f} MB; rerun {half} -> "
        f"{len(rerun_rss)}: {rerun_rss[-1] - rerun_rss[half - 1]:+.1f} MB; least-squares slope "
        f"{slope(rerun_rss):+.2f} MB per rerun ({slope(rerun_rss[half - 1:]):+.2f} over reruns {half}-{len(rerun_rss)}); "
        f"rerun time median {median(rerun_times):.2f} s")

    if code_version() != started_on or started_on.endswith("changes"):
        say(f"WARNING: code at start {started_on}, at end {code_version()}: if files changed during the run, "
            "the figures mix two versions of the code")
    say("\n## Errors (stException, console errors, page errors, requests off this machine)\n")
    say("none" if not errors else "\n".join(errors[:50]) + (f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""))
    return 1 if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--deadline", type=int, default=1800, help="seconds after which the whole run is stopped")
    args = parser.parse_args()
    if not 1 <= args.batch <= args.sessions <= 40 or not 2 <= args.reruns <= 200:
        parser.error("need 1 <= batch <= sessions <= 40 and 2 <= reruns <= 200")

    quiet_streamlit()
    print(f"# mbcstats load benchmark — {time.strftime('%Y-%m-%d %H:%M')}, code {code_version()}, {os.cpu_count()} CPUs, "
          f"load average at start {os.getloadavg()[0]:.2f}", flush=True)
    facts = page_facts()
    print("charts per page: " + ", ".join(f"{name} {fact['charts']}" for name, fact in facts.items()), flush=True)
    status = asyncio.run(asyncio.wait_for(run(args, facts), timeout=args.deadline))
    sys.exit(status)


if __name__ == "__main__":
    main()
