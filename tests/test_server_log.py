"""The change log on a shared PostgreSQL, under attack: each role reads in it only what it may
read in the tables, the server stamps who and when, plain SQL cannot change personal data
unlogged, erasing needs the tables' owner, and granting without the privileges it needs says so in one line."""

from __future__ import annotations

import json

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from commands.cli import cli
from tests.test_grants import _grant, shared  # noqa: F401  (the fixture)


def test_a_manager_reads_no_trainee_in_the_change_log(shared):  # noqa: F811
    url, role, url_as = shared
    _grant(url, "manager", role("log_manager"))
    with psycopg.connect(url_as("log_manager", "postgresql")) as conn:
        assert conn.execute("SELECT count(*) FROM change_row WHERE table_name = 'trainee' "
                            "OR trainee_id IS NOT NULL").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM change_row WHERE changes LIKE "
                            "'%max_travel_km%'").fetchone() == (0,)  # home and travel
        assert conn.execute("SELECT count(*) FROM change_row WHERE table_name = 'staff'"
                            ).fetchone()[0] > 100
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor writes one
            conn.execute("INSERT INTO change_row (change_id, table_name, row_key, changes) "
                         "VALUES (1, 'trainee', 'R01', '{}')")
    log = CliRunner().invoke(cli, ["--db", url_as("log_manager"), "log", "--format", "json"])
    assert log.exit_code == 0, log.output


def _owner(url: str, *args: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output


def test_a_manager_reads_no_entry_naming_a_trainee(shared):  # noqa: F811
    url, role, url_as = shared
    admin = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin) as conn:
        trainees = [t for (t,) in conn.execute("SELECT trainee_id FROM trainee")]
    _owner(url, "placements", "plan", "--save", "base")
    _owner(url, "placements", "pin", "base", "R06", "--team", "T01")
    _owner(url, "erase", "trainee", "R02", "--yes")
    _owner(url, "erase", "staff", "S014", "--yes")
    _grant(url, "manager", role("entry_manager"))
    with psycopg.connect(url_as("entry_manager", "postgresql")) as conn:
        seen = conn.execute("SELECT action, subject, about, detail FROM change_log").fetchall()
        by_count = conn.execute("SELECT count(*) FROM change_log WHERE action IN "
                                "('pin', 'save_plan') OR subject = 'trainees' "
                                "OR detail LIKE '%R0%'").fetchone()
    assert by_count == (0,)
    assert not [e for e in seen for t in trainees if t in e[1] or t in e[3]]
    assert {e[2] for e in seen} <= {"area", "team", "staff", "attainment",
                                    "intervention_training", "establishment"}
    assert ("erase", "S014", "staff") in {e[:3] for e in seen}  # what it may read, it reads
    log = CliRunner().invoke(cli, ["--db", url_as("entry_manager"), "log"])
    assert log.exit_code == 0, log.output
    assert "S014" in log.output and "R02" not in log.output and "R06" not in log.output
    hidden = [line for line in log.output.splitlines() if "hidden" in line]  # trainees
    # import, plan saved, pin, trainee erased
    assert len(hidden) == 1 and hidden[0].startswith("Note: 4 entries"), log.output


def test_the_lead_reads_every_entry_and_is_told_of_none_hidden(shared):  # noqa: F811
    url, role, url_as = shared
    _owner(url, "placements", "plan", "--save", "base")
    _grant(url, "lead", role("entry_lead"))
    as_lead = CliRunner().invoke(cli, ["--db", url_as("entry_lead"), "log", "--format",
                                       "json"])
    as_owner = CliRunner().invoke(cli, ["--db", url, "log", "--format", "json"])
    assert as_lead.exit_code == 0, as_lead.output
    assert "hidden" not in as_lead.output.split("}")[-1]
    assert json.loads(as_lead.output)["entries"] == json.loads(as_owner.output)["entries"]
    assert json.loads(as_lead.output)["hidden_entries"] == 0


@pytest.mark.parametrize("about", ["trainee", "plan", "", "published_report"])
def test_a_manager_cannot_add_an_entry_about_a_table_it_does_not_write(shared, about):  # noqa: F811
    url, role, url_as = shared
    forger = role(f"forging_manager_{about or 'none'}")  # roles are server-wide
    _grant(url, "manager", forger)
    with psycopg.connect(url_as(forger, "postgresql")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO change_log (actor, action, subject, about, detail) "
                         "VALUES ('x', 'pin', 'R01 moved', %s, '{}')", (about,))


