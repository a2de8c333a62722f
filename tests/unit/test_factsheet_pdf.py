"""The fact sheet PDF: one page of Letter or A4, fonts embedded, text selectable, the chart as vectors, and every
headline figure with its source and period, the data version, the date and the newer-release note.

Expected values are read from the package's CSV files with the csv module, not from the code that builds the sheet.
"""

from datetime import date

import pytest

from mbcstats import factsheet, factsheet_pdf, headlines, load_package, occupations, places
from mbcstats.figures import figure_table
from tests.factsheet_reading import A4, FIGURES, LETTER, SOURCES, headline_ids, missing_figures, newer_notes_missing, read_pdf, rows

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def package():
    package = load_package()
    return package, figure_table(package), places.detail_table(package)


def sheet_for(package, occupation, state_name="", paper="letter"):
    package, table, detail = package
    cards = headlines.headlines(table, occupation, package["known_releases"], package["sources"])
    extra = []
    if state_name:
        code = next(c for c, name in places.states(detail).items() if name == state_name)
        extra = factsheet.state_chart(table, detail, occupation, code)
    sheet = factsheet.build(table, package["sources"], package.version, occupation, occupation, cards, extra,
                            today=TODAY, title_suffix=state_name, described=occupations.described(package))
    return read_pdf(factsheet_pdf.render(sheet, paper))


@pytest.mark.parametrize("occupation,state,paper,size", [("29-2072", "", "letter", LETTER), ("43-3021", "Ohio", "letter", LETTER),
                                                          ("29-2072", "Ohio", "a4", A4)])
def test_one_page_of_the_paper_chosen_with_fonts_embedded_and_no_picture(package, occupation, state, paper, size):
    read = sheet_for(package, occupation, state, paper)
    assert read.pages == 1 and tuple(round(side) for side in read.size) == size
    assert read.fonts and all(read.fonts.values()), read.fonts
    assert read.images == 0  # the chart is vector shapes and text


@pytest.mark.parametrize("occupation", ["29-2072", "43-3021"])
def test_every_headline_figure_with_its_source_and_period(package, occupation):
    assert missing_figures(sheet_for(package, occupation).text, occupation) == []


def test_the_version_the_date_and_the_newer_release_note(package):
    text = sheet_for(package, "29-2072").text
    version = max((row["version"] for row in rows("versions.csv")), key=lambda v: tuple(map(int, v.split("."))))
    assert f"data version {version}" in text and "produced 2026-11-23" in text
    assert newer_notes_missing(text) == []


def test_a_chosen_state_is_beside_the_nation(package):
    text = sheet_for(package, "43-3021", "Ohio").text
    ohio = next(r for r in rows("oews_detail.csv") if r["area_name"] == "Ohio" and r["occupation_code"] == "43-3021"
                and r["industry_code"] == "000000" and r["measure"] == "wage_annual" and r["statistic"] == "median")
    nation = FIGURES[f"oews-m{ohio['year']}-43-3021-a_median"]
    assert "state and nation" in text and f"Ohio ${float(ohio['value']):,.0f}" in text
    assert f"United States ${float(nation['value']):,.0f}" in text


def test_growth_is_set_against_all_occupations_from_the_same_file(package):
    text = sheet_for(package, "29-2072").text
    growth = next(FIGURES[i] for i in headline_ids("29-2072") if i.endswith("-growth"))
    everyone = FIGURES[growth["figure_id"].replace("29-2072", "00-0000")]
    assert (f"{float(growth['value']):g}%, against {float(everyone['value']):g}% for all occupations "
            f"({SOURCES[everyone['source_id']]['short_label']})") in text
    assert "faster than average cannot be classified from the files held" in text


def test_text_from_the_data_stays_text():
    hostile = "<b>bold</b> & <font size=40>big</font>"
    sheet = factsheet.Sheet(hostile, "1.0.0", "2026-01-01", (), (factsheet.Figure(hostile, "1", hostile),),
                            (factsheet.Bars(hostile, ((hostile, 1.0, "1"),), hostile),), (hostile,), (hostile,))
    assert read_pdf(factsheet_pdf.render(sheet)).text.count("<b>bold</b> & <font size=40>big</font>") >= 5
