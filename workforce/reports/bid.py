"""The funding-bid report for one or more areas: need, coverage, teams needed, staffing
and cost gap by band, level 2/3 shortfalls and the placement pipeline.

Aggregates only: no name or staff/trainee id ever enters the report, and figures about
fewer than five people are suppressed unless the caller asks otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.gaps import gap_report
from workforce.errors import NotFound, UserError
from workforce.models import Area, Team
from workforce.reference import ReferenceData
from workforce.reports.cost import check_pay_point, pay_basis
from workforce.reports.metrics import Metric
from workforce.reports.need import (
    coverage_metrics,
    need_metrics,
    population_of,
    teams_metrics,
)
from workforce.reports.pipeline import pipeline_metrics, read_pipeline
from workforce.reports.staffing import (
    BandLine,
    band_lines,
    cost_metrics,
    shortfall_metrics,
    staffing_metrics,
)

SECTIONS = ("need", "coverage", "teams", "staffing", "cost", "competencies", "pipeline")


@dataclass
class AreaBid:
    area_id: str
    name: str
    metrics: list[Metric]
    bands: list[BandLine]

    def value(self, metric: str) -> float | int | None:
        return next(m.value for m in self.metrics if m.metric == metric)


@dataclass
class BidReport:
    areas: list[AreaBid]
    plan: str | None
    cycle: str | None
    pay_year: str
    pay_point: str
    on_cost_rate: float
    pay_basis: str  # the costing assumption, in words
    generated_on: dt.date

    def rows(self, suppress: bool = True) -> list[dict]:
        """One row per metric: the body of the CSV and JSON."""
        return [{"area_id": a.area_id, "area": a.name, **m.row(suppress)}
                for a in self.areas for m in a.metrics]

    def to_dict(self, suppress: bool = True) -> dict:
        return {"report": {"areas": [a.area_id for a in self.areas], "plan": self.plan,
                           "cycle": self.cycle, "pay_year": self.pay_year,
                           "pay_point": self.pay_point, "on_cost_rate": self.on_cost_rate,
                           "pay_basis": self.pay_basis,
                           "generated_on": self.generated_on.isoformat(),
                           "small_numbers_suppressed": suppress},
                "metrics": self.rows(suppress)}


def bid_report(engine: Engine, ref: ReferenceData, areas: list[str] | None = None,
               plan: str | None = None, population: int | None = None,
               population_0_2: int | None = None, pay_point: str = "mid",
               today: dt.date | None = None, extra_areas: Sequence[Area] = ()) -> BidReport:
    """The bid report for `areas` (every area when None), with the pipeline of the saved
    placement plan `plan`; `population` and `population_0_2` replace one area's figures.
    `extra_areas` are areas not held in the database (councils from the bundled figures)."""
    check_pay_point(pay_point)
    with Session(engine) as session:
        known = {a.area_id: a for a in session.scalars(select(Area).order_by(Area.area_id))}
        known.update({a.area_id: a for a in extra_areas if a.area_id not in known})
        chosen = areas or list(known)
        for area_id in chosen:
            if area_id not in known:
                raise NotFound(f"no area {area_id!r} (areas: {', '.join(known) or 'none'})")
        if (population is not None or population_0_2 is not None) and len(chosen) != 1:
            raise UserError("--population and --population-0-2 apply to one area: "
                            "give a single --area")
        populations = {a: population_of(known[a], ref, population, population_0_2)
                       for a in chosen}
        pipeline = read_pipeline(session, ref, plan)
        families = {area: (seen, reporting) for area, seen, reporting in session.execute(
            select(Team.area_id, func.sum(Team.families_per_year),
                   func.count(Team.families_per_year)).group_by(Team.area_id))}
    held = [a for a in chosen if a not in {e.area_id for e in extra_areas}]
    only = held[0] if len(held) == 1 else None
    gaps = {a.area_id: a for a in gap_report(engine, ref, area=only, today=today).areas
            } if held else {}
    out = []
    for area_id in chosen:
        pop, gap = populations[area_id], gaps.get(area_id)
        teams_now = gap.teams if gap else 0
        seen, reporting = families.get(area_id, (None, 0))
        lines = band_lines(ref, pop.total, gap, pay_point)
        metrics = [*need_metrics(ref, pop),
                   *coverage_metrics(ref, pop, seen, reporting, teams_now),
                   *teams_metrics(ref, pop, teams_now),
                   *staffing_metrics(ref, gap, lines),
                   *cost_metrics(ref, lines, pay_point),
                   *shortfall_metrics(ref, gap),
                   *pipeline_metrics(ref, area_id, pipeline, gap, pop.total)]
        out.append(AreaBid(area_id, known[area_id].name, metrics, lines))
    return BidReport(out, plan, pipeline.cycle, ref.bands.pay_year, pay_point,
                     ref.bands.on_cost_rate, pay_basis(ref, pay_point),
                     today or dt.date.today())
