"""The database: default location and permissions, migrations that match the models."""

from __future__ import annotations

import stat

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from commands.cli import cli
from workforce.store.db import current_revision, get_engine, head_revision, migrate


def test_init_creates_an_owner_only_sqlite_file_in_the_user_data_dir(runner, tmp_path):
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "xdg" / "workforce" / "workforce.sqlite"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_init_twice_is_harmless(runner):
    assert runner.invoke(cli, ["init"]).exit_code == 0
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0 and "schema" in result.output


def test_commands_refuse_a_database_without_schema(runner, tmp_path):
    result = runner.invoke(cli, ["--db", f"sqlite:///{tmp_path / 'new.sqlite'}", "export", "teams"])
    assert result.exit_code == 2
    assert "workforce init" in result.output


def test_bad_database_url_is_a_clear_error(runner):
    result = runner.invoke(cli, ["--db", "nonsense://", "init"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def _schema_drift(engine):
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)


def test_migrations_match_the_models_on_sqlite(engine):
    assert current_revision(engine) == head_revision()
    assert _schema_drift(engine) == []


def test_migrations_match_the_models_on_postgresql(postgres_url):
    engine = get_engine(postgres_url)
    migrate(engine)
    assert _schema_drift(engine) == []


def test_unreachable_database_is_a_one_line_error(runner):
    result = runner.invoke(cli, ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "init"])
    assert result.exit_code == 2
    assert "cannot open the database postgresql+psycopg://nobody@127.0.0.1:1/none" in result.output
    assert "Traceback" not in result.output


def test_init_refuses_an_sqlite_path_whose_folder_does_not_exist(runner, tmp_path):
    missing = tmp_path / "no-such-folder" / "workforce.sqlite"
    result = runner.invoke(cli, ["--db", f"sqlite:///{missing}", "init"])
    assert result.exit_code == 2
    assert (f"Error: cannot create the database {missing}: the folder {missing.parent} does not "
            "exist") in result.output
    assert not missing.parent.exists()


def test_a_command_on_a_missing_database_leaves_no_empty_file_behind(runner, tmp_path):
    path = tmp_path / "typo.sqlite"
    result = runner.invoke(cli, ["--db", f"sqlite:///{path}", "competencies", "gaps"])
    assert result.exit_code == 2
    assert f"no database at {path}: run `workforce init`" in result.output
    assert not path.exists()


def test_schema_revisions_are_read_from_the_migration_files_in_order():
    from alembic.script import ScriptDirectory

    from workforce.store.db import MIGRATIONS, revisions

    script = ScriptDirectory(str(MIGRATIONS))
    assert revisions() == [s.revision for s in reversed(list(script.walk_revisions()))]
    assert head_revision() == script.get_current_head()


def test_checking_the_schema_does_not_import_alembic(engine):
    import subprocess
    import sys

    code = ("import sys; from workforce.store.db import get_engine, require_current; "
            f"require_current(get_engine({str(engine.url)!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('alembic', 'networkx', 'ortools')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_foreign_keys_are_enforced_again_after_an_upgrade(engine):
    import sqlalchemy

    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").first() == (1,)
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            connection.exec_driver_sql(
                "INSERT INTO staff (staff_id, name, team_id, profession, role, band, fte, "
                "aimh_level, supervisor) VALUES ('S1', 'A', 'NO-SUCH-TEAM', 'midwife', "
                "'clinician', '6', 1, 2, 0)")
