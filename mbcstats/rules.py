"""Rules about meaning that a table schema cannot express.

Each rule reads the typed tables and returns DataErrors located on the row
that breaks it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mbcstats.schema import OEWS_DATATYPES
from mbcstats.validate import DataError, TableCheck, inside_package, sha256_of


def _rows(table: TableCheck | None):
    if table is None or table.frame is None:
        return []
    return zip(table.lines, table.frame.to_dict("records"))


def _blank(value) -> bool:
    return value is None or pd.isna(value) or value == ""


def check_rules(data_dir: Path, descriptor: dict, tables: dict[str, TableCheck]) -> list[DataError]:
    errors: list[DataError] = []
    errors += _figure_rules(tables)
    errors += _detail_rules(tables)
    errors += _committed_files_match(data_dir, tables.get("primary_files"), "path", optional=True)
    errors += _committed_files_match(data_dir, tables.get("articles"), "file")
    errors += versions_known(descriptor, tables)
    return errors


def _figure_rules(tables: dict[str, TableCheck]) -> list[DataError]:
    """Over whole columns (a row at a time was a tenth of loading the package); each row's problems in rule order."""
    figures = tables.get("figures")
    if figures is None or figures.frame is None or figures.frame.empty:
        return []
    frame = figures.frame
    sources = tables.get("sources")
    kind_of = {}
    if sources is not None and sources.frame is not None:
        kind_of = dict(zip(sources.frame["source_id"], sources.frame["kind"]))

    def blank(column: str) -> pd.Series:
        return frame[column].isna() | (frame[column].astype("string") == "").fillna(False)

    def equals(column: str, value: str) -> pd.Series:
        return (frame[column] == value).fillna(False).astype(bool)

    kind = _map(frame["source_id"], kind_of)
    supersedes_itself = (frame["supersedes"] == frame["figure_id"]).fillna(False).astype(bool)
    broken = [
        (blank("value") & blank("footnote"), "value", "value is empty and no BLS footnote says why"),
        (~blank("value") & ~blank("footnote"), "footnote", "a value and a 'not released' footnote on one row"),
        (equals("verification", "matched_primary_file") & blank("verified_file"), "verified_file",
         "verification is matched_primary_file but no file is named"),
        (equals("verification", "unsourced") & kind.notna() & (kind != "article").fillna(False).astype(bool),
         "source_id", "an unsourced figure must have the article as its source"),
        (supersedes_itself, "supersedes", "a row cannot supersede itself"),
    ]
    found = [(figures.lines[position], order, column, problem)
             for order, (mask, column, problem) in enumerate(broken) for position in np.flatnonzero(mask.to_numpy())]
    return [DataError(figures.file, line, column, problem) for line, _, column, problem in sorted(found)]


# An oews_detail figure_id, and where each part of the series id in it stands. The optional final \n is what a
# `^…$` search lets through (`$` also matches before a last line break), as the rule has always accepted.
_FIGURE_ID = r"oews-m[0-9]{4}-OEU[NSM][0-9]{7}.{6}[0-9]{6}[0-9]{2}\n?"
_FIGURE_ID_PARTS = {"year": (6, 10), "type": (14, 15), "area": (15, 22), "industry": (22, 28),
                    "occupation": (28, 34), "datatype": (34, 36)}


