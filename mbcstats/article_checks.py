"""Check an article's figure: what it really is, how it was verified, and the newest comparable figure."""

from __future__ import annotations

import re

import pandas as pd

from mbcstats.figures import select
from mbcstats.formatting import format_change, format_figure, format_value
from mbcstats.freshness import newer_note, newer_than
from mbcstats.headlines import KIND_PREFERENCE
from mbcstats.occupations import claim_text

UNIT_FACTORS = {("thousand_jobs", "jobs"): 1000.0}


def _in_unit(value: float, unit: str, wanted: str) -> float | None:
    if unit == wanted:
        return value
    factor = UNIT_FACTORS.get((unit, wanted))
    return None if factor is None else value * factor


def newest_comparable(table: pd.DataFrame, figure: pd.Series) -> pd.Series | None:
    """The newest figure of the same measure, statistic, occupation and setting from the same kind of source."""
    rows = select(table, measure=figure["measure"], statistic=figure["statistic"],
                  occupation_code=figure["occupation_code"], setting=figure["setting"], area=figure["area"])
    rows = rows[(rows["source_kind"] == figure["source_kind"]) | rows["source_kind"].isin(KIND_PREFERENCE[:1])]
    rows = rows[rows["verification"] != "unsourced"].dropna(subset=["year"])
    if rows.empty or pd.isna(figure["year"]):
        return None
    for kind in KIND_PREFERENCE:
        candidates = rows[rows["source_kind"] == kind]
        if not candidates.empty:
            return candidates.sort_values("year").iloc[-1]
    return None


def status(figure: pd.Series, newest: pd.Series | None) -> str:
    if figure["verification"] == "matched_primary_file":
        text = f"Matched against {figure['verified_file']}"
    elif figure["verification"] == "as_reported":
        text = "As reported (no primary file available)"
    else:
        text = "Unsourced: the article names no source"
    if newest is not None and newest["year"] > figure["year"]:
        text += f"; outdated: a newer figure exists ({newest['period']})"
    return text


def all_occupations_reference(table: pd.DataFrame, figure: pd.Series) -> str:
    """For projected growth, the all-occupations growth of the same edition, or a statement that no file has it."""
    if figure["measure"] != "ep_growth":
        return ""
    rows = select(table, measure="ep_growth", occupation_code="00-0000", period=figure["period"])
    rows = rows[rows["source_kind"] == "official_statistics"]
    if rows.empty:
        return (f"The all-occupations growth of the {figure['period']} edition is in none of the files held, "
                "so a comparison with the average cannot be checked here.")
    row = rows.iloc[0]
    return f"All occupations, same edition: {format_value(row['value'], row['unit'])} ({row['source']})."


