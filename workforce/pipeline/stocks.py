"""An area's stocks today, from the database, and what its teams need, from the bid
report's need model.

Staff FTE by profession group, band and attained AiMH level (the competency audit's
attained level); trainees by programme and training year, from a saved placement plan
(trainees are in an area only through the teams a plan places them in).
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


def read_stocks(engine: Engine, ref: ReferenceData, rates: PipelineRates, area_id: str,
                plan: str | None = None, today: dt.date | None = None,
                population: Population | None = None) -> Stocks:
    """The area's staff and trainees today and its need (for `population`, when given,
    instead of the area's own)."""
    today = today or dt.date.today()
    layout = Layout.of(ref, rates)
    graph = WorkforceGraph.load(engine, ref, today, area=area_id, names=False)
    staff = np.zeros(layout.shape())
    for team in graph.teams(area_id):
        for person in graph.members(team.team_id):
            g = layout.groups.index(rates.group_of[person.profession])
            level = min(person.attained_level, layout.top)
            staff[g, layout.bands.index(person.band), level] += person.fte
    with Session(engine) as session:
        area = session.get(Area, area_id)
        trainees = _trainees(session, rates, area_id, plan)
        places = session.scalar(select(func.coalesce(func.sum(Team.max_trainees), 0))
                                .where(Team.area_id == area_id))
    need = need_of(ref, population or population_of(area, ref))
    return Stocks(area_id, today.year, staff, trainees, need, float(places),
                  Costing().in_zone(pay_zone(ref, area.pay_zone)))


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
