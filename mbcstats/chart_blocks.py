"""Each chart of the dashboard as one block: figure, its data, a download frame and a one-sentence finding.

Pages render blocks; they never compute. Every sentence is built from the rows it describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from mbcstats import charts, headlines, outlook, pay, work_settings
from mbcstats.formatting import article_titles, format_figure, name_articles, plain_table


class NoFigures(LookupError):
    """The data version has no figures for what was asked: a page says so in place of the chart."""


def _some(rows: pd.DataFrame, missing: str) -> pd.DataFrame:
    if rows.empty:
        raise NoFigures(missing)
    return rows


# What a reader came for first (name, value as written, period), then what it is and where it comes from.
TABLE_COLUMNS = ["occupation", "shown", "period", "statistic_label", "source", "verification"]


@dataclass(frozen=True)
class ChartBlock:
    key: str
    figure: go.Figure           # kept as a charts.PreparedFigure: st.plotly_chart's dict of it made once per block
    rows: pd.DataFrame          # the figures drawn, with every provenance column
    finding: str
    table_columns: tuple[str, ...] = tuple(TABLE_COLUMNS)

    def __post_init__(self):
        # Only the prepared form is kept: beside the builder's figure it would be a second copy of every trace
        # (a state map's is the largest, kept per block in ui.computed's shared cache).
        if not isinstance(self.figure, charts.PreparedFigure):
            object.__setattr__(self, "figure", charts.PreparedFigure(self.figure))

    @cached_property  # one frame per block, so that a grid of it finds its Arrow table in ui.computed's cache
    def table(self) -> pd.DataFrame:
        """The rows drawn as the reader sees them: each value written in its unit, headed in words."""
        rows = self.rows
        if "shown" in self.table_columns and "shown" not in rows.columns:
            rows = rows.assign(shown=[format_figure(r) for _, r in rows.iterrows()])
        return plain_table(rows[[c for c in self.table_columns if c in rows.columns]].reset_index(drop=True))


def _sources(rows: pd.DataFrame) -> str:
    return "; ".join(dict.fromkeys(rows["source"]))


def pay_comparison(table: pd.DataFrame, statistic: str, basis: str, year: int | None = None) -> ChartBlock:
    rows = _some(pay.pay_comparison(table, statistic, basis, year),
                 f"No {statistic} {basis} wages for May {year} in this data version.")
    label = rows.iloc[0]["statistic_label"]
    period = rows.iloc[0]["period"]
    title = f"{label}, {period}"
    parts = [f"{pay.SHORT_NAMES.get(r['occupation_code'], r['occupation_title'])} {format_figure(r)}" for _, r in rows.iterrows()]
    finding = f"{label} in {period}: " + "; ".join(parts) + f" ({_sources(rows)})."
    figure = charts.bar_chart(rows, "occupation", title, _sources(rows), rows.iloc[0]["unit"])
    return ChartBlock(f"pay-{statistic}-{basis}-{period}", figure, rows, finding)


def pay_over_time(table: pd.DataFrame, statistic: str, basis: str) -> ChartBlock:
    rows = _some(pay.pay_over_time(table, statistic, basis),
                 f"No {statistic} {basis} wages across releases in this data version.")
    label = rows.iloc[0]["statistic_label"]
    break_year = pay.soc_break_year(table)
    coders = rows[rows["occupation_code"] == pay.CODERS]
    finding = f"{label} across OEWS releases {rows['year'].min()}–{rows['year'].max()}."
    if not coders.empty:
        first, last = coders.iloc[0], coders.iloc[-1]
        finding = (f"{label} of coders (29-2072) went from {format_figure(first)} in {first['period']} to {format_figure(last)} in "
                   f"{last['period']}; before {first['period']} BLS published only the broader 29-2098, shown as its own line.")
    figure = charts.line_chart(rows, "occupation", "year", f"{label} by OEWS release (May of each year)",
                               "BLS OEWS, May " + f"{rows['year'].min()}–May {rows['year'].max()}", rows.iloc[0]["unit"],
                               marker_at=(break_year - 0.5) if break_year else None,
                               marker_text="SOC 2018 codes start" if break_year else "")
    return ChartBlock(f"pay-trend-{statistic}-{basis}", figure, rows, finding)


def percentile_spread(table: pd.DataFrame, basis: str, year: int | None = None,
                      codes: list[str] | None = None, key: str = "pay-spread") -> ChartBlock:
    rows = _some(pay.percentile_spread(table, basis, year, codes or pay.MAIN_COMPARISON),
                 f"No {basis} wage percentiles for May {year} in this data version." if year else
                 f"No {basis} wage percentiles in this data version.")
    period = rows.iloc[0]["period"]
    coders = rows[rows["occupation_code"] == pay.CODERS].set_index("statistic")
    finding = f"Pay spread by percentile, {period}."
    if {"p10", "p90"} <= set(coders.index):
        finding = (f"In {period}, 10 % of coders (29-2072) earned less than {format_figure(coders.loc['p10'])} and 10 % earned more "
                   f"than {format_figure(coders.loc['p90'])} ({_sources(rows)}).")
    medians = rows[rows["statistic"] == "median"].sort_values("value")
    if codes and len(codes) > len(pay.MAIN_COMPARISON) and len(medians) > 1:
        high, low = medians.iloc[-1], medians.iloc[0]
        finding = (f"Of the {len(medians)} occupations compared in {period}, {high['occupation_title']} have the highest "
                   f"median ({format_figure(high)}) and {low['occupation_title']} the lowest ({format_figure(low)}) ({_sources(rows)}).")
    finding += (" In the chart, each occupation's thin bar runs from the 10th to the 90th percentile, its thick bar from "
                "the 25th to the 75th, and the mark is its median.")
    figure = charts.spread_chart(rows, "occupation", f"Pay spread, 10th to 90th percentile of {basis} wages, {period}",
                                 _sources(rows), rows.iloc[0]["unit"])
    return ChartBlock(f"{key}-{basis}-{period}", figure, rows, finding)


def projection_editions(table: pd.DataFrame, measure: str) -> ChartBlock:
    rows = _some(outlook.projection_editions(table, measure),
                 "No projection editions of this measure in this data version.")
    rows = rows.assign(edition_label=[f"{e} (base {b}, target {t})" for e, b, t in
                                      zip(rows["edition"], rows["base_year"], rows["target_year"])])
    title = outlook.OUTLOOK_MEASURES[measure]
    missing = outlook.all_occupations_missing(table, measure) if measure == "ep_growth" else []
    finding = f"{title}, by Employment Projections edition {rows['edition'].min()} to {rows['edition'].max()}."
    coders = rows[rows["occupation_code"].isin([pay.CODERS, pay.PRE_2018_CODE])]
    if not coders.empty:
        ordered = coders.sort_values("year")
        last = ordered.iloc[-1]
        finding = f"The newest edition ({last['edition']}) projects {format_figure(last)} for coders (29-2072)"
        everyone = rows[(rows["occupation_code"] == pay.ALL_OCCUPATIONS) & (rows["source_id"] == last["source_id"])]
        finding += (f", against {format_figure(everyone.iloc[0])} for all occupations ({everyone.iloc[0]['source']}). "
                    f"{headlines.UNCLASSIFIED}" if not everyone.empty else ".")
        if len(ordered) > 1:  # an earlier edition projects another decade: a revision, not a fall
            before = ordered.iloc[-2]
            finding += f" The {before['edition']} edition projected {format_figure(before)} ({before['source']})."
        older = coders[coders["occupation_code"] == pay.PRE_2018_CODE]["edition"]
        if not older.empty:
            finding += f" Editions {', '.join(older)} publish only the broader 29-2098 (SOC 2010), shown as its own bars."
    if missing:
        finding += f" The all-occupations figure of {', '.join(missing)} is in none of the files held, so it is not shown."
    figure = charts.grouped_bar_chart(rows, "edition", "occupation", f"{title}, by projection edition",
                                      "BLS Employment Projections, editions " + f"{rows['edition'].min()} to {rows['edition'].max()}",
                                      rows.iloc[0]["unit"])
    return ChartBlock(f"outlook-{measure}", figure, rows, finding,
                      table_columns=("edition_label", "occupation", "shown", "statistic_label", "source", "verification"))


def employer_mix(table: pd.DataFrame, articles: pd.DataFrame | None = None) -> ChartBlock:
    """The Handbook's employer shares; a note citing an article by id names it by its title (`articles`)."""
    rows = _some(work_settings.employer_mix(table), "No employer shares in this data version.")
    titles = {} if articles is None else article_titles(articles)
    rows = rows.assign(occupation=rows["setting"], note=[name_articles(note, titles) for note in rows["note"].fillna("")])
    listed = _some(rows[~rows["derived"].astype(bool)], "No employer shares in this data version.")
    remainder = _some(rows[rows["derived"].astype(bool)], "No employer shares in this data version.").iloc[0]
    finding = ("Largest employers of medical records specialists: " +
               ", ".join(f"{r['setting'].lower()} {format_figure(r)}" for _, r in listed.iterrows()) +
               f"; the remaining {format_figure(remainder)} is derived as 100 % minus those shares "
               f"({listed.iloc[0]['source']}, {listed.iloc[0]['period']}).")
    figure = charts.bar_chart(rows, "setting", f"Share of jobs by employer, {listed.iloc[0]['period']}",
                              f"{listed.iloc[0]['source']}, as reported; last bar derived by mbcstats", "percent")
    return ChartBlock("employer-mix", figure, rows, finding,
                      table_columns=("setting", "shown", "period", "source", "verification", "note"))


