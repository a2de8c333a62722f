"""Where a reader meets an occupation, it is said what the occupation is, in O*NET's words, with the attribution:
under the Overview's occupation choice, on the fact sheet, beside the related occupations on Pay comparison, and on
the Check page where an article's claim is about what an occupation covers.

Expected words are read from data/*.csv with the csv module, never from the app's code.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.factsheet_reading import read_pdf

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


DESCRIPTIONS = {row["soc_code"]: row for row in read_csv("occupation_descriptions.csv")}
ATTRIBUTION = {row["source_id"]: row["short_label"] for row in read_csv("sources.csv")}[DESCRIPTIONS["29-2072"]["source_id"]]
CODERS, BILLERS = "29-2072", "43-3021"


def quoted(code: str) -> str:
    return f"“{DESCRIPTIONS[code]['description']}”"


def plain(markdown: str) -> str:
    """Markdown as markdown_text.escape_markdown wrote it, read as text: the escapes and :small[] dropped."""
    return markdown.replace("\\", "").replace(":small[", "").replace("]", "")


def run(page: str, **params) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    app.query_params.update(params)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def under_the_choice(app: AppTest) -> str:
    """The text of the element right after the Overview's occupation choice."""
    elements = list(app.main)
    after = next(i for i, element in enumerate(elements) if element.type == "radio" and element.key == "occupation") + 1
    assert elements[after].type == "markdown"
    return plain(elements[after].value)


def test_the_overview_describes_the_coders_occupation():
    """The overview says what the coders' occupation is, under the choice, with the attribution."""
    text = under_the_choice(run("overview"))
    assert quoted(CODERS) in text and DESCRIPTIONS[CODERS]["title"] in text
    assert f"Source: {ATTRIBUTION}" in text


def test_the_overview_explains_the_billers_stand_in():
    """The overview explains the billers' stand-in in O*NET's words, with the attribution."""
    app = run("overview")
    app.radio(key="occupation").set_value(BILLERS).run()
    text = under_the_choice(app)
    assert quoted(BILLERS) in text
    assert "Medical billers have no BLS category of their own" in text and "every industry" in text
    assert f"Source: {ATTRIBUTION}" in text


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict[str, object]:
    """file name -> the callable a download button builds its file with when clicked."""
    found = {}
    register = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **options):
        found[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return found


@pytest.mark.parametrize("code", [CODERS, BILLERS])
def test_the_fact_sheet_describes_the_occupation_and_cites_o_net(
        deferred_downloads, code):
    """The fact sheet says what the occupation is, with the attribution, and lists O*NET among its sources."""
    run("overview", occupation=code)
    sheet = read_pdf(deferred_downloads[f"mbcstats-fact-sheet-{code}-letter.pdf"]()).text
    assert " ".join(quoted(code).split()) in sheet
    assert f"Source: {ATTRIBUTION}" in sheet
    assert f"• {ATTRIBUTION}:" in sheet  # in the list of sources


def test_the_check_page_meets_the_both_roles_claim():
    """The check page meets the claim that 29-2072 covers both roles with its description."""
    app = run("check", q="classifies both roles")
    assert [header.value for header in app.header] == ["Medical Billing and Coding at a Glance"]
    cards = [card for card in "\n".join(plain(m.value) for m in app.markdown).split("---") if "classifies both roles" in card]
    quotes = read_csv("article_quotes.csv")
    replaced = {row["supersedes"] for row in quotes}  # a corrected quote is shown once, as corrected
    assert len(cards) == sum("classifies both roles" in row["sentence"] for row in quotes if row["quote_id"] not in replaced)
    for card in cards:
        assert f"What the occupation covers:** SOC {CODERS}, {DESCRIPTIONS[CODERS]['title']}, in O*NET's words: " \
               f"{quoted(CODERS)} ({ATTRIBUTION})" in card


def test_the_check_page_explains_the_billers_stand_in():
    """The check page explains the billers' stand-in where an article quotes a billers' figure."""
    app = run("check", q="medical billers")
    cards = [card for card in "\n".join(plain(m.value) for m in app.markdown).split("---")
             if "Billing and Posting Clerks (SOC 43-3021) · " in card]  # a billers' figure, not a correction naming it
    assert cards
    for card in cards:
        assert "Medical billers have no BLS category of their own" in card
        assert f"{quoted(BILLERS)}" in card and f"({ATTRIBUTION})" in card


def test_the_pay_page_describes_each_related_occupation():
    """The pay page says what each related occupation is, with the attribution."""
    app = run("pay")
    text = "\n".join(plain(m.value) for m in app.markdown)
    for code in DESCRIPTIONS:
        assert f"{DESCRIPTIONS[code]['title']} (SOC {code}): {quoted(code)}" in text
    assert "O*NET has no description of All Occupations (SOC 00-0000)." in text
    assert f"Source: {ATTRIBUTION}" in text
