"""Every page of the dashboard in a real Chromium: renders cleanly, draws its charts, shows its key
figures with source and period, offers downloads that carry their provenance, and fits a phone.

Each page is opened once (1280 px, light) and shared by the checks on it; the dark screenshot
switches that page's colour scheme live, and the printed page is that page with print media emulated
(test_phone.py opens the phone-sized ones). Expected figures
are read from data/*.csv with the csv module, never from the app's own code. Known app bugs are
listed in KNOWN_BUGS and show as strict expected failures.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import (
    SCREENSHOTS,
    _version_key,
    figures_by_id,
    latest_version,
    new_page,
    percent,
    read_csv,
    screenshot_full,
    source_labels,
    thousands,
    usd,
    wait_rendered,
)
from tests.factsheet_reading import read_pdf

pytestmark = pytest.mark.browser

PAGES = {
    # name: URL path, the page's own h1, number of Plotly charts, least number of download buttons.
    # Streamlit serves the default page at the root URL; "/overview" is tested in test_links.py.
    "overview": dict(path="/", title="Medical billing and coding: the figures and their sources", charts=0, downloads=1),
    "pay": dict(path="/pay", title="Pay comparison", charts=4, downloads=4),
    "outlook": dict(path="/outlook", title="Outlook", charts=1, downloads=3),
    "work_settings": dict(path="/work_settings", title="Work settings", charts=2, downloads=3),
    "places": dict(path="/places", title="States and areas", charts=2, downloads=4),
    "industries": dict(path="/industries", title="Industries", charts=2, downloads=2),
    "check": dict(path="/check", title="Check a figure", charts=0, downloads=1),
    "data": dict(path="/data", title="Data", charts=0, downloads=3),
    "sources": dict(path="/sources", title="Sources and methods", charts=0, downloads=2),
}

PROVENANCE_COLUMNS = ["source", "source_publisher", "source_edition", "verification", "data_version", "citation"]
FORMULA_PREFIXES = ("=", "+", "-", "@")

# Known app bugs, each a strict expected failure: `known_bug` fails the test again once the
# bug stops showing, so the entry can be removed.
KNOWN_BUGS: dict[tuple, tuple[str, str]] = {}  # key -> (why, pattern of the problem it explains); none open


def known_bug(key: tuple, problems: list[str]) -> None:
    """Pass when there are no problems; xfail when only a listed bug shows; fail otherwise,
    including when a listed bug no longer shows (remove it from KNOWN_BUGS then)."""
    if key not in KNOWN_BUGS:
        assert problems == [], "\n".join(problems)
        return
    reason, pattern = KNOWN_BUGS[key]
    if not problems:
        pytest.fail(f"known app bug {key} no longer shows: remove it from KNOWN_BUGS")
    unexpected = [problem for problem in problems if not re.match(pattern, problem)]
    assert unexpected == [], "\n".join(unexpected)
    pytest.xfail(f"known app bug {key}: {reason} Found: {problems}")


@pytest.fixture(scope="module", params=list(PAGES))
def loaded(request, browser, server, shared_context):
    """One page, opened and rendered once, shared by this module's checks on it (pytest groups them)."""
    name = request.param
    opened = new_page(browser, name, width=1280, scheme="light", context=shared_context(1280, "light"))
    opened.goto(server + PAGES[name]["path"])
    yield opened
    opened.close()


# ---------------------------------------------------------------------------------------
# Renders
# ---------------------------------------------------------------------------------------

def test_renders_cleanly(loaded):
    page = loaded.page
    assert loaded.blocked == [], f"requests tried to leave localhost: {loaded.blocked}"
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    assert loaded.console_errors == [], loaded.console_errors
    assert loaded.page_errors == [], loaded.page_errors
    heading = page.locator('[data-testid="stMain"] h1').first
    assert heading.is_visible()
    assert heading.inner_text().strip() == PAGES[loaded.name]["title"]
    assert page.title().startswith("mbcstats"), page.title()