def checked_quotes(table: pd.DataFrame, quotes: pd.DataFrame, articles: pd.DataFrame,
                   known: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                   described: pd.DataFrame | None = None, occupations: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quoted figure: the article's words, the true label, its status and the newest comparable figure;
    where the claim is about what an occupation covers, the occupation in O*NET's words (`described`,
    occupations.described, with the occupations table)."""
    by_id = table.set_index("figure_id")
    titles = dict(zip(articles["article_id"], articles["title"]))
    rows = []
    for quote in current_quotes(quotes).to_dict("records"):
        if quote["figure_id"] not in by_id.index:
            continue  # superseded and not yet replaced in this data version
        figure = by_id.loc[quote["figure_id"]].copy()
        figure["figure_id"] = quote["figure_id"]
        newest = newest_comparable(table, figure)
        who = figure["population"] if figure["occupation_match"] == "nearest" else f"{figure['occupation_title']} (SOC {figure['occupation_code']})"
        change = None
        if newest is not None and newest["year"] > figure["year"] and not pd.isna(newest["value"]):
            published = figure["value"] if pd.isna(figure["value_precise"]) else figure["value_precise"]  # not the rounding
            change = format_change(newest["value"] - published, figure["unit"])
        rows.append({
            "article_id": quote["article_id"], "article": titles.get(quote["article_id"], quote["article_id"]),
            "quote_id": quote["quote_id"], "sentence": quote["sentence"], "quoted_text": quote["quoted_text"],
            "quoted_value": quote["quoted_value"], "quoted_unit": quote["quoted_unit"],
            "article_label": quote["article_label"],
            "true_label": f"{figure['statistic_label']} · {who} · {figure['period']}",
            "figure_value": format_figure(figure), "period": figure["period"],
            "precise_value": "" if pd.isna(figure["value_precise"]) else format_value(figure["value_precise"], figure["unit"]),
            "source": figure["source"], "source_publisher": figure["source_publisher"],
            "source_edition": figure["source_edition"], "source_url": figure["source_url"],
            "verified_file_sha256": figure["verified_file_sha256"],
            "verification": figure["verification"], "verified_file": figure["verified_file"],
            "status": status(figure, newest), "correction": quote["correction"] or "", "corrected": corrected(quote),
            "note": figure["note"],
            "occupation_covers": "" if described is None else
            claim_text(described, occupations, quote["sentence"], figure["occupation_code"]),
            "newest": "" if newest is None else
            f"{format_figure(newest)} · {newest['period']} · {newest['source']}",
            "change_to_newest": change or "",
            "all_occupations": all_occupations_reference(table, figure),
            "newer_release": _newer(newest if newest is not None else figure, known, sources),
            "figure_id": figure["figure_id"], "newest_figure_id": "" if newest is None else newest["figure_id"],
            "matches_value": _matches(quote, figure),
        })
    return pd.DataFrame(rows)


def current_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotes no later row corrects (a correction is a new row whose `supersedes` names the quote it replaces),
    each correction in the place of the quote it replaces, so the article's quotes keep their order."""
    if "supersedes" not in quotes.columns:  # a data version made before quotes could be corrected
        return quotes
    replaces = dict(zip(quotes["quote_id"], quotes["supersedes"].fillna("")))
    order = {quote_id: position for position, quote_id in enumerate(quotes["quote_id"])}

    def first_record(quote_id: str) -> str:
        seen = set()
        while replaces.get(quote_id) and quote_id not in seen:  # a loop must not hang a page (validate names it)
            seen.add(quote_id)
            quote_id = replaces[quote_id]
        return quote_id

    current = quotes[~quotes["quote_id"].isin(set(replaces.values()) - {""})]
    ids = list(current["quote_id"])
    return current.iloc[sorted(range(len(ids)), key=lambda i: (order.get(first_record(ids[i]), 0), order[ids[i]]))]


def corrected(quote: dict) -> str:
    """When and of which earlier record a quote is a correction; empty for a quote as first recorded."""
    replaced = quote.get("supersedes")
    if replaced is None or pd.isna(replaced) or replaced == "":
        return ""
    return f"in data version {quote['added_in']}, replacing the record of this quote ({replaced}) that earlier versions show"


def _newer(figure: pd.Series, known: pd.DataFrame | None, sources: pd.DataFrame | None) -> str:
    if known is None or sources is None or pd.isna(figure["year"]):
        return ""
    release = newer_than(figure, known, sources)
    return "" if release is None else newer_note(release)


def _matches(quote: dict, figure: pd.Series) -> bool | None:
    """Whether the article's number equals the figure's published value (after a unit change)."""
    if pd.isna(quote["quoted_value"]) or pd.isna(figure["value"]):
        return None
    value = _in_unit(float(figure["value"]), figure["unit"], quote["quoted_unit"])
    return value is not None and abs(value - float(quote["quoted_value"])) < 1e-9


_NUMBER = re.compile(r"^\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([kK])?\+?\s*%?$")


def parse_value_query(text: str) -> tuple[float, float] | None:
    """'51,090', '51090', '$51K' or '7%' as (value, tolerance); None if the text is not a number."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    if match.group(2):
        return number * 1000, 500.0  # "$51K" stands for anything that rounds to 51 thousand
    return number, 1e-9


def search(checks: pd.DataFrame, query: str) -> pd.DataFrame:
    """Quotes whose stated value matches a number query, or whose words contain every word of the query."""
    query = (query or "").strip()
    if not query or checks.empty:
        return checks
    parsed = parse_value_query(query)
    if parsed is not None:
        value, tolerance = parsed
        return checks[(checks["quoted_value"] - value).abs() <= tolerance]
    words = query.lower().split()
    haystack = (checks["sentence"] + " " + checks["article_label"] + " " + checks["true_label"] + " " +
                checks["source"] + " " + checks["correction"]).str.lower()
    mask = pd.Series(True, index=checks.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return checks[mask]


def search_help(checks: pd.DataFrame) -> str:
    """How to search, with an example value taken from the quotes themselves."""
    example = checks.dropna(subset=["quoted_value"]).iloc[0] if checks["quoted_value"].notna().any() else None
    sample = f" (for example {example['quoted_text']})" if example is not None else ""
    return ("Type a number as an article writes it" + sample + ", with or without commas, or as $51K-style "
            "thousands, or some words; leave it empty to list every figure the articles quote.")
