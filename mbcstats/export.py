"""Tables for download: provenance columns on every row, and no cell a spreadsheet would run."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DOWNLOAD_COLUMNS = [
    "figure_id", "occupation_code", "occupation_title", "population", "statistic_label", "measure", "statistic",
    "value", "value_qualifier", "value_precise", "footnote", "unit", "area", "setting", "period", "year", "target_year",
    "note", "source", "source_publisher", "source_program", "source_edition", "source_publication_date",
    "source_url", "verification", "verified_file", "verified_file_sha256", "added_in",
]


def citation(version: str, today: date | None = None) -> str:
    return (f"mbcstats, medical billing and coding labor-market figures, data version {version} "
            f"(retrieved {(today or date.today()).isoformat()}). Cite the original producer named in the source columns of each row.")


def neutralise(cell):
    """Text that a spreadsheet would read as a formula is kept as text by a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def download_frame(rows: pd.DataFrame, version: str, today: date | None = None) -> pd.DataFrame:
    """Every column of the rows (the figure and provenance columns first), the data version and a citation;
    text cells made formula-safe."""
    first = [c for c in DOWNLOAD_COLUMNS if c in rows.columns]
    frame = rows[first + [c for c in rows.columns if c not in first]].copy()
    frame["data_version"] = version
    frame["citation"] = citation(version, today)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame.reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, about: dict[str, str]) -> bytes:
    """An Excel workbook: the data sheet (numbers as numbers, text never a formula) and an About sheet."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        frame.to_excel(writer, sheet_name="data", index=False)
        about_frame = pd.DataFrame({"field": list(about), "value": [neutralise(v) for v in about.values()]})
        about_frame.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()
