"""The pipeline: trainees a saved placement plan puts in each area, the supervision and
team places it leaves, and how long that rate of placements takes to close the gap in
level 3 staff. Read straight from the saved plan's rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import defer
from sqlmodel import Session

from workforce.competencies.gaps import AreaGap
from workforce.errors import NotFound
from workforce.models import Plan, PlanAssignment, Staff, Team
from workforce.placements.instance import supervisor_capacity
from workforce.reference import ReferenceData
from workforce.reports.metrics import Metric


@dataclass(frozen=True)
class Pipeline:
    plan: str | None
    cycle: str | None
    placed: Counter[str]  # area -> trainees placed in the plan
    supervision_left: Counter[str]  # area -> supervisees its supervisors can still take
    team_places_left: Counter[str]  # area -> trainee places its teams still have


def read_pipeline(session: Session, ref: ReferenceData, plan_name: str | None) -> Pipeline:
    """Placements of the saved plan `plan_name` (none when None) and the capacity left."""
    plan = None
    if plan_name is not None:
        plan = session.scalar(select(Plan).where(Plan.name == plan_name))
        if plan is None:
            raise NotFound(f"no saved plan {plan_name!r}: see `workforce placements list`")
    area_of = dict(session.execute(select(Team.team_id, Team.area_id)).all())
    rows = [] if plan is None else session.execute(
        select(PlanAssignment.team_id, PlanAssignment.supervisor_id)
        .where(PlanAssignment.plan_id == plan.id)).all()
    by_team = Counter(team for team, _ in rows)
    by_supervisor = Counter(supervisor for _, supervisor in rows)
    supervision: Counter[str] = Counter()
    for staff in session.scalars(select(Staff).options(defer(Staff.name))  # names not needed
                                 .where(Staff.supervisor.is_(True))):
        left = supervisor_capacity(staff, ref.placement) - by_supervisor[staff.staff_id]
        supervision[area_of[staff.team_id]] += max(0, left)
    places: Counter[str] = Counter()
    for team_id, max_trainees in session.execute(select(Team.team_id, Team.max_trainees)):
        places[area_of[team_id]] += max(0, max_trainees - by_team[team_id])
    placed = Counter(area_of[team] for team, _ in rows)
    return Pipeline(plan_name, plan.cycle_id if plan else None, placed, supervision, places)


def level_3_fte_needed(ref: ReferenceData, population: int) -> float:
    """The standard's clinical posts at or above the lead's band, which need level 3."""
    minimum = ref.service.rules.lead_min_band
    per_team = sum(p.fte for p in ref.service.posts
                   if p.clinical and ref.bands.at_least(p.band, minimum))
    return per_team * population / ref.service.standard_population


def pipeline_metrics(ref: ReferenceData, area_id: str, pipeline: Pipeline,
                     gap: AreaGap | None, population: int) -> list[Metric]:
    rate = ref.service.need.level_3_fte_per_placement
    needed = level_3_fte_needed(ref, population)
    short = max(0.0, needed - (gap.level_3_senior_fte if gap else 0.0))
    placed = pipeline.placed[area_id]
    plan = (f"saved plan {pipeline.plan!r}, cycle {pipeline.cycle}" if pipeline.plan
            else "no plan given (--plan PLAN)")
    if not short:
        years, why = 0.0, "no level 3 gap to close"
    elif not placed:
        years, why = None, "no placements, so the gap does not close at this rate"
    else:
        years = round(short / (placed * rate), 1)
        why = f"one placement cycle a year; each placement adds {rate:g} level 3 FTE"
    minimum = ref.service.rules.lead_min_band
    return [
        Metric("pipeline", "level_3_fte_needed", "Level 3 clinical FTE the standard needs",
               round(needed, 2), "FTE", f"the standard's clinical posts at band {minimum} or "
               f"above, scaled to the population", ref.service.standard_source),
        Metric("pipeline", "level_3_fte_gap", "Level 3 FTE gap", round(short, 2), "FTE",
               f"needed less clinical FTE in post at level 3 and band {minimum} or above"),
        Metric("pipeline", "trainees_placed", "Trainees placed this cycle",
               placed if pipeline.plan else None, "people", plan,
               people=placed if pipeline.plan else None),
        Metric("pipeline", "supervision_places_left", "Supervision places left",
               pipeline.supervision_left[area_id], "places",
               "supervisors' capacity less their trainees in the plan"),
        Metric("pipeline", "team_places_left", "Team trainee places left",
               pipeline.team_places_left[area_id], "places",
               "teams' max_trainees less trainees placed in the plan"),
        Metric("pipeline", "years_to_close_level_3_gap",
               "Years to close the level 3 gap at this placement rate", years, "years", why,
               ref.service.need.pipeline_source if short else ""),
    ]
