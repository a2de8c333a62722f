"""The whole data package as one zip, as a reader of a chosen data version saw it.

The zip holds every table with the rows of that version (figures as `history.as_of` gives them, other tables
by `added_in`, corrected quotes replaced by their corrections), `datapackage.json` with the schemas and hashes of
exactly those files, the changelog up to that version, a README with the citation and licences, and the primary
files under raw/ that its rows were read from: with them `python -m mbcstats verify` re-derives the figures from
the export alone (the OEWS snapshot wheel is too large and is fetched as primary_files.csv says). The seals stay
in the repository: they fingerprint every row ever released, which a package of one version does not hold.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from mbcstats.article_checks import current_quotes
from mbcstats.export import citation
from mbcstats.history import as_of, sorted_versions, version_key
from mbcstats.ingest.onet import ATTRIBUTION, ENDORSEMENT
from mbcstats.package import DESCRIPTOR, build_descriptor
from mbcstats.schema import TABLES
from mbcstats.seals import SEALS

# Zip entries get this date, so the same version always exports to the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
CHANGELOG = "CHANGELOG.md"
RAW = "raw"


WHAT_IS_IN_IT = ("Every table as of data version {version}, with datapackage.json (schemas and SHA-256 hashes), the "
                 "changelog, a README with the citation and licences, and the primary BLS files the figures were read "
                 "from, in one zip.")


def folder_name(version: str) -> str:
    return f"mbcstats-data-{version}"


def file_name(version: str) -> str:
    return f"{folder_name(version)}.zip"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def released_versions(data_dir: Path) -> list[str]:
    return sorted_versions(_read(Path(data_dir) / TABLES["versions"]["path"])["version"])


def rows_as_of(name: str, frame: pd.DataFrame, version: str) -> pd.DataFrame:
    """The rows of table `name` that a reader of `version` saw."""
    limit = version_key(version)
    column = "version" if name == "versions" else "added_in"
    rows = frame[[version_key(v) <= limit for v in frame[column]]]
    if name == "figures":
        return as_of(rows.assign(supersedes=rows["supersedes"].replace("", pd.NA)), version).fillna("")
    if name == "article_quotes" and "supersedes" in rows.columns:
        return current_quotes(rows)
    return rows


def changelog_as_of(text: str, version: str) -> str:
    """The changelog's preamble and its entries for `version` and the versions before it."""
    parts = re.split(r"(?m)^(?=## )", text)
    kept = [parts[0]] + [part for part in parts[1:]
                         if re.match(r"## (\S+)", part) and version_key(re.match(r"## (\S+)", part).group(1)) <= version_key(version)]
    return "".join(kept).rstrip("\n") + "\n"


def readme(version: str, tables: dict[str, int], raw_files: list[str]) -> str:
    counts = "\n".join(f"- `{TABLES[name]['path']}`: {count} rows. {TABLES[name]['title']}." for name, count in tables.items())
    onet = ("- O*NET occupation descriptions: Creative Commons Attribution 4.0. Attribution: "
            f"\"{ATTRIBUTION}\"; {ENDORSEMENT}.\n") if "occupation_descriptions" in tables else ""
    raw = "\n".join(f"  - `{path}`" for path in raw_files) or "  - none"
    return f"""# mbcstats data package, data version {version}

Medical billing and coding labor-market figures with their provenance: every figure has its value, unit,
statistic, occupation and SOC code, reference period, source and how it was verified. This is the package as a
reader of data version {version} saw it: figures a later version corrected are shown as they stood then.

## How to cite

{citation(version)}

## Files

{counts}
- `{DESCRIPTOR}`: the Frictionless Data Package descriptor: every table's schema and the SHA-256 of its file.
  Check it with `frictionless validate {DESCRIPTOR}`.
- `{CHANGELOG}`: what each data version up to {version} added or corrected.
- Primary files the figures were read from (re-derive them with `python -m mbcstats verify`, from the mbcstats
  repository, run on this folder):
{raw}

The OEWS May 2025 snapshot (a PyPI wheel, too large to include) is named in `primary_files.csv` with its SHA-256
and the command that fetches it; `verify` says which rows it skipped without it. The release seals (fingerprints
of every row ever released) and the full history, with the rows later versions corrected, are in the mbcstats
repository; `python -m mbcstats validate` run on this folder therefore reports that it has no seals table.

## Licences

- The mbcstats code is under the MIT licence (LICENSE in the mbcstats repository); this compilation, its metadata
  and notes are under Creative Commons Attribution 4.0, as `{DESCRIPTOR}` says.
- BLS figures (OEWS, Employment Projections, Occupational Outlook Handbook) are works of the U.S. government and
  in the public domain.
- AAPC figures are quoted as reported by the articles that cite them; AAPC's survey is not reproduced here.
{onet}"""


