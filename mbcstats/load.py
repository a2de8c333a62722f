"""Read tables of the data package into typed DataFrames, or fail with one clear DataError."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mbcstats.rules import check_rules, versions_known
from mbcstats.seals import check_seals
from mbcstats.validate import DataError, TableCheck, check_foreign_keys, check_table, read_descriptor, resource_named

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Package:
    """The descriptor and the typed tables of one data package directory."""

    data_dir: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]

    @property
    def version(self) -> str:
        return self.descriptor["version"]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _raise_first(errors: list[DataError]) -> None:
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more problems in the package)" if len(errors) > 1 else ""
        raise DataError(first.file, first.line, first.column, first.problem + more)


def load_tables(names: list[str], data_dir: Path | str = DEFAULT_DATA_DIR) -> Package:
    """Load the named tables, checked against the descriptor and each other's keys.

    Tables referred to by a foreign key are read too, so a dangling key is caught;
    tables that none of `names` needs are not read, so a broken one does not stop them.
    """
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    needed = _with_references(descriptor, names)
    checks = {name: check_table(data_dir, resource_named(descriptor, name)) for name in needed}
    errors = [error for check in checks.values() for error in check.errors]
    if not errors:
        for name in needed:
            errors += check_foreign_keys(resource_named(descriptor, name), checks[name], checks)
    if not errors and "versions" in checks:  # pages label what they show with the package's version
        errors += versions_known(descriptor, checks)
    _raise_first(errors)
    return Package(data_dir, descriptor, {name: checks[name].frame for name in needed})


def _with_references(descriptor: dict, names: list[str]) -> list[str]:
    needed, queue = [], list(names)
    while queue:
        name = queue.pop(0)
        if name in needed:
            continue
        needed.append(name)
        for foreign_key in resource_named(descriptor, name).get("schema", {}).get("foreignKeys", []):
            queue.append(foreign_key["reference"]["resource"] or name)
    return needed


def check_package(data_dir: Path | str, descriptor: dict | None = None,
                  earlier: tuple[dict, dict[str, TableCheck]] | None = None) -> tuple[dict[str, TableCheck], list[DataError]]:
    """Check every resource, every foreign key, the domain rules and the release seals; return the tables read and
    all problems. A row with a cell that does not read is reported for that cell alone: the rules and seals about
    its meaning wait until it reads.

    `descriptor`: the package's datapackage.json as `read_descriptor` returned it, if the caller has read it already.
    `earlier`: the descriptor and the tables of an earlier check of this package that found no problem; a table
    whose resource (schema, hash and size) is the same now is taken from it, not read again (an ingest checks the
    package before and after appending to a few of its tables).
    """
    data_dir = Path(data_dir)
    if descriptor is None:
        try:
            descriptor = read_descriptor(data_dir)
        except DataError as error:
            return {}, [error]
    unchanged = {}
    if earlier is not None:
        before, checked = earlier
        unchanged = {resource["name"]: checked[resource["name"]] for resource in descriptor["resources"]
                     if resource in before["resources"] and resource["name"] in checked}
    tables = {resource.get("name"): unchanged.get(resource.get("name")) or check_table(data_dir, resource)
              for resource in descriptor["resources"]}
    errors = [error for table in tables.values() for error in table.errors]
    unread = {(error.file, error.line) for error in errors if error.line is not None and error.line > 1}
    later = [error for resource in descriptor["resources"]
             for error in check_foreign_keys(resource, tables[resource.get("name")], tables)]
    later += check_rules(data_dir, descriptor, tables) + check_seals(tables)
    return tables, errors + [error for error in later if (error.file, error.line) not in unread]


def load_package(data_dir: Path | str = DEFAULT_DATA_DIR) -> Package:
    """Load every table of the package, checked as `python -m mbcstats validate` checks it.

    One pass: each file is read and checked once (schemas, keys, foreign keys and the rules in mbcstats.rules),
    and the Package is built from the tables that check typed.
    """
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    tables, errors = check_package(data_dir, descriptor)
    _raise_first(errors)
    return Package(data_dir, descriptor, {name: table.frame for name, table in tables.items()})
