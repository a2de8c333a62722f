"""Overview: the headline figures, each with its statistic, period, source and the release before it; the fact sheet."""

import streamlit as st

from mbcstats import factsheet, factsheet_pdf, headlines, occupations, pay, places, ui

ui.use_explicit_navigation()
st.title("Medical billing and coding: the figures and their sources")
ui.ignore_unknown_params(["occupation", "state", "paper"])
package, table = ui.figures()

occupation = ui.url_choice(st.radio, "Occupation", [pay.CODERS, pay.BILLERS], key="occupation", default=pay.CODERS,
                           format_func=lambda code: pay.COMPARISON_LABELS[code], horizontal=True)
described = ui.occupation_descriptions(package)
ui.source_lines(*ui.computed(occupations.about_lines, described, package["occupations"], occupation))
st.markdown("Each card shows the newest figure in the data, what it measures and where it comes from, and the previous "
            "comparable release (same measure, statistic and occupation): the change since it, or for projections, "
            "what the earlier edition projected.")

cards = ui.computed(headlines.headlines, table, occupation, package["known_releases"], package["sources"])
for row_start in range(0, len(cards), 2):
    for column, card in zip(st.columns(2), cards[row_start:row_start + 2]):
        with column:
            ui.metric_card(card.label, card.value_text, card.caption, card.change_text, card.detail_text, card.newer_text)

st.header("Fact sheet to print")
st.markdown("A one-page PDF with these figures, a pay chart, every source and year, the data version and today's date; "
            "choose a state to add its pay beside the nation's.")
detail = ui.detail()
state_names = {"": "No state", **ui.computed(places.states, detail)}
state_column, paper_column = st.columns(2)
state = ui.url_choice(state_column.selectbox, "State for the fact sheet", list(state_names), key="state", default="",
                      format_func=state_names.get)
paper = ui.url_choice(paper_column.radio, "Paper", list(factsheet_pdf.PAPERS), key="paper", default="letter",
                      format_func=factsheet_pdf.PAPER_NAMES.get, horizontal=True)


def fact_sheet() -> bytes:  # built when clicked, not on every run
    extra = factsheet.state_chart(table, detail, occupation, state) if state else []
    sheet = factsheet.build(table, package["sources"], package.version, occupation, pay.COMPARISON_LABELS[occupation], cards,
                            extra, title_suffix=state_names[state] if state else "", described=described)
    return factsheet_pdf.render(sheet, paper)


st.download_button(f"Download fact sheet (PDF, {factsheet_pdf.PAPER_NAMES[paper]})", fact_sheet,
                   f"mbcstats-fact-sheet-{occupation}{'-' + state if state else ''}-{paper}.pdf", "application/pdf",
                   key="factsheet", on_click="ignore")

st.header("Two kinds of job count")
st.markdown(ui.escape_markdown(headlines.JOB_COUNT_NOTE))
