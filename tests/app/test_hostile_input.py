"""Text from the URL and from data files is shown as text; the server's safety settings stay on."""

from __future__ import annotations

import re
import shutil
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from mbcstats.package import write_descriptor
from tests.conftest import REPO_ROOT

HOSTILE = ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<script>alert(1)</script>", "**bold** _x_ `code`",
           "=HYPERLINK(\"http://x\")", "$x$", ":red[x]"]
PAGE_PARAMS = {"overview": ["occupation"], "pay": ["statistic", "basis", "year"], "outlook": ["measure"], "check": ["q"]}


def run(page: str, params: dict[str, str]) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "pages" / f"{page}.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def shown(app: AppTest) -> list[str]:
    return [e.value for e in [*app.markdown, *app.info, *app.error, *app.header, *app.title]]


# A code span as markdown_text.literal writes it: a run of backticks and a space, the text, a space and the same run again.
# (Only that form: the payload "`code`" written raw must still count as unescaped.)
CODE_SPAN = re.compile(r"(?<![\\`])(`+) .*? \1(?!`)", re.DOTALL)  # an escaped \` opens none


def unescaped(texts: list[str], payload: str) -> bool:
    """True if the payload's markup reaches Markdown able to act: outside a code span (which shows its text as it
    is, as the notices show a link's values) and unescaped (an escaped '<' or '[' is preceded by a backslash)."""
    return any(payload in CODE_SPAN.sub("", text) for text in texts)


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=st.sampled_from(list(PAGE_PARAMS)), data=st.data())
def test_any_query_parameters_are_ignored_or_used_never_an_exception(page, data):
    names = PAGE_PARAMS[page] + ["bogus", "x" * 200]
    params = data.draw(st.dictionaries(st.sampled_from(names), st.one_of(text, st.sampled_from(HOSTILE)), max_size=4))
    app = run(page, params)
    assert not app.exception, [e.value for e in app.exception]
    for payload in HOSTILE:
        assert not unescaped(shown(app), payload)


def test_an_invalid_choice_in_the_link_is_ignored_with_a_short_notice():
    app = run("pay", {"statistic": "<img src=x onerror=alert(1)>", "basis": "hourly"})
    assert not app.exception
    notice = " ".join(i.value for i in app.info)
    assert "Ignored" in notice and "statistic" in notice and not unescaped([notice], HOSTILE[0])
    assert "` <img src=x onerror=alert(1)> `" in notice  # shown as typed, in a code span
    assert app.radio(key="basis").value == "hourly"  # the valid parameter still applies
    assert app.selectbox(key="statistic").value == "median"


def test_a_very_long_parameter_is_cut_in_the_notice():
    app = run("outlook", {"measure": "y" * 5000})
    assert not app.exception
    assert all(len(i.value) < 400 for i in app.info)


def test_hostile_text_in_a_data_file_is_shown_as_text(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    path = data / "occupations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Medical Records Specialists", HOSTILE[0], 1), encoding="utf-8")
    path = data / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("An industry survey of people", HOSTILE[1] + " An industry survey", 1),
                    encoding="utf-8")
    write_descriptor(data)
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    for page in ["overview", "pay", "work_settings", "check"]:
        app = AppTest.from_file(str(REPO_ROOT / "pages" / f"{page}.py"), default_timeout=60).run()
        assert not app.exception
        for payload in HOSTILE[:2]:
            assert not unescaped(shown(app), payload), page


def test_server_keeps_xsrf_and_cors_on_and_extras_off():
    """Server settings keep XSRF and CORS on, and usage statistics, development mode and file watching off."""
    config = tomllib.loads((REPO_ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["global"]["developmentMode"] is False
    assert config["server"]["fileWatcherType"] == "none"  # a production server does not watch its source files


def test_a_hostile_column_name_in_a_broken_file_is_shown_as_text(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    path = data / "occupations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace("title", "![i](http://example.invalid/x.png)", 1)
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not app.exception and app.error
    assert "![i](" not in app.error[0].value  # escaped: Markdown would load the image
