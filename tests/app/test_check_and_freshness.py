"""The Check a figure page and how fresh the data is: true labels, statuses, newest figures, newer releases."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT
from tests.unit.test_ingest import next_minor, write_ep_xlsx


def read(data: Path, table: str) -> list[dict]:
    with open(data / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run(page: str, data: Path | None = None, monkeypatch=None, **params) -> AppTest:
    if data is not None:
        monkeypatch.setenv("MBCSTATS_DATA_DIR", str(data))
    app = AppTest.from_file(str(REPO_ROOT / "pages" / f"{page}.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def shown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown).replace("\\", "")


def oews_xlsx_value(year: int, code: str, column: str) -> float:
    """A value read straight from the committed OEWS file, not through mbcstats."""
    sheet = openpyxl.load_workbook(REPO_ROOT / f"data/raw/bls/oews-national/national_M{year}_dl.xlsx", read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).upper() for c in next(rows)]
    for row in rows:
        if row[header.index("OCC_CODE")] == code:
            return float(row[header.index(column)])
    raise KeyError(code)


def figures_value(figure_id: str) -> float:
    return next(float(r["value"]) for r in read(REPO_ROOT / "data", "figures") if r["figure_id"] == figure_id)


def newest_oews_year(data: Path) -> int:
    return max(int(r["year"]) for r in read(data, "figures") if r["figure_id"].startswith("oews-m"))


def test_every_article_quote_is_on_the_check_page_grouped_by_article():
    app = run("check")
    assert not app.exception
    quotes, articles = read(REPO_ROOT / "data", "article_quotes"), read(REPO_ROOT / "data", "articles")
    headings = [h.value.replace("\\", "") for h in app.header]
    assert headings == [a["title"] for a in articles if any(q["article_id"] == a["article_id"] for q in quotes)]
    text = shown(app)
    current = [quote for quote in quotes if quote["quote_id"] not in {q["supersedes"] for q in quotes}]
    assert f"{len(current)} of {len(current)} quoted figures" in text
    for quote in current:
        assert f"**{quote['quoted_text']}** — “{quote['sentence']}”" in text


def test_the_51090_average_is_a_dated_may_2022_mean():
    """The 51,090 average is shown as a May 2022 mean, matched to the BLS file and dated."""
    app = run("check", q="51,090")
    text = shown(app)
    assert "1 of" in text
    assert "Mean annual wage · Medical Records Specialists (SOC 29-2072) · May 2022" in text
    assert "Matched against national_M2022_dl.xlsx" in text
    year = newest_oews_year(REPO_ROOT / "data")
    if year > 2022:
        assert "outdated" in text
    newest = oews_xlsx_value(year, "29-2072", "A_MEAN") if year <= 2024 else figures_value(f"oews-m{year}-29-2072-a_mean")
    assert f"${newest:,.0f} · May {year}" in text
    assert f"+${newest - 51090:,.0f}" in text


@pytest.mark.parametrize("query", ["51,090", "51090", "$51K"])
def test_a_value_can_be_searched_as_an_article_writes_it(query):
    assert "1 of" in shown(run("check", q=query)).split("quoted figures")[0]


def test_the_top_10_percent_and_the_ep_count_dated_may_are_corrected():
    text = shown(run("check", q="75,460"))
    assert "90th percentile" in text and "threshold" in text
    text = shown(run("check", q="194,800"))
    assert "Employment Projections" in text and "not an OEWS May 2024 count" in text


def test_growth_against_the_average_says_when_no_file_has_the_average():
    text = shown(run("check", q="national average"))
    assert "all-occupations growth of the 2021-31 edition is in none of the files held" in text
    text = shown(run("check", q="7%"))
    assert "All occupations, same edition" in text


def test_the_unsourced_salary_range_is_flagged_and_never_shown_as_bls():
    text = shown(run("check", q="national average salaries"))
    assert "2 of" in text  # "$45K" and "60K+"
    assert "Unsourced: the article names no source" in text
    assert "BLS OEWS" not in text


def test_another_articles_figures_are_added_as_rows_with_no_code_change(data_copy, monkeypatch, run_mbcstats):
    article = data_copy / "raw/articles/extra.txt"
    article.write_text("Coders earned a median of $50,250 in 2024, says a new article.\n", encoding="utf-8")
    import hashlib
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    version = next_minor(data_copy)
    with open(data_copy / "articles.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(["article-extra", "A new article", "raw/articles/extra.txt", digest, "", version])
    with open(data_copy / "article_quotes.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([
            "article-extra-q01", "article-extra", "oews-m2024-29-2072-a_median",
            "Coders earned a median of $50,250 in 2024, says a new article.", "$50,250", "50250", "usd_per_year",
            "median in 2024", "", version, ""])
    with open(data_copy / "versions.csv", "a", encoding="utf-8", newline="") as handle:  # a release made by hand
        csv.writer(handle, lineterminator="\n").writerow([version, "2026-12-01", "A new article's quote"])
    assert run_mbcstats("package", data_copy).returncode == 0
    assert run_mbcstats("seal", data_copy).returncode == 0
    assert run_mbcstats("validate", data_copy).returncode == 0
    app = run("check", data_copy, monkeypatch, q="new article")
    assert "A new article" in [h.value for h in app.header]  # no Markdown specials in this title
    assert "Median annual wage · Medical Records Specialists (SOC 29-2072) · May 2024" in shown(app)


def test_a_newer_projections_edition_moves_the_headline(
        data_copy, monkeypatch, run_mbcstats, tmp_path):
    """A newer projections edition moves the headline, and the "newer release" note goes away."""
    before = run("overview", data_copy, monkeypatch)
    assert "A newer release exists: Employment Projections (EP) 2025-35" in shown(before)  # published, not held
    # A fixture standing for an edition newer than every known one.
    growth = 9.3
    fixture = write_ep_xlsx(tmp_path / "occupation_2026-36.xlsx", {
        "00-0000": (171000.0, 176000.0, 5000.0, 2.9, 18000.0),
        "29-2072": (199.0, 217.5, 18.5, growth, 14.9)}, base=2026, target=2036)
    result = run_mbcstats("ingest", fixture, "--data-dir", data_copy)
    assert result.returncode == 0, result.output
    after = run("overview", data_copy, monkeypatch)
    growth_card = next(m for m in after.metric if m.label == "Projected growth")
    assert growth_card.value == f"{growth}%"
    assert "BLS Employment Projections 2026-36" in shown(after)
    assert "A newer release exists: Employment Projections" not in shown(after)


def test_the_pinned_hash_of_the_2025_35_edition_refuses_another_file(tmp_path, data_copy, run_mbcstats):
    fake = write_ep_xlsx(tmp_path / "occupation_2025-35.xlsx", {"29-2072": (200.0, 210.0, 10.0, 5.0, 15.0)},
                         base=2025, target=2035)
    result = run_mbcstats("ingest", fake, "--data-dir", data_copy)
    assert result.returncode == 1
    assert "a7d060f0576f7d4f5b829b9a0bb4a6c11a12766d159ebb0e07aab5bd2e7583c5" in result.output
    assert "Traceback" not in result.output


def test_sources_page_has_a_freshness_table_that_says_what_is_behind():
    app = run("sources")
    freshness = next(frame.value for frame in app.dataframe if "behind" in frame.value.columns)
    known = read(REPO_ROOT / "data", "known_releases")
    held = {r["source_id"] for r in read(REPO_ROOT / "data", "sources")}
    for program in {r["program"] for r in known}:
        row = freshness[freshness["program"] == program].iloc[0]
        newest = max((r for r in known if r["program"] == program), key=lambda r: int(r["year"]))
        assert row["behind"] == ("no" if newest["source_id"] in held else "yes")
