"""What the States and areas and Industries pages compute, against values read directly from the May 2025 snapshot.

The expected values come from the snapshot's database (opened with sqlite3 as tests/data/test_oews_2025_values.py
opens it, never through mbcstats.ingest); the values checked come from mbcstats's queries over the shipped package.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from mbcstats import industries, places
from mbcstats.figures import FIGURE_TABLES, figure_table
from mbcstats.load import load_tables
from tests.conftest import DATA_DIR
from tests.data.test_oews_2025_values import fetched, need  # noqa: F401  (fetched is a fixture)

CODERS = "292072"
OHIO, COLUMBUS_OH = "3900000", "0018140"
# BLS datatype -> the column of places.place_figures that holds it
COLUMNS = {"01": "employment", "02": "employment_rse", "16": "jobs_per_1000", "17": "location_quotient",
           "04": "mean_wage", "05": "mean_wage_rse"}


@pytest.fixture(scope="module")
def package():
    package = load_tables(list(dict.fromkeys([*FIGURE_TABLES, *places.DETAIL_TABLES])), DATA_DIR)
    return figure_table(package), places.detail_table(package)


def _cell(db, area_type: str, area: str, industry: str, datatype: str) -> float | None:
    row = db.execute(f"SELECT v{datatype} FROM cell WHERE key = ?", (f"OEU{area_type}{area}{industry}{CODERS}",)).fetchone()
    return None if row is None or row[0] in (None, "-") else float(row[0])


@pytest.mark.parametrize("area_type, area, places_kind", [("S", OHIO, "states"), ("M", COLUMBUS_OH, "areas")])
def test_one_state_and_one_metro_area_equal_the_snapshot(fetched, package, area_type, area, places_kind):  # noqa: F811
    """Employment, jobs per 1,000, location quotient and mean wage, each with its RSE where BLS publishes one."""
    db = need(fetched)
    table, detail = package
    row = places.place_figures(table, detail, "29-2072", places_kind, "mean", "annual").set_index("area_code").loc[area]
    for datatype, column in COLUMNS.items():
        expected = _cell(db, area_type, area, "000000", datatype)
        assert expected is not None, (area, datatype)
        assert float(row[column]) == expected, (area, column)
    assert float(row["value"]) == _cell(db, area_type, area, "000000", "04")  # the chosen statistic: the mean


def test_one_state_beside_the_nation_shows_the_snapshot_values(fetched, package):  # noqa: F811
    db = need(fetched)
    table, detail = package
    beside = places.place_beside_nation(table, detail, "29-2072", OHIO).set_index("measure")
    assert float(beside.loc["oews_employment", "value"]) == _cell(db, "S", OHIO, "000000", "01")
    assert float(beside.loc["oews_employment", "national_value"]) == _cell(db, "N", "0000000", "000000", "01")
    assert float(beside.loc["location_quotient", "value"]) == _cell(db, "S", OHIO, "000000", "17")


def _top_states(db, datatype: str) -> list[str]:
    rows = db.execute(f"SELECT substr(key, 5, 7), v{datatype} FROM cell WHERE key LIKE ? AND substr(key, 12, 6) = '000000'",
                      (f"OEUS%{CODERS}",)).fetchall()
    numbers = [(area, float(value)) for area, value in rows if value not in (None, "-")]
    return [area for area, _ in sorted(numbers, key=lambda item: -item[1])[:3]]


@pytest.mark.parametrize("by, datatype", [("employment", "01"), ("concentration", "17")])
def test_the_top_three_states_of_29_2072_are_the_snapshots(fetched, package, by, datatype):  # noqa: F811
    db = need(fetched)
    table, detail = package
    ranked = places.ranking(table, detail, "29-2072", "states", by)
    assert list(ranked["area_code"].head(3)) == _top_states(db, datatype)
    assert list(ranked["rank"].head(3)) == [1, 2, 3]


def test_the_top_3_digit_industry_by_employment_is_the_snapshots(fetched, package):  # noqa: F811
    """BLS's display level 3 with a NAICS 3-digit code (ddd000), read from the snapshot's own industry table."""
    db = need(fetched)
    table, detail = package
    three_digit = {code for code, level in db.execute("SELECT industry_code, display_level FROM industry")
                   if level == 3 and code.endswith("000")}
    rows = db.execute("SELECT substr(key, 12, 6), v01 FROM cell WHERE key LIKE ?", (f"OEUN0000000%{CODERS}",)).fetchall()
    employment = {code: float(value) for code, value in rows if code in three_digit and value not in (None, "-")}
    top = max(employment, key=employment.get)
    ranked = industries.industry_ranking(table, detail, "29-2072", "3-digit", "employment")
    assert (ranked.iloc[0]["industry_code"], float(ranked.iloc[0]["employment"])) == (top, employment[top])


def test_every_industry_has_the_snapshots_name_and_display_level(fetched):  # noqa: F811
    db = need(fetched)
    shipped = pd.read_csv(DATA_DIR / "industries.csv", dtype=str, keep_default_na=False).set_index("industry_code")
    snapshot = {code: (name, str(level)) for code, name, level in db.execute("SELECT * FROM industry")}
    assert set(shipped.index) == set(snapshot)
    for code, (name, level) in snapshot.items():
        assert shipped.loc[code, "bls_display_level"] == level, code
        assert shipped.loc[code, "industry_name"] == (name if code != "000000" else "All industries"), code


def test_a_state_whose_employment_bls_did_not_release_says_so_plainly(package):
    """The first state whose 29-2072 employment row in oews_detail.csv is empty with footnote 8 (read with csv)."""
    with open(DATA_DIR / "oews_detail.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["occupation_code"] == "29-2072" and r["area_type"] == "state"
                   and r["industry_code"] == "000000" and r["measure"] == "oews_employment" and r["statistic"] == "count"
                   and r["value"] == "" and r["footnote"] == "8")
    table, detail = package
    beside = places.place_beside_nation(table, detail, "29-2072", row["area_code"]).set_index("measure")
    assert beside.loc["oews_employment", "This place"] == "not released by BLS (OEWS footnote 8)"
    assert beside.loc["oews_employment", "Sampling error"] == "not tested: BLS did not release this estimate"
    listed = places.beside_nation_markdown(beside.reset_index())
    assert "not released by BLS" in listed and row["area_name"] in listed
