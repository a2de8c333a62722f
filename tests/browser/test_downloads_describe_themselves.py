"""Downloads from the Data page say what made them: the Excel file's about sheet and the CSV zip's datapackage.json
and README carry the filters, the link that reopens the view, the data version and the citation."""

from __future__ import annotations

import csv
import io
import zipfile
from urllib.parse import parse_qs, urlparse

import frictionless
import openpyxl
import pytest

from tests.browser.conftest import latest_version, main_text, read_csv

OCCUPATION, MEASURE, PERIOD = "29-2072", "wage_annual", "May 2024"
QUERY = f"/data?occupation={OCCUPATION}&measure={MEASURE}&period=May+2024"


def expected_rows() -> list[dict]:
    """The figures the filters select, read from figures.csv (nothing in it is superseded by a later row)."""
    figures = read_csv("figures.csv")
    replaced = {row["supersedes"] for row in figures if row["supersedes"]}
    return [row for row in figures if (row["occupation_code"], row["measure"], row["period"]) == (OCCUPATION, MEASURE, PERIOD)
            and row["figure_id"] not in replaced]


@pytest.fixture(scope="module")
def downloads(browser, server, tmp_path_factory):
    from tests.browser.conftest import new_page

    opened = new_page(browser, "data-downloads")
    opened.goto(server + QUERY)
    folder = tmp_path_factory.mktemp("downloads")
    files = {}
    for label in ("Download Excel (with sources)", "Download CSV (zip, with sources)"):
        button = opened.page.get_by_role("button", name=label).first
        button.scroll_into_view_if_needed()
        with opened.page.expect_download() as info:
            button.click()
        files[label] = folder / info.value.suggested_filename
        info.value.save_as(files[label])
    yield opened, files
    opened.close()


def test_the_file_names_say_what_is_inside(downloads):
    _, files = downloads
    version = latest_version()["version"]
    for path in files.values():
        assert path.stem == f"mbcstats-figures-{OCCUPATION}-{MEASURE}-May_2024-v{version}", path.name


def test_the_excel_file_has_an_about_sheet_a_frozen_header_text_codes_and_number_formats(downloads, server):
    opened, files = downloads
    book = openpyxl.load_workbook(files["Download Excel (with sources)"])
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    title = next(row["title"] for row in read_csv("occupations.csv") if row["soc_code"] == OCCUPATION)
    assert about["Occupation (SOC code)"] == f"{OCCUPATION} {title}"
    assert about["Period"] == PERIOD and about["Statistic"] == "all"
    version = latest_version()["version"]
    assert about["Data version"] == version and f"data version {version}" in about["Citation"]
    link = urlparse(about["Link that reopens this view"])
    assert f"{link.scheme}://{link.netloc}" == server and link.path == "/data"
    assert parse_qs(link.query) == {"occupation": [OCCUPATION], "measure": [MEASURE], "period": [PERIOD], "version": [version]}

    sheet = book["data"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    expected = expected_rows()
    assert len(rows) == len(expected) == int(about["Rows"]) > 0
    column = {name: position for position, name in enumerate(header)}
    for row in rows:
        code = row[column["occupation_code"]]
        assert code.data_type == "s" and code.value == OCCUPATION
        value = row[column["value"]]
        dollars_or_percent = {"usd_per_year": '"$"#,##0', "percent": '0.0"%"'}[row[column["unit"]].value]
        assert value.data_type == "n" and value.number_format == dollars_or_percent
        assert row[column["year"]].number_format == "0"
    assert {row[column["unit"]].value for row in rows} == {"usd_per_year", "percent"}  # wages and their RSE
    by_id = {row["figure_id"]: row for row in expected}
    assert {row[column["figure_id"]].value: row[column["value"]].value for row in rows} == \
        {figure_id: float(row["value"]) for figure_id, row in by_id.items()}
    assert all(sheet.column_dimensions[letter].width > 8 for letter in "ABCDE")

    # The link reopens the same view: the same count of figures, in the same data version.
    reopened = opened.page.context.new_page()
    try:
        reopened.goto(about["Link that reopens this view"])
        reopened.get_by_text(f"{len(expected)} of ").first.wait_for()
        assert f"{len(expected)} of " in main_text(reopened) and f"data version {version}" in main_text(reopened)
    finally:
        reopened.close()


def test_the_csv_zip_is_a_valid_data_package_whose_schema_is_its_columns(downloads, tmp_path):
    _, files = downloads
    path = files["Download CSV (zip, with sources)"]
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        archive.extractall(tmp_path)
    assert names == sorted(["README.md", "datapackage.json", f"{path.stem}.csv"])
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    with open(tmp_path / f"{path.stem}.csv", newline="", encoding="utf-8") as handle:
        header = next(csv.reader(io.StringIO(handle.read())))
    assert [field.name for field in package.resources[0].schema.fields] == header
    assert package.resources[0].schema.get_field("value").type == "number"
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert f"Occupation (SOC code): {OCCUPATION}" in readme and "Link that reopens this view: http" in readme
    assert f"Rows: {len(expected_rows())}" in readme


def _download_zip(opened, label: str, folder) -> tuple[str, dict[str, str]]:
    button = opened.page.get_by_role("button", name=label).first
    button.scroll_into_view_if_needed()
    with opened.page.expect_download() as info:
        button.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        readme = archive.read("README.md").decode("utf-8")
    lines = dict(line[2:].split(": ", 1) for line in readme.splitlines() if line.startswith("- ") and ": " in line)
    return path.name, lines


def test_a_chart_s_data_says_which_choices_drew_it(open_page, server, tmp_path):
    from mbcstats.pay import STATISTIC_CHOICES

    opened = open_page("/pay?statistic=mean&basis=hourly", fresh=False)
    name, about = _download_zip(opened, "Download CSV (zip, with sources)", tmp_path)
    assert about["Statistic"] == STATISTIC_CHOICES["mean"] and about["Pay"] == "Hourly"
    assert parse_qs(urlparse(about["Link that reopens this view"]).query) == {"statistic": ["mean"], "basis": ["hourly"]}
    assert about["Table"].startswith("Data behind the chart: ") and name.endswith(f"-v{latest_version()['version']}.zip")


def test_the_check_page_s_download_says_what_was_searched(open_page, tmp_path):
    opened = open_page("/check?q=72%2C000", fresh=False)
    name, about = _download_zip(opened, "Download CSV (zip, with sources)", tmp_path)
    assert about["Search"] == "72,000" and "q=72%2C000" in about["Link that reopens this view"]
    assert name.startswith("mbcstats-article-checks-72_000-v")
