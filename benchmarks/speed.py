"""Benchmark: how fast the dashboard's pages are, as ratios against baselines measured in the same run.

Run by hand, not by pytest (about 7 minutes on 2 CPUs, 10 with --loads 5; --warm doubles it):

    .venv/bin/python -m benchmarks.speed [--runs 5] [--loads 3] [--pages pay,places] [--warm]

(a) Loading and validating the whole data package: `mbcstats.load.load_package(data/)`, one pass that
    reads each table once and runs every check of `mbcstats.validate.check_package` (schemas, keys,
    foreign keys, domain rules), median of --repeats, divided by the slowest page's run: as a new
    AppTest session, as an AppTest rerun and, with (c), as a Chromium load. Target: under 0.1.
    `check_package` alone is timed too, for comparison.
(b) Each page under AppTest, two ways, each divided by the same for a baseline script with a title and
    as many small Plotly bar charts from inline data (benchmarks/common.py `baseline_script`):
    "new session", `AppTest.from_file("pages/<page>.py").run()` (the measure of sessions 1 and 2; it
    includes ~50 ms of AppTest set-up, the same for both, which flatters the ratio), and "rerun", the
    script run alone: one AppTest of dashboard.py switched to the page (navigation and sidebar count)
    and run again, against the baseline's AppTest run again. One untimed run of each first (it fills
    the per-process caches and counts the page's Plotly charts), then the median of --runs timed runs;
    runs of the page and of its baseline alternate, so drift on a shared machine hits both.
    Target: at most 1.5x.
(c) In Chromium against a real `streamlit run dashboard.py` server: from `page.goto` (the Overview at
    "/", the others at /<page>; see common.url_path) to the page
    rendered (script finished, h1 in the main block, no skeletons, every `.js-plotly-plot` with drawn
    marks), median of --loads loads, each in a fresh browser context (cold HTTP cache, new Streamlit
    session), divided by the same for the baseline served by a second `streamlit run baseline.py`
    server (`/?n=N`, N = the page's chart count). Both servers are warmed by one untimed load of
    every page first, so the data package is already in the dashboard's st.cache_resource. Target:
    at most 1.3x.
    Split (no target): a third server replays each page's recorded messages (benchmarks/replay.py), so
    ours / replay is what our code adds to the load and replay / baseline what the page's content
    costs in Streamlit and Chromium.
    Against a second baseline (the same target, printed as its own table), a fourth server: the baseline
    page as every page of a multipage app with the dashboard's navigation (same titles and paths, each
    page with its own chart count; common.write_navigation_baseline), opened at the same path as ours. It
    leaves out what any page of a multipage app costs. (b)'s rerun is divided by the same app's rerun too.
    With --warm, also a warm HTTP cache (same target and split, a second table): a returning reader. Each timed load is in
    a new page (new tab, new Streamlit session) of a fresh context that has loaded the same URL once,
    untimed, in a page closed since: Streamlit serves its hashed JS/CSS chunks with "Cache-Control:
    public, immutable, max-age=31536000" (index.html "no-cache", revalidated), so the second load
    fetches no chunk again. Cold and warm sweeps alternate in each round of --loads.

Every figure is printed as a Markdown table: what, ours, baseline, ratio, target, met/missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from benchmarks import replay
from benchmarks.common import (
    EXCEPTIONS_JS,
    PAGES,
    READY_JS,
    WAIT_TIMEOUT,
    Server,
    code_version,
    counted_console_error,
    launch_browser,
    median,
    quiet_streamlit,
    report_off_machine,
    table,
    url_path,
    write_baseline,
    write_navigation_baseline,
)

ROOT = Path(__file__).resolve().parent.parent


TARGET_PACKAGE = 0.1
TARGET_APPTEST = 1.5
TARGET_BROWSER = 1.3


# ------------------------------------------------------------------------------------------
# (a) the data package
# ------------------------------------------------------------------------------------------

def package_times(repeats: int) -> dict[str, float]:
    """Median seconds of `check_package` alone and of `load_package` (check and load in one pass); "both" is
    the one pass, which does all that the two did one after the other."""
    from mbcstats.load import check_package, load_package

    data_dir = Path(os.environ.get("MBCSTATS_DATA_DIR") or ROOT / "data")
    checks, loads = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        _, errors = check_package(data_dir)
        checks.append(time.perf_counter() - started)
        if errors:
            raise SystemExit(f"the data package has {len(errors)} problems; first: {errors[0]}")
        started = time.perf_counter()
        load_package(data_dir)
        loads.append(time.perf_counter() - started)
    return {"check_package": median(checks), "load_package": median(loads), "both": median(loads)}


# ------------------------------------------------------------------------------------------
# (b) AppTest
# ------------------------------------------------------------------------------------------

def apptest_time(script: Path) -> tuple[float, object]:
    from streamlit.testing.v1 import AppTest

    started = time.perf_counter()
    app = AppTest.from_file(str(script), default_timeout=120).run()
    return time.perf_counter() - started, app


def rerun_time(app) -> float:
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def replay_rerun_time(app) -> float:
    """A replay's rerun. Its widgets were never registered, so AppTest's `run()`, which first reads every widget's
    value from the session state, would fail: rerun without widget values (internal `_run`, a yardstick only)."""
    started = time.perf_counter()
    app._run()
    return time.perf_counter() - started


def apptest_times(pages: list[str], runs: int, scratch: Path) -> dict[str, dict]:
    """Two measures of each page against its baseline, alternating runs so that drift hits both:

    - "new": `AppTest.from_file(page).run()`, a new session's first run of the page alone. It includes
      AppTest's own set-up (~50 ms), the same for page and baseline, which dilutes the ratio.
    - "rerun": the script run alone, as a reader's choice reruns it: one AppTest of dashboard.py switched to
      the page (so the navigation and the sidebar count too), run again; the baseline's AppTest run again;
      and, to split it, the rerun of a replay of the page (`replay.py`: the same messages sent again, nothing
      built: so ours - replay is building the page, our code and Streamlit's element calls together).

    Also keeps what each page's run through dashboard.py sent, for (c)'s replay server ("recorded").
    """
    from streamlit.testing.v1 import AppTest

    results = {}
    baselines: dict[int, Path] = {}
    with replay.capturing() as sent:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
        for name in pages:
            script = ROOT / "pages" / f"{name}.py"
            _, alone = apptest_time(script)  # untimed: fills st.cache_resource / st.cache_data of this process
            if alone.exception:
                raise SystemExit(f"pages/{name}.py raised under AppTest: {[e.value for e in alone.exception]}")
            charts = len(alone.get("plotly_chart"))
            if charts not in baselines:
                baselines[charts] = write_baseline(scratch, charts)
            _, baseline_app = apptest_time(baselines[charts])  # untimed, like the page
            app.switch_page(f"pages/{name}.py")
            app.run()
            recorded = replay.recording(sent[0])
            if app.exception or len(app.get("plotly_chart")) != charts:
                raise SystemExit(f"dashboard.py switched to pages/{name}.py: {[e.value for e in app.exception]}, "
                                 f"{len(app.get('plotly_chart'))} charts (alone: {charts})")
            path = "" if name == "overview" else name
            _, replay_app = apptest_time(replay.write_app(scratch, {path: recorded}, start=path))  # untimed
            _, navigation_app = apptest_time(write_navigation_baseline(scratch, recorded["pages"], {path: charts},
                                                                       start=path))  # untimed
            if navigation_app.exception or len(navigation_app.get("plotly_chart")) != charts:
                raise SystemExit(f"the baseline under the navigation, as {name}: "
                                 f"{[e.value for e in navigation_app.exception]}, "
                                 f"{len(navigation_app.get('plotly_chart'))} charts (ours: {charts})")
            if replay_app.exception or len(replay_app.get("plotly_chart")) != charts:
                raise SystemExit(f"the replay of pages/{name}.py: {[e.value for e in replay_app.exception]}, "
                                 f"{len(replay_app.get('plotly_chart'))} charts (ours: {charts})")
            times: dict[str, list[float]] = {"ours": [], "baseline": [], "ours_rerun": [], "baseline_rerun": [],
                                             "replay_rerun": [], "navigation_rerun": []}
            for _ in range(runs):
                times["ours"].append(apptest_time(script)[0])
                times["baseline"].append(apptest_time(baselines[charts])[0])
                times["ours_rerun"].append(rerun_time(app))
                times["replay_rerun"].append(replay_rerun_time(replay_app))
                times["baseline_rerun"].append(rerun_time(baseline_app))
                times["navigation_rerun"].append(rerun_time(navigation_app))
            results[name] = {"charts": charts, "recorded": recorded,
                             **{what: median(values) for what, values in times.items()},
                             **{f"{what}_all": values for what, values in times.items()}}
    return results


# ------------------------------------------------------------------------------------------
# (c) Chromium
# ------------------------------------------------------------------------------------------

def browser_load(browser, url: str, charts: int, warm: bool = False) -> tuple[float, list[str]]:
    """Seconds from goto to rendered, in a fresh context; and any exceptions, console or page errors, or
    off-machine requests seen. warm: a returning reader's load: the context first loads the same URL
    once, untimed, in a page closed before the timed load in a new page (a new Streamlit session, the
    HTTP cache filled); problems of both loads are reported."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(WAIT_TIMEOUT)
    problems: list[str] = []
    try:
        for _ in range(2 if warm else 1):  # the last load is the timed one
            page = context.new_page()

            report_off_machine(page, problems)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("console", lambda message: (text := counted_console_error(message)) and problems.append(
                f"console error: {text}"))
            started = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=WAIT_TIMEOUT)
            page.wait_for_function(READY_JS, arg=charts, polling=25, timeout=WAIT_TIMEOUT)
            seconds = time.perf_counter() - started
            problems.extend(f"st.exception: {text}" for text in page.evaluate(EXCEPTIONS_JS))
            page.close()
        return seconds, problems
    finally:
        context.close()


