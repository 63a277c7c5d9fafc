"""Each person's attained AiMH level, from itemised attainments or their recorded level.

A person has attained level L when every competency of the framework is achieved at
every level up to L and none of those achievements is past its review date (a review
past its date makes that competency lapsed, not attained). Where a person has no
itemised attainments (none recorded as achieved), their recorded `aimh_level` stands,
and we say so.

Counts come from the attainment summary (one row per person and level, refreshed by
every import and recorded attainment), so the gap report over a national workforce never
reads millions of attainment rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from workforce.framework import Framework
from workforce.models import Attainment, AttainmentSummary

ITEMISED = "itemised"
RECORDED = "recorded"


@dataclass(frozen=True)
class LevelSummary:
    """What the attainment summary says about one person."""

    achieved: dict[int, int]  # level -> competencies achieved
    earliest_review: dict[int, dt.date | None]  # level -> earliest review date among them

    def attained(self, framework: Framework, today: dt.date) -> int:
        total = len(framework.competencies)
        level = 0
        for candidate in framework.level_numbers:
            due = self.earliest_review.get(candidate)
            if self.achieved.get(candidate, 0) < total or (due is not None and due < today):
                break
            level = candidate
        return level


def refresh_summaries(session: Session, staff_ids: list[str]) -> None:
    """Recompute the attainment summary of these people from their attainments."""
    ids = sorted(set(staff_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(delete(AttainmentSummary).where(AttainmentSummary.staff_id.in_(chunk)))
        session.execute(insert(AttainmentSummary).from_select(
            ["staff_id", "level", "achieved", "earliest_review_due"],
            select(Attainment.staff_id, Attainment.level, func.count(),
                   func.min(Attainment.review_due))
            .where(Attainment.status == "achieved", Attainment.staff_id.in_(chunk))
            .group_by(Attainment.staff_id, Attainment.level)))


def level_summaries(session: Session, staff_ids: list[str] | None = None
                    ) -> dict[str, LevelSummary]:
    """Per person with any achieved attainment: achievements and earliest review by level."""
    query = select(AttainmentSummary.staff_id, AttainmentSummary.level,
                   AttainmentSummary.achieved, AttainmentSummary.earliest_review_due)
    if staff_ids is not None:
        query = query.where(AttainmentSummary.staff_id.in_(staff_ids))
    achieved: dict[str, dict[int, int]] = defaultdict(dict)
    earliest: dict[str, dict[int, dt.date | None]] = defaultdict(dict)
    for staff_id, level, count, due in session.execute(query):
        achieved[staff_id][level] = count
        earliest[staff_id][level] = due
    return {sid: LevelSummary(achieved[sid], earliest[sid]) for sid in achieved}
