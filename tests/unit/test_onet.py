"""What each occupation is, in O*NET's words: the descriptions are data, ingested from the pinned O*NET file.

The O*NET file is read here with the csv module alone (tab-separated, no quoting), never through mbcstats, and
compared character for character with what the data package holds.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mbcstats import occupations
from mbcstats.load import load_tables
from tests.conftest import REPO_ROOT
from tests.unit.test_ingest import refused_without_change, rows, snapshot

ONET_FILE = REPO_ROOT / "data/raw/onet/Occupation Data.txt"  # the committed copy (its sha256 in primary_files.csv)
PROVENANCE = REPO_ROOT.parent / "shared/data/onet/PROVENANCE.md"  # where the file and its pin come from


def onet_file(path: Path = ONET_FILE) -> dict[str, dict[str, str]]:
    """O*NET-SOC code -> the file's row, read with the csv module."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["O*NET-SOC Code"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def descriptions_row(data_dir: Path = REPO_ROOT / "data") -> dict[str, dict]:
    """soc_code -> the occupation_descriptions row, read through mbcstats.load (typed, checked)."""
    frame = load_tables(["occupation_descriptions"], data_dir)["occupation_descriptions"]
    return {row["soc_code"]: row for row in frame.to_dict("records")}


def provenance_text() -> str:
    if not PROVENANCE.exists():
        pytest.skip(f"{PROVENANCE} is not on this machine")
    return " ".join(PROVENANCE.read_text(encoding="utf-8").split())


def onet_source() -> dict[str, str]:
    ids = {row["source_id"] for row in rows(REPO_ROOT / "data", "occupation_descriptions")}
    assert len(ids) == 1
    return next(row for row in rows(REPO_ROOT / "data", "sources") if row["source_id"] in ids)


# --- the descriptions are O*NET's words ----------------------------------------------------------

def test_every_description_is_o_net_s_text_verbatim():
    """Every description is O*NET's title and description, character for character."""
    published = onet_file()
    held = descriptions_row()
    codes = [row["soc_code"] for row in rows(REPO_ROOT / "data", "occupations")]
    expected = {code: published[f"{code}.00"] for code in codes if f"{code}.00" in published}
    assert set(held) == set(expected)
    for code, row in expected.items():
        assert held[code]["onet_soc_code"] == row["O*NET-SOC Code"]
        assert held[code]["title"] == row["Title"]
        assert held[code]["description"] == row["Description"], code


def test_the_all_occupations_total_and_the_retired_code_get_no_description():
    published, held = onet_file(), descriptions_row()
    for code in ("00-0000", "29-2098"):
        assert not any(key.startswith(code) for key in published)
        assert code not in held


def test_the_description_of_29_2072_is_the_one_that_names_coders():
    held = descriptions_row()["29-2072"]
    assert held["onet_soc_code"] == "29-2072.00"
    assert held["description"].endswith("Includes medical coders.")


def test_the_committed_o_net_file_is_pinned_and_recorded():
    """The committed O*NET file is the pinned one, with its sha256 recorded."""
    digest = hashlib.sha256(ONET_FILE.read_bytes()).hexdigest()
    recorded = next(row for row in rows(REPO_ROOT / "data", "primary_files") if row["file_name"] == ONET_FILE.name)
    assert (recorded["path"], recorded["sha256"]) == ("raw/onet/Occupation Data.txt", digest)
    assert f"`Occupation Data.txt` (as in the wheel and here) | {digest} |" in provenance_text()


def test_the_source_names_publisher_edition_licence_attribution():
    """The source names the publisher, edition, licence and the attribution as provenance gives it."""
    source = onet_source()
    assert source["publisher"] == "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)"
    assert source["edition"] == "O*NET 29.2"
    assert source["short_label"] == "O*NET 29.2 Database, USDOL/ETA, CC BY 4.0"
    attribution = re.search(r'\(attribute ("[^"]+"; [^)]+)\)', provenance_text()).group(1)
    assert attribution in source["notes"] and "CC BY 4.0" in source["notes"]


def test_the_descriptions_release_is_sealed_and_in_the_changelog():
    """The release that added the descriptions is sealed and in the changelog."""
    data = REPO_ROOT / "data"
    (version,) = {row["added_in"] for row in rows(data, "occupation_descriptions")}
    assert version in {row["version"] for row in rows(data, "versions")}
    sealed = [row for row in rows(data, "seals") if row["version"] == version and row["table"] == "occupation_descriptions"]
    assert len(sealed) == len(rows(data, "occupation_descriptions"))
    entry = (data / "CHANGELOG.md").read_text(encoding="utf-8").split(f"## {version} (", 1)[1].split("\n## ", 1)[0]
    assert "Occupation Data.txt" in entry and hashlib.sha256(ONET_FILE.read_bytes()).hexdigest() in entry