@pytest.mark.parametrize("job", ["manager", "lead"])
def test_erasing_as_a_role_that_is_not_the_owner_says_who_may(shared, job):  # noqa: F811
    url, role, url_as = shared
    _grant(url, job, role(f"erasing_{job}"))
    for kind, person in (("staff", "S001"), ("trainee", "R01")):
        result = CliRunner().invoke(cli, ["--db", url_as(f"erasing_{job}"), "erase", kind,
                                          person, "--yes"])
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "only the owner of the workforce tables ('postgres'" in result.output
        assert f"'erasing_{job}' is not" in result.output and "change log" in result.output
    _owner(url, "erase", "staff", "S001", "--yes")  # the owner can


def test_the_server_stamps_each_entry_whatever_the_writer_claims(shared):  # noqa: F811
    url, role, url_as = shared
    _grant(url, "lead", role("stamp_lead"))
    with psycopg.connect(url_as("stamp_lead", "postgresql")) as conn:
        stamped = conn.execute(
            "INSERT INTO change_log (at, actor, action, subject, about, detail, os_user, "
            "db_user) VALUES ('2001-01-01 00:00+00', 'x', 'import', 'x', 'trainee', '{}', "
            "'x', 'postgres') "
            "RETURNING extract(year FROM at), db_user").fetchone()
    assert stamped[0] >= 2026 and stamped[1] == "stamp_lead"


@pytest.mark.parametrize("job, role_name, sql", [
    ("manager", "sql_manager_1", "UPDATE staff SET band = '9' WHERE staff_id = 'S001'"),
    ("manager", "sql_manager_2", "DELETE FROM attainment WHERE staff_id = 'S001'"),
    ("lead", "sql_lead", "UPDATE trainee SET name = 'x' WHERE trainee_id = 'R01'"),
])
def test_personal_data_is_never_changed_by_plain_sql_unlogged(shared, job, role_name,  # noqa: F811
                                                               sql):
    url, role, url_as = shared
    _grant(url, job, role(role_name))
    with psycopg.connect(url_as(role_name, "postgresql")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="unlogged"):
            conn.execute(sql)
            conn.commit()
        conn.rollback()
        # Pointing the tool's setting at an old entry does not pass either.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="unlogged"):
            conn.execute("SELECT set_config('workforce.change_id', '1', true)")
            conn.execute(sql)
            conn.commit()


def test_grant_by_an_owner_without_createrole_says_what_it_needs(postgres_server):
    admin = postgres_server.admin_url
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in ("plain_owner", "bid_writer_2"):
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')
        conn.execute('CREATE ROLE plain_owner LOGIN')
        conn.execute('CREATE ROLE bid_writer_2 LOGIN')
        conn.execute('DROP DATABASE IF EXISTS owned_db')
        conn.execute('CREATE DATABASE owned_db OWNER plain_owner')
    url = make_url(postgres_server.url("owned_db")).set(username="plain_owner")
    url = url.render_as_string(False)
    assert CliRunner().invoke(cli, ["--db", url, "init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", url, "grant", "reporter", "bid_writer_2"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert "CREATEROLE" in result.output and "'plain_owner'" in result.output


def test_a_nul_byte_in_a_name_is_refused_before_postgresql_sees_it(postgres_url, tmp_path):
    assert CliRunner().invoke(cli, ["--db", postgres_url, "init"]).exit_code == 0
    areas = tmp_path / "areas.csv"
    areas.write_bytes(b"area_id,name\nA1,Wren\x00moor\n")
    result = CliRunner().invoke(cli, ["--db", postgres_url, "import", "areas", str(areas)])
    assert result.exit_code == 2, result.output
    assert "areas.csv row 2, field 'name'" in result.output
    assert "contains a control character (U+0000)" in result.output


def test_a_manager_records_the_exports_they_make(shared, tmp_path):  # noqa: F811
    url, role, url_as = shared
    _grant(url, "manager", role("export_manager"))
    target = tmp_path / "staff.csv"
    result = CliRunner().invoke(cli, ["--db", url_as("export_manager"), "export", "staff",
                                      "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "not recorded" not in result.output
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False)
                         ) as conn:
        assert conn.execute("SELECT kind, what, path FROM copy_record").fetchall() == [
            ("export", "staff", str(target))]
