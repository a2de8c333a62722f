"""Data: filter the figures, preview them and download them with their provenance."""

import streamlit as st

from mbcstats import ui
from mbcstats.figures import filter_figures, filter_options

ui.use_explicit_navigation()
st.title("Data")
ui.ignore_unknown_params(["version", "occupation", "measure", "statistic", "source", "period"])
package = ui.package()
versions = sorted(package["versions"]["version"], key=ui._version_key)
version = ui.url_choice(st.selectbox, "Data version (figures as of)", versions, key="version", default=versions[-1])
package, table = ui.figures(version)

options = filter_options(table)
labels = {"occupation": "Occupation (SOC code)", "measure": "Measure", "statistic": "Statistic",
          "source": "Source", "period": "Period"}
chosen = {}
columns = st.columns(3)
for position, (name, label) in enumerate(labels.items()):
    with columns[position % 3]:
        chosen[name] = ui.url_multi_choice(label, options[name], key=name)

rows = filter_figures(table, **chosen)
st.markdown(f"{len(rows)} of {len(table)} figures in data version {ui.escape_markdown(version)}.")
st.dataframe(rows, hide_index=True, key="data-preview")
ui.download_buttons(rows, version, f"mbcstats-figures-{version}", key="data")
