"""Record one competency attainment for a person, validated and written to the change log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from workforce.competencies.graph import WorkforceGraph
from workforce.competencies.levels import refresh_summaries
from workforce.errors import NotFound, UserError
from workforce.reference import ReferenceData
from workforce.store.changelog import RowChange, field_changes, log_change
from workforce.store.db import session_scope
from workforce.store.models import Attainment, Staff
from workforce.store.people import control_character

STATUSES = ("achieved", "working_towards")


@dataclass(frozen=True)
class Recorded:
    """What recording did, and the person's level afterwards: their recorded level stands
    until their itemised attainments complete a higher one."""

    outcome: str  # created | updated | unchanged
    attained_level: int
    level_source: str  # itemised | recorded
    recorded_level: int
    itemised_level: int | None = None


def record_attainment(engine: Engine, ref: ReferenceData, staff_id: str, competency_id: str,
                      level: int, evidenced_on: dt.date, review_due: dt.date | None = None,
                      assessed_by: str | None = None, status: str = "achieved",
                      today: dt.date | None = None) -> Recorded:
    """Create or update the attainment (upsert on person, competency and level) and log it,
    in one transaction."""
    if competency_id not in ref.framework.by_id:
        raise UserError(f"{competency_id!r} is not a competency of {ref.framework.path.name} "
                        "(see `workforce framework show`)")
    if level not in ref.framework.level_numbers:
        raise UserError(f"level {level} is not a level of the framework "
                        f"({', '.join(map(str, ref.framework.level_numbers))})")
    if status not in STATUSES:
        raise UserError(f"status {status!r} is not achieved or working_towards")
    today = today or dt.date.today()
    if evidenced_on > today:
        raise UserError(f"--evidenced-on {evidenced_on} is in the future")
    if review_due is not None and review_due < evidenced_on:
        raise UserError(f"--review-due {review_due} is before --evidenced-on {evidenced_on}")
    if assessed_by is not None and control_character(assessed_by):
        raise UserError(f"--assessor contains a control character "
                        f"({control_character(assessed_by)}): use plain text on one line")
    with session_scope(engine) as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise NotFound(f"no staff member {staff_id!r}: see `workforce export staff`")
        team_id = staff.team_id
        values = {"status": status, "evidenced_on": evidenced_on, "review_due": review_due,
                  "assessed_by": assessed_by}
        row = session.scalar(select(Attainment).where(
            Attainment.staff_id == staff_id, Attainment.competency_id == competency_id,
            Attainment.level == level))
        before = None if row is None else {k: getattr(row, k) for k in values}
        if row is None:
            session.add(Attainment(staff_id=staff_id, competency_id=competency_id, level=level,
                                   **values))
            outcome = "created"
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            session.flush()
            refresh_summaries(session, [staff_id])
            log_change(session, "record_attainment", staff_id, "attainment",
                       {"competency_id": competency_id, "level": level,
                        **{k: str(v) if v else None for k, v in values.items()},
                        "outcome": outcome},
                       [RowChange("attainment", f"{staff_id}/{competency_id}/{level}",
                                  field_changes(before, values), staff_id=staff_id,
                                  team_id=team_id)])
    person = WorkforceGraph.load(engine, ref, today, team=team_id).person(staff_id)
    return Recorded(outcome, person.attained_level, person.level_source, person.recorded_level,
                    person.itemised_level)
