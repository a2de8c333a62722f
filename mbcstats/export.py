"""Tables for download: provenance columns on every row, no cell a spreadsheet would run, and files that say
what made them (filters, the link that reopens the view, the data version and the citation)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import xlsxwriter

from mbcstats.schema import TABLES, UNITS

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
    return formula_safe(frame).reset_index(drop=True)


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell a spreadsheet would run kept as text (`neutralise`); numbers untouched."""
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


@dataclass(frozen=True)
class About:
    """What a downloaded table is and what made it: shown in the Excel file's about sheet and the CSV zip's README."""

    title: str                                   # what the table is, in words
    version: str                                 # the data version its rows come from
    link: str                                    # the address that reopens the view it was downloaded from
    filters: tuple[tuple[str, str], ...] = ()    # (what was chosen, the choice in words)
    today: date | None = field(default=None, compare=False)

    def lines(self, rows: int) -> list[tuple[str, str]]:
        filters = list(self.filters) or [("Filters", "none: every row the view shows")]
        return [("Table", self.title), *filters, ("Link that reopens this view", self.link),
                ("Data version", self.version), ("Rows", str(rows)), ("Citation", citation(self.version, self.today)),
                ("Columns", "what each column means: the Sources and methods page, and the datapackage.json that "
                            "comes with the CSV download")]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text)).strip("_") or "x"


def download_name(what: str, version: str, parts=()) -> str:
    """A file name that says what is inside: mbcstats-29-2072-wage_annual-2025-v1.1.0 (no extension). Each part is
    a value or a list of values; a list of more than three is named by its count, to keep the name short."""
    named = []
    for part in parts:
        values = [part] if isinstance(part, str) else list(part)
        if len(values) > 3:
            named.append(f"{len(values)}-values")
        elif values:
            named.append("+".join(_slug(value) for value in values))
    stem = "-".join(["mbcstats", _slug(what), *named])[:150]
    return f"{stem}-v{version}"


# Excel number formats by unit; a percent is stored as its number of percent (7.1 for 7.1 %).
UNIT_FORMATS = {
    "usd_per_year": '"$"#,##0', "usd": '"$"#,##0', "usd_per_hour": '"$"#,##0.00', "percent": '0.0"%"',
    "jobs": "#,##0", "thousand_jobs": '#,##0.0" thousand"', "per_thousand_jobs": "0.0", "ratio": "0.00",
}
# Value columns and the column that holds their unit.
UNIT_OF = {"value": "unit", "value_precise": "unit", "quoted_value": "quoted_unit"}
PERCENT_COLUMN = re.compile(r"\(%|percent")
WHOLE_NUMBER_COLUMNS = {"year", "target_year", "base_year"}
MAX_WIDTH = 60


def _is_code(column: str) -> bool:
    """Columns of identifiers and codes: text in the file, never a number (a leading zero must stay)."""
    return column.endswith(("_code", "_id", "code")) or column in {"figure_id", "quote_id", "sha256"}


def _width(column: str, values: pd.Series) -> int:
    longest = values.head(500).astype("string").fillna("").str.len().max() if len(values) else 0
    return int(min(max(len(column), int(longest or 0)) + 2, MAX_WIDTH))


