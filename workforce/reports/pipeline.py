"""The pipeline: trainees a saved placement plan puts in each area, by programme, and the
supervision places it leaves, read straight from the saved plan's rows; then how the
level-3 workforce grows, from the pipeline model's projection (workforce/pipeline): the
central projection with its range, the year the level-3 gap closes, and with a bid's
scenario funded, the year it closes with the bid."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import defer
from sqlmodel import Session

from workforce.disclosure.metrics import Metric, count
from workforce.errors import NotFound
from workforce.pipeline.outlook import Outlook
from workforce.pipeline.project import PERCENTILES, Projection
from workforce.placements.instance import supervisor_capacity
from workforce.reference import ReferenceData
from workforce.store.models import Plan, PlanAssignment, Staff, Team, Trainee


@dataclass(frozen=True)
class Pipeline:
    plan: str | None
    cycle: str | None
    placed: Counter[tuple[str, str]]  # (area, programme) -> trainees placed in the plan
    supervision_left: Counter[str]  # area -> supervisees its supervisors can still take
    placed_in_all: Counter[str] = field(default_factory=Counter)  # area -> trainees placed
    #: The people behind each count, for a published report's protection.
    trainees: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)
    supervisors: dict[str, list[str]] = field(default_factory=dict, repr=False)


def read_pipeline(session: Session, ref: ReferenceData, plan_name: str | None) -> Pipeline:
    """Placements of the saved plan `plan_name` (none when None) and the capacity left."""
    plan = None
    if plan_name is not None:
        plan = session.scalar(select(Plan).where(Plan.name == plan_name))
        if plan is None:
            raise NotFound(f"no saved plan {plan_name!r}: see `workforce placements list`")
    area_of = dict(session.execute(select(Team.team_id, Team.area_id)).all())
    rows = [] if plan is None else session.execute(
        select(PlanAssignment.team_id, PlanAssignment.supervisor_id, Trainee.programme,
               Trainee.trainee_id)
        .join(Trainee, Trainee.trainee_id == PlanAssignment.trainee_id)
        .where(PlanAssignment.plan_id == plan.id)).all()
    by_supervisor = Counter(supervisor for _, supervisor, _, _ in rows)
    supervision: Counter[str] = Counter()
    supervisors: dict[str, list[str]] = {}
    for staff in session.scalars(select(Staff).options(defer(Staff.name))  # names not needed
                                 .where(Staff.supervisor.is_(True))):
        left = supervisor_capacity(staff, ref.placement) - by_supervisor[staff.staff_id]
        if left > 0:
            supervision[area_of[staff.team_id]] += left
            supervisors.setdefault(area_of[staff.team_id], []).append(staff.staff_id)
    trainees: dict[tuple[str, str], list[str]] = {}
    for team, _, programme, trainee in rows:
        trainees.setdefault((area_of[team], programme), []).append(trainee)
    placed = Counter({cell: len(ids) for cell, ids in trainees.items()})
    in_all = Counter(area_of[team] for team, _, _, _ in rows)
    return Pipeline(plan_name, plan.cycle_id if plan else None, placed, supervision, in_all,
                    trainees, supervisors)


def pipeline_metrics(ref: ReferenceData, area_id: str, pipeline: Pipeline) -> list[Metric]:
    plan = (f"saved plan {pipeline.plan!r}, cycle {pipeline.cycle}" if pipeline.plan
            else "no plan given (--plan PLAN)")
    left = Metric("pipeline", "supervision_places_left", "Supervision places left",
                  pipeline.supervision_left[area_id], "places",
                  "supervisors' capacity less their trainees in the plan",
                  people=len(pipeline.supervisors.get(area_id, ())))
    if not pipeline.plan:
        return [Metric("pipeline", "trainees_placed", "Trainees placed this cycle", None,
                       "people", plan), left]
    programmes = ref.placement.programmes
    placed = {p: pipeline.placed[area_id, p] for p in programmes}
    return [count("pipeline", "trainees_placed", "Trainees placed this cycle",
                  pipeline.placed_in_all[area_id], "people", plan),
            *(count("pipeline", f"trainees_placed_{p}", f"Trainees placed: {programmes[p].label}",
                    n, "people", plan) for p, n in placed.items()),
            left]


def outlook_metrics(outlook: Outlook, withheld: bool = False) -> list[Metric]:
    """Level-3 FTE by year on the central path (its range beside it), the year the gap
    closes with its range, and the same with the bid's scenario funded; all `withheld`
    in a protected report, since the projection starts from each person in post."""
    today = outlook.today
    source = (f"pipeline model over data/pipeline.yaml (rates sourced or marked ASSUMPTION), "
              f"{today.draws:,} draws")
    out = [Metric("pipeline", f"level_3_fte_projected{end}_{y.year}",
                  f"Level 3 FTE projected, {y.year}{label}", value, "FTE", words, source)
           for y in today.years
           for end, label, value, words in (
               ("", "", y.level_3_fte, f"central rates; range {y.level_3_fte_low:g}-"
                f"{y.level_3_fte_high:g} ({PERCENTILES[0]}th-{PERCENTILES[1]}th percentile)"),
               ("_low", f", {PERCENTILES[0]}th percentile", y.level_3_fte_low,
                "the range's low end over the draws of the rates"),
               ("_high", f", {PERCENTILES[1]}th percentile", y.level_3_fte_high,
                "the range's high end over the draws of the rates"))]
    out += _closing(today, "", "at today's rates", source)
    if outlook.with_bid is not None:
        out += _closing(outlook.with_bid, "_with_bid", "with this bid", source)
    out += _swing_metrics(outlook, source)
    why = "withheld: the projection starts from each person in post today"
    return [replace(m, suppressed=True, assumption=why) for m in out] if withheld else out


def _swing_metrics(outlook: Outlook, source: str) -> list[Metric]:
    """The level-3 shortfall in the last year with each rate at its low and its high, the
    others central: the tornado the documents draw, largest swing first."""
    swings = outlook.swings
    if swings is None:
        return []
    still = [s.rate for s in swings.swings if not s.swing]
    out = [Metric("pipeline", f"level_3_shortfall_{swings.year}_central",
                  f"Level 3 shortfall in {swings.year}, every rate central", swings.central,
                  "FTE", "needed less projected on the central path"
                  + (f"; no change at either end of {', '.join(still)}" if still else ""),
                  source)]
    for s in (s for s in swings.swings if s.swing):
        label = "" if s.assumed else " (sourced)"
        out += [Metric("pipeline", f"level_3_shortfall_{swings.year}_{s.rate}_{end}",
                       f"Level 3 shortfall in {swings.year}, {s.rate}{label} at {end} "
                       f"({value:g})", shortfall, "FTE",
                       f"{s.rate} at its {end} value, every other rate central", source)
                for end, value, shortfall in (("low", s.low_value, s.shortfall_at_low),
                                              ("high", s.high_value, s.shortfall_at_high))]
    return out


def _closing(projection: Projection, suffix: str, words: str, source: str) -> list[Metric]:
    closes, last = projection.gap_closes, projection.years[-1].year
    return [
        Metric("pipeline", f"level_3_gap_closes{suffix}",
               f"Year the level 3 gap closes {words}", closes["central"], "year",
               f"{words}, the level-3 gap closes {projection.gap_closes_text()}",
               source),
        *(Metric("pipeline", f"level_3_gap_closes{suffix}_{end}",
                 f"Year the level 3 gap closes {words}, {label}", closes[end], "year",
                 f"{label} of the draws; blank: after {last}", source)
          for end, label in (("low", f"{PERCENTILES[0]}th percentile"),
                             ("high", f"{PERCENTILES[1]}th percentile"))),
        Metric("pipeline", f"cumulative_level_3_shortfall{suffix}",
               f"Cumulative level 3 shortfall to {last} {words}",
               projection.cumulative_level_3_shortfall, "FTE-years",
               "sum over the years of level 3 FTE needed less projected, where short", source),
    ]