def test_navigation_lists_exactly_the_tested_pages(loaded):
    """The sidebar on every page links to every page, and these tests cover each one (a new page fails here)."""
    hrefs = loaded.page.eval_on_selector_all('[data-testid="stSidebarNav"] a', "links => links.map(a => a.href)")
    paths = {urlparse(href).path for href in hrefs}
    assert paths == {page["path"] for page in PAGES.values()}, f"navigation {sorted(paths)} vs tested {sorted(PAGES)}"


# ---------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------

_CHART_FACTS = """
plot => {
  const svg = plot.querySelector('svg.main-svg');
  const marks = [...plot.querySelectorAll('.main-svg .trace path, .main-svg path.point, .main-svg .point path, .main-svg .bars path')]
    .filter(path => { const d = path.getAttribute('d') || ''; return d.length > 4 && !d.includes('NaN'); });
  return {hasSvg: !!svg, marks: marks.length,
          annotations: [...plot.querySelectorAll('.gtitle-subtitle, .annotation-text')].map(node => node.textContent)};
}
"""

# Text Plotly draws outside its svg is clipped: titles, annotations (the source line), legend entries.
# A text box's top includes the font's internal leading (no ink), so up to 40 % of the font size may
# stick out above; the sides and the bottom (descenders) get 1 px.
CLIPPED_TEXT = """
() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((plot, index) => {
  const box = plot.getBoundingClientRect();
  return [...plot.querySelectorAll('.gtitle, .gtitle-subtitle, .annotation-text, .legendtext, .g-xtitle text, .g-ytitle text, .bartext')]
    .filter(node => node.textContent.trim() !== '')
    .map(node => ({node, r: node.getBoundingClientRect(), leading: 0.4 * parseFloat(getComputedStyle(node).fontSize || '12')}))
    .filter(({r, leading}) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - leading
                              || r.bottom > box.bottom + 1)
    .map(({node, r}) => `chart ${index}: ${node.getAttribute('class')} '${node.textContent.slice(0, 60)}' overflows ` +
         `left ${Math.round(box.left - r.left)} right ${Math.round(r.right - box.right)} ` +
         `top ${Math.round(box.top - r.top)} bottom ${Math.round(r.bottom - box.bottom)} px`);
})
"""


def test_every_chart_draws(loaded):
    plots = loaded.page.locator(".js-plotly-plot")
    assert plots.count() == PAGES[loaded.name]["charts"]
    for index in range(plots.count()):
        facts = plots.nth(index).evaluate(_CHART_FACTS)
        assert facts["hasSvg"], f"chart {index} has no svg"
        assert facts["marks"] > 0, f"chart {index} draws no bar or point"
        sources = [text for text in facts["annotations"] if text.startswith("Source:")]
        assert sources, f"chart {index} has no in-figure 'Source:' line: {facts['annotations']}"
        assert len(sources[0].strip()) > len("Source:"), sources
    known_bug(("chart-text", loaded.name, loaded.width), loaded.page.evaluate(CLIPPED_TEXT))


# ---------------------------------------------------------------------------------------
# Key figures, each with its source and period (expected values read from data/*.csv)
# ---------------------------------------------------------------------------------------

_CARD_TEXTS = """
value => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
  .filter(node => node.innerText.trim() === value)
  .map(node => (node.closest('[data-testid="stVerticalBlock"]') || node).innerText)
"""


def _latest(pattern: str) -> dict[str, str]:
    """The figures.csv row with the newest year among ids matching `pattern` (its first group is the year)."""
    matches = [(int(m.group(1)), row) for fid, row in figures_by_id().items() if (m := re.fullmatch(pattern, fid))]
    assert matches, f"no figure id matches {pattern}"
    return max(matches, key=lambda pair: pair[0])[1]


def _card_expectation(row: dict[str, str], value_text: str) -> dict:
    return dict(kind="card", value=value_text,
                texts=[row["period"], f"Source: {source_labels()[row['source_id']]}"])


