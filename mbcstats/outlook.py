"""Outlook queries: Employment Projections editions and the two kinds of job count."""

from __future__ import annotations

import pandas as pd

from mbcstats.figures import official, select
from mbcstats.pay import ALL_OCCUPATIONS, BILLERS, CODERS, PRE_2018_CODE, occupation_label

OUTLOOK_MEASURES = {
    "ep_growth": "Projected growth over the decade (percent)",
    "ep_openings": "Openings a year, annual average (thousands)",
    "ep_employment_change": "Projected change in employment (thousands)",
}


def projection_editions(table: pd.DataFrame, measure: str = "ep_growth", codes: list[str] | None = None) -> pd.DataFrame:
    """Each projection edition side by side, with its base and target years.

    Editions before the SOC 2018 codes carry 29-2098 in place of 29-2072, labelled as such.
    All occupations are compared only on growth: their openings and job changes are
    in millions and would flatten every occupation's bar.
    """
    if measure not in OUTLOOK_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(OUTLOOK_MEASURES)}")
    if codes is None:
        codes = [CODERS, BILLERS] + ([ALL_OCCUPATIONS] if measure == "ep_growth" else [])
    wanted = list(codes) + ([PRE_2018_CODE] if CODERS in codes else [])
    rows = official(select(table, measure=measure, occupation_code=wanted))
    rows = rows.assign(
        edition=rows["period"],
        occupation=[occupation_label(c, t) for c, t in zip(rows["occupation_code"], rows["occupation_title"])],
        base_year=rows["year"])
    order = {code: position for position, code in enumerate([CODERS, PRE_2018_CODE, BILLERS, ALL_OCCUPATIONS])}
    rows = rows.assign(_order=rows["occupation_code"].map(order).fillna(len(order)))
    return rows.sort_values(["_order", "year"]).drop(columns="_order").reset_index(drop=True)


def job_counts(table: pd.DataFrame, occupation_code: str = CODERS) -> pd.DataFrame:
    """The newest OEWS May count and the newest Employment Projections count, side by side, each labelled."""
    rows = []
    for measure, statistic in (("oews_employment", "count"), ("ep_employment", "count")):
        found = official(select(table, occupation_code=occupation_code, measure=measure, statistic=statistic))
        if not found.empty:
            rows.append(found.sort_values("year").iloc[-1])
    return pd.DataFrame(rows).reset_index(drop=True)


def all_occupations_missing(table: pd.DataFrame, measure: str = "ep_growth") -> list[str]:
    """Editions in the data for which the all-occupations figure is in none of the files."""
    editions = set(official(select(table, measure=measure))["period"])
    present = set(official(select(table, measure=measure, occupation_code=ALL_OCCUPATIONS))["period"])
    return sorted(editions - present)


JOB_COUNT_EXPLANATION = (
    "OEWS counts wage and salary jobs in May and leaves out the self-employed. Employment Projections count all "
    "workers, self-employed included, as an annual average. The two are different measures: neither is wrong, "
    "and a figure from one should never be dated or described as the other."
)


def count_cards(counts: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Each count of `job_counts` as a card: its label, its value, and what it counts, when and from which source."""
    from mbcstats.formatting import format_figure

    return [(row["statistic_label"], format_figure(row),
             f"{row['occupation_title']} ({row['occupation_code']}) · {row['period']} · Source: {row['source']}")
            for _, row in counts.iterrows()]
