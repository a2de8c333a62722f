"""What pages draw: chart blocks (chart, finding, data, download), grids, downloads, metric cards, source lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlencode

import pandas as pd
import pyarrow as pa
import streamlit as st

from mbcstats import export
from mbcstats.chart_blocks import ChartBlock, NoFigures
from mbcstats.markdown_text import escape_markdown, small_lines
from mbcstats.ui.choices import view_choices
from mbcstats.ui.data import computed


def source_lines(*texts: str | None) -> None:
    """Source lines under a figure, in one element: every element is a message the browser waits for."""
    st.markdown(small_lines(texts))


def metric_card(label: str, value: str, caption: str, change: str | None = None, change_source: str | None = None,
                newer: str | None = None) -> None:
    with st.container(border=True):
        st.metric(label, value, delta=change, delta_color="off")
        source_lines(caption, change_source, f"⚠ {newer}" if newer else None)


# Chart text in the theme's own text colour, light or dark, whichever the reader uses: Streamlit's chart
# grey (#808495) measured 3.7:1 on white, below WCAG AA's 4.5:1. Plotly writes colours inline, so the
# rule needs !important; text drawn inside bars keeps Plotly's contrasting colour.
# Charts are drawn at most 720 px wide, so that on paper one zoom (0.95) fits them to the printable width of US
# Letter and of A4 with 12 mm margins (703 px): a plotly chart keeps the pixel width it was drawn at when printed.
CHART_TEXT_STYLE = """<style>
.js-plotly-plot :is(.gtitle, .gtitle-subtitle, .xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text,
  .annotation-text, .cbaxis text, .bartext-outside) { fill: currentColor !important; }
