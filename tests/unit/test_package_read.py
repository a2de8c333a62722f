"""Reading the data package fast gives exactly what reading it slowly gives, and loading it is one checked pass.

`mbcstats.validate` reads a table with pyarrow's CSV reader when every record is one line, and with
`csv.reader` (which knows the line each record starts on) otherwise. The two must agree on every file the fast
reader accepts: the same text frame, the same line numbers, and through `check_table` the same typed frame and
the same problems. Where they might differ, the fast reader must decline.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from mbcstats import DataError, load, load_package, rules, validate
from mbcstats.load import check_package
from mbcstats.validate import TableCheck, _read_rows_fast, _read_rows_slow, check_table, read_descriptor


def _expected(resource: dict) -> list[str]:
    return [field["name"] for field in resource["schema"]["fields"]]


# --- the real package ----------------------------------------------------------------------------

def test_every_table_of_the_package_reads_the_same_fast_and_slow(data_dir):
    used_fast = []
    for resource in read_descriptor(data_dir)["resources"]:
        raw = (data_dir / resource["path"]).read_bytes()
        fast = _read_rows_fast(raw, _expected(resource))
        frame, lines, errors = _read_rows_slow(raw.decode("utf-8"), resource["path"], _expected(resource))
        assert errors == []
        if fast is None:
            continue
        used_fast.append(resource["name"])
        pd.testing.assert_frame_equal(fast[0], frame)
        assert fast[1] == lines
    assert "oews_detail" in used_fast  # the table it is for (18 MB, 85,059 rows)
    assert "occupations" in used_fast  # \r\n line ends


def test_check_package_is_the_same_without_the_fast_reader(data_dir, monkeypatch):
    """check_package gives the same tables and problems without the fast reader."""
    fast_tables, fast_errors = check_package(data_dir)
    monkeypatch.setattr(validate, "_read_rows_fast", lambda raw, expected: None)
    slow_tables, slow_errors = check_package(data_dir)
    assert fast_errors == slow_errors == []
    assert fast_tables.keys() == slow_tables.keys()
    for name in fast_tables:
        pd.testing.assert_frame_equal(fast_tables[name].frame, slow_tables[name].frame)
        assert fast_tables[name].lines == slow_tables[name].lines


# --- small files that could trip the fast reader -------------------------------------------------

RESOURCE = {"name": "t", "path": "t.csv", "schema": {
    "fields": [{"name": "key", "type": "string", "constraints": {"required": True}},
               {"name": "count", "type": "integer"},
               {"name": "note", "type": "string"}],
    "primaryKey": ["key"]}}
HEADER = "key,count,note"

# name -> (file contents, whether the fast reader reads it: True, False, or None for either, as long as it agrees)
TRICKY = {
    "plain": (f"{HEADER}\na,1,x\nb,2,y\n", True),
    "no final line break": (f"{HEADER}\na,1,x\nb,2,y", True),
    "crlf": (f"{HEADER}\r\na,1,x\r\nb,2,y\r\n", True),
    "quoted comma and doubled quote": (f'{HEADER}\na,1,"x, ""y"""\nb,2,""\n', True),
    "stray quotes inside unquoted fields": (f'{HEADER}\na,1,x"y\nb,2,5" tall\n', True),
    "bad cells": (f"{HEADER}\na,one,x\na,2,y\n,3,z\n", True),
    "quoted newline": (f'{HEADER}\na,1,"two\nlines"\nb,x,y\n', False),
    "quoted crlf": (f'{HEADER}\r\na,1,"two\r\nlines"\r\nb,x,y\r\n', False),
    "trailing empty line": (f"{HEADER}\na,1,x\n\n", False),
    "empty line in the middle": (f"{HEADER}\na,1,x\n\nb,2,y\n", False),
    "bare carriage return": (f"{HEADER}\ra,1,x\rb,2,y\r", False),
    "short row": (f"{HEADER}\na,1\nb,2,y\n", False),
    "extra field": (f"{HEADER}\na,1,x,extra\nb,2,y\n", False),
    "cut inside the last field's quote": (f'{HEADER}\na,1,x\nb,2,"cut sho', None),  # both read 'cut sho'
    "cut inside a quote": (f'{HEADER}\na,1,x\nb,"2,cut sho', False),
    "cut in the middle of a row": (f"{HEADER}\na,1,x\nb,2", False),
    "header only": (f"{HEADER}\n", None),
    "header only, no line break": (HEADER, None),
    "empty file": ("", None),
}


