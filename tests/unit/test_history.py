"""mbcstats.history: the figures a reader of each data version saw, and what changed between versions."""

from __future__ import annotations

import pandas as pd
import pytest

from mbcstats.history import as_of, changes, version_key


def figures(*rows: tuple) -> pd.DataFrame:
    """(figure_id, value, added_in, supersedes) rows, typed like mbcstats.load_tables returns them."""
    frame = pd.DataFrame(rows, columns=["figure_id", "value", "added_in", "supersedes"])
    return frame.astype({"figure_id": "string", "value": "Float64", "added_in": "string", "supersedes": "string"})


@pytest.fixture
def history() -> pd.DataFrame:
    # 1.0.0 releases a and b; 1.1.0 corrects a with a2 and adds c; 1.2.0 corrects a2 with a3.
    return figures(
        ("a", 51000, "1.0.0", None),
        ("b", 75460, "1.0.0", None),
        ("a2", 51090, "1.1.0", "a"),
        ("c", 7.1, "1.1.0", None),
        ("a3", 51091, "1.2.0", "a2"),
    )


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["figure_id"])


def test_as_of_the_first_version_shows_only_rows_added_in_it(history):
    assert ids(as_of(history, "1.0.0")) == {"a", "b"}


def test_as_of_shows_rows_added_minus_rows_superseded(history):
    """as_of a version shows the rows added by then minus those superseded by then."""
    assert ids(as_of(history, "1.1.0")) == {"b", "a2", "c"}
    assert ids(as_of(history, "1.2.0")) == {"b", "c", "a3"}


def test_a_correction_hides_its_row_from_its_version_on(history):
    """A correction hides the row it supersedes from its own version on, but not before."""
    assert "a" in ids(as_of(history, "1.0.0"))
    assert "a" not in ids(as_of(history, "1.1.0"))
    assert "a2" not in ids(as_of(history, "1.0.0"))
    assert "a2" in ids(as_of(history, "1.1.0"))


def test_as_of_keeps_the_values_of_the_rows_it_returns(history):
    visible = as_of(history, "1.1.0").set_index("figure_id")["value"]
    assert visible["a2"] == 51090
    assert visible["b"] == 75460


def test_as_of_a_patch_release_counts_rows_released_before_it(history):
    """as_of a patch release between minors counts the rows released before it."""
    assert ids(as_of(history, "1.1.5")) == {"b", "a2", "c"}


def test_as_of_a_version_before_any_release_shows_nothing(history):
    assert ids(as_of(history, "0.9.0")) == set()


def test_as_of_a_later_version_than_any_row_shows_the_latest_state(history):
    assert ids(as_of(history, "9.0.0")) == {"b", "c", "a3"}


def test_as_of_does_not_change_the_frame_it_is_given(history):
    before = history.copy()
    as_of(history, "1.1.0")
    pd.testing.assert_frame_equal(history, before)


def test_version_ordering_is_numeric_so_1_10_0_comes_after_1_9_0():
    assert version_key("1.10.0") > version_key("1.9.0")
    assert version_key("2.0.0") > version_key("1.99.99")
    assert version_key("1.0.10") > version_key("1.0.9")
    assert sorted(["1.10.0", "1.9.0", "1.2.0"], key=version_key) == ["1.2.0", "1.9.0", "1.10.0"]


def test_as_of_1_9_0_does_not_include_rows_added_in_1_10_0():
    frame = figures(("old", 1, "1.9.0", None), ("new", 2, "1.10.0", None), ("fix", 3, "1.10.0", "old"))
    assert ids(as_of(frame, "1.9.0")) == {"old"}
    assert ids(as_of(frame, "1.10.0")) == {"new", "fix"}
    assert ids(as_of(frame, "1.2.0")) == set()


def change_of(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["figure_id"], frame["change"]))


def test_changes_marks_rows_added_revised_and_superseded(history):
    """changes marks new rows added, corrections revised and replaced rows superseded."""
    assert change_of(changes(history, "1.0.0", "1.1.0")) == {"c": "added", "a2": "revised", "a": "superseded"}


def test_changes_across_two_releases_compares_only_their_end_states(history):
    # a2 came and went between 1.0.0 and 1.2.0: a reader of 1.0.0 moving to 1.2.0 sees a replaced by a3.
    assert change_of(changes(history, "1.0.0", "1.2.0")) == {"c": "added", "a3": "revised", "a": "superseded"}


def test_changes_between_a_version_and_itself_is_empty(history):
    assert changes(history, "1.1.0", "1.1.0").empty


def test_changes_from_nothing_marks_every_first_release_row_added(history):
    assert change_of(changes(history, "0.1.0", "1.0.0")) == {"a": "added", "b": "added"}
