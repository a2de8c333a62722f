"""A broken data package is refused with a message that names the file, the line and the column.

Each test copies data/ to a temporary directory, breaks one thing, and runs
`python -m mbcstats validate DIR`. Line numbers are computed from the edit: data row k
(0-based, after the header) is line k + 2 of the CSV file.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import mbcstats
from mbcstats import DataError, load_tables

# --- editing CSV files one line at a time -----------------------------------------------------

def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _parse(line: str) -> list[str]:
    return next(csv.reader([line]))


def _format(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def header_of(path: Path) -> list[str]:
    return _parse(_lines(path)[0])


def row_index(path: Path, column: str, value: str) -> int:
    """0-based data row whose `column` is `value` (every row here is one line: no quoted newlines)."""
    lines = _lines(path)
    with open(path, newline="", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == len(lines), f"{path.name} has a record spanning lines"
    position = header_of(path).index(column)
    matches = [k for k, line in enumerate(lines[1:]) if _parse(line)[position] == value]
    assert len(matches) == 1, (column, value, matches)
    return matches[0]


def set_cell(path: Path, k: int, column: str, value: str) -> int:
    """Set data row k's `column` to `value`, leaving every other byte alone; return the CSV line edited."""
    lines = _lines(path)
    cells = _parse(lines[k + 1])
    cells[header_of(path).index(column)] = value
    lines[k + 1] = _format(cells)
    path.write_text("".join(lines), encoding="utf-8")
    return k + 2


def cell(path: Path, k: int, column: str) -> str:
    return _parse(_lines(path)[k + 1])[header_of(path).index(column)]


# --- assertions ---------------------------------------------------------------------------------

def refused(result) -> list[str]:
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output, result.output
    assert not result.stdout.startswith("ok"), result.output
    return [line.strip() for line in result.output.splitlines()]  # a report on stdout, an error on stderr


def assert_reported(lines: list[str], file: str, line: int | None = None, column: str | None = None,
                    *words: str) -> str:
    prefix = file if line is None else f"{file}, line {line}"
    if column is not None:
        prefix += f", column {column}"
    found = [text for text in lines if text.startswith(prefix) and all(w in text for w in words)]
    assert found, f"nothing reported as {prefix!r} with {words}:\n" + "\n".join(lines)
    return found[0]


# --- one broken thing at a time -----------------------------------------------------------------

@pytest.mark.parametrize("bad", ["51,090", "abc", "NaN"])
def test_a_non_number_value_is_reported_at_its_line_and_column(data_copy, run_mbcstats, bad):
    """A value that is not a plain number is reported on its line and column."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_mean")
    line = set_cell(figures, k, "value", bad)
    lines = refused(run_mbcstats("validate", data_copy))
    message = assert_reported(lines, "figures.csv", line, "value")
    assert bad.strip() in message


def test_an_empty_required_source_field_is_reported_on_its_line(data_copy, run_mbcstats):
    sources = data_copy / "sources.csv"
    k = row_index(sources, "source_id", "bls-oews-m2022")
    assert cell(sources, k, "publisher") != ""
    line = set_cell(sources, k, "publisher", "")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "sources.csv", line, "publisher", "required")


def test_a_duplicate_figure_id_is_reported_on_the_second_line(data_copy, run_mbcstats):
    """A duplicate figure_id is reported on the second line, with the first."""
    figures = data_copy / "figures.csv"
    first = row_index(figures, "figure_id", "oews-m2024-31-9092-h_pct10")
    second = row_index(figures, "figure_id", "oews-m2024-31-9092-h_pct25")  # no quote refers to either
    assert first < second
    line = set_cell(figures, second, "figure_id", "oews-m2024-31-9092-h_pct10")
    lines = refused(run_mbcstats("validate", data_copy))
    message = assert_reported(lines, "figures.csv", line, "figure_id", "duplicate", "oews-m2024-31-9092-h_pct10")
    assert f"line {first + 2}" in message.split(":", 1)[1], message


def test_a_file_cut_off_in_the_middle_of_a_row_is_reported_on_the_cut_line(data_copy, run_mbcstats):
    figures = data_copy / "figures.csv"
    lines = _lines(figures)
    k = 40  # keep data rows 0..39 whole, cut row 40 in half
    figures.write_text("".join(lines[: k + 1]) + lines[k + 1][: len(lines[k + 1]) // 2], encoding="utf-8")
    output = refused(run_mbcstats("validate", data_copy))
    assert_reported(output, "figures.csv", k + 2, None, "fields")


def test_a_file_cut_off_inside_a_quoted_note_is_reported_on_the_cut_line(data_copy, run_mbcstats):
    figures = data_copy / "figures.csv"
    lines = _lines(figures)
    k = next(i for i, line in enumerate(lines[1:]) if line.count('"') >= 2)
    cut = lines[k + 1].index('"') + 5
    figures.write_text("".join(lines[: k + 1]) + lines[k + 1][:cut], encoding="utf-8")
    output = refused(run_mbcstats("validate", data_copy))
    assert_reported(output, "figures.csv", k + 2)


def test_bad_cell_in_a_two_line_row_is_reported_where_it_starts(data_copy, run_mbcstats):
    """A bad cell in a row whose note spans two lines is reported on the line the row starts."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_mean")
    lines = _lines(figures)
    cells = _parse(lines[k + 1])
    header = header_of(figures)
    cells[header.index("note")] = "A note a person wrapped\nonto a second line."
    cells[header.index("value")] = "abc"
    lines[k + 1] = _format(cells)  # one record, two physical lines, starting on line k + 2
    figures.write_text("".join(lines), encoding="utf-8")
    output = refused(run_mbcstats("validate", data_copy))
    assert_reported(output, "figures.csv", k + 2, "value", "abc")