def _check(tmp_path: Path, text: str) -> TableCheck:
    (tmp_path / "t.csv").write_bytes(text.encode("utf-8"))
    return check_table(tmp_path, RESOURCE)


@pytest.mark.parametrize("name", list(TRICKY))
def test_a_tricky_file_is_checked_the_same_by_both_readers(tmp_path, monkeypatch, name):
    """A tricky file is checked the same with and without the fast reader."""
    text, fast_allowed = TRICKY[name]
    fast = _read_rows_fast(text.encode("utf-8"), _expected(RESOURCE))
    if fast_allowed is not None:
        assert (fast is not None) == fast_allowed
    if fast is not None:
        frame, lines, errors = _read_rows_slow(text, "t.csv", _expected(RESOURCE))
        assert errors == []
        pd.testing.assert_frame_equal(fast[0], frame)
        assert fast[1] == lines

    with_fast = _check(tmp_path, text)
    monkeypatch.setattr(validate, "_read_rows_fast", lambda raw, expected: None)
    without = _check(tmp_path, text)
    assert [str(error) for error in with_fast.errors] == [str(error) for error in without.errors]
    assert with_fast.lines == without.lines
    if without.frame is None:
        assert with_fast.frame is None
    else:
        pd.testing.assert_frame_equal(with_fast.frame, without.frame)


def test_a_bad_cell_after_a_quoted_newline_keeps_its_own_line(tmp_path):
    check = _check(tmp_path, f'{HEADER}\na,1,"two\nlines"\nb,x,y\n')
    assert check.lines == [2, 4]
    assert [(error.line, error.column) for error in check.errors] == [(4, "count")]


def test_a_one_column_table_is_read_the_slow_way(tmp_path):
    # pyarrow reads a blank line of a one-column table as one empty field; csv.reader as no fields at all
    assert _read_rows_fast(b"key\na\n\nb\n", ["key"]) is None


_LONG = "x" * validate._HEAD  # one field as long as the part of a file where the header is sought first


@pytest.mark.parametrize("text", [
    "", "a,b", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r",
    "a,b\n" + "1,2\n" * 20_000,  # a long file: the header is read from its first characters
    "a,\"b\nc\"\n" + "1,2\n" * 20_000,  # a header record over two lines
    _LONG + ",b\n1,2\n",  # a header longer than those characters: read from the whole text
    "a,b\n\"" + _LONG + "\"\n",  # the second record runs past them
    "a,b\n" + _LONG + "\n",  # and it is the only other one
], ids=lambda text: repr(text[:12]) + f"…({len(text)})")
def test_the_header_is_the_first_record_of_the_whole_file(text):
    assert validate._header(text) == next(csv.reader(io.StringIO(text, newline="")), None)


