"""The Data page's state, area and industry detail: filters in the URL, counts that match the file, and downloads
whose codes stay text."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
from streamlit.testing.v1 import AppTest

from mbcstats import export, industries
from mbcstats.load import load_package
from mbcstats.places import detail_table
from tests.conftest import DATA_DIR, REPO_ROOT


def _detail_rows_in_file(**wanted: str) -> list[dict]:
    """oews_detail.csv rows read with the csv module (not the package's reader) that match every column given."""
    with open(DATA_DIR / "oews_detail.csv", newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if all(row[column] == value for column, value in wanted.items())]


def _data_page() -> AppTest:
    """The Data page with its detail section opened, as a reader's click opens it."""
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "data.py"), default_timeout=90).run()
    app.session_state["detail-section"] = True
    return app.run()


def test_the_detail_is_drawn_only_when_opened():
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "data.py"), default_timeout=90).run()
    assert not app.exception
    assert [e.label for e in app.expander] == ["Filter, preview and download the detail"]
    assert not [box for box in app.multiselect if box.key.startswith("detail_")]
    assert len(app.dataframe) == 2  # the figures and what changed, not the detail
    app.session_state["detail-section"] = True
    app.run()
    assert app.multiselect(key="detail_state") and len(app.dataframe) == 3


def test_detail_filters_keep_the_rows_of_the_file_and_live_in_the_url():
    app = _data_page()
    app.multiselect(key="detail_occupation").set_value(["29-2072"])
    app.multiselect(key="detail_state").set_value(["01"])
    app.multiselect(key="detail_measure").set_value(["oews_employment"]).run()
    expected = _detail_rows_in_file(occupation_code="29-2072", state_code="01", measure="oews_employment")
    assert expected, "the file has Alabama rows for the coders"
    shown = " ".join(block.value for block in app.markdown)
    assert f"{len(expected):,} of " in shown, shown
    preview = next(frame.value for frame in app.dataframe if "area_name" in frame.value.columns)
    assert len(preview) == len(expected)
    assert set(preview["state_code"]) == {"01"}
    columns = list(preview.columns)
    assert columns.index("value") < columns.index("period") < columns.index("occupation_code")  # read first, codes after
    figures_preview = next(frame.value for frame in app.dataframe if "value_precise" in frame.value.columns)
    columns = list(figures_preview.columns)
    assert columns.index("value") < columns.index("period") < columns.index("figure_id")
    changes = next(frame.value for frame in app.dataframe if "change" in frame.value.columns)
    columns = list(changes.columns)
    assert columns[:3] == ["change", "occupation_title", "statistic_label"]  # what changed, and in words
    assert columns.index("source") < columns.index("figure_id") < columns.index("source_id")
    assert app.query_params["detail_state"] in ("01", ["01"]) and app.query_params["detail_occupation"] in ("29-2072", ["29-2072"])


def test_the_detail_stays_open_after_its_link_s_filters_are_cleared():
    """Opened by a link with detail filters, the section stays open when the reader clears them and chooses
    something else on the page, as it does when the reader opened it."""
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "data.py"), default_timeout=90)
    app.query_params["detail_state"] = "01"
    app.run()
    assert len(app.dataframe) == 3
    app.multiselect(key="detail_state").set_value([]).run()
    app.selectbox(key="to").set_value(app.selectbox(key="to").options[0]).run()
    assert not app.exception and not app.warning
    assert len(app.dataframe) == 3 and app.multiselect(key="detail_state").value == []
    app.session_state["detail-section"] = False  # the reader closes it: it stays closed
    app.run()
    app.selectbox(key="from").set_value(app.selectbox(key="from").options[-1]).run()
    assert len(app.dataframe) == 2


def test_an_unknown_detail_filter_value_in_the_link_is_ignored_with_a_notice():
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "data.py"), default_timeout=90)
    app.query_params["detail_state"] = ["99", "01"]
    app.run()
    assert not app.exception
    assert any("not choices" in block.value for block in app.info)
    assert app.multiselect(key="detail_state").value == ["01"]


def test_a_detail_download_keeps_state_codes_as_text_under_its_own_schema():
    detail = detail_table(load_package(DATA_DIR))
    rows = industries.filter_detail(detail, occupation=["29-2072"], state=["01"], measure=["oews_employment"])
    frame = export.download_frame(rows, "test")
    packed = export.to_csv_zip(frame, export.About("detail", "test", "link"), "detail")
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        fields = json.loads(archive.read("datapackage.json"))["resources"][0]["schema"]["fields"]
        text_columns = {f["name"]: str for f in fields if f["type"] == "string"}
        read = pd.read_csv(archive.open("detail.csv"), dtype=text_columns)
    assert {"state_code", "area_code", "industry_code", "industry_level"} <= set(text_columns)
    assert set(read["state_code"]) == {"01"}
    assert set(read["industry_level"]) <= {"all industries"} | set(detail["industry_level"])
