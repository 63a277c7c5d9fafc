"""A database made at every earlier schema revision, holding the sample region, upgrades to
the current schema with nothing lost.

The sample region is loaded at the old revision with the columns that revision has (copied
from a current database that imported it), the database is upgraded, and every row of every
table the old revision had must still be there with the same values; the gap report, which
reads the tables later revisions add, must match the current database's.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text

from workforce.competencies.gaps import gap_report
from workforce.store.db import get_engine, head_revision, migrate, revisions

EARLIER = revisions()[:-1]


def _columns(db: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA {schema}.table_info({table})")]


def _tables(db: sqlite3.Connection, schema: str) -> list[str]:
    return [name for (name,) in db.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT IN ('alembic_version', 'sqlite_sequence')")]


def _add_what_later_revisions_hold(db: sqlite3.Connection, tables: dict[str, list[str]]) -> None:
    """Fill what the old revision could not hold, as a user would by importing it after the
    upgrade: the columns added since (a team's service elements, shared posts) and the rows of
    tables added since (intervention training, establishment)."""
    for table in _tables(db, "head"):
        if table not in tables:
            if db.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0] == 0:
                db.execute(f"INSERT INTO main.{table} SELECT * FROM head.{table}")
            continue
        info = db.execute(f"PRAGMA head.table_info({table})").fetchall()
        keys = [row[1] for row in info if row[5]]
        where = " AND ".join(f"h.{k} = main.{table}.{k}" for k in keys)
        for column in (row[1] for row in info if row[1] not in tables[table]):
            db.execute(f"UPDATE main.{table} SET {column} = "
                       f"(SELECT h.{column} FROM head.{table} h WHERE {where})")


@pytest.mark.parametrize("revision", EARLIER)
def test_a_database_at_an_earlier_revision_upgrades_with_no_data_lost(revision, sample_engine,
                                                                      tmp_path, ref):
    current = sample_engine.url.database
    path = tmp_path / f"at-{revision}.sqlite"
    old = get_engine(f"sqlite:///{path}")
    assert migrate(old, revision) == revision
    with sqlite3.connect(path) as db:
        db.execute("ATTACH ? AS head", (current,))
        tables = {t: [c for c in _columns(db, "main", t) if c in _columns(db, "head", t)]
                  for t in _tables(db, "main")}
        for table, columns in tables.items():
            listed = ", ".join(columns)
            # the rows a migration seeds (the cell key secret) give way to the database's own
            db.execute(f"DELETE FROM main.{table}")
            db.execute(f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM head.{table}")
    assert sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables) > 5000
    db.close()

    assert migrate(old) == head_revision()
    with sqlite3.connect(path) as db:
        db.execute("ATTACH ? AS head", (current,))
        for table, columns in tables.items():
            listed = ", ".join(columns)
            count = f"SELECT count(*) FROM {{}}.{table}"
            assert db.execute(count.format("main")).fetchone() == db.execute(
                count.format("head")).fetchone(), table
            lost = db.execute(f"SELECT {listed} FROM head.{table} EXCEPT "
                              f"SELECT {listed} FROM main.{table}").fetchall()
            assert lost == [], table
        _add_what_later_revisions_hold(db, tables)
    db.close()
    day = dt.date(2026, 11, 23)
    assert gap_report(old, ref, today=day).to_dict() == gap_report(sample_engine, ref,
                                                                   today=day).to_dict()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_entries_logged_before_the_upgrade_learn_the_table_they_are_about(backend, tmp_path,
                                                                          request):
    """On PostgreSQL a role reads only the entries about tables it may read: entries from
    before the upgrade are given theirs, and one the upgrade cannot place is about no table
    (so only the owner and the lead read it)."""
    url = (f"sqlite:///{tmp_path / 'log.sqlite'}" if backend == "sqlite"
           else request.getfixturevalue("postgres_url"))
    engine = get_engine(url)
    migrate(engine, "copy_records_and_server_log")
    logged = [("import", "trainees", "{}"), ("import", "training", "{}"),
              ("record_attainment", "S001", "{}"), ("save_plan", "base", "{}"),
              ("unpin", "base", '{"trainee_id": "R01"}'), ("publish", "spring", "{}"),
              ("erase", "R01", '{"kind": "trainee"}'), ("erase", "S002", '{"kind": "staff"}'),
              ("import", "unknown", "{}")]
    with engine.begin() as connection:
        for action, subject, detail in logged:
            connection.execute(text(
                "INSERT INTO change_log (at, actor, action, subject, detail, os_user, db_user) "
                "VALUES (CURRENT_TIMESTAMP, 'x', :a, :s, :d, 'x', '')"),
                {"a": action, "s": subject, "d": detail})
    migrate(engine)
    with engine.connect() as connection:
        about = [a for (a,) in connection.execute(text(
            "SELECT about FROM change_log ORDER BY id"))]
    assert about == ["trainee", "intervention_training", "attainment", "plan", "plan",
                     "published_report", "trainee", "staff", ""]
