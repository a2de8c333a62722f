"""The fact sheet as a one-page PDF: US Letter or A4, fonts embedded, text selectable, charts drawn as vectors.

ReportLab lays it out: its wheel carries the Bitstream Vera fonts, which are embedded (subset) in the file, so
the sheet reads the same on any machine and nothing outside the Python packages is needed. Everything is set
as text or vector shapes; if the content is longer than the page, it is scaled down to fit one page.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from mbcstats.factsheet import Bars, Sheet

PAPERS = {"letter": LETTER, "a4": A4}
PAPER_NAMES = {"letter": "US Letter", "a4": "A4"}
MARGIN = 14 * mm
FONT, BOLD = "Vera", "VeraBd"
BAR_COLOUR, TEXT_COLOUR, RULE_COLOUR = HexColor("#0072B2"), HexColor("#111111"), HexColor("#BBBBBB")


def _fonts() -> None:
    """Vera and Vera Bold from ReportLab's own font folder (TTFont looks there); registered once per process."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))


def _style(name: str, size: float, bold: bool = False, space_before: float = 0, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size, leading=leading or size * 1.25,
                          textColor=TEXT_COLOUR, spaceBefore=space_before, spaceAfter=1.5)


TITLE, META, ABOUT = _style("title", 14, True), _style("meta", 8.5), _style("about", 8)
HEADING, BODY, CELL, CELL_BOLD, SMALL = (_style("heading", 10.5, True, 6), _style("body", 8.5), _style("cell", 8),
                                         _style("cell-bold", 9, True), _style("small", 7.5))


def _text(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)  # Paragraph reads markup: the data's text is escaped


class BarChart(Flowable):
    """A horizontal bar chart drawn as vector shapes: a label, a bar and its value on each line, the source under it."""

    ROW, GAP, TITLE_HEIGHT, SOURCE_HEIGHT = 13, 5, 16, 14

    def __init__(self, bars: Bars):
        super().__init__()
        self.bars = bars

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.TITLE_HEIGHT + len(self.bars.rows) * (self.ROW + self.GAP) + self.SOURCE_HEIGHT
        return self.width, self.height

    def draw(self):
        drawing = Drawing(self.width, self.height, initialFontName=FONT)
        drawing.add(String(0, self.height - 11, self.bars.title, fontName=BOLD, fontSize=9, fillColor=TEXT_COLOUR))
        label_width = max(pdfmetrics.stringWidth(label, FONT, 8) for label, _, _ in self.bars.rows) + 8
        value_width = max(pdfmetrics.stringWidth(text, FONT, 8) for _, _, text in self.bars.rows) + 8
        largest = max(abs(value) for _, value, _ in self.bars.rows) or 1
        room = self.width - label_width - value_width
        for index, (label, value, text) in enumerate(self.bars.rows):
            y = self.height - self.TITLE_HEIGHT - (index + 1) * (self.ROW + self.GAP) + self.GAP
            length = room * max(value, 0) / largest
            drawing.add(String(label_width - 6, y + 3.5, label, fontName=FONT, fontSize=8, textAnchor="end", fillColor=TEXT_COLOUR))
            drawing.add(Rect(label_width, y, length, self.ROW, fillColor=BAR_COLOUR, strokeColor=None))
            drawing.add(String(label_width + length + 4, y + 3.5, text, fontName=FONT, fontSize=8, fillColor=TEXT_COLOUR))
        drawing.add(String(0, 3, f"Source: {self.bars.source}", fontName=FONT, fontSize=7.5, fillColor=TEXT_COLOUR))
        drawing.drawOn(self.canv, 0, 0)


def _figures_table(sheet: Sheet, width: float) -> Table:
    rows = [[_text("Figure", CELL_BOLD), _text("Value", CELL_BOLD), _text("What it is · period · source", CELL_BOLD)]]
    for figure in sheet.figures:
        described = [_text(figure.caption, CELL)] + [_text(line, SMALL) for line in figure.more]
        rows.append([_text(figure.label, CELL), _text(figure.value, CELL_BOLD), described])
    table = Table(rows, colWidths=[width * 0.2, width * 0.14, width * 0.66], repeatRows=0)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE_COLOUR),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def render(sheet: Sheet, paper: str = "letter") -> bytes:
    """The sheet as PDF bytes on one page of `paper` ("letter" or "a4")."""
    _fonts()
    size = PAPERS[paper]
    out = BytesIO()
    document = SimpleDocTemplate(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, initialFontName=FONT, title=sheet.title, author="mbcstats", creator="mbcstats",
                                 subject=sheet.meta)
    width, height = document.width, document.height
    content = [_text(sheet.title, TITLE), _text(sheet.meta, META)]
    content += [_text(line, ABOUT) for line in sheet.about]
    content += [_text("Headline figures", HEADING), _figures_table(sheet, width)]
    for chart in sheet.charts:
        content += [Spacer(1, 6), BarChart(chart)]
    content += [_text("Read with care", HEADING)] + [_text(note, BODY) for note in sheet.notes]
    content += [_text("Sources", HEADING)] + [_text(f"• {line}", SMALL) for line in sheet.sources]
    # Shrunk as a whole if it is longer than the page: one page, whatever the number of sources.
    document.build([KeepInFrame(width, height, content, mode="shrink")])
    return out.getvalue()
