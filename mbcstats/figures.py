"""The figures of a data version, each joined to its occupation and its provenance."""

from __future__ import annotations

import pandas as pd

from mbcstats.formatting import article_titles, name_articles
from mbcstats.history import as_of
from mbcstats.load import Package
from mbcstats.schema import MEASURE_NAMES, STATISTICS, figure_label

FIGURE_TABLES = ["figures", "sources", "occupations", "primary_files", "versions", "known_releases"]

# Columns of the joined table, in the order an analyst reads them.
COLUMNS = [
    "figure_id", "occupation_code", "occupation_title", "occupation_match", "population",
    "measure", "statistic", "statistic_label", "unit", "value", "value_qualifier", "value_precise", "footnote",
    "area", "setting", "period", "year", "target_year", "note",
    "source", "source_id", "source_publisher", "source_program", "source_edition",
    "source_publication_date", "source_url", "source_kind",
    "verification", "verified_file", "verified_file_sha256", "added_in", "supersedes",
]


# On-screen column headings in words (downloads keep the column names, which datapackage.json defines).
COLUMN_WORDS = {
    "figure_id": "Figure id", "occupation_code": "SOC code", "occupation_title": "Occupation",
    "occupation_match": "Occupation match", "population": "Population (as the source words it)", "measure": "Measure code",
    "statistic": "Statistic code", "statistic_label": "Statistic", "unit": "Unit", "value": "Value",
    "value_qualifier": "Qualifier", "value_precise": "Precise value", "footnote": "BLS footnote", "area": "Area",
    "setting": "Setting", "period": "Period", "year": "Year", "target_year": "Target year", "note": "Note",
    "source": "Source", "source_id": "Source code", "source_publisher": "Publisher", "source_program": "Program",
    "source_edition": "Edition", "source_publication_date": "Published", "source_url": "Source address",
    "source_kind": "Kind of source", "verification": "How verified", "verified_file": "Verified against file",
    "verified_file_sha256": "File SHA-256", "added_in": "Added in version", "supersedes": "Corrects figure",
    "change": "Change",
}


def with_provenance(rows: pd.DataFrame, package: Package) -> pd.DataFrame:
    """Rows joined to their occupation's title, their source and the sha256 of the file they were checked against;
    an article is named by its title, not its number, wherever the source columns or the note cite it."""
    titles = article_titles(package["sources"])
    sources = package["sources"].assign(**{column: package["sources"][column].map(lambda t: name_articles(t, titles))
                                           for column in ("short_label", "edition")})
    sources = sources.rename(columns={
        "short_label": "source", "publisher": "source_publisher", "program": "source_program",
        "edition": "source_edition", "publication_date": "source_publication_date", "url": "source_url",
        "kind": "source_kind"})
    sources = sources[["source_id", "source", "source_publisher", "source_program", "source_edition",
                       "source_publication_date", "source_url", "source_kind"]]
    occupations = package["occupations"][["soc_code", "title"]].rename(
        columns={"soc_code": "occupation_code", "title": "occupation_title"})
    files = package["primary_files"][["file_name", "sha256"]].rename(
        columns={"file_name": "verified_file", "sha256": "verified_file_sha256"})
    table = (rows.merge(occupations, on="occupation_code", how="left")
             .merge(sources, on="source_id", how="left")
             .merge(files, on="verified_file", how="left"))
    text = [c for c in table.columns if table[c].dtype == "string"]
    table[text] = table[text].fillna("")  # an empty text cell means "none", never a missing number
    table["statistic_label"] = [figure_label(m, s) for m, s in zip(table["measure"], table["statistic"])]
    for column in ("note", "population"):
        if column in table.columns:
            table[column] = table[column].map(lambda t: name_articles(t, titles))
    return table


def figure_table(package: Package, version: str | None = None) -> pd.DataFrame:
    """Figures as of `version` (default: the package's), with occupation titles and provenance columns."""
    table = with_provenance(as_of(package["figures"], version or package.version), package)
    return table[COLUMNS].reset_index(drop=True)


