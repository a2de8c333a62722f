"""Sampling error of OEWS estimates: an approximate 90% interval, and whether a difference from the nation is real.

BLS publishes a relative standard error (RSE, in percent) for each OEWS employment estimate and for each mean wage
(datatype 05 is that of the mean, hourly and annual alike); it publishes none for medians and percentiles, so those
are never tested here.
"""

from __future__ import annotations

import math

import pandas as pd

Z_90 = 1.645  # the standard normal quantile that leaves 5% in each tail: a two-sided 90% interval
# (measure, statistic) with a published RSE -> the (measure, statistic) of that RSE.
TESTABLE = {
    ("oews_employment", "count"): ("oews_employment", "rse"),
    ("wage_annual", "mean"): ("wage_annual", "rse"),
    ("wage_hourly", "mean"): ("wage_annual", "rse"),
}

HIGHER = "higher than the nation: the difference is larger than sampling error"
LOWER = "lower than the nation: the difference is larger than sampling error"
SAME = "about the same as the nation: the difference is within sampling error"
NO_RSE_PUBLISHED = "not tested: BLS publishes no sampling error for medians and percentiles"
RSE_MISSING = "not tested: BLS did not release this estimate's sampling error"
NOT_RELEASED = "not tested: BLS did not release this estimate"


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def has_published_rse(measure: str, statistic: str) -> bool:
    return (measure, statistic) in TESTABLE


def margin(estimate: float, rse_percent: float) -> float | None:
    """Half the width of the approximate 90% interval: 1.645 × RSE/100 × estimate; None where either is missing."""
    if _missing(estimate) or _missing(rse_percent):
        return None
    return Z_90 * float(rse_percent) / 100 * float(estimate)


def interval(estimate: float, rse_percent: float) -> tuple[float, float] | None:
    """The approximate 90% interval of an estimate (never below zero); None where either number is missing."""
    half = margin(estimate, rse_percent)
    if half is None:
        return None
    return max(float(estimate) - half, 0.0), float(estimate) + half


def compare_with_nation(estimate, rse_percent, national, national_rse_percent, measure: str, statistic: str) -> str:
    """In words, whether a place's (or an industry's) estimate differs from the nation's by more than sampling error.

    The difference is called real when it is larger than 1.645 standard errors of the difference, the standard
    error combining both RSEs as if the two estimates were independent. The nation includes the place, so they are
    positively correlated and the true standard error of the difference is smaller: the test is approximate and
    conservative (it may call a real difference "about the same", not the other way round).
    """
    if not has_published_rse(measure, statistic):
        return NO_RSE_PUBLISHED
    if _missing(estimate) or _missing(national):
        return NOT_RELEASED
    if _missing(rse_percent) or _missing(national_rse_percent):
        return RSE_MISSING
    error = math.hypot(float(rse_percent) / 100 * float(estimate), float(national_rse_percent) / 100 * float(national))
    difference = float(estimate) - float(national)
    if abs(difference) <= Z_90 * error:
        return SAME
    return HIGHER if difference > 0 else LOWER


def compared_column(estimates: pd.Series, rses: pd.Series, national, national_rse, measure: str, statistic: str) -> pd.Series:
    """compare_with_nation for every row, as a text column for tables and downloads."""
    return pd.Series([compare_with_nation(value, rse, national, national_rse, measure, statistic)
                      for value, rse in zip(estimates, rses)], index=estimates.index, dtype="string")


_EXAMPLE = (10_000, 5)  # an illustration of the arithmetic, not a published figure
_EXAMPLE_LOW, _EXAMPLE_HIGH = interval(*_EXAMPLE)
METHOD = f"""\
**Is a difference real?** OEWS estimates come from a survey of employers, so each has a sampling error. BLS publishes
its size as a relative standard error (RSE, in percent of the estimate) for every employment estimate and every mean
wage. It publishes none for medians and percentiles, so the dashboard tests no median or percentile and shows no flag
for one.

- **Approximate 90% interval:** the estimate ± {Z_90} × RSE/100 × estimate. For example, {_EXAMPLE[0]:,} jobs with an RSE of
  {_EXAMPLE[1]}% gives {_EXAMPLE_LOW:,.1f} to {_EXAMPLE_HIGH:,.1f} jobs (the arithmetic only, not a published figure).
- **Difference from the nation:** a place's (or an industry's) estimate is called higher or lower than the nation's
  only when the difference is larger than {Z_90} × √((RSE₁/100 × estimate₁)² + (RSE₂/100 × estimate₂)²); otherwise it
  is "about the same as the nation: the difference is within sampling error".
- **Assumptions:** the formula treats the two estimates as independent and their errors as roughly normal. The nation
  includes the place, so the two are positively correlated and the true error of the difference is smaller than the
  formula's: the test is approximate and conservative (it may miss a real difference; it should rarely invent one).
  It is one test per comparison: among many places, a few will show a difference by chance.
- **What is tested:** the mean wage (hourly and annual share one RSE) of a place or an industry against the
  nation's, with both RSEs from the same release. Employment is shown with its 90% interval; a place's jobs are a
  part of the nation's, so their counts are not compared. Jobs per 1,000 and the location quotient have no published
  RSE and are not tested. Where BLS did not release an estimate or its RSE, the table says "not tested" and why.
"""
