"""One bid document, whatever its format: title, date and assumptions, the national
context, a summary table when there are several areas, then per area its tables and
charts, the notes (the suppression footnote among them) and the sources at the end.

Every format (terminal, Markdown, HTML, Word, SVG) renders this one structure, so the same
figure reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from commands.documents.charts import Chart, area_charts
from commands.documents.sources import Sources, figure
from commands.documents.summary import summary_view
from commands.documents.tables import area_views, context_view, notes_view
from commands.render import View
from workforce.disclosure.metrics import SUPPRESSED

#: The figures of the summary table that opens a document about several areas.
SUMMARY = ("population_0_2", "babies_benefiting", "families_seen_per_year", "coverage_pct",
           "teams_now", "teams_needed_population", "teams_needed_caseload", "fte_in_post",
           "fte_gap", "fte_gap_high", "cost_total", "cost_total_high")


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
    summaries: list[View]  # one screen per place, before everything else
    context: View
    summary: View | None
    parts: list[AreaPart]
    notes: View
    sources: list[str]

    @property
    def views(self) -> list[View]:
        """Every table, in document order."""
        return [*self.summaries, self.context, *([self.summary] if self.summary else []),
                *(v for part in self.parts for v in part.views), self.notes]

    @property
    def charts(self) -> list[Chart]:
        return [c for part in self.parts for c in part.charts]


def bid_document(bid) -> BidDocument:
    """The document of the bid report `bid`, its sources numbered across the document; its
    stored names without the characters no document can hold."""
    from workforce.reports.bid import TOTAL
    from workforce.store.people import printable

    bid = replace(bid, plan=bid.plan and printable(bid.plan),
                  areas=[replace(a, name=printable(a.name)) for a in bid.areas])
    sources = Sources()
    areas = [a for a in bid.areas if a.area_id != TOTAL]
    summaries = [summary_view(a) for a in areas]
    context = context_view(bid, sources)
    parts = [AreaPart(a.area_id, a.name, area_views(a, sources), area_charts(a, _dated(a)))
             for a in bid.areas]
    names = ", ".join(f"{a.name} ({a.area_id})" for a in areas)
    return BidDocument(
        title="Funding-bid evidence: " + ", ".join(a.name for a in areas),
        subtitle=f"{'Areas' if len(areas) > 1 else 'Area'}: {names}. "
                 f"Figures as of {bid.generated_on.isoformat()}; pay {bid.pay_year}, band "
                 f"{bid.pay_point}point.",
        assumptions=_assumptions(bid), summaries=summaries, context=context,
        summary=_summary(bid) if len(bid.areas) > 1 else None,
        parts=parts, notes=notes_view(bid), sources=sources.listed())


def _dated(area) -> str:
    """The date of a chart's data, not of the day it was drawn."""
    years = area.years or {}
    return "data: " + ", ".join(f"{k} {v}" for k, v in years.items()) if years else "data"


def _assumptions(bid) -> list[str]:
    return [f"Cost of each FTE gap at {bid.pay_basis}.",
            f"Pipeline from the saved placement plan {bid.plan!r}." if bid.plan
            else "Pipeline: no saved placement plan given.",
            "Aggregates only: no name or staff or trainee id appears in this document."
            + (f" Figures about people carry cell key noise (see the notes); the level-3 "
               f"projection, worked out person by person, shows as {SUPPRESSED}."
               if bid.protected
               else " NOT protected (--no-suppress): for the database's owner only, never "
                    "to publish."),
            "Each figure's own assumption is given beside it; figures no source gives are "
            "marked ASSUMPTION. The notes at the end say how to read the ranges."]


def _summary(bid) -> View:
    first = {m.metric: m for m in bid.areas[0].metrics}
    rows = []
    for metric in (m for m in SUMMARY if m in first):
        shown = [next(figure(m) for m in a.metrics if m.metric == metric) for a in bid.areas]
        rows.append([first[metric].label, first[metric].unit, *shown])
    columns = ["figure", "unit", *(f"{a.name} ({a.area_id})" for a in bid.areas)]
    return View("Summary of the areas", columns, rows,
                justify={c: "right" for c in columns[2:]})
