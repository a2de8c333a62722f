"""The sampling-error interval and the difference test, on constructed numbers."""

import math

import pandas as pd
import pytest

from mbcstats import sampling_error as se


def test_the_interval_is_the_estimate_plus_or_minus_1_645_rse():
    low, high = se.interval(20_000, 4)
    assert low == pytest.approx(20_000 - 1.645 * 0.04 * 20_000)
    assert high == pytest.approx(20_000 + 1.645 * 0.04 * 20_000)


def test_the_interval_never_goes_below_zero():
    assert se.interval(100, 80)[0] == 0.0


def test_no_interval_without_an_rse():
    assert se.interval(20_000, None) is None
    assert se.interval(float("nan"), 3) is None


def test_a_clearly_higher_mean_wage_is_called_higher():
    # 60,000 ± 1% against 50,000 ± 0.5%: the difference (10,000) is far beyond 1.645 × 671
    assert se.compare_with_nation(60_000, 1, 50_000, 0.5, "wage_annual", "mean") == se.HIGHER


def test_a_clearly_lower_mean_wage_is_called_lower():
    assert se.compare_with_nation(40_000, 1, 50_000, 0.5, "wage_hourly", "mean") == se.LOWER


def test_a_difference_within_sampling_error_is_about_the_same():
    # 51,000 ± 3% against 50,000 ± 0.5%: the standard error of the difference is about 1,551, so 1,000 is within it
    assert se.compare_with_nation(51_000, 3, 50_000, 0.5, "wage_annual", "mean") == se.SAME


def test_the_boundary_uses_both_rses_combined():
    """Just past 1.645 standard errors of the difference is real; just inside it is not."""
    error = math.hypot(0.02 * 50_000, 0.01 * 50_000)  # at the nation's value; the place's own error grows with it
    inside = 50_000 + 1.645 * error * 0.9
    outside = 50_000 + 1.645 * error * 1.2
    assert se.compare_with_nation(inside, 2, 50_000, 1, "wage_annual", "mean") == se.SAME
    assert se.compare_with_nation(outside, 2, 50_000, 1, "wage_annual", "mean") == se.HIGHER


def test_a_missing_rse_gives_no_verdict():
    assert se.compare_with_nation(60_000, None, 50_000, 0.5, "wage_annual", "mean") == se.RSE_MISSING
    assert se.compare_with_nation(60_000, 1, 50_000, float("nan"), "wage_annual", "mean") == se.RSE_MISSING


def test_an_estimate_not_released_gives_no_verdict():
    assert se.compare_with_nation(pd.NA, 1, 50_000, 0.5, "wage_annual", "mean") == se.NOT_RELEASED


def test_a_median_is_never_flagged():
    """BLS publishes no RSE for medians and percentiles: even a huge difference gets no flag."""
    for statistic in ("median", "p10", "p90"):
        verdict = se.compare_with_nation(90_000, 1, 50_000, 0.5, "wage_annual", statistic)
        assert verdict == se.NO_RSE_PUBLISHED
        assert verdict not in (se.HIGHER, se.LOWER, se.SAME)


def test_jobs_per_1000_and_location_quotient_are_not_tested():
    assert se.compare_with_nation(3.0, 1, 1.0, 1, "location_quotient", "ratio") == se.NO_RSE_PUBLISHED
    assert not se.has_published_rse("jobs_per_1000", "rate")


def test_the_column_keeps_the_rows_and_their_order():
    estimates = pd.Series([60_000, 51_000, None], index=[7, 8, 9], dtype="Float64")
    rses = pd.Series([1, 3, 2], index=[7, 8, 9], dtype="Float64")
    column = se.compared_column(estimates, rses, 50_000, 0.5, "wage_annual", "mean")
    assert list(column.index) == [7, 8, 9]
    assert list(column) == [se.HIGHER, se.SAME, se.NOT_RELEASED]


def test_the_method_states_the_formula_and_its_assumptions():
    assert "1.645 × RSE/100 × estimate" in se.METHOD
    assert "independent" in se.METHOD and "conservative" in se.METHOD
    assert "medians and percentiles" in se.METHOD