def browser_times(pages: list[str], apptest: dict[str, dict], loads: int, scratch: Path,
                  warm: bool = False) -> dict[str, dict]:
    """Each page from four servers, loads interleaved: ours, the replay of its recorded messages, the baseline, and
    the baseline under the dashboard's navigation (`common.write_navigation_baseline`). Each round loads every page
    from every server cold (fresh context), then, with `warm`, as a returning reader."""
    from playwright.sync_api import sync_playwright

    baseline = write_baseline(scratch)  # N from ?n=
    replayed = replay.write_app(scratch, {"" if name == "overview" else name: apptest[name]["recorded"] for name in pages})
    navigation = write_navigation_baseline(scratch, apptest[pages[0]]["recorded"]["pages"],
                                           {"" if name == "overview" else name: apptest[name]["charts"] for name in pages})
    servers = ["ours", "replay", "baseline", "navigation"]
    measures = ["", "_warm"] if warm else [""]  # cold, warm HTTP cache
    results = {name: {"charts": apptest[name]["charts"], "problems": [], "problems_warm": [],
                      **{f"{s}{m}_all": [] for s in servers for m in measures}} for name in pages}
    with Server("dashboard.py") as dashboard, Server(replayed) as again, Server(baseline) as base, \
            Server(navigation) as paged, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            urls = {name: {"ours": dashboard.base + url_path(name), "replay": again.base + url_path(name),
                           "baseline": f"{base.base}/?n={apptest[name]['charts']}",
                           "navigation": paged.base + url_path(name)} for name in pages}
            for name in pages:  # warm the servers: caches filled, first-run rerun done
                for url in urls[name].values():
                    browser_load(browser, url, apptest[name]["charts"])
            for _ in range(loads):
                for measure in measures:
                    for name in pages:
                        for server in servers:
                            seconds, problems = browser_load(browser, urls[name][server], apptest[name]["charts"],
                                                             warm=measure == "_warm")
                            results[name][f"{server}{measure}_all"].append(seconds)
                            results[name]["problems" + measure] += [p if server == "ours" else f"{server}: {p}"
                                                                    for p in problems]
            if any(result["problems"] or result["problems_warm"] for result in results.values()):
                print("dashboard server log (end):\n" + dashboard.log_tail(), flush=True)
        finally:
            browser.close()
    for result in results.values():
        for key in [s + m for s in servers for m in measures]:
            result[key] = median(result[f"{key}_all"])
    return results