def _who(frame: pd.DataFrame) -> str:
    return f"{frame.iloc[0]['occupation_title']} ({frame.iloc[0]['occupation_code']})"


def industry_employment(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str) -> ChartBlock:
    from mbcstats import places

    rows = _some(places.industry_employment(figures, detail, occupation_code),
                 "No industry estimates for this occupation in this data version.")
    rows = rows.assign(occupation=rows["industry_name"], unit="percent",
                       value_shown=[f"{v:,.0f} jobs" for v in rows["value"]])
    chart_rows = rows.assign(value=rows["share_percent"])
    listed = _some(rows[~rows["derived"]], "No industry estimates for this occupation in this data version.")
    period = listed.iloc[0]["period"]
    finding = (f"OEWS, {period}: the largest employers of {_who(listed)} by three-digit industry are "
               + ", ".join(f"{r['industry_name'].lower()} ({r['share_percent']:g}%)" for _, r in listed.head(3).iterrows())
               + "; shares are derived from OEWS employment, wage and salary jobs only.")
    figure = charts.bar_chart(chart_rows, "occupation", f"Share of wage and salary jobs by industry, {_who(listed)}, {period}",
                              f"{listed.iloc[0]['source']}; shares derived by mbcstats", "percent")
    return ChartBlock(f"industries-{occupation_code}", figure, rows, finding,
                      table_columns=("industry_name", "value_shown", "share_percent", "period", "industry_code", "derived",
                                     "source"))
