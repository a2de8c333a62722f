"""The one streamlit helper module: cached loading, data errors, URL-bound choices and chart blocks."""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mbcstats import export
from mbcstats.figures import FIGURE_TABLES, figure_table
from mbcstats.history import sorted_versions
from mbcstats.load import DEFAULT_DATA_DIR, Package, load_tables
from mbcstats.memo import DataChanged, DataState, Memo, look, read_as_pinned
from mbcstats.methods import contents_summary
from mbcstats.validate import HOW_TO_CHECK, DataError
from mbcstats.views import ChartBlock, NoFigures

log = logging.getLogger(__name__)

MAX_PARAM_LENGTH = 80


def use_explicit_navigation() -> None:
    """Make dashboard.py's st.navigation the only navigation, also on a first visit to a page's URL.

    Streamlit 1.67 treats a `pages/` folder beside the entry script as the old automatic
    multipage mode and, in that mode, runs a page's script directly, without dashboard.py
    (no shared sidebar, file names as page titles). Turning the mode off and rerunning once
    hands every visit to dashboard.py's st.navigation. A page run on its own (as AppTest runs
    one) has no dashboard.py to pin its data state, so it pins it here.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    ctx = get_script_run_ctx()
    if ctx is not None and Path(ctx.main_script_path).name != "dashboard.py":
        pin_data_state()


# Shared by every session, once per process and data state (memo.Memo: Streamlit's own cache hashed each
# argument on every lookup, ~0.2 ms a time, ten times a page run).
_packages, _details, _checks, _figure_tables, _results = Memo(8), Memo(4), Memo(4), Memo(16), Memo(256)
_PIN = "mbcstats-data-state"


def data_dir() -> Path:
    """The data package to show: MBCSTATS_DATA_DIR if set (tests, a staged release), else the shipped one."""
    return Path(os.environ.get("MBCSTATS_DATA_DIR") or DEFAULT_DATA_DIR)


def pin_data_state() -> None:
    """Look at the data files once, at the start of a script run (dashboard.py's first lines): everything the run
    shows comes from that state, and every session looks again on its next run, so an edited file shows without a
    restart."""
    st.session_state[_PIN] = look(data_dir())


def data_state() -> DataState:
    """This run's pinned data state; outside a script run (a test, a notebook), how the files look now."""
    if get_script_run_ctx() is None:
        return look(data_dir())
    if _PIN not in st.session_state:
        pin_data_state()
    return st.session_state[_PIN]


def _load(names: tuple[str, ...], state: DataState) -> Package | DataError:
    """The tables as the files were in `state`, kept for every session; DataChanged if the files changed since."""
    def load() -> Package | DataError:
        try:
            return load_tables(list(names), state.directory)
        except DataError as error:
            return error

    try:
        return _packages.get((names, state), lambda: read_as_pinned(state, load))
    except DataChanged:
        raise
    except Exception as error:  # a break the checks did not foresee: a message on the page, not a crash; not kept,
        log.exception("reading the data package in %s", state.directory)  # so the next run tries again
        return DataError("the data package", None, None,
                         f"it could not be read (an unexpected {type(error).__name__}; the server's log has the details)")


def _tables(names: Sequence[str]) -> Package | DataError | str:
    """The tables in this run's data state, the data's problem, or (as text) what is wrong with the data folder."""
    state = data_state()
    if state.problem:
        named = " (named by `MBCSTATS_DATA_DIR`)" if os.environ.get("MBCSTATS_DATA_DIR") else ""
        return (f"The data folder {escape_markdown(state.directory)}{named} {state.problem}. Point `MBCSTATS_DATA_DIR` "
                "at the data package's folder, or unset it to show the data shipped with the dashboard.")
    try:
        return _load(tuple(names), state)
    except DataChanged:  # the files changed after the run began: run again from their new state, nothing shown mixed
        st.rerun()


def package(names: Sequence[str] = FIGURE_TABLES) -> Package:
    """The tables a page needs, or a clear error on the page and a stop (the rest of the app keeps working)."""
    result = _tables(names)
    if isinstance(result, str):
        st.error(f"This page cannot be shown. {result}")
        st.stop()
    if isinstance(result, DataError):
        show_data_error(result)
        st.stop()
    return result


def detail() -> pd.DataFrame:
    """OEWS state, area and industry detail with provenance, built once per process and data state."""
    from mbcstats.places import DETAIL_TABLES, detail_table

    pkg = package(DETAIL_TABLES)
    return _details.get(data_state(), lambda: detail_table(pkg))


def article_checks() -> tuple[Package, pd.DataFrame]:
    """Every article quote checked, once per process and data state (not on every keystroke in the search box)."""
    from mbcstats.check import article_checks

    pkg, table = figures()
    quotes = package(["article_quotes", "articles", *FIGURE_TABLES])
    described = occupation_descriptions(pkg)
    return pkg, _checks.get(data_state(), lambda: article_checks(table, quotes["article_quotes"], quotes["articles"],
                                                                 quotes["known_releases"], quotes["sources"],
                                                                 described, quotes["occupations"]))


def occupation_descriptions(pkg: Package) -> pd.DataFrame:
    """O*NET's description of each occupation with its attribution (`occupations.described`), once per process and
    data state; none in a data version made before descriptions were added."""
    from mbcstats.occupations import DESCRIPTION_TABLES, described

    held = any(resource.get("name") == DESCRIPTION_TABLES[0] for resource in pkg.descriptor["resources"])
    return computed(described, package(DESCRIPTION_TABLES) if held else None)


# Every session shares one read-only table (st.cache_data would unpickle a copy per run).
def figures(version: str | None = None) -> tuple[Package, pd.DataFrame]:
    pkg = package()
    return pkg, _figure_tables.get((data_state(), version), lambda: figure_table(pkg, version))


def computed(function: Callable, *arguments, **options):
    """`function(*arguments, **options)` worked out once per process, data state and choices, shared by every session.

    For the pure functions of the data that pages call on every run (chart blocks, headline cards, comparison
    tables): rebuilding them was most of a page's run. DataFrame and Package arguments are identified by
    object, not hashed, so pass the cached ones from `figures()`, `detail()` or `package()` (a frame made on
    every run would never be found again). Every other argument (the reader's choices) is part of the key, by
    value: hashable, or a list of such values. The result is shared, so callers must not change it. Editing
    the code of a computed function does not clear its results: restart the server (a deploy does).
    """
    def identity(value):
        if isinstance(value, (pd.DataFrame, Package)):
            return ("data", id(value))
        if isinstance(value, list):  # a multiselect's choices
            return ("list", tuple(identity(item) for item in value))
        return value

    code = getattr(function, "__code__", None)  # two lambdas in one module share a qualname, not a line
    key = (function.__module__, function.__qualname__, code and (code.co_filename, code.co_firstlineno), data_state(),
           tuple(identity(value) for value in arguments), tuple(sorted((k, identity(v)) for k, v in options.items())))
    # The entry keeps its data arguments alive, so no other frame can take their id while the entry exists.
    return _results.get(key, lambda: (arguments, options, function(*arguments, **options)))[2]


def show_data_error(error: DataError) -> None:
    st.error(f"This page cannot be shown: the data has a problem.\n\n"
             f"**File:** {escape_markdown(error.file)}  \n**Line:** {error.line if error.line is not None else '–'}  \n"
             f"**Column:** {escape_markdown(error.column or '–')}  \n**Problem:** {escape_markdown(error.problem)}\n\n{HOW_TO_CHECK}")


# Where GitHub-flavoured Markdown would make a link of text (www., a scheme's ://, an e-mail's @) even with its
# punctuation escaped or written as character references (the autolinker reads the text they stand for). An empty
# span there (`:color[]{}` names no colour) splits the text, so no run of text holds a whole address.
_LINK_STARTS = re.compile(r"(?i)(?<=www)(?=\.)|(?=://)|(?=@)")
_NO_LINK = ":color[]{}"


def escape_markdown(text: str) -> str:
    """Text from data or the URL shown as text: no Markdown or HTML in it can take effect and no address in it
    becomes a link; it reads and copies as it is."""
    specials = "\\`*_{}[]()<>#+-.!|~$:"
    return _NO_LINK.join("".join("\\" + char if char in specials else char for char in piece)
                         for piece in _LINK_STARTS.split(str(text)))


def literal(text: str) -> str:
    """Text from the URL as a Markdown code span: shown exactly as typed, never a link (GitHub-flavoured Markdown
    turns a bare https://… or www.… into one even with its punctuation escaped), its whitespace runs made single
    spaces (a blank line would end the span), and invisible control and format characters shown as Python writes
    them escaped, \\u202e or \\x7f (U+202E and its kin would otherwise reverse how the rest of the notice reads)."""
    invisible = ("Cc", "Cf")
    text = "".join(char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) in invisible else char
                   for char in " ".join(str(text).split()))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def small_lines(texts) -> str:
    """Markdown for lines of small text in the theme's text colour (st.caption's grey fails WCAG AA), all as text."""
    return "\n\n".join(f":small[{escape_markdown(text)}]" for text in texts if text)


