"""OEWS May detail by place: jobs, concentration and pay for every state, metropolitan and nonmetropolitan area,
rankings of them, and one place beside the nation with its sampling error; national employment by industry."""

from __future__ import annotations

import pandas as pd

from mbcstats import sampling_error
from mbcstats.figures import official, select, with_provenance
from mbcstats.formatting import format_value
from mbcstats.load import Package
from mbcstats.markdown_text import escape_markdown

DETAIL_TABLES = ["oews_detail", "industries", "sources", "occupations", "primary_files", "versions"]
ALL_INDUSTRIES = "000000"
BASES = {"annual": "wage_annual", "hourly": "wage_hourly"}


def detail_table(package: Package) -> pd.DataFrame:
    """oews_detail rows with occupation titles, provenance and each industry's level and ownership (industries.csv),
    in the columns downloads expect: a download filtered to one industry level adds up to at most its total."""
    levels = package["industries"][["industry_code", "source_id", "level", "ownership"]].rename(
        columns={"level": "industry_level", "ownership": "industry_ownership"})
    detail = package["oews_detail"].merge(levels, on=["industry_code", "source_id"], how="left", validate="many_to_one")
    rows = detail.assign(value_qualifier="", verification="matched_primary_file", note="",
                         setting=detail["industry_name"], area=detail["area_name"])
    return with_provenance(rows, package)


def _cross_industry(detail: pd.DataFrame, occupation_code: str) -> pd.DataFrame:
    return select(detail, occupation_code=occupation_code, industry_code=ALL_INDUSTRIES)


EXTRAS = {  # column -> the (measure, statistic) of the detail rows it holds, beside the chosen value
    "employment": ("oews_employment", "count"), "employment_rse": ("oews_employment", "rse"),
    "mean_wage_rse": ("wage_annual", "rse"), "location_quotient": ("location_quotient", "ratio"),
    "jobs_per_1000": ("jobs_per_1000", "rate"),
}


def wide(rows: pd.DataFrame, value_measure: str, value_statistic: str, key: str = "area_code",
          basis: str = "annual") -> pd.DataFrame:
    """One row per area (or industry, by `key`): the chosen value with its provenance, beside employment, the mean
    wage, their RSEs, jobs per 1,000 and the location quotient; each with its footnote, where BLS gave one instead."""
    value = select(rows, measure=value_measure, statistic=value_statistic).set_index(key)
    for column, (measure, statistic) in {**EXTRAS, "mean_wage": (BASES[basis], "mean")}.items():
        extra = select(rows, measure=measure, statistic=statistic).set_index(key)
        value[column] = extra["value"]
        value[f"{column}_footnote"] = extra["footnote"].reindex(value.index).fillna("")
    return value.reset_index()


def with_sampling_error(table: pd.DataFrame, nation_mean: pd.Series | None, nation_rse: pd.Series | None) -> pd.DataFrame:
    """The employment's approximate 90% interval (derived) and whether the mean wage differs from the nation's by
    more than sampling error, in words, as columns."""
    bounds = [sampling_error.interval(value, rse) for value, rse in zip(table["employment"], table["employment_rse"])]
    national = (None, None) if nation_mean is None or nation_rse is None else (nation_mean["value"], nation_rse["value"])
    return table.assign(
        employment_low_90=pd.array([b[0] if b else None for b in bounds], dtype="Float64"),
        employment_high_90=pd.array([b[1] if b else None for b in bounds], dtype="Float64"),
        mean_wage_vs_nation=sampling_error.compared_column(table["mean_wage"], table["mean_wage_rse"], *national,
                                                           "wage_annual", "mean"))


def national(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, measure: str,
             statistic: str) -> pd.Series | None:
    """The nation's figure for the same release as the detail (national rows live in figures.csv, the series table)."""
    year = detail["year"].max()
    rows = official(select(figures, occupation_code=occupation_code, measure=measure, statistic=statistic, year=year,
                           setting="All industries"))
    return None if rows.empty else rows.iloc[0]


PLACE_KINDS = {"states": ("state",), "areas": ("metro", "nonmetro")}
RANKINGS = {  # ranking -> (column, what it is called in a sentence), as BLS's occupation profiles rank places
    "employment": ("employment", "highest employment"),
    "concentration": ("location_quotient", "highest concentration of jobs (location quotient)"),
    "pay": ("value", "top paying"),
}


