"""Data: filter the figures, preview them and download them (or the whole package) with their provenance."""

import streamlit as st

from mbcstats import history, industries, ui
from mbcstats.figures import (
    COLUMN_WORDS,
    changes_with_provenance,
    filter_figures,
    filter_labels,
    filter_options,
    reader_order,
    repeated_text_as_categories,
)

DETAIL = "detail_"  # the detail filters' URL parameters: detail_state, detail_industry, ...

ui.use_explicit_navigation()
st.title("Data")
ui.ignore_unknown_params(["version", "occupation", "measure", "statistic", "source", "period", "from", "to",
                          *(DETAIL + name for name in industries.DETAIL_FILTERS)])
package = ui.package()
versions = history.sorted_versions(package["versions"]["version"])
version = ui.url_choice(st.selectbox, "Data version (figures as of)", versions, key="version", default=versions[-1])
package, table = ui.figures(version)

options = ui.computed(filter_options, table)
words = ui.computed(filter_labels, table, package["sources"])
labels = {"occupation": "Occupation (SOC code)", "measure": "Measure", "statistic": "Statistic",
          "source": "Source", "period": "Period"}
chosen = ui.url_filters(labels, options, words)

rows = ui.computed(filter_figures, table, **{name: tuple(values) for name, values in chosen.items()})
st.markdown(f"{len(rows)} of {len(table)} figures in data version {ui.escape_markdown(version)}.")
ui.grid(ui.computed(repeated_text_as_categories, rows), key="data-preview", columns=reader_order(rows.columns),
        column_config=COLUMN_WORDS)
ui.download_buttons(rows, version, "mbcstats-figures", key="data", title=f"Figures of data version {version}",
                    parts=[chosen[name] for name in labels], pinned={"version": version})

st.header("The whole data package")
ui.package_download(version)

st.header("What changed between two data versions")
left, right = st.columns(2)
with left:
    old = ui.url_choice(st.selectbox, "From version", versions, key="from", default=versions[0])
with right:
    new = ui.url_choice(st.selectbox, "To version", versions, key="to", default=versions[-1])
changed = ui.computed(changes_with_provenance, package, old, new)
st.markdown(ui.escape_markdown(ui.computed(history.change_summary, changed, old, new)))
ui.grid(changed, key="changes-table", columns=history.CHANGE_COLUMNS, column_config=COLUMN_WORDS)
ui.download_buttons(changed, package.version, f"mbcstats-changes-{old}-to-{new}", key="changes", excel=False,
                    title=f"Figures that changed from data version {old} to {new}")

# Last, so that a broken detail table stops only this section (ui.detail shows the problem and stops the run).
st.header("States, areas and industries (OEWS May detail)")
st.markdown(industries.DETAIL_SECTION_NOTE)
linked = any(DETAIL + name in st.query_params for name in industries.DETAIL_FILTERS)  # a shared link with them opens it
section = ui.drawn_when_open("Filter, preview and download the detail", key="detail-section", open_at_first=linked)
if section:
    with section:
        detail = ui.detail()
        detail_options, detail_words = ui.computed(industries.detail_filter_options, detail), ui.computed(industries.detail_filter_labels, detail)
        detail_chosen = ui.url_filters(industries.DETAIL_FILTER_WORDS, detail_options, detail_words, per_row=4, prefix=DETAIL)
        detail_rows = ui.computed(industries.filter_detail, detail, **{name: tuple(values) for name, values in detail_chosen.items()})
        st.markdown(industries.detail_count_text(len(detail_rows), len(detail)))
        ui.grid(ui.computed(industries.detail_preview, detail_rows), key="detail-preview", columns=industries.DETAIL_PREVIEW_COLUMNS,
                column_config=industries.detail_column_words(COLUMN_WORDS))
        ui.download_buttons(detail_rows, versions[-1], "mbcstats-detail", key="detail", title="OEWS May detail by state, area and industry",
                            excel=len(detail_rows) <= industries.DETAIL_EXCEL_ROWS, parts=[detail_chosen[name] for name in ("occupation", "measure")])
