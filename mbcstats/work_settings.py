"""Work-setting queries: where coders work (with the unlisted remainder derived) and remote work."""

from __future__ import annotations

import re

import pandas as pd

from mbcstats.figures import select
from mbcstats.formatting import article_titles, format_figure, name_articles, plain_table
from mbcstats.pay import CODERS

REMAINDER = "All other employers (derived)"


def employer_mix(table: pd.DataFrame, occupation_code: str = CODERS) -> pd.DataFrame:
    """Published employer shares, newest period, plus the remainder computed as 100 minus their sum."""
    shares = select(table, measure="employer_share", statistic="share", occupation_code=occupation_code)
    if shares.empty:
        return shares.assign(derived=pd.Series(dtype="boolean"))
    shares = shares[shares["year"] == shares["year"].max()].assign(derived=False)
    remainder = shares.iloc[0].copy()
    listed = ", ".join(shares["setting"])
    remainder.update({
        "figure_id": f"derived-remainder-{'-'.join(shares['figure_id'])}"[:120], "setting": REMAINDER,
        "value": 100 - shares["value"].sum(), "value_precise": pd.NA, "derived": True,
        "verification": "derived", "source": f"Derived from {remainder['source']}",
        "note": f"Derived in mbcstats: 100 % minus the published shares of {listed} ({remainder['source']}).",
    })
    return pd.concat([shares, remainder.to_frame().T], ignore_index=True).astype({"value": "Float64"})


def experience_before_remote(table: pd.DataFrame) -> pd.DataFrame:
    return select(table, measure="experience_required").reset_index(drop=True)


def experience_table(experience: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The experience figures as a reader sees them: who, the value in its unit ("1 year"), what it is, and the
    article that states it by its title (in the source column only: a phone shows the first columns)."""
    titles = article_titles(articles)
    shown = experience.assign(
        population=[re.sub(r"\s*\([Aa]rticle \d{3}\)", "", text) for text in experience["population"]],
        shown=[format_figure(row) for _, row in experience.iterrows()],
        source=[name_articles(text, titles) for text in experience["source"]])
    return plain_table(shown[["population", "shown", "statistic_label", "source", "verification"]])


SETTINGS_NOTE = (
    "These shares are the Handbook's 'largest employers', from BLS's National Employment Matrix, which counts all "
    "workers. OEWS industry estimates count wage and salary jobs in May and group industries differently, so the "
    "two views of the same question do not match exactly; each is labelled with its source."
)


# The Handbook's employer groups and the OEWS industry codes that match them (NAICS 622, 6211, 561).
HANDBOOK_GROUPS_IN_OEWS = {"Hospitals": "622000", "Offices of physicians": "621100",
                           "Administrative and support services": "561000"}


# The columns of handbook_beside_oews a reader sees; the rest are the provenance its download carries.
BESIDE_COLUMNS = ("Employer group", "Handbook share (%)", "Handbook source", "OEWS industry code", "OEWS share (%, derived)",
                  "OEWS source")


def handbook_beside_oews(table: pd.DataFrame, figures_detail_share, oews_source: str = "BLS OEWS") -> pd.DataFrame:
    """Each Handbook employer share beside the OEWS share of the matching industry, each labelled with its source.

    `figures_detail_share(industry_code)` returns the OEWS share (derived) or None.
    """
    mix = employer_mix(table)
    listed = mix[~mix["derived"].astype(bool)]
    # The OEWS shares come from the detail rows of that source; its figures carry the same reference period.
    oews_period = ", ".join(table.loc[table["source"] == oews_source, "period"].drop_duplicates())
    rows = []
    for _, row in listed.iterrows():
        code = HANDBOOK_GROUPS_IN_OEWS.get(row["setting"])
        oews = figures_detail_share(code) if code else None
        rows.append({"Employer group": row["setting"],
                     "Handbook share (%)": row["value"], "Handbook period": row["period"],
                     "Handbook source": f"{row['source']}, {row['period']}",
                     "OEWS industry code": code or "", "OEWS share (%, derived)": oews,
                     "OEWS period": "" if oews is None else oews_period,
                     "OEWS source": "" if oews is None else f"Derived from {oews_source} industry employment",
                     "source": f"{row['source']}; derived from {oews_source}", "source_publisher": row["source_publisher"],
                     "source_edition": f"{row['source_edition']}; {oews_source}",
                     "verification": f"Handbook share: {row['verification']}; OEWS share: derived from matched_primary_file"})
    return pd.DataFrame(rows)

