"""The fact sheet prints on one page, Letter and A4, in Debian's Chromium."""

import subprocess
from datetime import date

import pytest

from mbcstats import factsheet, headlines, load_package
from mbcstats.figures import figure_table

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("occupation", ["29-2072", "43-3021"])
def test_the_fact_sheet_prints_on_one_page(tmp_path, browser, paper, occupation):
    package = load_package()
    table = figure_table(package)
    cards = headlines.headlines(table, occupation, package["known_releases"], package["sources"])
    html = factsheet.build(table, package["sources"], package.version, occupation, occupation, cards, today=date.today())
    path = tmp_path / "sheet.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format=paper)
    page.close()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1