[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) { max-width: 720px !important; }
@page { margin: 12mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stExpander"], [data-testid="stElementToolbar"], [data-testid="stBottom"], .modebar-container
    { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { margin: 0 !important; padding: 0 !important; max-width: 100% !important; }
  [data-testid="stPlotlyChart"] { zoom: 0.95; break-inside: avoid; }
}
</style>"""


def page_styles() -> None:
    st.html(CHART_TEXT_STYLE)


def chart(function: Callable[..., ChartBlock], *arguments, version: str, **options) -> None:
    """`function`'s chart block, worked out once (`computed`) and drawn; where the data version has no figures for
    the choice, a notice says so in its place and the rest of the page is still drawn. The chart's place on the page
    is named by the function, or by its `key` option where a page draws two charts of one function."""
    try:
        block = computed(function, *arguments, **options)
    except NoFigures as missing:
        st.info(escape_markdown(str(missing)))
        return
    chart_block(block, version, slot=options.get("key", function.__name__))


def chart_block(block: ChartBlock, version: str, slot: str) -> None:
    """A chart with its finding, the table it draws and a CSV download of exactly that data. `slot` names the chart's
    place on the page, the same whatever the reader chooses, so an open table stays open when the choice changes
    (a choice with no figures shows a notice instead, and the table is closed when the chart comes back)."""
    st.markdown(escape_markdown(block.finding))
    st.plotly_chart(block.figure, key=f"chart-{block.key}", alt=block.finding,
                    # Only the PNG download in the chart's toolbar: fewer stops for keyboard users.
                    config={"displaylogo": False, "modeBarButtons": [["toImage"]],
                            "toImageButtonOptions": {"filename": block.key}})
    data = drawn_when_open("Data behind this chart", key=f"data-behind-{slot}")
    if data:
        with data:
            grid(block.table, key=f"table-{block.key}")
    download_buttons(block.rows, version, f"mbcstats-{block.key}", key=block.key, excel=False,
                     title=f"Data behind the chart: {block.finding}")


def drawn_when_open(label: str, key: str, open_at_first: bool = False):
    """An expander to draw into while it is open, else None. A closed expander's contents would still be built,
    sent and drawn on every run, and a page's grids and filters cost its load more than anything but its charts
    (docs/performance.md). Opening or closing it reruns the page, and `key` keeps it as the reader left it.
    `open_at_first` opens it when the page is first drawn (a shared link that names choices inside it). It is set
    through the session state, not `expanded`: an expander whose `expanded` changes is a new one, closed again."""
    if open_at_first and key not in st.session_state:
        st.session_state[key] = True
    section = st.expander(label, key=key, on_change="rerun")
    return section if section.open else None


def arrow_table(frame: pd.DataFrame, columns: tuple[str, ...] | None = None) -> pa.Table:
    """The Arrow table st.dataframe makes of the frame (or of those of its columns), index kept as pyarrow keeps it."""
    return pa.Table.from_pandas(frame if columns is None else frame[list(columns)])


def grid(frame: pd.DataFrame, key: str, columns: Sequence[str] | None = None, **options) -> None:
    """A grid of a cached frame (or of those of its columns), without its index. Handed to st.dataframe as the
    Arrow table it would make, made once per frame and not on every run (making it on every run slowed the
    Data page, whose preview is the largest grid)."""
    st.dataframe(computed(arrow_table, frame, tuple(columns) if columns else None), hide_index=True, key=key, **options)


def view_link(pinned: dict[str, str] | None = None) -> str:
    """The address that reopens this view: the page's address with its choices from the URL, and `pinned` choices
    (such as the data version a download comes from) even where the URL leaves them at their default."""
    params = [(name, value) for name in st.query_params.keys() if name not in (pinned or {})
              for value in st.query_params.get_all(name)]
    params += [(name, value) for name, value in (pinned or {}).items() if value]
    query = urlencode(params)
    base = st.context.url or ""  # None where no browser asked for the page (a test run)
    return f"{base}?{query}" if query else base or "this page, with its default choices"


def download_buttons(rows: pd.DataFrame, version: str, name: str, key: str, excel: bool = True, *, title: str = "",
                     parts: Sequence = (), filters: Sequence[tuple[str, str]] | None = None,
                     pinned: dict[str, str] | None = None) -> None:
    """The rows with provenance as a CSV zip (the CSV, a datapackage.json of exactly its columns and a README) and,
    where `excel`, an Excel workbook with an about sheet. Each says what made it: `filters` (by default the choices
    made on the page), the link that reopens the view, the data version and the citation; its file name says what
    is inside (`name`, then `parts`, then the version). The files are built when clicked, not on every run: building
    them eagerly was most of the Data page's run, and a file fetched on draw could 404 under load."""
    stem = export.download_name(name.removeprefix("mbcstats-"), version, parts)
    chosen = tuple(filters) if filters is not None else tuple(view_choices().values())
    about = export.About(title or name.removeprefix("mbcstats-").replace("-", " ").capitalize(), version,
                         view_link(pinned), chosen)
    columns = st.columns(2 if excel else 1)
    columns[0].download_button("Download CSV (zip, with sources)",
                               lambda: export.to_csv_zip(export.download_frame(rows, version), about, stem),
                               f"{stem}.zip", "application/zip", key=f"csv-{key}", on_click="ignore")
    if excel:
        columns[1].download_button(
            "Download Excel (with sources)", lambda: export.to_xlsx_bytes(export.download_frame(rows, version), about),
            f"{stem}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{key}",
            on_click="ignore")


def package_download(version: str) -> None:
    """The whole data package as of `version` in one zip (package_export), said what it holds, built when clicked."""
    from mbcstats import package_export
    from mbcstats.ui.data import data_dir

    st.markdown(escape_markdown(package_export.WHAT_IS_IN_IT.format(version=version)))
    st.download_button("Download the whole data package (zip)", lambda: package_export.export_bytes(data_dir(), version),
                       package_export.file_name(version), "application/zip", key=f"package-{version}", on_click="ignore")


def check_cards(sections: list[tuple[str, str]]) -> None:
    """The Check page's articles: each a heading and one box of its checked quotes (markdown_text.check_sections)."""
    for heading, cards in sections:
        st.header(heading, anchor=False)  # an anchor's address would be made of the article's title
        with st.container(border=True):
            st.markdown(cards)
