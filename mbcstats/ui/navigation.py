"""How every page run starts: under dashboard.py's navigation, or (run on its own) with its data state pinned."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mbcstats.ui.data import pin_data_state

ENTRY_SCRIPT = "dashboard.py"
_run = threading.local()  # each session's script runs on a thread of its own


@contextmanager
def running_under_navigation() -> Iterator[None]:
    """dashboard.py runs the chosen page inside this, so a page can tell it was not run directly."""
    _run.navigated = True
    try:
        yield
    finally:
        _run.navigated = False


def use_explicit_navigation(entry_script: bool = False) -> None:
    """Make dashboard.py's st.navigation the only navigation, also on a first visit to a page's URL.
    dashboard.py calls this with entry_script=True, each page with no argument.

    Streamlit 1.67 treats a `pages/` folder beside the entry script as the old automatic
    multipage mode and, in that mode, runs a page's script directly, without dashboard.py
    (no shared sidebar, file names as page titles). Turning the mode off and rerunning hands
    every visit to dashboard.py's st.navigation. The mode is a process-wide switch read when a
    run starts, so a run that began before another session turned it off still reaches a page
    directly: that run is handed over too. A page run on its own (as AppTest runs one, with the
    page as its entry script) has no dashboard.py to pin its data state, so it pins it here.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    ctx = get_script_run_ctx()
    if entry_script or ctx is None:
        return
    if Path(ctx.main_script_path).name != ENTRY_SCRIPT:
        pin_data_state()
    elif not getattr(_run, "navigated", False):
        st.rerun()
