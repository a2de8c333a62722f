"""Download files: names that say what is inside, a CSV zip that Frictionless validates whatever the columns'
types, an Excel about sheet, and a period beside every value of the Handbook-beside-OEWS table."""

from __future__ import annotations

import csv
import io
import zipfile

import frictionless
import openpyxl
import pandas as pd

from mbcstats.export import About, download_frame, download_name, to_csv_zip, to_xlsx_bytes
from mbcstats.figures import figure_table
from mbcstats.load import load_package
from mbcstats.places import detail_table, handbook_groups_in_oews
from tests.conftest import DATA_DIR

ABOUT = About("A table", "1.3.0", "http://127.0.0.1:8501/pay?statistic=mean", (("Statistic", "Mean"),))


def test_a_file_name_says_what_is_inside():
    assert download_name("figures", "1.1.0", [["29-2072"], ["wage_annual"], [], ["May 2025"]]) == \
        "mbcstats-figures-29-2072-wage_annual-May_2025-v1.1.0"
    assert download_name("figures", "1.1.0", [["a", "b", "c", "d"]]) == "mbcstats-figures-4-values-v1.1.0"
    assert download_name("pay trend/../x", "1.0.0") == "mbcstats-pay_trend_.._x-v1.0.0"


def test_the_csv_zip_validates_with_integer_boolean_number_and_text_columns(tmp_path):
    frame = pd.DataFrame({"occupation_code": ["29-2072", "43-3021"], "year": pd.array([2024, None], dtype="Int64"),
                          "value": pd.array([50250.0, None], dtype="Float64"), "derived": [True, False],
                          "note": ["=SUM(A1)", "plain"]})
    with zipfile.ZipFile(io.BytesIO(to_csv_zip(frame, ABOUT, "mbcstats-x-v1.3.0"))) as archive:
        archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    fields = frictionless.Package(str(tmp_path / "datapackage.json")).resources[0].schema.fields
    assert [(f.name, f.type) for f in fields] == [("occupation_code", "string"), ("year", "integer"),
                                                  ("value", "number"), ("derived", "boolean"), ("note", "string")]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "Statistic: Mean" in readme and "http://127.0.0.1:8501/pay?statistic=mean" in readme
    with open(tmp_path / "mbcstats-x-v1.3.0.csv", newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1][-1] == "'=SUM(A1)"


def test_the_excel_about_sheet_and_the_formats_of_a_table_without_units():
    frame = pd.DataFrame({"industry_code": ["000000"], "Share (%)": [28.5], "year": pd.array([2025], dtype="Int64"),
                          "state_code": [6.0]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, ABOUT)))
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["Statistic"] == "Mean" and about["Data version"] == "1.3.0" and about["Rows"] == "1"
    row = list(book["data"].iter_rows(min_row=2))[0]
    assert (row[0].value, row[0].data_type) == ("000000", "s")  # the leading zeros stay
    assert row[1].number_format == '0.0"%"' and row[2].number_format == "0"
    assert (row[3].value, row[3].data_type) == ("6", "s")  # a code that came as a number is written as text


def test_every_share_beside_the_handbook_has_its_period():
    package = load_package(DATA_DIR)
    table = figure_table(package)
    compared = handbook_groups_in_oews(table, detail_table(load_package(DATA_DIR)), "29-2072")
    with open(DATA_DIR / "figures.csv", newline="", encoding="utf-8") as handle:
        shares = [r for r in csv.DictReader(handle) if r["measure"] == "employer_share" and r["occupation_code"] == "29-2072"]
    newest = max(int(r["year"]) for r in shares)
    assert set(compared["Handbook period"]) == {r["period"] for r in shares if int(r["year"]) == newest}
    with open(DATA_DIR / "oews_detail.csv", newline="", encoding="utf-8") as handle:
        periods = {r["period"] for r in csv.DictReader(handle) if r["occupation_code"] == "29-2072" and r["area_type"] == "national"}
    assert set(compared.loc[compared["OEWS share (%, derived)"].notna(), "OEWS period"]) == periods
    frame = download_frame(compared, package.version)
    assert list(frame.columns).index("Handbook period") == list(frame.columns).index("Handbook share (%)") + 1
    assert list(frame.columns).index("OEWS period") == list(frame.columns).index("OEWS share (%, derived)") + 1
