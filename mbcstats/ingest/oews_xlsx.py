"""OEWS national estimates, `national_MYYYY_dl.xlsx`: one sheet, one row per occupation."""

from __future__ import annotations

import contextlib
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from mbcstats import limits
from mbcstats.ingest.common import base_row, figure_frame, parse_bls_value

# column -> (measure, statistic, unit)
COLUMNS = {
    "TOT_EMP": ("oews_employment", "count", "jobs"),
    "EMP_PRSE": ("oews_employment", "rse", "percent"),
    "H_MEAN": ("wage_hourly", "mean", "usd_per_hour"),
    "A_MEAN": ("wage_annual", "mean", "usd_per_year"),
    "MEAN_PRSE": ("wage_annual", "rse", "percent"),
    "H_PCT10": ("wage_hourly", "p10", "usd_per_hour"),
    "H_PCT25": ("wage_hourly", "p25", "usd_per_hour"),
    "H_MEDIAN": ("wage_hourly", "median", "usd_per_hour"),
    "H_PCT75": ("wage_hourly", "p75", "usd_per_hour"),
    "H_PCT90": ("wage_hourly", "p90", "usd_per_hour"),
    "A_PCT10": ("wage_annual", "p10", "usd_per_year"),
    "A_PCT25": ("wage_annual", "p25", "usd_per_year"),
    "A_MEDIAN": ("wage_annual", "median", "usd_per_year"),
    "A_PCT75": ("wage_annual", "p75", "usd_per_year"),
    "A_PCT90": ("wage_annual", "p90", "usd_per_year"),
}
NOTES = {
    "MEAN_PRSE": "Relative standard error of the mean wage (applies to the hourly and the annual mean).",
    "EMP_PRSE": "Relative standard error of the employment estimate.",
}
FILE_PATTERN = re.compile(r"national_M(\d{4})_dl\.xlsx$")


def year_of(path: Path) -> int:
    match = FILE_PATTERN.search(Path(path).name)
    if not match:
        raise ValueError(f"{Path(path).name}: expected a name like national_M2024_dl.xlsx")
    return int(match.group(1))


def source_id_for(year: int) -> str:
    return f"bls-oews-m{year}"


# What reading a file that is not a whole .xlsx raises: not a zip, cut short, a zip of other things, broken XML.
NOT_XLSX = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, SyntaxError, InvalidFileException)


def _not_xlsx(path: Path, exc: Exception) -> ValueError:
    return ValueError(f"{path.name}: not an Excel workbook (.xlsx): {exc}")


@contextlib.contextmanager
def open_workbook(path: Path) -> Iterator[openpyxl.Workbook]:
    """A BLS workbook opened read-only; a ValueError where it is not an .xlsx or unpacks past the limit."""
    try:
        with zipfile.ZipFile(path) as archive:  # zipfile holds each member to the size declared here
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > limits.XLSX_UNPACKED_BYTES:
            raise ValueError(f"{path.name} unpacks to {unpacked:,} bytes, more than the {limits.XLSX_UNPACKED_BYTES:,} "
                             "a BLS workbook may (the limit in mbcstats/limits.py)")
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except NOT_XLSX as exc:
        raise _not_xlsx(path, exc) from None
    try:
        yield workbook
    finally:
        workbook.close()


def capped(rows: Iterable, what: str) -> Iterator:
    """`rows`, refused once past the row limit: a short file can hold millions of rows that take minutes to read."""
    for count, row in enumerate(rows, start=1):
        if count > limits.SHEET_ROWS:
            raise ValueError(f"{what} has more than {limits.SHEET_ROWS:,} rows, the limit for a BLS table "
                             "(mbcstats/limits.py)")
        yield row


def sheet_rows(path: Path, sheet) -> Iterator[tuple]:
    """The values of a sheet's rows, up to the row limit; a part of the file found broken while read is a ValueError."""
    try:
        yield from capped(sheet.iter_rows(values_only=True), f"{path.name}, sheet {sheet.title!r},")
    except NOT_XLSX as exc:
        raise _not_xlsx(path, exc) from None


def read(path: Path, codes: set[str], version: str) -> pd.DataFrame:
    """Figure rows for the occupations in `codes` from one national OEWS file."""
    path = Path(path)
    year = year_of(path)
    with open_workbook(path) as workbook:
        rows = sheet_rows(path, workbook.worksheets[0])
        header = [str(cell).strip().upper() if cell is not None else "" for cell in next(rows, ())]
        missing = [name for name in ["OCC_CODE", *COLUMNS] if name not in header]
        if missing:
            raise ValueError(f"{path.name}: columns missing from the first sheet: {', '.join(missing)}")
        index = {name: header.index(name) for name in header if name}
        figures = []
        for line, cells in enumerate(rows, start=2):
            code = str(cells[index["OCC_CODE"]] or "").strip()
            if code not in codes:
                continue
            for column, (measure, statistic, unit) in COLUMNS.items():
                try:
                    value, footnote = parse_bls_value(cells[index[column]])
                except ValueError as exc:
                    raise ValueError(f"{path.name}, line {line}, column {column}: {exc}") from None
                figures.append(base_row(
                    figure_id=f"oews-m{year}-{code}-{column.lower()}", occupation_code=code,
                    measure=measure, statistic=statistic, unit=unit, value=value, footnote=footnote,
                    period=f"May {year}", year=year, source_id=source_id_for(year),
                    verified_file=path.name, note=NOTES.get(column), added_in=version))
    return figure_frame(figures)
