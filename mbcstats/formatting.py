"""How a value is written on screen: its unit, its qualifier, a BLS footnote in its place."""

from __future__ import annotations

import pandas as pd

from mbcstats.schema import FOOTNOTES


def format_value(value, unit: str, qualifier: str | None = "", footnote: str | None = "") -> str:
    if value is None or pd.isna(value):
        return FOOTNOTES.get(footnote or "", "") or "not published"
    if unit == "usd_per_year" or unit == "usd":
        text = f"${value:,.0f}"
    elif unit == "usd_per_hour":
        text = f"${value:,.2f} an hour"
    elif unit == "percent":
        text = f"{value:g}%"
    elif unit == "thousand_jobs":
        text = f"{value:,.1f} thousand"
    elif unit == "jobs":
        text = f"{value:,.0f}"
    elif unit == "ratio":
        text = f"{value:g}"
    elif unit == "per_thousand_jobs":
        text = f"{value:g} per 1,000 jobs"
    else:
        text = f"{value:,g} {unit}"
    return f"{qualifier} {text}" if qualifier else text


def format_figure(row) -> str:
    """A figure row (of the figure table) as shown: its value in its unit, with its qualifier, or its footnote."""
    return format_value(row["value"], row["unit"], row["value_qualifier"], row["footnote"])


def format_change(difference: float, unit: str) -> str:
    """A change between two releases: percentage points for percents, the unit's own terms otherwise."""
    sign = "+" if difference >= 0 else "-"  # ASCII minus: st.metric reads it to point the arrow down
    size = abs(difference)
    if unit == "percent":
        return f"{sign}{size:.1f} percentage points"
    return sign + format_value(size, unit)
