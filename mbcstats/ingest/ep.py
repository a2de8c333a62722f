"""Employment Projections Table 1.2, from `occupation.xlsx` or from the projections tool's CSV export.

Both carry the same line items; only the layout differs, so both readers hand
rows of (code, {header: cell}) to one function that knows what each header means.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from mbcstats import limits
from mbcstats.ingest.common import base_row, figure_frame, parse_bls_value
from mbcstats.ingest.oews_xlsx import capped, open_workbook, sheet_rows

# (header pattern, measure, statistic, unit, id suffix); headers differ between editions and formats.
HEADERS = [
    (r"^employment,? (\d{4})$", "ep_employment", "count", "thousand_jobs", "employment_base"),
    (r"^employment change,? numeric", "ep_employment_change", "numeric_change", "thousand_jobs", "change"),
    (r"^employment change,? \d{4}", "ep_employment_change", "numeric_change", "thousand_jobs", "change"),
    (r"^employment (change,? )?percent", "ep_growth", "percent_change", "percent", "growth"),
    (r"^employment percent change", "ep_growth", "percent_change", "percent", "growth"),
    (r"^occupational openings", "ep_openings", "count", "thousand_jobs", "openings"),
]
EDITION = re.compile(r"(\d{4})-(\d{2}|\d{4})")
NOTE = {
    "employment_base": ("Employment Projections count: annual average of all workers, including the self-employed; "
                        "not an OEWS May count of wage and salary jobs."),
    "employment_target": "Projected employment in the target year.",
    "openings": "Annual average of openings over the projection decade, from growth and from workers who leave the occupation or the labor force.",
}


def edition_of(path: Path) -> tuple[int, int]:
    match = EDITION.search(Path(path).name)
    if not match:
        raise ValueError(f"{Path(path).name}: expected the edition in the name, like occupation_2024-34.xlsx")
    base, target = int(match.group(1)), match.group(2)
    return base, int(target) if len(target) == 4 else base // 100 * 100 + int(target)


def source_id_for(base: int, target: int) -> str:
    return f"bls-ep-{base}-{str(target)[2:]}"


def _measure_for(header: str, base: int, target: int):
    text = " ".join(header.lower().split())
    for pattern, measure, statistic, unit, suffix in HEADERS:
        match = re.search(pattern, text)
        if match:
            if suffix == "employment_base" and int(match.group(1)) == target:
                return measure, "projected_count", unit, "employment_target"
            if suffix == "employment_base" and int(match.group(1)) != base:
                return None
            return measure, statistic, unit, suffix
    return None


def _figures(path: Path, line_items, codes: set[str], version: str) -> pd.DataFrame:
    base, target = edition_of(path)
    edition = f"{base}-{str(target)[2:]}"
    figures = []
    for line, code, cells in line_items:
        if code not in codes:
            continue
        for header, cell in cells.items():
            meaning = _measure_for(header, base, target)
            if meaning is None:
                continue
            measure, statistic, unit, suffix = meaning
            try:
                value, footnote = parse_bls_value(cell)
            except ValueError as exc:
                raise ValueError(f"{path.name}, line {line}, column {header!r}: {exc}") from None
            year = target if suffix == "employment_target" else base
            figures.append(base_row(
                figure_id=f"ep-{edition}-{code}-{suffix}", occupation_code=code, measure=measure,
                statistic=statistic, unit=unit, value=value, footnote=footnote,
                period=str(year) if suffix.startswith("employment_") else edition, year=year,
                target_year=target, source_id=source_id_for(base, target), verified_file=path.name,
                note=NOTE.get(suffix), added_in=version))
    return figure_frame(figures)


def read_xlsx(path: Path, codes: set[str], version: str) -> pd.DataFrame:
    """Table 1.2 of an `occupation.xlsx` workbook."""
    path = Path(path)
    with open_workbook(path) as workbook:
        if "Table 1.2" not in workbook.sheetnames:
            raise ValueError(f"{path.name}: no sheet named 'Table 1.2'")
        rows = list(sheet_rows(path, workbook["Table 1.2"]))
    header_at = next((i for i, row in enumerate(rows) if row and row[1] and "code" in str(row[1]).lower()), None)
    if header_at is None:
        raise ValueError(f"{path.name}: Table 1.2 has no header row with an occupation code column")
    header = [str(cell or "").strip() for cell in rows[header_at]]
    items = [(i + 1, str(row[1] or "").strip(), dict(zip(header, row)))
             for i, row in enumerate(rows) if i > header_at and row and row[1]]
    return _figures(path, items, codes, version)


def clean_tool_code(cell: str) -> str:
    """The tool writes codes as ="29-2072" so that Excel keeps them as text."""
    return re.sub(r'^="?|"$', "", cell.strip())


def read_tool_csv(path: Path, codes: set[str], version: str) -> pd.DataFrame:
    """A CSV written by the Export button of BLS's projections tool."""
    path = Path(path)
    size = path.stat().st_size
    if size > limits.TOOL_CSV_BYTES:
        raise ValueError(f"{path.name}: {size:,} bytes, more than the {limits.TOOL_CSV_BYTES:,} a projections tool "
                         "export may have (the limit in mbcstats/limits.py)")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        try:
            if not reader.fieldnames or "Occupation Code" not in reader.fieldnames:
                raise ValueError(f"{path.name}: no 'Occupation Code' column; is this a projections tool export?")
            items = [(reader.line_num, clean_tool_code(row["Occupation Code"]),
                      {k: v for k, v in row.items() if k not in ("Occupation Title", "Occupation Code")})
                     for row in capped(reader, path.name)]
        except csv.Error as exc:  # not a ValueError: a field past csv's own size limit, a NUL byte
            raise ValueError(f"{path.name}: not a CSV file that can be read: {exc}") from None
    return _figures(path, items, codes, version)
