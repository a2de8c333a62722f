"""Readers who arrive together at a server that has just started all get the dashboard's own pages.

Streamlit decides on a server's first session whether `pages/` is an automatic multipage app; until the first run
under dashboard.py turns that off, a visit can run a page's script directly, without the sidebar. Each page must
notice that and hand the visit to dashboard.py's navigation, however many visits arrive in that moment."""

from __future__ import annotations

import asyncio

from benchmarks.protocol import Session
from tests.browser.conftest import streamlit_server
from tests.deploy.serving import run_async

PAGES = ["/", "/pay", "/outlook", "/work_settings", "/places", "/industries", "/check", "/data", "/sources"]
SIDEBAR = "**Data version"  # how the shared sidebar's text starts (mbcstats/ui/sidebar.py)


async def _first_visits(base: str) -> list:
    sessions = [Session(base) for _ in range(2 * len(PAGES))]
    try:
        return await asyncio.gather(*(session.load(PAGES[number % len(PAGES)]) for number, session in enumerate(sessions)))
    finally:
        await asyncio.gather(*(session.close() for session in sessions))


def test_visits_that_arrive_together_at_a_new_server_all_run_under_the_navigation():
    with streamlit_server("streamlit-first-visits.log") as base:
        loads = run_async(_first_visits(base))
    for load in loads:
        assert load.ok, (load.path, load.status, load.exceptions)
        assert any(text.startswith(SIDEBAR) for text in load.texts), f"{load.path} ran without the sidebar: {load.texts[:3]}"
