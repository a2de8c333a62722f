"""Work settings: the employer mix and remote work, with their caveats."""

import streamlit as st

from mbcstats import settings, ui, views
from mbcstats.headlines import headline
from mbcstats.pay import CODERS

ui.use_explicit_navigation()
st.title("Work settings")
ui.ignore_unknown_params([])
package, table = ui.figures()

st.subheader("Where medical records specialists work")
ui.chart_block(views.employer_mix(table), package.version)
st.markdown(ui.escape_markdown(settings.SETTINGS_NOTE))

st.subheader("Remote work")
remote = headline(table, "Work remotely", CODERS, measure="remote_share", statistic="share")
if remote.latest is None:
    st.markdown("No remote-work figure in this data version.")
else:
    ui.metric_card(remote.label, remote.value_text, remote.caption)
    st.markdown(ui.escape_markdown(remote.latest["note"]))
experience = settings.experience_before_remote(table)
if not experience.empty:
    st.markdown("**What the articles say about experience** (their own statements, no source named):")
    st.dataframe(experience[["population", "setting", "statistic_label", "value", "unit", "source", "verification"]],
                 hide_index=True, key="experience-table")
    ui.download_buttons(experience, package.version, "mbcstats-experience", key="experience", excel=False)
