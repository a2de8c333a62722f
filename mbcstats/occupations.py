"""What each occupation is, in the official words: O*NET's descriptions as the data holds them, with their attribution.

Pure functions of the loaded tables. Every line they return is plain text from the data with a few words around
it; pages show it as text (markdown_text.small_lines), never as Markdown or a link.
"""

from __future__ import annotations

import re

import pandas as pd

from mbcstats.history import sorted_versions
from mbcstats.load import Package

DESCRIPTIONS = "occupation_descriptions"
DESCRIPTION_TABLES = [DESCRIPTIONS]  # loading it loads what it refers to: occupations, sources, primary_files
COLUMNS = ["soc_code", "onet_soc_code", "title", "description", "source_id", "attribution"]

BILLERS = "billers"  # the role, in occupations.csv, of the occupation that stands in for medical billers
_SOC_CODE = re.compile(r"\b[0-9]{2}-[0-9]{4}\b")


def described(package: Package | None) -> pd.DataFrame:
    """One row per SOC code the data describes: O*NET-SOC code, O*NET title, description, source and attribution
    (the source's short label), from the newest release where there are several. Empty where the package has no
    descriptions (a data version made before they were added)."""
    if package is None or DESCRIPTIONS not in package.tables:
        return pd.DataFrame(columns=COLUMNS)
    labels = package["sources"][["source_id", "short_label"]].rename(columns={"short_label": "attribution"})
    rows = package[DESCRIPTIONS].merge(labels, on="source_id", how="left")
    order = {version: rank for rank, version in enumerate(sorted_versions(rows["added_in"].unique()))}
    rows = rows.sort_values("added_in", key=lambda versions: versions.map(order), kind="stable")
    return rows.drop_duplicates("soc_code", keep="last")[COLUMNS].reset_index(drop=True)


def _row(described: pd.DataFrame, code: str) -> pd.Series | None:
    rows = described[described["soc_code"] == code]
    return None if rows.empty else rows.iloc[0]


def _quoted(row: pd.Series) -> str:
    return f"“{row['description']}”"


def _source(rows) -> str:
    return "Source: " + ", ".join(dict.fromkeys(row["attribution"] for row in rows))


def description_lines(described: pd.DataFrame, code: str) -> list[str]:
    """What the occupation is, in O*NET's words, then whose words they are; no lines where the data has none."""
    row = _row(described, code)
    if row is None:
        return []
    return [f"{row['title']} (SOC {code}), in O*NET's words: {_quoted(row)}", _source([row])]


def _role(occupations: pd.DataFrame, code: str) -> str | None:
    roles = occupations.loc[occupations["soc_code"] == code, "role"]
    return None if roles.empty else roles.iloc[0]


def _title(occupations: pd.DataFrame, code: str) -> str:
    titles = occupations.loc[occupations["soc_code"] == code, "title"]
    return code if titles.empty else titles.iloc[0]


def stand_in_text(described: pd.DataFrame, occupations: pd.DataFrame, code: str) -> str:
    """For the occupation that stands in for medical billers, who have no BLS category of their own: why it is the
    nearest, in O*NET's words, and what else it counts. Empty for any other occupation, or without a description."""
    row = _row(described, code)
    if _role(occupations, code) != BILLERS or row is None:
        return ""
    return (f"Medical billers have no BLS category of their own. The nearest is {_title(occupations, code)} (SOC {code}), "
            f"the category whose work is billing; O*NET describes it as {_quoted(row)} It is not a health-care "
            "category: it counts billing clerks in every industry, so its figures are those of all of them, not of "
            "medical billers alone.")


def about_lines(described: pd.DataFrame, occupations: pd.DataFrame, code: str) -> list[str]:
    """Lines under an occupation's name: for a stand-in, why it stands in; else what it is; each with its source."""
    text = stand_in_text(described, occupations, code)
    return [text, _source([_row(described, code)])] if text else description_lines(described, code)


def related_lines(described: pd.DataFrame, occupations: pd.DataFrame, codes: list[str]) -> list[str]:
    """Each occupation compared, in O*NET's words, the ones O*NET does not describe named, and the source once."""
    rows = [row for row in (_row(described, code) for code in codes) if row is not None]
    lines = [f"{row['title']} (SOC {row['soc_code']}): {_quoted(row)}" for row in rows]
    missing = [f"{_title(occupations, code)} (SOC {code})" for code in codes if _row(described, code) is None]
    if missing:
        lines.append("O*NET has no description of " + "; ".join(missing) + ".")
    return lines + ([_source(rows)] if rows else [])


def claim_text(described: pd.DataFrame, occupations: pd.DataFrame, sentence: str, code: str) -> str:
    """What an article's claim about an occupation meets in the official words: the description of each SOC code its
    sentence names, and, where its figure is a stand-in's, why that occupation stands in. Each with its source."""
    parts = []
    for named in dict.fromkeys(_SOC_CODE.findall(sentence)):
        row = _row(described, named)
        if row is not None:
            parts.append(f"SOC {named}, {row['title']}, in O*NET's words: {_quoted(row)} ({row['attribution']})")
    stand_in = stand_in_text(described, occupations, code)
    if stand_in:
        parts.append(f"{stand_in} ({_row(described, code)['attribution']})")
    return " ".join(parts)
