"""Every page under streamlit.testing.v1.AppTest: no exception, key figures with source and year, widgets that change the output."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

PAGES = ["overview", "pay", "outlook", "work_settings", "industries", "data", "sources"]


def figure(figure_id: str, data_dir: Path = REPO_ROOT / "data") -> float:
    with open(data_dir / "figures.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["figure_id"] == figure_id:
                return float(row["value"])
    raise KeyError(figure_id)


def latest_oews_year(data_dir: Path = REPO_ROOT / "data") -> int:
    with open(data_dir / "figures.csv", newline="", encoding="utf-8") as handle:
        return max(int(r["year"]) for r in csv.DictReader(handle) if r["figure_id"].startswith("oews-m"))


NEW = latest_oews_year()


def dollars(value: float) -> str:
    return f"${value:,.0f}"


def run_page(name: str, timeout: int = 60) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "pages" / f"{name}.py"), default_timeout=timeout)
    return app.run()


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [f"{m.label} {m.value}" for m in app.metric]
    return "\n".join(parts).replace("\\", "")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_without_an_exception_or_error(name):
    app = run_page(name)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("name", PAGES + ["places", "check"])
def test_a_rerun_finds_everything_the_page_shows_already_worked_out(name, monkeypatch):
    """A reader's rerun (a choice, a click) recomputes nothing: every result the page asks `ui.computed` for was
    kept by the first run. A frame made anew on each run would miss every time and push real results out."""
    from mbcstats.ui import data as ui_data

    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    app.switch_page(f"pages/{name}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    computed_again = []
    lookup = ui_data._results.get

    def get(key, compute):
        def noted():
            computed_again.append(key[1])  # the function's name
            return compute()
        return lookup(key, noted)

    monkeypatch.setattr(ui_data._results, "get", get)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert computed_again == []


@pytest.mark.parametrize("name", ["pay", "outlook", "work_settings", "places", "industries"])
def test_chart_data_is_drawn_only_once_its_expander_opens(name):
    """The data behind each chart is drawn when its expander is opened and not before.

    A closed "Data behind this chart" sends no grid (a grid costs a page load more than anything but its charts);
    opening it, which reruns the page, draws that chart's table with its sources."""
    app = run_page(name)
    expanders = [e for e in app.expander if e.label == "Data behind this chart"]
    assert len(expanders) == len(app.get("plotly_chart")) > 0
    assert all(len(e.dataframe) == 0 for e in expanders)
    for expander in expanders:  # its key: what follows Streamlit's "$$ID-<hash>-" in the widget id
        app.session_state[expander.proto.id.split("-", 2)[2]] = True
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    expanders = [e for e in app.expander if e.label == "Data behind this chart"]
    for expander in expanders:
        assert len(expander.dataframe) == 1
        table = expander.dataframe[0].value
        assert len(table) > 0 and "Source" in table.columns, list(table.columns)
        assert table["Source"].str.len().gt(0).all()


def test_an_open_data_table_stays_open_and_follows_a_new_choice():
    app = run_page("pay")
    app.session_state["data-behind-pay_comparison"] = True  # the first chart's expander, by its key
    app.run()
    assert list(app.expander[0].dataframe[0].value["Statistic"].unique()) == ["Median annual wage"]
    app.selectbox(key="statistic").set_value("mean").run()
    assert not app.exception, [e.value for e in app.exception]
    assert list(app.expander[0].dataframe[0].value["Statistic"].unique()) == ["Mean annual wage"]
    assert [len(e.dataframe) for e in app.expander[1:]] == [0] * (len(app.expander) - 1)  # the others stay closed


def test_the_app_runs_with_a_sidebar_naming_the_data_version():
    """The whole app runs, with navigation and a sidebar naming the data version."""
    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    with open(REPO_ROOT / "data" / "versions.csv", newline="") as handle:
        latest = list(csv.DictReader(handle))[-1]["version"]
    sidebar = "\n".join(m.value for m in app.sidebar.markdown).replace("\\", "")
    assert f"Data version {latest}" in sidebar


def test_overview_shows_the_median_with_its_source_and_year():
    app = run_page("overview")
    shown = texts(app)
    assert dollars(figure(f"oews-m{NEW}-29-2072-a_median")) in [m.value for m in app.metric]
    assert "Median annual wage" in shown and f"Source: BLS OEWS, May {NEW}" in shown


def test_overview_shows_the_change_since_the_previous_oews_release():
    app = run_page("overview")
    change = figure(f"oews-m{NEW}-29-2072-a_median") - figure(f"oews-m{NEW - 1}-29-2072-a_median")
    median_card = next(m for m in app.metric if m.label == "Median annual pay")
    assert median_card.delta == f"{'+' if change >= 0 else '-'}{dollars(abs(change))} since May {NEW - 1}"


