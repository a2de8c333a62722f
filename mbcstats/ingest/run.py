"""Take BLS files into the data package as a new release: append rows, never edit them."""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from mbcstats.history import version_key
from mbcstats.ingest import ep, oews_xlsx
from mbcstats.package import write_descriptor
from mbcstats.schema import TABLES
from mbcstats.validate import sha256_of

BLS = "U.S. Bureau of Labor Statistics"


class IngestRefused(Exception):
    """The ingest would change a released figure or take in a file that is not what it claims to be."""


@dataclass(frozen=True)
class Format:
    name: str
    raw_dir: str
    read: object          # (path, codes, version) -> figure rows
    source: object        # path -> sources.csv row (without added_in)


def _oews_source(path: Path) -> dict:
    year = oews_xlsx.year_of(path)
    return dict(source_id=oews_xlsx.source_id_for(year), publisher=BLS,
                program="Occupational Employment and Wage Statistics (OEWS)",
                title=f"OEWS national estimates, May {year}", short_label=f"BLS OEWS, May {year}", edition=f"May {year}", publication_date="",
                url="https://www.bls.gov/oes/tables.htm", kind="official_statistics",
                notes="Wage and salary jobs in May; excludes the self-employed. Publication date not recorded at ingest.")


def _ep_source(path: Path, layout: str, url: str) -> dict:
    base, target = ep.edition_of(path)
    edition = f"{base}-{str(target)[2:]}"
    return dict(source_id=ep.source_id_for(base, target), publisher=BLS, program="Employment Projections (EP)",
                title=f"Employment Projections {edition}, {layout}",
                short_label=f"BLS Employment Projections {edition}", edition=edition, publication_date="", url=url,
                kind="official_statistics",
                notes="Employment is an annual average of all workers, including the self-employed. Publication date not recorded at ingest.")


FORMATS = [
    (re.compile(r"national_M\d{4}_dl\.xlsx$"),
     Format("OEWS national XLSX", "raw/bls/oews-national", oews_xlsx.read, _oews_source)),
    (re.compile(r"occupation_\d{4}-\d{2,4}\.xlsx$"),
     Format("Employment Projections occupation.xlsx", "raw/bls/ep", ep.read_xlsx,
            lambda p: _ep_source(p, "occupation.xlsx Table 1.2", "https://www.bls.gov/emp/tables.htm"))),
    (re.compile(r"occupationProj_\d{4}-\d{2,4}\.csv$"),
     Format("Employment Projections tool export", "raw/bls/ep-tool-exports", ep.read_tool_csv,
            lambda p: _ep_source(p, "projections tool export", "https://data.bls.gov/projections/occupationProj"))),
]


def format_of(path: Path) -> Format:
    for pattern, fmt in FORMATS:
        if pattern.search(Path(path).name):
            return fmt
    names = "national_MYYYY_dl.xlsx, occupation_YYYY-YY.xlsx, occupationProj_YYYY-YY.csv"
    raise IngestRefused(f"{Path(path).name}: not a known BLS file name (expected one of {names})")


