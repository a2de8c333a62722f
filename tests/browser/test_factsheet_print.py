"""The fact sheet prints on one page, Letter and A4, in Debian's Chromium."""

from datetime import date

import pytest

from mbcstats import factsheet, headlines, load_package
from mbcstats.figures import figure_table

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("occupation,state", [("29-2072", ""), ("43-3021", ""), ("29-2072", "Ohio")])
def test_the_fact_sheet_prints_on_one_page(tmp_path, browser, paper, occupation, state):
    from mbcstats import places

    package = load_package()
    table = figure_table(package)
    cards = headlines.headlines(table, occupation, package["known_releases"], package["sources"])
    extra = []
    if state:
        detail = places.detail_table(package)
        code = next(c for c, name in places.states(detail).items() if name == state)
        extra = factsheet.state_chart(table, detail, occupation, code)
        assert extra
    html = factsheet.build(table, package["sources"], package.version, occupation, occupation, cards, extra,
                           today=date.today(), title_suffix=state)
    path = tmp_path / "sheet.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format=paper)
    page.close()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1
