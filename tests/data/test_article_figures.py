"""Every figure the three articles quote is in article_quotes.csv, linked to the figure it really is.

The table below was written from a reading of the articles in data/raw/articles/ and of the
BLS files in data/raw/bls/ (see PROVENANCE.md), not from figures.csv: for each place an article
states a number, it gives the number as the article states it and the statistic that number
really is (which programme, measure, statistic, period and occupation, and how it can be verified).

Read but deliberately not in the table, because they are not statistics about the occupation:
article 000's "4-year degree" (a kind of degree) and the counts of certifications or code sets
in article 001 ("two most common", "three most popular", "dozens of"); article 001's "at least
18 years of age" (an enrolment rule); article 002's claim form names (837P, 837I), HCPCS code
shape ("a letter followed by four digits") and "Industry Trends 2026" (a headline).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import openpyxl
import pytest

from tests.conftest import DATA_DIR


def _csv_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def normalise(text: str) -> str:
    return " ".join(text.split())


ARTICLES = {row["article_id"]: normalise((DATA_DIR / row["file"]).read_text(encoding="utf-8"))
            for row in _csv_rows("articles.csv")}
QUOTES = _csv_rows("article_quotes.csv")
FIGURES = {row["figure_id"]: row for row in _csv_rows("figures.csv")}
SOURCE_KIND = {row["source_id"]: row["kind"] for row in _csv_rows("sources.csv")}


@dataclass(frozen=True)
class Truth:
    """The figure a quote really is."""

    value: float
    unit: str
    measure: str
    statistic: str
    source_id: str
    verification: str
    occupation: str
    period: str | None          # None: the article gives no date, so the figure must carry none
    year: int | None
    value_precise: float | None = None
    setting: str = "All industries"
    target_year: int | None = None


UNDATED = None

# --- what each quoted number really is --------------------------------------------------------
# OEWS national estimates, read from national_MYYYY_dl.xlsx (A_MEAN, A_PCT90, A_MEDIAN columns).
CODERS_MEAN_2022 = Truth(51090, "usd_per_year", "wage_annual", "mean", "bls-oews-m2022", "matched_primary_file", "29-2072", "May 2022", 2022)
CODERS_P90_2022 = Truth(75460, "usd_per_year", "wage_annual", "p90", "bls-oews-m2022", "matched_primary_file", "29-2072", "May 2022", 2022)
BILLERS_MEAN_2022 = Truth(44800, "usd_per_year", "wage_annual", "mean", "bls-oews-m2022", "matched_primary_file", "43-3021", "May 2022", 2022)
BILLERS_P90_2022 = Truth(60480, "usd_per_year", "wage_annual", "p90", "bls-oews-m2022", "matched_primary_file", "43-3021", "May 2022", 2022)
CODERS_MEDIAN_2024 = Truth(50250, "usd_per_year", "wage_annual", "median", "bls-oews-m2024", "matched_primary_file", "29-2072", "May 2024", 2024)
# Employment Projections 2024-34, Table 1.2 of occupation_2024-34.xlsx: base-year employment (all workers,
# annual average, not an OEWS May count) and annual openings, in thousands.
CODERS_EP_EMPLOYMENT_2024 = Truth(194.8, "thousand_jobs", "ep_employment", "count", "bls-ep-2024-34", "matched_primary_file", "29-2072", "2024", 2024, target_year=2034)
CODERS_EP_OPENINGS_2024_34 = Truth(14.2, "thousand_jobs", "ep_openings", "count", "bls-ep-2024-34", "matched_primary_file", "29-2072", "2024-34", 2024, target_year=2034)
# The Handbook's rounded growth, with the precise value of the same edition's projections file.
HANDBOOK_GROWTH_2024_34 = Truth(7, "percent", "ep_growth", "percent_change", "bls-ooh-2024-34", "matched_primary_file", "29-2072", "2024-34", 2024, value_precise=7.1, target_year=2034)
HANDBOOK_GROWTH_2022_32 = Truth(8, "percent", "ep_growth", "percent_change", "bls-ooh-2022-32", "matched_primary_file", "29-2072", "2022-32", 2022, value_precise=8.5, target_year=2032)
# "by 2031" without a number: the 2021-31 projections (tool export), for coders and for billers.
CODERS_GROWTH_2021_31 = Truth(6.6, "percent", "ep_growth", "percent_change", "bls-ep-2021-31", "matched_primary_file", "29-2072", "2021-31", 2021, target_year=2031)
BILLERS_GROWTH_2021_31 = Truth(1.1, "percent", "ep_growth", "percent_change", "bls-ep-2021-31", "matched_primary_file", "43-3021", "2021-31", 2021, target_year=2031)
# The Handbook's "largest employers" (National Employment Matrix; no copy held): as reported.
EMPLOYER_HOSPITALS = Truth(28, "percent", "employer_share", "share", "bls-ooh-2024-34", "as_reported", "29-2072", "2024", 2024, setting="Hospitals")
EMPLOYER_PHYSICIANS = Truth(22, "percent", "employer_share", "share", "bls-ooh-2024-34", "as_reported", "29-2072", "2024", 2024, setting="Offices of physicians")
EMPLOYER_ADMIN = Truth(11, "percent", "employer_share", "share", "bls-ooh-2024-34", "as_reported", "29-2072", "2024", 2024, setting="Administrative and support services")
# AAPC 2025 salary survey, as reported by article 002.
AAPC_REMOTE = Truth(64.8, "percent", "remote_share", "share", "aapc-2025", "as_reported", "29-2072", "2025", 2025)
AAPC_PREMIUM = Truth(20.7, "percent", "certification_premium", "premium_percent", "aapc-2025", "as_reported", "29-2072", "2025", 2025)
# Code-set sizes, as reported (no year given).
ICD10CM = Truth(72000, "codes", "code_set_size", "count", "cms-icd10", "as_reported", "29-2072", UNDATED, None)
ICD10PCS = Truth(78000, "codes", "code_set_size", "count", "cms-icd10", "as_reported", "29-2072", UNDATED, None)
CPT = Truth(10000, "codes", "code_set_size", "count", "ama-cpt", "as_reported", "29-2072", UNDATED, None)


def unsourced(article: str, value: float, unit: str, measure: str, statistic: str, setting: str = "All industries"):
    return Truth(value, unit, measure, statistic, article, "unsourced", "29-2072", UNDATED, None, setting=setting)


@dataclass(frozen=True)
class Quoted:
    article: str
    sentence: str        # a verbatim fragment of the sentence the number is in
    text: str            # the number as the article writes it (must be inside the quote's quoted_text)
    value: float | None  # the number as the article states it; None where it gives only words
    unit: str            # unit of `value`
    truth: Truth

    @property
    def id(self) -> str:
        return f"{self.article}:{self.text}@{self.sentence[:40]}"


A0, A1, A2 = "article-000", "article-001", "article-002"
INTRO = "reporting a median salary of $50,250/yr, 7% job growth through 2034, and roughly 14,200 annual openings"
POINT_3 = '3.The BLS classifies both roles under "Medical Records Specialists" (SOC 29-2072), reporting a median salary of $50,250/yr and 7% job growth from 2024 to 2034.'
AS_OF_MAY = "As of May 2024, there are 194,800 jobs in the U.S., the median salary is $50,250/yr, and employment is projected to grow 7% through 2034, with about 14,200 openings per year"
BILLERS_2022 = "medical billers in 2022 made an average of $44,800, with the top 10 percent earning closer to $60,480."
CODERS_2022 = "Medical coders in 2022 averaged $51,090, with the top 10 percent earning $75,460."
BY_2031 = "Both medical billing and medical coding are expected to undergo growth rates consistent with the national average for all occupations by 2031."
EMPLOYERS = "hospitals (28% of jobs), physician offices (22%), and administrative/support services (11%)"

EVERY_QUOTED_FIGURE = [
    # article 000 -------------------------------------------------------------------------
    Quoted(A0, "Train online in 4–12 months", "4–12 months", 4, "months", unsourced(A0, 4, "months", "training_length", "range_low")),
    Quoted(A0, "Train online in 4–12 months", "4–12 months", 12, "months", unsourced(A0, 12, "months", "training_length", "range_high")),
    Quoted(A0, "National average salaries range from $45K–60K+", "$45K", 45000, "usd_per_year", unsourced(A0, 45000, "usd_per_year", "pay_claim", "range_low")),
    Quoted(A0, "National average salaries range from $45K–60K+", "60K+", 60000, "usd_per_year", unsourced(A0, 60000, "usd_per_year", "pay_claim", "range_high")),
    Quoted(A0, "projected to grow 8% through 2032", "8%", 8, "percent", HANDBOOK_GROWTH_2022_32),
    Quoted(A0, "start working in under a year", "under a year", None, "years",
           unsourced(A0, 1, "years", "time_to_work", "range_high")),
    # article 001 -------------------------------------------------------------------------
    Quoted(A1, "These take as few as 10 months to 2 years to complete.", "10 months", 10, "months", unsourced(A1, 10, "months", "training_length", "range_low")),
    Quoted(A1, "These take as few as 10 months to 2 years to complete.", "2 years", 2, "years", unsourced(A1, 2, "years", "training_length", "range_high")),
    Quoted(A1, BILLERS_2022, "$44,800", 44800, "usd_per_year", BILLERS_MEAN_2022),
    Quoted(A1, BILLERS_2022, "$60,480", 60480, "usd_per_year", BILLERS_P90_2022),
    Quoted(A1, CODERS_2022, "$51,090", 51090, "usd_per_year", CODERS_MEAN_2022),
    Quoted(A1, CODERS_2022, "$75,460", 75460, "usd_per_year", CODERS_P90_2022),
    Quoted(A1, BY_2031, "national average for all occupations by 2031", None, "percent", CODERS_GROWTH_2021_31),
    Quoted(A1, BY_2031, "national average for all occupations by 2031", None, "percent", BILLERS_GROWTH_2021_31),
    # article 002: the summary paragraph --------------------------------------------------
    Quoted(A2, INTRO, "$50,250", 50250, "usd_per_year", CODERS_MEDIAN_2024),
    Quoted(A2, INTRO, "7%", 7, "percent", HANDBOOK_GROWTH_2024_34),
    Quoted(A2, INTRO, "14,200", 14200, "jobs", CODERS_EP_OPENINGS_2024_34),
    Quoted(A2, "About 65% of coders now work remotely.", "65%", 65, "percent", AAPC_REMOTE),
    # article 002: the numbered points ----------------------------------------------------
    Quoted(A2, POINT_3, "$50,250", 50250, "usd_per_year", CODERS_MEDIAN_2024),
    Quoted(A2, POINT_3, "7%", 7, "percent", HANDBOOK_GROWTH_2024_34),
    Quoted(A2, "5.About 64.8% of medical coders now work remotely full time (AAPC 2025)", "64.8%", 64.8, "percent", AAPC_REMOTE),
    # article 002: the four headline tiles ------------------------------------------------
    Quoted(A2, "$50,250 Median Salary", "$50,250", 50250, "usd_per_year", CODERS_MEDIAN_2024),
    Quoted(A2, "194,800 U.S. Jobs", "194,800", 194800, "jobs", CODERS_EP_EMPLOYMENT_2024),
    Quoted(A2, "7% Growth (2024-2034)", "7%", 7, "percent", HANDBOOK_GROWTH_2024_34),
    Quoted(A2, "64.8% Work Remotely", "64.8%", 64.8, "percent", AAPC_REMOTE),
    # article 002: "As of May 2024 ..." -----------------------------------------------------
    Quoted(A2, AS_OF_MAY, "194,800", 194800, "jobs", CODERS_EP_EMPLOYMENT_2024),
    Quoted(A2, AS_OF_MAY, "$50,250", 50250, "usd_per_year", CODERS_MEDIAN_2024),
    Quoted(A2, AS_OF_MAY, "7%", 7, "percent", HANDBOOK_GROWTH_2024_34),
    Quoted(A2, AS_OF_MAY, "14,200", 14200, "jobs", CODERS_EP_OPENINGS_2024_34),
    # article 002: code sets ----------------------------------------------------------------
    Quoted(A2, "ICD-10-CM covers diagnoses (roughly 72,000 codes).", "72,000", 72000, "codes", ICD10CM),
    Quoted(A2, "CPT describes medical services and procedures (about 10,000 codes).", "10,000", 10000, "codes", CPT),
    Quoted(A2, "they contain over 72,000 diagnosis codes and roughly 78,000 procedure codes", "72,000", 72000, "codes", ICD10CM),
    Quoted(A2, "they contain over 72,000 diagnosis codes and roughly 78,000 procedure codes", "78,000", 78000, "codes", ICD10PCS),
    Quoted(A2, "72,000+ diagnosis codes used in every healthcare setting", "72,000+", 72000, "codes", ICD10CM),
    Quoted(A2, "10,000 procedure codes for medical services", "10,000", 10000, "codes", CPT),
    # article 002: where they work, remote work ------------------------------------------
    Quoted(A2, EMPLOYERS, "28%", 28, "percent", EMPLOYER_HOSPITALS),
    Quoted(A2, EMPLOYERS, "22%", 22, "percent", EMPLOYER_PHYSICIANS),
    Quoted(A2, EMPLOYERS, "11%", 11, "percent", EMPLOYER_ADMIN),
    Quoted(A2, "AAPC's 2025 salary survey reports that 64.8% of coders work remotely full time", "64.8%", 64.8, "percent", AAPC_REMOTE),
    Quoted(A2, "Most remote positions require at least 1-2 years of on-site experience first", "1-2 years", 1, "years", unsourced(A2, 1, "years", "experience_required", "range_low")),
    Quoted(A2, "Most remote positions require at least 1-2 years of on-site experience first", "1-2 years", 2, "years", unsourced(A2, 2, "years", "experience_required", "range_high")),
    # article 002: getting started ----------------------------------------------------------
    Quoted(A2, "Choose a certificate program (4-15 months)", "4-15 months", 4, "months", unsourced(A2, 4, "months", "training_length", "range_low")),
    Quoted(A2, "Choose a certificate program (4-15 months)", "4-15 months", 15, "months", unsourced(A2, 15, "months", "training_length", "range_high")),
    Quoted(A2, "or associate degree (~2 years)", "~2 years", 2, "years", unsourced(A2, 2, "years", "training_length", "typical")),
    Quoted(A2, "Community college programs cost $1,000-$5,000 for certificates.", "$1,000", 1000, "usd", unsourced(A2, 1000, "usd", "training_cost", "range_low")),
    Quoted(A2, "Community college programs cost $1,000-$5,000 for certificates.", "$5,000", 5000, "usd", unsourced(A2, 5000, "usd", "training_cost", "range_high")),
    Quoted(A2, "Certified professionals earn 20.7% more than non-certified workers (AAPC 2025).", "20.7%", 20.7, "percent", AAPC_PREMIUM),
    Quoted(A2, "Hospitals typically prefer 1-2 years of experience.", "1-2 years", 1, "years", unsourced(A2, 1, "years", "experience_required", "range_low", setting="Hospitals")),
    Quoted(A2, "Hospitals typically prefer 1-2 years of experience.", "1-2 years", 2, "years", unsourced(A2, 2, "years", "experience_required", "range_high", setting="Hospitals")),
]

UNIT_FACTOR = {("jobs", "thousand_jobs"): 1000}  # quoted unit, figure unit -> quoted = figure * factor


def _same(quoted_value: str, value: float | None) -> bool:
    if value is None:
        return quoted_value == ""
    return quoted_value != "" and float(quoted_value) == pytest.approx(value)


def _figure_matches(figure: dict, truth: Truth) -> list[str]:
    """The ways `figure` differs from `truth` (empty when it is the figure)."""
    problems = []
    checks = {
        "unit": truth.unit, "measure": truth.measure, "statistic": truth.statistic, "source_id": truth.source_id,
        "verification": truth.verification, "occupation_code": truth.occupation, "setting": truth.setting,
        "area": "United States",
    }
    for column, value in checks.items():
        if figure[column] != value:
            problems.append(f"{column} is {figure[column]!r}, expected {value!r}")
    if figure["value"] == "" or float(figure["value"]) != pytest.approx(truth.value):
        problems.append(f"value is {figure['value']!r}, expected {truth.value}")
    recorded_precise = None if figure["value_precise"] == "" else float(figure["value_precise"])
    if (recorded_precise is None) != (truth.value_precise is None) or (
            recorded_precise is not None and recorded_precise != pytest.approx(truth.value_precise)):
        problems.append(f"value_precise is {figure['value_precise']!r}, expected {truth.value_precise}")
    if truth.period is None:
        if figure["year"] != "" or re.search(r"\b(19|20)[0-9]{2}\b", figure["period"]):
            problems.append(f"the article gives no date, but the figure carries period {figure['period']!r} year {figure['year']!r}")
    else:
        if figure["period"] != truth.period:
            problems.append(f"period is {figure['period']!r}, expected {truth.period!r}")
        if figure["year"] != str(truth.year):
            problems.append(f"year is {figure['year']!r}, expected {truth.year}")
    if truth.target_year is not None and figure["target_year"] != str(truth.target_year):
        problems.append(f"target_year is {figure['target_year']!r}, expected {truth.target_year}")
    if truth.verification == "matched_primary_file" and not figure["verified_file"]:
        problems.append("verified against no named file")
    return problems


@pytest.mark.parametrize("expected", EVERY_QUOTED_FIGURE, ids=lambda q: q.id)
def test_each_quoted_figure_is_linked_to_what_it_really_is(expected):
    """Each figure an article quotes is recorded and linked to the figure it really is."""
    candidates = [q for q in QUOTES if q["article_id"] == expected.article
                  and normalise(expected.sentence) in normalise(q["sentence"])
                  and expected.text in q["quoted_text"] and _same(q["quoted_value"], expected.value)]
    assert candidates, f"no quote of {expected.article} states {expected.text!r} = {expected.value} in that sentence"
    assert all(q["quoted_unit"] == expected.unit for q in candidates), [q["quoted_unit"] for q in candidates]
    differences = {q["quote_id"]: _figure_matches(FIGURES[q["figure_id"]], expected.truth) for q in candidates
                   if q["figure_id"] in FIGURES}
    assert any(problems == [] for problems in differences.values()), differences
    for q in candidates:
        factor = UNIT_FACTOR.get((q["quoted_unit"], FIGURES[q["figure_id"]]["unit"]))
        if factor and expected.value is not None:
            assert float(FIGURES[q["figure_id"]]["value"]) * factor == pytest.approx(float(q["quoted_value"]))


def test_every_recorded_quote_was_read_from_the_articles():
    """Every quote in article_quotes.csv is one of the figures read from the articles."""
    unexplained = []
    for q in QUOTES:
        figure = FIGURES.get(q["figure_id"])
        if not any(q["article_id"] == e.article and normalise(e.sentence) in normalise(q["sentence"])
                   and e.text in q["quoted_text"] and _same(q["quoted_value"], e.value) and q["quoted_unit"] == e.unit
                   and figure is not None and _figure_matches(figure, e.truth) == []
                   for e in EVERY_QUOTED_FIGURE):
            unexplained.append(q["quote_id"])
    assert unexplained == []


def test_article_000s_under_a_year_claim_is_unsourced():
    """Article 000's "under a year" to start working is recorded as an unsourced claim."""
    # "You can train online, earn certification, and start working in under a year": a length of
    # time the article states (in words), with no source, like its "4–12 months".
    sentence = "You can train online, earn certification, and start working in under a year"
    assert sentence in ARTICLES[A0]
    quotes = [q for q in QUOTES if q["article_id"] == A0 and "under a year" in q["quoted_text"]]
    assert quotes, "article 000's 'start working in under a year' is not in article_quotes.csv"
    for q in quotes:
        assert FIGURES[q["figure_id"]]["verification"] == "unsourced"
        assert FIGURES[q["figure_id"]]["source_id"] == A0


