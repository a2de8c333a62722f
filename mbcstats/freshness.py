"""How current the data is: for each program, the release shown and any newer release not yet in the package."""

from __future__ import annotations

import pandas as pd


def newer_releases(known: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Known releases whose source is not in the package and that are newer than every release of their program in it."""
    held = set(sources["source_id"])
    newest_held = known[known["source_id"].isin(held)].groupby("program")["year"].max()
    missing = known[~known["source_id"].isin(held)]
    return missing[missing["year"] > missing["program"].map(newest_held).fillna(-1)].sort_values("year")


def newer_than(figure: pd.Series, known: pd.DataFrame, sources: pd.DataFrame) -> pd.Series | None:
    """The newest release of the figure's program that the package does not hold and that is newer than the figure."""
    candidates = newer_releases(known, sources)
    candidates = candidates[(candidates["program"] == figure["source_program"]) & (candidates["year"] > figure["year"])]
    return None if candidates.empty else candidates.iloc[-1]


def newer_note(release: pd.Series) -> str:
    return (f"A newer release exists: {release['program']} {release['edition']}, published {release['publication_date']}; "
            "this dashboard does not hold it yet, so the figure shown is from the release before it.")


def freshness_table(known: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per program: the edition shown, when it was published, when the next usually comes, and whether the data is behind."""
    rows = []
    held = known[known["source_id"].isin(set(sources["source_id"]))]
    newer = newer_releases(known, sources)
    by_id = sources.fillna("").set_index("source_id")
    for program, releases in known.groupby("program", sort=False):
        shown = held[held["program"] == program].sort_values("year")
        waiting = newer[newer["program"] == program]
        source = by_id.loc[shown.iloc[-1]["source_id"]] if not shown.empty else None
        newest = releases.sort_values("year").iloc[-1]
        rows.append({
            "program": program,
            "edition_shown": shown.iloc[-1]["edition"] if not shown.empty else "none",
            "published": shown.iloc[-1]["publication_date"] if not shown.empty else "",
            "usual_schedule": releases.iloc[-1]["usual_schedule"],
            "newer_release_not_held": ", ".join(f"{r.edition} (published {r.publication_date})" for r in waiting.itertuples()),
            "behind": "yes" if not waiting.empty else "no",
            "source": "" if source is None else source["short_label"],
            "source_publisher": "" if source is None else source["publisher"],
            "source_edition": "" if source is None else source["edition"],
            "source_url": "" if source is None else source["url"],
            "verification": f"as_reported: {newest['evidence']}",
        })
    return pd.DataFrame(rows)
