"""Bar charts in the terminal, readable without colour: labels, bars of block characters
and the figure printed beside each bar."""

from __future__ import annotations

from collections.abc import Sequence

BAR = "█"
WIDTH = 40


def bar_chart(title: str, bars: Sequence[tuple[str, float, str]], unit: str = ""):
    """A rich table of horizontal bars; `bars` are (label, value, shown value text)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    top = max((v for _, v, _ in bars), default=0) or 1
    table = Table(title=title, box=box.SIMPLE, show_header=False, title_justify="left")
    table.add_column("label")
    table.add_column("bar", no_wrap=True)
    table.add_column("value", justify="right")
    for label, value, text in bars:
        length = round(WIDTH * value / top)
        table.add_row(Text(label), BAR * length if length else "▏",
                      Text(f"{text} {unit}".strip()))
    return table