def expected_key_figures(name: str) -> list[dict]:
    version = latest_version()
    if name == "overview":
        row = _latest(r"oews-m(\d{4})-29-2072-a_median")
        return [_card_expectation(row, usd(row["value"]))]
    if name == "pay":
        row = _latest(r"oews-m(\d{4})-29-2072-a_median")
        return [dict(kind="text", texts=[f"coders (29-2072) {usd(row['value'])}", row["period"],
                                         f"({source_labels()[row['source_id']]})"])]
    if name == "outlook":
        row = _latest(r"ep-(\d{4})-\d{2}-29-2072-employment_base")
        return [_card_expectation(row, thousands(row["value"]))]
    if name == "work_settings":
        rows = [r for r in read_csv("figures.csv") if r["measure"] == "remote_share"
                and r["occupation_code"] == "29-2072" and r["verification"] != "unsourced"]
        row = max(rows, key=lambda r: int(r["year"]))
        return [_card_expectation(row, percent(row["value"]))]
    if name == "places":
        row = _latest(r"oews-m(\d{4})-29-2072-a_median")
        return [dict(kind="text", texts=[f"United States {usd(row['value'])} ({source_labels()[row['source_id']]})",
                                         row["period"]])]
    if name == "industries":  # the 3-digit industry with the most coders, from industries.csv and oews_detail.csv
        three_digit = {r["industry_code"] for r in read_csv("industries.csv") if r["level"] == "3-digit"}
        rows = [r for r in read_csv("oews_detail.csv") if r["occupation_code"] == "29-2072" and r["area_type"] == "national"
                and r["industry_code"] in three_digit and r["measure"] == "oews_employment" and r["statistic"] == "count"
                and r["value"]]
        top = max(rows, key=lambda r: float(r["value"]))
        return [dict(kind="text", texts=[f"{top['industry_name']} employs the most", f"{float(top['value']):,.0f} jobs",
                                         top["period"], source_labels()[top["source_id"]]])]
    if name == "check":
        quotes = read_csv("article_quotes.csv")
        count = len(quotes) - len({row["supersedes"] for row in quotes} - {""})  # a corrected quote is shown once
        return [dict(kind="text", texts=[f"{count} of {count} quoted figures."])]
    if name == "data":
        # The figures a reader of the newest version sees: added by then, not superseded.
        limit = _version_key(version["version"])
        added = [r for r in read_csv("figures.csv") if _version_key(r["added_in"]) <= limit]
        superseded = {r["supersedes"] for r in added if r["supersedes"]}
        count = sum(r["figure_id"] not in superseded for r in added)
        return [dict(kind="text", texts=[f"{count} of {count} figures in data version {version['version']}"])]
    if name == "sources":
        return [dict(kind="text", texts=[f"data version {version['version']}"]),
                dict(kind="sidebar", texts=[f"Data version {version['version']}, released {version['released']}"])]
    raise KeyError(name)


def test_key_figures_with_source_and_period(loaded):
    page = loaded.page
    for expected in expected_key_figures(loaded.name):
        if expected["kind"] == "card":
            cards = page.evaluate(_CARD_TEXTS, expected["value"])
            assert cards, f"no figure card shows {expected['value']!r}"
            assert any(all(text in card for text in expected["texts"]) for card in cards), \
                f"no card with {expected['value']!r} also shows {expected['texts']}: {cards}"
        elif expected["kind"] == "text":
            blocks = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').all_inner_texts()
            assert any(all(text in block for text in expected["texts"]) for block in blocks), \
                f"no paragraph shows all of {expected['texts']}"
        else:
            sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
            assert all(text in sidebar for text in expected["texts"]), sidebar


# ---------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------

