"""Check a figure: every figure the articles quote, what it really is, and the newest comparable figure."""

import streamlit as st

from mbcstats import article_checks, ui

ui.use_explicit_navigation()
st.title("Check a figure")
ui.ignore_unknown_params(["q"])
package, checks = ui.article_checks()
if checks.empty:
    st.markdown("No article quotes are in this data version.")
    st.stop()

st.markdown(ui.escape_markdown(ui.computed(article_checks.search_help, checks)))
query = st.text_input("Search by value or words", key="q", max_chars=ui.MAX_PARAM_LENGTH, bind="query-params")
found = ui.computed(article_checks.search, checks, query)
st.markdown(f"{len(found)} of {len(checks)} quoted figures.")
ui.check_cards(ui.computed(ui.check_sections, found))

ui.download_buttons(found, package.version, "mbcstats-article-checks", key="checks", excel=False,
                    title="Figures the articles quote, checked", filters=[("Search", query or "none: every quoted figure")],
                    parts=[[query]] if query else ())
