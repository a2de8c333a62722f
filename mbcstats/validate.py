"""Check the data package against its descriptor.

Every problem becomes a `DataError` naming the file, the line (1 = the header),
the column and what is wrong, so a person can open the file and fix it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from mbcstats import limits
from mbcstats.schema import VERSION_PATTERN

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
    if not path.is_file():
        raise DataError(DESCRIPTOR, None, None, "is not a file (a folder of that name?)")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataError(DESCRIPTOR, None, None, f"not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise DataError(DESCRIPTOR, exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    if not isinstance(descriptor, dict):
        raise DataError(DESCRIPTOR, 1, None, "the descriptor must be a JSON object")
    if not isinstance(descriptor.get("resources"), list):
        raise DataError(DESCRIPTOR, None, "resources", "the descriptor lists no resources")
    _check_structure(descriptor, Path(data_dir))
    return descriptor


_VERSION = re.compile(VERSION_PATTERN)


def _check_structure(descriptor: dict, data_dir: Path) -> None:
    """The parts of the descriptor the checks and pages rely on, present and of the right kind: a hand-edited
    datapackage.json must stop with a message, not with a KeyError halfway through a page."""
    version = descriptor.get("version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise DataError(DESCRIPTOR, None, "version", f"{version!r} is not a data version such as \"1.1.0\"")
    for position, resource in enumerate(descriptor["resources"], start=1):
        where = f"resources (entry {position})"
        if not isinstance(resource, dict):
            raise DataError(DESCRIPTOR, None, where, "is not an object with a name, a path and a schema")
        for key in ("name", "path"):
            if not isinstance(resource.get(key), str) or not resource[key]:
                raise DataError(DESCRIPTOR, None, where, f"has no \"{key}\"")
        if not inside_package(data_dir, resource["path"]):
            raise DataError(DESCRIPTOR, None, where, f"{resource['path']!r} is not a path inside the data package")
        schema = resource.get("schema", {})
        fields = schema.get("fields", []) if isinstance(schema, dict) else None
        if not isinstance(fields, list):
            raise DataError(DESCRIPTOR, None, where, "schema.fields is not a list")
        for number, field in enumerate(fields, start=1):
            if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
                raise DataError(DESCRIPTOR, None, where, f"{resource['name']}: field {number} has no \"name\"")
            _check_field(field, f"{resource['name']}.{field['name']}", where)
        for key in schema.get("primaryKey", []) if isinstance(schema.get("primaryKey", []), list) else [None]:
            if not isinstance(key, str):
                raise DataError(DESCRIPTOR, None, where, f"{resource['name']}: primaryKey is not a list of field names")
        for foreign_key in schema.get("foreignKeys", []) if isinstance(schema.get("foreignKeys", []), list) else [None]:
            reference = foreign_key.get("reference") if isinstance(foreign_key, dict) else None
            if not (isinstance(foreign_key, dict) and isinstance(foreign_key.get("fields"), str)
                    and isinstance(reference, dict) and isinstance(reference.get("resource"), str)
                    and isinstance(reference.get("fields"), str)):
                raise DataError(DESCRIPTOR, None, where, f"{resource['name']}: a foreign key is not one field referring to "
                                                         "one field of a resource (as `python -m mbcstats package` writes it)")


def inside_package(data_dir: Path, path: str) -> bool:
    """Whether `path` leads inside the data package, links followed: as the Frictionless spec asks, a package reads
    only its own files. Nothing is opened to tell."""
    try:
        return (Path(data_dir) / path).resolve().is_relative_to(Path(data_dir).resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def _check_field(field: dict, name: str, where: str) -> None:
    if not isinstance(field.get("type", "string"), str):
        raise DataError(DESCRIPTOR, None, where, f"{name}: the type is not a name such as \"number\"")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        raise DataError(DESCRIPTOR, None, where, f"{name}: constraints is not an object")
    if not isinstance(constraints.get("enum", []), list):
        raise DataError(DESCRIPTOR, None, where, f"{name}: enum is not a list of allowed values")
    pattern = constraints.get("pattern")
    if pattern is not None and not _valid_pattern(pattern):
        raise DataError(DESCRIPTOR, None, where, f"{name}: the pattern {pattern!r} is not a regular expression")


def _valid_pattern(pattern) -> bool:
    """Whether the column checks can use it as it stands: a whole regular expression (not "a)|(b", which pandas'
    fullmatch would wrap into an alternation that matches too much), and one that fullmatch accepts."""
    if not isinstance(pattern, str):
        return False
    try:
        re.compile(pattern)
        pd.Index([""], dtype=_TEXT).str.fullmatch(pattern)
    except (re.error, pa.ArrowException, TypeError, ValueError):
        return False
    return True


def resource_named(descriptor: dict, name: str) -> dict:
    for resource in descriptor["resources"]:
        if resource.get("name") == name:
            return resource
    raise DataError(DESCRIPTOR, None, "resources", f"no resource named '{name}'")


# Field type -> (pattern its text must match, what to tell the person who typed something else).
_TYPES = {
    "string": (None, ""),
    "integer": (r"-?[0-9]+", "a whole number"),
    "number": (r"-?[0-9]+(\.[0-9]+)?", "a number such as 51090 or 7.1 (no commas, symbols or spaces)"),
    "date": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date (YYYY-MM-DD)"),
}
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "date": "string"}


def check_table(data_dir: Path, resource: dict) -> TableCheck:
    """Read one resource's CSV, check it against its schema, and return it typed."""
    name, file = resource.get("name", "?"), resource.get("path", "?")
    path = Path(data_dir) / file
    fields = resource.get("schema", {}).get("fields", [])
    if not path.exists():
        return TableCheck(name, file, None, [], [DataError(file, None, None, "file is missing")])
    if not path.is_file():
        return TableCheck(name, file, None, [], [DataError(file, None, None, "is not a file (a folder of that name?)")])

    size = path.stat().st_size
    if size > limits.TABLE_BYTES:  # before it is read: the server would hold it all in memory
        return TableCheck(name, file, None, [], [DataError(file, None, None, (
            f"{size:,} bytes, more than the {limits.TABLE_BYTES:,} bytes a table may have (the limit in "
            "mbcstats/limits.py); not read"))])

    errors: list[DataError] = []
    raw = path.read_bytes()
    lines = max(raw.count(b"\n"), raw.count(b"\r")) - 1  # after the header; a line ends in \n, \r\n or \r
    if lines > limits.TABLE_ROWS:  # before it is parsed, which takes far more memory than the file
        return TableCheck(name, file, None, [], [DataError(file, None, None, (
            f"{lines:,} lines after the header, more than the {limits.TABLE_ROWS:,} rows a table may have (the "
            "limit in mbcstats/limits.py)"))])
    recorded = str(resource.get("hash", "")).removeprefix("sha256:")
    actual = hashlib.sha256(raw).hexdigest()
    hash_errors = []
    if recorded and recorded != actual:
        # Listed after the row-level problems: a bad cell explains a changed hash, not the reverse.
        hash_errors.append(DataError(file, None, None,
                                     f"sha256 is {actual[:12]}… but datapackage.json records {recorded[:12]}…: "
                                     "the file changed after it was packaged (if the change is intended, "
                                     "run `python -m mbcstats package`)"))
    # Excel's "CSV UTF-8" starts the file with a byte-order mark: an invisible character, not part of the header.
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return TableCheck(name, file, None, [], [DataError(file, None, None, f"not UTF-8 text ({exc.reason})")] + hash_errors)

    header = _header(text)
    expected = [field["name"] for field in fields]
    if not header:
        problem = "line 1 is blank: the header must be the first line" if text.strip() else "file is empty: no header row"
        return TableCheck(name, file, None, [], [DataError(file, 1, None, problem)] + hash_errors)
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

    unknown = [f"{field['name']} ({field.get('type')})" for field in fields if field.get("type", "string") not in _TYPES]
    if unknown:
        return TableCheck(name, file, None, [], errors + hash_errors + [
            DataError(DESCRIPTOR, None, None, f"{file}: unsupported field type for {', '.join(unknown)}")])
    key = resource.get("schema", {}).get("primaryKey", [])
    if any(column not in expected for column in key):
        return TableCheck(name, file, None, [], errors + hash_errors + [
            DataError(DESCRIPTOR, None, None, f"{file}: primaryKey names a column the schema does not have: {key}")])
    read = _read_rows_fast(body, expected)
    if read is None:
        raw_frame, lines, row_errors = _read_rows_slow(text, file, expected)
        errors += row_errors
    else:
        raw_frame, lines = read
    if raw_frame.empty and not errors:
        return TableCheck(name, file, None, [], [DataError(file, 2, None, "the file has its header but no rows "
                                                           "after it (cut short?)")] + hash_errors)

    cell_errors: list[tuple[int, int, DataError]] = []
    typed = {}
    for position, field in enumerate(fields):
        values, problems = _check_column(file, field, raw_frame[field["name"]], lines)
        typed[field["name"]] = values
        cell_errors += [(error.line, position, error) for error in problems]
    errors += [error for _, _, error in sorted(cell_errors, key=lambda item: item[:2])]
    frame = pd.DataFrame(typed)
    errors.extend(_check_primary_key(file, resource, frame, lines))
    return TableCheck(name, file, frame, lines, errors + hash_errors)


