"""Figure builders: DataFrame in, plotly Figure out, with title and source inside the figure.

The source line is an annotation of the figure itself, so a PNG exported from the
chart keeps it. Colours are Okabe-Ito (distinguishable with the common colour-vision
deficiencies), and every bar or point also carries a text label or a marker shape, so
colour is never the only carrier of meaning.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from mbcstats.formatting import format_value

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]  # Okabe-Ito without black: dark theme
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star"]


class PreparedFigure(go.Figure):
    """A finished figure whose plain-dict form is made once. st.plotly_chart calls `to_dict()` on every run, a deep
    copy of every trace and of the layout: most of a chart page's rerun (the state map's 52 outlines alone). A chart
    that `ui.computed` shares between sessions never changes, so one dict serves every run; do not change it."""

    def __init__(self, figure: go.Figure):
        super().__init__(figure)
        self._prepared = super().to_dict()

    def to_dict(self) -> dict:
        return self._prepared


TITLE_WIDTH, SOURCE_WIDTH = 40, 52  # characters per line: what fits a 390-pixel phone screen


def _layout(figure: go.Figure, title: str, source: str, height: int, legend: bool | None = None) -> go.Figure:
    """Title and source line at the top (the source in the figure itself, so an exported PNG keeps it),
    legend under the plot; the margins grow with the text, so nothing is clipped at phone width."""
    legend = len(figure.data) > 1 if legend is None else legend
    subtitle = wrap(f"Source: {source}", SOURCE_WIDTH)
    # Plotly's title automargin measures the title, not its subtitle: pad for each subtitle line.
    pad_below = 16 + 18 * subtitle.count("<br>")
    figure.update_layout(
        title=dict(text=wrap(title, TITLE_WIDTH), x=0, xref="container", xanchor="left", y=1, yref="paper",
                   yanchor="bottom", automargin=True, pad=dict(l=6, b=pad_below), font=dict(size=15),
                   subtitle=dict(text=subtitle, font=dict(size=12))),
        height=height, margin=dict(l=10, r=10, t=40, b=40), showlegend=legend,
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left"),
        font=dict(size=13),
    )
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
    derived = list(frame["derived"].astype(bool)) if "derived" in frame else [False] * len(frame)
    figure = go.Figure(go.Bar(
        x=frame["value"].astype(float), y=labels, orientation="h",
        # One colour: each bar's label says what it is. A derived bar is hatched, with its value outside it.
        marker=dict(color=OKABE_ITO[0], pattern_shape=["/" if d else "" for d in derived]),
        text=[format_value(v, unit) for v in frame["value"]],
        textposition=["outside" if d else "auto" for d in derived],
        cliponaxis=False,  # a label outside a long bar may run past the plot area: into the right margin below
        hovertemplate="%{y}<br>%{text}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(rangemode="tozero", zeroline=True)
    _layout(figure, title, source, height=200 + 60 * len(frame))
    if any(derived):  # room for an outside label such as "39%" at phone width, where the plot area ends at the bar
        figure.update_layout(margin_r=44)
    return figure


def line_chart(frame: pd.DataFrame, series: str, x: str, title: str, source: str, unit: str,
               marker_at: float | None = None, marker_text: str = "") -> go.Figure:
    """One line per value of `series`, points marked with a distinct symbol per series."""
    figure = go.Figure()
    for position, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        figure.add_trace(go.Scatter(
            x=[wrap(str(v), 60) for v in rows[x]], y=rows["value"].astype(float), name=wrap(str(name), 60), mode="lines+markers",
            line=dict(color=OKABE_ITO[position % len(OKABE_ITO)], dash="solid" if position % 2 == 0 else "dash"),
            marker=dict(symbol=SYMBOLS[position % len(SYMBOLS)], size=9),
            text=[format_value(v, unit) for v in rows["value"]],
            hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>"))
    if marker_at is not None:
        figure.add_vline(x=marker_at, line_dash="dot", line_color="#777777")
        figure.add_annotation(x=marker_at, y=1, yref="paper", text=wrap(marker_text, 60), showarrow=False,
                              xanchor="left", yanchor="bottom", font=dict(size=11))
    figure.update_xaxes(dtick=1)
    return _layout(figure, title, source, height=460)


def spread_chart(frame: pd.DataFrame, category: str, title: str, source: str, unit: str) -> go.Figure:
    """Percentiles of each category on one line: a range from the 10th to the 90th with the median marked."""
    figure = go.Figure()
    for position, (statistic, rows) in enumerate(frame.groupby("statistic_label", sort=False)):
        figure.add_trace(go.Scatter(
            x=rows["value"].astype(float), y=[wrap(str(c)) for c in rows[category]], mode="markers", name=wrap(str(statistic), 60),
            marker=dict(symbol=SYMBOLS[position % len(SYMBOLS)], size=12, color=OKABE_ITO[position % len(OKABE_ITO)]),
            text=[format_value(v, unit) for v in rows["value"]],
            hovertemplate="%{y}<br>" + html.escape(str(statistic), quote=False) + ": %{text}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    return _layout(figure, title, source, height=220 + 70 * frame[category].nunique())


def grouped_bar_chart(frame: pd.DataFrame, x: str, series: str, title: str, source: str, unit: str) -> go.Figure:
    """Vertical bars grouped by `x`, one colour and pattern per series, each labelled with its value."""
    figure = go.Figure()
    patterns = ["", "/", ".", "x", "\\", "+"]
    for position, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        figure.add_trace(go.Bar(
            x=[wrap(str(v), 60) for v in rows[x]], y=rows["value"].astype(float), name=wrap(str(name), 60),
            marker=dict(color=OKABE_ITO[position % len(OKABE_ITO)], pattern_shape=patterns[position % len(patterns)]),
            text=[format_value(v, unit) for v in rows["value"]], textposition="outside",
            hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>"))
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[wrap(str(v), 60) for v in sorted(frame[x].unique())])
    return _layout(figure, title, source, height=480)


def state_map(frame: pd.DataFrame, shapes: dict[str, dict], title: str, source: str, unit: str,
              reference: str = "") -> go.Figure:
    """A choropleth of states drawn as plain filled shapes (no map library, nothing fetched).

    Colours follow the Cividis scale (readable with colour-vision deficiencies); states whose
    estimate BLS did not release are light grey and say so on hover; the table beside it carries
    every value as text.
    """
    from plotly.colors import sample_colorscale

    values = frame.dropna(subset=["value"])
    low, high = float(values["value"].min()), float(values["value"].max())
    span = (high - low) or 1.0
    by_code = {str(row["state_code"]).zfill(2): row for _, row in frame.iterrows()}
    figure = go.Figure()
    for code, shape in shapes.items():
        row = by_code.get(code)
        has_value = row is not None and not pd.isna(row["value"])
        colour = sample_colorscale("Cividis", [(float(row["value"]) - low) / span])[0] if has_value else "#d9d9d9"
        label = format_value(row["value"], unit, "", row["footnote"]) if row is not None else "no estimate"
        xs, ys = [], []
        for ring in shape["rings"]:
            xs += [x for x, _ in ring] + [None]
            ys += [y for _, y in ring] + [None]
        figure.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines", line=dict(color="#ffffff", width=0.6),
            hoveron="fills", text=html.escape(f"{shape['name']}: {label}", quote=False), hoverinfo="text",
            showlegend=False, name=html.escape(shape["name"], quote=False)))
    figure.add_trace(go.Scatter(  # carries the colour bar only
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
        marker=dict(colorscale="Cividis", cmin=low, cmax=high, color=[low],
                    colorbar=dict(title=dict(text=""), thickness=12, len=0.7, tickformat="$,.0f" if unit.startswith("usd") else ""))))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    _layout(figure, f"{title}. {reference}" if reference else title, source, height=540, legend=False)
    return figure
