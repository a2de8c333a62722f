"""An occupation's national employment and pay by industry, one industry level at a time, and the detail rows an
analyst filters (by occupation, place, industry, industry level and measure), codes kept as text.

Industries of two levels overlap (a sector holds its 3-digit industries), so no table here ever holds two levels:
each is read at the level the reader picks, from the level that industries.csv gives every industry code.
"""

from __future__ import annotations

import pandas as pd

from mbcstats import places
from mbcstats.figures import select
from mbcstats.schema import MEASURE_NAMES

LEVEL_CHOICES = {"sector": "Sectors", "3-digit": "3-digit industries", "4-digit": "4-digit industry groups"}
INDUSTRIES_NOTE = (
    "BLS OEWS national estimates for May, wage and salary jobs only, by the industry of the employer. Industries are "
    "shown one level at a time: a sector holds its 3-digit industries, which hold their 4-digit groups, so figures of "
    "two levels must never be added together. Top paying means the highest mean wage, the statistic for which BLS "
    "publishes a sampling error; each is compared with the nation's mean wage (method under Sources and methods). "
    "Shares of the occupation's jobs are derived from OEWS employment."
)
INDUSTRY_RANKINGS = {  # ranking -> (column, what it is called in a sentence)
    "employment": ("employment", "most jobs"),
    "pay": ("mean_wage", "top paying (mean wage)"),
}


def industry_figures(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, level: str,
                     basis: str = "annual") -> pd.DataFrame:
    """Each national industry of one level: employment with its 90% interval and its share of the occupation's jobs
    (derived); the mean wage and whether it differs from the nation's by more than sampling error; the median wage.
    Rows keep the provenance of their employment estimate. (BLS publishes no jobs per 1,000 or location quotient by
    industry.)"""
    rows = select(detail, occupation_code=occupation_code, area_type="national", industry_level=level)
    if rows.empty:
        return rows.iloc[0:0]
    table = places.wide(rows, "oews_employment", "count", key="industry_code", basis=basis)
    median = select(rows, measure=places.BASES[basis], statistic="median").set_index("industry_code")
    table["median_wage"] = table["industry_code"].map(median["value"]).astype("Float64")
    table["median_wage_footnote"] = table["industry_code"].map(median["footnote"]).fillna("")
    total = places.national(figures, detail, occupation_code, "oews_employment", "count")
    table["share_percent"] = (table["employment"] / float(total["value"]) * 100).round(1) if total is not None else pd.NA
    table = places.with_sampling_error(table, places.national(figures, detail, occupation_code, places.BASES[basis], "mean"),
                                       places.national(figures, detail, occupation_code, "wage_annual", "rse"))
    return table.sort_values("industry_name", kind="stable").reset_index(drop=True)


def industry_ranking(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, level: str, by: str,
                     basis: str = "annual") -> pd.DataFrame:
    """Every industry of one level, ranked by employment ("employment") or mean wage ("pay")."""
    return places.ranked(industry_figures(figures, detail, occupation_code, level, basis), INDUSTRY_RANKINGS[by][0])


DETAIL_FILTERS = {  # filter -> column of the detail table; every one is text, compared as text
    "occupation": "occupation_code", "area_type": "area_type", "state": "state_code", "area": "area_code",
    "industry": "industry_code", "industry_level": "industry_level", "measure": "measure",
}


def detail_filter_options(detail: pd.DataFrame) -> dict[str, list[str]]:
    """For each filter of the detail table, the values present in it, sorted as text."""
    return {name: sorted(detail[column].dropna().astype(str).unique()) for name, column in DETAIL_FILTERS.items()}


def filter_detail(detail: pd.DataFrame, **chosen: list[str]) -> pd.DataFrame:
    """The detail rows matching every filter given (an empty choice: no filter on it). Codes stay text, so a state
    code 01 stays 01; a filter by one industry level gives rows that add up to at most that level's total."""
    unknown = sorted(set(chosen) - set(DETAIL_FILTERS))
    if unknown:
        raise ValueError(f"no detail filter named {', '.join(unknown)}; the filters are {', '.join(DETAIL_FILTERS)}")
    mask = pd.Series(True, index=detail.index)
    for name, values in chosen.items():
        if values:
            mask &= detail[DETAIL_FILTERS[name]].astype("string").isin([str(value) for value in values])
    return detail[mask].reset_index(drop=True)


