"""A second yardstick for speed.py (c): the dashboard's own pages, replayed.

`record()` captures, while AppTest runs `dashboard.py` switched to a page, every message the run sends
the browser (page config, sidebar, every element and block, with its text, chart and table data).
`write_app()` writes a Streamlit app whose pages send exactly those messages again, under the same
navigation (titles, URL paths), with no data loading and no computation of its own.

The browser then draws the same thing from both servers, so ours / replay is what our code (its script
run, the server's waits on it) adds to a page load, and replay / baseline is what the page's content
costs in Streamlit and Chromium: its widgets' and grids' scripts, its elements, its chart marks.
Uses Streamlit internals (the AppTest runner's message list, `enqueue_message`): a yardstick for a
benchmark, never part of the app.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path


@contextlib.contextmanager
def capturing():
    """Within it, `messages[0]` is the list of ForwardMsgs of the latest AppTest run."""
    import streamlit.testing.v1.local_script_runner as runner

    messages: list[list] = [[]]
    original = runner.parse_tree_from_messages

    def keep(sent):
        messages[0] = list(sent)
        return original(sent)

    runner.parse_tree_from_messages = keep
    try:
        yield messages
    finally:
        runner.parse_tree_from_messages = original


def recording(messages: list) -> dict:
    """What a page's run sent, ready for `write_app`: the navigation, and every other message as bytes."""
    navigation = next(message.navigation for message in messages if message.WhichOneof("type") == "navigation")
    pages = [(page.page_name, page.url_pathname, page.is_default) for page in navigation.app_pages]
    sent = [message.SerializeToString() for message in messages if message.WhichOneof("type") != "navigation"]
    return {"pages": pages, "messages": sent}


APP = '''"""Benchmark yardstick: the dashboard's pages replayed from recorded messages (benchmarks/replay.py)."""

import pickle

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import enqueue_message


@st.cache_resource
def recorded():
    with open({path!r}, "rb") as handle:
        return pickle.load(handle)


def replay(name):
    def page():
        for data in recorded()["by_page"].get(name, []):
            enqueue_message(ForwardMsg.FromString(data))
    page.__name__ = "page_" + (name or "default")
    return page


START = {start!r}  # the page to open at "/", or None for the dashboard's own default page
pages = [st.Page(replay(path), title=title, url_path=path or "overview",
                 default=default if START is None else path == START)
         for title, path, default in recorded()["pages"]]
st.navigation(pages).run()
'''


def write_app(directory: Path, recordings: dict[str, dict], start: str | None = None) -> Path:
    """recordings: URL path ("" for the default page) -> `recording(...)`. Returns the app's script.

    With `start` (a URL path among the recordings), that page is the default one, so that an AppTest of the
    script runs it without switching pages (speed.py (b)); the navigation keeps the same titles and paths."""
    directory = Path(directory)
    first = next(iter(recordings.values()))
    data = {"pages": first["pages"], "by_page": {path: r["messages"] for path, r in recordings.items()}}
    stem = "replay" if start is None else f"replay_{start or 'overview'}"
    with open(directory / f"{stem}.pickle", "wb") as handle:
        pickle.dump(data, handle)
    script = directory / f"{stem}_app.py"
    script.write_text(APP.format(path=str(directory / f"{stem}.pickle"), start=start), encoding="utf-8")
    return script