@pytest.mark.parametrize("texts", [
    [], [None], ["1", "2", "1"], ["1", None, "3"], ["9007199254740993", "1"], ["9007199254740993", None],
    ["99999999999999999999", "1"], ["-5", "5.5", "-5"], ["0.1", "0.1000000000000000055511151231257827"], ["x", "1"],
], ids=repr)
@pytest.mark.parametrize("kind", ["number", "integer"])
def test_parsing_each_distinct_text_once_gives_the_same_numbers(texts, kind):
    """Numbers parsed once per distinct text are those parsing every cell gives."""
    cells = pd.Series([text if text is not None else "" for text in texts], dtype=str)
    values, _ = validate._check_column("f.csv", {"name": "n", "type": kind}, cells, list(range(2, len(cells) + 2)))
    of_its_type = cells.where(cells.str.fullmatch(validate._TYPES[kind][0]))
    if kind == "integer":  # one that does not fit in 64 bits is reported, not parsed; the others keep every digit
        fits = [isinstance(text, str) and len(text.lstrip("-")) < 19 for text in of_its_type]
        expected = pd.Series([int(text) if ok else None for text, ok in zip(of_its_type, fits)], dtype="Int64")
    else:
        expected = pd.to_numeric(of_its_type, errors="coerce").astype(validate._DTYPES[kind])
    pd.testing.assert_series_equal(values, expected, check_names=False)


def test_an_integer_past_2_to_the_53_keeps_every_digit():
    """A whole number past 2**53 keeps every digit beside an empty cell."""
    # Parsed through a float, 9007199254740993 became ...992, and 2**63 - 1 crashed the check.
    cells = pd.Series(["9007199254740993", "", "9223372036854775807"], dtype=str)
    values, problems = validate._check_column("f.csv", {"name": "n", "type": "integer"}, cells, [2, 3, 4])
    assert problems == []
    assert values.tolist() == [9007199254740993, pd.NA, 9223372036854775807]


def test_a_whole_number_too_large_for_its_column_is_reported_not_a_crash():
    cells = pd.Series(["1", "99999999999999999999", "-9223372036854775808", "9223372036854775808"], dtype=str)
    values, problems = validate._check_column("f.csv", {"name": "n", "type": "integer"}, cells, [2, 3, 4, 5])
    assert [(problem.line, problem.column) for problem in problems] == [(3, "n"), (5, "n")]
    assert "too large" in problems[0].problem
    assert values.tolist() == [1, pd.NA, -9223372036854775808, pd.NA]


# --- the oews_detail rules -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def package_tables(data_dir):
    tables, errors = check_package(data_dir)
    assert errors == []
    return tables


def _rule_errors(package_tables, name: str, rule, rows: int, cells: dict) -> list[tuple[int, str, str]]:
    """`rule` over the first `rows` rows of table `name`, with `cells` = {column: {row: value}} changed."""
    table = package_tables[name]
    frame = table.frame.head(rows).copy()
    for column, values in cells.items():
        for row, value in values.items():
            frame.loc[row, column] = value
    tables = {**package_tables, name: TableCheck(name, table.file, frame, table.lines[:rows], [])}
    return [(error.line, error.column, error.problem) for error in rule(tables)]


def _detail_errors(package_tables, **cells) -> list[tuple[int, str, str]]:
    return _rule_errors(package_tables, "oews_detail", rules._detail_rules, 20, cells)


def test_a_malformed_or_missing_figure_id_is_reported_once(package_tables):
    good = package_tables["oews_detail"].frame.loc[3, "figure_id"]
    assert _detail_errors(package_tables, figure_id={2: good[:-1], 3: pd.NA}) == [
        (4, "figure_id", "not oews-m<year>- followed by a 25-character BLS OEWS series id"),
        (5, "figure_id", "not oews-m<year>- followed by a 25-character BLS OEWS series id"),
    ]


def test_a_figure_id_with_a_final_line_break_is_read_as_the_id_before_it(package_tables):
    # as the former `^…$` search read it: `$` also matches before a last \n
    good = package_tables["oews_detail"].frame.loc[2, "figure_id"]
    assert _detail_errors(package_tables, figure_id={2: good + "\n"}) == []


