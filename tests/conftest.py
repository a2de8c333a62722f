"""Shared fixtures: where the data package lives, a scratch copy of it, and a way to run the CLI."""

from __future__ import annotations

import contextlib
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


@pytest.fixture
def data_copy(tmp_path, data_dir) -> Path:
    """A private copy of data/ (tables, descriptor and raw files) that a test may change."""
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
