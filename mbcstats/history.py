"""Append-only history: the figures as of any data version, and what changed between two."""

from __future__ import annotations

import pandas as pd


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def sorted_versions(versions) -> list[str]:
    return sorted(versions, key=version_key)


def as_of(figures: pd.DataFrame, version: str) -> pd.DataFrame:
    """Figures that a reader of data version `version` saw: added by then and not yet superseded."""
    limit = version_key(version)
    added = figures[[version_key(v) <= limit for v in figures["added_in"]]]
    superseded = set(added["supersedes"].dropna())
    return added[~added["figure_id"].isin(superseded)]


def changes(figures: pd.DataFrame, old: str, new: str) -> pd.DataFrame:
    """Rows that differ between two versions, each marked added, revised (a correction) or removed (superseded)."""
    before, after = as_of(figures, old), as_of(figures, new)
    new_rows = after[~after["figure_id"].isin(before["figure_id"])]
    gone = before[~before["figure_id"].isin(after["figure_id"])]
    new_rows = new_rows.assign(change=["revised" if pd.notna(s) else "added" for s in new_rows["supersedes"]])
    gone = gone.assign(change="superseded")
    return pd.concat([new_rows, gone], ignore_index=True)


# What changed, then what the figure is, its value, period and source, as the Data page's other grids read; the codes
# after, for analysts who join on them.
CHANGE_COLUMNS = ["change", "occupation_title", "statistic_label", "value", "unit", "period", "source", "added_in",
                  "supersedes", "figure_id", "occupation_code", "measure", "statistic", "source_id"]


def change_summary(changed: pd.DataFrame, old: str, new: str) -> str:
    if version_key(old) > version_key(new):
        return f"Version {old} is newer than {new}: the table lists what {new} had that {old} no longer shows, and the reverse."
    counts = changed["change"].value_counts()
    parts = [f"{counts.get(kind, 0)} {kind}" for kind in ("added", "revised", "superseded")]
    return (f"From data version {old} to {new}: " + ", ".join(parts)
            + " figures (figures.csv; the OEWS detail table is append-only and listed in the changelog).")
