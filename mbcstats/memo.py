"""A bounded store of worked-out results, shared by every thread (every Streamlit session) of the process."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Memo:
    """`memo.get(key, compute)`: the result stored under `key`, or `compute()` stored there first.

    What `st.cache_resource` does for the app's loaders and page results, without hashing every argument
    with Streamlit's own hasher (~0.2 ms a lookup, ten lookups a page run): the caller builds a key of
    plain hashable values. Keeps the `max_entries` most recently used results. Two sessions asking for
    the same missing key at once compute it once; different keys compute side by side.
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._entries:  # another thread finished it while this one waited
                    return self._entries[key]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._computing.pop(key, None)
                raise
            with self._lock:
                self._entries[key] = value
                self._computing.pop(key, None)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._entries)
