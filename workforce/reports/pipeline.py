"""The pipeline: trainees a saved placement plan puts in each area, by programme, and the
supervision places it leaves. Read straight from the saved plan's rows. (How fast that
grows the level-3 workforce needs a model of training, qualification and progression,
not a rate per placement, so this section gives no such figure.)"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import defer
from sqlmodel import Session

from workforce.errors import NotFound
from workforce.models import Plan, PlanAssignment, Staff, Team, Trainee
from workforce.placements.instance import supervisor_capacity
from workforce.reference import ReferenceData
from workforce.reports.disclosure import Identity, Key, sum_identity
from workforce.reports.metrics import Metric, count


@dataclass(frozen=True)
class Pipeline:
    plan: str | None
    cycle: str | None
    placed: Counter[tuple[str, str]]  # (area, programme) -> trainees placed in the plan
    supervision_left: Counter[str]  # area -> supervisees its supervisors can still take


def read_pipeline(session: Session, ref: ReferenceData, plan_name: str | None) -> Pipeline:
    """Placements of the saved plan `plan_name` (none when None) and the capacity left."""
    plan = None
    if plan_name is not None:
        plan = session.scalar(select(Plan).where(Plan.name == plan_name))
        if plan is None:
            raise NotFound(f"no saved plan {plan_name!r}: see `workforce placements list`")
    area_of = dict(session.execute(select(Team.team_id, Team.area_id)).all())
    rows = [] if plan is None else session.execute(
        select(PlanAssignment.team_id, PlanAssignment.supervisor_id, Trainee.programme)
        .join(Trainee, Trainee.trainee_id == PlanAssignment.trainee_id)
        .where(PlanAssignment.plan_id == plan.id)).all()
    by_supervisor = Counter(supervisor for _, supervisor, _ in rows)
    supervision: Counter[str] = Counter()
    for staff in session.scalars(select(Staff).options(defer(Staff.name))  # names not needed
                                 .where(Staff.supervisor.is_(True))):
        left = supervisor_capacity(staff, ref.placement) - by_supervisor[staff.staff_id]
        supervision[area_of[staff.team_id]] += max(0, left)
    placed = Counter((area_of[team], programme) for team, _, programme in rows)
    return Pipeline(plan_name, plan.cycle_id if plan else None, placed, supervision)


def pipeline_metrics(ref: ReferenceData, area_id: str, pipeline: Pipeline) -> list[Metric]:
    plan = (f"saved plan {pipeline.plan!r}, cycle {pipeline.cycle}" if pipeline.plan
            else "no plan given (--plan PLAN)")
    left = Metric("pipeline", "supervision_places_left", "Supervision places left",
                  pipeline.supervision_left[area_id], "places",
                  "supervisors' capacity less their trainees in the plan")
    if not pipeline.plan:
        return [Metric("pipeline", "trainees_placed", "Trainees placed this cycle", None,
                       "people", plan), left]
    programmes = ref.placement.programmes
    placed = {p: pipeline.placed[area_id, p] for p in programmes}
    return [count("pipeline", "trainees_placed", "Trainees placed this cycle",
                  sum(placed.values()), "people", plan),
            *(count("pipeline", f"trainees_placed_{p}", f"Trainees placed: {programmes[p].label}",
                    n, "people", plan) for p, n in placed.items()),
            left]


def pipeline_identities(ref: ReferenceData, area: str) -> tuple[list[Identity],
                                                                dict[Key, list[Key]]]:
    return ([sum_identity((area, "trainees_placed"),
                          [(area, f"trainees_placed_{p}") for p in ref.placement.programmes])],
            {})
