"""The Sources and methods page's content: sources, files, definitions, caveats and citation."""

from __future__ import annotations

import pandas as pd

from mbcstats.export import citation
from mbcstats.freshness import freshness_table
from mbcstats.load import Package
from mbcstats.schema import MEASURES, STATISTICS, UNITS, VERIFICATIONS

VERIFICATION_INTRO = (
    "Every figure says how it was verified. BLS figures were read from, or checked against, unmodified copies of "
    "BLS files committed with this dashboard; each file's SHA-256 is below, so a fresh download from BLS can be "
    "compared byte for byte."
)

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
    official = sources[sources["kind"] != "article"].fillna("")
    for program, rows in official.groupby("program", sort=False):
        editions = list(dict.fromkeys(rows.sort_values("source_id")["edition"]))
        span = editions[0] if len(editions) == 1 else f"{editions[0]} to {editions[-1]}"
        lines.append(f"{program}: {span}")
    return lines
