"""Check the data package against its descriptor.

Every problem becomes a `DataError` naming the file, the line (1 = the header),
the column and what is wrong, so a person can open the file and fix it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

DESCRIPTOR = "datapackage.json"
HOW_TO_CHECK = "Run `python -m mbcstats validate` to list every problem in the data package."


class DataError(Exception):
    """A problem in the data package, located as precisely as it can be."""

    def __init__(self, file: str, line: int | None, column: str | None, problem: str):
        self.file, self.line, self.column, self.problem = file, line, column, problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.problem}"


@dataclass
class TableCheck:
    """A table read from its CSV: the typed frame, the CSV line of each row, and the problems found."""

    name: str
    file: str
    frame: pd.DataFrame | None
    lines: list[int]
    errors: list[DataError]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_descriptor(data_dir: Path) -> dict:
    path = Path(data_dir) / DESCRIPTOR
    if not path.exists():
        raise DataError(DESCRIPTOR, None, None, f"file is missing from {data_dir}")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(DESCRIPTOR, None, None, f"not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise DataError(DESCRIPTOR, exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    if not isinstance(descriptor, dict):
        raise DataError(DESCRIPTOR, 1, None, "the descriptor must be a JSON object")
    if not isinstance(descriptor.get("resources"), list):
        raise DataError(DESCRIPTOR, None, "resources", "the descriptor lists no resources")
    return descriptor


def resource_named(descriptor: dict, name: str) -> dict:
    for resource in descriptor["resources"]:
        if resource.get("name") == name:
            return resource
    raise DataError(DESCRIPTOR, None, "resources", f"no resource named '{name}'")


_CONVERTERS = {
    "string": lambda text: text,
    "integer": lambda text: int(text) if re.fullmatch(r"-?[0-9]+", text) else _bad("a whole number"),
    "number": lambda text: _number(text),
    "date": lambda text: date.fromisoformat(text).isoformat() if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else _bad("a date (YYYY-MM-DD)"),
}
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "date": "string"}


def _bad(expected: str):
    raise ValueError(f"expected {expected}")


def _number(text: str) -> float:
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        _bad("a number such as 51090 or 7.1 (no commas, symbols or spaces)")
    value = float(text)
    if not math.isfinite(value):
        _bad("a finite number")
    return value


def check_table(data_dir: Path, resource: dict) -> TableCheck:
    """Read one resource's CSV, check it against its schema, and return it typed."""
    name, file = resource.get("name", "?"), resource.get("path", "?")
    path = Path(data_dir) / file
    fields = resource.get("schema", {}).get("fields", [])
    if not path.exists():
        return TableCheck(name, file, None, [], [DataError(file, None, None, "file is missing")])

    errors: list[DataError] = []
    raw = path.read_bytes()
    recorded = str(resource.get("hash", "")).removeprefix("sha256:")
    actual = hashlib.sha256(raw).hexdigest()
    hash_errors = []
    if recorded and recorded != actual:
        # Listed after the row-level problems: a bad cell explains a changed hash, not the reverse.
        hash_errors.append(DataError(file, None, None,
                                     f"sha256 is {actual[:12]}… but datapackage.json records {recorded[:12]}…: "
                                     "the file changed after it was packaged (if the change is intended, "
                                     "run `python -m mbcstats package`)"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return TableCheck(name, file, None, [], [DataError(file, None, None, f"not UTF-8 text ({exc.reason})")] + hash_errors)

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    expected = [field["name"] for field in fields]
    if not header:
        return TableCheck(name, file, None, [], [DataError(file, 1, None, "file is empty: no header row")] + hash_errors)
    missing = [column for column in expected if column not in header]
    extra = [column for column in header if column not in expected]
    for column in missing:
        errors.append(DataError(file, 1, column, "column is missing from the header"))
    for column in extra:
        errors.append(DataError(file, 1, column, "column is not in the table schema"))
    if missing or extra or header != expected:
        if not missing and not extra:
            errors.append(DataError(file, 1, None, f"columns are out of order; expected {', '.join(expected)}"))
        return TableCheck(name, file, None, [], errors + hash_errors)

    unknown = [f"{field['name']} ({field.get('type')})" for field in fields if field.get("type", "string") not in _CONVERTERS]
    if unknown:
        return TableCheck(name, file, None, [], errors + hash_errors + [
            DataError(DESCRIPTOR, None, None, f"{file}: unsupported field type for {', '.join(unknown)}")])
    key = resource.get("schema", {}).get("primaryKey", [])
    if any(column not in expected for column in key):
        return TableCheck(name, file, None, [], errors + hash_errors + [
            DataError(DESCRIPTOR, None, None, f"{file}: primaryKey names a column the schema does not have: {key}")])
    columns: dict[str, list] = {column: [] for column in expected}
    lines: list[int] = []
    end_of_previous = reader.line_num
    for row in reader:
        line, end_of_previous = end_of_previous + 1, reader.line_num  # a quoted field may span lines
        if len(row) != len(expected):
            errors.append(DataError(file, line, None,
                                    f"row has {len(row)} fields, the header has {len(expected)} (truncated or mis-quoted row?)"))
            continue
        lines.append(line)
        for field, cell in zip(fields, row):
            columns[field["name"]].append(_check_cell(file, line, field, cell, errors))

    frame = pd.DataFrame({field["name"]: pd.Series(columns[field["name"]], dtype=_DTYPES.get(field["type"], "string"))
                          for field in fields})
    errors.extend(_check_primary_key(file, resource, frame, lines))
    return TableCheck(name, file, frame, lines, errors + hash_errors)


def _check_cell(file: str, line: int, field: dict, cell: str, errors: list[DataError]):
    column, constraints = field["name"], field.get("constraints", {})
    if cell == "":
        if constraints.get("required"):
            errors.append(DataError(file, line, column, "value is required but empty"))
        return None
    try:
        value = _CONVERTERS[field.get("type", "string")](cell)
    except ValueError as exc:
        errors.append(DataError(file, line, column, f"'{_clip(cell)}' is not valid: {exc}"))
        return None
    if "enum" in constraints and value not in constraints["enum"]:
        allowed = ", ".join(repr(option) for option in constraints["enum"] if option != "")
        errors.append(DataError(file, line, column, f"'{_clip(cell)}' is not an allowed value ({allowed})"))
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        errors.append(DataError(file, line, column, f"'{_clip(cell)}' does not match the pattern {constraints['pattern']}"))
    return value


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _check_primary_key(file: str, resource: dict, frame: pd.DataFrame, lines: list[int]) -> list[DataError]:
    key = resource.get("schema", {}).get("primaryKey", [])
    if not key or frame.empty:
        return []
    duplicated = frame.duplicated(subset=key, keep="first")
    first_line = {}
    errors = []
    for position, values in enumerate(frame[key].itertuples(index=False, name=None)):
        if duplicated.iloc[position]:
            errors.append(DataError(file, lines[position], ", ".join(key),
                                    f"duplicate key {values if len(values) > 1 else repr(values[0])} (first on line {first_line[values]})"))
        else:
            first_line.setdefault(values, lines[position])
    return errors


def check_foreign_keys(resource: dict, table: TableCheck, tables: dict[str, TableCheck]) -> list[DataError]:
    """Every non-empty foreign-key value must exist in the table it refers to."""
    errors = []
    if table.frame is None:
        return errors
    for foreign_key in resource.get("schema", {}).get("foreignKeys", []):
        column = foreign_key["fields"]
        reference = foreign_key["reference"]
        target_name = reference["resource"] or table.name
        target = tables.get(target_name)
        if target is None:
            errors.append(DataError(DESCRIPTOR, None, column,
                                    f"{table.file}: foreign key refers to a resource '{target_name}' that the descriptor does not list"))
            continue
        if target.frame is None:
            continue  # the referenced table's own problem is reported where it lies
        known = set(target.frame[reference["fields"]].dropna())
        for position, value in enumerate(table.frame[column]):
            if not pd.isna(value) and value not in known:
                errors.append(DataError(table.file, table.lines[position], column,
                                        f"'{_clip(str(value))}' is not a {reference['fields']} in {target.file}"))
    return errors


def check_package(data_dir: Path) -> tuple[dict[str, TableCheck], list[DataError]]:
    """Check every resource and every foreign key; return the tables read and all problems."""
    data_dir = Path(data_dir)
    try:
        descriptor = read_descriptor(data_dir)
    except DataError as error:
        return {}, [error]
    tables = {resource.get("name"): check_table(data_dir, resource) for resource in descriptor["resources"]}
    errors = [error for table in tables.values() for error in table.errors]
    for resource in descriptor["resources"]:
        errors.extend(check_foreign_keys(resource, tables[resource.get("name")], tables))
    from mbcstats.rules import check_rules  # domain rules build on the typed tables
    errors.extend(check_rules(data_dir, descriptor, tables))
    return tables, errors
