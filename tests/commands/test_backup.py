"""`workforce backup`: a consistent copy of SQLite while in use; pg_dump for PostgreSQL."""

from __future__ import annotations

import shlex
import sqlite3
import stat

from commands.cli import cli
from tests.commands.test_mistakes import snapshot


def test_backup_copies_the_committed_database_while_a_write_is_under_way(runner, sample_copy,
                                                                          tmp_path):
    committed = snapshot(sample_copy)
    writer = sqlite3.connect(sample_copy.removeprefix("sqlite:///"))
    writer.execute("BEGIN")
    writer.execute("UPDATE staff SET fte = 0.5 WHERE staff_id = 'S001'")
    try:
        result = runner.invoke(cli, ["--db", sample_copy, "backup", str(tmp_path / "copy.sqlite")])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    # the writer's lock also kept the backup out of the database's record of copies
    assert "the backup is not recorded" in " ".join(result.output.split())
    copy = tmp_path / "copy.sqlite"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert snapshot(f"sqlite:///{copy}") == committed
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_refuses_to_overwrite_a_file(runner, sample_copy, tmp_path):
    existing = tmp_path / "existing.sqlite"
    existing.write_bytes(b"keep me")
    result = runner.invoke(cli, ["--db", sample_copy, "backup", str(existing)])
    assert result.exit_code == 2
    assert result.output == f"Error: {existing} exists: choose a new file name for the backup\n"
    assert existing.read_bytes() == b"keep me"


def test_backup_of_postgresql_gives_the_pg_dump_command(runner, postgres_url, tmp_path):
    assert runner.invoke(cli, ["--db", postgres_url, "init"]).exit_code == 0
    result = runner.invoke(cli, ["--db", postgres_url, "backup", str(tmp_path / "w.dump")])
    assert result.exit_code == 1
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    assert (f"for PostgreSQL use pg_dump, e.g.: pg_dump --format=custom --file "
            f"{tmp_path / 'w.dump'} {plain}") in " ".join(result.output.split())
    assert not (tmp_path / "w.dump").exists()


def test_the_pg_dump_hint_quotes_its_arguments_and_never_shows_a_password(tmp_path):
    from workforce.store.backup import pg_dump_command

    target = tmp_path / "it's $(touch pwned) here.dump"
    hint = pg_dump_command("postgresql+psycopg://ann:s3cret@db.example/work", target)
    assert "s3cret" not in hint
    args = shlex.split(hint)
    assert args == ["pg_dump", "--format=custom", "--file", str(target),
                    "postgresql://ann@db.example/work"]


def test_backup_onto_a_dangling_symlink_is_refused_without_writing_through_it(
        runner, sample_copy, tmp_path):
    link = tmp_path / "backup.sqlite"
    link.symlink_to(tmp_path / "elsewhere.sqlite")
    result = runner.invoke(cli, ["--db", sample_copy, "backup", str(link)])
    assert result.exit_code == 2
    assert result.output == f"Error: {link} exists: choose a new file name for the backup\n"
    assert not (tmp_path / "elsewhere.sqlite").exists()

