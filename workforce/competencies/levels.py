"""Each person's attained AiMH level, from itemised attainments or their recorded level.

A person has attained level L when every competency of the framework is achieved at
every level up to L and none of those achievements is past its review date (a review
past its date makes that competency lapsed, not attained). Where a person has no
itemised attainments, their recorded `aimh_level` stands, and we say so.

Counts come from one grouped query over the whole table, so the gap report over a
national workforce never loads millions of attainment rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlmodel import Session

from workforce.framework import Framework
from workforce.models import Attainment

ITEMISED = "itemised"
RECORDED = "recorded"


@dataclass(frozen=True)
class LevelSummary:
    """What the attainment table says about one person."""

    achieved: dict[int, int]  # level -> competencies achieved and in date
    lapsed: dict[int, int]  # level -> competencies achieved but past review

    def attained(self, framework: Framework) -> int:
        total = len(framework.competencies)
        level = 0
        for candidate in framework.level_numbers:
            if self.achieved.get(candidate, 0) < total:
                break
            level = candidate
        return level


def level_summaries(session: Session, today: dt.date,
                    staff_ids: list[str] | None = None) -> dict[str, LevelSummary]:
    """Per person with itemised attainments: in-date and lapsed achievements by level."""
    lapsed = Attainment.review_due < today
    query = (select(Attainment.staff_id, Attainment.level,
                    func.count().filter(or_(Attainment.review_due.is_(None), ~lapsed)),
                    func.count().filter(lapsed))
             .where(Attainment.status == "achieved")
             .group_by(Attainment.staff_id, Attainment.level))
    if staff_ids is not None:
        query = query.where(Attainment.staff_id.in_(staff_ids))
    achieved: dict[str, dict[int, int]] = defaultdict(dict)
    expired: dict[str, dict[int, int]] = defaultdict(dict)
    for staff_id, level, in_date, out_of_date in session.execute(query):
        achieved[staff_id][level] = in_date
        expired[staff_id][level] = out_of_date
    itemised = select(Attainment.staff_id).distinct()
    if staff_ids is not None:
        itemised = itemised.where(Attainment.staff_id.in_(staff_ids))
    return {sid: LevelSummary(achieved.get(sid, {}), expired.get(sid, {}))
            for sid in session.scalars(itemised)}


def attained_levels(session: Session, framework: Framework, today: dt.date,
                    recorded: dict[str, int]) -> dict[str, tuple[int, str]]:
    """Everyone's attained level and where it came from (itemised or recorded)."""
    summaries = level_summaries(session, today)
    out: dict[str, tuple[int, str]] = {}
    for staff_id, level in recorded.items():
        summary = summaries.get(staff_id)
        out[staff_id] = (summary.attained(framework), ITEMISED) if summary else (level, RECORDED)
    return out