_HEAD = 1 << 16  # characters: where the header record is sought first


def _header(text: str) -> list[str] | None:
    """The file's first record, parsed from its first characters where they hold the start of a second record (so
    the first one is whole); a file read whole into a StringIO costs 4 bytes a character,
    four times the memory of a large file's ASCII text."""
    if len(text) > _HEAD:
        try:
            reader = csv.reader(io.StringIO(text[:_HEAD], newline=""))
            header = next(reader, None)
            if next(reader, None) is not None:
                return header
        except csv.Error:
            pass  # as read from the whole text below
    return next(csv.reader(io.StringIO(text, newline="")), None)


# What `.astype(str)` gives: pandas' text dtype. Both ways of reading rows give every column in it.
_TEXT = pd.api.types.pandas_dtype(str)


def _read_rows_slow(text: str, file: str, expected: list[str]) -> tuple[pd.DataFrame, list[int], list[DataError]]:
    """The data rows after the header record, the CSV line each starts on, and the rows with the wrong field count."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)  # the header, checked by the caller
    rows: list[list[str]] = []
    lines: list[int] = []
    errors: list[DataError] = []
    end_of_previous = reader.line_num
    for row in reader:
        line, end_of_previous = end_of_previous + 1, reader.line_num  # a quoted field may span lines
        if not row and len(expected) > 1:
            continue  # a blank line holds nothing (a one-column table keeps it, reported: it might be a lost value)
        if len(row) != len(expected):
            errors.append(DataError(file, line, None,
                                    f"row has {len(row)} fields, the header has {len(expected)} (truncated or mis-quoted row?)"))
            continue
        rows.append(row)
        lines.append(line)
    raw_frame = pd.DataFrame(rows, columns=expected, dtype=object) if rows else pd.DataFrame(columns=expected, dtype=object)
    return raw_frame.astype(_TEXT), lines, errors


def _read_rows_fast(raw: bytes, expected: list[str]) -> tuple[pd.DataFrame, list[int]] | None:
    """What `_read_rows_slow` returns for a well-formed file, read by pyarrow's CSV reader in a tenth of the time.

    Only where every record is one physical line, so that row k (0-based) is on line k + 2. None, to read the file
    the slow way, wherever that is in doubt: a \\r that does not begin a \\r\\n; fewer than two columns (a blank
    line would read as one empty field, not as no fields) or two of one name; a row pyarrow refuses (too few or too
    many fields); fewer records than lines (a quoted line break; a blank line, which pyarrow skips).
    """
    if len(expected) < 2 or len(set(expected)) != len(expected):
        return None
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    physical_lines = raw.count(b"\n") + (not raw.endswith(b"\n"))  # in UTF-8 the byte \n is only ever a \n
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw), read_options=pacsv.ReadOptions(use_threads=False),  # as fast, steadier when busy
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(expected, pa.string()), null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowException:
        return None
    if table.column_names != expected or table.num_rows != physical_lines - 1:
        return None
    frame = table.to_pandas()
    if any(dtype != _TEXT for dtype in frame.dtypes):
        return None
    return frame, list(range(2, table.num_rows + 2))


def _check_column(file: str, field: dict, cells: pd.Series, lines: list[int]) -> tuple[pd.Series, list[DataError]]:
    """Check one column's cells against the field's type and constraints; return the typed column and the problems.

    Each distinct text is checked once and the verdicts are spread back over the rows: a column repeats its
    values (85,059 detail rows hold a few hundred areas and 15,000 values). A cell that is not of its type is
    reported once and is not also checked against the field's allowed values or pattern.
    """
    column, constraints = field["name"], field.get("constraints", {})
    kind = field.get("type", "string")
    type_pattern, expected = _TYPES[kind]
    text = cells if cells.dtype == _TEXT else cells.astype(str)
    codes, distinct = pd.factorize(text, use_na_sentinel=False)
    problems_of: dict[int, list[str]] = {}  # a distinct text's index -> its problems, in the order of the checks

    def report(indexes, message) -> None:
        for index in indexes:
            problems_of.setdefault(index, []).append(message(distinct[index]))

    empty = np.asarray(distinct == "", dtype=bool)
    valid = ~empty  # becomes a value: not empty and of the field's type
    if constraints.get("required"):
        report(np.flatnonzero(empty), lambda cell: "value is required but empty")
    if type_pattern:
        valid &= np.asarray(distinct.str.fullmatch(type_pattern), dtype=bool)
        if kind == "date":  # and a day that exists
            valid[valid] = pd.to_datetime(distinct[valid], format="%Y-%m-%d", errors="coerce").notna()
        report(np.flatnonzero(~empty & ~valid), lambda cell: f"'{_clip(cell)}' is not valid: expected {expected}")
    if kind == "integer":  # parsed by int(): through a float, a column with an empty cell lost digits past 2**53
        numbers = [int(cell) if ok else None for cell, ok in zip(distinct, valid)]
        too_large = [index for index, number in enumerate(numbers) if number is not None and not -2**63 <= number < 2**63]
        report(too_large, lambda cell: f"'{_clip(cell)}' is too large: a whole number must lie within ±9.2 × 10^18")
        valid[too_large] = False
    if kind == "number":  # parsed once, here: enough digits read as infinity
        parsed = pd.to_numeric(pd.Series(distinct, dtype=_TEXT).where(valid), errors="coerce")
        too_large = np.flatnonzero(valid & ~np.isfinite(parsed.to_numpy(dtype=float, na_value=np.nan)))
        report(too_large, lambda cell: f"'{_clip(cell)}' is too large: a number must lie within ±1.8 × 10^308")
        valid[too_large] = False
    if "enum" in constraints:
        allowed = ", ".join(repr(option) for option in constraints["enum"] if option != "")
        report(np.flatnonzero(valid & ~np.asarray(distinct.isin(constraints["enum"]), dtype=bool)),
               lambda cell: f"'{_clip(cell)}' is not an allowed value ({allowed})")
    if "pattern" in constraints:
        report(np.flatnonzero(valid & ~np.asarray(distinct.str.fullmatch(constraints["pattern"]), dtype=bool)),
               lambda cell: f"'{_clip(cell)}' does not match the pattern {constraints['pattern']}")

    problems = []
    if problems_of:
        for position in np.flatnonzero(np.isin(codes, list(problems_of))):
            problems += [DataError(file, lines[position], column, problem) for problem in problems_of[codes[position]]]
    if kind == "integer":
        numbers = pd.array([number if ok else None for number, ok in zip(numbers, valid)], dtype=_DTYPES[kind])
        values = pd.Series(numbers.take(codes), index=cells.index)
    elif kind == "number":
        # Parsing the distinct texts gives what parsing every cell would; the column ends Float64 either way.
        numbers = parsed.where(valid)
        values = pd.Series(numbers.to_numpy()[codes], index=cells.index).astype(_DTYPES[kind])
    elif valid.all():
        values = text.astype("string")
    else:
        values = text.where(pd.Series(valid[codes], index=cells.index)).astype("string")
    return values, problems


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _check_primary_key(file: str, resource: dict, frame: pd.DataFrame, lines: list[int]) -> list[DataError]:
    key = resource.get("schema", {}).get("primaryKey", [])
    if not key or frame.empty:
        return []
    repeated = frame.duplicated(subset=key, keep=False)
    if not repeated.any():
        return []
    first_line, errors = {}, []
    for position in repeated[repeated].index:  # only the rows that share a key with another
        values = tuple(frame.loc[position, key])
        if values in first_line:
            shown = values if len(values) > 1 else repr(values[0])
            errors.append(DataError(file, lines[position], ", ".join(key),
                                    f"duplicate key {shown} (first on line {first_line[values]})"))
        else:
            first_line[values] = lines[position]
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
        values = table.frame[column]
        dangling = values.notna() & ~values.isin(target.frame[reference["fields"]].dropna())
        for position in dangling[dangling].index:
            errors.append(DataError(table.file, table.lines[position], column,
                                    f"'{_clip(str(values[position]))}' is not a {reference['fields']} in {target.file}"))
    return errors