def source_lines(*texts: str | None) -> None:
    """Source lines under a figure, in one element: every element is a message the browser waits for."""
    st.markdown(small_lines(texts))


def url_choice(widget: Callable, label: str, options: Sequence[str], key: str, default: str,
               format_func: Callable[[str], str] = str, **kwargs):
    """A widget whose value lives in the URL as its option code, so a shared link reopens the same view.

    The link decides the first value in a session; a value that is not one of the options is
    ignored with a short notice. (Streamlit's own `bind` would put the formatted label in the URL.)
    """
    options = list(options)
    raw = st.query_params.get(key)
    if raw is not None and raw not in options:
        st.info(f"Ignored the link's value for {literal(key[:MAX_PARAM_LENGTH])}: "
                f"{literal(str(raw)[:MAX_PARAM_LENGTH])} is not one of the choices.")
    if st.session_state.get(key) not in options:
        st.session_state[key] = raw if raw in options else default
    value = widget(label, options, format_func=format_func, key=key, **kwargs)
    _write_param(key, None if value == default else value)
    return value


def url_multi_choice(label: str, options: Sequence[str], key: str) -> list[str]:
    """A multiselect whose choices live in the URL; values in the link that are not options are ignored with a notice."""
    options = list(options)
    raw = st.query_params.get_all(key)
    bad = [value for value in raw if value not in options]
    if bad:
        shown = ", ".join(literal(value[:MAX_PARAM_LENGTH]) for value in bad[:5])
        st.info(f"Ignored the link's value(s) for {literal(key)} that are not choices: {shown}.")
    if key not in st.session_state or any(v not in options for v in st.session_state[key]):
        st.session_state[key] = [value for value in raw if value in options]
    values = st.multiselect(label, options, key=key)
    _write_param(key, values or None)
    return values