def test_a_missing_table_file_is_reported_by_name(data_copy, run_mbcstats):
    (data_copy / "occupations.csv").unlink()
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "occupations.csv", None, None, "missing")


def test_a_file_changed_after_packaging_is_reported_as_a_sha256_mismatch(data_copy, run_mbcstats):
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_mean")
    assert cell(figures, k, "value") == "51090"
    set_cell(figures, k, "value", "51091")  # still a valid number: only the hash can tell
    lines = refused(run_mbcstats("validate", data_copy))
    message = assert_reported(lines, "figures.csv", None, None, "sha256")
    assert "datapackage.json" in message
    assert lines[0].startswith("2 problem"), lines  # the hash, and the released row its seal no longer matches
    assert any("oews-m2022-29-2072-a_mean is not as release 1.0.0 sealed it" in line for line in lines), lines


def test_a_source_id_that_no_source_has_is_reported_on_its_line(data_copy, run_mbcstats):
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2019-00-0000-a_mean")
    line = set_cell(figures, k, "source_id", "nope")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "figures.csv", line, "source_id", "'nope'", "sources.csv")


def test_a_quote_of_a_figure_that_does_not_exist_is_reported_on_its_line(data_copy, run_mbcstats):
    quotes = data_copy / "article_quotes.csv"
    line = set_cell(quotes, 3, "figure_id", "no-such-figure")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "article_quotes.csv", line, "figure_id", "no-such-figure")


def test_a_missing_column_is_reported_on_the_header_line(data_copy, run_mbcstats):
    occupations = data_copy / "occupations.csv"
    position = header_of(occupations).index("notes")
    rows = [_parse(line) for line in _lines(occupations)]
    occupations.write_text("".join(_format(row[:position] + row[position + 1:]) for row in rows), encoding="utf-8")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "occupations.csv", 1, "notes", "missing")


def test_invalid_json_in_the_descriptor_is_reported_on_its_line(data_copy, run_mbcstats):
    descriptor = data_copy / "datapackage.json"
    lines = descriptor.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, text in enumerate(lines) if text.strip().startswith('"name": "mbcstats"'))
    lines[n] = lines[n].replace('"mbcstats"', "mbcstats")  # an unquoted string
    descriptor.write_text("".join(lines), encoding="utf-8")
    output = refused(run_mbcstats("validate", data_copy))
    assert_reported(output, "datapackage.json", n + 1, None, "JSON")


def test_a_descriptor_that_is_not_an_object_is_reported(data_copy, run_mbcstats):
    """A descriptor that is JSON but not an object is reported without a traceback."""
    (data_copy / "datapackage.json").write_text("[]\n", encoding="utf-8")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json")


def test_a_missing_descriptor_is_reported_by_name(data_copy, run_mbcstats):
    (data_copy / "datapackage.json").unlink()
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, None, "missing")


