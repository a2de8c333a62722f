"""With any one data file broken, the pages that need it say so clearly (file, line, problem, how to check) and the rest work.

Each page is opened as a reader opens it: through dashboard.py, with its navigation and sidebar.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

PAGES = ["overview", "pay", "outlook", "work_settings", "places", "industries", "check", "data", "sources"]
FIGURES = {"datapackage.json", "figures.csv", "sources.csv", "occupations.csv", "primary_files.csv", "versions.csv",
           "known_releases.csv"}
NEEDS = {  # page -> data files it reads
    **{page: FIGURES for page in PAGES},
    **{page: FIGURES | {"oews_detail.csv"} for page in ("overview", "work_settings", "places", "industries")},
    "check": FIGURES | {"article_quotes.csv", "articles.csv"},
    "sources": {"datapackage.json", "sources.csv", "primary_files.csv", "versions.csv", "known_releases.csv"},
}


def data_row_line(path: Path, startswith: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(startswith):
            return number
    raise LookupError(startswith)


def bad_number(data: Path):
    path = data / "figures.csv"
    line = data_row_line(path, "oews-m2024-29-2072-a_median,")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[line - 1] = text[line - 1].replace(",50250,", ",50,250x,", 1)
    path.write_text("".join(text), encoding="utf-8")
    return "figures.csv", line


def missing_column(data: Path):
    path = data / "occupations.csv"
    rows = [line.split(",", 1)[1] for line in path.read_text(encoding="utf-8").splitlines(keepends=True)]
    path.write_text("".join(rows), encoding="utf-8")  # drop the soc_code column
    return "occupations.csv", 1


def truncated(data: Path):
    path = data / "figures.csv"
    raw = path.read_bytes()
    cut = raw[: len(raw) // 2]
    cut = cut[: cut.rfind(b",")]  # end in the middle of a row
    path.write_bytes(cut)
    return "figures.csv", cut.count(b"\n") + 1


def missing_file(data: Path):
    (data / "sources.csv").unlink()
    return "sources.csv", None


def hash_mismatch(data: Path):
    path = data / "article_quotes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("median salary", "median pay", 1), encoding="utf-8")
    return "article_quotes.csv", None


def unknown_source_key(data: Path):
    path = data / "figures.csv"
    line = data_row_line(path, "aapc-2025-remote-share,")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[line - 1] = text[line - 1].replace(",aapc-2025,", ",aapc-2099,", 1)
    path.write_text("".join(text), encoding="utf-8")
    from mbcstats.package import write_descriptor
    write_descriptor(data)  # hashes match: only the key is wrong
    return "figures.csv", line


def _rehash(data: Path, file: str) -> None:
    """Record a file's new hash in datapackage.json, as `python -m mbcstats package` would, so only the edit is wrong."""
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resource = next(resource for resource in descriptor["resources"] if resource["path"] == file)
    resource["hash"] = "sha256:" + hashlib.sha256((data / file).read_bytes()).hexdigest()
    resource["bytes"] = (data / file).stat().st_size
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def folder_in_place_of_a_file(data: Path):
    (data / "figures.csv").unlink()
    (data / "figures.csv").mkdir()
    return "figures.csv", None


def _header_only(data: Path, file: str):
    path = data / file
    path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")
    _rehash(data, file)
    return file, 2


def header_only_versions(data: Path):
    return _header_only(data, "versions.csv")


def header_only_detail(data: Path):
    return _header_only(data, "oews_detail.csv")


def _set_version(data: Path, version):
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return "datapackage.json", None


def version_not_listed(data: Path):
    return _set_version(data, "9.9.9")


def version_not_a_version(data: Path):
    return _set_version(data, "abc")


def number_too_large(data: Path):
    path = data / "figures.csv"
    line = data_row_line(path, "oews-m2024-29-2072-a_median,")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[line - 1] = text[line - 1].replace(",50250,", "," + "9" * 400 + ",", 1)  # reads as infinity
    path.write_text("".join(text), encoding="utf-8")
    _rehash(data, "figures.csv")
    return "figures.csv", line


BREAKAGES = [bad_number, missing_column, truncated, missing_file, hash_mismatch, unknown_source_key,
             folder_in_place_of_a_file, header_only_versions, header_only_detail, version_not_listed,
             version_not_a_version, number_too_large]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    made = {}
    for breakage in BREAKAGES:
        data = tmp_path_factory.mktemp(breakage.__name__) / "data"
        shutil.copytree(REPO_ROOT / "data", data)
        made[breakage.__name__] = (data, *breakage(data))
    return made


@pytest.mark.parametrize("breakage", [b.__name__ for b in BREAKAGES])
@pytest.mark.parametrize("page", PAGES)
def test_a_broken_file_stops_only_pages_that_need_it(broken, monkeypatch, breakage, page):
    """A broken file stops only the pages that need it, with a clear message."""
    data, file, line = broken[breakage]
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    if file in NEEDS[page]:
        assert len(app.error) == 1
        message = app.error[0].value.replace("\\", "")  # Markdown escapes removed
        assert f"**File:** {file}" in message
        assert f"**Line:** {line}" in message if line is not None else "**Line:** –" in message
        assert "python -m mbcstats validate" in message
    else:
        assert not app.error
        assert app.title and len(app.markdown) > 0


def test_a_broken_detail_stops_only_the_data_pages_detail_section(broken, monkeypatch):
    """The Data page reads the detail when its section is opened: the problem shows there, the figures above it."""
    data, file, line = broken["header_only_detail"]
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).switch_page("pages/data.py").run()
    app.session_state["detail-section"] = True
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.error) == 1 and f"**File:** {file}" in app.error[0].value.replace("\\", "")
    assert len(app.dataframe) == 2  # the figures and what changed are still there


@pytest.mark.parametrize("breakage", [b.__name__ for b in BREAKAGES])
def test_the_sidebar_survives_any_broken_file(broken, monkeypatch, breakage):
    data, file, _ = broken[breakage]
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception


def test_an_unforeseen_read_failure_is_a_message(monkeypatch, tmp_path):
    """An unforeseen failure to read the data is still a message on the page."""
    from mbcstats.ui import data as ui_data

    def failing(names, data_dir):
        raise OSError("Input/output error")

    monkeypatch.setattr(ui_data, "load_tables", failing)
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(tmp_path))  # a directory of its own: nothing cached for it
    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).switch_page("pages/pay.py").run()
    assert not app.exception
    assert len(app.error) == 1
    message = app.error[0].value.replace("\\", "")
    assert "unexpected OSError" in message and "python -m mbcstats validate" in message
    assert "Input/output error" not in message  # the details (paths, say) go to the server's log, not to readers


def test_a_choice_without_figures_shows_a_notice_and_the_rest(monkeypatch):
    """A choice the data has no figures for shows a notice and the rest of the page."""
    from mbcstats import chart_blocks

    def none_here(*arguments, **options):
        raise chart_blocks.NoFigures("No median annual wages for May 2024 in this data version.")

    monkeypatch.setattr(chart_blocks, "pay_comparison", none_here)
    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).switch_page("pages/pay.py").run()
    assert not app.exception and not app.error
    assert [notice.value.replace("\\", "") for notice in app.info] == [
        "No median annual wages for May 2024 in this data version."]
    assert len(app.get("plotly_chart")) == 3  # the other three charts of the page are drawn
    assert [header.value for header in app.header][-1] == "Certified vs not certified"
