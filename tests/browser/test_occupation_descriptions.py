"""What each occupation is, in O*NET's words, in a real Chromium at 1366 and 390 px, light and dark: under the
Overview's occupation choice and on the Check page, with the attribution, readable, with no sideways scrolling.
(The fact sheet's description is checked by tests/browser/test_factsheet_download.py.)

Expected words are read from data/*.csv with the csv module. Screenshots go to test-artifacts/screenshots/onet/.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCREENSHOTS, main_text, read_csv, screenshot_full

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS / "onet"
VIEWS = [(1366, "light"), (1366, "dark"), (390, "light"), (390, "dark")]
IDS = [f"{width}-{scheme}" for width, scheme in VIEWS]
DESCRIPTIONS = {row["soc_code"]: row for row in read_csv("occupation_descriptions.csv")}
ATTRIBUTION = {row["source_id"]: row["short_label"] for row in read_csv("sources.csv")}[DESCRIPTIONS["29-2072"]["source_id"]]

# The text colour of the first Markdown block holding `text`, and the app's background.
_COLOURS = """
text => {
  const block = [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')].find(b => b.innerText.includes(text));
  const app = document.querySelector('[data-testid="stApp"]');
  return block && {text: getComputedStyle(block.querySelector('p') || block).color,
                   background: getComputedStyle(app).backgroundColor,
                   size: parseFloat(getComputedStyle(block.querySelector('small') || block.querySelector('p') || block).fontSize)};
}
"""
_OVERFLOW = """
() => { const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(document.documentElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0); }
"""


def flat(text: str) -> str:
    return " ".join(text.split())


def quoted(code: str) -> str:
    return f"“{DESCRIPTIONS[code]['description']}”"


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(c)) for c in re.findall(r"[\d.]+", css)[:3])


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two CSS rgb() colours."""
    def luminance(css):
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in _rgb(css)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_without_sideways_scrolling(opened, text: str, name: str) -> None:
    page = opened.page
    colours = page.evaluate(_COLOURS, text)
    assert colours, f"no block holds {text!r}"
    assert (sum(_rgb(colours["background"])) / 3 < 100) == (opened.scheme == "dark"), colours
    assert contrast(colours["text"], colours["background"]) >= 4.5, colours
    assert colours["size"] >= 11, colours
    assert page.evaluate(_OVERFLOW) <= 1, f"{name} scrolls sideways at {opened.width} px"
    screenshot_full(page, SHOTS / f"{name}-{opened.width}-{opened.scheme}.png")
    assert opened.problems() == []


@pytest.mark.parametrize("width,scheme", VIEWS, ids=IDS)
def test_the_overview_describes_the_occupation(open_page, width, scheme):
    """The overview says, under the choice, what the occupation is, with the attribution."""
    opened = open_page("/", width=width, scheme=scheme, fresh=False)
    page = opened.page
    text = flat(main_text(page))
    assert flat(f"{DESCRIPTIONS['29-2072']['title']} (SOC 29-2072), in O*NET's words: {quoted('29-2072')}") in text
    assert f"Source: {ATTRIBUTION}" in text
    choice = page.locator('[data-testid="stRadio"]').first.bounding_box()
    described = page.locator('[data-testid="stMarkdownContainer"]', has_text="in O*NET's words").first.bounding_box()
    assert 0 <= described["y"] - (choice["y"] + choice["height"]) < 60, (choice, described)
    readable_without_sideways_scrolling(opened, "in O*NET's words", "overview")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_overview_explains_the_billers_stand_in_with_the_attribution(open_page, width):
    opened = open_page("/?occupation=43-3021", width=width, fresh=False)
    text = flat(main_text(opened.page))
    assert "Medical billers have no BLS category of their own" in text and flat(quoted("43-3021")) in text
    assert f"Source: {ATTRIBUTION}" in text
    readable_without_sideways_scrolling(opened, "Medical billers have no BLS category", "overview-billers")


@pytest.mark.parametrize("width,scheme", VIEWS, ids=IDS)
def test_the_check_page_meets_the_29_2072_claim(open_page, width, scheme):
    """The check page meets the claim about 29-2072 with its description and attribution."""
    opened = open_page("/check?q=classifies+both+roles", width=width, scheme=scheme, fresh=False)
    text = flat(main_text(opened.page))
    quotes = read_csv("article_quotes.csv")
    replaced = {row["supersedes"] for row in quotes}  # a corrected quote is shown once, as corrected
    claims = sum("classifies both roles" in row["sentence"] for row in quotes if row["quote_id"] not in replaced)
    expected = flat(f"What the occupation covers: SOC 29-2072, {DESCRIPTIONS['29-2072']['title']}, in O*NET's words: "
                    f"{quoted('29-2072')} ({ATTRIBUTION})")
    assert text.count(expected) == claims, text[:2000]
    readable_without_sideways_scrolling(opened, "What the occupation covers", "check")
