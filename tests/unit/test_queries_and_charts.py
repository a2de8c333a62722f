"""Queries and chart builders on tiny hand-made frames, without Streamlit."""

import pandas as pd
import pytest

from mbcstats import chart_blocks, charts, pay, work_settings
from mbcstats.export import About, download_frame, neutralise, to_csv_bytes, to_xlsx_bytes
from mbcstats.formatting import format_change, format_value
from mbcstats.headlines import headline
from mbcstats.schema import figure_label


def row(**fields):
    base = dict(figure_id="f", occupation_code="29-2072", occupation_title="Medical Records Specialists",
                occupation_match="exact", population="", measure="wage_annual", statistic="median",
                unit="usd_per_year", value=1.0, value_qualifier="", value_precise=None, footnote="", area="United States",
                setting="All industries", period="May 2024", year=2024, target_year=None, note="", source="S",
                source_id="s", source_kind="official_statistics", verification="matched_primary_file",
                verified_file="x.xlsx", added_in="1.0.0", supersedes="")
    base.update(fields)
    base["statistic_label"] = figure_label(base["measure"], base["statistic"])
    return base


def frame(*rows):
    return pd.DataFrame(list(rows)).astype({"value": "Float64", "year": "Int64"})


def test_mean_and_median_never_share_a_comparison():
    table = frame(row(figure_id="a", statistic="median", value=10), row(figure_id="b", statistic="mean", value=12),
                  row(figure_id="c", occupation_code="00-0000", occupation_title="All", statistic="median", value=9))
    compared = pay.pay_comparison(table, "median")
    assert set(compared["statistic"]) == {"median"}
    assert list(compared["value"]) == [10, 9]


def test_pay_comparison_takes_one_release_only():
    table = frame(row(figure_id="a", year=2023, period="May 2023", value=1), row(figure_id="b", year=2024, value=2))
    assert list(pay.pay_comparison(table, "median", year=2023)["value"]) == [1]
    assert list(pay.pay_comparison(table, "median")["value"]) == [2]  # newest by default


def test_an_unknown_statistic_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        pay.pay_comparison(frame(row()), "average")


def test_handbook_rounding_is_not_preferred_over_the_projections_file():
    table = frame(row(figure_id="ooh", measure="ep_growth", statistic="percent_change", unit="percent", value=7,
                      source_kind="handbook", period="2024-34"),
                  row(figure_id="ep", measure="ep_growth", statistic="percent_change", unit="percent", value=7.1,
                      period="2024-34"))
    assert headline(table, "g", "29-2072", measure="ep_growth", statistic="percent_change").latest["value"] == 7.1


def test_headline_change_compares_with_the_previous_release():
    """The headline change compares with the previous release of the same measure."""
    table = frame(row(figure_id="new", value=110, year=2024), row(figure_id="old", value=100, year=2023, period="May 2023"),
                  row(figure_id="mean", statistic="mean", value=50, year=2022, period="May 2022"))
    card = headline(table, "pay", "29-2072", measure="wage_annual", statistic="median")
    assert card.change_text == "+$10 since May 2023"


def test_unsourced_figures_never_become_headlines():
    table = frame(row(figure_id="claim", verification="unsourced", source_kind="article"))
    assert headline(table, "pay", "29-2072", measure="wage_annual", statistic="median").latest is None


def test_employer_mix_adds_a_derived_remainder_labelled_as_derived():
    table = frame(row(figure_id="h", measure="employer_share", statistic="share", unit="percent", value=28, setting="Hospitals",
                      source_kind="handbook"),
                  row(figure_id="p", measure="employer_share", statistic="share", unit="percent", value=22, setting="Physicians",
                      source_kind="handbook"))
    mix = work_settings.employer_mix(table)
    remainder = mix[mix["derived"].astype(bool)].iloc[0]
    assert remainder["value"] == 50 and remainder["setting"] == work_settings.REMAINDER
    assert remainder["source"].startswith("Derived from")


def test_bar_chart_carries_title_source_and_value_labels():
    table = frame(row(value=50250), row(figure_id="b", occupation_code="00-0000", value=49500))
    figure = charts.bar_chart(table.assign(occupation=["Coders", "All"]), "occupation", "Median", "BLS OEWS, May 2024",
                              "usd_per_year")
    assert figure.data[0].type == "bar"
    assert list(figure.data[0].text) == ["$50,250", "$49,500"]
    assert "Median" in figure.layout.title.text
    assert "Source: BLS OEWS, May 2024" in figure.layout.title.subtitle.text