def to_xlsx_bytes(frame: pd.DataFrame, about: About) -> bytes:
    """An Excel workbook: the data sheet (frozen header, column widths, number formats by unit, codes as text,
    numbers as numbers, text never a formula) and an about sheet (what the table is and what made it)."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        text = book.add_format({"num_format": "@"})
        formats = {unit: book.add_format({"num_format": number}) for unit, number in UNIT_FORMATS.items()}
        whole = book.add_format({"num_format": "0"})
        sheet = book.add_worksheet("data")
        sheet.freeze_panes(1, 0)
        for position, column in enumerate(frame.columns):
            sheet.write_string(0, position, str(column), header)
            values = frame[column]
            numeric = (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
                       and not _is_code(str(column)))
            sheet.set_column(position, position, _width(column, values), text if not numeric else None)
            units = frame[UNIT_OF[column]] if column in UNIT_OF and UNIT_OF[column] in frame.columns else None
            for line, cell in enumerate(values.tolist(), start=1):
                if cell is None or cell is pd.NA or cell == "" or (isinstance(cell, float) and cell != cell):
                    continue
                if numeric:
                    number_format = (formats.get(units.iloc[line - 1]) if units is not None
                                     else formats["percent"] if PERCENT_COLUMN.search(column)
                                     else whole if column in WHOLE_NUMBER_COLUMNS else None)
                    sheet.write_number(line, position, float(cell), number_format)
                elif isinstance(cell, bool):
                    sheet.write_boolean(line, position, cell)
                else:
                    if isinstance(cell, float) and cell.is_integer():  # a code read as a number: 48.0 is code 48
                        cell = int(cell)
                    sheet.write_string(line, position, str(neutralise(cell)), text)
        sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
        notes = book.add_worksheet("about")
        notes.set_column(0, 0, 28, header)
        notes.set_column(1, 1, 110, book.add_format({"text_wrap": True, "valign": "top", "num_format": "@"}))
        for line, (name, value) in enumerate(about.lines(len(frame))):
            notes.write_string(line, 0, name)
            notes.write_string(line, 1, str(neutralise(value)))
    return buffer.getvalue()


# Descriptions of columns that are not fields of a package table (joined provenance and download columns).
EXTRA_DESCRIPTIONS = {
    "occupation_title": "Title of the occupation (SOC code in occupation_code)",
    "statistic_label": "The statistic and measure in words", "source": "Short citation of the source",
    "source_publisher": "Who published the source", "source_program": "Statistical program or publication series",
    "source_edition": "Edition or reference period of the source", "source_publication_date": "Date the source was published",
    "source_url": "Where the source can be read", "source_kind": "Kind of source",
    "verified_file_sha256": "SHA-256 of the primary file the value was checked against",
    "data_version": "Data version of mbcstats the rows come from", "citation": "How to cite these rows",
}


def _field(column: str, values: pd.Series) -> dict:
    known = {f["name"]: f for table in TABLES.values() for f in table["schema"]["fields"]}
    if pd.api.types.is_bool_dtype(values) and values.notna().all():
        kind = "boolean"
    elif pd.api.types.is_integer_dtype(values):
        kind = "integer"
    elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        kind = "number"
    else:
        kind = "string"
    description = known[column]["description"] if column in known else EXTRA_DESCRIPTIONS.get(column, "")
    if column in UNIT_OF:
        description += f" (in the unit of the {UNIT_OF[column]} column: " + ", ".join(f"{k} = {v}" for k, v in UNITS.items()) + ")"
    return {"name": str(column), "type": kind, **({"description": description} if description else {})}


def to_csv_zip(frame: pd.DataFrame, about: About, stem: str) -> bytes:
    """A zip of the CSV, a datapackage.json describing exactly its columns, and a README saying what made it."""
    frame = formula_safe(frame)
    data = to_csv_bytes(frame)
    resource = {"name": re.sub(r"[^a-z0-9.-]+", "-", stem.lower())[:100], "path": f"{stem}.csv",
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"fields": [_field(column, frame[column]) for column in frame.columns]}}
    descriptor = {"profile": "tabular-data-package", "name": resource["name"], "title": about.title,
                  "version": about.version, "homepage": about.link, "resources": [resource]}
    readme = "\n".join([f"# {about.title}", ""] + [f"- {name}: {value}" for name, value in about.lines(len(frame))]
                       + ["", f"{stem}.csv holds the rows; datapackage.json gives each column's type and meaning."]) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.csv", data)
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
        archive.writestr("README.md", readme)
    return buffer.getvalue()
