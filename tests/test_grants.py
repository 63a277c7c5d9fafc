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


def test_reporter_cannot_select_a_name_but_can_run_the_bid_report(shared):
    url, role, url_as = shared
    _grant(url, "reporter", role("bid_writer"))
    with psycopg.connect(url_as("bid_writer", "postgresql")) as conn:
        for sql in ("SELECT name FROM staff", "SELECT name FROM public.staff",
                    "SELECT name FROM public.trainee", "SELECT * FROM public.attainment"):
            with pytest.raises(psycopg.errors.Error) as refused:
                conn.execute(sql)
            assert isinstance(refused.value, (psycopg.errors.InsufficientPrivilege,
                                              psycopg.errors.UndefinedColumn)), sql
            conn.rollback()
        assert conn.execute("SELECT count(*) FROM staff").fetchone() == (106,)
    as_admin = CliRunner().invoke(cli, ["--db", url, "report", "bid", "--area", "A1",
                                        "--format", "json"])
    as_reporter = CliRunner().invoke(cli, ["--db", url_as("bid_writer"), "report", "bid",
                                           "--area", "A1", "--format", "json"])
    assert as_reporter.exit_code == 0, as_reporter.output
    assert as_reporter.output == as_admin.output


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
