"""deploy/serve for tests: the command, run with this Python, and free ports on the addresses it uses."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import REPO_ROOT

SERVE = REPO_ROOT / "deploy" / "serve"
SERVE_ENV = {**os.environ, "PYTHON": sys.executable}
SERVE_TIMEOUT = 120  # seconds for `deploy/serve start`, `roll` or `stop`


def serve_command(*args: str) -> list[str]:
    return [str(SERVE), *map(str, args)]


def serve(*args) -> subprocess.CompletedProcess:
    """`deploy/serve ARGS...`, its output captured."""
    return subprocess.run(serve_command(*args), env=SERVE_ENV, capture_output=True, text=True, timeout=SERVE_TIMEOUT)


def start_arguments(run_dir, replicas: int) -> list[str]:
    """`start` with `replicas` on free ports: nginx's on 127.0.0.1, the replicas' on 127.0.0.2 (deploy/serve checks
    every replica's address)."""
    return ["start", "--replicas", str(replicas), "--port", str(free_port("127.0.0.1")),
            "--app-port", str(free_port("127.0.0.2")), "--run-dir", str(run_dir)]


def nginx_base(arguments: list[str]) -> str:
    return f"http://127.0.0.1:{arguments[arguments.index('--port') + 1]}"


def free_port(address: str) -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def run_async(coroutine, timeout: float = 600):
    """Run a coroutine to its end in a thread of its own: where Playwright's sync API has run in this process (the
    browser tests, on the same worker), this thread keeps an event loop of its own, and asyncio.run refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)
