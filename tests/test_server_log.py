"""The change log on a shared PostgreSQL, under attack: each role reads in it only what it may
read in the tables, the server stamps who and when, plain SQL cannot change personal data
unlogged, and granting without the privileges it needs says so in one line."""

from __future__ import annotations

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


def test_the_server_stamps_each_entry_whatever_the_writer_claims(shared):  # noqa: F811
    url, role, url_as = shared
    _grant(url, "lead", role("stamp_lead"))
    with psycopg.connect(url_as("stamp_lead", "postgresql")) as conn:
        stamped = conn.execute(
            "INSERT INTO change_log (at, actor, action, subject, detail, os_user, db_user) "
            "VALUES ('2001-01-01 00:00+00', 'x', 'import', 'x', '{}', 'x', 'postgres') "
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
