"""Each person's attained AiMH level, from their recorded level and itemised attainments.

Levels are progressive: a competency achieved at level n is achieved at every level
below n too. Itemised evidence completes level L when every competency of the framework
is achieved at L or above. A person's recorded `aimh_level` stands until itemised
evidence completes a higher level: partial evidence is progress, never a demotion.

A review past its date is flagged, not lost (AiMH self-assessment has no expiry),
unless `team_rules.overdue_reviews` is `lapse`: then an achievement past its review
date no longer counts until it is reviewed.

Counts come from the attainment summary (one row per person and level they have any
attainment at, refreshed by every import and recorded attainment), so the gap report
over a national workforce never reads millions of attainment rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, delete, func, insert, or_, select, true
from sqlalchemy.sql import Subquery
from sqlmodel import Session

from workforce.reference.framework import Framework
from workforce.store.models import Attainment, AttainmentSummary

ITEMISED = "itemised"
RECORDED = "recorded"


def refresh_summaries(session: Session, staff_ids: list[str]) -> None:
    """Recompute the attainment summary of these people from their attainments: per level
    L, the competencies achieved at L or above (levels are progressive) and the earliest
    review date among those achievements."""
    achieved = Attainment.status == "achieved"
    levels = select(func.max(Attainment.level).label("level")).cte("levels", recursive=True)
    levels = levels.union_all(select((levels.c.level - 1).label("level"))
                              .where(levels.c.level > 1))  # every level from 1 up
    ids = sorted(set(staff_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(delete(AttainmentSummary).where(AttainmentSummary.staff_id.in_(chunk)))
        session.execute(insert(AttainmentSummary).from_select(
            ["staff_id", "level", "achieved", "earliest_review_due"],
            select(Attainment.staff_id, levels.c.level,
                   func.count(case((achieved, Attainment.competency_id)).distinct()),
                   func.min(case((achieved, Attainment.review_due))))
            .join(levels, Attainment.level >= levels.c.level)
            .where(Attainment.staff_id.in_(chunk))
            .group_by(Attainment.staff_id, levels.c.level)))


def held_levels(framework: Framework, today: dt.date, lapse_overdue: bool = False) -> Subquery:
    """Per person with itemised attainments, `held`: the levels their evidence completes,
    as a bitmask (bit L set for level L), so one grouped query answers for everyone.

    A level is complete when every competency of the framework is achieved at it or above
    (and, when overdue reviews lapse, none of those achievements is past its review
    date). People without itemised attainments have no row.
    """
    due = AttainmentSummary.earliest_review_due
    in_date = or_(due.is_(None), due >= today) if lapse_overdue else true()
    in_full = and_(AttainmentSummary.achieved >= len(framework.competencies), in_date)
    bit = case({level: 1 << level for level in framework.level_numbers},
               value=AttainmentSummary.level, else_=0)
    return (select(AttainmentSummary.staff_id,
                   func.sum(case((in_full, bit), else_=0)).label("held"))
            .group_by(AttainmentSummary.staff_id).subquery())


def lowest_overdue(today: dt.date) -> Subquery:
    """Per person with an achievement past its review date, `overdue_level`: the lowest
    level of one. When overdue reviews lapse, it withdraws that level and those above it,
    recorded or evidenced, until reviewed."""
    return (select(Attainment.staff_id, func.min(Attainment.level).label("overdue_level"))
            .where(Attainment.status == "achieved", Attainment.review_due < today)
            .group_by(Attainment.staff_id).subquery())


def attained(recorded: int, evidenced: int | None, overdue_level: int | None) -> int:
    """The recorded level (less any levels an overdue review lapses), or the level itemised
    evidence completes, whichever is higher."""
    standing = recorded if overdue_level is None else min(recorded, overdue_level - 1)
    return max(standing, evidenced or 0)


def evidenced_level(held: int, framework: Framework) -> int:
    """The highest level L such that every level up to L is complete (`held` as from
    `held_levels`)."""
    level = 0
    for candidate in framework.level_numbers:
        if not held & (1 << candidate):
            break
        level = candidate
    return level