def _write_param(key: str, value) -> None:
    """Keep the URL in step with a choice; the default leaves no parameter, so links stay short."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif (st.query_params.get_all(key) if isinstance(value, list) else st.query_params.get(key)) != value:
        st.query_params[key] = value


def pay_choices(statistic_column, basis_column) -> tuple[str, str]:
    """The wage statistic and the annual/hourly choice, in the given columns; both live in the URL."""
    from mbcstats import pay

    with statistic_column:
        statistic = url_choice(st.selectbox, "Statistic", pay.PAY_STATISTICS, key="statistic", default="median",
                               format_func=pay.STATISTIC_CHOICES.get)
    with basis_column:
        basis = url_choice(st.radio, "Pay", list(pay.BASES), key="basis", default="annual",
                           format_func=str.capitalize, horizontal=True)
    return statistic, basis


def ignore_unknown_params(known: Sequence[str]) -> None:
    unknown = [name for name in st.query_params.keys() if name not in known]
    if unknown:
        names = ", ".join(literal(name[:MAX_PARAM_LENGTH]) for name in unknown[:5])
        st.info(f"Ignored link parameter(s) this page does not use: {names}.")
        for name in unknown:
            del st.query_params[name]


def metric_card(label: str, value: str, caption: str, change: str | None = None, change_source: str | None = None,
                newer: str | None = None) -> None:
    with st.container(border=True):
        st.metric(label, value, delta=change, delta_color="off")
        source_lines(caption, change_source, f"⚠ {newer}" if newer else None)


# Chart text in the theme's own text colour, light or dark, whichever the reader uses: Streamlit's chart
# grey (#808495) measured 3.7:1 on white, below WCAG AA's 4.5:1. Plotly writes colours inline, so the
# rule needs !important; text drawn inside bars keeps Plotly's contrasting colour.
CHART_TEXT_STYLE = """<style>
.js-plotly-plot :is(.gtitle, .gtitle-subtitle, .xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text,
  .annotation-text, .cbaxis text, .bartext-outside) { fill: currentColor !important; }
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
    # Drawn only while open: a closed expander's grid would still be sent and drawn, and a page's grids cost its
    # load more than anything else but its charts (docs/performance.md).
    data = st.expander("Data behind this chart", expanded=False, key=f"data-behind-{slot}", on_change="rerun")
    if data.open:
        with data:
            grid(block.table, key=f"table-{block.key}")
    download_buttons(block.rows, version, f"mbcstats-{block.key}", key=block.key, excel=False)


