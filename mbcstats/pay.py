"""Pay queries: OEWS wages of coders, billers and all occupations, by statistic, release and percentile."""

from __future__ import annotations

import pandas as pd

from mbcstats.figures import official, select

CODERS, BILLERS, ALL_OCCUPATIONS, PRE_2018_CODE = "29-2072", "43-3021", "00-0000", "29-2098"
MAIN_COMPARISON = [CODERS, BILLERS, ALL_OCCUPATIONS]
PAY_STATISTICS = ["median", "mean", "p10", "p25", "p75", "p90"]
PERCENTILES = ["p10", "p25", "median", "p75", "p90"]
BASES = {"annual": "wage_annual", "hourly": "wage_hourly"}

COMPARISON_LABELS = {
    CODERS: "Coders: Medical Records Specialists (29-2072)",
    BILLERS: "Billers: nearest BLS category, Billing and Posting Clerks (43-3021)",
    ALL_OCCUPATIONS: "All occupations (00-0000)",
    PRE_2018_CODE: "Before the SOC 2018 break: 29-2098 (medical records specialists with other health technicians)",
}

SHORT_NAMES = {CODERS: "coders (29-2072)", BILLERS: "billers (43-3021)", ALL_OCCUPATIONS: "all occupations",
               PRE_2018_CODE: "29-2098 (before the SOC 2018 break)"}


def occupation_label(code: str, title: str) -> str:
    return COMPARISON_LABELS.get(code, f"{title} ({code})")


def _wages(table: pd.DataFrame, basis: str) -> pd.DataFrame:
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}")
    return official(select(table, measure=BASES[basis], setting="All industries"))


def pay_years(table: pd.DataFrame, basis: str = "annual") -> list[int]:
    return sorted(int(year) for year in _wages(table, basis)["year"].dropna().unique())


def _labelled(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.assign(occupation=[occupation_label(c, t) for c, t in zip(rows["occupation_code"], rows["occupation_title"])])
    return rows


def pay_comparison(table: pd.DataFrame, statistic: str, basis: str = "annual", year: int | None = None,
                   codes: list[str] = (CODERS, PRE_2018_CODE, BILLERS, ALL_OCCUPATIONS)) -> pd.DataFrame:
    """One statistic (never a mean beside a median) for each occupation in one OEWS release.

    29-2098 appears only in releases before the SOC 2018 break, in place of 29-2072.
    """
    if statistic not in PAY_STATISTICS:
        raise ValueError(f"statistic must be one of {', '.join(PAY_STATISTICS)}")
    wages = _wages(table, basis)
    year = year or int(wages["year"].max())
    rows = select(wages, statistic=statistic, year=year, occupation_code=codes)
    order = {code: position for position, code in enumerate(codes)}
    return _labelled(rows).sort_values("occupation_code", key=lambda s: s.map(order)).reset_index(drop=True)


def pay_over_time(table: pd.DataFrame, statistic: str, basis: str = "annual",
                  codes: list[str] = MAIN_COMPARISON) -> pd.DataFrame:
    """One statistic across every OEWS release; 29-2098 stands in before the SOC break as its own series."""
    wages = _wages(table, basis)
    rows = select(wages, statistic=statistic, occupation_code=[*codes, PRE_2018_CODE] if CODERS in codes else codes)
    return _labelled(rows).sort_values(["occupation_code", "year"]).reset_index(drop=True)


def soc_break_year(table: pd.DataFrame) -> int | None:
    """First OEWS year published under 29-2072, where a coders' series crosses the SOC 2018 break."""
    years = select(official(table), occupation_code=CODERS, measure="wage_annual")["year"]
    return int(years.min()) if not years.empty else None


def percentile_spread(table: pd.DataFrame, basis: str = "annual", year: int | None = None,
                      codes: list[str] = MAIN_COMPARISON) -> pd.DataFrame:
    """10th to 90th percentile of each occupation in one release."""
    wages = _wages(table, basis)
    year = year or int(wages["year"].max())
    codes = list(codes) + ([PRE_2018_CODE] if CODERS in codes else [])  # coders' code before the SOC 2018 break
    rows = select(wages, statistic=PERCENTILES, year=year, occupation_code=codes)
    rows = _labelled(rows)
    rows["percentile_order"] = rows["statistic"].map({s: i for i, s in enumerate(PERCENTILES)})
    return rows.sort_values(["occupation_code", "percentile_order"]).drop(columns="percentile_order").reset_index(drop=True)


def compared_occupations(table: pd.DataFrame, basis: str = "annual", year: int | None = None) -> list[str]:
    """Every occupation with OEWS wages in the release: coders, billers, the related ones, then all occupations."""
    wages = _wages(table, basis)
    year = year or int(wages["year"].max())
    codes = set(wages.loc[wages["year"] == year, "occupation_code"])
    first = [c for c in (CODERS, PRE_2018_CODE, BILLERS) if c in codes]
    last = [c for c in (ALL_OCCUPATIONS,) if c in codes]
    return first + sorted(codes - set(first) - set(last)) + last


STATISTIC_CHOICES = {
    "median": "Median (half earn more)", "mean": "Mean (average)", "p10": "10th percentile",
    "p25": "25th percentile", "p75": "75th percentile", "p90": "90th percentile (10 % earn more)",
}
COMPARISON_NOTE = (
    "One statistic at a time, so a mean never stands beside a median. Billers have no BLS category of their own: "
    "the nearest is Billing and Posting Clerks (43-3021), in all industries, not only health care. All figures are "
    "BLS OEWS national estimates for May of the year chosen."
)
