"""The OEWS industry list of a snapshot (oe.industry) as the `industries` table: each code's level and ownership.

oews_detail holds national industry rows at several levels that overlap (a sector, its 3-digit industries, their
4-digit industries, and the same industries split by ownership), so rows of different levels must never be added
up. The level is read from oe.industry, never guessed from employment: BLS's `display_level` (0 all industries,
1 ownership, 2 sector, 3, 4, 5 deeper) together with the shape of the code, which in OEWS also marks an ownership
split (a last digit 2 state, 3 local, 5 private where the name says "... Owned"). BLS's display levels alone are not
enough: level 4 holds 4-digit industries and 3-digit industries by ownership side by side (622100 General Medical
and Surgical Hospitals beside 622005 Hospitals, Privately Owned), and level 2 holds sectors beside the federal,
state and local government totals. Every code must fit exactly one rule below, or the snapshot is refused.
"""

from __future__ import annotations

import re

import pandas as pd

from mbcstats.ingest.common import ALL_INDUSTRIES
from mbcstats.ingest.oews_snapshot import Snapshot
from mbcstats.ingest.oews_xlsx import source_id_for
from mbcstats.schema import INDUSTRY_LEVELS, TABLES

TABLE = "industries"
COLUMNS = [field["name"] for field in TABLES[TABLE]["schema"]["fields"]]

# Ownership as the industry's BLS title states it; the first pattern that matches decides.
OWNERSHIP_WORDING = [
    (re.compile(r", Privately Owned$|^Cross-industry, Private Ownership only$"), "private"),
    (re.compile(r", State Government Owned$|^State Government, (including|excluding) "), "state government"),
    (re.compile(r", Local Government Owned$|^Local Government, (including|excluding) "), "local government"),
    (re.compile(r"^Federal (Government|Executive Branch)|\(Federal Government\)$"), "federal government"),
    (re.compile(r"Federal, State, and Local Government"), "government"),
]
OWNED_SUFFIX = {"state government": "2", "local government": "3", "private": "5"}  # the code's last digit, by OEWS

# (display level, code pattern, split by ownership?) -> level; the government rows of levels 1 and 2 by code.
RULES = [
    (0, re.compile(r"000000"), False, "all industries"),
    (1, re.compile(r"000001|999001"), False, "ownership"),
    (2, re.compile(r"999[123]01"), False, "government level"),
    (2, re.compile(r"[0-9]{2}-{1,2}[0-9]{2,3}"), False, "sector"),
    (3, re.compile(r"[0-9]{3}000"), False, "3-digit"),
    (4, re.compile(r"[0-9]{3}00[235]"), True, "3-digit by ownership"),
    (4, re.compile(r"[0-9]{4}00|[0-9]{4}A[0-9]"), False, "4-digit"),
    (5, re.compile(r"[0-9]{4}0[235]"), True, "4-digit by ownership"),
    (5, re.compile(r"[0-9]{5}[0-9]"), False, "5- or 6-digit"),
]
if sorted({rule[3] for rule in RULES}) != sorted(INDUSTRY_LEVELS):
    raise RuntimeError("the industry level rules and schema.INDUSTRY_LEVELS differ")


def ownership_of(code: str, name: str) -> str:
    """The ownership the industry is limited to, from its BLS title ('all ownerships' when it is not)."""
    for pattern, ownership in OWNERSHIP_WORDING:
        if pattern.search(name):
            return ownership
    return "all ownerships"


def level_of(code: str, name: str, display_level: int) -> str:
    """The industry's level, from BLS's display level and its code; ValueError when no rule or two rules fit."""
    owned = bool(re.search(r" Owned$", name))
    if owned and code[-1] != OWNED_SUFFIX.get(ownership_of(code, name)):
        raise ValueError(f"industry {code} {name!r}: the code's last digit does not match the ownership its name states")
    fitting = [level for shown, pattern, split, level in RULES
               if shown == display_level and pattern.fullmatch(code) and split == owned]
    if len(fitting) != 1:
        raise ValueError(f"industry {code} {name!r} at display level {display_level} fits {len(fitting)} of the known "
                         "industry levels, not one; a new kind of industry needs a rule in mbcstats/ingest/oews_industries.py")
    return fitting[0]


def read_industries(snapshot: Snapshot, version: str) -> pd.DataFrame:
    """One `industries` row per industry of the snapshot's oe.industry, with its level and ownership."""
    rows = []
    for code, name, display_level in snapshot.connection.execute(
            "SELECT industry_code, industry_name, display_level FROM industry ORDER BY industry_code"):
        shown_name = ALL_INDUSTRIES if code == "000000" else name  # as oews_detail names it
        rows.append(dict(industry_code=code, industry_name=shown_name, level=level_of(code, name, int(display_level)),
                         ownership=ownership_of(code, name), bls_display_level=int(display_level),
                         source_id=source_id_for(snapshot.year), verified_file=snapshot.file_name, added_in=version))
    return pd.DataFrame(rows, columns=COLUMNS)
