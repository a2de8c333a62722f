"""What pages compute is worked out once per data state and choice, and what they show is unchanged by it."""

import json

import pandas as pd
import pytest

from mbcstats import ui
from mbcstats.figures import FIGURE_TABLES, figure_table, repeated_text_as_categories
from mbcstats.load import load_tables


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    (tmp_path / "figures.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.setenv("MBCSTATS_DATA_DIR", str(tmp_path))
    return tmp_path


def test_a_computed_result_is_reused_for_the_same_data_and_choices_only(data_dir):
    calls = []

    def view(table, statistic, basis="annual"):
        calls.append((statistic, basis))
        return {"rows": len(table), "statistic": statistic, "basis": basis}

    table = pd.DataFrame({"value": [1.0, 2.0]})
    first = ui.computed(view, table, "median")
    assert ui.computed(view, table, "median") is first
    assert ui.computed(view, table, "mean")["statistic"] == "mean"
    assert ui.computed(view, table, "median", basis="hourly")["basis"] == "hourly"
    assert ui.computed(view, table.iloc[:1], "median")["rows"] == 1  # another frame is other data
    (data_dir / "figures.csv").write_text("a\n1\n2\n", encoding="utf-8")  # a data file changed on disk
    assert ui.computed(view, table, "median") is not first
    assert calls == [("median", "annual"), ("mean", "annual"), ("median", "hourly"), ("median", "annual"),
                     ("median", "annual")]


def test_choices_key_by_value_and_functions_by_definition_site(data_dir):
    """Choices are keyed by value, and functions by where they are defined."""
    table = pd.DataFrame()

    def codes_of(frame, codes):
        return list(codes)

    first = ui.computed(codes_of, table, ["29-2072"])
    assert ui.computed(codes_of, table, ["29-2072"]) is first
    assert ui.computed(codes_of, table, ["29-2071"]) == ["29-2071"]
    assert ui.computed(lambda frame, codes: "one", table, ["x"]) == "one"
    assert ui.computed(lambda frame, codes: "another", table, ["x"]) == "another"  # same qualname, other line


def test_the_data_preview_keeps_values_with_text_as_categories():
    """The data preview shows the same values, with repeated text as categories."""
    table = figure_table(load_tables(["figures"]))
    preview = repeated_text_as_categories(table)
    assert list(preview.columns) == list(table.columns)
    assert isinstance(preview["source"].dtype, pd.CategoricalDtype)
    assert not isinstance(preview["figure_id"].dtype, pd.CategoricalDtype)  # unique per row: left as text
    assert (table["footnote"] == "").any() and preview["footnote"].dtype == table["footnote"].dtype  # not "None"
    pd.testing.assert_frame_equal(preview.astype(table.dtypes.to_dict()), table)


def test_a_grid_sends_the_same_arrow_data_st_dataframe_sent_for_the_frame():
    from streamlit import dataframe_util

    from mbcstats.ui.blocks import arrow_table

    table = figure_table(load_tables(["figures"]))
    preview = repeated_text_as_categories(table)
    filtered = table[table["measure"] == "wage_annual"]  # an index that is no longer 0..n-1: kept, as before
    columns = ("figure_id", "value", "source")
    for frame, chosen in [(preview, None), (filtered, None), (filtered, columns)]:
        shown = frame if chosen is None else frame[list(chosen)]
        assert (dataframe_util.convert_arrow_table_to_arrow_bytes(arrow_table(frame, chosen))
                == dataframe_util.convert_pandas_df_to_arrow_bytes(shown))


def test_a_chart_block_reuses_one_figure_on_every_run():
    """A chart block keeps one prepared figure that sends its own spec on every run."""
    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.tools

    from mbcstats import chart_blocks, charts, place_blocks
    from mbcstats.places import DETAIL_TABLES, detail_table

    package = load_tables(list(dict.fromkeys([*FIGURE_TABLES, *DETAIL_TABLES])))
    table, detail = figure_table(package), detail_table(package)
    blocks = [chart_blocks.pay_comparison(table, "median", "annual"), chart_blocks.pay_over_time(table, "median", "annual"),
              chart_blocks.employer_mix(table), place_blocks.state_map(table, detail, "29-2072", "median", "annual")]

    def sent(figure) -> str:  # what st.plotly_chart makes of what it is given, on every run
        return pio.to_json(plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True), validate=False)

    for block in blocks:
        assert isinstance(block.figure, charts.PreparedFigure)  # the only figure a block keeps
        first = sent(block.figure)
        fresh = go.Figure(block.figure)  # copied from its traces and layout, so its dict is made anew
        assert json.loads(first) == json.loads(sent(fresh))  # the same figure (the copy orders layout keys)
        assert sent(block.figure) == first  # making the JSON left the shared dict as it was
