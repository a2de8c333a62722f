"""With any one data file broken, the pages that need it say so clearly (file, line, problem, how to check) and the rest work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["overview", "pay", "outlook", "work_settings", "check", "data", "sources"]
NEEDS = {  # page -> data files it reads
    **{page: {"figures.csv", "sources.csv", "occupations.csv", "primary_files.csv", "versions.csv", "known_releases.csv"}
       for page in PAGES},
    "check": {"figures.csv", "sources.csv", "occupations.csv", "primary_files.csv", "versions.csv",
              "known_releases.csv", "article_quotes.csv", "articles.csv"},
    "sources": {"sources.csv", "primary_files.csv", "versions.csv", "known_releases.csv"},
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


BREAKAGES = [bad_number, missing_column, truncated, missing_file, hash_mismatch, unknown_source_key]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    made = {}
    for breakage in BREAKAGES:
        data = tmp_path_factory.mktemp(breakage.__name__) / "data"
        shutil.copytree(ROOT / "data", data)
        made[breakage.__name__] = (data, *breakage(data))
    return made


@pytest.mark.parametrize("breakage", [b.__name__ for b in BREAKAGES])
@pytest.mark.parametrize("page", PAGES)
def test_a_broken_file_stops_only_the_pages_that_need_it_with_a_clear_message(broken, monkeypatch, breakage, page):
    data, file, line = broken[breakage]
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60).run()
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


@pytest.mark.parametrize("breakage", [b.__name__ for b in BREAKAGES])
def test_the_sidebar_survives_any_broken_file(broken, monkeypatch, breakage):
    data, file, _ = broken[breakage]
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
