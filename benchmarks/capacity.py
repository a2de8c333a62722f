"""How many readers the dashboard serves: 1 replica and 2 replicas behind nginx (deploy/serve), each at 10, 50 and
200 concurrent sessions (and 1 and 5, to see where the curve bends), driven by `benchmarks.protocol` (no browsers:
they would take the CPUs being measured).

    .venv/bin/python -m benchmarks.capacity [--seconds 20] [--concurrency 10 50 200] [--replicas 1 2]

A session is what a new reader costs: the page's HTML, a websocket, one page run to `script_finished`, closed.
At concurrency N, N workers each open one session after another with no pause (N sessions in flight at all
times) for --seconds, over the dashboard's pages in turn. Per layout and N: sessions finished per second, p50 and
p95 time to a finished page (from the HTML request), failed sessions; the replicas' and nginx's CPU and the load
generator's own, as shares of the machine's CPUs; the load average before and after (the machine may be shared).
Then memory per session: one replica's VmRSS with 200 sessions held open against none. Ratios are against 1
replica at 10 sessions in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import PAGES, ROOT, code_version, cpu_seconds, free_port, median, percentile, rss_mb, table, url_path
from benchmarks.protocol import Disconnected, Session

SERVE = ROOT / "deploy" / "serve"
TIMEOUT = 120        # seconds for one session, or for deploy/serve
TARGET_P95 = 2.0     # seconds: the time to a finished page a reader should not wait beyond
HELD_SESSIONS = 200  # sessions held open for the memory figure


def children(pid: int) -> list[int]:
    """nginx's workers: the children of its master process."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


class Layout:
    """`deploy/serve start --replicas N` on free ports in a temporary run directory; stopped on exit."""

    def __init__(self, replicas: int):
        self.replicas = replicas
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Layout:
        self.run_dir = Path(tempfile.mkdtemp(prefix="mbcstats-capacity-"))
        started = self.serve("start", "--replicas", str(self.replicas), "--port", str(self.port),
                             "--app-port", str(free_port()))
        if started.returncode != 0:
            raise RuntimeError(f"deploy/serve start failed:\n{started.stdout}{started.stderr}")
        return self

    def __exit__(self, *exc) -> bool:
        self.serve("stop")
        return False

    def serve(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(SERVE), *args, "--run-dir", str(self.run_dir)], env={**os.environ, "PYTHON": sys.executable},
                              capture_output=True, text=True, timeout=TIMEOUT)

    def replica_pids(self) -> list[int]:
        return [int((self.run_dir / f"replica-{k}.pid").read_text()) for k in range(1, self.replicas + 1)]

    def nginx_pids(self) -> list[int]:
        master = int((self.run_dir / "nginx.pid").read_text())
        return [master, *children(master)]

    def cpu(self) -> tuple[float, float]:
        """(replicas' CPU seconds, nginx's) so far."""
        return sum(map(cpu_seconds, self.replica_pids())), sum(map(cpu_seconds, self.nginx_pids()))


@dataclass
class Cell:
    replicas: int
    concurrency: int
    seconds: float
    times: list[float]
    failures: list[str]
    replica_cpu: float   # CPU seconds over the cell
    nginx_cpu: float
    client_cpu: float
    load_before: float
    load_after: float

    @property
    def rate(self) -> float:
        return len(self.times) / self.seconds


async def open_session(base: str, path: str) -> float:
    """Seconds from the page's HTML request to its finished run, for one new session."""
    session = Session(base, timeout=TIMEOUT)
    started = time.perf_counter()
    try:
        load = await session.load(path)
    finally:
        await session.close()
    if not load.ok:
        raise Disconnected(f"{path}: {load.status}, exceptions {load.exceptions}")
    return time.perf_counter() - started


async def drive(base: str, concurrency: int, seconds: float) -> tuple[list[float], list[str], float]:
    """`concurrency` workers opening sessions back to back for `seconds`; (times, failures, measured seconds).
    Only sessions asked for within the window count; the ones still running at its end are waited for."""
    times: list[float] = []
    failures: list[str] = []
    paths = [url_path(name) for name in PAGES]
    started = time.perf_counter()
    stop_at = started + seconds

    async def worker(number: int) -> None:
        turn = number
        while time.perf_counter() < stop_at:
            try:
                times.append(await open_session(base, paths[turn % len(paths)]))
            except Disconnected as error:
                failures.append(str(error))
            turn += 1

    await asyncio.gather(*(worker(number) for number in range(concurrency)))
    return times, failures, time.perf_counter() - started


def measure(layout: Layout, concurrency: int, seconds: float) -> Cell:
    load_before = os.getloadavg()[0]
    replica_cpu, nginx_cpu = layout.cpu()
    client_cpu = time.process_time()
    times, failures, wall = asyncio.run(drive(layout.base, concurrency, seconds))
    replica_after, nginx_after = layout.cpu()
    return Cell(layout.replicas, concurrency, wall, times, failures, replica_after - replica_cpu, nginx_after - nginx_cpu,
                time.process_time() - client_cpu, load_before, os.getloadavg()[0])


