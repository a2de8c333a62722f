"""Every BLS figure in figures.csv equals the committed BLS file it names, read here without mbcstats.ingest.

The files are read with openpyxl and csv directly, and the meaning of each BLS column
(which measure and statistic it is) is written out below from the BLS field descriptions,
so a reader bug in mbcstats.ingest cannot hide behind itself.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import DATA_DIR

OEWS_YEARS = range(2019, 2025)
OEWS_SPECIAL = {"*", "**", "#"}

# OEWS national file column -> (measure, statistic, unit). From the "Field Descriptions" sheet:
# TOT_EMP employment, EMP_PRSE its relative standard error, MEAN_PRSE the RSE of the mean wage.
OEWS_COLUMNS = {
    "TOT_EMP": ("oews_employment", "count", "jobs"),
    "EMP_PRSE": ("oews_employment", "rse", "percent"),
    "H_MEAN": ("wage_hourly", "mean", "usd_per_hour"),
    "A_MEAN": ("wage_annual", "mean", "usd_per_year"),
    "MEAN_PRSE": ("wage_annual", "rse", "percent"),
    "H_PCT10": ("wage_hourly", "p10", "usd_per_hour"),
    "H_PCT25": ("wage_hourly", "p25", "usd_per_hour"),
    "H_MEDIAN": ("wage_hourly", "median", "usd_per_hour"),
    "H_PCT75": ("wage_hourly", "p75", "usd_per_hour"),
    "H_PCT90": ("wage_hourly", "p90", "usd_per_hour"),
    "A_PCT10": ("wage_annual", "p10", "usd_per_year"),
    "A_PCT25": ("wage_annual", "p25", "usd_per_year"),
    "A_MEDIAN": ("wage_annual", "median", "usd_per_year"),
    "A_PCT75": ("wage_annual", "p75", "usd_per_year"),
    "A_PCT90": ("wage_annual", "p90", "usd_per_year"),
}

# Employment Projections editions held, and the file each is in.
EP_EDITIONS = {
    (2019, 2029): "raw/bls/ep/occupation_2019-29.xlsx",
    (2020, 2030): "raw/bls/ep-tool-exports/occupationProj_2020-30.csv",
    (2021, 2031): "raw/bls/ep-tool-exports/occupationProj_2021-31.csv",
    (2022, 2032): "raw/bls/ep-tool-exports/occupationProj_2022-32.csv",
    (2023, 2033): "raw/bls/ep/occupation_2023-33.xlsx",
    (2024, 2034): "raw/bls/ep/occupation_2024-34.xlsx",
}


def _csv_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


FIGURES = _csv_rows("figures.csv")
OCCUPATIONS = [row["soc_code"] for row in _csv_rows("occupations.csv")]


def _figures_of(source_id: str, code: str) -> list[dict]:
    return [row for row in FIGURES if row["source_id"] == source_id and row["occupation_code"] == code]


def _one(rows: list[dict], **match) -> dict:
    found = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(found) == 1, f"expected one figure with {match}, found {len(found)}"
    return found[0]


# --- reading the files directly -------------------------------------------------------------

@cache
def _oews_rows(year: int) -> dict[str, dict]:
    """OCC_CODE -> {COLUMN: cell} for the occupations of occupations.csv in one OEWS national file."""
    workbook = openpyxl.load_workbook(DATA_DIR / f"raw/bls/oews-national/national_M{year}_dl.xlsx",
                                      read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(cell).upper() if cell is not None else "" for cell in next(rows)]
        rows_by_code = {}
        for cells in rows:
            record = dict(zip(header, cells))
            code = record["OCC_CODE"]
            if code in OCCUPATIONS:  # a code can repeat as a broad and a detailed group; ours must not
                assert code not in rows_by_code, f"{code} twice in May {year}: which row is the figure?"
                rows_by_code[code] = record
        return rows_by_code
    finally:
        workbook.close()


def _number(cell) -> float:
    return float(str(cell).replace(",", "")) if isinstance(cell, str) else float(cell)


@cache
def _ep_line_items(base: int, target: int) -> dict[str, dict[str, object]]:
    """code -> {'base', 'target', 'change', 'percent', 'openings'} read from the edition's file."""
    path = DATA_DIR / EP_EDITIONS[(base, target)]
    items: dict[str, dict[str, object]] = {}
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = list(workbook["Table 1.2"].iter_rows(values_only=True))
        finally:
            workbook.close()
        header = [str(cell or "") for cell in rows[1]]
        assert "code" in header[1].lower(), header
        columns = {
            "base": header.index(f"Employment, {base}"),
            "target": header.index(f"Employment, {target}"),
            "change": next(i for i, h in enumerate(header) if h.startswith("Employment change, numeric")),
            "percent": next(i for i, h in enumerate(header) if h.startswith("Employment change, percent")),
            "openings": next(i for i, h in enumerate(header) if h.startswith("Occupational openings")),
        }
        for row in rows[2:]:
            if row and row[1]:
                items[str(row[1]).strip()] = {key: row[i] for key, i in columns.items()}
    else:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            columns = {
                "base": f"Employment {base}",
                "target": f"Employment {target}",
                "change": f"Employment Change, {base}-{target}",
                "percent": f"Employment Percent Change, {base}-{target}",
                "openings": f"Occupational Openings, {base}-{target} Annual Average",
            }
            assert set(columns.values()) <= set(header), header
            for row in reader:
                code = row["Occupation Code"].strip().removeprefix("=").strip('"')
                items[code] = {key: row[column] for key, column in columns.items()}
    return items


