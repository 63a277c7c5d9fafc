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
    assert log.count('"action": "import"') == 5


def _snapshot(path):
    import sqlite3

    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _real_database(runner, path):
    """A database holding one real-looking area, imported the ordinary way."""
    areas = path.parent / "areas.csv"
    areas.write_text("area_id,name\nA1,Real Area\n")
    url = f"sqlite:///{path}"
    assert runner.invoke(cli, ["--db", url, "init"]).exit_code == 0
    assert runner.invoke(cli, ["--db", url, "import", "areas", str(areas)]).exit_code == 0
    return url


def test_demo_never_writes_to_the_database_workforce_db_names(runner, tmp_path, monkeypatch):
    url = _real_database(runner, tmp_path / "real.sqlite")
    before = _snapshot(tmp_path / "real.sqlite")
    monkeypatch.setenv("WORKFORCE_DB", url)
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert _snapshot(tmp_path / "real.sqlite") == before
    assert (tmp_path / "xdg" / "workforce" / "demo.sqlite").is_file()


def test_demo_refuses_a_database_with_real_data_even_with_db(runner, tmp_path):
    url = _real_database(runner, tmp_path / "real.sqlite")
    before = _snapshot(tmp_path / "real.sqlite")
    result = runner.invoke(cli, ["--db", url, "demo"])
    assert result.exit_code == 2
    assert f"Error: the demo will not use {url}: its change log shows a change the demo did not make (import areas)" in result.output
    assert _snapshot(tmp_path / "real.sqlite") == before


def test_demo_says_it_rebuilds_its_database_and_drops_saved_plans(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    url = f"sqlite:///{tmp_path / 'demo-here.sqlite'}"
    first = runner.invoke(cli, ["--db", url, "demo"])
    assert first.exit_code == 0, first.output
    assert "Rebuilding" not in first.output
    second = runner.invoke(cli, ["--db", url, "demo"])
    assert second.exit_code == 0, second.output
    assert f"Rebuilding the demo database {url}: its saved plans are dropped." in second.output
