"""Trial, run by hand: the Overview's kinds and number of elements with constant text, under the same navigation
and a sidebar like ours. Its AppTest rerun against the Overview's and the baseline's splits a rerun into what
Streamlit spends on the elements and what our code adds (docs/performance.md). A hand copy of the Overview as of
commit ae44fd7: it does not follow later changes to the page."""

import streamlit as st


def overview():
    st.title("Medical billing and coding: the figures and their sources")
    st.radio("Occupation", ["Coders", "Billers"], horizontal=True, key="occ")
    st.markdown("Each card shows the newest figure in the data, what it measures and where it comes from.")
    for r in range(4):
        for i, c in enumerate(st.columns(2)):
            with c:
                with st.container(border=True):
                    st.metric(f"Median annual pay {r}{i}", "$50,250", delta="+$1,200 since May 2023", delta_color="off")
                    st.markdown(":small[Median, May 2024, BLS OEWS]\n\n:small[Change: BLS OEWS May 2023]")
    st.header("Fact sheet to print")
    st.markdown("One page with these figures.")
    st.selectbox("State", ["No state"] + [f"State {i}" for i in range(54)], key="state")
    st.download_button("Download fact sheet (print-ready HTML)", lambda: b"x", "x.html", "text/html", on_click="ignore")
    st.header("Two kinds of job count")
    st.markdown("OEWS employment is not Employment Projections employment.")


names = ["overview", "pay", "outlook", "work_settings", "places", "check", "data", "sources"]
pages = [st.Page(overview, title="Overview", url_path="overview", default=True)]
pages += [st.Page(lambda: st.title("x"), title=n, url_path=n) for n in names[1:]]
page = st.navigation(pages)
with st.sidebar:
    st.markdown("**Data version 1.1.0**, released 2026-11-20\n\n**What it holds**\n\n"
                + "\n\n".join(f":small[Program {i}: May 2019 to May 2025]" for i in range(6)))
st.html("<style>.js-plotly-plot .gtitle { fill: currentColor !important; }</style>")
page.run()
