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
    values = frame["value"].astype(float)
    longest = values.max() if len(values) else 0
    figure = go.Figure(go.Bar(
        x=values, y=labels, orientation="h",
        # One colour: each bar's label says what it is. A derived bar is hatched, with its value outside it.
        marker=dict(color=OKABE_ITO[0], pattern_shape=["/" if d else "" for d in derived]),
        text=[format_value(v, unit) for v in frame["value"]],
        textposition=[_label_position(value, longest, d) for value, d in zip(values, derived)],
        textangle=0, constraintext="none",  # labels keep their size and stay level, whatever the bar's length
        cliponaxis=False,  # a label outside a long bar may run past the plot area: into the right margin below
        hovertemplate="%{y}<br>%{text}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(rangemode="tozero", zeroline=True)
    _layout(figure, title, source, height=200 + 60 * len(frame))
    if any(derived):  # room for an outside label such as "39%" at phone width, where the plot area ends at the bar
        figure.update_layout(margin_r=44)
    return figure


SHORT_BAR = 0.35  # of the longest bar: shorter bars have too little room for their label on a phone


def _label_position(value: float, longest: float, derived: bool) -> str:
    """Inside the bar's end where it has room, beside it where it is short (or derived, hatched)."""
    if derived or not longest or pd.isna(value) or value < SHORT_BAR * longest:
        return "outside"
    return "inside"


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
        # Inside the plot at its top, so it never meets the source line above the plot.
        figure.add_annotation(x=marker_at, y=1, yref="paper", text=wrap(marker_text, 24), showarrow=False,
                              xanchor="left", yanchor="top", xshift=4, yshift=-6, align="left", font=dict(size=12))
    figure.update_xaxes(dtick=1)
    return _layout(figure, title, source, height=460)


SPREAD_KEY = "Thin bar: 10th to 90th percentile. Thick bar: 25th to 75th. Mark: the median."


def spread_chart(frame: pd.DataFrame, category: str, title: str, source: str, unit: str) -> go.Figure:
    """Range bars, one row per category, its name above it so the bars keep the phone's whole width: a thin bar from
    the 10th to the 90th percentile, a thick bar from the 25th to the 75th, the median marked and labelled under it.
    A range whose end BLS did not publish is not drawn."""
    rows = frame.assign(_value=frame["value"].astype(float)).pivot_table(
        index=category, columns="statistic", values="_value", sort=False, aggfunc="first")
    figure = go.Figure()
    for low, high, width, name, opacity in (("p10", "p90", 0.12, "10th to 90th percentile", 0.5),
                                            ("p25", "p75", 0.32, "25th to 75th percentile", 1.0)):
        if {low, high} <= set(rows.columns):
            ranges = rows[[low, high]].reset_index(drop=True).dropna()
            figure.add_trace(go.Bar(
                y=list(ranges.index), x=ranges[high] - ranges[low], base=ranges[low], orientation="h", width=width,
                name=name, marker=dict(color=OKABE_ITO[0], opacity=opacity), showlegend=False,
                customdata=[[format_value(a, unit), format_value(b, unit)] for a, b in zip(ranges[low], ranges[high])],
                hovertemplate=name + ": %{customdata[0]} to %{customdata[1]}<extra></extra>"))
    medians = rows["median"].reset_index(drop=True).dropna() if "median" in rows.columns else pd.Series(dtype=float)
    figure.add_trace(go.Scatter(
        y=list(medians.index), x=medians, mode="markers", name="Median", showlegend=False,
        marker=dict(symbol="line-ns", size=24, line=dict(width=4, color=OKABE_ITO[5])),
        text=[format_value(v, unit) for v in medians], hovertemplate="Median: %{text}<extra></extra>"))
    for position, name in enumerate(rows.index):
        figure.add_annotation(x=0, xref="paper", y=position - 0.24, text=wrap(str(name), SOURCE_WIDTH - 8), showarrow=False,
                              xanchor="left", yanchor="bottom", align="left", font=dict(size=13))
    for position, value in medians.items():
        figure.add_annotation(x=value, y=position + 0.17, text=f"median {format_value(value, unit)}", showarrow=False,
                              xanchor="center", yanchor="top", font=dict(size=12))
    figure.add_annotation(x=0, xref="paper", y=0, yref="paper", yshift=-36, text=wrap(SPREAD_KEY, SOURCE_WIDTH),
                          showarrow=False, xanchor="left", yanchor="top", align="left", font=dict(size=12))
    figure.update_layout(barmode="overlay")
    figure.update_yaxes(range=[len(rows) - 0.3, -0.8], showticklabels=False, showgrid=False, zeroline=False)
    figure.update_xaxes(tickformat="$,.0f" if unit.startswith("usd") else "", automargin=True, nticks=4)
    _layout(figure, title, source, height=200 + 135 * len(rows), legend=False)
    figure.update_layout(margin_b=90, margin_l=14, margin_r=24)
    return figure


def grouped_bar_chart(frame: pd.DataFrame, x: str, series: str, title: str, source: str, unit: str) -> go.Figure:
    """Horizontal bars grouped by `x`, one colour and pattern per series, each labelled with its value: at phone
    width a label outside a horizontal bar keeps its size, where one over a narrow vertical bar was shrunk to fit."""
    figure = go.Figure()
    patterns = ["", "/", ".", "x", "\\", "+"]
    order = [wrap(str(v), 60) for v in sorted(frame[x].unique())]
    for position, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        figure.add_trace(go.Bar(
            y=[wrap(str(v), 60) for v in rows[x]], x=rows["value"].astype(float), name=wrap(str(name), SOURCE_WIDTH),
            orientation="h", marker=dict(color=OKABE_ITO[position % len(OKABE_ITO)], pattern_shape=patterns[position % len(patterns)]),
            text=[format_value(v, unit) for v in rows["value"]], textposition="outside", cliponaxis=False,
            textfont=dict(size=12), constraintext="none",
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>"))
    figure.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05, legend_traceorder="normal")
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed", automargin=True)
    figure.update_xaxes(zeroline=True, automargin=True, showticklabels=False)  # every bar is labelled with its value
    values = frame["value"].astype(float)
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    # A value left of zero is written left of its bar: room for it inside the plot, clear of the editions' names.
    figure.update_xaxes(range=[low - 0.22 * (high - low) if low < 0 else 0, high * 1.02])
    _layout(figure, title, source, height=220 + 17 * len(frame) + 24 * frame[series].nunique())
    figure.update_layout(margin_r=60, legend=dict(y=-0.06))  # room for the value outside the longest bar
    return figure


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
