"""`python -m mbcstats ingest`: BLS files in, one new append-only data version out.

Every fixture file is built here, in the layout of the real BLS file it imitates, with
values chosen for the test; the assertions compare figures.csv with those values.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

# --- fixture files -------------------------------------------------------------------------------

OEWS_HEADER = ["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE",
               "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL",
               "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90",
               "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY"]
OEWS_VALUES = {
    # All occupations: hourly mean not available ("*"), top percentiles top-coded ("#").
    "00-0000": dict(TOT_EMP=160123450, EMP_PRSE=0.1, H_MEAN="*", A_MEAN=71230, MEAN_PRSE=0.2,
                    H_PCT10=15.01, H_PCT25=18.52, H_MEDIAN=25.03, H_PCT75=40.04, H_PCT90="#",
                    A_PCT10=31220, A_PCT25=38520, A_MEDIAN=52060, A_PCT75=83280, A_PCT90="#"),
    # Medical records specialists: employment not provided ("**").
    "29-2072": dict(TOT_EMP="**", EMP_PRSE="**", H_MEAN=29.87, A_MEAN=62130, MEAN_PRSE=0.7,
                    H_PCT10=18.11, H_PCT25=22.22, H_MEDIAN=27.33, H_PCT75=34.44, H_PCT90=43.55,
                    A_PCT10=37670, A_PCT25=46220, A_MEDIAN=56850, A_PCT75=71640, A_PCT90=90580),
    # Not in occupations.csv: must not be taken in.
    "13-2011": dict(TOT_EMP=1500000, EMP_PRSE=0.4, H_MEAN=45.0, A_MEAN=93600, MEAN_PRSE=0.3,
                    H_PCT10=25.0, H_PCT25=30.0, H_MEDIAN=40.0, H_PCT75=50.0, H_PCT90=70.0,
                    A_PCT10=52000, A_PCT25=62400, A_MEDIAN=83200, A_PCT75=104000, A_PCT90=145600),
}
OEWS_COLUMN_MEANING = {  # BLS column -> (measure, statistic, unit)
    "TOT_EMP": ("oews_employment", "count", "jobs"), "EMP_PRSE": ("oews_employment", "rse", "percent"),
    "H_MEAN": ("wage_hourly", "mean", "usd_per_hour"), "A_MEAN": ("wage_annual", "mean", "usd_per_year"),
    "MEAN_PRSE": ("wage_annual", "rse", "percent"),
    "H_PCT10": ("wage_hourly", "p10", "usd_per_hour"), "H_PCT25": ("wage_hourly", "p25", "usd_per_hour"),
    "H_MEDIAN": ("wage_hourly", "median", "usd_per_hour"), "H_PCT75": ("wage_hourly", "p75", "usd_per_hour"),
    "H_PCT90": ("wage_hourly", "p90", "usd_per_hour"),
    "A_PCT10": ("wage_annual", "p10", "usd_per_year"), "A_PCT25": ("wage_annual", "p25", "usd_per_year"),
    "A_MEDIAN": ("wage_annual", "median", "usd_per_year"), "A_PCT75": ("wage_annual", "p75", "usd_per_year"),
    "A_PCT90": ("wage_annual", "p90", "usd_per_year"),
}
TITLES = {"00-0000": "All Occupations", "29-2072": "Medical Records Specialists", "13-2011": "Accountants and Auditors",
          "43-3021": "Billing and Posting Clerks", "43-6013": "Medical Secretaries and Administrative Assistants"}


def write_oews(path: Path, values: dict = OEWS_VALUES) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = path.stem
    sheet.append(OEWS_HEADER)
    for code, cells in values.items():
        row = dict(AREA="99", AREA_TITLE="U.S.", AREA_TYPE="1", PRIM_STATE="US", NAICS="000000",
                   NAICS_TITLE="Cross-industry", I_GROUP="cross-industry", OWN_CODE="1235", OCC_CODE=code,
                   OCC_TITLE=TITLES[code], O_GROUP="total" if code == "00-0000" else "detailed", **cells)
        sheet.append([row.get(column) for column in OEWS_HEADER])
    workbook.create_sheet("Field Descriptions").append(["Field", "Field Description"])
    workbook.save(path)
    return path


# Employment Projections, Table 1.2 (thousands): base, target, numeric change, percent change, openings.
EP_VALUES = {
    "00-0000": (171234.5, 176543.2, 5308.7, 3.1, 18901.2),
    "29-2072": (201.3, 214.9, 13.6, 6.8, 14.6),
    "43-3021": (410.2, 402.7, -7.5, -1.8, "—"),  # openings not published
    "13-2011": (1600.1, 1650.2, 50.1, 3.1, 130.5),  # not in occupations.csv
}


def write_ep_xlsx(path: Path, values: dict = EP_VALUES, base: int = 2030, target: int = 2040) -> Path:
    span = f"{base}–{str(target)[2:]}"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Index"
    workbook.active.append(["Employment Projections tables"])
    sheet = workbook.create_sheet("Table 1.2")
    sheet.append([f"Table 1.2 Occupational projections, {span}, and worker characteristics, {base} (Employment in thousands)"])
    sheet.append([f"{base} National Employment Matrix title", f"{base} National Employment Matrix code", "Occupation type",
                  f"Employment, {base}", f"Employment, {target}", f"Employment distribution, percent, {base}",
                  f"Employment distribution, percent, {target}", f"Employment change, numeric, {span}",
                  f"Employment change, percent, {span}", f"Percent self employed, {base}",
                  f"Occupational openings, {span} annual average", f"Median annual wage, dollars, {base}[1]"])
    for code, (emp, projected, change, percent, openings) in values.items():
        title = "Total, all occupations" if code == "00-0000" else "      " + TITLES[code]
        kind = "Summary" if code == "00-0000" else "Line item"
        sheet.append([title, code, kind, emp, projected, 0.1, 0.1, change, percent, 1.2, openings, 55000])
    sheet.append(["Footnotes:"])
    sheet.append(["[1] Data are from the Occupational Employment and Wage Statistics program."])
    workbook.save(path)
    return path


# The projections tool's export: thousands with commas, codes as ="..", O*NET titles after '*', N/A wages.
TOOL_VALUES = {
    "29-2072": ("Medical records specialists    * Health Information Coder* Medical Bill Coder",
                "205.1", "219.9", "14.8", "7.2", "15.1", "58,430"),
    "43-6013": ("Medical secretaries and administrative assistants    * Dental Secretary* Hospital Secretary",
                "1,538.4", "1,605.8", "67.4", "4.4", "126.5", "N/A"),
    "13-2011": ("Accountants and auditors    * Account Auditor* CPA", "1,449.8", "1,531.6", "81.8", "5.6", "136.4", "77,250"),
}


def write_tool_csv(path: Path, values: dict = TOOL_VALUES, base: int = 2031, target: int = 2041) -> Path:
    header = ["Occupation Title", "Occupation Code", f"Employment {base}", f"Employment {target}",
              f"Employment Change, {base}-{target}", f"Employment Percent Change, {base}-{target}",
              f"Occupational Openings, {base}-{target} Annual Average", f"Median Annual Wage {base}",
              "Typical Entry-Level Education", "Education Code", "Work Experience in a Related Occupation",
              "Workex Code", "Typical on-the-job Training", "trCode"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        for code, (title, emp, projected, change, percent, openings, wage) in values.items():
            writer.writerow([title, f'="{code}"', emp, projected, change, percent, openings, wage,
                             "Postsecondary nondegree award", "5", "None", "4", "None", "6"])
    return path


def as_number(text: str) -> float:
    return float(text.replace(",", ""))


# --- reading the package back --------------------------------------------------------------------

def rows(data_dir: Path, table: str) -> list[dict]:
    with open(data_dir / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def next_minor(data_dir: Path) -> str:
    latest = max(tuple(map(int, row["version"].split("."))) for row in rows(data_dir, "versions"))
    return f"{latest[0]}.{latest[1] + 1}.0"


def figures_from(data_dir: Path, file_name: str) -> list[dict]:
    return [row for row in rows(data_dir, "figures") if row["verified_file"] == file_name]


def one(found: list[dict], **match) -> dict:
    hits = [row for row in found if all(row[key] == value for key, value in match.items())]
    assert len(hits) == 1, f"{len(hits)} figures with {match}"
    return hits[0]


def refused_without_change(result, data_dir: Path, before: dict[str, bytes], *words: str) -> None:
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output, result.output
    assert result.stderr.startswith("refused") and not result.stdout, result.output
    for word in words:
        assert word in result.output, result.output
    assert snapshot(data_dir) == before, "a refused ingest changed the data package"


# --- one ingest of each format, shared by the tests that inspect its result --------------------

KINDS = {
    "oews": ("national_M2030_dl.xlsx", write_oews, "raw/bls/oews-national"),
    "ep_xlsx": ("occupation_2030-40.xlsx", write_ep_xlsx, "raw/bls/ep"),
    "tool_csv": ("occupationProj_2031-41.csv", write_tool_csv, "raw/bls/ep-tool-exports"),
}


@dataclass
class Ingested:
    kind: str
    fixture: Path                 # the file given to `ingest`, outside the package
    data_dir: Path                # the package copy it went into
    before: dict[str, bytes]      # every file of that copy before the ingest
    result: subprocess.CompletedProcess
    version: str                  # the version the ingest should release


@pytest.fixture(scope="module")
def ingests(tmp_path_factory, small_package_template, run_mbcstats) -> dict[str, Ingested]:
    """Each fixture format ingested once into its own copy of data/ (built once for the module)."""
    done = {}
    for kind, (name, write, _) in KINDS.items():
        root = tmp_path_factory.mktemp(kind)
        copy = root / "data"
        shutil.copytree(small_package_template, copy)
        downloads = root / "downloads"  # outside the package, like a user's download folder
        downloads.mkdir()
        fixture = write(downloads / name)
        before = snapshot(copy)
        version = next_minor(copy)
        result = run_mbcstats("ingest", fixture, "--data-dir", copy)
        done[kind] = Ingested(kind, fixture, copy, before, result, version)
    return done


@pytest.fixture(params=list(KINDS))
def ingested(request, ingests) -> Ingested:
    return ingests[request.param]


def test_an_ingest_succeeds_and_says_which_version_it_released(ingested):
    assert ingested.result.returncode == 0, ingested.result.output
    assert "Traceback" not in ingested.result.output
    assert ingested.version in ingested.result.stdout


def test_the_package_still_validates_after_an_ingest(ingested, run_mbcstats):
    result = run_mbcstats("validate", ingested.data_dir)
    assert result.returncode == 0, result.output
    assert result.stdout.startswith("ok")


def test_an_ingest_releases_the_next_minor_version_with_a_changelog_entry(ingested):
    data_dir, version = ingested.data_dir, ingested.version
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == version
    released = [row for row in rows(data_dir, "versions") if row["version"] == version]
    assert len(released) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", released[0]["released"])
    assert ingested.fixture.name in released[0]["summary"]
    changelog = (data_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog.split(f"## {version} (", 1)
    assert len(entry) == 2, "no CHANGELOG entry for the new version"
    assert ingested.fixture.name in entry[1] and sha256(ingested.fixture) in entry[1]
    for row in rows(data_dir, "figures"):
        if row["verified_file"] == ingested.fixture.name:
            assert row["added_in"] == version


def test_an_ingest_only_appends_so_every_released_line_stays_as_it_was(ingested):
    for name, old in ingested.before.items():
        new = (ingested.data_dir / name).read_bytes()
        if name.endswith(".csv") or name == "CHANGELOG.md":
            assert new.startswith(old), f"{name}: a released line was rewritten"
        elif name != "datapackage.json":
            assert new == old, f"{name} changed"


def test_the_ingested_file_is_copied_with_its_sha256_recorded(ingested):
    """The ingested file is copied under raw/bls with its sha256 recorded."""
    name, _, raw_dir = KINDS[ingested.kind]
    copy = ingested.data_dir / raw_dir / name
    assert copy.read_bytes() == ingested.fixture.read_bytes()
    recorded = one(rows(ingested.data_dir, "primary_files"), file_name=name)
    assert recorded["path"] == f"{raw_dir}/{name}"
    assert recorded["sha256"] == sha256(ingested.fixture)
    assert recorded["added_in"] == ingested.version
    assert {row["source_id"] for row in figures_from(ingested.data_dir, name)} == {recorded["source_id"]}
    source = one(rows(ingested.data_dir, "sources"), source_id=recorded["source_id"])
    assert source["kind"] == "official_statistics" and "Bureau of Labor Statistics" in source["publisher"]


def test_running_the_same_ingest_twice_changes_no_file(ingested, run_mbcstats):
    after_first = snapshot(ingested.data_dir)
    result = run_mbcstats("ingest", ingested.fixture, "--data-dir", ingested.data_dir)
    assert result.returncode == 0, result.output
    assert "nothing to ingest" in result.stdout
    assert snapshot(ingested.data_dir) == after_first


def test_readers_of_the_previous_version_do_not_see_the_ingested_figures(ingested):
    from mbcstats import load_package
    from mbcstats.history import as_of

    package = load_package(ingested.data_dir)
    new_ids = {row["figure_id"] for row in figures_from(ingested.data_dir, ingested.fixture.name)}
    assert new_ids
    previous = max((row["version"] for row in rows(ingested.data_dir, "versions") if row["version"] != ingested.version),
                   key=lambda v: tuple(map(int, v.split("."))))
    assert not new_ids & set(as_of(package["figures"], previous)["figure_id"])
    assert new_ids <= set(as_of(package["figures"], ingested.version)["figure_id"])


def test_re_ingesting_committed_files_changes_nothing(data_copy, run_mbcstats):
    """Re-ingesting every committed BLS file finds nothing new and changes nothing."""
    committed = [data_copy / row["path"] for row in rows(data_copy, "primary_files") if row["path"]]  # the wheel is not committed
    assert len(committed) >= 12
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", *committed, "--data-dir", data_copy)
    assert result.returncode == 0, result.output
    assert "nothing to ingest" in result.stdout
    assert snapshot(data_copy) == before


# --- the values that came in -------------------------------------------------------------------

@pytest.fixture(scope="module")
def oews(ingests) -> list[dict]:
    done = ingests["oews"]
    assert done.result.returncode == 0, done.result.output
    return figures_from(done.data_dir, done.fixture.name)


def test_oews_figures_equal_the_file_for_our_occupations(oews):
    """OEWS figures equal the values in the file for the occupations in occupations.csv."""
    assert {row["occupation_code"] for row in oews} == {"00-0000", "29-2072"}  # 13-2011 is not one of ours
    assert len(oews) == 2 * len(OEWS_COLUMN_MEANING)
    for code in ("00-0000", "29-2072"):
        for column, (measure, statistic, unit) in OEWS_COLUMN_MEANING.items():
            figure = one(oews, occupation_code=code, measure=measure, statistic=statistic)
            cell = OEWS_VALUES[code][column]
            assert figure["unit"] == unit
            assert (figure["period"], figure["year"]) == ("May 2030", "2030")
            assert figure["verification"] == "matched_primary_file"
            if isinstance(cell, str):
                continue  # special values: see the next test
            assert figure["footnote"] == ""
            assert float(figure["value"]) == pytest.approx(cell), (code, column)


def test_oews_special_values_become_flags_never_zero(oews):
    """OEWS special values become footnote flags with no value, never zero."""
    specials = [(code, column, cell) for code, cells in OEWS_VALUES.items() if code != "13-2011"
                for column, cell in cells.items() if isinstance(cell, str)]
    assert {cell for _, _, cell in specials} == {"*", "**", "#"}
    for code, column, cell in specials:
        measure, statistic, _ = OEWS_COLUMN_MEANING[column]
        figure = one(oews, occupation_code=code, measure=measure, statistic=statistic)
        assert figure["value"] == "", f"{code} {column}: {cell!r} became {figure['value']!r}"
        assert figure["footnote"] == cell


@pytest.fixture(scope="module")
def ep_xlsx(ingests) -> list[dict]:
    done = ingests["ep_xlsx"]
    assert done.result.returncode == 0, done.result.output
    return figures_from(done.data_dir, done.fixture.name)


EP_MEANING = [  # position in EP_VALUES -> (measure, statistic, unit)
    ("ep_employment", "count", "thousand_jobs"),
    ("ep_employment", "projected_count", "thousand_jobs"),
    ("ep_employment_change", "numeric_change", "thousand_jobs"),
    ("ep_growth", "percent_change", "percent"),
    ("ep_openings", "count", "thousand_jobs"),
]


def test_ep_xlsx_figures_equal_the_values_in_table_1_2(ep_xlsx):
    assert {row["occupation_code"] for row in ep_xlsx} == {"00-0000", "29-2072", "43-3021"}
    assert len(ep_xlsx) == 3 * len(EP_MEANING)
    for code in ("00-0000", "29-2072", "43-3021"):
        for position, (measure, statistic, unit) in enumerate(EP_MEANING):
            figure = one(ep_xlsx, occupation_code=code, measure=measure, statistic=statistic)
            assert figure["unit"] == unit
            assert figure["target_year"] == "2040"
            expected = EP_VALUES[code][position]
            if isinstance(expected, str):
                continue
            assert float(figure["value"]) == pytest.approx(expected), (code, measure, statistic)


def test_ep_xlsx_figures_carry_the_edition_and_the_base_or_target_year(ep_xlsx):
    base = one(ep_xlsx, occupation_code="29-2072", measure="ep_employment", statistic="count")
    assert (base["period"], base["year"]) == ("2030", "2030")
    projected = one(ep_xlsx, occupation_code="29-2072", measure="ep_employment", statistic="projected_count")
    assert projected["period"] == "2040"
    growth = one(ep_xlsx, occupation_code="29-2072", measure="ep_growth")
    assert (growth["period"], growth["year"], growth["target_year"]) == ("2030-40", "2030", "2040")


def test_an_ep_dash_becomes_a_footnote_flag_with_no_value(ep_xlsx):
    openings = one(ep_xlsx, occupation_code="43-3021", measure="ep_openings")
    assert (openings["value"], openings["footnote"]) == ("", "—")


@pytest.fixture(scope="module")
def tool_csv(ingests) -> list[dict]:
    done = ingests["tool_csv"]
    assert done.result.returncode == 0, done.result.output
    return figures_from(done.data_dir, done.fixture.name)


def test_tool_export_figures_equal_values_with_commas_and_quotes(tool_csv):
    """Tool export figures equal the values written with commas and quoted codes."""
    assert {row["occupation_code"] for row in tool_csv} == {"29-2072", "43-6013"}
    assert len(tool_csv) == 2 * len(EP_MEANING)
    for code in ("29-2072", "43-6013"):
        for position, (measure, statistic, unit) in enumerate(EP_MEANING):
            figure = one(tool_csv, occupation_code=code, measure=measure, statistic=statistic)
            assert figure["unit"] == unit
            assert figure["footnote"] == ""
            assert float(figure["value"]) == pytest.approx(as_number(TOOL_VALUES[code][position + 1]))
            assert figure["target_year"] == "2041"
    assert float(one(tool_csv, occupation_code="43-6013", measure="ep_employment", statistic="count")["value"]) == 1538.4


def test_tool_export_takes_no_wages_and_no_n_a_figures(tool_csv):
    """Tool export median wages are not taken in, and N/A never becomes a figure."""
    assert not [row for row in tool_csv if row["measure"].startswith("wage")]
    assert all(row["value"] not in ("", "0") for row in tool_csv)


# --- refusals ---------------------------------------------------------------------------------

def test_changing_a_released_value_is_refused_writing_nothing(data_copy, tmp_path, run_mbcstats):
    """A figure that would change a released value is refused, and nothing is written."""
    # A tool export of the released 2024-34 edition in which 29-2072's growth reads 7.2, not the released 7.1.
    fixture = write_tool_csv(tmp_path / "occupationProj_2024-34.csv", {
        "29-2072": ("Medical records specialists", "194.8", "208.6", "13.8", "7.2", "14.2", "50,250")},
        base=2024, target=2034)
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "7.1", "7.2")


def test_the_same_released_values_in_another_file_are_nothing_to_ingest(data_copy, tmp_path, run_mbcstats):
    fixture = write_tool_csv(tmp_path / "occupationProj_2024-34.csv", {
        "29-2072": ("Medical records specialists", "194.8", "208.6", "13.8", "7.1", "14.2", "50,250")},
        base=2024, target=2034)
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    assert result.returncode == 0, result.output
    assert "nothing to ingest" in result.stdout
    assert snapshot(data_copy) == before


def test_a_released_file_with_changed_bytes_is_refused(data_copy, tmp_path, run_mbcstats):
    """A released file whose bytes changed is refused by its recorded sha256."""
    fixture = tmp_path / "occupationProj_2021-31.csv"
    fixture.write_bytes((data_copy / "raw/bls/ep-tool-exports/occupationProj_2021-31.csv").read_bytes() + b"\n")
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "sha256")


def test_a_pin_with_the_wrong_sha256_is_refused_clearly(data_copy, tmp_path, run_mbcstats):
    """A pin by file name with the wrong sha256 is refused with a clear message."""
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    wrong = "0" * 64
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy, "--pin", f"national_M2030_dl.xlsx={wrong}")
    refused_without_change(result, data_copy, before, "national_M2030_dl.xlsx", wrong, sha256(fixture))


def test_a_pin_given_as_the_same_path_as_the_file_is_enforced_too(data_copy, tmp_path, run_mbcstats):
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    wrong = "0" * 64
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy, "--pin", f"{fixture}={wrong}")
    refused_without_change(result, data_copy, before, wrong)


def test_a_pin_with_the_right_sha256_lets_the_file_in(data_copy, tmp_path, run_mbcstats):
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy, "--pin", f"national_M2030_dl.xlsx={sha256(fixture)}")
    assert result.returncode == 0, result.output
    assert figures_from(data_copy, "national_M2030_dl.xlsx")


def test_a_pin_without_an_equals_sign_is_refused_with_a_message(data_copy, tmp_path, run_mbcstats):
    """A pin without an equals sign is refused with a message, not a traceback."""
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy, "--pin", "national_M2030_dl.xlsx")
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    assert snapshot(data_copy) == before


def test_a_file_with_an_unknown_name_is_refused_and_nothing_is_written(data_copy, tmp_path, run_mbcstats):
    fixture = write_oews(tmp_path / "oes_national_2030.xlsx")
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "oes_national_2030.xlsx", "not a known BLS file name")


def test_a_file_that_does_not_exist_is_refused(data_copy, tmp_path, run_mbcstats):
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", tmp_path / "national_M2030_dl.xlsx", "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "no such file")


def test_an_invalid_package_is_refused_before_anything_is_read(data_copy, tmp_path, run_mbcstats):
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    (data_copy / "occupations.csv").unlink()
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "occupations.csv")


def test_an_unrecognised_value_in_the_file_is_refused_rather_than_guessed(data_copy, tmp_path, run_mbcstats):
    values = {code: dict(cells) for code, cells in OEWS_VALUES.items()}
    values["29-2072"]["A_MEDIAN"] = "(8)"  # not a number and not a BLS special value
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx", values)
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "A_MEDIAN", "(8)")


def test_a_file_missing_a_column_is_refused(data_copy, tmp_path, run_mbcstats):
    fixture = tmp_path / "national_M2030_dl.xlsx"
    write_oews(fixture)
    workbook = openpyxl.load_workbook(fixture)
    workbook.worksheets[0].delete_cols(OEWS_HEADER.index("A_MEDIAN") + 1)
    workbook.save(fixture)
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "A_MEDIAN")


def test_an_explicit_version_that_is_already_released_is_refused(data_copy, tmp_path, run_mbcstats):
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy, "--version", "1.0.0")
    refused_without_change(result, data_copy, before, "1.0.0")


# --- several files at once -----------------------------------------------------------------------

def test_two_files_of_one_edition_in_one_ingest_add_each_figure_once(data_copy, tmp_path, run_mbcstats):
    # The same 2030-40 projections as occupation.xlsx and as a tool export: one figure each, not two.
    xlsx = write_ep_xlsx(tmp_path / "occupation_2030-40.xlsx", {"29-2072": EP_VALUES["29-2072"]})
    tool = write_tool_csv(tmp_path / "occupationProj_2030-40.csv", {
        "29-2072": ("Medical records specialists", "201.3", "214.9", "13.6", "6.8", "14.6", "N/A")},
        base=2030, target=2040)
    result = run_mbcstats("ingest", xlsx, tool, "--data-dir", data_copy)
    assert "Traceback" not in result.output
    ids = [row["figure_id"] for row in rows(data_copy, "figures")]
    assert len(ids) == len(set(ids)), "the same figure was appended twice"
    validated = run_mbcstats("validate", data_copy)
    assert validated.returncode == 0, validated.output


def test_one_file_given_twice_in_one_ingest_adds_its_figures_once(data_copy, tmp_path, run_mbcstats):
    fixture = write_oews(tmp_path / "national_M2030_dl.xlsx")
    result = run_mbcstats("ingest", fixture, fixture, "--data-dir", data_copy)
    assert "Traceback" not in result.output
    assert len(figures_from(data_copy, "national_M2030_dl.xlsx")) == 2 * len(OEWS_COLUMN_MEANING)
    validated = run_mbcstats("validate", data_copy)
    assert validated.returncode == 0, validated.output


def test_an_n_a_projection_never_leaves_the_package_invalid(data_copy, tmp_path, run_mbcstats):
    """A projection the tool writes as N/A never leaves the package invalid."""
    fixture = write_tool_csv(tmp_path / "occupationProj_2031-41.csv", {
        "29-2072": ("Medical records specialists", "205.1", "219.9", "14.8", "7.2", "N/A", "58,430")})
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    assert "Traceback" not in result.output
    if result.returncode != 0:  # refusing is fine, if nothing was written
        assert snapshot(data_copy) == before
        return
    openings = one(figures_from(data_copy, fixture.name), occupation_code="29-2072", measure="ep_openings")
    assert openings["value"] == "" and openings["footnote"] != "", "N/A became an empty value with no flag"
    validated = run_mbcstats("validate", data_copy)
    assert validated.returncode == 0, validated.output


def test_the_oews_and_the_projections_files_can_be_ingested_in_one_release(data_copy, tmp_path, run_mbcstats):
    files = [write_oews(tmp_path / "national_M2030_dl.xlsx"), write_ep_xlsx(tmp_path / "occupation_2030-40.xlsx"),
             write_tool_csv(tmp_path / "occupationProj_2031-41.csv")]
    version = next_minor(data_copy)
    result = run_mbcstats("ingest", *files, "--data-dir", data_copy)
    assert result.returncode == 0, result.output
    assert [row["version"] for row in rows(data_copy, "versions")].count(version) == 1
    for fixture in files:
        assert {row["added_in"] for row in figures_from(data_copy, fixture.name)} == {version}
    validated = run_mbcstats("validate", data_copy)
    assert validated.returncode == 0, validated.output
