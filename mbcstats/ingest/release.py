"""The release step: change a copy of the data package, then switch it in whole, one release at a time.

A release is built in a staging folder beside the package (top-level files copied, the large files under raw/
hard-linked), checked, and swapped with the package folder in one atomic rename (Linux `renameat2` with
RENAME_EXCHANGE). A kill at any instant leaves the package as it was or as the finished release, never a
mixture; what a killed run leaves beside the package is cleared by the next one. An exclusive lock on a file
beside the package lets one release be built at a time; the kernel releases it when its holder dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path


class ReleaseRefused(Exception):
    """The release cannot be made now (another one is being made, or the file system cannot switch it in)."""


def _beside(data_dir: Path, what: str) -> Path:
    return data_dir.parent / f".{data_dir.name}.{what}"


def lock_path(data_dir: Path) -> Path:
    return _beside(Path(data_dir).resolve(), "lock")


@contextlib.contextmanager
def exclusive(data_dir: Path) -> Iterator[None]:
    """Hold the package's release lock, or refuse at once if another process holds it."""
    path = lock_path(data_dir)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise ReleaseRefused(f"another ingest into {Path(data_dir).name}/ is running ({holder}); "
                                 "try again when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def leftovers(data_dir: Path) -> list[Path]:
    """Staging folders that a killed release left beside the package (each holds a release that never was, or
    the release just replaced)."""
    data_dir = Path(data_dir).resolve()
    return sorted(data_dir.parent.glob(f".{data_dir.name}.staging-*"))


def _stage(data_dir: Path, staging: Path) -> None:
    """A copy of the package to change: its own top-level files (they are appended to), hard links below them
    (raw files are only ever added, never written in place)."""
    staging.mkdir()
    for entry in data_dir.iterdir():
        target = staging / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, copy_function=os.link, symlinks=True)
        else:
            shutil.copy2(entry, target, follow_symlinks=False)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync(folder: Path) -> None:
    """Written bytes reach the disk before the switch: a power cut after it must not find a half-written release.
    Files with one link are the ones this release wrote; the hard-linked ones were on disk already."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_nlink == 1:
            _fsync(path)
    for path in [*(path for path in folder.rglob("*") if path.is_dir() and not path.is_symlink()), folder]:
        _fsync(path)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(first: Path, second: Path) -> None:
    """Swap two folders' names in one step: every reader sees the one or the other, whole."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None or renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                                      _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno() if renameat2 is not None else errno.ENOSYS
        raise ReleaseRefused(f"cannot switch {first.name} in for {second.name} atomically "
                             f"(renameat2 RENAME_EXCHANGE: {os.strerror(code)}); releases need a Linux file system "
                             "that supports it, such as ext4, xfs, btrfs or tmpfs")


@contextlib.contextmanager
def staged_release(data_dir: Path) -> Iterator[Path]:
    """A staging copy of `data_dir` to build the release in; switched in when the block ends normally, thrown
    away when it raises. Holds the release lock throughout."""
    data_dir = Path(data_dir).resolve()
    with exclusive(data_dir):
        for path in leftovers(data_dir):
            shutil.rmtree(path)
        staging = _beside(data_dir, f"staging-{os.getpid()}")
        _stage(data_dir, staging)
        try:
            yield staging
            _sync(staging)
            exchange(staging, data_dir)
            _fsync(data_dir.parent)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # the release that was not made, or the one replaced
