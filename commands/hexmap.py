"""A hex map as a standalone SVG: one hexagon per area, shaded in a few classes of one
light-to-dark blue (so it reads in greyscale too), with a legend, nation outlines and
labels, and a title. Every hexagon carries its area's code, name and figures as
attributes (`data-*`) and a tooltip, so that the map can be checked and restyled.

The layouts are HexJSON "odd-r" layouts: pointy-topped hexes in rows, odd rows shifted
half a hex right, row numbers growing northwards.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

#: Light to dark; each step is darker in greyscale too. The first is for a zero value.
SHADES = ("#ffffff", "#cfe1f2", "#93c4df", "#4a91c4", "#0b4a8b")
SIZE = 9.0  # hexagon radius, px, for a map of a few hundred areas
MARGIN = 20.0
LEGEND_WIDTH = 230.0
MIN_WIDTH = 900.0
LINE = 16.0  # subtitle line height
WRAP = 120  # subtitle characters a line


@dataclass(frozen=True)
class Hex:
    code: str
    name: str
    group: str  # outlined and labelled together: the nation
    column: int
    row: int
    value: float
    attributes: dict[str, object] = field(default_factory=dict)
    label: str = ""  # text drawn on the hex (short names, for small maps)


@dataclass(frozen=True)
class Legend:
    title: str
    zero: str  # what a zero value means, e.g. "no known team"
    unit_format: str = "{:,.2f}"


def classes(values: Sequence[float], steps: int = len(SHADES) - 1) -> list[float]:
    """Upper bounds of `steps` classes of the non-zero values, at their quantiles."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    bounds = [positive[min(len(positive) - 1, math.ceil(len(positive) * k / steps) - 1)]
              for k in range(1, steps + 1)]
    return sorted(set(bounds))


def shade(value: float, bounds: Sequence[float]) -> str:
    if value <= 0:
        return SHADES[0]
    for index, bound in enumerate(bounds):
        if value <= bound:
            return SHADES[1 + index]
    return SHADES[len(bounds)]


def hex_map(hexes: Sequence[Hex], title: str, subtitle: str, legend: Legend,
            notes: Sequence[str] = (), size: float = SIZE) -> str:
    """The SVG document; `size` is the radius of a hexagon."""
    lines = textwrap.wrap(subtitle, WRAP)
    header = 50 + LINE * len(lines)
    top_row = max(h.row for h in hexes)
    min_column = min(h.column for h in hexes)
    width_step, height_step = math.sqrt(3) * size, 1.5 * size

    def centre(h: Hex) -> tuple[float, float]:
        x = MARGIN + LEGEND_WIDTH + width_step * (h.column + (0.5 if h.row % 2 else 0)
                                                  - min_column + 0.5)
        return x, header + size + height_step * (top_row - h.row)

    corners = {h.code: _corners(*centre(h), size) for h in hexes}
    width = max(MIN_WIDTH, max(x for c in corners.values() for x, _ in c) + MARGIN)
    height = max(max(y for c in corners.values() for _, y in c) + MARGIN,
                 header + 60 + 22 * len(SHADES) + 14 * len(notes))
    bounds = classes([h.value for h in hexes])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" font-family="sans-serif" '
           f'role="img" aria-labelledby="map-title">',
           f'<title id="map-title">{escape(title)}</title>',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="{MARGIN}" y="30" font-size="17" font-weight="bold">{escape(title)}</text>']
    out.extend(f'<text x="{MARGIN}" y="{52 + LINE * i:.0f}" font-size="12" fill="#333333">'
               f'{escape(line)}</text>' for i, line in enumerate(lines))
    out.append('<g class="areas" stroke="#9a9a9a" stroke-width="0.6">')
    for h in hexes:
        attributes = "".join(f' data-{k.replace("_", "-")}="{escape(_text(v))}"'
                             for k, v in h.attributes.items())
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners[h.code])
        out.append(f'<polygon id="{escape(h.code)}" class="area" data-code="{escape(h.code)}" '
                   f'data-name="{escape(h.name)}" data-nation="{escape(h.group)}"'
                   f'{attributes} fill="{shade(h.value, bounds)}" points="{points}">'
                   f'<title>{escape(h.name)} ({escape(h.code)}): '
                   f'{escape(_text(h.value))}</title></polygon>')
    out.append("</g>")
    out.extend(_outlines(hexes, corners))
    out.extend(_labels(hexes, centre, size))
    out.extend(_legend(legend, bounds, notes, header))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _corners(x: float, y: float, size: float) -> list[tuple[float, float]]:
    """The six corners of a pointy-topped hexagon, rounded so neighbours share them."""
    return [(round(x + size * math.cos(math.radians(60 * k - 30)), 1),
             round(y + size * math.sin(math.radians(60 * k - 30)), 1)) for k in range(6)]


