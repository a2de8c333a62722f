"""Headline figures: the newest value of a measure, and the change since the previous comparable release."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from mbcstats.figures import select
from mbcstats.formatting import format_change, format_figure, format_value
from mbcstats.freshness import newer_note, newer_than
from mbcstats.pay import ALL_OCCUPATIONS

# BLS's words for growth ("faster than average") follow a rule per edition that none of the files held gives.
UNCLASSIFIED = ("Whether BLS would call it faster than average cannot be classified from the files held: the rule for "
                "its wording is not among them.")

# Prefer a statistical program's own file over the Handbook's rounding of it, and either over a survey.
KIND_PREFERENCE = ["official_statistics", "handbook", "industry_survey", "code_set_publisher"]


@dataclass(frozen=True)
class Headline:
    label: str
    latest: pd.Series | None
    previous: pd.Series | None
    newer: pd.Series | None = None   # a newer release of the same program that the data does not hold yet
    context: pd.Series | None = None  # the all-occupations figure of the same file, for growth

    @property
    def projected(self) -> bool:
        """Projections: two editions project different decades, so the earlier one is a revision, not a change."""
        return self.latest is not None and str(self.latest["measure"]).startswith("ep_")

    @cached_property  # the cards are shared and drawn on every run
    def newer_text(self) -> str | None:
        return None if self.newer is None else newer_note(self.newer)

    @cached_property
    def value_text(self) -> str:
        row = self.latest
        return "no figure" if row is None else format_figure(row)

    @cached_property
    def caption(self) -> str:
        """Statistic, occupation, period and source: what the number is and where it comes from."""
        row = self.latest
        if row is None:
            return "No figure in this data version."
        who = row["population"] if row["occupation_match"] == "nearest" else f"{row['occupation_title']} ({row['occupation_code']})"
        return f"{row['statistic_label']} · {who} · {row['period']} · Source: {row['source']}"

    @cached_property
    def change_text(self) -> str | None:
        if self.latest is None or self.previous is None or self.projected:
            return None
        if pd.isna(self.latest["value"]) or pd.isna(self.previous["value"]):
            return None
        difference = self.latest["value"] - self.previous["value"]
        return f"{format_change(difference, self.latest['unit'])} since {self.previous['period']}"

    @cached_property
    def change_source(self) -> str | None:
        """Where the earlier figure of the change comes from, shown under the card; for projections, the earlier
        edition's figure worded as what that edition projected."""
        if self.projected and self.previous is not None and not pd.isna(self.previous["value"]):
            return (f"The {self.previous['period']} edition projected {format_figure(self.previous)} "
                    f"({self.previous['source']}).")
        if self.change_text is None:
            return None
        return f"Change from {format_value(self.previous['value'], self.previous['unit'])} ({self.previous['source']})."

    @cached_property
    def context_text(self) -> str | None:
        """Growth against all occupations' from the same file; BLS's words for it only where their rule is held."""
        if self.latest is None or self.latest["measure"] != "ep_growth":
            return None
        if self.context is None:
            return f"No all-occupations figure for {self.latest['period']} in the files held, so it cannot be compared."
        return (f"{format_figure(self.latest)}, against {format_figure(self.context)} for all occupations "
                f"({self.context['source']}). {UNCLASSIFIED}")

    @cached_property
    def detail_text(self) -> str | None:
        """The lines under a card after its caption: growth in context, then the earlier release or edition."""
        return " ".join(text for text in (self.context_text, self.change_source) if text) or None


HEADLINES = [
    ("Median annual pay", dict(measure="wage_annual", statistic="median")),
    ("Jobs (OEWS, May)", dict(measure="oews_employment", statistic="count")),
    ("Projected growth", dict(measure="ep_growth", statistic="percent_change")),
    ("Openings a year", dict(measure="ep_openings", statistic="count")),
    ("Work remotely", dict(measure="remote_share", statistic="share")),
    ("Certification premium", dict(measure="certification_premium", statistic="premium_percent")),
]


def headline(table: pd.DataFrame, label: str, occupation_code: str, **conditions) -> Headline:
    """The newest figure matching `conditions` for one occupation, and the one before it.

    Comparable means the same measure, statistic and occupation code from the same kind of
    source; unsourced figures are never headlines.
    """
    rows = select(table, occupation_code=occupation_code, **conditions)
    rows = rows[(rows["verification"] != "unsourced") & rows["setting"].eq("All industries")]
    for kind in KIND_PREFERENCE:
        candidates = rows[rows["source_kind"] == kind].sort_values("year")
        if not candidates.empty:
            latest = candidates.iloc[-1]
            earlier = candidates[candidates["year"] < latest["year"]]
            return Headline(label, latest, earlier.iloc[-1] if not earlier.empty else None,
                            context=all_occupations(table, latest))
    return Headline(label, None, None)


def all_occupations(table: pd.DataFrame, figure: pd.Series) -> pd.Series | None:
    """The all-occupations figure of the same measure, statistic and file as `figure` (growth only), or None."""
    if figure["measure"] != "ep_growth":
        return None
    rows = select(table, occupation_code=ALL_OCCUPATIONS, measure=figure["measure"], statistic=figure["statistic"])
    rows = rows[(rows["source_id"] == figure["source_id"]) & (rows["period"] == figure["period"])]
    return None if rows.empty else rows.iloc[-1]


def headlines(table: pd.DataFrame, occupation_code: str, known: pd.DataFrame | None = None,
              sources: pd.DataFrame | None = None) -> list[Headline]:
    """The headline cards for one occupation; with `known` releases, each says if a newer release exists."""
    cards = [headline(table, label, occupation_code, **conditions) for label, conditions in HEADLINES]
    if known is None or sources is None:
        return cards
    return [replace(c, newer=None if c.latest is None else newer_than(c.latest, known, sources)) for c in cards]

JOB_COUNT_NOTE = (
    "The job count above is OEWS: wage and salary jobs in May, excluding the self-employed. Employment "
    "Projections count all workers, self-employed included, as an annual average, so their figure for the "
    "same year differs. The Outlook page shows both, each labelled."
)