def ranked(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows highest first by `column`, ranked 1, 2, ...; rows BLS did not release come last, without a rank."""
    rows = table.sort_values(column, ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    rank = pd.array(range(1, len(rows) + 1), dtype="Int64")
    rows.insert(0, "rank", rank)
    rows.loc[rows[column].isna(), "rank"] = pd.NA
    return rows


def place_figures(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, places: str = "states",
                  statistic: str = "median", basis: str = "annual") -> pd.DataFrame:
    """Every state (places="states") or every metropolitan and nonmetropolitan area ("areas") BLS published: the
    chosen wage statistic, employment with its 90% interval, jobs per 1,000, location quotient, the mean wage and
    whether it differs from the nation's by more than sampling error. In the order BLS lists areas (by name)."""
    rows = _cross_industry(detail, occupation_code)
    table = wide(rows[rows["area_type"].isin(PLACE_KINDS[places])], BASES[basis], statistic, basis=basis)
    table = with_sampling_error(table, national(figures, detail, occupation_code, BASES[basis], "mean"),
                                national(figures, detail, occupation_code, "wage_annual", "rse"))
    return table.sort_values("area_name", kind="stable").reset_index(drop=True)


def ranking(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, places: str, by: str,
            statistic: str = "median", basis: str = "annual") -> pd.DataFrame:
    """Every state or area ranked by employment, concentration (location quotient) or pay (the chosen statistic)."""
    return ranked(place_figures(figures, detail, occupation_code, places, statistic, basis), RANKINGS[by][0])


def industry_employment(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, top: int = 8) -> pd.DataFrame:
    """National employment by three-digit industry, largest first, with each industry's share derived from the total."""
    rows = select(detail, occupation_code=occupation_code, area_type="national", measure="oews_employment", statistic="count")
    total = national(figures, detail, occupation_code, "oews_employment", "count")
    if total is None or rows.empty:
        return rows.iloc[0:0]
    industries = rows[rows["industry_level"] == "3-digit"].sort_values("value", ascending=False)
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
    "precise each estimate is: the larger it is, the less precise. From it, each place's employment gets an approximate "
    "90% interval, and its mean wage is said to be higher or lower than the nation's only where the difference is larger "
    "than sampling error (BLS publishes no such error for medians and percentiles, so they are not tested; the method is "
    "under Sources and methods). Where BLS did not release an estimate, the table says so and the map leaves the state "
    "grey. Jobs per 1,000 is the occupation's jobs per 1,000 jobs of all kinds in the place; the location quotient "
    "compares that with the nation's (above 1: more concentrated than the nation)."
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


AREA_KIND_NAMES = {"state": "state", "metro": "metropolitan area", "nonmetro": "nonmetropolitan area"}


def places_to_pick(detail: pd.DataFrame, occupation_code: str) -> dict[str, str]:
    """Area code -> 'name (state / metropolitan area / nonmetropolitan area)' for every state and area BLS published
    for the occupation, states first, each group by name: the choices of "my state, my area"."""
    rows = _cross_industry(detail, occupation_code)
    rows = rows[rows["area_type"].isin(list(AREA_KIND_NAMES))][["area_code", "area_name", "area_type"]].drop_duplicates()
    order = {kind: position for position, kind in enumerate(AREA_KIND_NAMES)}
    ordered = sorted(zip(rows["area_code"], rows["area_name"], rows["area_type"]), key=lambda r: (order[r[2]] > 0, r[1]))
    return {code: f"{name} ({AREA_KIND_NAMES[kind]})" for code, name, kind in ordered}


BESIDE_COLUMNS = ["Figure", "This place", "United States", "Sampling error"]  # shown on screen
BESIDE_NATION = [  # (what, measure, statistic) in the order a reader asks
    ("Employment (wage and salary jobs)", "oews_employment", "count"),
    ("Jobs per 1,000 jobs of all kinds", "jobs_per_1000", "rate"),
    ("Location quotient (1 = as concentrated as the nation)", "location_quotient", "ratio"),
    ("Mean wage", None, "mean"),
    ("Median wage", None, "median"),
    ("10th percentile wage", None, "p10"),
    ("90th percentile wage", None, "p90"),
]
NOT_FOR_NATION = {"jobs_per_1000": "not published for the nation", "location_quotient": "1 by definition"}


def _shown(row: pd.Series | None) -> str:
    if row is None:
        return "BLS published no such estimate for this place"
    if pd.isna(row["value"]) and row["footnote"] == "8":
        return "not released by BLS (OEWS footnote 8)"
    return format_value(row["value"], row["unit"], "", row["footnote"])


def place_beside_nation(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, area_code: str,
                        basis: str = "annual") -> pd.DataFrame:
    """One place's figures beside the nation's, same release: each row says what it is, the two values as text
    (what BLS did not release said so), and what sampling error allows one to say (tested only where BLS publishes
    an RSE: employment's 90% interval, the mean wage against the nation's). The columns shown (BESIDE_COLUMNS) are in
    plain words; the values, codes and provenance follow them for downloads."""
    place_rows = select(_cross_industry(detail, occupation_code), area_code=area_code)
    if place_rows.empty:
        return place_rows.iloc[0:0]

    def one(rows: pd.DataFrame, measure: str, statistic: str) -> pd.Series | None:
        found = select(rows, measure=measure, statistic=statistic)
        return None if found.empty else found.iloc[0]

    employment_rse = one(place_rows, "oews_employment", "rse")
    wage_rse = one(place_rows, "wage_annual", "rse")
    nation_wage_rse = national(figures, detail, occupation_code, "wage_annual", "rse")
    lines = []
    for what, measure, statistic in BESIDE_NATION:
        measure = measure or BASES[basis]
        place = one(place_rows, measure, statistic)
        nation = national(figures, detail, occupation_code, measure, statistic)
        if measure == "oews_employment":
            bounds = None if place is None or employment_rse is None else sampling_error.interval(place["value"], employment_rse["value"])
            error = (f"90% interval {format_value(bounds[0], 'jobs')} to {format_value(bounds[1], 'jobs')} (derived from "
                     f"its RSE, {format_value(employment_rse['value'], 'percent')})" if bounds
                     else sampling_error.NOT_RELEASED if place is None or pd.isna(place["value"]) else sampling_error.RSE_MISSING)
        elif statistic == "mean":
            error = sampling_error.compare_with_nation(
                None if place is None else place["value"], None if wage_rse is None else wage_rse["value"],
                None if nation is None else nation["value"], None if nation_wage_rse is None else nation_wage_rse["value"],
                measure, statistic)
        else:
            error = sampling_error.NO_RSE_PUBLISHED if measure.startswith("wage") else "no published sampling error"
        lines.append({"Figure": what, "This place": _shown(place), "United States": NOT_FOR_NATION.get(measure) or _shown(nation),
                      "Sampling error": error, "measure": measure, "statistic": statistic,
                      "value": None if place is None else place["value"],
                      "national_value": None if nation is None else nation["value"],
                      "footnote": "" if place is None else place["footnote"],
                      "figure_id": "" if place is None else place["figure_id"],
                      "national_figure_id": "" if nation is None else nation["figure_id"]})
    first = place_rows.iloc[0]
    frame = pd.DataFrame(lines).astype({"value": "Float64", "national_value": "Float64"})
    provenance = ["period", "source", "source_id", "source_publisher", "source_program", "source_edition",
                  "source_publication_date", "source_url", "verification", "verified_file", "verified_file_sha256"]
    return frame.assign(area_name=first["area_name"], area_type=first["area_type"], occupation_code=occupation_code,
                        occupation_title=first["occupation_title"], **{column: first[column] for column in provenance})


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


def beside_nation_source(beside: pd.DataFrame) -> str:
    """The source line under a place-beside-nation table."""
    if beside.empty:
        return ""
    first = beside.iloc[0]
    return (f"{first['area_name']} ({AREA_KIND_NAMES.get(first['area_type'], first['area_type'])}) and the United States, "
            f"{first['occupation_title']} ({first['occupation_code']}), {first['period']}. Source: {first['source']} "
            "(wage and salary jobs, all industries). Intervals and the comparison are derived from BLS's relative "
            "standard errors (method under Sources and methods).")


def beside_nation_markdown(beside: pd.DataFrame) -> str:
    """A place-beside-nation table as a Markdown list, one figure a line: it wraps in a narrow column and on a phone,
    and is made once and sent as a string (as st.table it was remade on every run, most of the page's rerun)."""
    if beside.empty:
        return ""
    place = escape_markdown(beside.iloc[0]["area_name"])
    return "\n".join(f"- **{escape_markdown(row['Figure'])}:** {place}: {escape_markdown(row['This place'])}; United States: "
                     f"{escape_markdown(row['United States'])}. *{escape_markdown(row['Sampling error'][:1].upper() + row['Sampling error'][1:])}.*"
                     for _, row in beside.iterrows())
