"""The bid report as the terminal shows it: tables and block-character bar charts; and
that view saved as SVG, light for print unless the terminal's dark look is asked for."""

from __future__ import annotations

import io

from commands.charts import bar_chart
from commands.documents.model import BidDocument
from commands.render import console, rich_table

THEMES = ("light", "terminal")


def extras(doc: BidDocument) -> list:
    """What the terminal prints after the tables: the charts."""
    return [bar_chart(c.title, c.bars(), c.unit) for c in doc.charts]


#: The widest an SVG export grows to keep each table row on one line, in characters.
MAX_WIDTH = 200


def to_terminal_svg(doc: BidDocument, theme: str = "light") -> str:
    """The terminal report as an SVG, as wide as its widest table wants (up to MAX_WIDTH)."""
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME, SVG_EXPORT_THEME

    tables = [rich_table(v) for v in doc.views]
    recorder = console(record=True, file=io.StringIO(), width=MAX_WIDTH)
    recorder.width = min(MAX_WIDTH, max(100, *(recorder.measure(t).maximum for t in tables)))
    recorder.rule(doc.title)
    recorder.print(doc.subtitle)
    for item in (*tables, *extras(doc)):
        recorder.print(item)
    return recorder.export_svg(
        title=doc.title, theme=SVG_EXPORT_THEME if theme == "terminal" else DEFAULT_TERMINAL_THEME)