def test_each_part_of_the_series_id_is_compared_with_its_column(package_tables):
    frame = package_tables["oews_detail"].frame
    row = frame.loc[1]
    other_datatype = row["figure_id"][:-2] + ("02" if row["figure_id"][-2:] != "02" else "01")
    unknown_datatype = row["figure_id"][:-2] + "99"
    found = _detail_errors(package_tables, figure_id={1: other_datatype, 5: unknown_datatype},
                           year={2: row["year"] + 1}, area_code={3: "0099999"}, industry_code={4: "999999"})
    assert (4, "year", f"year does not match the series id in figure_id {frame.loc[2, 'figure_id']}") in found
    assert (5, "area_code", f"area_code does not match the series id in figure_id {frame.loc[3, 'figure_id']}") in found
    assert (6, "industry_code", f"industry_code does not match the series id in figure_id {frame.loc[4, 'figure_id']}") in found
    assert (7, "figure_id", "the series id ends in a datatype that OEWS does not have") in found
    assert any(line == 3 and column in ("measure", "statistic", "unit") and f"datatype {other_datatype[-2:]}" in problem
               for line, column, problem in found)


def test_a_verified_file_of_another_source_is_reported(package_tables):
    files = package_tables["primary_files"].frame
    detail = package_tables["oews_detail"].frame
    other = files.loc[files["source_id"] != detail.loc[0, "source_id"], "file_name"].iloc[0]
    assert _detail_errors(package_tables, verified_file={0: other}) == [
        (2, "verified_file", f"{other} belongs to another source than {detail.loc[0, 'source_id']}")]


def _figure_errors(package_tables, **cells) -> list[tuple[int, str, str]]:
    return _rule_errors(package_tables, "figures", rules._figure_rules, 10, cells)


@pytest.mark.parametrize("name", ["detail", "figure"])
def test_the_rules_pass_the_package_as_it_is(package_tables, name):
    rule, first_rows = {"detail": (rules._detail_rules, _detail_errors), "figure": (rules._figure_rules, _figure_errors)}[name]
    assert rule(package_tables) == []
    assert first_rows(package_tables) == []


def test_figure_rules_report_on_their_row_in_rule_order(package_tables):
    """Each broken figure rule is reported on its row, and a row's problems in rule order."""
    frame, sources = package_tables["figures"].frame, package_tables["sources"].frame
    assert frame.head(10)["value"].notna().all() and (frame.head(10)["footnote"].fillna("") == "").all()
    official = sources.loc[sources["kind"] != "article", "source_id"].iloc[0]
    found = _figure_errors(package_tables, value={0: pd.NA}, footnote={1: "8"},
                           verification={2: "matched_primary_file", 3: "unsourced"}, verified_file={2: pd.NA},
                           supersedes={2: frame.loc[2, "figure_id"]}, source_id={3: official})
    assert found == [
        (2, "value", "value is empty and no BLS footnote says why"),
        (3, "footnote", "a value and a 'not released' footnote on one row"),
        (4, "verified_file", "verification is matched_primary_file but no file is named"),
        (4, "supersedes", "a row cannot supersede itself"),
        (5, "source_id", "an unsourced figure must have the article as its source"),
    ]


# --- load_package: one pass ----------------------------------------------------------------------

def test_load_package_reads_once_and_returns_the_typed_tables(data_dir, package_tables, monkeypatch):
    """load_package reads each table once and returns what check_package typed."""
    calls = []
    real = validate.check_table
    monkeypatch.setattr(load, "check_table", lambda *args: calls.append(args[1]["name"]) or real(*args))
    package = load_package(data_dir)
    assert sorted(calls) == sorted(package_tables)
    assert list(package.tables) == list(package_tables)
    for name, table in package_tables.items():
        pd.testing.assert_frame_equal(package[name], table.frame)


def test_load_package_refuses_a_package_that_breaks_a_domain_rule(data_copy):
    from mbcstats.package import write_descriptor

    path = data_copy / "oews_detail.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].count(",May 2025,") == 1
    lines[1] = lines[1].replace(",May 2025,", ",May 2024,")
    path.write_text("".join(lines), encoding="utf-8")
    write_descriptor(data_copy)  # the hash is right: only the rule can catch it
    with pytest.raises(DataError) as caught:
        load_package(data_copy)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("oews_detail.csv", 2, "period")
