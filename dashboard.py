"""mbcstats dashboard: navigation over pages/ and the shared sidebar."""

import streamlit as st

from mbcstats import ui

ui.use_explicit_navigation(entry_script=True)
ui.pin_data_state()  # first, so the sidebar and the page show one data state
st.set_page_config(page_title="mbcstats: medical billing and coding figures", page_icon=":bar_chart:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("pages/pay.py", title="Pay comparison", url_path="pay"),
    st.Page("pages/outlook.py", title="Outlook", url_path="outlook"),
    st.Page("pages/work_settings.py", title="Work settings", url_path="work_settings"),
    st.Page("pages/places.py", title="States and areas", url_path="places"),
    st.Page("pages/industries.py", title="Industries", url_path="industries"),
    st.Page("pages/check.py", title="Check a figure", url_path="check"),
    st.Page("pages/data.py", title="Data", url_path="data"),
    st.Page("pages/sources.py", title="Sources and methods", url_path="sources"),
]

page = st.navigation(PAGES)
ui.show_sidebar()
ui.page_styles()
with ui.running_under_navigation():
    page.run()
