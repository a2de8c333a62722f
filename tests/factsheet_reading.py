"""The fact sheet read back with pypdf (pages, size, text, fonts, images), and what it must say, read from the
package's CSV files with the csv module, never from the code that builds the sheet."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

from tests.conftest import DATA_DIR

LETTER, A4 = (612, 792), (595, 842)  # points: 8.5 x 11 in, 210 x 297 mm


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


FIGURES = {row["figure_id"]: row for row in rows("figures.csv")}
SOURCES = {row["source_id"]: row for row in rows("sources.csv")}
WRITTEN = {"usd_per_year": lambda v: f"${float(v):,.0f}", "jobs": lambda v: f"{float(v):,.0f}",
           "percent": lambda v: f"{float(v):g}%", "thousand_jobs": lambda v: f"{float(v):,.1f} thousand"}


def headline_ids(occupation: str) -> list[str]:
    """The figures a sheet must carry: the newest OEWS median and job count, the newest projections' growth and
    openings, and (coders only) the AAPC survey's two figures."""
    oews = max(int(row["year"]) for row in FIGURES.values() if row["source_id"].startswith("bls-oews-m"))
    edition = max((row["source_id"] for row in FIGURES.values() if row["source_id"].startswith("bls-ep-")),
                  key=lambda source: int(source.split("-")[2]))[len("bls-ep-"):]
    ids = [f"oews-m{oews}-{occupation}-a_median", f"oews-m{oews}-{occupation}-tot_emp",
           f"ep-{edition}-{occupation}-growth", f"ep-{edition}-{occupation}-openings"]
    return ids + (["aapc-2025-remote-share", "aapc-2025-certification-premium"] if occupation == "29-2072" else [])


def missing_figures(text: str, occupation: str) -> list[str]:
    """Headline figures whose value, or whose period and source, the text lacks."""
    missing = []
    for figure_id in headline_ids(occupation):
        row = FIGURES[figure_id]
        if WRITTEN[row["unit"]](row["value"]) not in text:
            missing.append(f"{figure_id}: value")
        if f"{row['period']} · Source: {SOURCES[row['source_id']]['short_label']}" not in text:
            missing.append(f"{figure_id}: period and source")
    return missing


def newer_projections() -> list[dict[str, str]]:
    """Projection editions known to exist that the package does not hold."""
    return [row for row in rows("known_releases.csv") if row["source_id"] not in SOURCES
            and row["program"].startswith("Employment Projections")]


def newer_notes_missing(text: str) -> list[str]:
    found = newer_projections()
    assert found, "known_releases.csv holds no newer projections edition: the note would not be tested"
    return [row["edition"] for row in found if f"A newer release exists: {row['program']} {row['edition']}" not in text]


@dataclass(frozen=True)
class ReadPdf:
    pages: int
    size: tuple[float, float]         # of the first page, in points
    text: str                         # all pages' text, whitespace runs made one space
    fonts: dict[str, bool]            # base font name -> embedded
    images: int                       # raster images on the pages: a chart drawn as vectors adds none


def read_pdf(data: bytes) -> ReadPdf:
    reader = PdfReader(io.BytesIO(data))
    fonts, images = {}, 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font.get("/BaseFont", font.get("/Subtype")))] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        for xobject in resources.get("/XObject", {}).values():
            images += xobject.get_object().get("/Subtype") == "/Image"
    box = reader.pages[0].mediabox
    text = " ".join(page.extract_text() for page in reader.pages)
    return ReadPdf(len(reader.pages), (float(box.width), float(box.height)), re.sub(r"\s+", " ", text), fonts, images)
