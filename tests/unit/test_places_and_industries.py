"""Place and industry queries on tiny hand-made frames: rankings, filters that keep codes as text, the levels."""

import io

import pandas as pd
import pytest

from mbcstats import export, industries, places
from mbcstats.ingest.oews_industries import level_of, ownership_of


def test_a_ranking_puts_places_without_an_estimate_last_and_unranked():
    table = pd.DataFrame({"area_name": ["A", "B", "C"], "employment": pd.array([10, None, 30], dtype="Float64")})
    ranked = places.ranked(table, "employment")
    assert list(ranked["area_name"]) == ["C", "A", "B"]
    assert list(ranked["rank"].astype(object).where(ranked["rank"].notna(), None)) == [1, 2, None]


def _detail():
    return pd.DataFrame({"occupation_code": ["29-2072", "29-2072"], "area_type": ["state", "metro"],
                         "state_code": ["01", "10"], "area_code": ["0100000", "0019060"], "industry_code": ["000000", "000000"],
                         "industry_level": ["all industries", "all industries"], "measure": ["oews_employment"] * 2,
                         "value": [1.0, 2.0]}).astype({c: "string" for c in ("occupation_code", "area_type", "state_code",
                                                                             "area_code", "industry_code", "industry_level", "measure")})


def test_a_state_code_stays_text_through_a_filter_and_a_csv_download():
    rows = industries.filter_detail(_detail(), state=["01"])
    assert list(rows["area_code"]) == ["0100000"]
    download = pd.read_csv(io.BytesIO(export.to_csv_bytes(export.download_frame(rows, "test"))),
                           dtype={"state_code": str, "area_code": str, "industry_code": str})
    assert (download.loc[0, "state_code"], download.loc[0, "area_code"], download.loc[0, "industry_code"]) == ("01", "0100000", "000000")


def test_an_empty_filter_keeps_every_row_and_an_unknown_one_is_refused():
    assert len(industries.filter_detail(_detail(), state=[], area=[])) == 2
    with pytest.raises(ValueError, match="no detail filter named county"):
        industries.filter_detail(_detail(), county=["x"])


@pytest.mark.parametrize("code, name, display_level, level", [
    ("62--63", "Sector 62 - Health Care and Social Assistance", 2, "sector"),
    ("622000", "Hospitals", 3, "3-digit"),
    ("622005", "Hospitals, Privately Owned", 4, "3-digit by ownership"),
    ("622100", "General Medical and Surgical Hospitals", 4, "4-digit"),
    ("622103", "General Medical and Surgical Hospitals, Local Government Owned", 5, "4-digit by ownership"),
    ("524114", "Direct Health and Medical Insurance Carriers", 5, "5- or 6-digit"),
    ("999201", "State Government, including Schools and Hospitals (OEWS Designation)", 2, "government level"),
    ("000001", "Cross-industry, Private Ownership only", 1, "ownership"),
])
def test_each_kind_of_oews_industry_code_gets_its_level(code, name, display_level, level):
    assert level_of(code, name, display_level) == level


def test_an_ownership_split_whose_code_disagrees_with_its_name_is_refused():
    with pytest.raises(ValueError, match="last digit"):
        level_of("622003", "Hospitals, Privately Owned", 4)


def test_a_code_no_rule_fits_is_refused():
    with pytest.raises(ValueError, match="fits 0"):
        level_of("62--63", "Sector 62 - Health Care and Social Assistance", 3)


def test_ownership_is_read_from_the_title():
    assert ownership_of("611102", "Elementary and Secondary Schools, State Government Owned") == "state government"
    assert ownership_of("491000", "Postal Service (Federal Government)") == "federal government"
    assert ownership_of("621100", "Offices of Physicians") == "all ownerships"
