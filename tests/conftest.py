"""Shared fixtures: where the data package lives, a scratch copy of it, and a way to run the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def run_mbcstats():
    """Run `python -m mbcstats ARGS...` in a subprocess from the repository root.

    Returns the CompletedProcess with `output` = stdout + stderr, so a test can look
    for a traceback wherever it was printed.
    """

    def run(*args, timeout: float = 60) -> subprocess.CompletedProcess:
        process = subprocess.run([sys.executable, "-m", "mbcstats", *map(str, args)], cwd=REPO_ROOT,
                                 capture_output=True, text=True, timeout=timeout)
        process.output = process.stdout + process.stderr
        return process

    return run