def test_a_disallowed_value_is_reported_at_its_line_and_column(data_copy, run_mbcstats):
    """A value outside its allowed values is reported on its line and column."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_pct90")
    line = set_cell(figures, k, "statistic", "top_10_percent")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "figures.csv", line, "statistic", "top_10_percent")


def test_an_unsourced_figure_with_an_official_source_is_reported(data_copy, run_mbcstats):
    """An unsourced figure given an official source is reported on its line."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "article-000-pay-claim-low")
    assert cell(figures, k, "verification") == "unsourced"
    line = set_cell(figures, k, "source_id", "bls-oews-m2024")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "figures.csv", line, "source_id", "unsourced")


def test_a_changed_primary_file_is_reported_on_its_primary_files_line(data_copy, run_mbcstats):
    files = data_copy / "primary_files.csv"
    k = row_index(files, "file_name", "occupationProj_2021-31.csv")
    raw = data_copy / cell(files, k, "path")
    raw.write_bytes(raw.read_bytes() + b"\n")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "primary_files.csv", k + 2, "sha256")


# --- the same problems through the library ------------------------------------------------------

def _repackage(data_dir: Path) -> None:
    """Record the files' new hashes, as `python -m mbcstats package` would after an intended edit."""
    from mbcstats.package import write_descriptor

    write_descriptor(data_dir)


def test_load_tables_raises_a_data_error_with_file_line_and_column(data_copy):
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_mean")
    line = set_cell(figures, k, "value", "51,090")
    _repackage(data_copy)
    with pytest.raises(DataError) as caught:
        load_tables(["figures"], data_copy)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("figures.csv", line, "value")
    assert isinstance(caught.value, mbcstats.DataError)
    assert f"figures.csv, line {line}, column value" in str(caught.value)


