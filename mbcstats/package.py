"""Write `datapackage.json` from the table schemas and the files as they stand."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from mbcstats.history import version_key
from mbcstats.schema import TABLES
from mbcstats.validate import DESCRIPTOR, sha256_of

PACKAGE_NAME = "mbcstats"
TITLE = "Medical billing and coding: labor-market figures with their provenance"
LICENSES = [
    {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (this compilation, its metadata and notes)",
     "path": "https://creativecommons.org/licenses/by/4.0/"},
    {"name": "other-pd", "title": "U.S. Government work: BLS data are in the public domain",
     "path": "https://www.bls.gov/opub/copyright-information.htm"},
]


def _csv_rows(path: Path, columns: list[str]) -> list[dict]:
    """The rows of a CSV file; a ValueError naming the file and column when a column this module reads is missing."""
    with open(path, newline="", encoding="utf-8-sig") as handle:  # a byte-order mark is not part of the header
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name}, line 1, column {missing[0]}: column is missing from the header; "
                             "nothing was written (run `python -m mbcstats validate` for every problem)")
        return list(reader)


def latest_version(data_dir: Path) -> str:
    versions = [row["version"] for row in _csv_rows(Path(data_dir) / TABLES["versions"]["path"], ["version"])]
    if not versions:
        raise ValueError("versions.csv lists no version")
    return max(versions, key=version_key)


def build_descriptor(data_dir: Path, tables: list[str] | None = None) -> dict:
    """The descriptor of the package in `data_dir`: of every table, or of those named in `tables` (an export)."""
    data_dir = Path(data_dir)
    sources = [{"title": f"{row['publisher']}: {row['title']}", **({"path": row["url"]} if row["url"] else {})}
               for row in _csv_rows(data_dir / TABLES["sources"]["path"], ["publisher", "title", "url"])]
    resources = []
    for name, table in TABLES.items():
        if tables is not None and name not in tables:
            continue
        path = data_dir / table["path"]
        resources.append({
            "name": name, "path": table["path"], "profile": "tabular-data-resource",
            "title": table["title"], "description": table["description"],
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "hash": f"sha256:{sha256_of(path)}", "bytes": path.stat().st_size,
            "schema": table["schema"],
        })
    return {
        "profile": "tabular-data-package", "name": PACKAGE_NAME, "title": TITLE,
        "version": latest_version(data_dir), "licenses": LICENSES, "sources": sources, "resources": resources,
    }


def write_descriptor(data_dir: Path) -> Path:
    path = Path(data_dir) / DESCRIPTOR
    path.write_text(json.dumps(build_descriptor(data_dir), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
