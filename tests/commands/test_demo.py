"""`workforce demo` works for a new user with nothing but the package installed."""

from __future__ import annotations

from commands.cli import cli


def test_demo_builds_its_own_database_and_shows_the_overview(runner, tmp_path):
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    demo_db = tmp_path / "xdg" / "workforce" / "demo.sqlite"
    assert demo_db.is_file()
    assert not (tmp_path / "xdg" / "workforce" / "workforce.sqlite").exists()
    for heading in ("Teams by area", "Staff by band and recorded AiMH level", "Trainees in cycle 2026-27"):
        assert heading in result.output


def test_demo_twice_starts_afresh(runner, tmp_path):
    first = runner.invoke(cli, ["demo"])
    second = runner.invoke(cli, ["demo"])
    assert first.exit_code == second.exit_code == 0
    demo_db = f"sqlite:///{tmp_path / 'xdg' / 'workforce' / 'demo.sqlite'}"
    log = runner.invoke(cli, ["--db", demo_db, "export", "changes", "--format", "json"]).output
    assert log.count('"action": "import"') == 7
