"""Ctrl+P on any page: printed to PDF at US Letter in Chromium, the content comes without the sidebar, and no chart
is wider than the printable area (measured with print media emulated: the boxes of the charts as drawn)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_page
from tests.browser.test_pages import PAGES
from tests.factsheet_reading import read_pdf

pytestmark = pytest.mark.browser

# US Letter and A4 in CSS pixels (96 to the inch), less the 12 mm margin each side the print stylesheet sets: a
# chart must fit the narrower.
MARGIN_PX = 12 / 25.4 * 96
PRINTABLE_WIDTH = min(8.5 * 96, 210 / 25.4 * 96) - 2 * MARGIN_PX

_DRAWN_WIDTHS = """() => [...document.querySelectorAll('.js-plotly-plot svg.main-svg:first-of-type')]
    .map(svg => svg.getBoundingClientRect().width)"""
_SIDEBAR_LINES = """() => (document.querySelector('[data-testid="stSidebar"]')?.innerText || '')
    .split('\\n').map(line => line.trim()).filter(line => line.length >= 25)"""


@pytest.mark.parametrize("name", list(PAGES))
def test_a_printed_page_has_no_sidebar_and_every_chart_fits_the_paper(browser, server, shared_context, name):
    opened = new_page(browser, name, context=shared_context(1366, "light"))
    try:
        opened.goto(server + PAGES[name]["path"])
        sidebar = opened.page.evaluate(_SIDEBAR_LINES)
        assert sidebar, "the sidebar shows no text on screen: nothing to look for on paper"
        opened.page.emulate_media(media="print")
        widths = opened.page.evaluate(_DRAWN_WIDTHS)
        assert len(widths) == PAGES[name]["charts"]
        assert [round(width) for width in widths if width > PRINTABLE_WIDTH] == [], f"printable width {PRINTABLE_WIDTH:.0f} px"
        printed = read_pdf(opened.page.pdf(format="Letter"))
        assert PAGES[name]["title"] in printed.text
        assert [line for line in sidebar if " ".join(line.split()) in printed.text] == []
        assert opened.problems() == []
    finally:
        opened.close()