# --- the quotes are verbatim ------------------------------------------------------------------

@pytest.mark.parametrize("quote", QUOTES, ids=lambda q: q["quote_id"])
def test_each_quote_is_verbatim_in_its_article_and_sentence(quote):
    """Each quote's sentence is verbatim in its article, and the quoted text is in the sentence."""
    assert quote["article_id"] in ARTICLES
    assert normalise(quote["sentence"]) in ARTICLES[quote["article_id"]]
    assert quote["quoted_text"] in quote["sentence"]


def _numbers_written_in(text: str) -> set[float]:
    numbers = set()
    for match in re.finditer(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*([Kk])?", text):
        value = float(match.group(1).replace(",", ""))
        numbers.add(value * 1000 if match.group(2) else value)
    return numbers


@pytest.mark.parametrize("quote", [q for q in QUOTES if q["quoted_value"] != ""], ids=lambda q: q["quote_id"])
def test_each_quoted_value_is_a_number_written_in_its_quoted_text(quote):
    assert float(quote["quoted_value"]) in _numbers_written_in(quote["quoted_text"]), quote["quoted_text"]


def test_each_article_in_articles_csv_has_quotes():
    assert {q["article_id"] for q in QUOTES} == set(ARTICLES)


# --- corrections ------------------------------------------------------------------------------

def _quotes_saying(text: str) -> list[dict]:
    found = [q for q in QUOTES if text in q["quoted_text"]]
    assert found, f"no quote of {text!r}"
    return found


def test_the_average_pay_quotes_are_corrected_to_an_oews_mean():
    for text in ["$44,800", "$51,090"]:
        for q in _quotes_saying(text):
            assert "mean" in q["correction"].lower(), q["quote_id"]


def test_the_top_10_percent_quotes_are_corrected_to_the_90th_percentile():
    quotes = [q for q in QUOTES if "top 10 percent" in q["sentence"]]
    assert {q["quoted_text"] for q in quotes} >= {"$60,480", "$75,460"}
    for q in quotes:
        if q["quoted_text"] in ("$60,480", "$75,460"):
            assert "90th percentile" in q["correction"], q["quote_id"]
            assert FIGURES[q["figure_id"]]["statistic"] == "p90"


def test_the_194800_jobs_quotes_are_corrected_to_an_ep_count():
    """The 194,800 jobs quotes are corrected to an Employment Projections count."""
    for q in _quotes_saying("194,800"):
        assert "Employment Projections" in q["correction"], q["quote_id"]
        assert FIGURES[q["figure_id"]]["measure"] == "ep_employment"


def test_the_may_2024_dating_of_the_194800_jobs_is_corrected():
    quotes = [q for q in _quotes_saying("194,800") if "As of May 2024" in q["sentence"]]
    assert quotes
    for q in quotes:
        assert "May 2024" in q["correction"] and "OEWS" in q["correction"], q["quote_id"]


def test_every_quote_about_billers_names_the_nearest_bls_category_43_3021():
    billers = [q for q in QUOTES if FIGURES[q["figure_id"]]["occupation_code"] == "43-3021"]
    assert {q["quoted_text"] for q in billers} >= {"$44,800", "$60,480"}
    for q in billers:
        assert "43-3021" in q["correction"], q["quote_id"]


def test_the_rounded_65_percent_remote_quote_says_it_was_rounded_from_64_8():
    for q in _quotes_saying("65%"):
        assert "64.8" in q["correction"], q["quote_id"]


def test_unsourced_salary_range_never_gets_an_official_source():
    """The unsourced salary range is never given an official statistics source."""
    quotes = _quotes_saying("$45K") + _quotes_saying("60K+")
    for q in quotes:
        figure = FIGURES[q["figure_id"]]
        assert figure["verification"] == "unsourced"
        assert SOURCE_KIND[figure["source_id"]] == "article"
        assert SOURCE_KIND[figure["source_id"]] != "official_statistics"
        assert q["correction"], "an unsourced range must say it is not a BLS figure"
    for figure in FIGURES.values():
        if figure["verification"] == "unsourced":
            assert SOURCE_KIND[figure["source_id"]] == "article", figure["figure_id"]


# --- the Handbook's rounded growth agrees with the projections files -------------------------

def _ep_row(file: str, code: str) -> dict:
    path = DATA_DIR / "raw/bls" / file
    if path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                if row["Occupation Code"].strip('="') == code:
                    return row
    else:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = list(workbook["Table 1.2"].iter_rows(values_only=True))
        finally:
            workbook.close()
        header = [str(cell or "") for cell in rows[1]]
        for row in rows[2:]:
            if row and row[1] == code:
                return dict(zip(header, row))
    raise AssertionError(f"{code} not in {file}")


@pytest.mark.parametrize("figure_id, file, base, change, percent", [
    ("ooh-2024-34-29-2072-growth", "ep/occupation_2024-34.xlsx", "Employment, 2024",
     "Employment change, numeric, 2024–34", "Employment change, percent, 2024–34"),
    ("ooh-2022-32-29-2072-growth", "ep-tool-exports/occupationProj_2022-32.csv", "Employment 2022",
     "Employment Change, 2022-2032", "Employment Percent Change, 2022-2032"),
])
def test_handbook_growth_is_the_projection_growth_rounded(figure_id, file, base, change, percent):
    """The Handbook's growth is the projection file's growth rounded to a whole percent."""
    row = _ep_row(file, "29-2072")
    as_number = lambda cell: float(str(cell).replace(",", ""))  # noqa: E731
    figure = FIGURES[figure_id]
    assert float(figure["value_precise"]) == as_number(row[percent])
    unrounded = as_number(row[change]) / as_number(row[base]) * 100
    assert float(figure["value"]) == round(unrounded)
    assert float(figure["value"]) == float(int(float(figure["value"])))
