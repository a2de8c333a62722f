"""python -m mbcstats validate | verify | ingest | seal | package | export"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from mbcstats.load import DEFAULT_DATA_DIR

DEFAULT_FILES_DIR = DEFAULT_DATA_DIR.parent / "wheels"  # where the README's `pip download -d wheels/` puts them


def fail(message: str) -> None:
    """A refusal or an error: on standard error, so that standard output holds only what a command produced."""
    print(message, file=sys.stderr)


def _validate(args) -> int:
    from mbcstats.load import check_package

    tables, errors = check_package(args.data_dir)
    if errors:
        print(f"{len(errors)} problem(s) in {args.data_dir}:")
        for error in errors:
            print(f"  {error}")
        return 1
    counts = ", ".join(f"{name} {len(table.frame)}" for name, table in tables.items())
    print(f"ok: {args.data_dir} ({counts} rows)")
    return 0


def _ingest(args) -> int:
    from mbcstats.ingest.run import IngestRefused, ingest
    from mbcstats.validate import DataError

    missing = [path for path in args.files if not Path(path).is_file()]
    if missing:
        fail(f"refused: no such file: {', '.join(map(str, missing))}")
        return 1
    bad = [item for item in args.pin if not re.fullmatch(r"[^=]+=[0-9a-fA-F]{64}", item.strip())]
    if bad:
        fail(f"refused: --pin takes FILE=SHA256 (64 hex digits), got {bad[0]!r}")
        return 1
    pinned = dict(item.strip().split("=", 1) for item in args.pin)
    try:
        report = ingest(args.files, args.data_dir, version=args.version, pinned=pinned)
    except (IngestRefused, DataError) as exc:
        fail(f"refused: {exc}")
        return 1
    if not report.changed:
        print("nothing to ingest: every figure in these files is already in the data package")
        return 0
    for name, count in report.added.items():
        print(f"added {count} rows from {name}")
    print(f"released data version {report.version}")
    return 0


def _seal(args) -> int:
    from mbcstats.ingest.run import IngestRefused, seal_releases

    try:
        sealed = seal_releases(args.data_dir)
    except IngestRefused as exc:
        fail(f"refused: {exc}")
        return 1
    print(f"sealed data version(s) {', '.join(sealed)}" if sealed else "nothing to seal: every release is sealed")
    return 0


def _package(args) -> int:
    from mbcstats.package import write_descriptor

    print(f"wrote {write_descriptor(args.data_dir)}")
    return 0


def _verify(args) -> int:
    from mbcstats.verify import summary_lines, verify

    report = verify(args.data_dir, args.files_dir or [DEFAULT_FILES_DIR])
    for line in summary_lines(report):
        print(line)
    if not report.ok:
        print(f"{len(report.mismatches)} mismatch(es), {len(report.problems)} problem(s) in {args.data_dir}")
        return 1
    skipped = sum(count for count, _ in report.skipped.values())
    print(f"ok: every row that claims a primary file matches it ({sum(report.checked.values())} rows checked"
          + (f", {skipped} skipped because their file is absent)" if skipped else ")"))
    return 0


def _export(args) -> int:
    from mbcstats.package import latest_version
    from mbcstats.package_export import export_package

    version = args.version or latest_version(args.data_dir)
    written = export_package(args.data_dir, version, args.out)
    print(f"wrote {args.out}: data version {version}, {len(written)} files")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mbcstats", description="Check and extend the mbcstats data package.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the data package; print ok or every problem")
    validate.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    validate.set_defaults(run=_validate)
    verify = commands.add_parser("verify", help="re-derive every figure that claims a primary file from that file")
    verify.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    verify.add_argument("--files-dir", "--wheel-dir", action="append", type=Path, metavar="DIR",
                        help="where to look for files that are not committed, such as the OEWS snapshot wheel "
                             f"(default: {DEFAULT_FILES_DIR.name}/ beside data/)")
    verify.set_defaults(run=_verify)
    ingest = commands.add_parser("ingest", help="take BLS files in as a new data version")
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ingest.add_argument("--version", help="version to release (default: next minor version)")
    ingest.add_argument("--pin", action="append", default=[], metavar="FILE=SHA256",
                        help="refuse FILE unless its sha256 is SHA256")
    ingest.set_defaults(run=_ingest)
    seal = commands.add_parser("seal", help="seal the released versions that have no seal yet (made by hand)")
    seal.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    seal.set_defaults(run=_seal)
    package = commands.add_parser("package", help="rewrite datapackage.json (schemas and hashes)")
    package.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    package.set_defaults(run=_package)
    export = commands.add_parser("export", help="write the whole data package as of a data version to one zip")
    export.add_argument("out", type=Path, metavar="OUT.zip")
    export.add_argument("--version", help="data version (default: the latest)")
    export.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    export.set_defaults(run=_export)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError) as exc:  # an unreadable file, a table with no rows: the user's problem, not a crash
        fail(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