# ------------------------------------------------------------------------------------------

def verdict(ratio: float, target: float, below: bool = False) -> str:
    return "met" if (ratio < target if below else ratio <= target) else "missed"


HEADER = ["what", "ours", "baseline", "ratio", "target", "met/missed"]


def ratio_table(results: dict[str, dict], ours: str, baseline: str, target: float, browser: bool = False,
                problems: str = "") -> str:
    """One row per page: results[page][ours] against results[page][baseline] (seconds), the ratio and its verdict.
    AppTest runs (browser=False) print in ms by page name, browser loads in s by URL path; a load whose
    results[page][problems] lists errors makes its row invalid."""
    shown = (lambda t: f"{t:.2f} s") if browser else (lambda t: f"{t * 1000:.1f} ms")
    rows = []
    for name, r in results.items():
        ratio = r[ours] / r[baseline]
        rows.append([f"{url_path(name) if browser else name} ({r['charts']} charts)", shown(r[ours]),
                     shown(r[baseline]), f"{ratio:.2f}x", f"<= {target}x",
                     "invalid: errors on the page" if problems and r[problems] else verdict(ratio, target)])
    return table(rows, HEADER)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed AppTest runs per page and per baseline (>= 5)")
    parser.add_argument("--loads", type=int, default=3, help="timed browser loads per page and per baseline (>= 3)")
    parser.add_argument("--repeats", type=int, default=3, help="timed loads of the whole data package")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated pages (default: all)")
    parser.add_argument("--no-browser", action="store_true", help="only (a) and (b): for quick checks of a fix")
    parser.add_argument("--warm", action="store_true", help="(c) also as a returning reader, with a warm HTTP cache")
    args = parser.parse_args()
    pages = [name for name in args.pages.split(",") if name]
    measures = {"": "fresh context"}  # (c)'s measures: the suffix of their keys in browser_times' results -> label
    if args.warm:
        measures["_warm"] = "warm HTTP cache, a new tab of a context that loaded the URL"
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")

    quiet_streamlit()
    print(f"# mbcstats speed benchmark — {time.strftime('%Y-%m-%d %H:%M')}, code {code_version()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average at start {os.getloadavg()[0]:.2f}")
    print(f"AppTest: median of {args.runs} warm runs; browser: median of {args.loads} loads in fresh contexts, "
          f"{'cold and warm HTTP cache' if args.warm else 'cold HTTP cache'}; "
          f"package: median of {args.repeats}.\n", flush=True)

    started_on = code_version()
    with tempfile.TemporaryDirectory(prefix="mbcstats-bench-") as scratch:
        scratch = Path(scratch)
        package = package_times(args.repeats)
        print(f"(a) check_package {package['check_package']:.3f} s, load_package {package['load_package']:.3f} s", flush=True)
        apptest = apptest_times(pages, args.runs, scratch)
        for name, r in apptest.items():
            print(f"(b) {name}: {r['charts']} charts; new session: ours [{', '.join(f'{t:.3f}' for t in r['ours_all'])}], "
                  f"baseline [{', '.join(f'{t:.3f}' for t in r['baseline_all'])}]; rerun: ours "
                  f"[{', '.join(f'{t * 1000:.1f}' for t in r['ours_rerun_all'])}] ms, replay "
                  f"[{', '.join(f'{t * 1000:.1f}' for t in r['replay_rerun_all'])}] ms, baseline "
                  f"[{', '.join(f'{t * 1000:.1f}' for t in r['baseline_rerun_all'])}] ms, baseline under the "
                  f"navigation [{', '.join(f'{t * 1000:.1f}' for t in r['navigation_rerun_all'])}] ms", flush=True)
        browser = {} if args.no_browser else browser_times(pages, apptest, args.loads, scratch, args.warm)
        for name, r in browser.items():
            for measure in measures:
                print(f"(c) {name}{', warm HTTP cache' if measure else ''}: " + "; ".join(
                    f"{server} [{', '.join(f'{t:.2f}' for t in r[server + measure + '_all'])}]"
                    for server in ("ours", "replay", "baseline", "navigation")), flush=True)

    print(f"load average at end {os.getloadavg()[0]:.2f}")
    if code_version() != started_on or started_on.endswith("changes"):
        print(f"WARNING: code at start {started_on}, at end {code_version()}: if files changed during the run, "
              "the figures mix two versions of the code")
    print("\n(a) Load and validate the whole data package, against the slowest page's run\n")
    rows = []
    for measure, label in [("ours", "AppTest, new session"), ("ours_rerun", "AppTest rerun")]:
        slowest = max(apptest, key=lambda name: apptest[name][measure])
        ratio = package["both"] / apptest[slowest][measure]
        rows.append([f"load_package, one pass (vs {label}, {slowest})", f"{package['both']:.3f} s",
                     f"{apptest[slowest][measure]:.3f} s", f"{ratio:.2f}", f"< {TARGET_PACKAGE}",
                     verdict(ratio, TARGET_PACKAGE, below=True)])
    if browser:  # the same pass against the slowest page as a reader waits for it
        loaded = max(browser, key=lambda name: browser[name]["ours"])
        ratio = package["both"] / browser[loaded]["ours"]
        rows.append([f"load_package, one pass (vs Chromium {url_path(loaded)})",
                     f"{package['both']:.3f} s", f"{browser[loaded]['ours']:.2f} s", f"{ratio:.2f}",
                     f"< {TARGET_PACKAGE}", verdict(ratio, TARGET_PACKAGE, below=True)])
    print(table(rows, HEADER))

    for measure, label in [("", "new session: AppTest.from_file(page).run()"),
                           ("_rerun", "rerun: the script run alone, through dashboard.py (navigation and sidebar)")]:
        print(f"\n(b) AppTest, {label}, median, against a title + the same number of bar charts\n")
        print(ratio_table(apptest, "ours" + measure, "baseline" + measure, TARGET_APPTEST))
    print("\n(b) rerun, against the same baseline page under the dashboard's navigation (a multipage app with the "
          "same pages, each the baseline page), median\n")
    print(ratio_table(apptest, "ours_rerun", "navigation_rerun", TARGET_APPTEST))
    print("\n(b) rerun split: sending the page's messages alone (a replay of them: nothing built, none of our code), "
          "median\n")
    rows = [[name, f"{r['ours_rerun'] * 1000:.1f} ms", f"{r['replay_rerun'] * 1000:.1f} ms",
             f"{(r['ours_rerun'] - r['replay_rerun']) * 1000:.1f} ms", f"{r['baseline_rerun'] * 1000:.1f} ms"]
            for name, r in apptest.items()]
    print(table(rows, ["page", "ours", "replay: sending", "ours - replay: building the page (our code and "
                       "Streamlit's element calls)", "baseline"]))

    if not browser:
        return
    for m, label in measures.items():
        print(f"\n(c) Chromium, goto -> rendered with every chart drawn (median, {label}), "
              "against the baseline server\n")
        print(ratio_table(browser, "ours" + m, "baseline" + m, TARGET_BROWSER, browser=True, problems="problems" + m))
        print(f"\n(c) Chromium ({label}), against the same baseline page under the dashboard's navigation (a "
              "multipage app with the same pages, each the baseline page with that page's chart count, at the same "
              "path)\n")
        print(ratio_table(browser, "ours" + m, "navigation" + m, TARGET_BROWSER, browser=True,
                          problems="problems" + m))
        print(f"\n(c) split ({label}): the same page replayed from its recorded messages (same content, none of our "
              "code running)\n")
        rows = [[f"{url_path(name)}", f"{r['ours' + m]:.2f} s", f"{r['replay' + m]:.2f} s",
                 f"{r['baseline' + m]:.2f} s",
                 f"{r['ours' + m] / r['replay' + m]:.2f}x", f"{r['replay' + m] / r['baseline' + m]:.2f}x"]
                for name, r in browser.items()]
        print(table(rows, ["page", "ours", "replay", "baseline", "ours / replay (our code)",
                           "replay / baseline (the content in Streamlit and Chromium)"]))
    problems = [f"{url_path(name)}{' (warm)' if m else ''}: {p}" for name, r in browser.items()
                for m in measures for p in r["problems" + m]]
    print("\nProblems seen in the browser: " + ("none" if not problems else "\n  " + "\n  ".join(problems)))


if __name__ == "__main__":
    main()
