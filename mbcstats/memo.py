"""A bounded store of worked-out results, shared by every thread (every Streamlit session) of the process, and the
data state such a result belongs to."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")


class Memo:
    """`memo.get(key, compute)`: the result stored under `key`, or `compute()` stored there first.

    What `st.cache_resource` does for the app's loaders and page results, without hashing every argument
    with Streamlit's own hasher (a cost paid on every lookup, several a page run): the caller builds a key of
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


class DataState(NamedTuple):
    """The data folder and how it and its files looked at one moment, or what is wrong with the folder."""

    directory: str
    stamp: tuple = ()
    problem: str | None = None


def look(directory: Path | str) -> DataState:
    """The folder's identity and its files' names, inodes, modification times and sizes. A release switched in by
    exchanging the whole folder changes the folder's inode even where its hard-linked files are unchanged."""
    try:
        folder = os.stat(directory)
        with os.scandir(directory) as entries:
            files = [(entry.name, entry.inode(), entry.stat()) for entry in entries if entry.is_file()]
    except FileNotFoundError:
        return DataState(str(directory), problem="does not exist")
    except NotADirectoryError:
        return DataState(str(directory), problem="is not a folder")
    except OSError as error:
        return DataState(str(directory), problem=f"cannot be read ({error.strerror or type(error).__name__})")
    files = tuple(sorted((name, inode, stat.st_mtime_ns, stat.st_size) for name, inode, stat in files))
    return DataState(str(directory), ((folder.st_ino, folder.st_mtime_ns), files))


class DataChanged(Exception):
    """The data files are no longer as pinned: what was read from them belongs to no one state."""


def read_as_pinned(pinned: DataState, read: Callable[[], T], now: Callable[[], DataState] | None = None) -> T:
    """`read()`, if the files look as pinned both before and after it; else DataChanged, so a result read from other
    files, or from a mixture, is neither kept (Memo.get stores nothing on an exception) nor shown."""
    now = now or (lambda: look(pinned.directory))
    if now() != pinned:
        raise DataChanged
    value = read()
    if now() != pinned:
        raise DataChanged
    return value
