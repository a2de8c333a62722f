"""A download of national industry rows, filtered to any one industry level, adds up to at most the nation's total."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from mbcstats import export, industries, places
from mbcstats.load import load_tables
from tests.conftest import DATA_DIR


def _national_total(code: str) -> float:
    """The nation's all-industries OEWS May 2025 employment, read from figures.csv with the csv module."""
    with open(DATA_DIR / "figures.csv", newline="", encoding="utf-8") as handle:
        (value,) = [row["value"] for row in csv.DictReader(handle) if row["figure_id"] == f"oews-m2025-{code}-tot_emp"]
    return float(value)


@pytest.fixture(scope="module")
def detail() -> pd.DataFrame:
    return places.detail_table(load_tables(places.DETAIL_TABLES, DATA_DIR))


@pytest.mark.parametrize("code", ["29-2072", "43-3021"])
def test_each_industry_level_of_a_download_sums_to_at_most_the_national_total(detail, code):
    rows = industries.filter_detail(detail, occupation=[code], area_type=["national"], measure=["oews_employment"])
    rows = rows[rows["statistic"] == "count"]
    download = pd.read_csv(io.BytesIO(export.to_csv_bytes(export.download_frame(rows, "test"))), dtype={"industry_level": str})
    total = _national_total(code)
    sums = download.groupby("industry_level")["value"].sum()
    assert set(sums.index) >= {"sector", "3-digit", "4-digit", "5- or 6-digit", "ownership"}
    for level, summed in sums.items():
        assert summed <= total, f"{code}: the {level} rows add up to {summed:,.0f}, more than the nation's {total:,.0f}"
    assert sums["ownership"] == total  # private plus government: every job, once
    assert download["value"].sum() > 2 * total  # why the level matters: every level added together counts jobs many times


def test_every_detail_row_has_an_industry_level(detail):
    assert detail["industry_level"].notna().all() and (detail["industry_level"] != "").all()
    assert set(detail.loc[detail["area_type"] != "national", "industry_level"]) == {"all industries"}