@dataclass
class IngestReport:
    version: str | None
    added: dict[str, int] = field(default_factory=dict)   # file name -> figure rows added

    @property
    def changed(self) -> bool:
        return self.version is not None


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _format_cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _append_rows(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Append rows to a CSV without rewriting the lines already released."""
    if not rows:
        return
    with open(path, "a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in rows:
            writer.writerow([_format_cell(row.get(column)) for column in columns])


def _columns(table: str) -> list[str]:
    return [f["name"] for f in TABLES[table]["schema"]["fields"]]


def ingest(paths: list[Path], data_dir: Path, version: str | None = None, pinned: dict[str, str] | None = None,
           today: date | None = None) -> IngestReport:
    """Append the figures of `paths` to the package in `data_dir` as one new release.

    Nothing is written when every figure is already there (running twice changes nothing).
    A figure whose id exists with another value is refused: releases are append-only, so a
    correction is a new row that supersedes the old one. `pinned` maps file names to the
    sha256 they must have.
    """
    data_dir = Path(data_dir)
    versions = _read_csv(data_dir / "versions.csv")
    if version is None:
        major, minor, _ = version_key(max(versions["version"], key=version_key))
        version = f"{major}.{minor + 1}.0"
    elif version in set(versions["version"]):
        raise IngestRefused(f"version {version} is already released; releases are never changed")

    known_files = _read_csv(data_dir / "primary_files.csv").set_index("file_name")
    releases = _read_csv(data_dir / "known_releases.csv")
    releases = releases[releases["sha256"] != ""]
    given = {Path(name).name: digest.strip().lower() for name, digest in (pinned or {}).items()}
    # A file is held to the hash recorded for it: as ingested before, as published (known_releases), or as given.
    pinned = {**dict(zip(releases["file_name"], releases["sha256"])), **dict(zip(known_files.index, known_files["sha256"])),
              **given}
    occupations = set(_read_csv(data_dir / "occupations.csv")["soc_code"])
    figures = _read_csv(data_dir / "figures.csv").set_index("figure_id")
    sources = set(_read_csv(data_dir / "sources.csv")["source_id"])

    new_figures, new_sources, new_files, report = [], [], [], IngestReport(None)
    taken: dict[str, dict] = {}
    for path in map(Path, paths):
        fmt = format_of(path)
        digest = sha256_of(path)
        if path.name in pinned and pinned[path.name] != digest:
            raise IngestRefused(f"{path.name}: sha256 is {digest}, but {pinned[path.name]} is pinned for this file; "
                                "it is not the file BLS published, or it changed")
        try:
            rows = fmt.read(path, occupations, version)
        except (ValueError, KeyError) as exc:
            raise IngestRefused(f"{path.name}: cannot be read as {fmt.name}: {exc}") from None
        fresh = []
        for row in rows.to_dict("records"):
            if row["figure_id"] in taken:  # the same figure from another file of this run (e.g. two layouts of one edition)
                earlier = taken[row["figure_id"]]
                if _format_cell(earlier["value"]) != _format_cell(row["value"]) or earlier["footnote"] != row["footnote"]:
                    raise IngestRefused(f"{path.name}: figure {row['figure_id']} has another value in {earlier['verified_file']}")
                continue
            if row["figure_id"] in figures.index:
                old = figures.loc[row["figure_id"]]
                if old["value"] != _format_cell(row["value"]) or old["footnote"] != row["footnote"]:
                    raise IngestRefused(
                        f"{path.name}: figure {row['figure_id']} would change from {old['value'] or old['footnote']!r} "
                        f"(release {old['added_in']}) to {_format_cell(row['value']) or row['footnote']!r}; releases are "
                        "append-only, so add a correction row that supersedes it instead")
            else:
                fresh.append(row)
                taken[row["figure_id"]] = row
        if not fresh:
            continue
        report.added[path.name] = len(fresh)
        new_figures += fresh
        source = fmt.source(path)
        if source["source_id"] not in sources | {s["source_id"] for s in new_sources}:
            new_sources.append({**source, "added_in": version})
        if path.name not in known_files.index:
            new_files.append(dict(file_name=path.name, path=f"{fmt.raw_dir}/{path.name}", sha256=digest,
                                  source_id=source["source_id"], obtained_from=str(path), added_in=version))

    if not new_figures:
        return report
    for row in new_files:
        target = data_dir / row["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(row["obtained_from"], target)
        row["obtained_from"] = f"ingested from {Path(row['obtained_from']).name}"
    summary = "Added " + "; ".join(f"{n} figures from {name}" for name, n in report.added.items())
    released = (today or date.today()).isoformat()
    _append_rows(data_dir / "sources.csv", _columns("sources"), new_sources)
    _append_rows(data_dir / "primary_files.csv", _columns("primary_files"), new_files)
    _append_rows(data_dir / "figures.csv", _columns("figures"), new_figures)
    _append_rows(data_dir / "versions.csv", _columns("versions"),
                 [dict(version=version, released=released, summary=summary)])
    _append_changelog(data_dir, version, released, report, new_files)
    write_descriptor(data_dir)
    report.version = version
    return report


def _append_changelog(data_dir: Path, version: str, released: str, report: IngestReport, new_files: list[dict]) -> None:
    lines = [f"\n## {version} ({released})\n", "MINOR: data appended by `python -m mbcstats ingest`.\n"]
    digests = {row["file_name"]: row["sha256"] for row in new_files}
    for name, count in report.added.items():
        digest = f" (sha256 {digests[name]})" if name in digests else ""
        lines.append(f"- {count} figures from `{name}`{digest}.\n")
    with open(Path(data_dir) / "CHANGELOG.md", "a", encoding="utf-8") as handle:
        handle.writelines(lines)