def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _read_download(path, filename: str) -> tuple[list[str], list[list]]:
    if filename.endswith(".xlsx"):
        import openpyxl

        workbook = openpyxl.load_workbook(path)  # not data_only: a formula would read as "=..."
        sheet = workbook["data"] if "data" in workbook.sheetnames else workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        return [str(c) for c in rows[0]], rows[1:]
    if filename.endswith(".zip"):  # a CSV with its datapackage.json and README
        import zipfile

        with zipfile.ZipFile(path) as archive:
            text = archive.read(filename.removesuffix(".zip") + ".csv").decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _table_problems(filename: str, header: list[str], rows: list[list]) -> list[str]:
    problems = []
    if not rows:
        problems.append(f"{filename}: no data rows")
    problems += [f"{filename}: missing provenance column {c!r}" for c in PROVENANCE_COLUMNS if c not in header]
    for line, row in enumerate(rows, start=2):
        for column, cell in zip(header, row):
            if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) and not _is_number(cell):
                problems.append(f"{filename} line {line} column {column}: cell starts a formula: {cell[:40]!r}")
    return problems


def _pdf_problems(filename: str, path) -> list[str]:
    """A PDF download (the overview's fact sheet): one page that names its sources and data version."""
    read = read_pdf(path.read_bytes())
    version = latest_version()["version"]
    problems = [f"{filename}: {read.pages} pages"] if read.pages != 1 else []
    if "Source" not in read.text:
        problems.append(f"{filename}: names no source")
    if version not in read.text:
        problems.append(f"{filename}: does not name data version {version}")
    return problems


def test_downloads_carry_provenance(loaded, tmp_path):
    page = loaded.page
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    # At least the buttons the page is known to offer; every one present is clicked and checked.
    assert buttons.count() >= PAGES[loaded.name]["downloads"]
    problems, names = [], []
    for index in range(buttons.count()):
        buttons.nth(index).scroll_into_view_if_needed()
        with page.expect_download(timeout=20_000) as info:
            buttons.nth(index).click()
        download = info.value
        assert download.failure() is None, download.failure()
        filename = download.suggested_filename
        names.append(filename)
        target = tmp_path / f"{index}-{filename}"
        download.save_as(target)
        if filename.endswith(".pdf"):
            problems += _pdf_problems(filename, target)
        elif re.fullmatch(r"mbcstats-data-[0-9.]+\.zip", filename):  # the whole package (tests/unit/test_package_export.py)
            with zipfile.ZipFile(target) as archive:
                held = {name.split("/", 1)[1] for name in archive.namelist()}
            problems += [f"{filename}: no {name}" for name in ("datapackage.json", "README.md", "CHANGELOG.md",
                                                              "figures.csv") if name not in held]
        else:
            problems += _table_problems(filename, *_read_download(target, filename))
    assert loaded.blocked == [] and loaded.console_errors == [] and loaded.page_errors == []
    assert len(set(names)) == len(names), f"two downloads share a file name: {names}"
    known_bug(("downloads", loaded.name), problems)


# ---------------------------------------------------------------------------------------
# Screenshots: 1280 light and dark
# ---------------------------------------------------------------------------------------

_APP_BACKGROUND = "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"

# The colour of each chart's in-figure source line, of its tick labels, and of every bar and marker.
_CHART_COLOURS = """
() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((plot, index) => {
  const fill = node => getComputedStyle(node).fill;  // what is drawn: stylesheet rules included
  const text = [['source line', [...plot.querySelectorAll('.gtitle-subtitle, .annotation-text')].find(n => n.textContent.startsWith('Source:'))],
                ['tick label', plot.querySelector('.xtick text, .ytick text')]]
    .filter(([, node]) => node).map(([what, node]) => ({chart: index, what, colour: fill(node)}));
  const marks = [...plot.querySelectorAll('.bars path, path.point')].map(fill)
    .filter((colour, i, all) => colour && colour !== 'none' && !colour.startsWith('url(') && all.indexOf(colour) === i)
    .map(colour => ({chart: index, what: 'bar or marker', colour}));
  return [...text, ...marks];
})
"""
# Text needs WCAG AA's 4.5:1; a bar or marker that carries its own label must at least be visible.
_LEAST_CONTRAST = {"source line": 4.5, "tick label": 4.5, "bar or marker": 1.5}


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(float(c)) for c in re.findall(r"[\d.]+", css)[:3])


