"""Release seals: a fingerprint of every released row, so that an edit to a released version is found and named.

A release's seal is the set of fingerprints of the rows it added, table by table (`seals.csv`). `validate`
recomputes them from the tables as they stand; a row whose fingerprint its release never sealed is named, and
a sealed fingerprint that no row has any more is counted. `python -m mbcstats package` rewrites hashes in
`datapackage.json` but never touches the seals, so a hand edit stays visible after repackaging.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mbcstats.history import version_key
from mbcstats.schema import SEALED_TABLES, TABLES
from mbcstats.validate import DataError, TableCheck

SEALS = "seals"


class Unsealed(DataError):
    """A release that has no seal yet: what `python -m mbcstats seal` is for, and the one problem it accepts."""
SEAL_COLUMNS = [field["name"] for field in TABLES[SEALS]["schema"]["fields"]]


def _cell_texts(column: pd.Series) -> pd.Series:
    """Each cell as the text that identifies its value: a number as ingest writes it (50250, 7.1), a gap as ""."""
    if pd.api.types.is_float_dtype(column.dtype):
        numbers = column.astype("float64")
        whole = (numbers == np.floor(numbers)).to_numpy(dtype=bool, na_value=False)
        texts = pd.Series("", index=column.index, dtype="string")
        texts[whole] = numbers[whole].astype("int64").astype("string")
        fraction = ~whole & column.notna().to_numpy(dtype=bool)
        texts[fraction] = [repr(float(value)) for value in numbers[fraction]]
        return texts
    return column.astype("string").fillna("")


def fingerprints(frame: pd.DataFrame) -> list[str]:
    """Each row's fingerprint, from its non-empty cells with their column names: a column added later, empty in
    the rows released before it, leaves their fingerprints as they were."""
    if frame.empty:
        return []
    parts = []
    for name in frame.columns:
        texts = pa.array(_cell_texts(frame[name]), type=pa.string())
        parts.append(pc.if_else(pc.equal(texts, ""), "", pc.binary_join_element_wise(name + "\x1f", texts, "\x1e", "")))
    canonical = pc.binary_join_element_wise(*parts, "")  # one join: adding column by column copies every row each time
    return [hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] for text in canonical.to_pylist()]


def released_in(name: str, frame: pd.DataFrame) -> pd.Series:
    """The release each row belongs to: its `added_in`, or for versions.csv the version it lists."""
    return frame["version" if name == "versions" else "added_in"]


def seal_rows(tables: dict[str, pd.DataFrame], version: str) -> list[dict]:
    """seals.csv rows for the rows that `version` added to each table."""
    rows = []
    for name in SEALED_TABLES:
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        added = frame[(released_in(name, frame) == version).fillna(False).to_numpy(dtype=bool)]
        rows += [dict(version=version, table=name, row_sha256=digest) for digest in fingerprints(added)]
    return rows


def sealed_versions(tables: dict[str, TableCheck]) -> set[str]:
    seals = tables.get(SEALS)
    if seals is None or seals.frame is None:
        return set()
    return set(seals.frame["version"].dropna().unique())


def _sorted_pairs(versions: Sequence, digests: Sequence) -> pa.Array:
    """Each row's release and fingerprint as one text, sorted: two sets of rows are the same when these are."""
    pairs = pc.binary_join_element_wise(pa.array(versions, pa.string()), pa.array(digests, pa.string()), " ")
    if isinstance(pairs, pa.ChunkedArray):  # a column of pandas' Arrow-backed string dtype comes chunked
        pairs = pairs.combine_chunks()
    return pairs.take(pc.array_sort_indices(pairs))


def check_seals(tables: dict[str, TableCheck]) -> list[DataError]:
    """Every released version is sealed, and every row it added is as it was sealed: named where it is not."""
    seals, versions = tables.get(SEALS), tables.get("versions")
    if versions is None or versions.frame is None:
        return []  # the versions table's own problem is reported where it lies
    if seals is None:
        return [Unsealed("datapackage.json", None, "resources", "the package has no seals table (seals.csv); run "
                                                                  "`python -m mbcstats seal` to seal its releases")]
    if seals.frame is None:
        return []
    sealed_in = sealed_versions(tables)
    errors: list[DataError] = [Unsealed(versions.file, line, "version",
                        f"version {version} is listed but not sealed: a release is made by `python -m mbcstats ingest` "
                        "or sealed by `python -m mbcstats seal`, never by editing versions.csv alone")
              for line, version in zip(versions.lines, versions.frame["version"])
              if version not in sealed_in]
    by_table = dict(list(seals.frame.groupby("table", sort=False)))
    for name in SEALED_TABLES:
        expected = by_table.get(name, seals.frame.iloc[:0])
        table = tables.get(name)
        if table is None or table.frame is None or table.frame.empty:
            errors += _gone(name, Counter(zip(expected["version"].tolist(), expected["row_sha256"].tolist())))
            continue
        released = released_in(name, table.frame)
        in_sealed = released.isin(sealed_in).to_numpy(dtype=bool)
        digests = np.array(fingerprints(table.frame), dtype=object)
        if _sorted_pairs(released[in_sealed], digests[in_sealed]).equals(
                _sorted_pairs(expected["version"], expected["row_sha256"])):
            continue  # every sealed row as sealed, and no other row claims a sealed release: nothing to name
        releases = released.astype(object).where(in_sealed, None).tolist()  # None, not pd.NA: the rows to skip
        errors += _differences(name, table, expected, releases, digests.tolist())
    return errors


def _differences(name: str, table: TableCheck, expected: pd.DataFrame, released: list, digests: list) -> list[DataError]:
    """Each row of `name` that its sealed release does not hold, by line, then how many sealed rows are gone."""
    unfound = Counter(zip(expected["version"].tolist(), expected["row_sha256"].tolist()))
    edited: Counter = Counter()  # version -> rows that match no sealed fingerprint
    errors = []
    key = TABLES[name]["schema"].get("primaryKey", ["version"])[0]
    for line, row_key, version, digest in zip(table.lines, table.frame[key], released, digests):
        if version is None:
            continue  # not released in a sealed version: an unsealed version is reported once, by check_seals
        if unfound[(version, digest)] > 0:
            unfound[(version, digest)] -= 1
        else:
            edited[version] += 1
            errors.append(DataError(table.file, line, key, f"{row_key} is not as release {version} sealed it: "
                                    "a released row was edited, or a row was added with an old added_in "
                                    "(a correction is a new row that supersedes it, in a new version)"))
    return errors + _gone(name, unfound, edited)


def _gone(name: str, unfound: Counter, edited: Counter | None = None) -> list[DataError]:
    """Sealed rows that no row matches, by release, less the edited rows named already (each accounts for one)."""
    missing: Counter = Counter()
    for (version, _), count in unfound.items():
        missing[version] += count
    errors = []
    for version in sorted(missing, key=version_key):
        gone = missing[version] - (edited or Counter())[version]
        if gone > 0:
            errors.append(DataError(TABLES[name]["path"], None, None,
                                    f"{gone} row(s) that release {version} sealed are gone: released rows are never removed"))
    return errors
