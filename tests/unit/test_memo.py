"""memo.Memo: results shared between threads, computed once per key, the most recently used kept."""

import threading
import time

import pytest

from mbcstats.memo import Memo


def test_a_result_is_computed_once_and_the_least_recently_used_goes_first():
    memo, calls = Memo(max_entries=2), []

    def compute(key):
        calls.append(key)
        return [key]

    first = memo.get("a", lambda: compute("a"))
    assert memo.get("a", lambda: compute("a")) is first
    memo.get("b", lambda: compute("b"))
    memo.get("a", lambda: compute("a"))  # "a" used last: "b" is the oldest now
    memo.get("c", lambda: compute("c"))
    assert len(memo) == 2
    memo.get("a", lambda: compute("a"))
    memo.get("b", lambda: compute("b"))
    assert calls == ["a", "b", "c", "b"]


def test_concurrent_askers_for_one_result_compute_it_once():
    """Sessions asking for the same missing result at once compute it once."""
    memo, calls, results = Memo(max_entries=4), [], []
    start = threading.Barrier(4)

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return object()

    def session():
        start.wait()
        results.append(memo.get("package", slow))

    threads = [threading.Thread(target=session) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len({id(result) for result in results}) == 1


def test_a_failure_stores_nothing_and_the_next_asker_retries():
    """A failed computation stores nothing, and the next asker tries again."""
    memo = Memo(max_entries=4)

    def broken():
        raise OSError("disk gone")

    with pytest.raises(OSError):
        memo.get("package", broken)
    assert len(memo) == 0
    assert memo.get("package", lambda: "loaded") == "loaded"
