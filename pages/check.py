"""Check a figure: every figure the articles quote, what it really is, and the newest comparable figure."""

import streamlit as st

from mbcstats import check, ui

ui.use_explicit_navigation()
st.title("Check a figure")
ui.ignore_unknown_params(["q"])
package, table = ui.figures()
quotes = ui.package(["article_quotes", "articles"])
checks = check.article_checks(table, quotes["article_quotes"], quotes["articles"],
                              package["known_releases"], package["sources"])

st.markdown("Type a number as an article writes it (51,090 or 51090 or $51K or 7%) or some words; "
            "leave it empty to list every figure the articles quote.")
query = st.text_input("Search by value or words", key="q", max_chars=ui.MAX_PARAM_LENGTH, bind="query-params")
found = check.search(checks, query)
st.markdown(f"{len(found)} of {len(checks)} quoted figures.")

for article, rows in found.groupby("article", sort=False):
    st.header(ui.escape_markdown(article))
    for _, row in rows.iterrows():
        with st.container(border=True):
            ui.check_card(row)

ui.download_buttons(found, package.version, "mbcstats-article-checks", key="checks", excel=False)
