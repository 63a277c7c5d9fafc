"""Each person's attained AiMH level, from itemised attainments or their recorded level.

A person has attained level L when every competency of the framework is achieved at
every level up to L and none of those achievements is past its review date (a review
past its date makes that competency lapsed, not attained). Where a person has no
itemised attainment rows at all, their recorded `aimh_level` stands, and we say so.

Counts come from the attainment summary (one row per person and level they have any
attainment at, refreshed by every import and recorded attainment), so the gap report
over a national workforce never reads millions of attainment rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, delete, func, insert, or_, select
from sqlalchemy.sql import Subquery
from sqlmodel import Session

from workforce.framework import Framework
from workforce.models import Attainment, AttainmentSummary

ITEMISED = "itemised"
RECORDED = "recorded"


def refresh_summaries(session: Session, staff_ids: list[str]) -> None:
    """Recompute the attainment summary of these people from their attainments."""
    achieved = Attainment.status == "achieved"
    ids = sorted(set(staff_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(delete(AttainmentSummary).where(AttainmentSummary.staff_id.in_(chunk)))
        session.execute(insert(AttainmentSummary).from_select(
            ["staff_id", "level", "achieved", "earliest_review_due"],
            select(Attainment.staff_id, Attainment.level,
                   func.count(case((achieved, 1))),
                   func.min(case((achieved, Attainment.review_due))))
            .where(Attainment.staff_id.in_(chunk))
            .group_by(Attainment.staff_id, Attainment.level)))


def held_levels(framework: Framework, today: dt.date) -> Subquery:
    """Per person with itemised attainments, `held`: the levels they hold in full and in
    date, as a bitmask (bit L set for level L), so one grouped query answers for everyone.

    A level held in full has every competency of the framework achieved at it and none
    past its review date. People without itemised attainments have no row.
    """
    due = AttainmentSummary.earliest_review_due
    in_full = and_(AttainmentSummary.achieved >= len(framework.competencies),
                   or_(due.is_(None), due >= today))
    bit = case({level: 1 << level for level in framework.level_numbers},
               value=AttainmentSummary.level, else_=0)
    return (select(AttainmentSummary.staff_id,
                   func.sum(case((in_full, bit), else_=0)).label("held"))
            .group_by(AttainmentSummary.staff_id).subquery())


def attained_level(held: int, framework: Framework) -> int:
    """The highest level L such that every level up to L is held (`held` as from
    `held_levels`)."""
    level = 0
    for candidate in framework.level_numbers:
        if not held & (1 << candidate):
            break
        level = candidate
    return level
