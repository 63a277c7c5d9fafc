"""Least privilege on a real PostgreSQL: each job's role can do its work and no more."""

from __future__ import annotations

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from commands.cli import cli
from workforce.io.sample import load_sample
from workforce.store.db import get_engine, migrate


@pytest.fixture
def shared(postgres_url, ref):
    """A PostgreSQL database holding the sample region, and a helper to connect as a role."""
    migrate(get_engine(postgres_url))
    load_sample(get_engine(postgres_url), ref)
    admin = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)

    def role(name: str) -> str:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')  # roles are server-wide
            conn.execute(f'CREATE ROLE "{name}" LOGIN')
        return name

    def url_as(name: str, driver: str = "postgresql+psycopg") -> str:
        return make_url(postgres_url).set(drivername=driver, username=name).render_as_string(False)

    return postgres_url, role, url_as


def _grant(url: str, job: str, role: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "grant", job, role])
    assert result.exit_code == 0, result.output


def test_reporter_reads_published_reports_only(shared):
    """No relation a reporter can read has a row per person; what it cannot run says so in
    one line; what it can, a published report, renders as the owner's does."""
    url, role, url_as = shared
    reporter = role("bid_writer")
    admin = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:  # what an earlier version granted
        conn.execute("CREATE SCHEMA workforce_reporting")
        conn.execute("CREATE VIEW workforce_reporting.staff AS SELECT md5(staff_id) AS "
                     "staff_id, band, fte FROM public.staff")
        conn.execute(f'GRANT USAGE ON SCHEMA workforce_reporting TO "{reporter}"')
        conn.execute(f'GRANT SELECT ON workforce_reporting.staff TO "{reporter}"')
    owner = CliRunner().invoke(cli, ["--db", url, "report", "publish", "spring", "--all"])
    assert owner.exit_code == 0, owner.output
    _grant(url, "reporter", reporter)
    with psycopg.connect(url_as("bid_writer", "postgresql")) as conn:
        readable = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE "
            "table_schema NOT IN ('pg_catalog', 'information_schema') AND has_table_privilege("
            "quote_ident(table_schema) || '.' || quote_ident(table_name), 'SELECT')").fetchall()
        assert sorted(readable) == [("public", "alembic_version"),
                                    ("public", "published_report")]
        assert conn.execute("SELECT count(*) FROM published_report").fetchone() == (1,)
        for sql in ("SELECT name FROM staff", "SELECT md5(staff_id) FROM public.staff",
                    "SELECT * FROM workforce_reporting.staff", "SELECT * FROM trainee",
                    "SELECT * FROM plan_assignment", "SELECT * FROM cell_key_secret"):
            with pytest.raises(psycopg.errors.Error) as refused:
                conn.execute(sql)
            assert isinstance(refused.value, (psycopg.errors.InsufficientPrivilege,
                                              psycopg.errors.UndefinedTable)), sql
            conn.rollback()
    as_reporter = ["--db", url_as("bid_writer")]
    shown = CliRunner().invoke(cli, [*as_reporter, "report", "bid", "--release", "spring",
                                     "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert shown.output == CliRunner().invoke(cli, ["--db", url, "report", "bid", "--release",
                                                    "spring", "--format", "json"]).output
    for command in (["report", "bid", "--area", "A1"], ["competencies", "audit"],
                    ["export", "staff"]):
        refused = CliRunner().invoke(cli, [*as_reporter, *command])
        assert refused.exit_code == 2, refused.output
        assert refused.output.startswith("Error: your database role may not do this"), command
        assert len(refused.output.strip().splitlines()) == 1 and "Traceback" not in \
            refused.output


def test_manager_writes_staff_but_cannot_read_trainees(shared, tmp_path):
    url, role, url_as = shared
    _grant(url, "manager", role("team_manager"))
    staff = tmp_path / "staff.csv"
    staff.write_text("staff_id,name,team_id,profession,role,band,fte,aimh_level\n"
                     "S900,New Starter,T01,health_visitor,practitioner,6,1,1\n")
    result = CliRunner().invoke(cli, ["--db", url_as("team_manager"), "import", "staff",
                                      str(staff)])
    assert result.exit_code == 0, result.output
    with psycopg.connect(url_as("team_manager", "postgresql")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT name FROM trainee")
    log = CliRunner().invoke(cli, ["--db", url, "log", "--staff", "S900", "--format", "json"])
    assert '"db_user": "team_manager"' in log.output


def test_lead_adds_trainees_and_plans_but_cannot_change_staff(shared):
    url, role, url_as = shared
    _grant(url, "lead", role("workforce_lead"))
    result = CliRunner().invoke(cli, ["--db", url_as("workforce_lead"), "placements", "plan",
                                      "--cycle", "2026-27", "--save", "by-lead"])
    assert result.exit_code == 0, result.output
    with psycopg.connect(url_as("workforce_lead", "postgresql")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE staff SET band = '9'")


def test_grant_names_a_missing_role_and_refuses_sqlite(shared, sqlite_url):
    url, _, _ = shared
    missing = CliRunner().invoke(cli, ["--db", url, "grant", "lead", "nobody_here"])
    assert missing.exit_code == 2
    assert "no database role 'nobody_here': create it first" in missing.output
    assert CliRunner().invoke(cli, ["--db", sqlite_url, "init"]).exit_code == 0
    on_sqlite = CliRunner().invoke(cli, ["--db", sqlite_url, "grant", "lead", "x"])
    assert on_sqlite.exit_code == 2 and "grant works on a shared PostgreSQL" in on_sqlite.output
