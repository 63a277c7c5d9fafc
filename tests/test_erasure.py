"""Erasure on request: the person's data leaves every table, the change log and the file."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from commands.cli import cli
from tests.commands.test_mistakes import snapshot


def _file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _query(url: str, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(_file(url))) as db:
        return db.execute(sql, args).fetchall()


def _log(runner, url: str, *args: str) -> list[dict]:
    result = runner.invoke(cli, ["--db", url, "log", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["entries"]


def test_erased_staff_name_and_evidence_are_gone_from_the_database_file(runner, sample_copy):
    assert b"Saffron Marrowbone" in _file(sample_copy).read_bytes()
    assert _log(runner, sample_copy, "--staff", "S005")  # their import rows are logged
    result = runner.invoke(cli, ["--db", sample_copy, "erase", "staff", "S005", "--yes"])
    assert result.exit_code == 0, result.output
    assert b"Saffron Marrowbone" not in _file(sample_copy).read_bytes()
    assert _query(sample_copy, "SELECT count(*) FROM attainment WHERE staff_id = 'S005'") == [(0,)]
    assert _query(sample_copy, "SELECT count(*) FROM staff") == [(105,)]
    [entry] = _log(runner, sample_copy, "--staff", "S005")
    assert entry["action"] == "erase" and entry["subject"] == "S005"
    assert entry["detail"]["kind"] == "staff"
    assert entry["detail"]["removed"] == {"attainment": 167, "attainment_summary": 3,
                                          "intervention_training": 1, "staff": 1}
    assert entry["rows"] == []


def test_an_erased_assessor_is_replaced_in_other_peoples_evidence(runner, sample_copy):
    name = _query(sample_copy, "SELECT name FROM staff WHERE staff_id = 'S002'")[0][0]
    with sqlite3.connect(_file(sample_copy)) as db:
        db.execute("UPDATE attainment SET assessed_by = ? WHERE staff_id = 'S003'",
                   (f"  {name.upper()} ",))
        db.execute("UPDATE attainment SET assessed_by = ? WHERE staff_id = 'S004'",
                   (f"Dr {name}",))
    result = runner.invoke(cli, ["--db", sample_copy, "erase", "staff", "S002", "--yes"])
    assert result.exit_code == 0, result.output
    assert name.upper().encode() not in _file(sample_copy).read_bytes()
    assert set(_query(sample_copy, "SELECT assessed_by FROM attainment WHERE staff_id = 'S003'")
               ) == {("(erased)",)}
    # A longer value is never rewritten in part: it is listed for the operator to judge.
    assert set(_query(sample_copy, "SELECT assessed_by FROM attainment WHERE staff_id = 'S004'")
               ) == {(f"Dr {name}",)}
    assert "value(s) resembling the name" in result.output
    assert "attainment.assessed_by" in result.output and f"'Dr {name}'" in result.output


def test_erasing_a_trainee_keeps_saved_plan_totals(runner, sample_copy):
    saved = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save", "p1"])
    assert saved.exit_code == 0, saved.output
    placed = _query(sample_copy, "SELECT placed, upper_bound, preference_cost FROM plan")
    [(trainee, name, supervisor)] = _query(
        sample_copy, "SELECT t.trainee_id, t.name, a.supervisor_id FROM plan_assignment a "
        "JOIN trainee t USING (trainee_id) ORDER BY t.trainee_id LIMIT 1")
    result = runner.invoke(cli, ["--db", sample_copy, "erase", "trainee", trainee, "--yes"])
    assert result.exit_code == 0, result.output
    assert name.encode() not in _file(sample_copy).read_bytes()
    assert _query(sample_copy, "SELECT placed, upper_bound, preference_cost FROM plan") == placed
    for table in ("trainee", "trainee_preference", "trainee_exclusion", "plan_assignment",
                  "change_row"):
        assert _query(sample_copy, f"SELECT count(*) FROM {table} WHERE trainee_id = ?",
                      trainee) == [(0,)]
    [(supervised,)] = _query(sample_copy, "SELECT count(*) FROM plan_assignment WHERE "
                             "supervisor_id = ?", supervisor)
    assert supervised >= 1
    erased = runner.invoke(cli, ["--db", sample_copy, "erase", "staff", supervisor, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert _query(sample_copy, "SELECT count(*) FROM plan_assignment WHERE supervisor_id IS NULL"
                  ) == [(supervised,)]
    listed = runner.invoke(cli, ["--db", sample_copy, "placements", "list", "--format", "json"])
    assert json.loads(listed.output)["plans"][0]["placed"] == placed[0][0]
    explained = runner.invoke(cli, ["--db", sample_copy, "placements", "explain", "p1"])
    assert explained.exit_code == 0, explained.output
    assert "supervisor erased on request" in " ".join(explained.output.split())
    assert "supervised by None" not in explained.output


def test_erasure_asks_first_and_changes_nothing_when_refused(runner, sample_copy):
    before = snapshot(sample_copy)
    result = runner.invoke(cli, ["--db", sample_copy, "erase", "staff", "S005"], input="n\n")
    assert "Erase staff S005 (Saffron Marrowbone) and all their personal data?" in result.output
    assert result.exit_code == 1
    assert snapshot(sample_copy) == before


def test_erasing_someone_who_does_not_exist_is_refused(runner, sample_copy):
    before = snapshot(sample_copy)
    result = runner.invoke(cli, ["--db", sample_copy, "erase", "trainee", "R99", "--yes"])
    assert result.exit_code == 2
    assert result.output == "Error: no trainee R99\n"
    assert snapshot(sample_copy) == before


def test_erasure_on_postgresql_leaves_the_name_in_no_row(runner, postgres_url, ref):
    import psycopg
    from sqlalchemy.engine import make_url

    from workforce.io.sample import load_sample
    from workforce.store.db import get_engine, migrate

    migrate(get_engine(postgres_url))
    load_sample(get_engine(postgres_url), ref)
    plain = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)

    def rows_naming(name: str) -> int:
        with psycopg.connect(plain) as conn:
            tables = [t for (t,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return sum(conn.execute(f'SELECT count(*) FROM "{t}" AS r WHERE r::text LIKE %s',
                                    (f"%{name}%",)).fetchone()[0] for t in tables)

    assert rows_naming("Saffron Marrowbone") > 1  # the staff row and its change log row
    result = runner.invoke(cli, ["--db", postgres_url, "erase", "staff", "S005", "--yes"])
    assert result.exit_code == 0, result.output
    assert rows_naming("Saffron Marrowbone") == 0
