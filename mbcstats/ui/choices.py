"""Widgets whose values live in the URL, so that a shared link reopens the same view."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from mbcstats.markdown_text import literal

MAX_PARAM_LENGTH = 80
# This run's choices, key -> (label, the choice in words): what a download says made it (blocks.download_buttons).
CHOICES = "_mbcstats_view_choices"


def _remember(key: str, label: str, words: str) -> None:
    st.session_state.setdefault(CHOICES, {})[key] = (label, words)


def view_choices() -> dict[str, tuple[str, str]]:
    """The choices made on this page in this run, in the order they were drawn."""
    return dict(st.session_state.get(CHOICES, {}))


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
    _remember(key, label, str(format_func(value)))
    return value


def url_multi_choice(label: str, options: Sequence[str], key: str, format_func: Callable[[str], str] = str) -> list[str]:
    """A multiselect whose choices live in the URL (as their codes; `format_func` gives what the reader sees); values
    in the link that are not options are ignored with a notice."""
    options = list(options)
    raw = st.query_params.get_all(key)
    bad = [value for value in raw if value not in options]
    if bad:
        shown = ", ".join(literal(value[:MAX_PARAM_LENGTH]) for value in bad[:5])
        st.info(f"Ignored the link's value(s) for {literal(key)} that are not choices: {shown}.")
    if key not in st.session_state or any(v not in options for v in st.session_state[key]):
        st.session_state[key] = [value for value in raw if value in options]
    values = st.multiselect(label, options, key=key, format_func=format_func)
    _write_param(key, values or None)
    _remember(key, label, ", ".join(map(str, map(format_func, values))) or "all")
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
    """Drop the link parameters this page does not use, with a notice; every page calls it first, so it also starts
    the record of this run's choices."""
    st.session_state[CHOICES] = {}
    unknown = [name for name in st.query_params.keys() if name not in known]
    if unknown:
        names = ", ".join(literal(name[:MAX_PARAM_LENGTH]) for name in unknown[:5])
        st.info(f"Ignored link parameter(s) this page does not use: {names}.")
        for name in unknown:
            del st.query_params[name]


def occupation_choice(column, detail) -> str:
    """The occupation of a page of OEWS detail (coders first, then billers and the others with detail), in the given
    column; it lives in the URL."""
    from mbcstats import pay, places
    from mbcstats.ui.data import computed

    occupations = computed(places.occupations_with_detail, detail)
    with column:
        return url_choice(st.selectbox, "Occupation", list(occupations), key="occupation", default=pay.CODERS,
                          format_func=occupations.get)


def url_filters(labels: dict[str, str], options: dict[str, list[str]], words: dict[str, dict[str, str]],
                per_row: int = 3, prefix: str = "") -> dict[str, list[str]]:
    """One URL-bound multiselect per filter (`labels`: filter -> label), `per_row` to a row; the URL key is the
    filter's name after `prefix`. Returns filter -> chosen values (empty: no filter on it)."""
    chosen = {}
    columns = st.columns(per_row)
    for position, (name, label) in enumerate(labels.items()):
        with columns[position % per_row]:
            chosen[name] = url_multi_choice(label, options[name], key=f"{prefix}{name}", format_func=words[name].get)
    return chosen
