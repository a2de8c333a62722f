"""The fact sheet as the Overview gives it, in Chromium: for the coders on US Letter, and for the billers with a
state on A4 (chosen in the link). Read back with pypdf: one page of the paper chosen, every headline figure's value,
source and period as text, the newer-release note, the state beside the nation, and what the occupation is.

Expected values are read from data/*.csv with the csv module (tests/factsheet_reading.py).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import read_csv
from tests.factsheet_reading import A4, LETTER, missing_figures, newer_notes_missing, read_pdf

pytestmark = pytest.mark.browser

DESCRIPTIONS = {row["soc_code"]: row for row in read_csv("occupation_descriptions.csv")}
ATTRIBUTION = {row["source_id"]: row["short_label"] for row in read_csv("sources.csv")}[DESCRIPTIONS["29-2072"]["source_id"]]
OHIO = next(row for row in read_csv("oews_detail.csv") if row["area_type"] == "state" and row["area_name"] == "Ohio"
            and row["occupation_code"] == "43-3021" and row["industry_code"] == "000000"
            and row["measure"] == "wage_annual" and row["statistic"] == "median")


@pytest.mark.parametrize("occupation,query,button,size", [
    ("29-2072", "?occupation=29-2072", "Download fact sheet (PDF, US Letter)", LETTER),
    ("43-3021", f"?occupation=43-3021&state={OHIO['area_code']}&paper=a4", "Download fact sheet (PDF, A4)", A4),
])
def test_the_downloaded_fact_sheet(open_page, tmp_path, occupation, query, button, size):
    opened = open_page(f"/{query}", fresh=False)
    with opened.page.expect_download() as info:
        opened.page.get_by_role("button", name=button).click()
    assert info.value.suggested_filename.endswith(".pdf")
    read = read_pdf(open(info.value.path(), "rb").read())
    assert read.pages == 1 and tuple(round(side) for side in read.size) == size
    assert all(read.fonts.values()) and read.images == 0
    assert missing_figures(read.text, occupation) == [] and newer_notes_missing(read.text) == []
    assert " ".join(f"“{DESCRIPTIONS[occupation]['description']}”".split()) in read.text
    assert f"Source: {ATTRIBUTION}" in read.text
    if "state=" in query:
        assert f"Ohio ${float(OHIO['value']):,.0f}" in read.text and "state and nation" in read.text
    assert opened.problems() == []
