"""States and areas: OEWS May pay by state (a map drawn offline, with a sortable table) and areas ranked."""

import streamlit as st

from mbcstats import chart_blocks, pay, places, ui

ui.use_explicit_navigation()
st.title("States and areas")
ui.ignore_unknown_params(["occupation", "statistic", "basis"])
package, table = ui.figures()
detail = ui.detail()

occupations = ui.computed(places.occupations_with_detail, detail)
left, middle, right = st.columns(3)
with left:
    occupation = ui.url_choice(st.selectbox, "Occupation", list(occupations), key="occupation", default=pay.CODERS,
                               format_func=occupations.get)
statistic, basis = ui.pay_choices(middle, right)

st.markdown(ui.escape_markdown(places.PLACES_NOTE))
st.header("Pay by state")
ui.chart(chart_blocks.state_map, table, detail, occupation, statistic, basis, version=package.version)

st.header("Metropolitan and nonmetropolitan areas")
ui.chart(chart_blocks.area_ranking, detail, occupation, statistic, basis, version=package.version)
