"""The same answers from a real PostgreSQL as from SQLite: gaps, plans and the bid report."""

from __future__ import annotations

import datetime as dt

from tests.competencies.settings import lapsing
from workforce.competencies.gaps import gap_report
from workforce.competencies.record import record_attainment
from workforce.db import get_engine, migrate
from workforce.placements.planning import plan_cycle
from workforce.placements.store import load_plan, save_plan
from workforce.reports.bid import bid_report
from workforce.sample import load_sample

AS_OF = dt.date(2026, 11, 23)


def test_postgresql_gives_the_same_gaps_plan_and_bid_as_sqlite(postgres_url, sample_copy, ref):
    sample_engine = get_engine(sample_copy)
    pg = get_engine(postgres_url)
    migrate(pg)
    load_sample(pg, ref)
    assert gap_report(pg, ref, today=AS_OF).to_dict() == gap_report(
        sample_engine, ref, today=AS_OF).to_dict()
    _, on_pg = plan_cycle(pg, ref, "2026-27")
    _, on_sqlite = plan_cycle(sample_engine, ref, "2026-27")
    assert on_pg.assignments == on_sqlite.assignments
    save_plan(pg, "same", "2026-27", on_pg)
    save_plan(sample_engine, "same", "2026-27", on_sqlite)
    assert len(load_plan(pg, "same").assignments) == on_pg.placed
    assert bid_report(pg, ref, ["A1"], plan="same", today=AS_OF).rows() == bid_report(
        sample_engine, ref, ["A1"], plan="same", today=AS_OF).rows()
    ref = lapsing(ref)  # so that S005's and S006's overdue reviews put them below level 2
    record_attainment(pg, ref, "S005", "1.01", 2, AS_OF, dt.date(2029, 11, 23))
    record_attainment(pg, ref, "S005", "2.05", 2, AS_OF, dt.date(2029, 11, 23))
    record_attainment(pg, ref, "S005", "2.08", 2, AS_OF, dt.date(2029, 11, 23))
    after = {t.team_id: t for t in gap_report(pg, ref, today=AS_OF).teams}
    assert [b["staff_id"] for b in after["T01"].below_level_2] == ["S006"]
