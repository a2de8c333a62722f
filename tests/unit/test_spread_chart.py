"""The pay spread as range bars: per occupation a thin bar from the 10th to the 90th percentile, a thick bar from
the 25th to the 75th, the median marked and labelled; and the sentence beside it says so. Values from figures.csv."""

import pytest

from mbcstats import chart_blocks, load_package, pay
from mbcstats.figures import figure_table
from tests.factsheet_reading import FIGURES


@pytest.fixture(scope="module")
def table():
    return figure_table(load_package())


def percentiles(code: str, year: int) -> dict[str, float]:
    names = {"a_pct10": "p10", "a_pct25": "p25", "a_median": "median", "a_pct75": "p75", "a_pct90": "p90"}
    return {statistic: float(FIGURES[f"oews-m{year}-{code}-{suffix}"]["value"]) for suffix, statistic in names.items()}


def test_one_row_of_range_bars_per_occupation_with_the_median_marked_and_labelled(table):
    year = max(int(row["year"]) for row in FIGURES.values() if row["source_id"].startswith("bls-oews-m"))
    block = chart_blocks.percentile_spread(table, "annual", year)
    thin, thick, median = block.figure.data
    codes = list(dict.fromkeys(block.rows["occupation_code"]))
    assert len(codes) == len(pay.MAIN_COMPARISON) and thin.width < thick.width and "thin bar runs from the 10th" in block.finding
    names = [a.text.replace("<br>", " ") for a in block.figure.layout.annotations if not a.text.startswith(("median", "Thin"))]
    assert len(names) == len(codes)
    for position, code in enumerate(codes):
        expected = percentiles(code, year)
        assert (thin.base[position], thin.base[position] + thin.x[position]) == (expected["p10"], expected["p90"])
        assert (thick.base[position], thick.base[position] + thick.x[position]) == (expected["p25"], expected["p75"])
        assert median.x[position] == expected["median"] and median.marker.symbol == "line-ns"
        assert f"median ${expected['median']:,.0f}" in [a.text for a in block.figure.layout.annotations]
        assert f"({code})" in names[position]


def test_the_sentence_describes_the_bars_drawn(table):
    related = pay.compared_occupations(table, "annual", 2025)
    block = chart_blocks.percentile_spread(table, "annual", 2025, list(related), key="related")
    assert "thin bar runs from the 10th to the 90th percentile, its thick bar from the 25th to the 75th, and the mark is " \
           "its median" in block.finding
    assert "each line" not in block.finding