def _detail_rules(tables: dict[str, TableCheck]) -> list[DataError]:
    """The figure rules for oews_detail, plus: the BLS series id in figure_id agrees with the row.

    Written over whole columns: the table has tens of thousands of rows.
    """
    table = tables.get("oews_detail")
    if table is None or table.frame is None or table.frame.empty:
        return []
    frame = table.frame
    value_blank = frame["value"].isna()
    flag_blank = frame["footnote"].fillna("") == ""
    errors = []

    def report(mask, column: str, problem) -> None:
        for position in mask[mask.fillna(False).astype(bool)].index:  # NA: a cell problem reported already
            text = problem(frame.loc[position]) if callable(problem) else problem
            errors.append(DataError(table.file, table.lines[position], column, text))

    report(value_blank & flag_blank, "value", "value is empty and no BLS footnote says why")
    report(~value_blank & ~flag_blank, "footnote", "a value and a footnote that stands in place of a value on one row")

    # figure_id = oews-m<year>-OEU + area type + area code + industry + occupation + datatype: one match of the
    # whole pattern, then each part cut from its fixed place.
    ids = frame["figure_id"].astype("string")
    malformed = ~ids.str.fullmatch(_FIGURE_ID).fillna(False).astype(bool)
    parts = {part: ids.str.slice(start, stop) for part, (start, stop) in _FIGURE_ID_PARTS.items()}
    report(malformed, "figure_id", "not oews-m<year>- followed by a 25-character BLS OEWS series id")
    ok = ~malformed
    letter = _map(frame["area_type"], {"national": "N", "state": "S", "metro": "M", "nonmetro": "M"})
    expected_occupation = frame["occupation_code"].astype("string").str.replace("-", "", regex=False)
    for column, part, expected in [("year", "year", frame["year"]), ("area_type", "type", letter),
                                   ("area_code", "area", frame["area_code"]),
                                   ("industry_code", "industry", frame["industry_code"]),
                                   ("occupation_code", "occupation", expected_occupation)]:
        report(ok & (parts[part].astype("string") != expected.astype("string")), column,
               lambda row, column=column: f"{column} does not match the series id in figure_id {row['figure_id']}")
    report(frame["period"] != "May " + frame["year"].astype("string"), "period",
           lambda row: f"'{row['period']}' is not the May reference period of year {row['year']}")
    meaning = pd.DataFrame([(code, *meaning[:3]) for code, meaning in OEWS_DATATYPES.items()],
                           columns=["datatype", "measure", "statistic", "unit"]).set_index("datatype")
    known = parts["datatype"].isin(meaning.index)
    report(ok & ~known, "figure_id", "the series id ends in a datatype that OEWS does not have")
    for column in ("measure", "statistic", "unit"):
        expected = _map(parts["datatype"], meaning[column])
        report(ok & known & (frame[column].astype("string") != expected.astype("string")), column,
               lambda row, column=column: f"'{row[column]}' is not the {column} of BLS datatype {row['figure_id'][-2:]}")

    # Area types: national is 0000000; a state is SS00000; a metropolitan area's code starts 00, a nonmetropolitan area's does not.
    code = frame["area_code"].astype("string")
    kind = frame["area_type"]
    report(((kind == "national") != (code == "0000000")) | ((kind == "state") & ~code.str.endswith("00000"))
           | ((kind == "metro") & ~code.str.startswith("00")) | ((kind == "nonmetro") & code.str.startswith("00")),
           "area_type", lambda row: f"'{row['area_type']}' does not fit area code {row['area_code']}")

    files = tables.get("primary_files")
    if files is not None and files.frame is not None:
        source_of = dict(zip(files.frame["file_name"], files.frame["source_id"]))
        file_source = _map(frame["verified_file"], source_of)
        report(file_source.notna() & (file_source != frame["source_id"]), "verified_file",
               lambda row: f"{row['verified_file']} belongs to another source than {row['source_id']}")
    return errors


def _map(values: pd.Series, mapping) -> pd.Series:
    """`values.map(mapping)`, looking each distinct value up once: these columns repeat a few values many times."""
    codes, uniques = pd.factorize(values)  # a missing value gets code -1, and stays missing
    looked_up = pd.Series(uniques).map(mapping)
    return pd.Series(looked_up.array.take(codes, allow_fill=True), index=values.index)


def _committed_files_match(data_dir: Path, table: TableCheck | None, column: str, optional: bool = False) -> list[DataError]:
    errors = []
    for line, row in _rows(table):
        if optional and _blank(row[column]):
            if _blank(row.get("obtained_from")):
                errors.append(DataError(table.file, line, "obtained_from",
                                        f"{column} is empty (the file is not committed), so obtained_from must say how to get it"))
            continue
        named = str(row[column])
        path = Path(data_dir) / named
        if not inside_package(data_dir, named):
            errors.append(DataError(table.file, line, column, f"{named!r} is not a path inside the data package"))
        elif not path.exists():
            errors.append(DataError(table.file, line, column, f"{named} is missing"))
        elif not path.is_file():  # a folder, a device or a pipe: hashing it could wait forever
            errors.append(DataError(table.file, line, column, f"{named!r} is not a regular file"))
        elif sha256_of(path) != row["sha256"]:
            errors.append(DataError(table.file, line, "sha256", f"{named} does not match its recorded sha256"))
    return errors


def versions_known(descriptor: dict, tables: dict[str, TableCheck]) -> list[DataError]:
    """The package's version and every added_in not declared a foreign key are versions listed in versions.csv."""
    versions = tables.get("versions")
    if versions is None or versions.frame is None:
        return []
    known = set(versions.frame["version"])
    errors = []
    if descriptor.get("version") not in known:
        errors.append(DataError("datapackage.json", None, "version",
                                f"package version {descriptor.get('version')!r} is not listed in {versions.file}"))
    for name, table in tables.items():
        if name in ("versions", "figures", "oews_detail") or table.frame is None or "added_in" not in table.frame:
            continue  # figures.added_in and oews_detail.added_in are declared foreign keys
        for line, version in zip(table.lines, table.frame["added_in"]):
            if not _blank(version) and version not in known:
                errors.append(DataError(table.file, line, "added_in", f"'{version}' is not a version in {versions.file}"))
    return errors
