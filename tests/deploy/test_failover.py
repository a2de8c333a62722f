"""Two replicas behind nginx (deploy/serve), failed on purpose while 50 readers visit pages in a loop.

The readers are `benchmarks.protocol` sessions: each speaks Streamlit's websocket protocol as a browser does and
reconnects, as the browser's own client does, when its connection drops. First one replica is killed with
SIGKILL: every reader must keep working or reconnect and get its page from the survivor. Then `deploy/serve roll`
restarts both replicas, one at a time, on a new data version (a copy of data/ with a real `ingest` of a small
OEWS file): no page load may fail, no page may name two data versions, and no reader may see the old version
again once it has seen the new one. The counts are printed at the end of the run (tests/conftest.py), so CI's log shows them.
"""

from __future__ import annotations

import asyncio
import csv
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.protocol import Attempt, Session, load_page
from tests.conftest import DATA_DIR, run_cli
from tests.deploy.serving import SERVE_ENV, SERVE_TIMEOUT, nginx_base, run_async, serve, serve_command, start_arguments
from tests.unit.test_ingest import write_oews

READERS = 50
# Pages a reader visits in turn, each reader starting at another one.
PAGES = ["/", "/pay", "/outlook", "/work_settings", "/places", "/check", "/data", "/sources"]
THINK = 2              # seconds a reader spends on a page before the next: readers, not a flood
PAGE_DEADLINE = 30     # seconds a page may take, reconnections included, before it counts as failed
PHASE_TIMEOUT = 90     # seconds for every reader to get its pages in one phase
# The data version a page names: the sidebar's heading, and the Data page's count of figures.
VERSION_NAMED = re.compile(r"\*\*Data version ([0-9.\\]+)\*\*|figures in data version ([0-9.\\]+)\.")


def latest_version(data_dir: Path) -> str:
    with open(data_dir / "versions.csv", newline="", encoding="utf-8-sig") as handle:
        return max((row["version"] for row in csv.DictReader(handle)), key=lambda v: tuple(map(int, v.split("."))))


def versions_named(texts: list[str]) -> set[str]:
    return {(sidebar or data_page).replace("\\", "") for text in texts for sidebar, data_page in VERSION_NAMED.findall(text)}