# --- OEWS ----------------------------------------------------------------------------------

@pytest.mark.parametrize("year", OEWS_YEARS)
def test_every_oews_figure_of_every_occupation_equals_the_national_file(year):
    in_file = _oews_rows(year)
    source_id = f"bls-oews-m{year}"
    checked = 0
    for code in OCCUPATIONS:
        figures = _figures_of(source_id, code)
        if code not in in_file:
            assert figures == [], f"{code} is not in national_M{year}_dl.xlsx but has figures from it"
            continue
        assert len(figures) == len(OEWS_COLUMNS), f"{code} May {year}: {len(figures)} figures"
        for column, (measure, statistic, unit) in OEWS_COLUMNS.items():
            cell = in_file[code][column]
            figure = _one(figures, measure=measure, statistic=statistic)
            where = f"{code} May {year} {column}"
            assert figure["unit"] == unit, where
            assert figure["period"] == f"May {year}", where
            assert figure["year"] == str(year), where
            assert figure["area"] == "United States" and figure["setting"] == "All industries", where
            assert figure["verification"] == "matched_primary_file", where
            assert figure["verified_file"] == f"national_M{year}_dl.xlsx", where
            if isinstance(cell, str) and cell.strip() in OEWS_SPECIAL:
                assert (figure["value"], figure["footnote"]) == ("", cell.strip()), where
            else:
                assert figure["footnote"] == "", where
                assert float(figure["value"]) == pytest.approx(_number(cell), abs=1e-9), where
            checked += 1
    assert checked >= 7 * len(OEWS_COLUMNS)


def test_29_2072_starts_in_may_2021_and_29_2098_ends_in_may_2020():
    """The 2018 SOC code 29-2072 starts in May 2021, and 29-2098 ends in May 2020."""
    for year in OEWS_YEARS:
        codes = set(_oews_rows(year))
        assert ("29-2072" in codes) == (year >= 2021), year
        assert ("29-2098" in codes) == (year <= 2020), year
        assert bool(_figures_of(f"bls-oews-m{year}", "29-2072")) == (year >= 2021), year
        assert bool(_figures_of(f"bls-oews-m{year}", "29-2098")) == (year <= 2020), year


# --- Employment Projections -----------------------------------------------------------------

@pytest.mark.parametrize("edition", sorted(EP_EDITIONS), ids=lambda e: f"{e[0]}-{str(e[1])[2:]}")
def test_every_projection_of_every_occupation_equals_the_edition_file(edition):
    base, target = edition
    label = f"{base}-{str(target)[2:]}"
    items = _ep_line_items(base, target)
    file_name = Path(EP_EDITIONS[edition]).name
    expected = {  # key -> (measure, statistic, unit, period, year)
        "base": ("ep_employment", "count", "thousand_jobs", str(base), base),
        "target": ("ep_employment", "projected_count", "thousand_jobs", str(target), target),
        "change": ("ep_employment_change", "numeric_change", "thousand_jobs", label, base),
        "percent": ("ep_growth", "percent_change", "percent", label, base),
        "openings": ("ep_openings", "count", "thousand_jobs", label, base),
    }
    held = 0
    for code in OCCUPATIONS:
        figures = _figures_of(f"bls-ep-{label}", code)
        if code not in items:
            assert figures == [], f"{code} is not in {file_name} but has figures from it"
            continue
        held += 1
        assert len(figures) == len(expected), f"{code} {label}: {len(figures)} figures"
        for key, (measure, statistic, unit, period, year) in expected.items():
            figure = _one(figures, measure=measure, statistic=statistic)
            where = f"{code} {label} {key}"
            assert figure["unit"] == unit, where
            assert figure["period"] == period, where
            assert figure["year"] == str(year), where
            assert figure["target_year"] == str(target), where
            assert figure["verification"] == "matched_primary_file", where
            assert figure["verified_file"] == file_name, where
            assert figure["footnote"] == "", where
            assert float(figure["value"]) == pytest.approx(_number(items[code][key]), abs=1e-9), where
    assert held >= 6


