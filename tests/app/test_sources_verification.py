"""The Sources page says what "verified" means for each kind of primary file, and claims nothing untrue of the wheel."""

from __future__ import annotations

import csv

from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, REPO_ROOT


def test_each_kind_of_primary_file_says_what_verified_means():
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "sources.py"), default_timeout=60).run()
    assert not app.exception
    text = "\n".join(m.value for m in app.markdown).replace("\\", "")
    assert "unmodified copies of BLS files committed with this dashboard" not in text
    assert "python -m mbcstats verify" in text
    kinds = next(t.value for t in app.table if "What verified means" in t.value.columns)
    meaning = dict(zip(kinds["Kind of file"], kinds["What verified means"]))
    files = dict(zip(kinds["Kind of file"], kinds["Files"]))
    with open(DATA_DIR / "primary_files.csv", newline="", encoding="utf-8") as handle:
        primary = list(csv.DictReader(handle))
    uncommitted = [row["file_name"] for row in primary if not row["path"]]
    snapshot = "Third-party snapshot of BLS's time-series files"
    assert files[snapshot] == ", ".join(uncommitted)
    assert "not BLS" in meaning[snapshot] and "manifest" in meaning[snapshot]
    assert "occupationProj_2022-32.csv" in files["BLS tool export"]
    assert "national_M2024_dl.xlsx" in files["BLS file: OEWS national estimates"]
    assert "occupation_2024-34.xlsx" in files["BLS file: Employment Projections"]
