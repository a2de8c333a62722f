"""A one-page, print-ready HTML fact sheet: headline figures, a chart or two, every source and year.

Plain HTML and inline SVG with no script and nothing fetched, so it prints the same anywhere.
Every piece of text from the data is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

import pandas as pd

from mbcstats.formatting import format_value
from mbcstats.headlines import Headline
from mbcstats.occupations import description_lines

STYLE = """
@page { size: Letter; margin: 12mm; }
@media print { @page { size: A4; margin: 12mm; } }
body { font-family: Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #111; margin: 0; max-width: 185mm; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 4mm 0 1.5mm; }
p { margin: 1mm 0; } .meta { color: #333; } .about { font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.5mm; border-bottom: 0.3mm solid #bbb; }
td.value { font-weight: bold; white-space: nowrap; }
.sources li { margin: 0.5mm 0; } svg text { font-family: Arial, Helvetica, sans-serif; }
"""


def svg_bars(title: str, rows: list[tuple[str, float, str]], source: str, width: int = 640) -> str:
    """A horizontal bar chart as inline SVG: a label, a bar and its value on each line, and the source under it."""
    if not rows:
        return ""
    label_width, bar_height, gap, top = 250, 18, 8, 22
    largest = max(value for _, value, _ in rows) or 1
    height = top + len(rows) * (bar_height + gap) + 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<text x="0" y="14" font-size="12" font-weight="bold">{escape(title)}</text>']
    for index, (label, value, text) in enumerate(rows):
        y = top + index * (bar_height + gap)
        length = (width - label_width - 90) * value / largest
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" font-size="10.5" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="#0072B2"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 13}" font-size="10.5">{escape(text)}</text>')
    parts.append(f'<text x="0" y="{height - 6}" font-size="9.5">Source: {escape(source)}</text></svg>')
    return "".join(parts)


def fact_sheet(title: str, cards: list[Headline], charts: list[str], sources: pd.DataFrame, version: str,
               notes: list[str], today: date | None = None, about: Sequence[str] = ()) -> str:
    """The fact sheet as one HTML document; `about`: lines under the title saying what the occupation is."""
    produced = (today or date.today()).isoformat()
    rows = []
    for card in cards:
        if card.latest is None:
            continue
        rows.append(f"<tr><td>{escape(card.label)}</td><td class=value>{escape(card.value_text)}</td>"
                    f"<td>{escape(card.caption)}</td></tr>")
    source_items = "".join(
        f"<li>{escape(row.short_label)}: {escape(row.publisher)}, {escape(row.title)}"
        f"{', published ' + escape(row.publication_date) if row.publication_date else ''}"
        f"{'. ' + escape(row.url) if row.url else ''}</li>" for row in sources.itertuples())
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<h1>{escape(title)}</h1>"
            f"<p class=meta>mbcstats data version {escape(version)} · produced {produced} · every figure with its source and year</p>"
            + "".join(f"<p class=about>{escape(line)}</p>" for line in about) +
            f"<h2>Headline figures</h2><table><tr><th>Figure</th><th>Value</th><th>What it is · period · source</th></tr>"
            f"{''.join(rows)}</table>"
            + "".join(f"<h2>&nbsp;</h2>{chart}" for chart in charts if chart) +
            "<h2>Read with care</h2>" + "".join(f"<p>{escape(note)}</p>" for note in notes) +
            f"<h2>Sources</h2><ul class=sources>{source_items}</ul></body></html>")


def comparison_rows(rows: pd.DataFrame, label_column: str = "occupation") -> list[tuple[str, float, str]]:
    return [(str(r[label_column]), float(r["value"]), format_value(r["value"], r["unit"])) for _, r in rows.iterrows()
            if not pd.isna(r["value"])]


NOTES = [
    "Pay is from BLS OEWS (wage and salary jobs, May). Growth and openings are BLS Employment Projections, which "
    "count all workers as an annual average. The remote share and certification premium come from AAPC's salary "
    "survey of people who chose to respond, not from BLS.",
    "A median is the middle wage: half earn more. Billers have no BLS category of their own; the nearest is Billing "
    "and Posting Clerks (43-3021) in all industries.",
]


def build(table: pd.DataFrame, sources: pd.DataFrame, version: str, occupation_code: str, occupation_label: str,
          cards: list[Headline], extra_charts: list[tuple[str, pd.DataFrame, str]] = (), today: date | None = None,
          title_suffix: str = "", described: pd.DataFrame | None = None) -> str:
    """The fact sheet for one occupation: what it is in O*NET's words (`described`, occupations.described), its
    headline cards, the pay comparison and any extra charts given."""
    from mbcstats import pay

    compared = pay.pay_comparison(table, "median", "annual")
    compared = compared.assign(occupation=[pay.SHORT_NAMES.get(c, t) for c, t in
                                           zip(compared["occupation_code"], compared["occupation_title"])])
    charts = [svg_bars(f"Median annual wage, {compared.iloc[0]['period']}", comparison_rows(compared),
                       ", ".join(dict.fromkeys(compared["source"])))]
    used = set(compared["source_id"]) | {card.latest["source_id"] for card in cards if card.latest is not None}
    for title, rows, label_column in extra_charts:
        charts.append(svg_bars(title, comparison_rows(rows, label_column), ", ".join(dict.fromkeys(rows["source"]))))
        used |= set(rows["source_id"])
    about = [] if described is None else description_lines(described, occupation_code)
    if about:
        used |= set(described.loc[described["soc_code"] == occupation_code, "source_id"])
    title = f"Medical billing and coding fact sheet: {occupation_label}" + (f", {title_suffix}" if title_suffix else "")
    return fact_sheet(title, cards, charts,
                      sources[sources["source_id"].isin(used)].fillna(""), version, NOTES, today, about)


def state_chart(figures: pd.DataFrame, detail: pd.DataFrame, occupation_code: str, area_code: str) -> list:
    """The extra chart for a chosen state: its median annual wage beside the nation's, same OEWS release."""
    from mbcstats import places

    rows = places.state_beside_nation(figures, detail, occupation_code, area_code)
    if rows.empty or rows["value"].isna().all():
        return []
    return [(f"Median annual wage, {rows.iloc[0]['period']}: state and nation", rows, "place")]
