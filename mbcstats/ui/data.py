"""The data pages show: one data state pinned per script run, tables loaded once per process and state, pure
results worked out once, and a data problem as a clear message on the page."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mbcstats.figures import FIGURE_TABLES, figure_table
from mbcstats.load import DEFAULT_DATA_DIR, Package, load_tables
from mbcstats.markdown_text import escape_markdown
from mbcstats.memo import DataChanged, DataState, Memo, look, read_as_pinned
from mbcstats.validate import HOW_TO_CHECK, DataError

log = logging.getLogger(__name__)

# Shared by every session, once per process and data state (memo.Memo: Streamlit's own cache hashed each
# argument on every lookup, a cost paid many times a page run).
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


def tables_or_problem(names: Sequence[str]) -> Package | DataError | str:
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
    result = tables_or_problem(names)
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
    from mbcstats.article_checks import checked_quotes

    pkg, table = figures()
    quotes = package(["article_quotes", "articles", *FIGURE_TABLES])
    described = occupation_descriptions(pkg)
    return pkg, _checks.get(data_state(), lambda: checked_quotes(table, quotes["article_quotes"], quotes["articles"],
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