def select(table: pd.DataFrame, **conditions) -> pd.DataFrame:
    """Rows where each column equals the value given, or is in the list given."""
    mask = pd.Series(True, index=table.index)
    for column, wanted in conditions.items():
        if isinstance(wanted, (list, tuple, set)):
            mask &= table[column].isin(list(wanted))
        else:
            mask &= table[column] == wanted
    return table[mask]


def official(table: pd.DataFrame) -> pd.DataFrame:
    """Rows from statistical programs' own files (OEWS, Employment Projections)."""
    return table[table["source_kind"] == "official_statistics"]


FILTERS = {
    "occupation": "occupation_code", "measure": "measure", "statistic": "statistic",
    "source": "source_id", "period": "period",
}


def filter_options(table: pd.DataFrame) -> dict[str, list[str]]:
    """For each filter, the values present in the table, sorted."""
    return {name: sorted(table[column].dropna().astype(str).unique()) for name, column in FILTERS.items()}


def filter_labels(table: pd.DataFrame, sources: pd.DataFrame) -> dict[str, dict[str, str]]:
    """For each filter, each value in words with its code beside it where an analyst needs the code; an article
    is named by its title alone."""
    def words(pairs) -> dict[str, str]:
        return {str(code): f"{text} ({code})" if text and text != code else str(code) for code, text in pairs}

    occupations = table[["occupation_code", "occupation_title", "population"]].drop_duplicates("occupation_code")
    numbers = article_titles(sources)
    titles = {row.source_id: f"{row.title} (article)" if row.kind == "article" else name_articles(row.short_label, numbers)
              for row in sources.itertuples()}
    return {
        "occupation": {code: f"{code} {title or population}".strip() for code, title, population in
                       zip(occupations["occupation_code"], occupations["occupation_title"], occupations["population"])},
        "measure": words((m, MEASURE_NAMES.get(m, "").capitalize()) for m in table["measure"].dropna().unique()),
        "statistic": words((s, STATISTICS.get(s, "").split(":")[0]) for s in table["statistic"].dropna().unique()),
        "source": {**words((source_id, titles.get(source_id, "")) for source_id in table["source_id"].dropna().unique()),
                   **{row.source_id: titles[row.source_id] for row in sources.itertuples() if row.kind == "article"}},
        "period": {str(period): str(period) for period in table["period"].dropna().unique()},
    }


def filter_figures(table: pd.DataFrame, **chosen: list[str]) -> pd.DataFrame:
    """Rows matching every filter given; an empty choice means no filter on that column."""
    rows = table
    for name, values in chosen.items():
        if values:
            rows = rows[rows[FILTERS[name]].astype(str).isin(values)]
    return rows.reset_index(drop=True)


READ_FIRST = ["occupation_title", "statistic_label", "value", "unit", "period", "source"]


def reader_order(columns) -> list[str]:
    """Columns in the order a reader scans a wide grid: what, the value, its period and source; the codes after."""
    columns = list(columns)
    first = [column for column in READ_FIRST if column in columns]
    return first + [column for column in columns if column not in first]


def repeated_text_as_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rows and values, with each text column whose values repeat stored as a category.

    For on-screen tables: source names, programs and titles repeat on every row, and as categories the
    figures table Streamlit sends to the browser is less than half the size. Columns with empty cells stay
    text: Streamlit's grid shows an empty category as "None", which would read as a missing value.
    """
    text = [column for column in frame.columns
            if pd.api.types.is_string_dtype(frame[column]) and frame[column].nunique() * 2 <= len(frame)
            and not (frame[column] == "").any()]
    return frame.astype({column: "category" for column in text})


def changes_with_provenance(package: Package, old: str, new: str) -> pd.DataFrame:
    """The figures added, revised or withdrawn between two data versions, each with its source."""
    from mbcstats.history import changes

    return with_provenance(changes(package["figures"], old, new), package)
