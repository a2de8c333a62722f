"""What the BLS readers share: special values and the shape of a figure row."""

from __future__ import annotations

import re

import pandas as pd

from mbcstats.schema import FOOTNOTES, TABLES

FIGURE_COLUMNS = [field["name"] for field in TABLES["figures"]["schema"]["fields"]]
UNITED_STATES = "United States"
ALL_INDUSTRIES = "All industries"


def parse_bls_value(cell) -> tuple[float | None, str]:
    """A BLS cell as (value, footnote): numbers pass through, special values become explicit flags.

    `*`, `**` and `#` are BLS's own codes; anything else that is not a number is refused
    rather than guessed at, so a new code never turns silently into a zero or a blank.
    """
    if cell is None:
        raise ValueError("empty cell where BLS publishes a value or a special-value code")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell), ""
    text = str(cell).strip()
    if text in FOOTNOTES and text:
        return None, text
    cleaned = text.replace(",", "")
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cleaned):
        return float(cleaned), ""
    if text == "":
        raise ValueError("empty cell where BLS publishes a value or a special-value code")
    raise ValueError(f"unrecognised BLS value {text!r}")


def figure_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    return frame.astype({"value": "Float64", "value_precise": "Float64", "year": "Int64", "target_year": "Int64"})


def base_row(**fields) -> dict:
    row = dict.fromkeys(FIGURE_COLUMNS)
    row.update(occupation_match="exact", area=UNITED_STATES, setting=ALL_INDUSTRIES,
               verification="matched_primary_file", value_qualifier="", footnote="")
    row.update(fields)
    return row
