"""One data state per page run: how the data folder looks, and reads kept only when the files stayed as pinned."""

import os

import pytest

from mbcstats.memo import DataChanged, DataState, Memo, look, read_as_pinned


class Files:
    """Stand-in data files: a version that a writer can bump between two looks, and a reader that counts."""

    def __init__(self):
        self.version, self.reads = 1, 0

    def now(self) -> DataState:
        return DataState("data", (self.version,))

    def read(self, writer_during_read: bool = False) -> str:
        self.reads += 1
        content = f"tables of version {self.version}"
        if writer_during_read:
            self.version += 1
        return content


def test_a_read_is_kept_when_the_files_stay_as_pinned_and_read_once():
    files, memo = Files(), Memo(4)
    pinned = files.now()
    assert memo.get(pinned, lambda: read_as_pinned(pinned, files.read, files.now)) == "tables of version 1"
    assert memo.get(pinned, lambda: read_as_pinned(pinned, files.read, files.now)) == "tables of version 1"
    assert files.reads == 1


def test_files_changed_after_the_pin_are_not_read_under_it():
    files, memo = Files(), Memo(4)
    pinned = files.now()
    files.version = 2  # a release switched in after the run pinned its state, before it read the tables
    with pytest.raises(DataChanged):
        memo.get(pinned, lambda: read_as_pinned(pinned, files.read, files.now))
    assert files.reads == 0 and len(memo) == 0


def test_a_read_the_files_changed_under_is_discarded():
    """A read during which the files changed is neither kept nor returned."""
    files, memo = Files(), Memo(4)
    pinned = files.now()
    with pytest.raises(DataChanged):
        memo.get(pinned, lambda: read_as_pinned(pinned, lambda: files.read(writer_during_read=True), files.now))
    assert len(memo) == 0  # nothing from the new files sits under the old state
    pinned = files.now()  # the next run pins the new state and reads it
    assert memo.get(pinned, lambda: read_as_pinned(pinned, files.read, files.now)) == "tables of version 2"


def test_the_state_names_the_top_level_files_with_their_size(tmp_path):
    (tmp_path / "figures.csv").write_text("a\n1\n", encoding="utf-8")
    first = look(tmp_path)
    (tmp_path / "figures.csv").write_text("a\n1\n2\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("b\n", encoding="utf-8")
    second = look(tmp_path)
    assert second != first and second.problem is None and second.directory == str(tmp_path)
    files = second.stamp[1]
    assert [name for name, *_ in files] == ["figures.csv", "sources.csv"]
    assert dict((name, size) for name, _, _, size in files)["figures.csv"] == len("a\n1\n2\n")
    (tmp_path / "sub").mkdir(exist_ok=True)
    assert look(tmp_path).stamp[1] == files  # only the files at the top of the package count


def test_a_switched_in_release_folder_is_a_new_state(tmp_path):
    """A release switched in as a whole folder is a new state even with the same files.

    Unchanged files of a new release are hard links to the old ones: same names, inodes, times and sizes."""
    old, new, data = tmp_path / "release-1", tmp_path / "release-2", tmp_path / "data"
    old.mkdir()
    new.mkdir()
    for name in ("figures.csv", "sources.csv"):
        (old / name).write_text(f"{name}\n", encoding="utf-8")
        os.link(old / name, new / name)
    old.rename(data)
    before = look(data)
    data.rename(old)  # the exchange, as two renames
    new.rename(data)
    after = look(data)
    assert after.stamp[1] == before.stamp[1]  # file for file the same
    assert after != before


def test_a_missing_folder_and_a_file_are_problems_not_errors(tmp_path):
    (tmp_path / "figures.csv").write_text("a\n", encoding="utf-8")
    assert look(tmp_path / "nowhere") == DataState(str(tmp_path / "nowhere"), problem="does not exist")
    assert look(tmp_path / "figures.csv").problem == "is not a folder"
