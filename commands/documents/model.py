"""One bid document, whatever its format: title, date and assumptions, a summary table when
there are several areas, then per area its tables and charts, and the sources at the end.

Every format (terminal, Markdown, HTML, Word, SVG) renders this one structure, so the same
figure reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from commands.documents.charts import Chart, area_charts
from commands.render import View
from workforce.reports.metrics import SUPPRESSED

FOOTNOTE = (f"{SUPPRESSED} = suppressed: a figure about 1-4 people, or one from which such a "
            f"figure could be recovered.")
#: The figures of the summary table that opens a document about several areas.
SUMMARY = ("population_0_2", "babies_benefiting", "families_seen_per_year", "coverage_pct",
           "teams_now", "teams_needed_population", "teams_needed_caseload", "fte_in_post",
           "fte_gap", "cost_total")


def figure(metric, suppress: bool):
    """A metric's value as the tables show it: as its row gives it, money with its pound
    sign."""
    shown = metric.shown(suppress)
    if metric.unit.startswith("GBP") and isinstance(shown, int | float):
        return f"£{shown:,.0f}"
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


@dataclass
class AreaPart:
    area_id: str
    name: str
    views: list[View]
    charts: list[Chart]


@dataclass
class BidDocument:
    title: str
    subtitle: str
    assumptions: list[str]
    summary: View | None
    parts: list[AreaPart]
    sources: list[str]
    footnote: str
    suppressed: bool  # whether any figure in the document is withheld

    @property
    def views(self) -> list[View]:
        """Every table, in document order."""
        return [*([self.summary] if self.summary else []),
                *(v for part in self.parts for v in part.views)]

    @property
    def charts(self) -> list[Chart]:
        return [c for part in self.parts for c in part.charts]


def bid_document(bid, suppress: bool,
                 views_of: Callable[[object, bool, Sources], list[View]]) -> BidDocument:
    """The document of `bid`; `views_of(one-area report, suppress, sources)` gives an area's
    tables, citing through the document's shared `sources`."""
    sources = Sources()
    dated = f"data of {bid.generated_on.isoformat()}"
    parts = [AreaPart(a.area_id, a.name, views_of(replace(bid, areas=[a]), suppress, sources),
                      area_charts(a, suppress, dated)) for a in bid.areas]
    names = ", ".join(f"{a.name} ({a.area_id})" for a in bid.areas)
    withheld = any(m.shown(suppress) == SUPPRESSED for a in bid.areas for m in a.metrics)
    return BidDocument(
        title="Funding-bid evidence: " + ", ".join(a.name for a in bid.areas),
        subtitle=f"{'Areas' if len(bid.areas) > 1 else 'Area'}: {names}. "
                 f"Figures as of {bid.generated_on.isoformat()}.",
        assumptions=_assumptions(bid, suppress),
        summary=_summary(bid, suppress) if len(bid.areas) > 1 else None,
        parts=parts, sources=sources.listed(), footnote=FOOTNOTE, suppressed=withheld)


def _assumptions(bid, suppress: bool) -> list[str]:
    return [f"Cost of each FTE gap at {bid.pay_basis}.",
            f"Pipeline from the saved placement plan {bid.plan!r}" if bid.plan
            else "Pipeline: no saved placement plan given.",
            "Aggregates only: no name or staff or trainee id appears in this document."
            + (f" Figures about fewer than five people are shown as {SUPPRESSED}."
               if suppress else " Small numbers are NOT suppressed (--no-suppress)."),
            "Each figure's own assumption is given beside it; figures no source gives are "
            "marked ASSUMPTION."]


def _summary(bid, suppress: bool) -> View:
    first = {m.metric: m for m in bid.areas[0].metrics}
    wanted = [m for m in SUMMARY if m in first]
    rows = []
    for metric in wanted:
        shown = [next(figure(m, suppress) for m in a.metrics if m.metric == metric)
                 for a in bid.areas]
        rows.append([first[metric].label, first[metric].unit, *shown])
    columns = ["figure", "unit", *(f"{a.name} ({a.area_id})" for a in bid.areas)]
    return View("Summary of the areas", columns, rows,
                justify={c: "right" for c in columns[2:]})
