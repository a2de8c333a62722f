"""What the one-page fact sheet says: headline figures, a chart or two, notes and every source and year.

This module decides the content only; factsheet_pdf lays it out on paper. Every figure keeps its source and
period beside it, and the sheet names the data version and the day it was produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from mbcstats.formatting import format_value
from mbcstats.headlines import Headline
from mbcstats.occupations import description_lines


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart: its title, one (label, value, value as written) per bar, and its source line."""

    title: str
    rows: tuple[tuple[str, float, str], ...]
    source: str


@dataclass(frozen=True)
class Figure:
    """One headline figure as the sheet prints it: what it is, its value, and its statistic, period and source."""

    label: str
    value: str
    caption: str
    more: tuple[str, ...] = ()    # context, the earlier edition or release, a newer release not yet held


@dataclass(frozen=True)
class Sheet:
    title: str
    version: str
    produced: str
    about: tuple[str, ...]
    figures: tuple[Figure, ...]
    charts: tuple[Bars, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def meta(self) -> str:
        return f"mbcstats data version {self.version} · produced {self.produced} · every figure with its source and year"


def comparison_rows(rows: pd.DataFrame, label_column: str = "occupation") -> tuple[tuple[str, float, str], ...]:
    return tuple((str(r[label_column]), float(r["value"]), format_value(r["value"], r["unit"])) for _, r in rows.iterrows()
                 if not pd.isna(r["value"]))


def figure_of(card: Headline) -> Figure:
    more = [card.context_text, card.change_source if card.change_text is None else f"{card.change_text}. {card.change_source}",
            "A newer release exists: see Read with care." if card.newer_text else None]
    return Figure(card.label, card.value_text, card.caption, tuple(text for text in more if text))


def source_line(row) -> str:
    return (f"{row.short_label}: {row.publisher}, {row.title}"
            f"{', published ' + row.publication_date if row.publication_date else ''}{'. ' + row.url if row.url else ''}")


NOTES = (
    "Pay is from BLS OEWS (wage and salary jobs, May). Growth and openings are BLS Employment Projections, which "
    "count all workers as an annual average. The remote share and certification premium come from AAPC's salary "
    "survey of people who chose to respond, not from BLS.",
    "A median is the middle wage: half earn more. Billers have no BLS category of their own; the nearest is Billing "
    "and Posting Clerks (43-3021) in all industries.",
)


def build(table: pd.DataFrame, sources: pd.DataFrame, version: str, occupation_code: str, occupation_label: str,
          cards: list[Headline], extra_charts: Sequence[tuple[str, pd.DataFrame, str]] = (), today: date | None = None,
          title_suffix: str = "", described: pd.DataFrame | None = None) -> Sheet:
    """The fact sheet for one occupation: what it is in O*NET's words (`described`, occupations.described), its
    headline cards, the pay comparison and any extra charts given (state_chart)."""
    from mbcstats import pay

    compared = pay.pay_comparison(table, "median", "annual")
    compared = compared.assign(occupation=[pay.SHORT_NAMES.get(c, t) for c, t in
                                           zip(compared["occupation_code"], compared["occupation_title"])])
    charts = [Bars(f"Median annual wage, {compared.iloc[0]['period']}", comparison_rows(compared),
                   ", ".join(dict.fromkeys(compared["source"])))]
    shown = [card for card in cards if card.latest is not None]
    used = set(compared["source_id"]) | {card.latest["source_id"] for card in shown}
    used |= {card.previous["source_id"] for card in shown if card.previous is not None}
    for title, rows, label_column in extra_charts:
        charts.append(Bars(title, comparison_rows(rows, label_column), ", ".join(dict.fromkeys(rows["source"]))))
        used |= set(rows["source_id"])
    about = () if described is None else tuple(description_lines(described, occupation_code))
    if about:
        used |= set(described.loc[described["soc_code"] == occupation_code, "source_id"])
    title = f"Medical billing and coding fact sheet: {occupation_label}" + (f", {title_suffix}" if title_suffix else "")
    listed = sources[sources["source_id"].isin(used)].fillna("")
    newer = tuple(dict.fromkeys(card.newer_text for card in shown if card.newer_text))
    return Sheet(title, version, (today or date.today()).isoformat(), about, tuple(figure_of(card) for card in shown),
                 tuple(chart for chart in charts if chart.rows), newer + NOTES,
                 tuple(source_line(row) for row in listed.itertuples()))


def state_chart(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, area_code: str) -> list:
    """The extra chart for a chosen state: its median annual wage beside the nation's, same OEWS release."""
    from mbcstats import places

    rows = places.state_beside_nation(figures, detail, occupation_code, area_code)
    if rows.empty or rows["value"].isna().all():
        return []
    return [(f"Median annual wage, {rows.iloc[0]['period']}: state and nation", rows, "place")]
