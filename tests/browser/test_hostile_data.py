"""Hostile text in the data files reaches the browser as text, never as HTML or Markdown that runs (issue #6).

A second `streamlit run` server reads a copy of data/ (MBCSTATS_DATA_DIR) in which occupation titles,
figure notes, source labels, titles and programs, an article title and an article quote's sentence
carry HTML and Markdown payloads. Every page that shows one of the edited fields is opened in
Chromium and checked in the real DOM: the payload is visible literally, no dialog opened, no
element the payload could have made exists (an `img` with src "x", an inline event handler, a
`javascript:` link, a script, anything loading from example.invalid), no request left this machine
(conftest's fence records and aborts it), and no exception or traceback is on the page.

/data and the tables on /sources are drawn by Streamlit's canvas grid (text painted, not in the DOM), so
/data is not opened. (The URL case is tested in test_links.py; the same data files through AppTest in
tests/app/test_hostile_input.py.)
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.browser.conftest import (
    DATA_DIR,
    SCREENSHOTS,
    new_page,
    streamlit_server,
)

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
SCRIPT = "<script>alert(1)</script>"
MD_IMAGE = "![i](http://example.invalid/x.png)"
# Plotly's own markup: in a chart label it would draw a live link and styled text.
PLOTLY_MARKUP = '<a href="http://example.invalid/phish">here</a> <b>bold</b> <span style="font-size:60px">big</span>'
PAYLOADS = (IMG, LINK, SCRIPT, MD_IMAGE, PLOTLY_MARKUP)


@dataclass(frozen=True)
class Edit:
    """Prefix one field of one row of a data file with hostile text; `pages` are where the field shows as text."""

    file: str
    key_column: str
    key: str
    column: str
    payload: str
    pages: tuple[str, ...]
    region: str = "stMain"

    def apply(self, value: str) -> str:
        return f"{self.payload} {value}".strip()


ALL_PAGES = ("/", "/pay", "/outlook", "/work_settings", "/check", "/sources")
EDITS = [
    # Before "Medical Records Specialists": in card captions, findings and check cards (the radio and bar
    # labels naming the occupations are written in the code, not read from this file).
    Edit("occupations.csv", "soc_code", "29-2072", "title", f"{IMG} {MD_IMAGE}", ("/", "/work_settings", "/check")),
    Edit("occupations.csv", "soc_code", "43-3021", "title", f"{LINK} {SCRIPT}", ("/check",)),
    Edit("figures.csv", "figure_id", "aapc-2025-remote-share", "note", f"{LINK} {MD_IMAGE}", ("/work_settings",)),
    Edit("figures.csv", "figure_id", "aapc-2025-certification-premium", "note", f"{IMG} {SCRIPT}", ("/pay",)),
    # On /work_settings only in a chart's subtitle (Plotly SVG text).
    Edit("sources.csv", "source_id", "bls-oews-m2025", "short_label", SCRIPT, ("/", "/pay", "/work_settings", "/check")),
    Edit("sources.csv", "source_id", "bls-oews-m2025", "title", MD_IMAGE, ("/sources",)),
    Edit("sources.csv", "source_id", "aapc-2025", "short_label", f"{IMG} {LINK}", ("/", "/pay", "/work_settings", "/check")),
    # The sidebar's "What it holds" lists each program: on every page.
    Edit("sources.csv", "source_id", "aapc-2025", "program", f"{SCRIPT} {LINK}", ALL_PAGES, region="stSidebar"),
    # On /outlook an edition's period is a category of the bar chart's axis (Plotly SVG text).
    Edit("figures.csv", "figure_id", "ep-2019-29-00-0000-growth", "period", PLOTLY_MARKUP, ("/outlook",)),
    Edit("articles.csv", "article_id", "article-002", "title", f"{MD_IMAGE} {LINK}", ("/check",)),
    Edit("article_quotes.csv", "quote_id", "article-002-q04", "sentence", f"{IMG} {LINK} {SCRIPT} {MD_IMAGE}", ("/check",)),
]
PAGES = sorted({page for edit in EDITS for page in edit.pages}, key=ALL_PAGES.index)
# How long an injected handler or image gets to fire after the page has rendered, before the test asserts that
# none did. A bounded wait, not an expect: when the page is safe there is no event to wait for, only its absence.
INJECTED_HANDLER_GRACE_MS = 300
SHOWN = 80  # characters of an edited value looked for on the page (a long note may wrap or be cut)

# What the payloads could have made, anywhere in the document (not only in stMain). Not counted: an
# `<a href="http://example.invalid/x.png">` around the URL inside the Markdown-image payload. Streamlit's
# Markdown auto-links a bare URL even when escaped (GFM autolink literal); it is a plain http link that
# loads nothing by itself, and its text still reads as the payload.
_DOM_FINDINGS = """
() => {
  const short = node => node.outerHTML.slice(0, 200);
  const all = [...document.querySelectorAll('*')];
  return {
    img_src_x: [...document.querySelectorAll('img')].filter(n => (n.getAttribute('src') || '').trim() === 'x').map(short),
    inline_handlers: all.filter(n => [...n.attributes].some(a => a.name.toLowerCase().startsWith('on'))).map(short),
    javascript_links: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .filter(n => ['href', 'src', 'action', 'formaction'].some(a =>
        (n.getAttribute(a) || '').replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase().startsWith('javascript:')))
      .map(short),
    alert_scripts: [...document.querySelectorAll('script')].filter(n => n.textContent.includes('alert(')).map(short),
    example_invalid: [...document.querySelectorAll(['src', 'srcset', 'data', 'poster', 'style', 'background']
      .map(a => `[${a}*="example.invalid"]`).join(', '))].map(short),
    chart_links: [...document.querySelectorAll('.js-plotly-plot a')].map(short),  // our charts have none
  };
}
"""
NO_FINDINGS = {"img_src_x": [], "inline_handlers": [], "javascript_links": [], "alert_scripts": [], "example_invalid": [],
               "chart_links": []}


def _squeezed(text: str) -> str:
    """Without whitespace: a chart's SVG text reads with its wrapped lines run together."""
    return re.sub(r"\s+", "", text)


