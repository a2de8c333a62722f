"""Re-derive every figure that claims a primary file from that file, with the ingest's own readers.

`validate` checks hashes and schemas; this checks values: a row that says `matched_primary_file` must hold what
its `verified_file` holds. Files too large to commit (the OEWS snapshot wheel) are read where they are given and
otherwise named as skipped, never passed over in silence.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mbcstats.ingest import oews_snapshot
from mbcstats.ingest.run import format_of
from mbcstats.validate import sha256_of

MATCHED = "matched_primary_file"
# Columns a figure takes from its file (besides value and footnote); a row the reader gives differently is wrong.
DESCRIBED_BY_FILE = ("occupation_code", "measure", "statistic", "unit", "period")


@dataclass(frozen=True)
class Mismatch:
    table: str
    figure_id: str
    column: str
    recorded: str
    derived: str
    file: str

    def __str__(self) -> str:
        derived = "no such figure" if self.column == "figure_id" else f"{self.column} {self.derived or '(empty)'}"
        return (f"{self.table} {self.figure_id}: {self.column} is {self.recorded or '(empty)'} in the package, "
                f"but {self.file} gives {derived}")


@dataclass
class Report:
    checked: dict[str, int] = field(default_factory=dict)      # file -> rows re-derived from it
    skipped: dict[str, tuple[int, str]] = field(default_factory=dict)  # file -> (rows not checked, why)
    mismatches: list[Mismatch] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)          # a file that is not what the package says it is

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.problems


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def cell_text(value) -> str:
    """A derived value as the package writes it: whole numbers without '.0', no value as ''."""
    if value is None or value != value:  # None or NaN
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def same_number(recorded: str, derived: str) -> bool:
    if recorded == "" or derived == "":
        return recorded == derived
    try:
        return float(recorded) == float(derived)
    except ValueError:
        return False


def _locate(entry: dict, data_dir: Path, files_dirs: Iterable[Path]) -> Path | None:
    """The file as committed in the package, or else in one of the folders given for files that are not."""
    if entry["path"]:
        return data_dir / entry["path"]
    for folder in files_dirs:
        candidate = Path(folder) / entry["file_name"]
        if candidate.is_file():
            return candidate
    return None


def _compare(table: str, row: dict, derived: dict | None, name: str, report: Report, by_meaning: bool = False) -> None:
    """Record where `row` differs from what the file gives. A row the file names otherwise (`by_meaning`: a Handbook
    figure, matched by what it measures) is a rounding of the file's value where it has a precise value."""
    if derived is None:
        report.mismatches.append(Mismatch(table, row["figure_id"], "figure_id", row["figure_id"], "", name))
        return
    column = "value_precise" if by_meaning and row.get("value_precise", "") != "" else "value"
    if not same_number(row[column], derived["value"]):
        report.mismatches.append(Mismatch(table, row["figure_id"], column, row[column], derived["value"], name))
    for other in ("footnote", *DESCRIBED_BY_FILE):
        if other in row and other in derived and row[other] != derived[other]:
            report.mismatches.append(Mismatch(table, row["figure_id"], other, row[other], derived[other], name))


def _by_meaning(derived: dict[str, dict]) -> dict[tuple, dict]:
    """The file's figures by what they measure, for rows named otherwise (a Handbook figure matched to its source)."""
    return {(d["occupation_code"], d["measure"], d["statistic"], d["period"]): d for d in derived.values()}


def _derive(path: Path, codes: set[str]) -> tuple[dict[str, dict], dict[str, dict]]:
    """(figure rows, oews_detail rows) the file gives, by figure id, each as {column: text}."""
    fmt = format_of(path)
    detail: dict[str, dict] = {}
    if fmt.snapshot:
        def keep(figure_id: str, value: str, footnote: str, line: str) -> None:
            detail[figure_id] = {"value": value, "footnote": footnote}

        with oews_snapshot.open_snapshot(path) as snapshot:  # checks the wheel's manifest hashes
            frame = oews_snapshot.read_snapshot(snapshot, codes, "verify", keep)
    else:
        frame = fmt.read(path, codes, "verify")
    figures = {}
    for record in frame.to_dict("records"):
        figures[record["figure_id"]] = {**{k: "" if record[k] is None else str(record[k]) for k in DESCRIBED_BY_FILE},
                                        "value": cell_text(record["value"]), "footnote": record["footnote"] or ""}
    return figures, detail


def verify(data_dir: Path, files_dirs: Iterable[Path] = ()) -> Report:
    """Every figures.csv and oews_detail.csv row that says it matched a primary file, re-derived from that file."""
    data_dir = Path(data_dir)
    report = Report()
    figures = [row for row in _rows(data_dir / "figures.csv") if row["verification"] == MATCHED]
    detail_path = data_dir / "oews_detail.csv"
    detail = _rows(detail_path) if detail_path.exists() else []
    claims: dict[str, tuple[list[dict], list[dict]]] = {}
    for row in figures:
        claims.setdefault(row["verified_file"], ([], []))[0].append(row)
    for row in detail:
        claims.setdefault(row["verified_file"], ([], []))[1].append(row)
    entries = {entry["file_name"]: entry for entry in _rows(data_dir / "primary_files.csv")}
    for name, (figure_rows, detail_rows) in claims.items():
        count = len(figure_rows) + len(detail_rows)
        entry = entries.get(name)
        if entry is None:
            report.problems.append(f"{name}: {count} rows claim this file, but primary_files.csv does not list it")
            continue
        path = _locate(entry, data_dir, files_dirs)
        if path is None or not path.is_file():
            if entry["path"]:
                report.problems.append(f"{name}: committed at {entry['path']}, but the file is not there")
            else:
                report.skipped[name] = (count, f"the file is not committed and was not found; {entry['obtained_from']}")
            continue
        digest = sha256_of(path)
        if digest != entry["sha256"]:
            report.problems.append(f"{name}: sha256 is {digest}, but primary_files.csv records {entry['sha256']}")
            continue
        codes = {row["occupation_code"] for row in figure_rows + detail_rows}
        try:
            derived, derived_detail = _derive(path, codes)
        except ValueError as exc:
            report.problems.append(f"{name}: cannot be read: {exc}")
            continue
        meanings = _by_meaning(derived)
        for row in figure_rows:
            if row["figure_id"] in derived:
                _compare("figures", row, derived[row["figure_id"]], name, report)
            else:
                meaning = (row["occupation_code"], row["measure"], row["statistic"], row["period"])
                _compare("figures", row, meanings.get(meaning), name, report, by_meaning=True)
        for row in detail_rows:
            _compare("oews_detail", row, derived_detail.get(row["figure_id"]), name, report)
        report.checked[name] = count
    return report


def summary_lines(report: Report) -> list[str]:
    lines = [f"checked {count} rows against {name}" for name, count in sorted(report.checked.items())]
    lines += [f"skipped {count} rows that claim {name}: {why}" for name, (count, why) in sorted(report.skipped.items())]
    lines += [f"problem: {problem}" for problem in report.problems]
    lines += [f"mismatch: {mismatch}" for mismatch in report.mismatches]
    return lines
