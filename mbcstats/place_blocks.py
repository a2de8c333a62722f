"""Chart blocks of places and industries: the state map, rankings of states, areas and industries, each with the
full table behind it (every place or industry, sortable) and a one-sentence finding built from its rows."""

from __future__ import annotations

import pandas as pd

from mbcstats import charts, industries, places
from mbcstats.chart_blocks import ChartBlock, _some, _sources, _who  # the shared helpers of every chart block
from mbcstats.formatting import format_figure, format_value

# What the map colours states by -> (column of places.place_figures, unit, name in a title); "pay" is the statistic chosen.
MAP_MEASURES = {
    "pay": ("value", None, None),
    "employment": ("employment", "jobs", "Employment"),
    "jobs_per_1000": ("jobs_per_1000", "per_thousand_jobs", "Jobs per 1,000 jobs"),
    "location_quotient": ("location_quotient", "ratio", "Location quotient"),
}
MAP_CHOICES = {"pay": "Pay", "employment": "Employment", "jobs_per_1000": "Jobs per 1,000 jobs",
               "location_quotient": "Location quotient (concentration)"}

# Columns of the tables shown, in plain words (the downloads keep every column under its data name as well).
SHOWN = {
    "rank": "Rank", "area_name": "Place", "area_kind": "Kind of place", "industry_name": "Industry",
    "industry_code": "Industry code (NAICS)", "employment": "Employment", "employment_low_90": "Employment, 90% low",
    "employment_high_90": "Employment, 90% high", "employment_rse": "Employment RSE (%)",
    "share_percent": "Share of the occupation's jobs (%), derived", "jobs_per_1000": "Jobs per 1,000 jobs",
    "location_quotient": "Location quotient", "pay_shown": "Pay (chosen statistic)", "mean_wage": "Mean wage",
    "mean_wage_rse": "Mean wage RSE (%)", "mean_wage_vs_nation": "Mean wage against the nation (sampling error)",
    "median_wage": "Median wage", "not_released": "What BLS did not release", "period": "Period", "source": "Source",
}
WAGE_UNITS = {"annual": "usd_per_year", "hourly": "usd_per_hour"}
NOT_RELEASED_NAMES = {"employment": "employment", "jobs_per_1000": "jobs per 1,000", "location_quotient": "location quotient",
                      "mean_wage": "mean wage", "value": "the chosen wage statistic"}


def _not_released(table: pd.DataFrame) -> list[str]:
    """For each row, the estimates BLS did not release, said plainly (empty where it released them all)."""
    columns = [c for c in NOT_RELEASED_NAMES if c in table.columns]
    missing = [[NOT_RELEASED_NAMES[c] for c in columns if pd.isna(row[c])] for _, row in table.iterrows()]
    return [f"{', '.join(names)}: not released by BLS" if names else "" for names in missing]


def _labelled(table: pd.DataFrame) -> pd.DataFrame:
    """The rows with the plain-word columns the on-screen table shows, added beside the data columns."""
    table = table.assign(not_released=_not_released(table))
    if "area_type" in table:
        table = table.assign(area_kind=table["area_type"].map(places.AREA_KIND_NAMES))
    if "value" in table and "unit" in table:
        table = table.assign(pay_shown=[format_figure(r) for _, r in table.iterrows()])
    table = table.assign(**{label: table[column] for column, label in SHOWN.items() if column in table.columns})
    bounds = [SHOWN[c] for c in ("employment_low_90", "employment_high_90") if c in table.columns]
    return table.assign(**{label: table[label].round(0) for label in bounds})  # whole jobs on screen; exact in the data


def _shown_columns(table: pd.DataFrame, columns: list[str]) -> tuple[str, ...]:
    return tuple(SHOWN[c] for c in columns if c in table.columns)


