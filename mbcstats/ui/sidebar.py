"""The sidebar every page shares: the data version and what it holds."""

from __future__ import annotations

import streamlit as st

from mbcstats.history import sorted_versions
from mbcstats.load import Package
from mbcstats.markdown_text import escape_markdown, small_lines
from mbcstats.methods import contents_summary
from mbcstats.ui.data import computed, tables_or_problem
from mbcstats.validate import HOW_TO_CHECK, DataError


def show_sidebar() -> None:
    """Data version and what it contains; a data problem shows here without stopping the page."""
    result = tables_or_problem(("versions", "sources"))
    with st.sidebar:
        if isinstance(result, str):
            st.warning(result)
            return
        if isinstance(result, DataError):
            st.warning(f"Data problem in {escape_markdown(result.file)}. {HOW_TO_CHECK}")
            return
        # One element, not one per line: every element is a message the browser waits for on each page.
        st.markdown(computed(sidebar_markdown, result))


def sidebar_markdown(data: Package) -> str:
    """The sidebar's text. Worked out once per data state (`computed`): the sidebar is drawn on every page's
    run, and building it (pandas row lookups) cost more than the rest of the Overview."""
    versions = data["versions"]
    latest = versions.loc[versions["version"] == sorted_versions(versions["version"])[-1]].iloc[0]
    lines = [*contents_summary(data["sources"]),
             "Every figure on every page names its source and period; the Data page lists what changed."]
    return (f"**Data version {escape_markdown(latest['version'])}**, released {escape_markdown(latest['released'])}"
            "\n\n**What it holds**\n\n" + small_lines(lines))
