"""Industries: where coders and billers work nationally and which industries pay them most, one industry level at a
time (never two levels added up), each industry's mean wage tested against the nation's sampling error."""

import streamlit as st

from mbcstats import industries, pay, place_blocks, ui

ui.use_explicit_navigation()
st.title("Industries")
ui.ignore_unknown_params(["occupation", "basis", "level"])
package, table = ui.figures()
detail = ui.detail()

left, middle, right = st.columns(3)
occupation = ui.occupation_choice(left, detail)
with middle:
    level = ui.url_choice(st.radio, "Industry level", list(industries.LEVEL_CHOICES), key="level", default="3-digit",
                          format_func=industries.LEVEL_CHOICES.get, horizontal=True)
with right:
    basis = ui.url_choice(st.radio, "Pay", list(pay.BASES), key="basis", default="annual", format_func=str.capitalize,
                          horizontal=True)
st.markdown(ui.escape_markdown(industries.INDUSTRIES_NOTE))

st.header("Industries with the most jobs")
ui.chart(place_blocks.industry_ranking, table, detail, occupation, level, "employment", basis, key="most-jobs",
         version=package.version)

st.header("Top paying industries")
ui.chart(place_blocks.industry_ranking, table, detail, occupation, level, "pay", basis, key="top-paying",
         version=package.version)