AREA_TYPE_WORDS = {"national": "The nation", "state": "States and territories", "metro": "Metropolitan areas",
                   "nonmetro": "Nonmetropolitan areas"}


def detail_filter_labels(detail: pd.DataFrame) -> dict[str, dict[str, str]]:
    """For each filter of the detail table, each value in words with its code beside it (as an analyst searches
    for either)."""
    def words(frame: pd.DataFrame, code: str, name: str) -> dict[str, str]:
        pairs = frame[[code, name]].drop_duplicates(code)
        return {str(c): f"{n} ({c})" for c, n in zip(pairs[code], pairs[name])}

    nation_and_states = detail[detail["area_type"].isin(["national", "state"])]  # the nation's state code is 00
    return {
        "occupation": words(detail, "occupation_code", "occupation_title"),
        "area_type": {kind: AREA_TYPE_WORDS.get(kind, kind) for kind in detail["area_type"].dropna().unique()},
        "state": words(nation_and_states, "state_code", "area_name"),
        "area": words(detail, "area_code", "area_name"),
        "industry": words(detail, "industry_code", "industry_name"),
        "industry_level": {level: level.capitalize() for level in detail["industry_level"].dropna().unique()},
        "measure": {m: MEASURE_NAMES.get(m, m).capitalize() for m in detail["measure"].dropna().unique()},
    }


DETAIL_PREVIEW_COLUMNS = [  # what a reader came for first (the place, the industry, the value, its period and
    # source), the codes after
    "occupation_title", "area_name", "industry_name", "statistic_label", "value", "unit", "period", "source",
    "footnote", "industry_level", "industry_ownership", "area_type", "occupation_code", "state_code", "area_code",
    "industry_code", "figure_id",
]
DETAIL_SECTION_NOTE = ("The OEWS May figures this package holds for these occupations by state, by metropolitan and "
                       "nonmetropolitan area and by industry, with BLS's relative standard error where it publishes one. Open it to "
                       "filter the rows, preview them and download them with their sources.")
DETAIL_FILTER_WORDS = {"occupation": "Occupation", "area_type": "Area type", "state": "State", "area": "Area",
                       "industry": "Industry", "industry_level": "Industry level", "measure": "Measure"}


def detail_column_words(column_words: dict[str, str]) -> dict[str, str]:
    """The figures' column headings (figures.COLUMN_WORDS) with the detail table's own columns added."""
    return {**column_words, "area_type": "Area type", "state_code": "State code", "area_code": "Area code",
            "area_name": "Area", "industry_code": "Industry code (NAICS)", "industry_name": "Industry",
            "industry_level": "Industry level", "industry_ownership": "Ownership"}

DETAIL_PREVIEW_ROWS = 1000  # a grid of every detail row would send the browser tens of megabytes
DETAIL_EXCEL_ROWS = 20_000  # an Excel file of every detail row takes many seconds to build; the CSV has no limit


def detail_preview(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.head(DETAIL_PREVIEW_ROWS)


def detail_count_text(shown: int, total: int) -> str:
    """How many detail rows the filters keep, and that the preview shows only the first of them."""
    text = f"{shown:,} of {total:,} detail rows."
    if shown > DETAIL_PREVIEW_ROWS:
        text += f" The table shows the first {DETAIL_PREVIEW_ROWS:,}; the downloads hold all {shown:,}."
    if shown > DETAIL_EXCEL_ROWS:
        text += f" Excel is offered up to {DETAIL_EXCEL_ROWS:,} rows: filter further for it, or take the CSV."
    return text + " Filter by one industry level at a time before adding industry rows up: levels overlap."
