"""Accessibility in the browser: axe-core finds nothing serious in either theme, headings are in order,
every chart has a text alternative, and the keyboard alone reaches the controls and the downloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import OpenedPage, new_page
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

AXE = Path(os.environ.get("MBCSTATS_AXE", REPO_ROOT / ".test-tools/node_modules/axe-core/axe.min.js"))
PAGES = ["/", "/pay", "/outlook", "/work_settings", "/places", "/industries", "/check", "/data", "/sources"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.exists(), f"{AXE} is missing: tests/run installs axe-core from the npm registry"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(browser, server, shared_context):
    """rendered(path, scheme): the page opened and rendered once for this module's checks (a tab of the session's
    context for the scheme), so that axe, the headings and the charts of one page cost one load."""
    opened = {}

    def get(path: str, scheme: str = "light") -> OpenedPage:
        if (path, scheme) not in opened:
            opened[(path, scheme)] = new_page(browser, path, scheme=scheme, context=shared_context(1280, scheme))
            opened[(path, scheme)].goto(server + path)
        return opened[(path, scheme)]

    yield get
    for page in opened.values():
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_reports_no_serious_or_critical_violation(rendered, axe_source, path, scheme):
    opened = rendered(path, scheme)
    opened.page.add_script_tag(content=axe_source)
    result = opened.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:160]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("path", PAGES)
def test_headings_go_down_one_level_at_a_time(rendered, path):
    opened = rendered(path)
    levels = opened.page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stMain\"] :is(h1,h2,h3,h4)')]"
        ".filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))")
    assert levels and levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), levels


@pytest.mark.parametrize("path", ["/pay", "/outlook", "/work_settings", "/places", "/industries"])
def test_every_chart_has_a_text_alternative_and_its_table(rendered, path):
    opened = rendered(path)
    charts = opened.page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() > 0
    for index in range(charts.count()):
        label = charts.nth(index).evaluate("el => el.getAttribute('role') === 'figure' ? el.getAttribute('aria-label') || '' : ''")
        assert len(label) > 40, f"chart {index} has no text alternative"
    tables = opened.page.locator('[data-testid="stExpander"]').filter(has_text="Data behind this chart")
    assert tables.count() == charts.count()
    # Each table is drawn when its expander opens (a rerun), not sent closed: opening the last one shows its grid.
    assert tables.last.locator('[data-testid="stDataFrame"]').count() == 0
    tables.last.locator("summary").click()
    tables.last.locator('[data-testid="stDataFrame"]').wait_for(state="visible")
    tables.last.locator("summary").click()  # closed again, as the module's other checks of this page found it
    tables.last.locator('[data-testid="stDataFrame"]').wait_for(state="detached")


def test_the_keyboard_alone_reaches_the_controls_and_the_downloads(open_page):
    opened = open_page("/pay", fresh=False)
    page = opened.page
    page.locator('[data-testid="stMain"] h1').click()  # start in the page, as a reader tabbing from the top would
    reached = []
    for _ in range(120):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "() => { const el = document.activeElement;"
            " const kind = ['stSelectbox', 'stRadio', 'stDownloadButton', 'stPlotlyChart', 'stExpander']"
            "   .find(t => el.closest(`[data-testid=\"${t}\"]`)) || el.tagName;"
            " return kind + '|' + (el.getAttribute('aria-label') || el.textContent || '').slice(0, 40); }"))
    kinds = [entry.split("|")[0] for entry in reached]
    assert "stSelectbox" in kinds, reached[:20]
    assert "stRadio" in kinds, reached[:20]
    assert "stDownloadButton" in kinds, reached
    assert kinds.index("stSelectbox") < kinds.index("stDownloadButton")  # controls come before the results