def test_line_chart_marks_the_soc_break_and_uses_distinct_symbols():
    table = frame(row(year=2021, value=1), row(year=2022, value=2),
                  row(figure_id="o", occupation_code="29-2098", year=2020, value=1)).assign(occupation=["A", "A", "B"])
    figure = charts.line_chart(table, "occupation", "year", "t", "s", "usd_per_year", marker_at=2020.5, marker_text="break")
    assert len({trace.marker.symbol for trace in figure.data}) == 2
    assert figure.layout.shapes[0].x0 == 2020.5


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_would_run_as_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_downloads_keep_numbers_as_numbers_and_carry_provenance():
    table = frame(row(value=50250, note="=HYPERLINK(\"x\")"))
    out = download_frame(table, "1.0.0")
    assert out["value"].iloc[0] == 50250 and out["note"].iloc[0].startswith("'=")
    assert {"source", "verification", "data_version", "citation"} <= set(out.columns)
    assert b"50250" in to_csv_bytes(out)
    import io

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(out, About("Figures", "1.0.0", "http://127.0.0.1/data"))))["data"]
    header = [c.value for c in sheet[1]]
    assert isinstance(sheet.cell(2, header.index("value") + 1).value, (int, float))
    assert sheet.cell(2, header.index("note") + 1).data_type == "s"


def test_values_are_written_with_their_unit():
    assert format_value(50250.0, "usd_per_year") == "$50,250"
    assert format_value(24.16, "usd_per_hour") == "$24.16 an hour"
    assert format_value(194.8, "thousand_jobs") == "194.8 thousand"
    assert format_value(None, "usd_per_year", footnote="*") == "BLS: wage estimate not available"
    assert format_change(-1.6, "percent") == "-1.6 percentage points"


def test_labels_from_data_reach_plotly_as_text_not_markup():
    hostile = "<img src=x onerror=alert(1)>"
    table = frame(row(value=1)).assign(occupation=[hostile])
    figure = charts.bar_chart(table, "occupation", hostile, hostile, "usd_per_year")
    assert "<img" not in figure.data[0].y[0] and "&lt;img" in figure.data[0].y[0]
    assert "<img" not in figure.layout.title.text
    assert "<img" not in figure.layout.title.subtitle.text


def _texts(value):
    """Every string anywhere in a figure's plain form."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


def test_no_chart_builder_lets_markup_from_the_data_into_a_figure():
    # Plotly draws <a href>, <b>, <span style> in any label as live markup; the only tags in a figure are ours.
    import re

    hostile = '<a href="https://example.invalid/phish">CLICK</a> <b>B</b> <span style="font-size:60px">S</span>'
    table = frame(row(figure_id="a", occupation=hostile, statistic_label=hostile, edition=hostile, series=hostile,
                      period=hostile),
                  row(figure_id="b", occupation=hostile + " 2", statistic_label=hostile, edition=hostile + " 2",
                      series=hostile, period=hostile + " 2", value=2.0))
    table = table.assign(statistic_label=hostile, state_code=["01", "02"])
    shapes = {"01": {"name": hostile, "rings": [[(0, 0), (1, 0), (1, 1)]]}}
    figures = [charts.bar_chart(table, "occupation", hostile, hostile, "usd_per_year"),
               charts.line_chart(table, "series", "period", hostile, hostile, "usd_per_year", marker_at=0, marker_text=hostile),
               charts.spread_chart(table, "occupation", hostile, hostile, "usd_per_year"),
               charts.grouped_bar_chart(table, "edition", "series", hostile, hostile, "percent"),
               charts.state_map(table, shapes, hostile, hostile, "usd_per_year", reference=hostile)]
    for figure in figures:
        tags = {tag for text in _texts(figure.to_plotly_json()) for tag in re.findall(r"</?[a-z]+", text)}
        assert tags <= {"<br", "<extra", "</extra"}, (type(figure.data[0]).__name__, tags)
    grouped = figures[3]
    assert set(grouped.data[0].y) <= set(grouped.layout.yaxis.categoryarray)  # the escaped labels are the categories


def test_a_rejected_link_value_shows_as_code_never_as_a_link():
    from mbcstats.markdown_text import literal

    assert literal("https://example.invalid/x") == "` https://example.invalid/x `"
    assert literal("a`b``c") == "``` a`b``c ```"  # a longer fence than any backtick run inside
    assert literal("one\n\n# two") == "` one # two `"  # a blank line would end the span and start a heading
    # Right-to-left override and zero-width space: invisible, and the first would reverse the notice's text.
    assert literal("pay\u202egnp.exe\u200b") == "` pay\\u202egnp.exe\\u200b `"


@pytest.mark.parametrize("build", [
    lambda table: chart_blocks.pay_comparison(table, "median", "annual", 2024),
    lambda table: chart_blocks.pay_over_time(table, "median", "annual"),
    lambda table: chart_blocks.percentile_spread(table, "annual", 2024),
    lambda table: chart_blocks.projection_editions(table, "ep_growth"),
    lambda table: chart_blocks.employer_mix(table),
], ids=["pay_comparison", "pay_over_time", "percentile_spread", "projection_editions", "employer_mix"])
def test_a_chart_with_no_figures_in_the_data_version_says_so(build):
    # ui.chart shows the message in the chart's place; any other error would stop the page.
    from mbcstats.figures import FIGURE_TABLES, figure_table
    from mbcstats.load import load_tables

    empty = figure_table(load_tables(FIGURE_TABLES)).iloc[0:0]
    with pytest.raises(chart_blocks.NoFigures, match="^No .* in this data version\\.$"):
        build(empty)
