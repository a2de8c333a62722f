"""Rules about meaning that a table schema cannot express.

Each rule reads the typed tables and returns DataErrors located on the row
that breaks it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mbcstats.validate import DataError, TableCheck, sha256_of


def _rows(table: TableCheck | None):
    if table is None or table.frame is None:
        return []
    return zip(table.lines, table.frame.to_dict("records"))


def _blank(value) -> bool:
    return value is None or pd.isna(value) or value == ""


def check_rules(data_dir: Path, descriptor: dict, tables: dict[str, TableCheck]) -> list[DataError]:
    errors: list[DataError] = []
    errors += _figure_rules(tables)
    errors += _committed_files_match(data_dir, tables.get("primary_files"), "path")
    errors += _committed_files_match(data_dir, tables.get("articles"), "file")
    errors += _versions_known(descriptor, tables)
    return errors


def _figure_rules(tables: dict[str, TableCheck]) -> list[DataError]:
    figures = tables.get("figures")
    sources = tables.get("sources")
    kind_of = {}
    if sources is not None and sources.frame is not None:
        kind_of = dict(zip(sources.frame["source_id"], sources.frame["kind"]))
    errors = []
    for line, row in _rows(figures):
        file = figures.file
        if _blank(row["value"]) and _blank(row["footnote"]):
            errors.append(DataError(file, line, "value", "value is empty and no BLS footnote says why"))
        if not _blank(row["value"]) and not _blank(row["footnote"]):
            errors.append(DataError(file, line, "footnote", "a value and a 'not released' footnote on one row"))
        if row["verification"] == "matched_primary_file" and _blank(row["verified_file"]):
            errors.append(DataError(file, line, "verified_file", "verification is matched_primary_file but no file is named"))
        if row["verification"] == "unsourced" and kind_of.get(row["source_id"]) not in (None, "article"):
            errors.append(DataError(file, line, "source_id", "an unsourced figure must have the article as its source"))
        if row["supersedes"] == row["figure_id"]:
            errors.append(DataError(file, line, "supersedes", "a row cannot supersede itself"))
    return errors


def _committed_files_match(data_dir: Path, table: TableCheck | None, column: str) -> list[DataError]:
    errors = []
    for line, row in _rows(table):
        path = Path(data_dir) / str(row[column])
        if not path.exists():
            errors.append(DataError(table.file, line, column, f"{row[column]} is missing"))
        elif sha256_of(path) != row["sha256"]:
            errors.append(DataError(table.file, line, "sha256", f"{row[column]} does not match its recorded sha256"))
    return errors


def _versions_known(descriptor: dict, tables: dict[str, TableCheck]) -> list[DataError]:
    versions = tables.get("versions")
    if versions is None or versions.frame is None:
        return []
    known = set(versions.frame["version"])
    errors = []
    if descriptor.get("version") not in known:
        errors.append(DataError("datapackage.json", None, "version",
                                f"package version {descriptor.get('version')!r} is not listed in {versions.file}"))
    for name, table in tables.items():
        if name in ("versions", "figures") or table.frame is None or "added_in" not in table.frame:
            continue  # figures.added_in is a declared foreign key
        for line, version in zip(table.lines, table.frame["added_in"]):
            if not _blank(version) and version not in known:
                errors.append(DataError(table.file, line, "added_in", f"'{version}' is not a version in {versions.file}"))
    return errors
