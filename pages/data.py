"""Data: filter the figures, preview them and download them (or the whole package) with their provenance."""

import streamlit as st

from mbcstats import history, ui
from mbcstats.figures import COLUMN_WORDS, changes_with_provenance, filter_figures, filter_labels, filter_options, repeated_text_as_categories

ui.use_explicit_navigation()
st.title("Data")
ui.ignore_unknown_params(["version", "occupation", "measure", "statistic", "source", "period", "from", "to"])
package = ui.package()
versions = history.sorted_versions(package["versions"]["version"])
version = ui.url_choice(st.selectbox, "Data version (figures as of)", versions, key="version", default=versions[-1])
package, table = ui.figures(version)

options = ui.computed(filter_options, table)
words = ui.computed(filter_labels, table, package["sources"])
labels = {"occupation": "Occupation (SOC code)", "measure": "Measure", "statistic": "Statistic",
          "source": "Source", "period": "Period"}
chosen = {}
columns = st.columns(3)
for position, (name, label) in enumerate(labels.items()):
    with columns[position % 3]:
        chosen[name] = ui.url_multi_choice(label, options[name], key=name, format_func=words[name].get)

rows = ui.computed(filter_figures, table, **{name: tuple(values) for name, values in chosen.items()})
st.markdown(f"{len(rows)} of {len(table)} figures in data version {ui.escape_markdown(version)}.")
ui.grid(ui.computed(repeated_text_as_categories, rows), key="data-preview", column_config=COLUMN_WORDS)
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