def test_choosing_billers_on_the_overview_shows_the_billers_median():
    app = run_page("overview")
    app.radio(key="occupation").set_value("43-3021").run()
    assert dollars(figure(f"oews-m{NEW}-43-3021-a_median")) in [m.value for m in app.metric]
    assert "Billing and Posting Clerks (43-3021)" in texts(app)


def test_pay_page_compares_one_statistic_and_the_choice_changes_it():
    app = run_page("pay")
    assert f"coders (29-2072) {dollars(figure(f'oews-m{NEW}-29-2072-a_median'))}" in texts(app)
    app.selectbox(key="statistic").set_value("mean").run()
    shown = texts(app)
    assert f"coders (29-2072) {dollars(figure(f'oews-m{NEW}-29-2072-a_mean'))}" in shown
    assert "Median annual wage in" not in shown  # a mean never sits beside a median


def test_pay_page_hourly_and_an_earlier_release():
    app = run_page("pay")
    app.radio(key="basis").set_value("hourly").run()
    app.selectbox(key="year").set_value("2022").run()
    assert f"${figure('oews-m2022-29-2072-h_median'):,.2f} an hour" in texts(app)
    assert "May 2022" in texts(app)


def test_pay_page_before_the_soc_break_shows_29_2098_labelled_as_such():
    app = run_page("pay")
    app.selectbox(key="year").set_value("2019").run()
    assert not app.exception
    figures_drawn = app.get("plotly_chart")
    assert any("29-2098" in str(chart.proto.spec) for chart in figures_drawn)


def test_outlook_labels_both_job_counts_and_switches_measure():
    """Outlook shows both job counts, labelled, and the measure choice changes the chart."""
    app = run_page("outlook")
    shown = texts(app)
    assert f"{figure('ep-2024-34-29-2072-employment_base'):,.1f} thousand" in shown
    assert f"{figure(f'oews-m{NEW}-29-2072-tot_emp'):,.0f}" in shown
    assert "BLS Employment Projections 2024-34" in shown and f"BLS OEWS, May {NEW}" in shown
    app.radio(key="measure").set_value("ep_openings").run()
    assert f"projects {figure('ep-2024-34-29-2072-openings'):,.1f} thousand for coders" in texts(app)


def test_work_settings_shows_the_remainder_and_remote_share():
    """Work settings shows the derived remainder, and the remote share with its survey."""
    app = run_page("work_settings")
    shown = texts(app)
    listed = sum(figure(f"ooh-2024-29-2072-employer-{k}") for k in ("hospitals", "physicians", "admin-support"))
    assert f"remaining {100 - listed:g}% is derived" in shown
    assert f"{figure('aapc-2025-remote-share'):g}%" in [m.value for m in app.metric]
    assert "AAPC 2025 Salary Survey" in shown


def test_data_page_filters_change_the_row_count():
    app = run_page("data")
    with open(REPO_ROOT / "data" / "figures.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert f"{len(rows)} of {len(rows)} figures" in texts(app)
    app.multiselect(key="occupation").set_value(["43-3021"]).run()
    expected = sum(1 for r in rows if r["occupation_code"] == "43-3021")
    assert f"{expected} of {len(rows)} figures" in texts(app)


def test_sources_page_lists_every_source():
    app = run_page("sources")
    with open(REPO_ROOT / "data" / "sources.csv", newline="") as handle:
        ids = {r["source_id"] for r in csv.DictReader(handle)}
    shown = set(app.dataframe[0].value["source_id"])
    assert ids == shown


def test_a_figure_changed_by_hand_shows_changed_with_no_code_change(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    path = data / "figures.csv"
    text = path.read_text(encoding="utf-8")
    old = f"oews-m{NEW}-29-2072-a_median,29-2072"
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(old))
    original = f",{figure(f'oews-m{NEW}-29-2072-a_median'):.0f},"
    assert original in lines[index]
    lines[index] = lines[index].replace(original, ",61234,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mbcstats", "package", str(data)], check=True, cwd=REPO_ROOT)
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = run_page("overview")
    assert "$61,234" in [m.value for m in app.metric]


def test_a_broken_data_file_shows_a_clear_error_naming_file_and_line(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    path = data / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",29-2072,exact," in lines[3]
    lines[3] = lines[3].replace(",29-2072,exact,", ",29-2O72,exact,", 1)  # letter O for zero: not a SOC code
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = run_page("overview")
    assert not app.exception
    message = app.error[0].value.replace("\\", "")
    assert "figures.csv" in message and "**Line:** 4" in message and "occupation_code" in message
    assert "python -m mbcstats validate" in message