def _raw_files(data_dir: Path, tables: dict[str, pd.DataFrame]) -> list[str]:
    """The files under raw/ the exported rows name, with the notes that say where each came from."""
    named = [path for path in tables["primary_files"]["path"] if path]
    if "articles" in tables:
        named += [path for path in tables["articles"]["file"] if path]
    notes = {str(Path(path).parent / name) for path in named for name in ("PROVENANCE.md", "README.md")
             if (data_dir / Path(path).parent / name).is_file()}
    notes |= {str(Path(RAW) / part / "PROVENANCE.md") for part in ("bls", "onet")
              if any(path.startswith(f"{RAW}/{part}/") for path in named) and (data_dir / RAW / part / "PROVENANCE.md").is_file()}
    return sorted(set(named) | notes)


def export_package(data_dir: Path, version: str, out) -> list[str]:
    """Write the zip of `data_dir` as of `version` to `out` (a path or a binary file); the names written."""
    data_dir = Path(data_dir)
    if version not in released_versions(data_dir):
        raise ValueError(f"data version {version!r} is not released in {data_dir / 'versions.csv'}; "
                         f"choose one of {', '.join(released_versions(data_dir))}")
    frames = {}
    for name, table in TABLES.items():
        path = data_dir / table["path"]
        if name == SEALS or not path.exists():
            continue
        rows = rows_as_of(name, _read(path), version)
        if len(rows):
            frames[name] = rows
    root = folder_name(version)
    written = []
    with tempfile.TemporaryDirectory(prefix="mbcstats-export-") as scratch:
        staging = Path(scratch)
        for name, rows in frames.items():
            rows.to_csv(staging / TABLES[name]["path"], index=False, lineterminator="\n", encoding="utf-8")
        descriptor = build_descriptor(staging, list(frames))
        for resource in descriptor["resources"]:  # a correction's `supersedes` names a row of an earlier version
            keys = [key for key in resource["schema"].get("foreignKeys", []) if key["fields"] != "supersedes"]
            resource["schema"] = {**resource["schema"], "foreignKeys": keys}
        raw_files = _raw_files(data_dir, frames)
        texts = {DESCRIPTOR: json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                 CHANGELOG: changelog_as_of((data_dir / CHANGELOG).read_text(encoding="utf-8"), version),
                 "README.md": readme(version, {name: len(rows) for name, rows in frames.items()}, raw_files)}
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            def add(name: str, data: bytes) -> None:
                archive.writestr(zipfile.ZipInfo(f"{root}/{name}", ZIP_DATE), data, zipfile.ZIP_DEFLATED)
                written.append(name)

            for name, text in texts.items():
                add(name, text.encode("utf-8"))
            for name in frames:
                add(TABLES[name]["path"], (staging / TABLES[name]["path"]).read_bytes())
            for path in raw_files:
                add(path, (data_dir / path).read_bytes())
    return written


def export_bytes(data_dir: Path, version: str) -> bytes:
    buffer = io.BytesIO()
    export_package(data_dir, version, buffer)
    return buffer.getvalue()
