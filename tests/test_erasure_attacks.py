"""Erasure under attack: names that are JSON-escaped, in other case or spacing, `null`, inside
other names; ids in other log entries; an SQLite write-ahead log held open; statistics on
PostgreSQL; copies made before. The person goes; nothing else is touched."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from commands.cli import cli
from tests.commands.test_mistakes import snapshot
from tests.test_erasure import _file, _log, _query

HEADER = "staff_id,name,team_id,profession,role,band,fte,aimh_level\n"


def _import_staff(runner, url: str, tmp_path: Path, *rows: str) -> None:
    staff = tmp_path / "new-staff.csv"
    staff.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    result = runner.invoke(cli, ["--db", url, "import", "staff", str(staff)])
    assert result.exit_code == 0, result.output


def _erase(runner, url: str, kind: str, person: str):
    result = runner.invoke(cli, ["--db", url, "erase", kind, person, "--yes"])
    assert result.exit_code == 0, result.output
    return result


def _log_text(url: str) -> str:
    return json.dumps(_query(url, "SELECT detail FROM change_log")
                      + _query(url, "SELECT changes FROM change_row"), ensure_ascii=False)


def test_a_name_with_quotes_and_a_backslash_leaves_no_encoding_behind(runner, sample_copy,
                                                                      tmp_path):
    name = 'Orla "Ozzy" Wintersgill\\Jr'
    _import_staff(runner, sample_copy, tmp_path,
                  '"S900","Orla ""Ozzy"" Wintersgill\\Jr",T01,health_visitor,practitioner,6,1,1')
    with sqlite3.connect(_file(sample_copy)) as db:  # also written \\u-escaped by some tool
        db.execute("UPDATE change_log SET detail = ? WHERE id = 1",
                   (json.dumps({"note": name}, ensure_ascii=True),))
    _erase(runner, sample_copy, "staff", "S900")
    raw = _file(sample_copy).read_bytes()
    for encoding in (name, json.dumps(name)[1:-1], "Wintersgill"):
        assert encoding.encode() not in raw, encoding
    assert _log(runner, sample_copy)  # the log still parses


def test_the_name_in_other_case_and_spacing_is_erased_and_counted_once(runner, sample_copy):
    name = _query(sample_copy, "SELECT name FROM staff WHERE staff_id = 'S005'")[0][0]
    with sqlite3.connect(_file(sample_copy)) as db:
        db.execute("UPDATE attainment SET assessed_by = ? WHERE id = 1",
                   ("  " + name.lower().replace(" ", "   ") + " ",))
    result = _erase(runner, sample_copy, "staff", "S005")
    assert _query(sample_copy, "SELECT assessed_by FROM attainment WHERE id = 1") == [
        ("(erased)",)]
    [entry] = [e for e in _log(runner, sample_copy) if e["action"] == "erase"]
    assert entry["detail"]["cleared"]["attainment.assessed_by"] == 1
    assert "1 attainment.assessed_by" in " ".join(result.output.split())


def test_a_person_named_null_changes_nothing_but_their_own_data(runner, sample_copy, tmp_path):
    _import_staff(runner, sample_copy, tmp_path,
                  "S901,null,T01,health_visitor,practitioner,6,1,1",
                  "S902,Ann Lee,T01,health_visitor,practitioner,6,1,1",
                  "S903,Joann Leeds,T01,health_visitor,practitioner,6,1,1")
    with sqlite3.connect(_file(sample_copy)) as db:
        db.execute("UPDATE team SET name = 'Ann Lee Centre' WHERE team_id = 'T02'")
    rows = "SELECT id, changes FROM change_row WHERE staff_id IS NOT 'S901' ORDER BY id"
    entries = "SELECT id, subject, detail FROM change_log ORDER BY id"
    rows_before, entries_before = _query(sample_copy, rows), _query(sample_copy, entries)
    _erase(runner, sample_copy, "staff", "S901")
    assert _query(sample_copy, rows) == rows_before  # every other row's null is still null
    assert _query(sample_copy, entries)[:-1] == entries_before  # and one erase entry added
    _erase(runner, sample_copy, "staff", "S902")
    assert _query(sample_copy, "SELECT name FROM staff WHERE staff_id = 'S903'") == [
        ("Joann Leeds",)]
    assert _query(sample_copy, "SELECT name FROM team WHERE team_id = 'T02'") == [
        ("Ann Lee Centre",)]
    assert "Joann Leeds" in _log_text(sample_copy)
    log = runner.invoke(cli, ["--db", sample_copy, "log"])
    assert log.exit_code == 0 and "Traceback" not in log.output


def test_an_erased_trainee_leaves_no_id_or_placement_in_other_log_entries(runner, sample_copy):
    saved = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save", "p1"])
    assert saved.exit_code == 0, saved.output
    [(trainee, team)] = _query(sample_copy, "SELECT trainee_id, team_id FROM plan_assignment "
                               "ORDER BY trainee_id LIMIT 1")
    pinned = runner.invoke(cli, ["--db", sample_copy, "placements", "pin", "p1", trainee])
    assert pinned.exit_code == 0, pinned.output
    _erase(runner, sample_copy, "trainee", trainee)
    for entry in _log(runner, sample_copy):
        if entry["action"] == "erase":
            continue
        assert f'"{trainee}"' not in json.dumps(entry), entry
        if entry["action"] == "pin":
            assert entry["detail"] == {"trainee_id": "(erased)"}


def test_an_erased_trainee_leaves_no_pin_or_pair_in_saved_plans_which_still_re_plan(
        runner, sample_copy):
    first = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save", "p0"])
    assert first.exit_code == 0, first.output
    [(a, team), (b, _)] = _query(sample_copy, "SELECT trainee_id, team_id FROM plan_assignment "
                                 "ORDER BY trainee_id LIMIT 2")
    saved = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--apart",
                                f"{a}:{b}", "--save", "p1"])
    assert saved.exit_code == 0, saved.output
    pinned = runner.invoke(cli, ["--db", sample_copy, "placements", "pin", "p1", a, "--team",
                                 team])
    assert pinned.exit_code == 0, pinned.output
    assert a in _query(sample_copy, "SELECT settings FROM plan WHERE name = 'p1'")[0][0]
    _erase(runner, sample_copy, "trainee", a)
    [(settings,)] = _query(sample_copy, "SELECT settings FROM plan WHERE name = 'p1'")
    assert f'"{a}"' not in settings and "(erased)" in settings
    again = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--keep-pins", "p1"])
    assert again.exit_code == 0 and "Traceback" not in again.output, again.output
    whatif = runner.invoke(cli, ["--db", sample_copy, "placements", "whatif", "p1",
                                 "--add-capacity", f"{team}:clinical_psychology:1"])
    assert whatif.exit_code == 0, whatif.output


def test_erasure_is_refused_while_another_program_holds_the_write_ahead_log(runner,
                                                                           sample_copy):
    path = _file(sample_copy)
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.close()
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM staff").fetchone()
    try:
        before = snapshot(sample_copy)
        refused = runner.invoke(cli, ["--db", sample_copy, "erase", "staff", "S005", "--yes"])
        assert refused.exit_code == 1
        assert "another program has the database open" in refused.output
        assert "nothing was erased" in refused.output
        assert snapshot(sample_copy) == before
    finally:
        reader.close()
    _erase(runner, sample_copy, "staff", "S005")
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or b"Saffron Marrowbone" not in wal.read_bytes()
    assert b"Saffron Marrowbone" not in path.read_bytes()
    assert _query(sample_copy, "PRAGMA journal_mode") == [("wal",)]  # as the user chose


def test_erasure_lists_the_backups_and_exports_made_before_it(runner, sample_copy, tmp_path):
    backup = tmp_path / "before.sqlite"
    export = tmp_path / "staff.csv"
    teams = tmp_path / "teams.csv"
    for args in (["backup", str(backup)], ["export", "staff", "-o", str(export)],
                 ["export", "teams", "-o", str(teams)]):
        result = runner.invoke(cli, ["--db", sample_copy, *args])
        assert result.exit_code == 0, result.output
    result = _erase(runner, sample_copy, "staff", "S005")
    said = " ".join(result.output.split())
    assert "Copies made before this erasure still hold the person (2)" in said
    assert f"backup of database: {backup}" in said
    assert f"export of staff: {export}" in said
    assert str(teams) not in said  # teams hold no one
    assert b"Saffron Marrowbone" in backup.read_bytes()  # the tool says so; it cannot reach in


def test_erasure_lists_the_reports_and_documents_written_before_it(runner, sample_copy,
                                                                    tmp_path):
    audit, bid = tmp_path / "audit.csv", tmp_path / "bid.docx"
    for args in (["competencies", "audit", "--team", "T01", "--format", "csv", "-o",
                  str(audit)],
                 ["report", "bid", "--area", "A1", "--export", str(bid), "-o",
                  str(tmp_path / "bid.txt")]):
        result = runner.invoke(cli, ["--db", sample_copy, *args])
        assert result.exit_code == 0, result.output
    said = " ".join(_erase(runner, sample_copy, "staff", "S005").output.split())
    assert f"report of competencies audit: {audit}" in said
    assert f"report of report bid: {bid}" in said
    assert b"Saffron Marrowbone" in audit.read_bytes()  # the tool says so; it cannot reach in


def test_erasure_on_postgresql_leaves_the_name_out_of_the_statistics(runner, postgres_url, ref):
    import psycopg
    from sqlalchemy.engine import make_url

    from workforce.io.sample import load_sample
    from workforce.store.db import get_engine, migrate

    migrate(get_engine(postgres_url))
    load_sample(get_engine(postgres_url), ref)
    plain = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)

    def in_statistics(name: str) -> bool:
        with psycopg.connect(plain, autocommit=True) as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND "
                "(most_common_vals::text || coalesce(histogram_bounds::text, '')) LIKE %s",
                (f"%{name}%",)).fetchone()[0] > 0

    with psycopg.connect(plain, autocommit=True) as conn:  # a common value: in pg_stats
        conn.execute("UPDATE attainment SET assessed_by = 'Saffron Marrowbone' "
                     "WHERE staff_id <> 'S005'")
        conn.execute("ANALYZE attainment")
    assert in_statistics("Saffron Marrowbone")
    _erase(runner, postgres_url, "staff", "S005")
    assert not in_statistics("Saffron Marrowbone")


def test_near_matches_are_listed_as_stored_never_read_as_markup(runner, sample_copy, tmp_path):
    _import_staff(runner, sample_copy, tmp_path,
                  "S904,Orla [/] [link=https://evil.example]Wintersgill,T01,health_visitor,"
                  "practitioner,6,1,1")
    with sqlite3.connect(_file(sample_copy)) as db:
        db.execute("UPDATE attainment SET assessed_by = ? WHERE id = 1",
                   ("Dr Orla [/] [link=https://evil.example]Wintersgill",))
    result = _erase(runner, sample_copy, "staff", "S904")
    assert "'Dr Orla [/] [link=https://evil.example]Wintersgill'" in result.output
