"""The data folder as every page sees it: one data state per run, a new release on the next run, a wrong folder named.

Each page is opened as a reader opens it: through dashboard.py, with its navigation and sidebar.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mbcstats.package import write_descriptor
from mbcstats.ui import data as ui_data
from tests.conftest import REPO_ROOT

PAGES = ["overview", "pay", "outlook", "work_settings", "places", "check", "data", "sources"]
NEW_VERSION = "1.99.0"


def open_page(page: str) -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).switch_page(f"pages/{page}.py").run()


def plain(elements) -> str:
    return "\n".join(element.value for element in elements).replace("\\", "")  # Markdown escapes removed


def release_new_version(data: Path) -> None:
    """A new data version: a row in versions.csv and the descriptor written again, as a release does."""
    with open(data / "versions.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write(f"{NEW_VERSION},2099-01-01,A test release\n")
    write_descriptor(data)


@pytest.fixture
def data(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", copy)
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(copy))
    return copy


def test_a_release_mid_run_never_mixes_with_the_old_one(data, monkeypatch):
    """A release during a run never shows beside the old one nor is kept under its state.

    The release lands after the sidebar read its tables and while the page reads its own."""
    real = ui_data.load_tables
    released = []

    def releasing_while_reading(names, data_dir):
        if "figures" in names and not released:
            release_new_version(data)
            released.append(True)
        return real(names, data_dir)

    monkeypatch.setattr(ui_data, "load_tables", releasing_while_reading)
    app = open_page("data")
    assert not app.exception, [e.value for e in app.exception]
    assert released
    assert f"Data version {NEW_VERSION}" in plain(app.sidebar.markdown)
    assert f"figures in data version {NEW_VERSION}." in plain(app.main.markdown)
    # Every package kept was read from the files its state describes: the new version under the new state only.
    from mbcstats.memo import look

    kept = {state: tables.version for (_, state), tables in ui_data._packages._entries.items()
            if state.directory == str(data)}
    assert NEW_VERSION in kept.values()
    assert all((version == NEW_VERSION) == (state == look(data)) for state, version in kept.items()), kept


def test_a_new_release_reaches_every_session_on_its_next_run(data):
    sessions = [open_page("overview"), open_page("data")]
    release_new_version(data)
    for app in sessions:
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        assert f"Data version {NEW_VERSION}" in plain(app.sidebar.markdown)


def a_missing_folder(tmp_path: Path) -> tuple[Path, str]:
    return tmp_path / "no-such-data", "does not exist"


def a_file(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    return tmp_path / "data.csv", "is not a folder"


@pytest.mark.parametrize("wrong", [a_missing_folder, a_file])
@pytest.mark.parametrize("page", PAGES)
def test_a_wrong_data_folder_is_named_on_every_page_and_in_the_sidebar(tmp_path, monkeypatch, page, wrong):
    folder, problem = wrong(tmp_path)
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(folder))
    app = open_page(page)
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.main.error) == 1
    message = plain(app.main.error)
    assert f"The data folder {folder} (named by `MBCSTATS_DATA_DIR`) {problem}." in message
    assert message.startswith("This page cannot be shown.")
    assert f"{folder} (named by `MBCSTATS_DATA_DIR`) {problem}." in plain(app.sidebar.warning)
    assert "Traceback" not in message + plain(app.sidebar.warning)
