"""The dashboard on a phone: a mobile Chromium (mobile user agent, touch, 390 x 844), light and dark.

On every page: every text inside every chart (value labels, ticks, legend, title, source line, notes) is at least
11 px as drawn, transforms included; no two texts of a chart overlap or are cut off at the chart's edge; no chart
and no table is wider than the screen, and the page does not scroll sideways. Choosing a page in the navigation closes it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, WAIT_TIMEOUT, new_page, screenshot_full, wait_rendered
from tests.browser.test_pages import CLIPPED_TEXT, PAGES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/156.0.0.0 Mobile Safari/537.36")
SMALLEST_TEXT = 11  # px as drawn

# Every non-empty text of every chart: its text, its drawn font size (the computed size times the scale of its
# screen transform, which takes in every SVG transform above it) and its box on screen.
_CHART_TEXTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((plot, index) =>
  [...plot.querySelectorAll('svg text')].filter(text => text.textContent.trim() && text.getBoundingClientRect().width > 0
      && getComputedStyle(text).visibility !== 'hidden' && getComputedStyle(text).opacity !== '0').map(text => {
    const m = text.getScreenCTM();
    const box = text.getBoundingClientRect();
    return {chart: index, text: text.textContent.trim().slice(0, 60),
            size: parseFloat(getComputedStyle(text).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)),
            box: [box.left, box.top, box.right, box.bottom]};
  })).flat()"""
_WIDE = """(width) => {
  const wide = [...document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"]')]
    .map(element => element.getBoundingClientRect()).filter(box => box.right > width + 0.5 || box.left < -0.5)
    .map(box => [Math.round(box.left), Math.round(box.right)]);
  const main = document.querySelector('[data-testid="stMain"]');
  return {wide, sideways: Math.max(document.documentElement.scrollWidth - window.innerWidth,
                                   main ? main.scrollWidth - main.clientWidth : 0)};
}"""


def overlaps(texts: list[dict]) -> list[str]:
    """Pairs of texts of one chart whose boxes cross by more than a pixel each way."""
    found = []
    for position, first in enumerate(texts):
        for second in texts[position + 1:]:
            if first["chart"] != second["chart"]:
                continue
            (l1, t1, r1, b1), (l2, t2, r2, b2) = first["box"], second["box"]
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append(f"chart {first['chart']}: {first['text']!r} over {second['text']!r}")
    return found


@pytest.fixture(scope="module")
def phone(browser):
    """phone(scheme): one mobile browser context per colour scheme for this module."""
    contexts = {}

    def get(scheme: str):
        if scheme not in contexts:
            contexts[scheme] = browser.new_context(viewport=PHONE, screen=PHONE, user_agent=USER_AGENT, is_mobile=True,
                                                   has_touch=True, device_scale_factor=3, color_scheme=scheme,
                                                   service_workers="block")
            contexts[scheme].set_default_timeout(WAIT_TIMEOUT)
        return contexts[scheme]

    yield get
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_reads_on_a_phone(phone, browser, server, name, scheme):
    opened = new_page(browser, name, 390, scheme, context=phone(scheme))
    try:
        opened.goto(server + PAGES[name]["path"])
        texts = opened.page.evaluate(_CHART_TEXTS)
        assert bool(texts) == bool(PAGES[name]["charts"])
        small = sorted({f"{t['text']!r} {t['size']:.1f} px" for t in texts if t["size"] < SMALLEST_TEXT - 0.05})
        assert small == [], f"{len(small)} chart texts under {SMALLEST_TEXT} px"
        assert overlaps(texts) == []
        assert opened.page.evaluate(CLIPPED_TEXT) == []
        assert opened.page.evaluate(_WIDE, PHONE["width"]) == {"wide": [], "sideways": 0}
        screenshot_full(opened.page, SCREENSHOTS / "phone" / f"{name}-{scheme}.png")
        assert opened.problems() == []
    finally:
        opened.close()


def test_choosing_a_page_closes_the_navigation(phone, browser, server):
    opened = new_page(browser, "navigation", 390, "light", context=phone("light"))
    try:
        opened.goto(server + "/")
        sidebar = opened.page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        opened.page.get_by_test_id("stExpandSidebarButton").tap()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        sidebar.get_by_role("link", name="Outlook").tap()
        opened.page.wait_for_url("**/outlook")
        wait_rendered(opened.page)
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0  # off the screen
        assert opened.page.locator("h1").first.inner_text() == PAGES["outlook"]["title"]
        assert opened.problems() == []
    finally:
        opened.close()