def test_ep_employment_is_never_labelled_as_an_oews_count():
    for row in FIGURES:
        if row["source_id"].startswith("bls-ep-"):
            assert row["measure"].startswith("ep_"), row["figure_id"]
        if row["source_id"].startswith("bls-oews-"):
            assert not row["measure"].startswith("ep_"), row["figure_id"]


def test_provenance_md_quotes_the_same_projections_as_the_tool_exports():
    # PROVENANCE.md: "186.4 → 198.7, +6.6 %, 14.9 openings" (2021-31), "194.3 → 210.9, +8.5 %, 15.0 openings" (2022-32),
    # and 29-2098 "335.0 → 363.6 thousand, +8.5 %" (2020-30).
    stated = {
        ((2021, 2031), "29-2072"): {"base": 186.4, "target": 198.7, "percent": 6.6, "openings": 14.9},
        ((2022, 2032), "29-2072"): {"base": 194.3, "target": 210.9, "percent": 8.5, "openings": 15.0, "change": 16.5},
        ((2020, 2030), "29-2098"): {"base": 335.0, "target": 363.6, "percent": 8.5},
        ((2024, 2034), "29-2072"): {"base": 194.8, "percent": 7.1, "openings": 14.2},
    }
    provenance = (DATA_DIR / "raw/bls/PROVENANCE.md").read_text(encoding="utf-8")
    for fragment in ["186.4 → 198.7, +6.6 %, 14.9 openings", "194.3 → 210.9, +8.5 %, 15.0 openings",
                     "335.0 → 363.6 thousand, +8.5 %", "194.8\n  thousand jobs, +7.1 %, 14.2 thousand openings"]:
        assert " ".join(fragment.split()) in " ".join(provenance.split()), fragment
    for (edition, code), values in stated.items():
        items = _ep_line_items(*edition)
        for key, value in values.items():
            assert _number(items[code][key]) == pytest.approx(value), (edition, code, key)


# --- hashes ---------------------------------------------------------------------------------

def _provenance_hashes() -> dict[str, str]:
    """file name -> sha256 from the tables in PROVENANCE.md."""
    hashes = {}
    for provenance in sorted((DATA_DIR / "raw").glob("*/PROVENANCE.md")):
        for line in provenance.read_text(encoding="utf-8").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            digests = [cell for cell in cells if re.fullmatch(r"[0-9a-f]{64}", cell)]
            if line.startswith("|") and digests:
                quoted = re.match(r"`([^`]+)`", cells[0])  # "`Occupation Data.txt` (as in the wheel and here)"
                hashes[quoted[1] if quoted else cells[0]] = digests[0]
    return hashes


def test_every_committed_primary_file_matches_its_records():
    """Every committed primary file matches primary_files.csv and PROVENANCE.md."""
    recorded = [row for row in _csv_rows("primary_files.csv") if row["path"]]  # an empty path: too large to commit
    provenance = _provenance_hashes()
    assert recorded, "primary_files.csv is empty"
    for row in recorded:
        path = DATA_DIR / row["path"]
        assert path.name == row["file_name"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == row["sha256"], f"{row['file_name']}: sha256 {digest} is not the one in primary_files.csv"
        assert provenance.get(row["file_name"]) == digest, f"{row['file_name']}: PROVENANCE.md records another sha256"


def test_every_primary_file_under_raw_is_listed_in_primary_files_csv():
    listed = {row["path"] for row in _csv_rows("primary_files.csv") if row["path"]}
    on_disk = {str(path.relative_to(DATA_DIR)) for folder in ("raw/bls", "raw/onet") for path in (DATA_DIR / folder).rglob("*")
               if path.is_file() and path.name != "PROVENANCE.md"}
    assert on_disk == listed


def test_every_bls_figure_names_a_primary_file_of_its_own_source():
    file_source = {row["file_name"]: row["source_id"] for row in _csv_rows("primary_files.csv")}
    for row in FIGURES:
        if row["source_id"].startswith(("bls-oews-", "bls-ep-")):
            assert file_source.get(row["verified_file"]) == row["source_id"], row["figure_id"]
