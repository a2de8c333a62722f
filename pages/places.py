"""States and areas: where the jobs are and what they pay (a map drawn offline, rankings with every place in a
sortable table) and one state or area beside the nation, with what sampling error allows one to say."""

import streamlit as st

from mbcstats import place_blocks, places, ui

ui.use_explicit_navigation()
st.title("States and areas")
ui.ignore_unknown_params(["occupation", "statistic", "basis", "map", "state", "where", "rank", "area"])
package, table = ui.figures()
detail = ui.detail()

left, middle, right = st.columns(3)
occupation = ui.occupation_choice(left, detail)
statistic, basis = ui.pay_choices(middle, right)
st.markdown(ui.escape_markdown(places.PLACES_NOTE))


def show_beside_nation(area_code: str, key: str) -> None:
    beside = ui.computed(places.place_beside_nation, table, detail, occupation, area_code, basis)
    st.markdown(ui.computed(places.beside_nation_markdown, beside))
    ui.source_lines(ui.computed(places.beside_nation_source, beside))
    ui.download_buttons(beside, package.version, f"mbcstats-{key}-{area_code}", key=key, excel=False)


st.header("Where the jobs are, by state")
measure = ui.url_choice(st.radio, "Colour the map by", list(place_blocks.MAP_CHOICES), key="map", default="pay",
                        format_func=place_blocks.MAP_CHOICES.get, horizontal=True)
map_column, state_column = st.columns([3, 2])
with map_column:
    ui.chart(place_blocks.state_map, table, detail, occupation, statistic, basis, measure=measure, version=package.version)
with state_column:
    state_names = ui.computed(places.states, detail)
    state = ui.url_choice(st.selectbox, "A state beside the nation", list(state_names), key="state",
                          default=next(iter(state_names)), format_func=state_names.get)
    show_beside_nation(state, "state-beside")

st.header("Rankings")
where_column, rank_column = st.columns(2)
with where_column:
    where = ui.url_choice(st.radio, "Places", ["states", "areas"], key="where", default="states", horizontal=True,
                          format_func={"states": "States", "areas": "Metropolitan and nonmetropolitan areas"}.get)
with rank_column:
    by = ui.url_choice(st.radio, "Ranked by", list(places.RANKINGS), key="rank", default="employment", horizontal=True,
                       format_func={"employment": "Highest employment", "concentration": "Highest concentration",
                                    "pay": "Top paying"}.get)
ui.chart(place_blocks.place_ranking, table, detail, occupation, where, by, statistic, basis, version=package.version)

st.header("My state, my area")
choices = ui.computed(places.places_to_pick, detail, occupation)
area = ui.url_choice(st.selectbox, "Type or pick a state, metropolitan or nonmetropolitan area", list(choices), key="area",
                     default=next(iter(choices)), format_func=choices.get)
show_beside_nation(area, "area-beside")