def _rewrite(data_dir, edits: list[Edit]) -> None:
    """Apply the edits to one file with the csv module, keeping its columns and line endings."""
    path = data_dir / edits[0].file
    ending = "\r\n" if b"\r\n" in path.read_bytes()[:4096] else "\n"
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    for edit in edits:
        matched = [row for row in rows if row[edit.key_column] == edit.key]
        assert len(matched) == 1, f"{edit.file}: {edit.key_column}={edit.key} matched {len(matched)} rows"
        matched[0][edit.column] = edit.apply(matched[0][edit.column])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator=ending)
        writer.writeheader()
        writer.writerows(rows)


def _expected_text() -> dict[Edit, str]:
    """Each edited value as it must read on the page (from the committed row, read with the csv module)."""
    expected = {}
    for edit in EDITS:
        with open(DATA_DIR / edit.file, newline="", encoding="utf-8") as handle:
            row = next(row for row in csv.DictReader(handle) if row[edit.key_column] == edit.key)
        expected[edit] = edit.apply(row[edit.column])[:SHOWN]
    return expected


EXPECTED = _expected_text()


@contextmanager
def edited_server(tmp_path_factory, name: str, edits: list[Edit]):
    """A second server reading a copy of data/ with `edits` made in it (hashes rewritten so it loads); its base URL."""
    from mbcstats.package import write_descriptor

    data = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(DATA_DIR, data)
    for file in sorted({edit.file for edit in edits}):
        _rewrite(data, [edit for edit in edits if edit.file == file])
    write_descriptor(data)
    with streamlit_server(f"streamlit-server-{name}.log", env={**os.environ, "MBCSTATS_DATA_DIR": str(data)}) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A second server reading a copy of data/ with hostile text in it."""
    with edited_server(tmp_path_factory, "hostile-data", EDITS) as base:
        yield base


def test_every_payload_reaches_some_page():
    # The edits cover all four payloads, each in at least one field a page shows.
    for payload in PAYLOADS:
        assert any(payload in edit.payload for edit in EDITS), payload


@pytest.mark.parametrize("path", PAGES)
def test_hostile_data_text_shows_as_text_and_runs_nothing(browser, hostile_server, module_context, path):
    opened = new_page(browser, f"hostile-data {path}", context=module_context)
    page = opened.page
    try:
        opened.goto(hostile_server + path)
        page.wait_for_timeout(INJECTED_HANDLER_GRACE_MS)  # nothing to expect: what is checked is that nothing fired
        text = {region: page.locator(f'[data-testid="{region}"]').inner_text() for region in ("stMain", "stSidebar")}

        missing = [f"{edit.file} {edit.key} {edit.column}: {expected!r}" for edit, expected in EXPECTED.items()
                   if path in edit.pages and _squeezed(expected) not in _squeezed(text[edit.region])]
        # A screenshot with the page's most hostile field in view, to see how it reads.
        most = max((edit for edit in EDITS if path in edit.pages and edit.region == "stMain"), key=lambda e: len(e.payload))
        shown = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').filter(
            has_text=EXPECTED[most][:40]).first
        if shown.count():
            shown.scroll_into_view_if_needed()
        name = "root" if path == "/" else path.strip("/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"hostile-data-{name}.png"), animations="disabled")

        assert missing == [], f"{path}: hostile data text not shown literally:\n" + "\n".join(missing)
        assert page.evaluate(_DOM_FINDINGS) == NO_FINDINGS
        assert opened.dialogs == []
        assert not any("example.invalid" in url for url in opened.blocked), opened.blocked
        for region, region_text in text.items():
            assert "Traceback (most recent call last)" not in region_text, region
        assert opened.problems() == []
    finally:
        opened.close()
