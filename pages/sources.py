"""Sources and methods: every source, how each figure was verified, definitions, caveats, how to cite."""

import streamlit as st

from mbcstats import methods, sampling_error, ui

ui.use_explicit_navigation()
st.title("Sources and methods")
ui.ignore_unknown_params([])
package = ui.package(["sources", "primary_files", "versions", "known_releases"])

st.header("Sources")
words = methods.column_words()
sources = ui.computed(methods.sources_table, package)
ui.grid(sources, key="sources-table", column_config={**words, "source_url": st.column_config.LinkColumn(words["source_url"])})
ui.download_buttons(sources, package.version, "mbcstats-sources", key="sources", excel=False, title="Sources")

st.header("How current the data is")
freshness = ui.computed(methods.freshness, package)
ui.grid(freshness, key="currency-table", column_config=words)
ui.download_buttons(freshness, package.version, "mbcstats-data-currency", key="currency", excel=False,
                    title="How current the data is")

st.header("Primary files and how figures were verified")
st.markdown(ui.escape_markdown(methods.VERIFICATION_INTRO))
# Short fixed lists as plain tables: no grid to load for them. Long tables stay grids (as HTML they drew slower).
st.table(ui.computed(methods.definitions, "verification"), hide_index=True)
st.table(ui.computed(methods.verification_kinds, package), hide_index=True)
ui.grid(ui.computed(methods.primary_files_table, package), key="files-table", column_config=words)

st.header("Definitions")
for name in ("statistic", "measure", "unit"):
    st.table(ui.computed(methods.definitions, name), hide_index=True)

st.header("Caveats")
for caveat in methods.CAVEATS:
    st.markdown(f"- {ui.escape_markdown(caveat)}")

st.header("How to cite")
st.markdown(ui.escape_markdown(ui.computed(methods.how_to_cite, package)))

st.header("Sampling error: is a difference real?")
st.markdown(sampling_error.METHOD)
