"""How every page run starts: under dashboard.py's navigation, or (run on its own) with its data state pinned."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mbcstats.ui.data import pin_data_state


def use_explicit_navigation() -> None:
    """Make dashboard.py's st.navigation the only navigation, also on a first visit to a page's URL.

    Streamlit 1.67 treats a `pages/` folder beside the entry script as the old automatic
    multipage mode and, in that mode, runs a page's script directly, without dashboard.py
    (no shared sidebar, file names as page titles). Turning the mode off and rerunning once
    hands every visit to dashboard.py's st.navigation. A page run on its own (as AppTest runs
    one) has no dashboard.py to pin its data state, so it pins it here.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    ctx = get_script_run_ctx()
    if ctx is not None and Path(ctx.main_script_path).name != "dashboard.py":
        pin_data_state()