def test_load_tables_locates_a_bad_cell_despite_a_stale_hash(data_copy):
    """load_tables locates a bad cell even when the file's hash is also stale."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_mean")
    line = set_cell(figures, k, "value", "abc")
    with pytest.raises(DataError) as caught:
        load_tables(["figures"], data_copy)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("figures.csv", line, "value")


def test_load_tables_raises_a_data_error_naming_a_dangling_key(data_copy):
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2019-00-0000-a_mean")
    line = set_cell(figures, k, "source_id", "nope")
    _repackage(data_copy)
    with pytest.raises(DataError) as caught:
        load_tables(["figures"], data_copy)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("figures.csv", line, "source_id")


def test_load_tables_raises_for_a_missing_referenced_table(data_copy):
    """load_tables raises a DataError for a missing table the requested one refers to."""
    (data_copy / "occupations.csv").unlink()
    with pytest.raises(DataError) as caught:
        load_tables(["figures"], data_copy)
    assert caught.value.file == "occupations.csv"


def test_load_tables_reads_a_table_independent_of_a_broken_one(data_copy):
    """load_tables still reads a table that does not depend on a broken one."""
    figures = data_copy / "figures.csv"
    set_cell(figures, 0, "value", "abc")
    package = load_tables(["versions"], data_copy)
    assert "1.0.0" in set(package["versions"]["version"])


def test_load_tables_raises_a_data_error_for_invalid_json_with_its_line(data_copy):
    (data_copy / "datapackage.json").write_text('{\n  "version": "1.0.0",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_tables(["versions"], data_copy)
    assert (caught.value.file, caught.value.line) == ("datapackage.json", 3)


# --- a hand-edited descriptor is checked as it stands -------------------------------------------

def _edit_descriptor(data_dir: Path, edit) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit({resource["name"]: resource for resource in descriptor["resources"]})
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _field(resources: dict, table: str, name: str) -> dict:
    return next(field for field in resources[table]["schema"]["fields"] if field["name"] == name)


def test_an_unknown_field_type_is_reported_without_a_traceback(data_copy, run_mbcstats):
    """A field type the validator does not know is reported without a traceback."""
    _edit_descriptor(data_copy, lambda resources: _field(resources, "figures", "value").update(type="boolean"))
    lines = refused(run_mbcstats("validate", data_copy))
    assert any("figures" in line and "boolean" in line for line in lines), lines


def test_a_primary_key_on_a_missing_column_is_reported(data_copy, run_mbcstats):
    """A primary key naming a column the table lacks is reported without a traceback."""
    _edit_descriptor(data_copy, lambda resources: resources["figures"]["schema"].update(primaryKey=["figure_key"]))
    lines = refused(run_mbcstats("validate", data_copy))
    assert any("figure_key" in line for line in lines), lines


def test_a_foreign_key_to_a_resource_the_descriptor_lacks_is_reported(data_copy, run_mbcstats):
    def point_sources_elsewhere(resources):
        for foreign_key in resources["figures"]["schema"]["foreignKeys"]:
            if foreign_key["fields"] == "source_id":
                foreign_key["reference"]["resource"] = "publications"

    _edit_descriptor(data_copy, point_sources_elsewhere)
    lines = refused(run_mbcstats("validate", data_copy))
    assert any("publications" in line for line in lines), lines


def test_a_field_without_a_name_is_reported_without_a_traceback(data_copy, run_mbcstats):
    _edit_descriptor(data_copy, lambda resources: _field(resources, "figures", "note").pop("name"))
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, "resources (entry", "figures: field", "no \"name\"")


def test_a_resource_that_is_not_an_object_is_reported_without_a_traceback(data_copy, run_mbcstats):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"].append("figures.csv")
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, f"resources (entry {len(descriptor['resources'])})", "not an object")


def test_an_invalid_pattern_is_reported_without_a_traceback(data_copy, run_mbcstats):
    """A pattern that is not a regular expression is reported without a traceback."""
    _edit_descriptor(data_copy, lambda resources: _field(resources, "occupations", "soc_code")["constraints"]
                     .update(pattern="[0-9"))
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, None, "occupations.soc_code", "not a regular expression")


@pytest.mark.parametrize("version", ["abc", 2, None])
def test_a_package_version_that_is_not_a_version_is_reported(data_copy, run_mbcstats, version):
    _edit_descriptor_top(data_copy, version=version)
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, "version", "not a data version")


def test_an_unlisted_package_version_stops_loading_the_tables(data_copy):
    """A package version missing from versions.csv stops loading the tables."""
    _edit_descriptor_top(data_copy, version="9.9.9")
    with pytest.raises(DataError) as raised:
        load_tables(["figures"], data_copy)
    assert (raised.value.file, raised.value.column) == ("datapackage.json", "version")
    assert "'9.9.9' is not listed in versions.csv" in raised.value.problem


def _edit_descriptor_top(data_dir: Path, **values) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update(values)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def _repackage(data_dir: Path) -> None:
    from mbcstats.package import write_descriptor

    write_descriptor(data_dir)


def test_a_folder_where_a_table_file_belongs_is_reported_by_name(data_copy, run_mbcstats):
    (data_copy / "articles.csv").unlink()
    (data_copy / "articles.csv").mkdir()
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "articles.csv", None, None, "not a file")


def test_a_table_with_its_header_and_no_rows_is_reported_on_line_2(data_copy, run_mbcstats):
    path = data_copy / "known_releases.csv"
    path.write_text(_lines(path)[0], encoding="utf-8")
    _repackage(data_copy)
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "known_releases.csv", 2, None, "no rows")


def test_a_number_too_large_to_hold_is_reported_on_its_line(data_copy, run_mbcstats):
    figures = data_copy / "figures.csv"
    line = set_cell(figures, row_index(figures, "figure_id", "oews-m2022-29-2072-a_pct90"), "value", "9" * 400)
    _repackage(data_copy)
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "figures.csv", line, "value", "too large")


def test_a_byte_order_mark_and_blank_lines_at_the_end_are_read_as_nothing(data_copy, run_mbcstats):
    # What Excel's "CSV UTF-8" and a stray Enter leave in a hand-edited file: neither holds data.
    before = load_tables(["sources", "versions"], data_copy)
    for name in ("sources.csv", "versions.csv"):
        path = data_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() + b"\n\n")
    packaged = run_mbcstats("package", data_copy)  # the command a changed file's hash message asks for
    assert packaged.returncode == 0, packaged.output
    result = run_mbcstats("validate", data_copy)
    assert result.returncode == 0 and result.stdout.startswith("ok"), result.output
    after = load_tables(["sources", "versions"], data_copy)
    assert after["sources"].equals(before["sources"]) and after["versions"].equals(before["versions"])


@pytest.mark.parametrize("table, column", [("sources.csv", "publisher"), ("sources.csv", "url"),
                                           ("versions.csv", "version")])
def test_package_refuses_a_table_missing_a_column_it_reads(data_copy, run_mbcstats, table, column):
    """`mbcstats package` refuses a table without a column it reads, and writes nothing."""
    path = data_copy / table
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    position = rows[0].index(column)
    path.write_text("".join(_format(row[:position] + row[position + 1:]) for row in rows), encoding="utf-8")
    descriptor = (data_copy / "datapackage.json").read_bytes()
    lines = [line.removeprefix("error: ") for line in refused(run_mbcstats("package", data_copy))]
    assert_reported(lines, table, 1, column, "missing from the header", "nothing was written")
    assert (data_copy / "datapackage.json").read_bytes() == descriptor


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "data:text/html,<b>x</b>", "www.bls.gov"])
def test_a_source_address_a_reader_could_not_safely_follow_is_reported(data_copy, run_mbcstats, url):
    # The Sources page shows each address as a link.
    sources = data_copy / "sources.csv"
    line = set_cell(sources, row_index(sources, "source_id", "aapc-2025"), "url", url)
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "sources.csv", line, "url", "does not match the pattern")


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "raw/../../outside.csv"])
def test_a_resource_path_outside_the_package_is_refused_first(data_copy, run_mbcstats, path):
    """A resource path outside the package is refused before anything is read."""
    _edit_descriptor(data_copy, lambda resources: resources["occupations"].update(path=path))
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, "resources (entry", "not a path inside the data package")


def test_a_bad_cell_after_a_bom_and_a_blank_line_keeps_its_line(data_copy, run_mbcstats):
    """After a byte order mark and a blank line, a bad cell is still reported on its own line."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_pct90")
    line = set_cell(figures, k, "value", "51,090")
    lines = _lines(figures)
    lines.insert(3, "\n")  # a blank line 4, before the bad row
    figures.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode("utf-8"))
    output = refused(run_mbcstats("validate", data_copy))
    assert_reported(output, "figures.csv", line + 1, "value", "not valid")


