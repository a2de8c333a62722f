"""The printable fact sheet: its figures, sources, version and date, escaped text, and one printed page."""

import csv
import re
from datetime import date

import pandas as pd
import pytest

from mbcstats import factsheet, headlines, load_package
from mbcstats.figures import figure_table
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def sheet():
    package = load_package()
    table = figure_table(package)
    cards = headlines.headlines(table, "29-2072", package["known_releases"], package["sources"])
    return factsheet.build(table, package["sources"], package.version, "29-2072", "Coders", cards, today=date(2026, 11, 23))


def latest_oews_year():
    with open(REPO_ROOT / "data/figures.csv", newline="") as handle:
        return max(int(r["year"]) for r in csv.DictReader(handle) if r["figure_id"].startswith("oews-m"))


def figure(figure_id):
    with open(REPO_ROOT / "data/figures.csv", newline="") as handle:
        return next(float(r["value"]) for r in csv.DictReader(handle) if r["figure_id"] == figure_id)


def test_the_fact_sheet_carries_the_headline_figures_with_source_and_year(sheet):
    year = latest_oews_year()
    assert f"${figure(f'oews-m{year}-29-2072-a_median'):,.0f}" in sheet
    assert f"{figure('ep-2024-34-29-2072-growth'):g}%" in sheet
    assert f"Source: BLS OEWS, May {year}" in sheet and "BLS Employment Projections 2024-34" in sheet
    assert "AAPC 2025 Salary Survey" in sheet


def test_the_fact_sheet_names_the_data_version_and_the_date(sheet):
    with open(REPO_ROOT / "data/versions.csv", newline="") as handle:
        version = list(csv.DictReader(handle))[-1]["version"]
    assert f"data version {version}" in sheet and "produced 2026-11-23" in sheet


def test_the_fact_sheet_has_no_script_and_fetches_nothing(sheet):
    assert "<script" not in sheet.lower()
    assert re.search(r"\b(src|href)\s*=", sheet) is None and "url(" not in sheet  # nothing to load
    assert "<svg" in sheet


def test_text_from_the_data_is_escaped_in_the_fact_sheet():
    hostile = "<img src=x onerror=alert(1)>"
    svg = factsheet.svg_bars(hostile, [(hostile, 1.0, hostile)], hostile)
    assert "<img" not in svg and "&lt;img" in svg
    html = factsheet.fact_sheet(hostile, [], [], pd.DataFrame(columns=["short_label", "publisher", "title",
                                                                       "publication_date", "url"]), "1.0.0", [hostile])
    assert "<img" not in html


def test_a_chosen_state_adds_its_median_beside_the_nations():
    from mbcstats import places

    package = load_package()
    table = figure_table(package)
    detail = places.detail_table(package)
    code = next(c for c, name in places.states(detail).items() if name == "Ohio")
    cards = headlines.headlines(table, "29-2072", package["known_releases"], package["sources"])
    sheet = factsheet.build(table, package["sources"], package.version, "29-2072", "Coders", cards,
                            factsheet.state_chart(table, detail, "29-2072", code), title_suffix="Ohio")
    with open(REPO_ROOT / "data/oews_detail.csv", newline="") as handle:
        ohio = next(r for r in csv.DictReader(handle) if r["area_name"] == "Ohio" and r["occupation_code"] == "29-2072"
                    and r["industry_code"] == "000000" and r["measure"] == "wage_annual" and r["statistic"] == "median")
    assert "fact sheet: Coders, Ohio" in sheet
    assert f"${float(ohio['value']):,.0f}" in sheet and "state and nation" in sheet