def _contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    def luminance(rgb):
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _use_scheme(page, scheme: str) -> None:
    """Switch prefers-color-scheme on a loaded page; Streamlit's default theme follows it live."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(
        f"() => {{ const c = ({_APP_BACKGROUND})().match(/[\\d.]+/g).slice(0, 3).map(Number);"
        f" const mean = (c[0] + c[1] + c[2]) / 3; return {'mean < 100' if scheme == 'dark' else 'mean > 155'}; }}",
        polling=100, timeout=10_000)
    wait_rendered(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot(loaded, scheme):
    """The page loaded for this module, in light then (switched live) dark; test_phone.py screenshots the phone."""
    if scheme != loaded.scheme:
        _use_scheme(loaded.page, scheme)
    try:
        page = loaded.page
        background = _rgb(page.evaluate(_APP_BACKGROUND))
        assert (sum(background) / 3 < 100) == (scheme == "dark"), f"{scheme} scheme asked for, background {background}"
        colours = page.evaluate(_CHART_COLOURS)
        screenshot_full(page, SCREENSHOTS / f"{loaded.name}-{loaded.width}-{scheme}.png")
        assert loaded.problems() == []
        low = [f"chart {c['chart']} {c['what']} {c['colour']} on {background}: "
               f"{_contrast(_rgb(c['colour']), background):.2f}:1"
               for c in colours if _contrast(_rgb(c["colour"]), background) < _LEAST_CONTRAST[c["what"]]]
        known_bug(("contrast", loaded.name, scheme), low)
    finally:
        if scheme != loaded.scheme:
            _use_scheme(loaded.page, loaded.scheme)


# ---------------------------------------------------------------------------------------
# Paper
# ---------------------------------------------------------------------------------------

# US Letter and A4 in CSS pixels (96 to the inch), less the 12 mm margin each side the print stylesheet sets: a
# chart must fit the narrower.
MARGIN_PX = 12 / 25.4 * 96
PRINTABLE_WIDTH = min(8.5 * 96, 210 / 25.4 * 96) - 2 * MARGIN_PX

_DRAWN_WIDTHS = """() => [...document.querySelectorAll('.js-plotly-plot svg.main-svg:first-of-type')]
    .map(svg => svg.getBoundingClientRect().width)"""
_SIDEBAR_LINES = """() => (document.querySelector('[data-testid="stSidebar"]')?.innerText || '')
    .split('\\n').map(line => line.trim()).filter(line => line.length >= 25)"""


def test_a_printed_page_has_no_sidebar_and_every_chart_fits_the_paper(loaded):
    """Ctrl+P: printed to PDF at US Letter, the content comes without the sidebar, and no chart is wider than the
    printable area (measured with print media emulated: the boxes of the charts as drawn)."""
    opened, name = loaded, loaded.name
    try:
        sidebar = opened.page.evaluate(_SIDEBAR_LINES)
        assert sidebar, "the sidebar shows no text on screen: nothing to look for on paper"
        opened.page.emulate_media(media="print")
        widths = opened.page.evaluate(_DRAWN_WIDTHS)
        assert len(widths) == PAGES[name]["charts"]
        assert [round(width) for width in widths if width > PRINTABLE_WIDTH] == [], f"printable width {PRINTABLE_WIDTH:.0f} px"
        printed = read_pdf(opened.page.pdf(format="Letter"))
        assert PAGES[name]["title"] in printed.text
        assert [line for line in sidebar if " ".join(line.split()) in printed.text] == []
        assert opened.problems() == []
    finally:
        opened.page.emulate_media(media="screen")
