"""A path written in a table (primary_files.path, articles.file) leads to a regular file inside the data package.

validate hashes the files those columns name; any other path is reported on its line and column and never opened.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import mbcstats.rules
from mbcstats.load import check_package
from tests.conftest import run_cli_process
from tests.unit.test_validate_errors import assert_reported, refused, row_index, set_cell

TABLES = {"primary_files.csv": ("file_name", "national_M2024_dl.xlsx", "path"),
          "articles.csv": ("article_id", "article-000", "file")}


def point_at(data_dir: Path, table: str, target: str, digest: str | None = None) -> tuple[int, str]:
    """Make one row of `table` name `target` (and record `digest` as its sha256); return its line and column."""
    key, value, column = TABLES[table]
    path = data_dir / table
    k = row_index(path, key, value)
    if digest:
        set_cell(path, k, "sha256", digest)
    return set_cell(path, k, column, target), column


@pytest.fixture
def outside(tmp_path) -> Path:
    """A readable file beside the package, not in it (think /etc/shadow)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$not-for-the-dashboard\n", encoding="utf-8")
    return secret


@pytest.fixture
def hashed(monkeypatch) -> list[Path]:
    """Every file validate hashes, resolved."""
    seen: list[Path] = []
    real = mbcstats.rules.sha256_of

    def spy(path):
        seen.append(Path(path).resolve())
        return real(path)

    monkeypatch.setattr(mbcstats.rules, "sha256_of", spy)
    return seen


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("how", ["absolute", "relative", "link"])
def test_a_path_outside_the_package_is_reported_and_never_read(data_copy, outside, hashed, table, how):
    # The row records the outside file's true sha256, so only the path gives it away.
    if how == "link":
        (data_copy / "raw" / "innocent.txt").symlink_to(outside)
    target = {"absolute": str(outside), "relative": os.path.relpath(outside, data_copy), "link": "raw/innocent.txt"}[how]
    line, column = point_at(data_copy, table, target, _digest(outside))
    _, errors = check_package(data_copy)
    assert any((error.file, error.line, error.column) == (table, line, column)
               and error.problem == f"{target!r} is not a path inside the data package" for error in errors), errors
    assert outside.resolve() not in hashed


def test_a_folder_inside_the_package_is_reported_as_not_a_regular_file(data_copy, hashed):
    line, column = point_at(data_copy, "articles.csv", "raw/articles")
    _, errors = check_package(data_copy)
    assert any((error.file, error.line, error.column) == ("articles.csv", line, column)
               and "is not a regular file" in error.problem for error in errors), errors


def test_a_link_to_a_file_inside_the_package_is_still_checked_by_its_hash(data_copy):
    (data_copy / "raw" / "latest.txt").symlink_to(data_copy / "raw/articles/000_07ec3a1742df5985.txt")
    point_at(data_copy, "articles.csv", "raw/latest.txt")
    _, errors = check_package(data_copy)
    assert not [error for error in errors if error.file == "articles.csv" and error.column in ("file", "sha256")], errors


# These would hang a validate that opened them: each runs in its own process, which must finish.

def test_a_path_to_an_endless_device_is_reported_without_reading_it(data_copy):
    target = "../" * len(data_copy.resolve().parts) + "dev/zero"  # from any depth, /dev/zero
    line, column = point_at(data_copy, "primary_files.csv", target)
    lines = refused(run_cli_process("validate", data_copy))
    assert_reported(lines, "primary_files.csv", line, column, f"{target!r} is not a path inside the data package")


def test_a_named_pipe_inside_the_package_is_reported_without_opening_it(data_copy):
    os.mkfifo(data_copy / "raw" / "pipe")
    line, column = point_at(data_copy, "articles.csv", "raw/pipe")
    lines = refused(run_cli_process("validate", data_copy))
    assert_reported(lines, "articles.csv", line, column, "'raw/pipe' is not a regular file")
