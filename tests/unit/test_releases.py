"""Sealed releases: a release is never rewritten, an edit to a released row is named, and an ingest happens whole,
one at a time, or not at all."""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mbcstats.cli import main
from mbcstats.history import as_of
from mbcstats.ingest import release
from mbcstats.load import check_package, load_package
from tests.conftest import REPO_ROOT
from tests.unit.test_ingest import next_minor, write_oews

FIGURE = "oews-m2024-29-2072-a_median"  # released in 1.0.0: 50250


def cli(capsys, *args) -> tuple[int, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` by its sha256."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def versions(data_dir: Path) -> list[str]:
    with open(data_dir / "versions.csv", newline="", encoding="utf-8-sig") as handle:
        return [row["version"] for row in csv.DictReader(handle)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def oews_file(tmp_path) -> Path:
    return write_oews(tmp_path / "national_M2030_dl.xlsx")


# --- a release is never rewritten ----------------------------------------------------------------

@pytest.mark.parametrize("version", ["1.0.5", "0.0.1", "1.1.0", "1.2.0-rc1", "01.2.0", "1.2", "v1.2.0"])
def test_a_version_not_newer_than_all_releases_is_refused(data_copy, oews_file, capsys, version):
    """A version not newer than every release is refused, with nothing written."""
    before = tree(data_copy)
    code, output = cli(capsys, "ingest", oews_file, "--data-dir", data_copy, "--version", version)
    assert code == 1 and output.startswith("refused:") and version in output
    assert tree(data_copy) == before and not release.leftovers(data_copy)


def test_a_newer_explicit_version_is_released_and_sealed(data_copy, oews_file, capsys):
    code, output = cli(capsys, "ingest", oews_file, "--data-dir", data_copy, "--version", "2.0.0")
    assert code == 0, output
    assert versions(data_copy)[-1] == "2.0.0"
    tables, errors = check_package(data_copy)
    assert errors == []
    sealed = tables["seals"].frame
    added = tables["figures"].frame.query("added_in == '2.0.0'")
    assert len(added) > 0
    assert (sealed["version"] == "2.0.0").sum() == len(added) + 3  # + its versions, sources and primary_files rows


# --- an edit to a released row is named, even after `package` -------------------------------------

def test_a_hand_edited_released_figure_is_named_after_repackaging(data_copy, capsys):
    edit(data_copy / "figures.csv", f"{FIGURE},29-2072,exact,,wage_annual,median,usd_per_year,50250,",
         f"{FIGURE},29-2072,exact,,wage_annual,median,usd_per_year,99999,")
    assert cli(capsys, "package", data_copy)[0] == 0
    code, output = cli(capsys, "validate", data_copy)
    assert code == 1
    named = [line for line in output.splitlines() if FIGURE in line]
    assert len(named) == 1 and "figures.csv, line" in named[0] and "release 1.0.0 sealed" in named[0]
    assert "gone" not in output  # an edited row is one problem, not also a missing one


def test_a_row_slipped_into_an_old_release_is_named(data_copy, capsys):
    with open(data_copy / "occupations.csv", "a", encoding="utf-8") as handle:
        handle.write("11-1111,Invented Occupation,SOC 2018,related,,,,1.0.0\n")
    cli(capsys, "package", data_copy)
    code, output = cli(capsys, "validate", data_copy)
    assert code == 1 and "11-1111 is not as release 1.0.0 sealed it" in output


def test_a_removed_released_row_is_reported(data_copy, capsys):
    lines = (data_copy / "articles.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "articles.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    cli(capsys, "package", data_copy)
    code, output = cli(capsys, "validate", data_copy)
    assert code == 1 and "1 row(s) that release 1.0.0 sealed are gone" in output and "articles.csv" in output


def test_a_version_added_by_hand_is_unsealed_until_sealed(data_copy, capsys):
    major, minor, patch = versions(data_copy)[-1].split(".")
    by_hand = f"{major}.{minor}.{int(patch) + 1}"  # a correction of the latest release
    with open(data_copy / "versions.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{by_hand},2026-12-01,A correction made by hand\n")
    cli(capsys, "package", data_copy)
    code, output = cli(capsys, "validate", data_copy)
    assert code == 1 and f"version {by_hand} is listed but not sealed" in output
    code, output = cli(capsys, "seal", data_copy)
    assert code == 0 and by_hand in output, output
    assert cli(capsys, "validate", data_copy)[0] == 0
    assert cli(capsys, "seal", data_copy)[1].startswith("nothing to seal")


def test_rows_of_an_unsealed_version_are_not_named_beside_an_edited_release(data_copy, capsys):
    """An edited released row is named; a new row of a version not sealed yet is only the unsealed version's problem."""
    major, minor, patch = versions(data_copy)[-1].split(".")
    by_hand = f"{major}.{minor}.{int(patch) + 1}"
    with open(data_copy / "versions.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{by_hand},2026-12-01,A correction made by hand\n")
    with open(data_copy / "occupations.csv", "a", encoding="utf-8") as handle:
        handle.write(f"11-1111,Invented Occupation,SOC 2018,related,,,,{by_hand}\n")
    edit(data_copy / "occupations.csv", "Medical Records Specialists", "Medical Record Specialists")
    cli(capsys, "package", data_copy)
    code, output = cli(capsys, "validate", data_copy)
    assert code == 1 and f"version {by_hand} is listed but not sealed" in output
    named = [line for line in output.splitlines() if "is not as release" in line]
    assert len(named) == 1 and "29-2072 is not as release 1.0.0 sealed it" in named[0], named


def test_seal_refuses_a_package_with_an_edited_release(data_copy, capsys):
    edit(data_copy / "articles.csv", "What Is Medical Billing and Coding?", "What Is Medical Billing?")
    cli(capsys, "package", data_copy)
    before = tree(data_copy)
    code, output = cli(capsys, "seal", data_copy)
    assert code == 1 and "article-000 is not as release 1.0.0 sealed it" in output
    assert tree(data_copy) == before


# --- files as editors save them ---------------------------------------------------------------------

@pytest.mark.parametrize("shape", ["no final newline", "CRLF", "byte-order mark"])
def test_an_ingest_appends_to_a_file_as_an_editor_saved_it(data_copy, oews_file, capsys, shape):
    for name in ("figures.csv", "sources.csv", "versions.csv", "primary_files.csv"):
        path = data_copy / name
        raw = path.read_bytes()
        raw = {"no final newline": raw.rstrip(b"\n"), "CRLF": raw.replace(b"\n", b"\r\n"),
               "byte-order mark": b"\xef\xbb\xbf" + raw}[shape]
        path.write_bytes(raw)
    cli(capsys, "package", data_copy)
    assert cli(capsys, "validate", data_copy)[0] == 0
    released, latest = load_package(data_copy)["figures"], versions(data_copy)[-1]
    code, output = cli(capsys, "ingest", oews_file, "--data-dir", data_copy)
    assert code == 0, output
    code, output = cli(capsys, "validate", data_copy)
    assert code == 0, output
    figures = load_package(data_copy)["figures"]
    assert as_of(figures, latest).reset_index(drop=True).equals(as_of(released, latest).reset_index(drop=True))
    assert len(figures) > len(released)


# --- pins --------------------------------------------------------------------------------------------

def test_a_pin_for_a_file_that_is_not_ingested_is_refused(data_copy, oews_file, capsys):
    before = tree(data_copy)
    code, output = cli(capsys, "ingest", oews_file, "--data-dir", data_copy, "--pin", f"nosuchfile.xlsx={'a' * 64}")
    assert code == 1 and "nosuchfile.xlsx" in output and "not among the files" in output
    assert tree(data_copy) == before


def test_a_pin_that_is_not_a_sha256_is_refused(data_copy, oews_file, capsys):
    code, output = cli(capsys, "ingest", oews_file, "--data-dir", data_copy, "--pin", f"{oews_file.name}=abc")
    assert code == 1 and "64 hex digits" in output


# --- one ingest at a time ----------------------------------------------------------------------------

def test_an_ingest_is_refused_while_another_holds_the_lock(data_copy, oews_file, capsys):
    before = tree(data_copy)
    with release.exclusive(data_copy):
        code, output = cli(capsys, "ingest", oews_file, "--data-dir", data_copy)
    assert code == 1 and "another ingest" in output
    assert tree(data_copy) == before
    assert cli(capsys, "ingest", oews_file, "--data-dir", data_copy)[0] == 0  # the lock went with its holder


def ingest_process(oews_file: Path, data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mbcstats", "ingest", str(oews_file), "--data-dir", str(data_dir)],
                            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_ingests_at_once_release_one_version(data_copy, oews_file, tmp_path):
    second = write_oews(tmp_path / "national_M2031_dl.xlsx")
    before = versions(data_copy)
    runs = [ingest_process(oews_file, data_copy), ingest_process(second, data_copy)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    released = [output for output in outputs if "released data version" in output]
    assert len(released) >= 1, outputs
    assert all("released data version" in output or "another ingest" in output for output in outputs), outputs
    tables, errors = check_package(data_copy)
    assert errors == []
    after = versions(data_copy)
    assert after[:len(before)] == before and len(after) == len(before) + len(released)
    assert not tables["figures"].frame["figure_id"].duplicated().any()


# --- a kill at any instant ------------------------------------------------------------------------------

KILLS = 20


def staging_started(data_dir: Path, process: subprocess.Popen) -> float:
    """Wait until the ingest has taken the lock and begun its staging copy; the time it did."""
    while not release.leftovers(data_dir) and process.poll() is None:
        time.sleep(0.002)
    return time.monotonic()


def test_a_killed_ingest_leaves_the_last_release_or_the_new_one(data_copy, oews_file, tmp_path):
    """kill -9 at random instants of an ingest (a quarter before it takes the lock, the rest while it builds and
    switches in the release): afterwards the package validates and is, file for file, either the package before
    or the package a finished ingest makes; the next ingest clears what the killed one left."""
    pristine = tmp_path / "pristine"
    shutil.copytree(data_copy, pristine)
    version = next_minor(data_copy)
    finished = ingest_process(oews_file, data_copy)
    started = time.monotonic()
    staged = staging_started(data_copy, finished)
    assert f"released data version {version}" in finished.communicate(timeout=120)[0]
    before_lock, building = staged - started, time.monotonic() - staged
    old, new = tree(pristine), tree(data_copy)

    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    outcomes = []
    for run in range(KILLS):
        target = tmp_path / f"run{run}" / "data"
        shutil.copytree(pristine, target)
        process = ingest_process(oews_file, target)
        if run % 4 == 0:
            time.sleep(chance.uniform(0, before_lock))
        else:
            staging_started(target, process)
            time.sleep(chance.uniform(0, building * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = tree(target)
        assert state in (old, new), f"run {run} (seed {seed}) left a mixture"
        assert check_package(target)[1] == [], f"run {run} (seed {seed})"
        outcomes.append("old" if state == old else "new")
    last = tmp_path / f"run{KILLS - 1}" / "data"
    ingest_process(oews_file, last).communicate(timeout=120)
    assert tree(last) == new
    assert not release.leftovers(last)
    print(f"kill -9 at {KILLS} random instants (seed {seed}): {outcomes.count('old')} left the last release, "
          f"{outcomes.count('new')} the new one")


def _crash_after_switch(oews_file: Path, data_dir: Path) -> None:
    """In a child process: an ingest that dies right after switching the release in, before clearing the old one."""
    from mbcstats.ingest import run

    switch = release.exchange

    def switch_then_die(first, second):
        switch(first, second)
        os._exit(137)

    release.exchange = switch_then_die
    run.ingest([oews_file], data_dir)


def test_an_ingest_killed_after_the_switch_keeps_the_new_release(
        data_copy, oews_file, capsys):
    """An ingest killed after the switch leaves the new release, and a leftover the next one clears."""
    version = next_minor(data_copy)
    child = multiprocessing.get_context("fork").Process(target=_crash_after_switch, args=(oews_file, data_copy))
    child.start()
    child.join(120)
    assert child.exitcode == 137
    assert versions(data_copy)[-1] == version
    assert check_package(data_copy)[1] == []
    assert release.leftovers(data_copy)
    second = write_oews(oews_file.with_name("national_M2031_dl.xlsx"))
    code, output = cli(capsys, "ingest", second, "--data-dir", data_copy)
    assert code == 0, output
    assert not release.leftovers(data_copy)


def test_a_failing_ingest_changes_nothing_and_leaves_nothing(data_copy, oews_file, monkeypatch):
    """A failing ingest changes nothing and leaves nothing beside the package."""
    from mbcstats.ingest import run

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    before = tree(data_copy)
    monkeypatch.setattr(run, "_append_changelog", broken)
    with pytest.raises(RuntimeError):
        run.ingest([oews_file], data_copy)
    assert tree(data_copy) == before
    assert not release.leftovers(data_copy)