async def hold_sessions(base: str, count: int) -> list[Session]:
    sessions = [Session(base, timeout=TIMEOUT) for _ in range(count)]
    for start in range(0, count, 20):  # twenty at a time: opening all at once measures the queue, not memory
        await asyncio.gather(*(session.load("/") for session in sessions[start:start + 20]))
    return sessions


def memory_per_session(count: int) -> tuple[float, float, float]:
    """(one replica's VmRSS in MB after its first page, with `count` sessions held open, MB per session)."""
    with Layout(1) as layout:
        pid = layout.replica_pids()[0]
        before = rss_mb(pid)

        async def run() -> float:
            sessions = await hold_sessions(layout.base, count)
            held = rss_mb(pid)
            for session in sessions:
                await session.close()
            return held

        held = asyncio.run(run())
    return before, held, (held - before) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="seconds each layout is driven at each concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 5, 10, 50, 200])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    arguments = parser.parse_args()
    cpus = os.cpu_count() or 1
    print(f"code {code_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cpus} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at the start")

    cells: list[Cell] = []
    with ExitStack() as stack:
        # Every layout runs for the whole benchmark and the cells alternate between them, so that a load on the shared
        # machine that comes and goes weighs on both sides of a ratio alike (an idle replica costs no CPU).
        layouts = [stack.enter_context(Layout(replicas)) for replicas in arguments.replicas]
        for layout in layouts:
            measure(layout, 10, 3)  # untimed: every page run once on every replica
        for concurrency in arguments.concurrency:
            for layout in layouts:
                cell = measure(layout, concurrency, arguments.seconds)
                cells.append(cell)
                print(f"  {layout.replicas} replica(s), {concurrency} sessions: {cell.rate:.1f}/s, "
                      f"p95 {percentile(cell.times, 0.95):.2f} s, {len(cell.failures)} failed", flush=True)
    cells.sort(key=lambda cell: (cell.replicas, cell.concurrency))

    reference = cells[0]
    rows = []
    for cell in cells:
        same_concurrency_one = next((c for c in cells if c.replicas == 1 and c.concurrency == cell.concurrency), cell)
        rows.append([cell.replicas, cell.concurrency, len(cell.times), f"{cell.rate:.1f}",
                     f"{cell.rate / reference.rate:.2f}x", f"{cell.rate / same_concurrency_one.rate:.2f}x",
                     f"{median(cell.times):.2f}", f"{percentile(cell.times, 0.95):.2f}", len(cell.failures),
                     f"{cell.replica_cpu / cell.seconds / cpus:.2f}", f"{1000 * cell.replica_cpu / max(len(cell.times), 1):.0f}",
                     f"{cell.nginx_cpu / cell.seconds / cpus:.2f}",
                     f"{cell.client_cpu / cell.seconds / cpus:.2f}", f"{cell.load_before:.1f} / {cell.load_after:.1f}"])
    print()
    print(table(rows, ["replicas", "sessions in flight", "sessions", "sessions/s", "vs 1 at 10", "vs 1 replica",
                       "p50 s", "p95 s", "failed", "replicas' CPU", "replica CPU ms per session", "nginx CPU",
                       "generator CPU", "load avg before / after"]))
    print(f"\nCPU columns: CPU seconds over the cell's wall time, divided by the machine's {cpus} CPUs; replica CPU ms per "
          "session: the replicas' CPU time over the cell divided by the sessions finished in it.")

    for replicas in arguments.replicas:
        mine = [c for c in cells if c.replicas == replicas]
        within = [c for c in mine if percentile(c.times, 0.95) < TARGET_P95]
        best = max(mine, key=lambda c: c.rate)
        print(f"{replicas} replica(s): most sessions in flight with p95 < {TARGET_P95:g} s: "
              f"{max((c.concurrency for c in within), default='none')}; highest rate {best.rate:.1f}/s at {best.concurrency}; "
              + ", ".join(f"{later.concurrency} vs {earlier.concurrency}: rate {later.rate / earlier.rate:.2f}x, "
                          f"p95 {percentile(later.times, 0.95) / percentile(earlier.times, 0.95):.2f}x"
                          for earlier, later in zip(mine, mine[1:])))

    for replicas in arguments.replicas:
        per_session = median([c.replica_cpu / len(c.times) for c in cells if c.replicas == replicas and c.times])
        print(f"derived: {replicas} replica(s) used {1000 * per_session:.0f} ms of CPU per session (median of the cells); "
              f"with a CPU each to themselves (a replica's script runs share one interpreter lock) that is at most "
              f"{replicas / per_session:.1f} sessions/s")

    before, held, per_session = memory_per_session(HELD_SESSIONS)
    print(f"\nmemory: one replica {before:.0f} MB after its first page, {held:.0f} MB with {HELD_SESSIONS} sessions open: "
          f"{per_session:.2f} MB per session")
    failures = [f for c in cells for f in c.failures]
    for failure in failures[:10]:
        print("failure:", failure)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
