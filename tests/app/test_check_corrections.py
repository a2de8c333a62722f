"""The Check page shows each correction in place of the quote it corrects, read back from the page."""

from __future__ import annotations

import csv

from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, REPO_ROOT


def quotes() -> list[dict]:
    with open(DATA_DIR / "article_quotes.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def corrections() -> list[dict]:
    return [row for row in quotes() if row["supersedes"]]


def page(**params) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "pages" / "check.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def shown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown).replace("\\", "")


def test_the_billing_and_the_icd_corrections_are_in_the_package():
    rows = corrections()
    superseded = {row["supersedes"]: row for row in rows}
    by_id = {row["quote_id"]: row for row in quotes()}
    billing = [row for row in rows if row["figure_id"] == "oews-m2024-29-2072-a_median"]
    icd = [row for row in rows if row["figure_id"] == "code-set-icd10cm"]
    outlook = [row for row in rows if row["figure_id"].startswith(("ooh-2024-34-", "ep-2024-34-"))]
    assert len(billing) == 3 and len(icd) == 3 and len(outlook) == 6
    for row in rows:
        old = by_id[row["supersedes"]]
        assert {k: v for k, v in old.items() if k not in ("quote_id", "correction", "added_in", "supersedes")} == \
            {k: v for k, v in row.items() if k not in ("quote_id", "correction", "added_in", "supersedes")}
        assert row["added_in"] == ("1.4.1" if row in outlook else "1.3.0") and old["added_in"] == "1.0.0"
    for row in icd:
        assert "outdated" in row["correction"] and not any(ch.isdigit() for ch in row["correction"].split("outdated")[1]
                                                              .replace("ICD-10-CM", ""))
    assert set(superseded) == {row["supersedes"] for row in billing + icd + outlook}


def test_every_quote_given_with_the_both_roles_claim_is_corrected():
    """The growth, openings and jobs quoted with the claim that BLS puts billers under 29-2072 (in the same sentence,
    or in the sentence after it) are corrected too, each with 29-2072's and 43-3021's figures as figures.csv holds them."""
    rows = quotes()
    corrected = {row["supersedes"] for row in rows}
    claim = [row for row in rows if not row["supersedes"] and ("classifies both roles" in row["sentence"]
                                                                  or row["sentence"].startswith("As of May 2024, there are 194,800"))]
    assert len(claim) == 9 and all(row["quote_id"] in corrected for row in claim)
    with open(DATA_DIR / "figures.csv", newline="", encoding="utf-8") as handle:
        values = {row["figure_id"]: row["value"] for row in csv.DictReader(handle)}
    measures = {"ooh-2024-34-29-2072-growth": ("growth", "%"), "ep-2024-34-29-2072-openings": ("openings", " thousand a year"),
                "ep-2024-34-29-2072-employment_base": ("employment_base", " thousand")}
    checked = 0
    for row in corrections():
        if row["figure_id"] not in measures:
            continue
        measure, unit = measures[row["figure_id"]]
        for occupation in ("29-2072", "43-3021"):
            assert values[f"ep-2024-34-{occupation}-{measure}"] + unit in row["correction"], (occupation, row["correction"])
        assert "occupation_2024-34.xlsx" in row["correction"] and "both roles" in row["correction"]
        checked += 1
    assert checked == 6


def test_the_check_page_shows_each_correction_instead_of_the_quote_it_replaces():
    app = page()
    assert not app.exception
    text = shown(app)
    current = len(quotes()) - len(corrections())
    assert f"{current} of {current} quoted figures" in text
    for row in corrections():
        assert row["correction"] in text
        assert f"in data version {row['added_in']}, replacing the record of this quote ({row['supersedes']})" in text
    assert text.count("No file held supports this") == 3
    assert text.count("no file held supports that") == 6
    assert text.count("The count is outdated") == 3


def test_searching_for_the_article_s_number_finds_the_corrected_quotes():
    app = page(q="72,000")
    text = shown(app)
    icd = [row for row in corrections() if row["figure_id"] == "code-set-icd10cm"]
    assert f"{len(icd)} of " in text
    assert text.count("The count is outdated") == len(icd)
    with open(DATA_DIR / "figures.csv", newline="", encoding="utf-8") as handle:
        billers = next(r for r in csv.DictReader(handle) if r["figure_id"] == "oews-m2024-43-3021-a_median")
    text = shown(page(q="billers"))
    assert f"the May 2024 median of 43-3021 is ${float(billers['value']):,.0f}" in text


def test_each_checked_figure_has_its_period_beside_its_value():
    from mbcstats.article_checks import checked_quotes
    from mbcstats.figures import figure_table
    from mbcstats.load import load_package

    package = load_package(DATA_DIR)
    checks = checked_quotes(figure_table(package), package["article_quotes"], package["articles"])
    with open(DATA_DIR / "figures.csv", newline="", encoding="utf-8") as handle:
        periods = {row["figure_id"]: row["period"] for row in csv.DictReader(handle)}
    assert list(checks.columns).index("period") == list(checks.columns).index("figure_value") + 1
    assert all(periods[figure_id] == period for figure_id, period in zip(checks["figure_id"], checks["period"]))
