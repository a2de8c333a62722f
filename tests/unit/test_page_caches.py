"""What pages compute is worked out once per data state and choice, and what they show is unchanged by it."""

import pandas as pd
import pytest

from mbcstats import ui
from mbcstats.figures import figure_table, repeated_text_as_categories
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


def test_choices_are_keyed_by_value_and_functions_by_where_they_are_defined(data_dir):
    table = pd.DataFrame()

    def codes_of(frame, codes):
        return list(codes)

    first = ui.computed(codes_of, table, ["29-2072"])
    assert ui.computed(codes_of, table, ["29-2072"]) is first
    assert ui.computed(codes_of, table, ["29-2071"]) == ["29-2071"]
    assert ui.computed(lambda frame, codes: "one", table, ["x"]) == "one"
    assert ui.computed(lambda frame, codes: "another", table, ["x"]) == "another"  # same qualname, other line


def test_the_data_preview_shows_the_same_values_with_repeated_text_as_categories():
    table = figure_table(load_tables(["figures"]))
    preview = repeated_text_as_categories(table)
    assert list(preview.columns) == list(table.columns)
    assert isinstance(preview["source"].dtype, pd.CategoricalDtype)
    assert not isinstance(preview["figure_id"].dtype, pd.CategoricalDtype)  # unique per row: left as text
    assert (table["footnote"] == "").any() and preview["footnote"].dtype == table["footnote"].dtype  # not "None"
    pd.testing.assert_frame_equal(preview.astype(table.dtypes.to_dict()), table)