@dataclass
class Layout:
    base: str          # nginx's address
    run_dir: Path      # deploy/serve's pid files and logs
    new_data: Path     # a copy of data/ with one more release, made by `ingest` as a data editor would
    new_version: str


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    """`deploy/serve start --replicas 2`, and meanwhile the new release; `deploy/serve stop` after."""
    run_dir = tmp_path_factory.mktemp("serve")
    arguments = start_arguments(run_dir, replicas=2)
    starting = subprocess.Popen(serve_command(*arguments), env=SERVE_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
    try:
        folder = tmp_path_factory.mktemp("release")
        new_data = folder / "data"
        shutil.copytree(DATA_DIR, new_data)
        ingested = run_cli("ingest", write_oews(folder / "national_M2030_dl.xlsx"), "--data-dir", new_data)
        assert ingested.returncode == 0, ingested.output
        output, _ = starting.communicate(timeout=SERVE_TIMEOUT)
        assert starting.returncode == 0, output
        yield Layout(nginx_base(arguments), run_dir, new_data, latest_version(new_data))
    finally:
        if starting.poll() is None:
            starting.kill()
            starting.wait(timeout=10)
        serve("stop", "--run-dir", str(run_dir))


@dataclass
class Visit:
    reader: int
    started: float  # time.monotonic() when the page was asked for
    finished: float
    attempt: Attempt

    @property
    def failed(self) -> bool:
        return self.attempt.load is None or not self.attempt.load.ok


@dataclass
class Readers:
    """READERS sessions visiting PAGES in a loop until `stop` is set; every page visit is recorded."""

    base: str
    visits: list[Visit] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def reader(self, number: int) -> None:
        session = Session(self.base, timeout=PAGE_DEADLINE)
        try:
            for turn in range(10_000):
                if self.stop.is_set():
                    return
                started = time.monotonic()
                attempt = await load_page(session, PAGES[(number + turn) % len(PAGES)], deadline=PAGE_DEADLINE)
                self.visits.append(Visit(number, started, time.monotonic(), attempt))
                await asyncio.sleep(THINK)
        finally:
            await session.close()

    async def pages_since(self, moment: float, count: int = 1) -> None:
        """Until every reader has finished `count` page visits asked for after `moment`, PHASE_TIMEOUT at most."""
        async with asyncio.timeout(PHASE_TIMEOUT):
            while True:
                done = [sum(1 for v in self.visits if v.reader == r and v.started >= moment) for r in range(READERS)]
                if min(done) >= count:
                    return
                await asyncio.sleep(0.1)


def summary(name: str, visits: list[Visit], since: float, show) -> dict:
    """The counts of one phase, shown with `show`: `since` is when it began (the kill, the start of the roll)."""
    interrupted = [v for v in visits if v.attempt.reconnects]
    counts = {"page loads": len(visits), "failed": sum(v.failed for v in visits),
              "interrupted, then served after reconnecting": sum(not v.failed for v in interrupted),
              "reconnections": sum(v.attempt.reconnects for v in visits),
              "longest interrupted load (s)": round(max((v.attempt.seconds for v in interrupted), default=0.0), 2),
              "last interrupted load served at (s)": round(max((v.finished - since for v in interrupted), default=0.0), 2),
              "phase (s)": round(max((v.finished for v in visits), default=since) - since, 2)}
    show(f"{name}: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
    return counts


def test_readers_survive_a_killed_replica_and_a_rolling_release(layout, record_property):
    base, run_dir, new_data, new_version = layout.base, layout.run_dir, layout.new_data, layout.new_version
    old_version = latest_version(DATA_DIR)
    assert new_version != old_version

    async def scenario():
        readers = Readers(base)
        tasks = [asyncio.create_task(readers.reader(number)) for number in range(READERS)]
        try:
            start = time.monotonic()
            await readers.pages_since(start)

            killed_at = time.monotonic()
            os.kill(int((run_dir / "replica-1.pid").read_text()), signal.SIGKILL)
            await readers.pages_since(killed_at)
            after_kill = [v for v in readers.visits if v.finished >= killed_at]

            rolled_at = time.monotonic()
            rolled = await asyncio.to_thread(serve, "roll", "--data-dir", str(new_data), "--run-dir", str(run_dir))
            assert rolled.returncode == 0, rolled.stdout + rolled.stderr
            done_at = time.monotonic()
            await readers.pages_since(done_at)
        finally:
            readers.stop.set()
            async with asyncio.timeout(PAGE_DEADLINE + 10):
                await asyncio.gather(*tasks)
        during_roll = [v for v in readers.visits if v.finished >= rolled_at]
        return readers.visits[:], after_kill, during_roll, start, killed_at, rolled_at, done_at

    visits, after_kill, during_roll, start, killed_at, rolled_at, done_at = run_async(scenario())

    def show(line: str) -> None:
        record_property("printed", line)  # tests/conftest.py prints these at the end of the run, also from a worker

    before = summary("before the kill", [v for v in visits if v.finished < killed_at], start, show)
    killed = summary("after kill -9 of one replica", after_kill, killed_at, show)
    rolled = summary("rolling restart to a new data version", during_roll, rolled_at, show)
    assert before["failed"] == 0
    assert killed["failed"] == 0, [v.attempt.errors for v in after_kill if v.failed][:3]
    assert killed["interrupted, then served after reconnecting"] > 0, "the kill touched no reader: it tested nothing"
    assert rolled["failed"] == 0, [v.attempt.errors for v in during_roll if v.failed][:3]

    seen_new: set[int] = set()
    for visit in sorted(visits, key=lambda v: v.finished):
        named = versions_named(visit.attempt.load.texts)
        assert len(named) == 1, f"reader {visit.reader}, {visit.attempt.load.path}: data versions {named}"
        version = named.pop()
        assert version in (old_version, new_version)
        if version == new_version:
            seen_new.add(visit.reader)
        else:
            assert visit.reader not in seen_new, f"reader {visit.reader} saw {old_version} again after {new_version}"
        if visit.started >= done_at:
            assert version == new_version, f"reader {visit.reader} still on {old_version} after the roll"
    show(f"data versions: {old_version} before the roll, {new_version} after; each of {len(visits)} pages named one\n")
