"""Shared fixtures: where the data package lives, a scratch copy of it, and a way to run the CLI."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mbcstats.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"  # the committed data package: read only


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The committed data package (read only: never write here)."""
    return DATA_DIR


DETAIL_ROWS_PER_AREA_TYPE = 100  # the first rows of each area type (national, state, metro, nonmetro) in oews_detail.csv


def write_small_package(target: Path) -> Path:
    """A copy of data/ whose OEWS detail table keeps the first DETAIL_ROWS_PER_AREA_TYPE rows of each area type, resealed and repackaged.
    Every other table, every release and every raw file are as committed; only the detail table is short, so a
    check of the whole package (which every ingest and validate makes) reads a fraction of the rows."""
    from mbcstats.load import check_package
    from mbcstats.package import write_descriptor
    from mbcstats.seals import SEAL_COLUMNS, seal_rows

    shutil.copytree(DATA_DIR, target)
    detail = target / "oews_detail.csv"
    with open(detail, encoding="utf-8", newline="") as handle:
        header, *lines = handle.readlines()
    area_type = next(csv.reader([header])).index("area_type")
    seen: dict[str, int] = {}
    kept = [header]
    for line in lines:
        kind = next(csv.reader([line]))[area_type]
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= DETAIL_ROWS_PER_AREA_TYPE:
            kept.append(line)
    detail.write_text("".join(kept), encoding="utf-8", newline="")
    (target / "seals.csv").unlink()
    tables, _ = check_package(target)
    frames = {name: table.frame for name, table in tables.items() if table.frame is not None}
    released = tables["versions"].frame["version"].tolist()
    with open(target / "seals.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, SEAL_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows([row for version in released for row in seal_rows(frames, version)])
    write_descriptor(target)
    problems = check_package(target)[1]
    assert problems == [], problems
    return target


@pytest.fixture(scope="session")
def small_package_template(tmp_path_factory) -> Path:
    """Built once per test run; tests get copies of it (data_copy)."""
    return write_small_package(tmp_path_factory.mktemp("small") / "data")


@pytest.fixture
def data_copy(tmp_path, small_package_template) -> Path:
    """A private, valid copy of the data package that a test may change: data/ with a short OEWS detail table
    (write_small_package). Tests of the committed detail rows themselves use full_data_copy."""
    target = tmp_path / "data"
    shutil.copytree(small_package_template, target)
    return target


@pytest.fixture
def full_data_copy(tmp_path, data_dir) -> Path:
    """A private copy of data/ exactly as committed (tables, descriptor and raw files) that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


@dataclass
class CliRun:
    """What a `python -m mbcstats` command returned and printed."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args) -> CliRun:
    """`python -m mbcstats ARGS...`, run in this process (starting Python for each of ~90 commands took most of
    the time of the tests that use it). An exception the command does not handle fails the test, as a traceback
    would."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit:  # argparse's answer to a malformed command
            code = exit.code
    return CliRun(code, stdout.getvalue(), stderr.getvalue())


def run_cli_process(*args, timeout: float = 120) -> CliRun:
    """The same command in its own Python process, from the repository root: for the few end-to-end runs."""
    process = subprocess.run([sys.executable, "-m", "mbcstats", *map(str, args)], cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=timeout)
    return CliRun(process.returncode, process.stdout, process.stderr)


@pytest.fixture(scope="session")
def run_mbcstats():
    """Run `python -m mbcstats ARGS...` in-process; the result has returncode, stdout, stderr and output."""
    return run_cli


# --- what a test asks to have printed in the run's log ------------------------------------------------------------

_printed: list[tuple[str, str]] = []


def pytest_runtest_logreport(report):
    """Collect the lines a test recorded as ("printed", line) with record_property; reports reach the controlling
    process also from the workers of a parallel run, where a test's own output is not shown."""
    if report.when == "call":
        _printed.extend((report.nodeid, value) for name, value in report.user_properties if name == "printed")


def pytest_terminal_summary(terminalreporter):
    if _printed:
        terminalreporter.section("counts recorded by tests")
        for nodeid, line in _printed:
            terminalreporter.write_line(f"{nodeid.split('::')[-1]}: {line}")
