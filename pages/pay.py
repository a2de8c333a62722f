"""Pay comparison: coders, billers and all occupations, one statistic at a time."""

import streamlit as st

from mbcstats import chart_blocks, occupations, pay, ui
from mbcstats.formatting import article_titles, name_articles
from mbcstats.headlines import headline

ui.use_explicit_navigation()
st.title("Pay comparison")
ui.ignore_unknown_params(["statistic", "basis", "year"])
package, table = ui.figures()
articles = ui.package(["articles"])["articles"]  # cited notes name an article by its title

years = [str(year) for year in ui.computed(pay.pay_years, table)]
left, middle, right = st.columns(3)
statistic, basis = ui.pay_choices(left, middle)
with right:
    year = ui.url_choice(st.selectbox, "OEWS release (May of)", years, key="year", default=years[-1])

st.markdown(ui.escape_markdown(pay.COMPARISON_NOTE))
st.header("Coders, billers and all occupations")
ui.chart(chart_blocks.pay_comparison, table, statistic, basis, int(year), version=package.version)

st.header("Across releases")
ui.chart(chart_blocks.pay_over_time, table, statistic, basis, version=package.version)

st.header("The spread of pay")
ui.chart(chart_blocks.percentile_spread, table, basis, int(year), version=package.version)

st.header("Related occupations")
st.markdown("Occupations a counselor may compare against, with the same percentiles from the same release.")
related = tuple(ui.computed(pay.compared_occupations, table, basis, int(year)))
ui.chart(chart_blocks.percentile_spread, table, basis, int(year), related, key="related-spread", version=package.version)
with st.expander("What each of these occupations is, in O*NET's words", key="related-descriptions"):
    ui.source_lines(*ui.computed(occupations.related_lines, ui.occupation_descriptions(package), package["occupations"],
                                 related))

st.header("Certified vs not certified")
premium = ui.computed(headline, table, "Certification premium", pay.CODERS, measure="certification_premium",
                      statistic="premium_percent")
if premium.latest is None:
    st.markdown("No certification premium in this data version.")
else:
    ui.metric_card(premium.label, premium.value_text, premium.caption)
    st.markdown(ui.escape_markdown(name_articles(premium.latest["note"], article_titles(articles))))
