"""The same answers from a real PostgreSQL as from SQLite: gaps, plans and the bid report."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from tests.competencies.settings import lapsing
from workforce.competencies.gaps import gap_report
from workforce.competencies.record import record_attainment
from workforce.io.sample import load_sample
from workforce.placements.planning import plan_cycle
from workforce.placements.store import load_plan, save_plan
from workforce.reports.bid import bid_report
from workforce.store.db import get_engine, migrate

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
    assert bid_report(pg, ref, ["A1"], plan="same", today=AS_OF, protect=False).rows() == \
        bid_report(sample_engine, ref, ["A1"], plan="same", today=AS_OF, protect=False).rows()
    with sample_engine.connect() as conn:  # the same secret gives the same noise
        secret = conn.execute(text("SELECT secret FROM cell_key_secret")).scalar()
    with pg.begin() as conn:
        conn.execute(text("UPDATE cell_key_secret SET secret = :s"), {"s": secret})
    assert bid_report(pg, ref, ["A1"], plan="same", today=AS_OF).rows() == bid_report(
        sample_engine, ref, ["A1"], plan="same", today=AS_OF).rows()
    ref = lapsing(ref)  # so that S005's and S006's overdue reviews put them below level 2
    record_attainment(pg, ref, "S005", "1.01", 2, AS_OF, dt.date(2029, 11, 23))
    record_attainment(pg, ref, "S005", "2.05", 2, AS_OF, dt.date(2029, 11, 23))
    record_attainment(pg, ref, "S005", "2.08", 2, AS_OF, dt.date(2029, 11, 23))
    after = {t.team_id: t for t in gap_report(pg, ref, today=AS_OF).teams}
    assert [b["staff_id"] for b in after["T01"].below_level_2] == ["S006"]


# --- two users at once -------------------------------------------------------------------

def _in_thread(work):
    """Run `work` in a thread; return the thread and a dict that will hold its outcome."""
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as exc:  # the test inspects what the second user saw
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_until_blocked(admin: str, thread) -> None:
    """Wait until some session of the server waits on a lock held by another."""
    import time

    import psycopg

    with psycopg.connect(admin, autocommit=True) as watcher:
        for _ in range(200):
            if watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type "
                               "= 'Lock'").fetchone()[0]:
                return
            assert thread.is_alive()
            time.sleep(0.05)
    raise AssertionError("the second user never waited")


def _admin(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(False)


def _count(admin: str, sql: str):
    import psycopg

    with psycopg.connect(admin) as conn:
        return conn.execute(sql).fetchone()[0]


def _hold_plan_name(connection, name: str) -> None:
    """Another user's plan of this name, inserted but not yet committed."""
    connection.execute("INSERT INTO plan (name, cycle_id, created_at, status, solver, "
                       "solver_version, seed, workers, seconds, strict_preferences, placed, "
                       "upper_bound, preference_cost, settings) VALUES (%s, '2026-27', now(), "
                       "'optimal', '', '', 0, 1, 0, false, 0, 0, 0, '{}')", (name,))


def test_two_users_saving_a_plan_of_the_same_name_leave_no_partial_plan(postgres_url, ref):
    import psycopg
    import pytest

    from workforce.errors import CannotDo

    pg = get_engine(postgres_url)
    migrate(pg)
    load_sample(pg, ref)
    _, solution = plan_cycle(pg, ref, "2026-27")
    admin = _admin(postgres_url)
    with psycopg.connect(admin) as first:
        _hold_plan_name(first, "shared")
        thread, outcome = _in_thread(lambda: save_plan(pg, "shared", "2026-27", solution))
        _wait_until_blocked(admin, thread)
        first.commit()
        thread.join(30)
    with pytest.raises(CannotDo, match="someone else saved the same record at the same moment; "
                                       "nothing was written: run the command again"):
        raise outcome["error"]
    assert _count(admin, "SELECT count(*) FROM plan_assignment") == 0
    assert _count(admin, "SELECT count(*) FROM change_log WHERE action = 'save_plan'") == 0

    with psycopg.connect(admin) as first:  # the first user gives up: the second's plan is whole
        first.execute("DELETE FROM plan")
        _hold_plan_name(first, "again")
        thread, outcome = _in_thread(lambda: save_plan(pg, "again", "2026-27", solution))
        _wait_until_blocked(admin, thread)
        first.rollback()
        thread.join(30)
    assert "error" not in outcome
    assert len(load_plan(pg, "again").assignments) == solution.placed > 0


def test_an_import_waits_for_another_users_write_and_is_never_seen_half_done(postgres_url, ref,
                                                                            tmp_path):
    import psycopg

    from workforce.io.importer import import_file

    pg = get_engine(postgres_url)
    migrate(pg)
    load_sample(pg, ref)
    admin = _admin(postgres_url)
    staff = tmp_path / "staff.csv"
    staff.write_text("staff_id,name,team_id,profession,role,band,fte,aimh_level\n"
                     "S002,Perpetua Mossbottom,T01,clinical_psychologist,clinician,8c,1,3\n"
                     "S001,Ignatius Wobblewood,T01,parent_infant_psychotherapist,lead,8d,0.6,3\n")
    with psycopg.connect(admin) as first:
        first.execute("UPDATE staff SET fte = 0.5 WHERE staff_id = 'S001'")
        thread, outcome = _in_thread(lambda: import_file(pg, ref, "staff", staff))
        _wait_until_blocked(admin, thread)
        assert _count(admin, "SELECT band FROM staff WHERE staff_id = 'S002'") == "8b"
        first.commit()
        thread.join(30)
    assert outcome["result"].updated == 2  # whole, after the first user's commit; and each
    # user's own change kept: the first's FTE, the import's bands
    assert _count(admin, "SELECT string_agg(band || ':' || fte, ',' ORDER BY staff_id) FROM "
                         "staff WHERE staff_id IN ('S001', 'S002')") == "8d:0.5,8c:1"
