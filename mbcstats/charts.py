"""Figure builders: DataFrame in, plotly Figure out, with title and source inside the figure.

The source line is an annotation of the figure itself, so a PNG exported from the
chart keeps it. Colours are Okabe-Ito (distinguishable with the common colour-vision
deficiencies), and every bar or point also carries a text label or a marker shape, so
colour is never the only carrier of meaning.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import pandas as pd

from mbcstats.formatting import format_value

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star"]


TOP, BOTTOM = 110, 80  # pixels above the plot (title, legend) and below it (axis, source line)


def _layout(figure: go.Figure, title: str, source: str, height: int) -> go.Figure:
    top = TOP if len(figure.data) > 1 else TOP - 50  # no legend row for a single trace
    height -= TOP - top
    plot_height = height - top - BOTTOM
    figure.update_layout(
        title=dict(text=wrap(title, 70), x=0, xanchor="left", y=1, yref="container", yanchor="top",
                   pad=dict(t=10), font=dict(size=15)),
        height=height, margin=dict(l=10, r=10, t=top, b=BOTTOM), showlegend=len(figure.data) > 1,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left"),
        font=dict(size=13),
    )
    # The source sits in the figure itself, so a PNG exported from the chart keeps it.
    figure.add_annotation(text=wrap(f"Source: {source}", 90), xref="paper", yref="paper", x=0,
                          y=-(BOTTOM - 30) / plot_height, xanchor="left", yanchor="top", showarrow=False,
                          align="left", font=dict(size=12))
    return figure


def wrap(text: str, width: int = 28) -> str:
    """Break a long label into lines so it fits on a phone; its own text is escaped, as plotly reads tags in labels."""
    words, lines, line = html.escape(str(text), quote=False).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def bar_chart(frame: pd.DataFrame, category: str, title: str, source: str, unit: str) -> go.Figure:
    """Horizontal bars, one per row of `frame`, each labelled with its formatted value."""
    labels = [wrap(str(text)) for text in frame[category]]
    figure = go.Figure(go.Bar(
        x=frame["value"].astype(float), y=labels, orientation="h",
        marker_color=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(frame))],
        text=[format_value(v, unit) for v in frame["value"]], textposition="auto",
        hovertemplate="%{y}<br>%{text}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(rangemode="tozero", zeroline=True)
    return _layout(figure, title, source, height=TOP + BOTTOM + 40 + 70 * len(frame))


def line_chart(frame: pd.DataFrame, series: str, x: str, title: str, source: str, unit: str,
               marker_at: float | None = None, marker_text: str = "") -> go.Figure:
    """One line per value of `series`, points marked with a distinct symbol per series."""
    figure = go.Figure()
    for position, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        figure.add_trace(go.Scatter(
            x=rows[x], y=rows["value"].astype(float), name=wrap(str(name), 60), mode="lines+markers",
            line=dict(color=OKABE_ITO[position % len(OKABE_ITO)], dash="solid" if position % 2 == 0 else "dash"),
            marker=dict(symbol=SYMBOLS[position % len(SYMBOLS)], size=9),
            text=[format_value(v, unit) for v in rows["value"]],
            hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>"))
    if marker_at is not None:
        figure.add_vline(x=marker_at, line_dash="dot", line_color="#777777")
        figure.add_annotation(x=marker_at, y=1, yref="paper", text=marker_text, showarrow=False,
                              xanchor="left", yanchor="bottom", font=dict(size=11))
    figure.update_xaxes(dtick=1)
    return _layout(figure, title, source, height=460)


def spread_chart(frame: pd.DataFrame, category: str, title: str, source: str, unit: str) -> go.Figure:
    """Percentiles of each category on one line: a range from the 10th to the 90th with the median marked."""
    figure = go.Figure()
    for position, (statistic, rows) in enumerate(frame.groupby("statistic_label", sort=False)):
        figure.add_trace(go.Scatter(
            x=rows["value"].astype(float), y=[wrap(str(c)) for c in rows[category]], mode="markers", name=statistic,
            marker=dict(symbol=SYMBOLS[position % len(SYMBOLS)], size=12, color=OKABE_ITO[position % len(OKABE_ITO)]),
            text=[format_value(v, unit) for v in rows["value"]],
            hovertemplate="%{y}<br>" + html.escape(str(statistic), quote=False) + ": %{text}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    return _layout(figure, title, source, height=TOP + BOTTOM + 40 + 80 * frame[category].nunique())


def grouped_bar_chart(frame: pd.DataFrame, x: str, series: str, title: str, source: str, unit: str) -> go.Figure:
    """Vertical bars grouped by `x`, one colour and pattern per series, each labelled with its value."""
    figure = go.Figure()
    patterns = ["", "/", ".", "x", "\\", "+"]
    for position, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        figure.add_trace(go.Bar(
            x=rows[x], y=rows["value"].astype(float), name=wrap(str(name), 60),
            marker=dict(color=OKABE_ITO[position % len(OKABE_ITO)], pattern_shape=patterns[position % len(patterns)]),
            text=[format_value(v, unit) for v in rows["value"]], textposition="outside",
            hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>"))
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=sorted(frame[x].unique()))
    return _layout(figure, title, source, height=480)