# --- the pin -----------------------------------------------------------------------------------------

def changed_copy(tmp_path: Path) -> Path:
    """The O*NET file with one byte changed (one letter of 29-2072's description), under its own name."""
    raw = bytearray(ONET_FILE.read_bytes())
    at = raw.index(b"Includes medical coders.") + len(b"Includes medical ")
    raw[at] = ord("C")
    copy = tmp_path / "downloads" / ONET_FILE.name
    copy.parent.mkdir()
    copy.write_bytes(bytes(raw))
    return copy


def test_a_one_byte_change_is_refused_by_the_pin_writing_nothing(
        data_copy, tmp_path, run_mbcstats):
    """A copy with one byte changed is refused by the pin in mbcstats, and nothing is written."""
    changed = changed_copy(tmp_path)
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", changed, "--data-dir", data_copy)
    refused_without_change(result, data_copy, before, "sha256", hashlib.sha256(changed.read_bytes()).hexdigest(),
                           "by mbcstats")


def test_the_reader_itself_reads_only_the_pinned_file(tmp_path):
    from mbcstats.ingest import onet

    with pytest.raises(ValueError, match="sha256"):
        onet.read(changed_copy(tmp_path), {"29-2072"}, "9.9.9")


def test_ingesting_the_pinned_file_again_changes_nothing(data_copy, tmp_path, run_mbcstats):
    again = tmp_path / ONET_FILE.name
    shutil.copyfile(ONET_FILE, again)
    before = snapshot(data_copy)
    result = run_mbcstats("ingest", again, "--data-dir", data_copy)
    assert result.returncode == 0 and "nothing to ingest" in result.stdout, result.output
    assert snapshot(data_copy) == before


# --- the words around them (tiny frames) ---------------------------------------------------------

DESCRIBED = pd.DataFrame({
    "soc_code": ["29-2072", "43-3021"], "onet_soc_code": ["29-2072.00", "43-3021.00"],
    "title": ["Coders' title", "Billers' title"], "description": ["Codes things. Includes coders.", "Bills things."],
    "source_id": ["src", "src"], "attribution": ["Attribution A", "Attribution A"]})
OCCUPATIONS = pd.DataFrame({"soc_code": ["29-2072", "43-3021", "00-0000"], "title": ["Coders", "Billers", "All"],
                            "role": ["coders", "billers", "all_occupations"]})


def test_an_occupation_is_said_in_o_net_s_words_with_the_source_after():
    lines = occupations.about_lines(DESCRIBED, OCCUPATIONS, "29-2072")
    assert lines == ["Coders' title (SOC 29-2072), in O*NET's words: “Codes things. Includes coders.”",
                     "Source: Attribution A"]


def test_the_billers_stand_in_says_why_and_what_else_it_counts():
    """The billers' stand-in says why and what else it counts, quoting O*NET."""
    text, source = occupations.about_lines(DESCRIBED, OCCUPATIONS, "43-3021")
    assert "no BLS category of their own" in text and "nearest is Billers (SOC 43-3021)" in text
    assert "“Bills things.”" in text and "every industry" in text
    assert source == "Source: Attribution A"


def test_an_undescribed_occupation_is_only_named_among_related():
    """An occupation O*NET does not describe gets no lines and is named among related ones."""
    assert occupations.about_lines(DESCRIBED, OCCUPATIONS, "00-0000") == []
    lines = occupations.related_lines(DESCRIBED, OCCUPATIONS, ["29-2072", "00-0000"])
    assert lines == ["Coders' title (SOC 29-2072): “Codes things. Includes coders.”",
                     "O*NET has no description of All (SOC 00-0000).", "Source: Attribution A"]


def test_a_claim_naming_a_soc_code_meets_that_occupation_s_description():
    text = occupations.claim_text(DESCRIBED, OCCUPATIONS, "BLS classifies both roles under (SOC 29-2072).", "29-2072")
    assert text == "SOC 29-2072, Coders' title, in O*NET's words: “Codes things. Includes coders.” (Attribution A)"
    assert occupations.claim_text(DESCRIBED, OCCUPATIONS, "Coders earn $50,250.", "29-2072") == ""
    assert "“Bills things.”" in occupations.claim_text(DESCRIBED, OCCUPATIONS, "Billers earn $44,800.", "43-3021")


def test_a_package_without_descriptions_describes_nothing():
    assert occupations.described(None).empty
    assert occupations.about_lines(occupations.described(None), OCCUPATIONS, "29-2072") == []
