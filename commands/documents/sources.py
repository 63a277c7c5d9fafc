"""Numbered sources and figures as published, shared by every table of a document."""

from __future__ import annotations


def figure(metric):
    """A metric's value as the tables show it: as its row gives it, money with its pound
    sign."""
    shown = metric.shown()
    if metric.unit.startswith("GBP") and isinstance(shown, int | float):
        return f"£{shown:,.0f}"
    if metric.unit == "year" and isinstance(shown, int):
        return str(shown)  # 2034, not 2,034
    return shown


class Sources:
    """Numbers each source once across a document, so every figure can cite it beside it
    and the document can list them all at its end."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, source: str) -> str:
        if not source:
            return ""
        return f"[{self.numbers.setdefault(source, len(self.numbers) + 1)}]"

    def caption(self, sources: list[str]) -> str:
        """The sources of one table, by number: "Sources: [1] ...; [2] ..."."""
        cited = sorted({self.cite(s): s for s in sources if s}.items(),
                       key=lambda item: int(item[0][1:-1]))
        return "Sources: " + "; ".join(f"{n} {s}" for n, s in cited) if cited else ""

    def listed(self) -> list[str]:
        """Every source cited, in number order, as "[n] source"."""
        return [f"[{n}] {source}" for source, n in self.numbers.items()]
