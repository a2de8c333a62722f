"""The committed data package is valid: by our own validator, by Frictionless, and against the code's schemas."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import frictionless
import pytest

from mbcstats.schema import TABLES
from tests.conftest import run_cli_process

SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


@pytest.fixture(scope="module")
def descriptor(data_dir) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_python_m_mbcstats_validate_prints_ok_and_exits_zero(data_dir):
    """End to end: the command in its own process, as a maintainer types it."""
    result = run_cli_process("validate", data_dir)
    assert result.returncode == 0, result.output
    assert any(line.startswith("ok") for line in result.stdout.splitlines()), result.output
    assert "Traceback" not in result.output


def test_the_installed_mbcstats_command_validates_the_shipped_package():
    command = Path(sys.executable).with_name("mbcstats")
    result = subprocess.run([command, "validate"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("ok"), result.stdout + result.stderr


def test_mbcstats_validate_without_arguments_checks_the_repository_data(run_mbcstats):
    result = run_mbcstats("validate")
    assert result.returncode == 0, result.output
    assert result.stdout.startswith("ok"), result.output


def test_frictionless_python_api_reports_the_package_valid(data_dir):
    report = frictionless.validate(str(data_dir / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_frictionless_cli_reports_the_package_valid(data_dir):
    cli = Path(sys.executable).parent / "frictionless"  # installed beside the interpreter running the tests
    result = subprocess.run([str(cli), "validate", str(data_dir / "datapackage.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout


def test_every_descriptor_schema_equals_mbcstats_schema(descriptor):
    """Every resource schema in the descriptor equals the schema in mbcstats.schema."""
    by_name = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(by_name) == set(TABLES)
    for name, table in TABLES.items():
        assert by_name[name]["path"] == table["path"], name
        assert by_name[name]["schema"] == table["schema"], f"schema of {name} differs from mbcstats.schema.TABLES"


def test_every_resource_records_the_sha256_and_size_of_its_file(descriptor, data_dir):
    for resource in descriptor["resources"]:
        raw = (data_dir / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest(), resource["name"]
        assert resource["bytes"] == len(raw), resource["name"]


def test_every_csv_header_lists_the_schema_fields_in_order(descriptor, data_dir):
    for resource in descriptor["resources"]:
        with open(data_dir / resource["path"], newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["name"]


def test_package_version_is_semver_and_the_latest_release(descriptor, data_dir):
    """The package version is semver and is the latest release in versions.csv."""
    version = descriptor["version"]
    assert SEMVER.fullmatch(version), version
    released = [row["version"] for row in _rows(data_dir / "versions.csv")]
    assert version in released
    assert all(SEMVER.fullmatch(v) for v in released), released
    latest = max(released, key=lambda v: tuple(int(part) for part in v.split(".")))
    assert version == latest


def test_changelog_has_an_entry_for_every_released_version(data_dir):
    changelog = (data_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    for row in _rows(data_dir / "versions.csv"):
        assert re.search(rf"^## {re.escape(row['version'])} \({row['released']}\)", changelog, re.M), row["version"]


def test_no_figure_id_occurs_twice(data_dir):
    counts = Counter(row["figure_id"] for row in _rows(data_dir / "figures.csv"))
    assert [figure_id for figure_id, n in counts.items() if n > 1] == []
    assert len(counts) > 0


def test_no_quote_id_occurs_twice(data_dir):
    counts = Counter(row["quote_id"] for row in _rows(data_dir / "article_quotes.csv"))
    assert [quote_id for quote_id, n in counts.items() if n > 1] == []


def test_every_committed_article_text_matches_its_recorded_sha256(data_dir):
    for row in _rows(data_dir / "articles.csv"):
        assert hashlib.sha256((data_dir / row["file"]).read_bytes()).hexdigest() == row["sha256"], row["file"]