def state_map(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, statistic: str, basis: str,
              measure: str = "pay") -> ChartBlock:
    """Every state coloured by pay (the chosen statistic), employment, jobs per 1,000 or location quotient."""
    from mbcstats import geo

    table = _some(places.place_figures(figures, detail, occupation_code, "states", statistic, basis),
                  "No state estimates for this occupation in this data version.")
    column, unit, name = MAP_MEASURES[measure]
    label = table.iloc[0]["statistic_label"] if measure == "pay" else name
    unit = unit or table.iloc[0]["unit"]
    shown = _labelled(table)  # its pay column is the chosen statistic's, whatever the map shows
    rows = shown.assign(value=shown[column], unit=unit, footnote=shown["footnote" if measure == "pay" else f"{column}_footnote"])
    rows = rows.sort_values("value", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    period = rows.iloc[0]["period"]
    released = _some(rows.dropna(subset=["value"]), "BLS released no state estimate for this occupation and measure.")
    top, bottom = released.iloc[0], released.iloc[-1]
    nation = places.national(figures, detail, occupation_code, places.BASES[basis], statistic) if measure == "pay" else (
        places.national(figures, detail, occupation_code, "oews_employment", "count") if measure == "employment" else None)
    reference = f"United States: {format_value(nation['value'], nation['unit'])}" if nation is not None else ""
    finding = (f"{label} of {_who(rows)}, {period}: highest in {top['area_name']} ({format_value(top['value'], unit)}), "
               f"lowest in {bottom['area_name']} ({format_value(bottom['value'], unit)})"
               + (f"; {reference.replace(': ', ' ')}" if reference else "") + f" ({_sources(rows)}).")
    not_released = rows[rows["value"].isna()]
    if not not_released.empty:
        finding += f" BLS did not release an estimate for {', '.join(not_released['area_name'])}."
    figure = charts.state_map(rows, geo.state_shapes(), f"{label} by state, {_who(rows)}, {period}", _sources(rows), unit,
                              reference)
    # The colour bar under the map, not beside it: on a phone the map then takes the screen's whole width.
    figure.update_traces(selector=-1, marker_colorbar=dict(orientation="h", x=0.5, xanchor="center", y=0, yanchor="top",
                                                           len=0.8, thickness=10))
    figure.update_layout(height=480)
    key = f"states-{occupation_code}-{statistic}-{basis}" if measure == "pay" else f"states-{occupation_code}-{measure}"
    return ChartBlock(key, figure, rows, finding, table_columns=_shown_columns(rows, [
        "area_name", "employment", "employment_low_90", "employment_high_90", "jobs_per_1000", "location_quotient",
        "pay_shown", "mean_wage", "mean_wage_rse", "mean_wage_vs_nation", "not_released", "period", "source"]))


def place_ranking(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, where: str, by: str, statistic: str,
                  basis: str, top: int = 15) -> ChartBlock:
    """States or areas ranked by employment, concentration or pay: the top ones drawn, every one in the table."""
    rows = _some(places.ranking(figures, detail, occupation_code, where, by, statistic, basis),
                 "No estimates for these places and this occupation in this data version.")
    column, what = places.RANKINGS[by]
    unit = {"employment": "jobs", "location_quotient": "ratio"}.get(column) or rows.iloc[0]["unit"]
    label = rows.iloc[0]["statistic_label"] if by == "pay" else what
    ranked = _some(rows.dropna(subset=[column]), "BLS released none of these estimates for this occupation.")
    kind = "states" if where == "states" else "metropolitan and nonmetropolitan areas"
    first, period = ranked.iloc[0], rows.iloc[0]["period"]
    finding = (f"Among {len(ranked)} {kind} with an estimate, {first['area_name']} ranks first for "
               f"{what if by != 'pay' else 'pay (' + label.lower() + ')'} of {_who(rows)}: "
               f"{format_value(first[column], unit)} ({period}; {_sources(rows)}"
               + (f"; its mean wage is {first['mean_wage_vs_nation']}). " if by == "pay" and statistic == "mean" else "). ")
               + f"The table lists all {len(rows)}, sortable by any column.")
    chart_rows = ranked.head(top).assign(value=ranked.head(top)[column], occupation=ranked.head(top)["area_name"])
    title = f"Top {min(top, len(ranked))} {kind}: {what if by != 'pay' else label.lower()}, {_who(rows)}, {period}"
    figure = charts.bar_chart(chart_rows, "occupation", title, _sources(rows), unit)
    shown = _labelled(rows)
    return ChartBlock(f"rank-{where}-{by}-{occupation_code}-{statistic}-{basis}", figure, shown, finding,
                      table_columns=_shown_columns(shown, [
                          "rank", "area_name", "area_kind", "employment", "employment_low_90", "employment_high_90",
                          "jobs_per_1000", "location_quotient", "pay_shown", "mean_wage", "mean_wage_vs_nation",
                          "not_released", "period", "source"]))


def industry_ranking(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, level: str, by: str,
                     basis: str = "annual", top: int = 10, key: str = "industries") -> ChartBlock:
    """Industries of one level ranked by employment or mean wage: the top ones drawn, every one in the table. `key`
    names the chart's place on a page that draws two rankings."""
    rows = _some(industries.industry_ranking(figures, detail, occupation_code, level, by, basis),
                 "No industry estimates at this level for this occupation in this data version.")
    column, what = industries.INDUSTRY_RANKINGS[by]
    unit = "jobs" if by == "employment" else WAGE_UNITS[basis]
    ranked = _some(rows.dropna(subset=[column]), "BLS released none of these industry estimates for this occupation.")
    first, period = ranked.iloc[0], rows.iloc[0]["period"]
    level_name = industries.LEVEL_CHOICES.get(level, level).lower()
    lead = (f"{first['industry_name']} employs the most {_who(rows)}: {format_value(first[column], unit)} jobs" if by == "employment"
            else f"{first['industry_name']} pays {_who(rows)} the most: a mean wage of {format_value(first[column], unit)}, "
                 f"{first['mean_wage_vs_nation']}")
    finding = (f"Among {len(ranked)} {level_name} with an estimate, {lead} ({period}, national; {_sources(rows)}). "
               f"Only one industry level is shown at a time, so the employment column adds up to at most the nation's.")
    chart_rows = ranked.head(top).assign(value=ranked.head(top)[column], occupation=ranked.head(top)["industry_name"])
    figure = charts.bar_chart(chart_rows, "occupation", f"{what.capitalize()}: {level_name}, {_who(rows)}, {period}",
                              _sources(rows), unit)
    shown = _labelled(rows.drop(columns=["value", "jobs_per_1000", "location_quotient"]))  # not published by industry
    return ChartBlock(f"{key}-{level}-{by}-{occupation_code}-{basis}", figure, shown, finding,
                      table_columns=_shown_columns(shown, [
                          "rank", "industry_name", "industry_code", "employment", "share_percent", "employment_low_90",
                          "employment_high_90", "mean_wage", "mean_wage_rse", "mean_wage_vs_nation", "median_wage",
                          "not_released", "period", "source"]))
