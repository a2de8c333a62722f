"""The installed packages are exactly the ones the lock files pin: two installs a month apart are one program."""

from __future__ import annotations

import re
from importlib import metadata

import pytest

from tests.conftest import REPO_ROOT

LOCKS = [REPO_ROOT / "requirements.txt", REPO_ROOT / "tests" / "requirements.txt"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def pins() -> dict[str, str]:
    found = {}
    for lock in LOCKS:
        lines = lock.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = PIN.match(line)
            if match:
                assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{lock.name}: {match[1]} has no hash"
                found[match[1]] = match[2]
    return found


def test_the_locks_pin_the_direct_dependencies_and_what_they_pull_in():
    locked = pins()
    assert {"streamlit", "pandas", "plotly", "pytest", "starlette", "protobuf", "uvicorn"} <= set(locked)


@pytest.mark.parametrize("name, version", sorted(pins().items()))
def test_the_installed_version_is_the_locked_one(name, version):
    assert metadata.version(name) == version
