"""Data text stays text in Chromium (issue #17, items 7 and 8).

A second `streamlit run` server reads a copy of data/ in which an article quote's sentence, an article title, a figure
note, a source's short label (metric captions, check cards) and its program (the sidebar) carry a www. address, an
https:// URL and an e-mail address. GitHub-flavoured Markdown turns each into a live link even with its punctuation
escaped; on the pages that show them, none is a link and each still reads exactly as written.

Grids: Streamlit's own "Download as CSV" in a grid's toolbar writes cells starting with = + - @ unprotected, so it is
turned off (client.disableDataExport); the pages' own download buttons are formula-safe.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page
from tests.browser.test_hostile_data import Edit, edited_server

pytestmark = pytest.mark.browser

ADDRESSES = ("www.mbc-example.invalid/pay", "https://mbc-example.invalid/salary?from=data",
             "pay.desk@mbc-example.invalid")
TEXT = f"Details: {ADDRESSES[0]}, {ADDRESSES[1]} or {ADDRESSES[2]}."
EDITS = [
    Edit("article_quotes.csv", "quote_id", "article-000-q01", "sentence", TEXT, ("/check",)),
    Edit("articles.csv", "article_id", "article-002", "title", ADDRESSES[0], ("/check",)),
    Edit("figures.csv", "figure_id", "aapc-2025-certification-premium", "note", TEXT, ("/pay",)),
    Edit("sources.csv", "source_id", "aapc-2025", "short_label", ADDRESSES[2], ("/pay", "/check")),
    Edit("sources.csv", "source_id", "aapc-2025", "program", ADDRESSES[1], ("/pay", "/check"), region="stSidebar"),
]

# Every link in the page's content and sidebar: its address and text. Streamlit's own anchor beside a heading
# (an address of "#" and the heading's words, from the code) is the only kind these pages may have.
_LINKS = """
() => [...document.querySelectorAll('[data-testid="stMain"] a, [data-testid="stSidebarContent"] a')]
  .filter(a => !a.closest('[data-testid="stSidebarNav"]'))
  .map(a => ({href: a.getAttribute('href') || '', text: a.innerText}))
"""


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def address_server(tmp_path_factory):
    with edited_server(tmp_path_factory, "addresses", EDITS) as base:
        yield base


@pytest.mark.parametrize("path", ["/check", "/pay"])
def test_addresses_in_data_text_are_shown_verbatim_and_never_as_links(browser, address_server, module_context, path):
    opened = new_page(browser, f"addresses {path}", context=module_context)
    page = opened.page
    try:
        opened.goto(address_server + path)
        text = {region: _squeezed(page.locator(f'[data-testid="{region}"]').inner_text())
                for region in ("stMain", "stSidebar")}
        missing = [f"{edit.file} {edit.column}: {address}" for edit in EDITS if path in edit.pages
                   for address in ADDRESSES if address in edit.payload and address not in text[edit.region]]
        assert missing == [], "not shown as written"
        links = page.evaluate(_LINKS)
        assert [link for link in links if not link["href"].startswith("#")] == []
        assert [link for link in links if "mbc-example" in link["href"] + link["text"]] == []
        # What a reader copies from the sentence is the sentence: nothing hidden was put between its characters.
        markdown = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]')
        shown = markdown.filter(has_text=ADDRESSES[1]).first
        copied = shown.evaluate("""element => { const range = document.createRange(); range.selectNodeContents(element);
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
            return selection.toString(); }""")
        assert TEXT in _squeezed(copied)
        assert opened.problems() == []
    finally:
        opened.close()


def test_a_grid_toolbar_has_no_csv_download(open_page):
    opened = open_page("/sources")
    page = opened.page
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.hover()
    # The toolbar is there and drawn.
    expect(page.locator('[data-testid="stElementToolbar"]').get_by_role("button", name="Search").first).to_be_visible()
    labels = page.locator('[data-testid="stElementToolbar"] button').evaluate_all(
        "buttons => buttons.map(button => button.getAttribute('aria-label'))")
    assert labels and not [label for label in labels if "download" in (label or "").lower()], labels
    assert opened.problems() == []

