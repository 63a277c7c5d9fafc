"""Saved plans: write a solution with the settings that reproduce it, read it back."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import NotFound, UserError
from workforce.placements.solution import Solution
from workforce.store.changelog import RowChange, field_changes, log_change
from workforce.store.db import session_scope
from workforce.store.models import Plan, PlanAssignment
from workforce.store.people import control_character


@dataclass(frozen=True)
class SavedPlan:
    plan: Plan
    assignments: list[PlanAssignment]

    @property
    def settings(self) -> dict:
        return json.loads(self.plan.settings or "{}")


def save_plan(engine: Engine, name: str, cycle_id: str, solution: Solution,
              replace: bool = False) -> None:
    """Save `solution` as plan `name` and log it; refuse to overwrite unless `replace`."""
    if control_character(name):
        raise UserError(f"the plan name contains a control character "
                        f"({control_character(name)}): use plain text on one line")
    with session_scope(engine) as session:
        old = session.scalar(select(Plan).where(Plan.name == name))
        before: dict[str, dict] = {}
        if old is not None:
            if not replace:
                raise UserError(f"a plan named {name!r} exists: choose another name or "
                                "add --replace")
            before = {a.trainee_id: _placement(a) for a in session.scalars(
                select(PlanAssignment).where(PlanAssignment.plan_id == old.id))}
            session.execute(delete(PlanAssignment).where(PlanAssignment.plan_id == old.id))
            session.delete(old)
            session.flush()
        plan = Plan(name=name, cycle_id=cycle_id, status=solution.status, solver=solution.solver,
                    solver_version=f"OR-Tools {solution.settings.get('ortools', '')}",
                    seed=solution.settings.get("seed", 0),
                    workers=solution.settings.get("workers", 1),
                    time_limit=solution.settings.get("time_limit"), seconds=solution.seconds,
                    strict_preferences=bool(solution.settings.get("strict_preferences")),
                    placed=solution.placed, upper_bound=solution.upper_bound,
                    preference_cost=solution.preference_cost,
                    lottery_seed=solution.settings.get("lottery_seed", 0),
                    settings=json.dumps({**solution.settings,
                                         "interrupted": solution.interrupted}))
        session.add(plan)
        session.flush()
        session.add_all(PlanAssignment(plan_id=plan.id, trainee_id=a.trainee_id,
                                       team_id=a.team_id, supervisor_id=a.supervisor_id,
                                       preference_rank=a.preference_rank, pinned=a.pinned)
                        for a in solution.assignments)
        after = {a.trainee_id: _placement(a) for a in solution.assignments}
        log_change(session, "save_plan", name, "plan",
                   {"cycle": cycle_id, "status": solution.status, "placed": solution.placed,
                    "replaced": old is not None},
                   [_placement_change(name, t, before.get(t), after.get(t))
                    for t in sorted(before.keys() | after.keys())
                    if before.get(t) != after.get(t)])


def _placement(a) -> dict:
    return {"team_id": a.team_id, "supervisor_id": a.supervisor_id, "pinned": a.pinned}


def _placement_change(plan: str, trainee_id: str, before: dict | None,
                      after: dict | None) -> RowChange:
    now = after or dict.fromkeys(before or {})
    either = after or before or {}
    return RowChange("plan_assignment", f"{plan}/{trainee_id}", field_changes(before, now),
                     staff_id=either.get("supervisor_id"), trainee_id=trainee_id,
                     team_id=either.get("team_id"))


def load_plan(engine: Engine, name: str) -> SavedPlan:
    with Session(engine) as session:
        plan = session.scalar(select(Plan).where(Plan.name == name))
        if plan is None:
            known = ", ".join(session.scalars(select(Plan.name).order_by(Plan.name))) or "none"
            raise NotFound(f"no saved plan {name!r} (plans: {known})")
        rows = session.scalars(select(PlanAssignment).where(PlanAssignment.plan_id == plan.id)
                               .order_by(PlanAssignment.trainee_id)).all()
        session.expunge_all()
    return SavedPlan(plan, list(rows))


def list_plans(engine: Engine) -> list[Plan]:
    with Session(engine) as session:
        plans = session.scalars(select(Plan).order_by(Plan.created_at, Plan.name)).all()
        session.expunge_all()
    return list(plans)


def pin(engine: Engine, name: str, trainee_id: str, unpin: bool = False,
        to: tuple[str, str] | None = None) -> tuple[str, str | None]:
    """Pin a trainee in a saved plan, so re-plans (`plan --keep-pins`) keep them: where the
    plan placed them, or, with `to` (team, supervisor), there, placed or not (kept in the
    plan's settings, as the plan itself placed them elsewhere or nowhere). Unpinning
    releases either. Returns the (team, supervisor) pinned or released."""
    saved = load_plan(engine, name)
    with session_scope(engine) as session:
        plan = session.get(Plan, saved.plan.id)
        row = session.get(PlanAssignment, (saved.plan.id, trainee_id))
        settings = json.loads(plan.settings or "{}")
        chosen = settings.get("pins", {})
        if to is None and not unpin and row is None:
            raise NotFound(f"{trainee_id!r} is not placed in plan {name!r}: give --team TEAM "
                           "to pin them into a team")
        if unpin and row is None and trainee_id not in chosen:
            raise NotFound(f"{trainee_id!r} is not pinned in plan {name!r}")
        before_row = _placement(row) if row else None
        before_pin = chosen.get(trainee_id)
        released = tuple(chosen.pop(trainee_id, None) or
                         ((row.team_id, row.supervisor_id) if row else (None, None)))
        if row is not None:
            row.pinned = not unpin and (to is None or to == (row.team_id, row.supervisor_id))
        if to is not None and not (row is not None and row.pinned):
            chosen[trainee_id] = list(to)
        settings["pins"] = chosen
        plan.settings = json.dumps(settings)
        now = (tuple(to) if to else (row.team_id, row.supervisor_id)) if not unpin else released
        changes = []
        if row is not None and before_row != _placement(row):
            changes.append(_placement_change(name, trainee_id, before_row, _placement(row)))
        if before_pin != chosen.get(trainee_id):  # a pin into a chosen team, in the settings
            changes.append(RowChange("plan", f"{name}/{trainee_id}",
                                     {"pin": [before_pin, chosen.get(trainee_id)]},
                                     staff_id=now[1], trainee_id=trainee_id, team_id=now[0]))
        log_change(session, "unpin" if unpin else "pin", name, "plan",
                   {"trainee_id": trainee_id, "team_id": now[0], "supervisor_id": now[1]},
                   changes)
    return now


def pins_of(saved: SavedPlan) -> dict[str, tuple[str, str]]:
    """The plan's pins: placements pinned where the plan put them, and trainees pinned
    into a team of the lead's choosing (`pin --team`)."""
    chosen = {t: (team, staff) for t, (team, staff) in saved.settings.get("pins", {}).items()}
    return {**{a.trainee_id: (a.team_id, a.supervisor_id) for a in saved.assignments
               if a.pinned}, **chosen}