def _outlines(hexes: Sequence[Hex], corners: dict[str, list[tuple[float, float]]]) -> list[str]:
    """A darker line wherever a hexagon's edge is not shared with one of its own nation."""
    edges: Counter = Counter()
    for h in hexes:
        points = corners[h.code]
        for a, b in zip(points, points[1:] + points[:1], strict=True):
            edges[(h.group, min(a, b), max(a, b))] += 1
    lines = [f'<line x1="{a[0]}" y1="{a[1]}" x2="{b[0]}" y2="{b[1]}"/>'
             for (_, a, b), n in sorted(edges.items()) if n == 1]
    return ['<g class="outlines" stroke="#222222" stroke-width="1.6" stroke-linecap="round">',
            *lines, "</g>"]


def _labels(hexes: Sequence[Hex], centre, size: float) -> list[str]:
    """Each nation's name at its middle (when there are several), and any hexagon's own
    label, on a white halo (a separate text beneath, which every SVG renderer shows)."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for h in hexes:
        groups.setdefault(h.group, []).append(centre(h))
    texts = [(sum(x for x, _ in p) / len(p), sum(y for _, y in p) / len(p), group, 15, "bold",
              "nation-label") for group, p in groups.items()] if len(groups) > 1 else []
    texts += [(*centre(h), h.label, round(size * 0.42, 1), "normal", "area-label")
              for h in hexes if h.label]
    out = ['<g class="labels" fill="#111111" text-anchor="middle">']
    for x, y, label, font, weight, kind in texts:
        common = (f'x="{x:.1f}" y="{y + font / 3:.1f}" font-size="{font}" '
                  f'font-weight="{weight}"')
        out.append(f'<text class="halo" {common} fill="none" stroke="#ffffff" '
                   f'stroke-width="{font / 4:.1f}" stroke-linejoin="round">{escape(label)}</text>')
        out.append(f'<text class="{kind}" {common}>{escape(label)}</text>')
    out.append("</g>")
    return out


def _legend(legend: Legend, bounds: Sequence[float], notes: Sequence[str],
            header: float) -> list[str]:
    y = header + 10
    out = ['<g class="legend" font-size="11">',
           f'<text x="{MARGIN}" y="{y:.0f}" font-weight="bold">{escape(legend.title)}</text>']
    labels = [legend.zero]
    lower = 0.0
    for bound in bounds:
        labels.append(f"{legend.unit_format.format(lower)} to {legend.unit_format.format(bound)}"
                      if lower else f"up to {legend.unit_format.format(bound)}")
        lower = bound
    for index, label in enumerate(labels):
        top = y + 12 + 22 * index
        out.append(f'<rect x="{MARGIN}" y="{top:.0f}" width="16" height="16" '
                   f'fill="{SHADES[index]}" stroke="#555555"/>')
        out.append(f'<text x="{MARGIN + 22}" y="{top + 12:.0f}">{escape(label)}</text>')
    top = y + 12 + 22 * len(labels) + 10
    for index, note in enumerate(notes):
        out.append(f'<text x="{MARGIN}" y="{top + 14 * index:.0f}" font-size="9" '
                   f'fill="#444444">{escape(note)}</text>')
    out.append("</g>")
    return out
