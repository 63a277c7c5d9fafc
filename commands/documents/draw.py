"""Draw the bid report's charts for print: vector SVG on a white background, PNG for Word.

matplotlib (Agg backend, imported only when a chart is drawn) gives both from one drawing,
with real text in the SVG. Greyscale-legible: each series has its own grey and hatching,
every bar carries its figure, and a withheld figure is drawn as no bar with its mark.
"""

from __future__ import annotations

import io
from html import escape

from commands.documents.charts import Chart, height, shown

#: (face colour, hatch) of each series: distinct in greyscale and in colour.
LOOKS = (("#4d4d4d", ""), ("#ffffff", "///"), ("#b3b3b3", "..."), ("#ffffff", "xx"))
STYLE = {"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "none",
         "svg.hashsalt": "workforce", "hatch.color": "#000000", "hatch.linewidth": 0.6,
         "axes.edgecolor": "#000000", "axes.labelcolor": "#000000",
         "xtick.color": "#000000", "ytick.color": "#000000", "text.color": "#000000"}


def to_svg(chart: Chart) -> str:
    """The chart as a standalone SVG document."""
    return _save(chart, "svg").decode("utf-8")


def to_inline_svg(chart: Chart) -> str:
    """The chart as an <svg> element to place inside an HTML page, its ids prefixed with
    the chart's name so that several charts on one page never share one."""
    svg = to_svg(chart)
    svg = svg[svg.index("<svg"):].strip()
    for before in ('id="', 'url(#', 'xlink:href="#'):
        svg = svg.replace(before, f"{before}{chart.name}-")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(chart.title)}" ', 1)


def to_png(chart: Chart, dpi: int = 200) -> bytes:
    return _save(chart, "png", dpi)


def _save(chart: Chart, fmt: str, dpi: int = 100) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with plt.rc_context(STYLE):
        figure = _draw(chart, plt)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, dpi=dpi, facecolor="white",
                       metadata={"Date": None, "Title": chart.title} if fmt == "svg" else None)
        plt.close(figure)
    return buffer.getvalue()


def _draw(chart: Chart, plt):
    if chart.kind == "tornado":
        return _tornado(chart, plt)
    width = max(7.0, 1.1 * len(chart.categories) + 1.5)
    figure, axes = plt.subplots(figsize=(min(width, 10.0), 3.6))
    top = max((height(v) for s in chart.series for v in (*s.values, *(s.high or ()))),
              default=0) or 1
    (_lines if chart.kind == "lines" else _bars)(chart, axes)
    axes.set_title(chart.title, loc="left", fontsize=10, fontweight="bold")
    axes.set_ylabel(chart.axis)
    axes.set_ylim(0, top * 1.15)
    axes.set_xticks(range(len(chart.categories)), chart.categories)
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}" if value >= 10
                                   else f"{value:g}")
    if len(chart.series) > 1 or any(s.low for s in chart.series):
        axes.legend(frameon=False, loc="upper left" if chart.kind == "lines" else "upper right")
    figure.tight_layout()
    return figure


def _bars(chart: Chart, axes) -> None:
    count = len(chart.series)
    step = 0.8 / count
    small = 7 if count * len(chart.categories) > 12 else 8  # crowded bars, smaller figures
    for n, series in enumerate(chart.series):
        # One series: each bar its own look, as each is a different quantity.
        looks = [LOOKS[(n if count > 1 else i) % len(LOOKS)] for i in range(len(series.values))]
        places = [i - 0.4 + step * (n + 0.5) for i in range(len(chart.categories))]
        bars = axes.bar(places, [height(v) for v in series.values], step, label=series.label,
                        color=[face for face, _ in looks], hatch=[h for _, h in looks],
                        edgecolor="#000000", linewidth=0.8)
        axes.bar_label(bars, [shown(v) for v in series.values], padding=2, fontsize=small)


#: (line style, marker) of each line: told apart without colour.
STROKES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"))


def _lines(chart: Chart, axes) -> None:
    """Each series a black line of its own dash and marker, its range a hatched grey band,
    and its last figure written beside its last point."""
    places = range(len(chart.categories))
    for n, series in enumerate(chart.series):
        if series.low and series.high:
            axes.fill_between(places, series.low, series.high, facecolor="#d9d9d9",
                              edgecolor="#808080", hatch="...", linewidth=0.5,
                              label=f"{series.label}: range")
        dash, marker = STROKES[n % len(STROKES)]
        axes.plot(places, [height(v) for v in series.values], dash, marker=marker,
                  color="#000000", markersize=4, linewidth=1.4, label=series.label)
        axes.annotate(shown(series.values[-1]), (len(chart.categories) - 1,
                                                 height(series.values[-1])),
                      xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)


def _tornado(chart: Chart, plt):
    """Horizontal bars from the central figure to each end, the largest swing on top: the
    first series (low end) hatched, the second (high end) grey, the centre a black line."""
    low, high, centre = chart.series
    count = len(chart.categories)
    figure, axes = plt.subplots(figsize=(8.0, max(2.4, 0.4 * count + 1.4)))
    middle = height(centre.values[0])
    places = list(range(count))[::-1]
    for series, (face, hatch) in ((low, LOOKS[1]), (high, LOOKS[2])):
        ends = [height(v) for v in series.values]
        bars = axes.barh(places, [e - middle for e in ends], 0.6, left=middle,
                         label=series.label, color=face, hatch=hatch, edgecolor="#000000",
                         linewidth=0.8)
        axes.bar_label(bars, [shown(v) for v in series.values], padding=2, fontsize=7)
    axes.axvline(middle, color="#000000", linewidth=1.2, label=f"{centre.label}: "
                 f"{shown(centre.values[0])}")
    axes.set_yticks(places, chart.categories)
    axes.set_xlabel(chart.axis)
    axes.set_title(chart.title, loc="left", fontsize=10, fontweight="bold")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, loc="lower right", fontsize=8)
    figure.tight_layout()
    return figure