def arrow_table(frame: pd.DataFrame, columns: tuple[str, ...] | None = None) -> pa.Table:
    """The Arrow table st.dataframe makes of the frame (or of those of its columns), index kept as pyarrow keeps it."""
    return pa.Table.from_pandas(frame if columns is None else frame[list(columns)])


def grid(frame: pd.DataFrame, key: str, columns: Sequence[str] | None = None, **options) -> None:
    """A grid of a cached frame (or of those of its columns), without its index. Handed to st.dataframe as the
    Arrow table it would make, made once per frame and not on every run (the Data page's preview took ~10 ms)."""
    st.dataframe(computed(arrow_table, frame, tuple(columns) if columns else None), hide_index=True, key=key, **options)


def download_buttons(rows: pd.DataFrame, version: str, name: str, key: str, excel: bool = True) -> None:
    """CSV (and Excel) of the rows with provenance. The files are built when clicked, not on every run:
    building them eagerly was most of the Data page's run, and a file fetched on draw could 404 under load."""
    columns = st.columns(2 if excel else 1)
    columns[0].download_button("Download CSV (with sources)", lambda: export.to_csv_bytes(export.download_frame(rows, version)),
                               f"{name}.csv", "text/csv", key=f"csv-{key}", on_click="ignore")
    if excel:
        def workbook() -> bytes:
            frame = export.download_frame(rows, version)
            about = {"data_version": version, "citation": export.citation(version), "rows": str(len(frame))}
            return export.to_xlsx_bytes(frame, about)

        columns[1].download_button(
            "Download Excel (with sources)", workbook, f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{key}", on_click="ignore")


def sidebar() -> None:
    """Data version and what it contains; a data problem shows here without stopping the page."""
    result = _tables(("versions", "sources"))
    with st.sidebar:
        if isinstance(result, str):
            st.warning(result)
            return
        if isinstance(result, DataError):
            st.warning(f"Data problem in {escape_markdown(result.file)}. {HOW_TO_CHECK}")
            return
        # One element, not one per line: every element is a message the browser waits for on each page.
        st.markdown(computed(sidebar_markdown, result))


def sidebar_markdown(data: Package) -> str:
    """The sidebar's text. Worked out once per data state (`computed`): the sidebar is drawn on every page's
    run, and building it was ~0.1 s of each (pandas row lookups), more than the rest of the Overview."""
    versions = data["versions"]
    latest = versions.loc[versions["version"] == sorted_versions(versions["version"])[-1]].iloc[0]
    lines = [*contents_summary(data["sources"]),
             "Every figure on every page names its source and period; the Data page lists what changed."]
    return (f"**Data version {escape_markdown(latest['version'])}**, released {escape_markdown(latest['released'])}"
            "\n\n**What it holds**\n\n" + small_lines(lines))


CHECK_FIELDS = [
    ("What it really is", "true_label"), ("Published value", "figure_value"), ("More precise value", "precise_value"),
    ("Source", "source"), ("Status", "status"), ("Correction", "correction"),
    ("What the occupation covers", "occupation_covers"),
    ("Newest comparable figure", "newest"), ("Change since", "change_to_newest"),
    ("Against the average", "all_occupations"), ("Newer release", "newer_release"),
]


def check_sections(found: pd.DataFrame) -> list[tuple[str, str]]:
    """Each article's heading and its quoted figures as one box's Markdown: for each, the article's words, then
    what the figure is, field by field (all shown as text). One element per article: one per card made the
    page slow to draw. Pure, so pages work it out once per search (`computed`)."""
    sections = []
    for article, rows in found.groupby("article", sort=False):
        cards = []
        for _, row in rows.iterrows():
            quote = (f"**{escape_markdown(row['quoted_text'])}** — “{escape_markdown(row['sentence'])}” "
                     f"(the article calls it {escape_markdown(row['article_label'])})")
            fields = [f"**{label}:** {escape_markdown(row[field])}" for label, field in CHECK_FIELDS if row[field]]
            cards.append(quote + "\n\n" + "  \n".join(fields))
        sections.append((escape_markdown(article), "\n\n---\n\n".join(cards)))
    return sections


def check_cards(sections: list[tuple[str, str]]) -> None:
    for heading, cards in sections:
        st.header(heading, anchor=False)  # an anchor's address would be made of the article's title
        with st.container(border=True):
            st.markdown(cards)
