"""Work settings: the employer mix and remote work, with their caveats."""

import streamlit as st

from mbcstats import chart_blocks, places, ui, work_settings
from mbcstats.formatting import article_titles, name_articles
from mbcstats.headlines import headline
from mbcstats.pay import CODERS

ui.use_explicit_navigation()
st.title("Work settings")
ui.ignore_unknown_params([])
package, table = ui.figures()
articles = ui.package(["articles"])["articles"]  # cited notes name an article by its title

st.header("Where medical records specialists work")
ui.chart(chart_blocks.employer_mix, table, articles, version=package.version)
st.markdown(ui.escape_markdown(work_settings.SETTINGS_NOTE))

st.header("The same question in OEWS industry data")
detail = ui.detail()
ui.chart(chart_blocks.industry_employment, table, detail, CODERS, version=package.version)
compared = ui.computed(places.handbook_groups_in_oews, table, detail, CODERS)
st.markdown("The Handbook's groups beside the matching OEWS industries: two measures of one question, each labelled.")
ui.grid(compared, key="handbook-beside-oews", columns=work_settings.BESIDE_COLUMNS)
ui.download_buttons(compared, package.version, "mbcstats-handbook-beside-oews", key="handbook-oews", excel=False)

st.header("Remote work")
remote = ui.computed(headline, table, "Work remotely", CODERS, measure="remote_share", statistic="share")
if remote.latest is None:
    st.markdown("No remote-work figure in this data version.")
else:
    ui.metric_card(remote.label, remote.value_text, remote.caption)
    st.markdown(ui.escape_markdown(name_articles(remote.latest["note"], article_titles(articles))))
experience = ui.computed(work_settings.experience_before_remote, table)
if not experience.empty:
    st.markdown("**What the articles say about experience** (their own statements, no source named):")
    ui.grid(ui.computed(work_settings.experience_table, experience, articles), key="experience-table")
    ui.download_buttons(experience, package.version, "mbcstats-experience", key="experience", excel=False)
