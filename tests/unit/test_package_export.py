"""`python -m mbcstats export`: the whole package as of a data version, in one zip that Frictionless validates."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from mbcstats.history import as_of
from tests.conftest import DATA_DIR, run_cli


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def exported(tmp_path: Path, version: str) -> Path:
    out = tmp_path / f"{version}.zip"
    result = run_cli("export", "--version", version, out)
    assert result.returncode == 0, result.output
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path / version)
    return tmp_path / version / f"mbcstats-data-{version}"


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0"])
def test_the_export_holds_exactly_the_figures_history_gives_for_the_version(tmp_path, version):
    folder = exported(tmp_path, version)
    figures = pd.read_csv(DATA_DIR / "figures.csv", dtype=str, keep_default_na=False)
    expected = as_of(figures.assign(supersedes=figures["supersedes"].replace("", pd.NA)), version).fillna("")
    got = _rows(folder / "figures.csv")
    assert got == expected.to_dict("records")
    assert all(_key(row["added_in"]) <= _key(version) for row in got)
    for name in ("sources", "primary_files", "occupations", "articles", "oews_detail"):
        everything = _rows(DATA_DIR / f"{name}.csv")
        wanted = [row for row in everything if _key(row["added_in"]) <= _key(version)]
        if wanted:
            assert _rows(folder / f"{name}.csv") == wanted, name
        else:
            assert not (folder / f"{name}.csv").exists(), name
    assert [row["version"] for row in _rows(folder / "versions.csv")] == \
        [row["version"] for row in _rows(DATA_DIR / "versions.csv") if _key(row["version"]) <= _key(version)]


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0"])
def test_frictionless_validates_the_unzipped_export(tmp_path, version):
    folder = exported(tmp_path, version)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == version
    assert {resource["path"] for resource in descriptor["resources"]} == {p.name for p in folder.glob("*.csv")}


def test_the_export_of_the_corrections_version_shows_corrections_in_place_of_the_quotes(tmp_path):
    quotes = _rows(DATA_DIR / "article_quotes.csv")
    version = max((row["added_in"] for row in quotes if row["supersedes"]), key=_key)
    folder = exported(tmp_path, version)
    got = {row["quote_id"] for row in _rows(folder / "article_quotes.csv")}
    replaced = {row["supersedes"] for row in quotes if row["supersedes"]}
    assert replaced and not got & replaced
    assert got == {row["quote_id"] for row in quotes} - replaced
    assert frictionless.validate(str(folder / "datapackage.json")).valid


def test_the_readme_cites_and_licenses_and_the_changelog_stops_at_the_version(tmp_path):
    folder = exported(tmp_path, "1.1.0")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "data version 1.1.0" in readme
    assert "MIT" in readme and "public domain" in readme and "AAPC" in readme
    assert "O*NET" not in readme  # no O*NET text in 1.1.0
    changelog = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 1.1.0" in changelog and "## 1.0.0" in changelog and "## 1.2.0" not in changelog


def test_the_readme_gives_o_net_s_attribution_where_its_descriptions_are_exported(tmp_path):
    version = next(row["added_in"] for row in _rows(DATA_DIR / "occupation_descriptions.csv"))
    readme = (exported(tmp_path, version) / "README.md").read_text(encoding="utf-8")
    notes = " ".join((DATA_DIR / "raw/onet/PROVENANCE.md").read_text(encoding="utf-8").split())
    attribution = notes.split('(attribute "')[1].split('"')[0]  # as PROVENANCE.md words it
    assert f'Attribution: "{attribution}"' in readme and "Creative Commons Attribution 4.0" in readme


def test_the_primary_files_come_with_the_export_so_verify_runs_on_it_alone(tmp_path):
    folder = exported(tmp_path, "1.1.0")
    for row in _rows(folder / "primary_files.csv"):
        assert not row["path"] or (folder / row["path"]).read_bytes() == (DATA_DIR / row["path"]).read_bytes()
    result = run_cli("verify", folder, "--files-dir", tmp_path / "none")
    assert result.returncode == 0, result.output
    assert "checked 120 rows against national_M2024_dl.xlsx" in result.stdout


def test_a_version_that_was_never_released_is_refused(tmp_path):
    result = run_cli("export", "--version", "9.9.9", tmp_path / "x.zip")
    assert result.returncode == 1
    assert "data version '9.9.9' is not released" in result.stderr
