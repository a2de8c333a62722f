"""The dashboard as `deploy/serve start --replicas 2` serves it: every page through nginx in Chromium, readers spread
over both replicas with each one kept on its own, and the protocol client (benchmarks/protocol.py) checked against
the browser: for the same page it receives the same elements.

nginx logs, for every request, the replica that answered and the reader's replica key (deploy/nginx.conf), which is
how the tests see where a reader went.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.protocol import PageLoad, Session, record
from tests.browser.conftest import new_page
from tests.browser.test_pages import PAGES
from tests.deploy.serving import nginx_base, run_async, serve, start_arguments

pytestmark = pytest.mark.browser

LOGGED = re.compile(r" reader=(?P<reader>\S+) upstream=(?P<upstream>.+)$")  # the end of a line of nginx's access log
READERS = 16         # new readers for the spread: all on one replica by chance is 2 in 65536


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """`deploy/serve start --replicas 2`; yields (nginx's base URL, the run directory); stopped after."""
    run_dir = tmp_path_factory.mktemp("replicas")
    arguments = start_arguments(run_dir, replicas=2)
    try:
        started = serve(*arguments)
        assert started.returncode == 0, started.stdout + started.stderr
        yield nginx_base(arguments), run_dir
    finally:
        serve("stop", "--run-dir", run_dir)


def replicas_by_reader(run_dir: Path) -> dict[str, set[str]]:
    """Reader's replica key -> the replica addresses that answered its requests, from nginx's access log."""
    found = defaultdict(set)
    for line in (run_dir / "nginx-access.log").read_text().splitlines():
        logged = LOGGED.search(line)
        if logged and logged["upstream"] != "-":
            found[logged["reader"]].add(logged["upstream"])
    return found


def browser_page_load(frames: list[bytes], path: str) -> PageLoad:
    """The browser's websocket frames read as the protocol client reads its own, up to the first finished run."""
    load = PageLoad(path, "", 0.0)
    for frame in frames:
        message = ForwardMsg()
        message.ParseFromString(frame)
        record(load, message)
        if message.HasField("script_finished") and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            load.status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
            break
    return load


async def protocol_load(base: str, path: str) -> PageLoad:
    session = Session(base)
    try:
        return await session.load(path)
    finally:
        await session.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_through_two_replicas_and_the_protocol_client_sees_what_the_browser_sees(replicas, browser, name):
    """A fresh browser (its own cookies, so its own replica) renders the page through nginx with no problem, and a
    protocol session asking for the same page receives the same elements, as many of each type, as the browser."""
    base, run_dir = replicas
    expected = PAGES[name]
    opened = new_page(browser, name)
    frames: list[bytes] = []
    opened.page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: frames.append(payload) if isinstance(payload, bytes) else None))
    try:
        opened.goto(base + expected["path"])
        assert opened.page.locator('[data-testid="stMain"] h1').first.inner_text() == expected["title"]
        assert opened.page.locator(".js-plotly-plot").count() == expected["charts"]
        assert opened.problems() == []
    finally:
        opened.close()

    in_browser = browser_page_load(frames, expected["path"])
    by_protocol = run_async(protocol_load(base, expected["path"]))
    assert in_browser.ok and by_protocol.ok
    assert by_protocol.element_types == in_browser.element_types
    assert by_protocol.element_types["plotly_chart"] == expected["charts"]
    assert by_protocol.texts == in_browser.texts


def test_readers_are_spread_over_both_replicas_and_each_stays_on_its_own(replicas):
    """New readers (each with no cookie, then the cookie nginx gave it) land on both replicas; every request of
    one reader, its websocket and a second page included, is answered by one replica."""
    base, run_dir = replicas

    async def readers():
        sessions = [Session(base) for _ in range(READERS)]
        for session in sessions:
            await session.load("/sources")
            await session.load("/data")
            await session.close()
            await session.load("/check")  # a new websocket, as after a reload of the tab
            await session.close()
        return Counter(session.connections for session in sessions)

    assert run_async(readers()) == Counter({2: READERS})
    answered = replicas_by_reader(run_dir)
    assert len(answered) >= READERS
    assert all(len(addresses) == 1 for addresses in answered.values()), answered
    assert len(set().union(*answered.values())) == 2, answered
