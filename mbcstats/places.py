"""OEWS May detail: pay by state, metropolitan and nonmetropolitan areas, and employment by industry."""

from __future__ import annotations

import re

import pandas as pd

from mbcstats.figures import official, select, with_provenance
from mbcstats.load import Package

DETAIL_TABLES = ["oews_detail", "sources", "occupations", "primary_files", "versions"]
ALL_INDUSTRIES = "000000"
THREE_DIGIT_INDUSTRY = re.compile(r"^[1-9][0-9]{2}000$")  # e.g. 622000 Hospitals; sectors are written 62--63
BASES = {"annual": "wage_annual", "hourly": "wage_hourly"}


def detail_table(package: Package) -> pd.DataFrame:
    """oews_detail rows with occupation titles and provenance, in the columns downloads expect."""
    rows = package["oews_detail"].assign(value_qualifier="", verification="matched_primary_file", note="",
                                         setting=package["oews_detail"]["industry_name"],
                                         area=package["oews_detail"]["area_name"])
    return with_provenance(rows, package)


def _cross_industry(detail: pd.DataFrame, occupation_code: str) -> pd.DataFrame:
    return select(detail, occupation_code=occupation_code, industry_code=ALL_INDUSTRIES)


def _wide(rows: pd.DataFrame, value_measure: str, value_statistic: str) -> pd.DataFrame:
    """One row per area: the chosen value (with its provenance) beside employment, its RSE and the location quotient."""
    value = select(rows, measure=value_measure, statistic=value_statistic).set_index("area_code")
    extras = {
        "employment": ("oews_employment", "count"), "employment_rse": ("oews_employment", "rse"),
        "mean_wage_rse": ("wage_annual", "rse"), "location_quotient": ("location_quotient", "ratio"),
        "jobs_per_1000": ("jobs_per_1000", "rate"),
    }
    for column, (measure, statistic) in extras.items():
        value[column] = select(rows, measure=measure, statistic=statistic).set_index("area_code")["value"]
    return value.reset_index()


def state_pay(detail: pd.DataFrame, occupation_code: str, statistic: str = "median", basis: str = "annual") -> pd.DataFrame:
    """Each state's (and territory's) wage statistic, highest first; estimates BLS did not release come last, flagged."""
    rows = select(_cross_industry(detail, occupation_code), area_type="state")
    states = _wide(rows, BASES[basis], statistic)
    return states.sort_values("value", ascending=False, na_position="last").reset_index(drop=True)


def national(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, measure: str,
             statistic: str) -> pd.Series | None:
    """The nation's figure for the same release as the detail (national rows live in figures.csv, the series table)."""
    year = detail["year"].max()
    rows = official(select(figures, occupation_code=occupation_code, measure=measure, statistic=statistic, year=year,
                           setting="All industries"))
    return None if rows.empty else rows.iloc[0]


def area_ranking(detail: pd.DataFrame, occupation_code: str, statistic: str = "median", basis: str = "annual",
                 kinds: tuple[str, ...] = ("metro", "nonmetro")) -> pd.DataFrame:
    """Metropolitan and nonmetropolitan areas ranked by the wage statistic, with employment and location quotient."""
    rows = _cross_industry(detail, occupation_code)
    areas = _wide(rows[rows["area_type"].isin(kinds)], BASES[basis], statistic)
    areas = areas.sort_values("value", ascending=False, na_position="last").reset_index(drop=True)
    areas.insert(0, "rank", range(1, len(areas) + 1))
    areas.loc[areas["value"].isna(), "rank"] = pd.NA
    return areas


