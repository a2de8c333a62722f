"""How a value is written on screen: its unit, its qualifier, a BLS footnote in its place; tables' headers and
codes, and the articles a note cites, in plain words."""

from __future__ import annotations

import re

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
    elif unit in ("years", "months") and value == 1:
        text = f"1 {unit[:-1]}"  # "1 year", as people write it
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


# How a table's columns are headed on screen: a reader's words, never the package's column names.
HEADERS = {
    "occupation": "Occupation", "population": "Who", "setting": "Employer", "edition_label": "Projection edition",
    "shown": "Value", "value_shown": "Value", "value": "Value (number)", "unit": "Unit", "period": "Period",
    "statistic_label": "Statistic", "source": "Source", "verification": "How it was checked", "note": "Note",
    "industry_code": "Industry code (NAICS)", "industry_name": "Industry", "share_percent": "Share of jobs (%, derived)",
    "derived": "Derived by mbcstats", "area_name": "Area", "area_type": "Area type", "footnote": "BLS footnote",
    "employment": "Jobs", "employment_rse": "Jobs: relative standard error (%)",
    "mean_wage_rse": "Mean wage: relative standard error (%)", "location_quotient": "Location quotient",
    "jobs_per_1000": "Jobs per 1,000", "rank": "Rank",
}

# How each verification code reads in a table.
VERIFIED = {"matched_primary_file": "Checked against the primary file", "as_reported": "As reported by an article",
            "unsourced": "No source named", "derived": "Derived by mbcstats"}


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a reader sees it: headed in words (HEADERS), verification codes written out."""
    if "verification" in frame.columns:
        frame = frame.assign(verification=[VERIFIED.get(str(v), v) for v in frame["verification"]])
    return frame.rename(columns=HEADERS)


ARTICLE = re.compile(r"\b([Aa])rticle (\d{3})\b")


def name_articles(text, titles: dict[str, str]):
    """"article 002" in a note or source line as the article's title (`titles`: article_id -> title, from
    article_titles); anything that is not text is returned as it is."""
    if not isinstance(text, str):
        return text

    def title(match: re.Match) -> str:
        name = titles.get(f"article-{match[2]}")
        if name is None:
            return match[0]
        return f"“{name}”" if match[1] == "A" else f"the article “{name}”"

    return ARTICLE.sub(title, text)


def article_titles(table: pd.DataFrame) -> dict[str, str]:
    """article_id -> title, from articles.csv or from the articles among sources.csv (same ids, e.g. article-002)."""
    if "article_id" in table.columns:
        return dict(zip(table["article_id"], table["title"]))
    articles = table[table["kind"] == "article"]
    return dict(zip(articles["source_id"], articles["title"]))
