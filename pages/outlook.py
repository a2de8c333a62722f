"""Outlook: projection editions side by side, and the two kinds of job count."""

import streamlit as st

from mbcstats import chart_blocks, outlook, pay, ui

ui.use_explicit_navigation()
st.title("Outlook")
ui.ignore_unknown_params(["measure"])
package, table = ui.figures()

measure = ui.url_choice(st.radio, "Show", list(outlook.OUTLOOK_MEASURES), key="measure", default="ep_growth",
                        format_func=outlook.OUTLOOK_MEASURES.get, horizontal=True)
st.header("Projection editions side by side")
ui.chart(chart_blocks.projection_editions, table, measure, version=package.version)

st.header("Two kinds of job count")
st.markdown(ui.escape_markdown(outlook.JOB_COUNT_EXPLANATION))
counts = ui.computed(outlook.job_counts, table, pay.CODERS)
for column, (label, value, caption) in zip(st.columns(max(len(counts), 1)), ui.computed(outlook.count_cards, counts)):
    with column:
        ui.metric_card(label, value, caption)
ui.download_buttons(counts, package.version, "mbcstats-job-counts", key="job-counts")
