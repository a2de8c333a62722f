"""States and areas, and Industries, opened from a link that carries every new choice, at a laptop's and a phone's
width, light and dark: the link's choices are the ones shown, the map fills a phone's width, nothing scrolls
sideways, and the page is clean. Screenshots are written for a person to look at.

Expected names and codes are read from data/*.csv with the csv module, never from the app's own code.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, read_csv, screenshot_full

pytestmark = pytest.mark.browser

OHIO, COLUMBUS_OH = "3900000", "0018140"
LINKS = {
    "places": f"/places?occupation=43-3021&map=location_quotient&state={OHIO}&where=areas&rank=pay&area={COLUMBUS_OH}",
    "industries": "/industries?occupation=43-3021&level=4-digit&basis=hourly",
}


def _area_name(code: str) -> str:
    return next(row["area_name"] for row in read_csv("oews_detail.csv") if row["area_code"] == code)


def _checked(page, label: str) -> str:
    """The label of the checked option of the radio group named `label`."""
    group = page.locator('[data-testid="stRadio"]').filter(has_text=label)
    return group.locator('label:has(input:checked)').inner_text().strip()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("name", list(LINKS))
def test_a_link_opens_the_same_view_at_any_width_and_scheme(open_page, name, width, scheme):
    opened = open_page(LINKS[name], width=width, scheme=scheme, fresh=False)
    page = opened.page
    main = page.locator('[data-testid="stMain"]')
    selects = page.locator('[data-testid="stSelectbox"]')
    chosen = [selects.nth(i).locator("input").input_value() for i in range(selects.count())]
    assert "Billing and Posting Clerks" in chosen[0]
    if name == "places":
        assert _checked(page, "Colour the map by") == "Location quotient (concentration)"
        assert _checked(page, "Ranked by") == "Top paying"
        assert chosen[2] == _area_name(OHIO)
        assert chosen[3].startswith(_area_name(COLUMBUS_OH))
        assert "Location quotient by state" in main.locator(".js-plotly-plot").first.inner_text()
        assert "metropolitan and nonmetropolitan areas with an estimate" in main.inner_text()
        if width == 390:  # the map takes the phone's width (its colour bar sits under it)
            plot = main.locator(".js-plotly-plot").first.locator(".cartesianlayer").bounding_box()
            assert plot["width"] >= 0.8 * (390 - 32), plot
    else:
        assert _checked(page, "Industry level") == "4-digit industry groups"
        assert _checked(page, "Pay") == "Hourly"
        assert "4-digit industry groups with an estimate" in main.inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    screenshot_full(page, SCREENSHOTS / f"{name}-link-{width}-{scheme}.png")
    assert overflow <= width + 1, f"{name} scrolls sideways at {width} px"
    assert opened.problems() == []
    assert page.locator('[data-testid="stAlert"]').count() == 0  # no link value was ignored
