"""Record one competency attainment for a person, validated and written to the change log."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.engine import Engine

from workforce.competencies.levels import refresh_summaries
from workforce.db import session_scope
from workforce.errors import NotFound, UserError
from workforce.io.importer import actor
from workforce.models import Attainment, ChangeLog, Staff
from workforce.reference import ReferenceData

STATUSES = ("achieved", "working_towards")


def record_attainment(engine: Engine, ref: ReferenceData, staff_id: str, competency_id: str,
                      level: int, evidenced_on: dt.date, review_due: dt.date | None = None,
                      assessed_by: str | None = None, status: str = "achieved") -> str:
    """Create or update the attainment; return 'created', 'updated' or 'unchanged'."""
    if competency_id not in ref.framework.by_id:
        raise UserError(f"{competency_id!r} is not a competency of {ref.framework.path.name} "
                        "(see `workforce framework show`)")
    if level not in ref.framework.level_numbers:
        raise UserError(f"level {level} is not a level of the framework "
                        f"({', '.join(map(str, ref.framework.level_numbers))})")
    if status not in STATUSES:
        raise UserError(f"status {status!r} is not achieved or working_towards")
    if review_due is not None and review_due < evidenced_on:
        raise UserError(f"--review-due {review_due} is before --evidenced-on {evidenced_on}")
    with session_scope(engine) as session:
        if session.get(Staff, staff_id) is None:
            raise NotFound(f"no staff member {staff_id!r}: see `workforce export staff`")
        values = {"status": status, "evidenced_on": evidenced_on, "review_due": review_due,
                  "assessed_by": assessed_by}
        row = session.scalar(select(Attainment).where(
            Attainment.staff_id == staff_id, Attainment.competency_id == competency_id,
            Attainment.level == level))
        if row is None:
            session.add(Attainment(staff_id=staff_id, competency_id=competency_id, level=level,
                                   **values))
            outcome = "created"
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            outcome = "updated"
        else:
            return "unchanged"
        session.flush()
        refresh_summaries(session, [staff_id])
        session.add(ChangeLog(actor=actor(), action="record_attainment", subject=staff_id,
                              detail=json.dumps({"competency_id": competency_id, "level": level,
                                                 **{k: str(v) if v else None
                                                    for k, v in values.items()},
                                                 "outcome": outcome})))
    return outcome
