"""An area's stocks today, from the database, and what its teams need, from the bid
report's need model; several areas' summed into one place.

Staff FTE by band and attained AiMH level (the competency audit's attained level); the
funded establishment by band (a team's recorded establishment, or where it records none,
its staff in post; a band staffed beyond its record counts its staff in post, as they are
paid); trainees by programme and training year, from a saved placement plan (trainees are
in an area only through the teams a plan places them in).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.graph import WorkforceGraph
from workforce.economics.cost import Costing, pay_zone
from workforce.economics.need import Population, population_of, teams_range
from workforce.economics.staffing import Establishment, level_3_fte_needed
from workforce.errors import NotFound, UserError
from workforce.pipeline.flows import Layout
from workforce.pipeline.rates import PipelineRates
from workforce.reference import ReferenceData
from workforce.store.models import Area, Plan, PlanAssignment, Team, Trainee


@dataclass(frozen=True)
class Need:
    """What the area's teams need, by the bid report's need model: level-3 FTE for the
    example team's senior clinical posts, and FTE by band."""

    level_3_fte: float
    fte_by_band: dict[str, float] = field(hash=False)


@dataclass(frozen=True)
class Stocks:
    area_id: str
    start_year: int  # the stocks are today's; the projection's first year is the next
    staff: np.ndarray = field(hash=False)  # FTE, shape Layout.shape()
    trainees: dict[str, tuple[float, ...]] = field(hash=False)  # by training year
    need: Need | None = None
    team_places: float = math.inf  # trainees the area's teams can host at once
    costing: Costing = Costing()  # how its posts are costed: the bid report's default
    establishment: np.ndarray | None = field(default=None, hash=False)  # funded FTE by band
    notes: tuple[str, ...] = ()  # what a reader should know about how they were put together

    def __post_init__(self) -> None:
        if self.establishment is None:  # none recorded: today's staff in post
            object.__setattr__(self, "establishment", self.staff.sum(axis=-1))


def combined(parts: list[Stocks], name: str) -> Stocks:
    """Several areas projected together: their stocks summed and their needs summed. Their
    posts are costed in the areas' shared pay zone, or without a supplement where the
    zones differ (said in the notes)."""
    if len(parts) == 1:
        return parts[0]
    zones = {p.costing.zone for p in parts}
    notes = [n for p in parts for n in p.notes]
    if len(zones) > 1:
        notes.append("the areas are in different high cost area zones: their posts are "
                     "costed without a supplement")
    bands = dict.fromkeys(b for p in parts for b in p.need.fte_by_band)
    return Stocks(name, parts[0].start_year, sum(p.staff for p in parts),
                  {n: tuple(map(sum, zip(*(p.trainees[n] for p in parts), strict=True)))
                   for n in parts[0].trainees},
                  Need(sum(p.need.level_3_fte for p in parts),
                       {b: sum(p.need.fte_by_band.get(b, 0.0) for p in parts) for b in bands}),
                  sum(p.team_places for p in parts),
                  parts[0].costing if len(zones) == 1 else Costing(),
                  sum(p.establishment for p in parts), tuple(notes))


def read_stocks(engine: Engine, ref: ReferenceData, rates: PipelineRates, area_id: str,
                plan: str | None = None, today: dt.date | None = None,
                population: Population | None = None) -> Stocks:
    """The area's staff and trainees today and its need (for `population`, when given,
    instead of the area's own)."""
    today = today or dt.date.today()
    layout = Layout.of(ref)
    graph = WorkforceGraph.load(engine, ref, today, area=area_id, names=False)
    staff = np.zeros(layout.shape())
    establishment = np.zeros(len(layout.bands))
    for team in graph.teams(area_id):
        in_post = np.zeros(len(layout.bands))
        for person in graph.members(team.team_id):
            level = min(person.attained_level, layout.top)
            band = layout.bands.index(person.band)
            staff[band, level] += person.fte
            in_post[band] += person.fte
        funded = np.zeros(len(layout.bands))
        for band, (_, fte) in (graph.establishment(team.team_id) or {}).items():
            if ref.bands.normalise(band) in layout.bands:
                funded[layout.bands.index(ref.bands.normalise(band))] += fte
        establishment += np.maximum(funded, in_post)
    with Session(engine) as session:
        area = session.get(Area, area_id)
        trainees = _trainees(session, rates, area_id, plan)
        places = session.scalar(select(func.coalesce(func.sum(Team.max_trainees), 0))
                                .where(Team.area_id == area_id))
    need = need_of(ref, population or population_of(area, ref))
    return Stocks(area_id, today.year, staff, trainees, need, float(places),
                  Costing().in_zone(pay_zone(ref, area.pay_zone)), establishment)


def need_of(ref: ReferenceData, population: Population) -> Need:
    """The bid report's need at the low end of its teams-needed range: the example team's
    itemised posts scaled to the population (one team per example population)."""
    teams = teams_range(ref, population).population
    establishment = Establishment(ref)
    return Need(level_3_fte_needed(ref, teams), establishment.fte_by_band(teams))


def _trainees(session: Session, rates: PipelineRates, area_id: str,
              plan_name: str | None) -> dict[str, tuple[float, ...]]:
    counts: Counter[tuple[str, int]] = Counter()
    if plan_name is not None:
        plan = session.scalar(select(Plan).where(Plan.name == plan_name))
        if plan is None:
            raise NotFound(f"no saved plan {plan_name!r}: see `workforce placements list`")
        rows = session.execute(
            select(Trainee.programme, Trainee.year)
            .join(PlanAssignment, PlanAssignment.trainee_id == Trainee.trainee_id)
            .join(Team, Team.team_id == PlanAssignment.team_id)
            .where(PlanAssignment.plan_id == plan.id, Team.area_id == area_id)).all()
        for programme, training_year in rows:
            if programme not in rates.programmes:
                raise UserError(f"plan {plan_name!r} places a trainee of programme "
                                f"{programme!r}, which {rates.path.name} does not describe")
            counts[programme, training_year] += 1
    out = {}
    for name, programme in rates.programmes.items():
        # A trainee past the programme's length is in its last year.
        out[name] = tuple(float(sum(n for (p, y), n in counts.items() if p == name
                                    and min(max(y, 1), programme.years) == year))
                          for year in range(1, programme.years + 1))
    return out


def place_stocks(ref: ReferenceData, rates: PipelineRates, area: Area,
                 today: dt.date | None = None) -> Stocks:
    """A place the database holds no teams for (a council or ICB from the bundled
    figures): no staff, no posts, no trainees; its need from its population."""
    layout = Layout.of(ref)
    return Stocks(area.area_id, (today or dt.date.today()).year, np.zeros(layout.shape()),
                  {name: (0.0,) * p.years for name, p in rates.programmes.items()},
                  need_of(ref, population_of(area, ref)), 0.0,
                  notes=(f"{area.name} ({area.area_id}): no teams in the database, so no "
                         f"staff or funded posts today; its need from the bundled "
                         f"population figures",))