def industry_employment(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, top: int = 8) -> pd.DataFrame:
    """National employment by three-digit industry, largest first, with each industry's share derived from the total."""
    rows = select(detail, occupation_code=occupation_code, area_type="national", measure="oews_employment", statistic="count")
    total = national(figures, detail, occupation_code, "oews_employment", "count")
    if total is None or rows.empty:
        return rows.iloc[0:0]
    industries = rows[rows["industry_code"].str.match(THREE_DIGIT_INDUSTRY)].sort_values("value", ascending=False)
    shown = industries.head(top).copy()
    total_value = float(total["value"])
    remainder = shown.iloc[0].copy()
    remainder.update({"industry_code": "derived", "industry_name": "All other industries (derived)",
                      "setting": "All other industries (derived)", "figure_id": f"derived-from-{total['figure_id']}",
                      "value": total_value - float(shown["value"].sum()), "verification": "derived",
                      "source": f"Derived from {total['source']}"})
    shown = pd.concat([shown, remainder.to_frame().T], ignore_index=True).astype({"value": "Float64"})
    shown["share_percent"] = (shown["value"] / total_value * 100).round(1)
    shown["derived"] = shown["industry_code"] == "derived"
    return shown.reset_index(drop=True)


def industry_share(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, industry_code: str) -> float | None:
    """An industry's share of the occupation's national OEWS employment, in percent (derived)."""
    rows = select(detail, occupation_code=occupation_code, area_type="national", measure="oews_employment",
                  statistic="count", industry_code=industry_code)
    total = national(figures, detail, occupation_code, "oews_employment", "count")
    if rows.empty or total is None or pd.isna(rows.iloc[0]["value"]):
        return None
    return round(float(rows.iloc[0]["value"]) / float(total["value"]) * 100, 1)


PLACES_NOTE = (
    "BLS OEWS estimates for May, wage and salary jobs only. The relative standard error (RSE) in the tables says how "
    "precise each estimate is: the larger it is, the less precise. Where BLS did not release an estimate, the table "
    "says so and the map leaves the state grey. The location quotient compares the occupation's share of an area's "
    "jobs with its share nationally (above 1: more concentrated than the nation)."
)


def occupations_with_detail(detail: pd.DataFrame) -> dict[str, str]:
    """SOC code -> label for the occupations that have state or area detail, coders first."""
    pairs = detail[["occupation_code", "occupation_title"]].drop_duplicates().sort_values("occupation_code")
    from mbcstats.pay import CODERS, COMPARISON_LABELS

    labels = {code: COMPARISON_LABELS.get(code, f"{title} ({code})") for code, title in zip(pairs["occupation_code"], pairs["occupation_title"])}
    return dict(sorted(labels.items(), key=lambda item: item[0] != CODERS))


def detail_source(detail: pd.DataFrame) -> str:
    """The short citation of the detail rows, e.g. 'BLS OEWS, May 2025'."""
    return ", ".join(dict.fromkeys(detail["source"])) if not detail.empty else "BLS OEWS"


def states(detail: pd.DataFrame) -> dict[str, str]:
    """State (and territory) area code -> name, in alphabetical order."""
    rows = detail[detail["area_type"] == "state"][["area_code", "area_name"]].drop_duplicates()
    return dict(sorted(zip(rows["area_code"], rows["area_name"]), key=lambda item: item[1]))


def state_beside_nation(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, area_code: str,
                        statistic: str = "median", basis: str = "annual") -> pd.DataFrame:
    """One state's wage statistic beside the nation's, same release, each row with its provenance."""
    state = select(_cross_industry(detail, occupation_code), area_type="state", area_code=area_code,
                   measure=BASES[basis], statistic=statistic)
    nation = national(figures, detail, occupation_code, BASES[basis], statistic)
    rows = [state.iloc[0]] if not state.empty else []
    if nation is not None:
        rows.append(nation)
    frame = pd.DataFrame(rows).reset_index(drop=True)
    if frame.empty:
        return frame
    frame["place"] = [row["area_name"] if row.get("area_type") == "state" else "United States" for _, row in frame.iterrows()]
    return frame


def handbook_groups_in_oews(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str) -> pd.DataFrame:
    """The Handbook's employer groups beside this occupation's OEWS shares of the matching industries."""
    from mbcstats.work_settings import handbook_beside_oews

    return handbook_beside_oews(figures, lambda code: industry_share(figures, detail, occupation_code, code),
                                detail_source(detail))