def test_a_blank_first_line_is_reported_as_such(data_copy, run_mbcstats):
    sources = data_copy / "sources.csv"
    sources.write_text("\n" + sources.read_text(encoding="utf-8"), encoding="utf-8")
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "sources.csv", 1, None, "line 1 is blank")


@pytest.mark.parametrize("pattern", ["a)|(b", 5, ["[0-9]"]])
def test_a_pattern_the_column_check_would_misread_is_refused(data_copy, run_mbcstats, pattern):
    _edit_descriptor(data_copy, lambda resources: _field(resources, "occupations", "soc_code")["constraints"]
                     .update(pattern=pattern))
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, None, "occupations.soc_code", "not a regular expression")


def test_a_pattern_python_reads_and_pyarrow_does_not_is_still_used(data_copy, run_mbcstats):
    # A lookahead: pandas' fullmatch falls back to Python's re for it; the check accepts what the column check can use.
    _edit_descriptor(data_copy, lambda resources: _field(resources, "occupations", "soc_code")["constraints"]
                     .update(pattern=r"(?=[0-9]{2}-)[0-9]{2}-[0-9]{4}"))
    result = run_mbcstats("validate", data_copy)
    assert result.returncode == 0 and result.stdout.startswith("ok"), result.output


@pytest.mark.parametrize("edit, words", [
    (lambda r: _field(r, "figures", "value").update(constraints=["required"]), "constraints is not an object"),
    (lambda r: _field(r, "figures", "value").update(type=["number"]), "the type is not a name"),
    (lambda r: _field(r, "figures", "statistic")["constraints"].update(enum=5), "enum is not a list"),
    (lambda r: r["figures"]["schema"].update(primaryKey="figure_id"), "primaryKey is not a list"),
    (lambda r: r["figures"]["schema"]["foreignKeys"][0].update(fields=["source_id"]), "a foreign key is not one field"),
])
def test_a_schema_part_of_the_wrong_shape_is_reported_without_a_traceback(data_copy, run_mbcstats, edit, words):
    _edit_descriptor(data_copy, edit)
    lines = refused(run_mbcstats("validate", data_copy))
    assert_reported(lines, "datapackage.json", None, "resources (entry", words)


def test_a_cell_that_does_not_read_is_reported_once(data_copy, run_mbcstats):
    """Not also as an empty value, nor as a released row its seal no longer matches."""
    figures = data_copy / "figures.csv"
    k = row_index(figures, "figure_id", "oews-m2022-29-2072-a_mean")
    set_cell(figures, k, "value", "51,090")
    run_mbcstats("package", data_copy)
    lines = refused(run_mbcstats("validate", data_copy))
    assert lines[0].startswith("1 problem"), lines
    assert "column value: '51,090' is not valid" in lines[1], lines
