"""Files the tool writes, under attack: never onto a database, owner-only, one-line errors for
a folder that is missing or a name that cannot be; passwords never shown; a locked database
or a file that is not one says so; stored characters never break a document."""

from __future__ import annotations

import sqlite3
import stat
import xml.etree.ElementTree as ElementTree
from contextlib import closing
from pathlib import Path

import pytest

from commands.cli import cli
from tests.commands.test_mistakes import snapshot


def _file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@pytest.mark.parametrize("args", [["export", "staff", "-o"],
                                  ["export", "staff", "--format", "xlsx", "-o"],
                                  ["competencies", "audit", "-o"],
                                  ["log", "--format", "json", "-o"]])
def test_output_onto_the_database_in_use_is_refused(runner, sample_copy, args):
    before = snapshot(sample_copy)
    target = _file(sample_copy)
    result = runner.invoke(cli, ["--db", sample_copy, *args, str(target)])
    assert result.exit_code == 2, result.output
    assert f"will not write over {target}: it is (part of) an SQLite database" in " ".join(
        result.output.split())
    assert snapshot(sample_copy) == before


def test_output_onto_another_database_or_its_log_is_refused(runner, sample_copy, tmp_path):
    other = tmp_path / "other.sqlite"
    assert runner.invoke(cli, ["--db", sample_copy, "backup", str(other)]).exit_code == 0
    wal = tmp_path / "other.sqlite-wal"
    for target in (other, wal):
        result = runner.invoke(cli, ["--db", sample_copy, "export", "teams", "-o", str(target)])
        assert result.exit_code == 2 and "will not write over" in result.output
    assert not wal.exists()
    with closing(sqlite3.connect(other)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("make, why", [
    (lambda tmp: tmp / "no-such-folder" / "out.csv", "the folder"),
    (lambda tmp: tmp / ("x" * 300 + ".csv"), "File name too long"),
])
def test_output_that_cannot_be_written_is_one_line(runner, sample_copy, tmp_path, make, why):
    target = make(tmp_path)
    for args in (["export", "teams", "-o", str(target)],
                 ["competencies", "gaps", "-o", str(target)]):
        result = runner.invoke(cli, ["--db", sample_copy, *args])
        assert result.exit_code == 2, result.output
        assert result.output.startswith("Error: cannot write") and why in result.output
        assert len(result.output.strip().splitlines()) <= 2  # one line, perhaps wrapped


@pytest.mark.parametrize("args, name", [
    (["export", "staff", "-o"], "staff.csv"),
    (["export", "trainees", "--format", "json", "-o"], "trainees.json"),
    (["export", "staff", "--format", "xlsx", "-o"], "staff.xlsx"),
    (["competencies", "audit", "--format", "markdown", "-o"], "audit.md"),
    (["competencies", "audit", "--export"], "audit.html"),
    (["competencies", "audit", "--export"], "audit.svg"),
    (["report", "bid", "--area", "A1", "--export"], "bid.docx"),
    (["placements", "plan", "--export"], "plan.xlsx"),
])
def test_files_with_personal_data_are_readable_by_their_owner_only(runner, sample_copy,
                                                                   tmp_path, args, name):
    target = tmp_path / name
    target.write_text("older file, readable by all")
    target.chmod(0o644)
    result = runner.invoke(cli, ["--db", sample_copy, *args, str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() != b"older file, readable by all"


@pytest.mark.parametrize("url", ["postgresql+nodriver://ann:s3cret@db.example/work",
                                 "postgresql+psycopg://ann:s3cret@db.example:port/work"])
def test_a_database_url_with_a_password_is_never_echoed(runner, url):
    result = runner.invoke(cli, ["--db", url, "init"])
    assert result.exit_code == 2, result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


def test_a_database_path_that_is_not_a_database_is_one_line(runner, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    result = runner.invoke(cli, ["--db", f"sqlite:///{text}", "competencies", "gaps"])
    assert result.exit_code == 2, result.output
    assert result.output == ("Error: the database file is not an SQLite database (check --db "
                             "or WORKFORCE_DB)\n")


def test_a_locked_database_says_another_user_is_writing(runner, sample_copy, tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("staff_id,name,team_id,profession,role,band,fte,aimh_level\n"
                     "S900,New Starter,T01,health_visitor,practitioner,6,1,1\n")
    writer = sqlite3.connect(_file(sample_copy), timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(cli, ["--db", sample_copy, "import", "staff", str(staff)])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 1, result.output
    assert result.output == ("Error: another user is writing to the database; nothing was "
                             "written: run the command again\n")


HOSTILE = "Wren<moor> & 'co' \"x\" ]]> [link=https://evil.example]x[/] \x1b[31m\x00\x0b\x7f"


def _stored_hostile(url: str) -> None:
    with closing(sqlite3.connect(_file(url))) as db:  # as an old database or plain SQL might
        db.execute("UPDATE area SET name = ? WHERE area_id = 'A1'", (HOSTILE,))
        db.commit()


@pytest.mark.parametrize("suffix", [".docx", ".svg", ".html", ".md"])
def test_documents_never_break_on_a_stored_character(runner, sample_copy, tmp_path, suffix):
    _stored_hostile(sample_copy)
    target = tmp_path / f"bid{suffix}"
    result = runner.invoke(cli, ["--db", sample_copy, "report", "bid", "--area", "A1",
                                 "--export", str(target), "--charts", str(tmp_path / "charts")])
    assert result.exit_code == 0, result.output
    if suffix == ".docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(str(target)).paragraphs)
        assert "Wren<moor> & 'co'" in text
    elif suffix in (".svg", ".html"):
        body = target.read_text(encoding="utf-8")
        assert "\x00" not in body and "\x1b" not in body
        if suffix == ".svg":
            ElementTree.fromstring(body)
        assert "<moor>" not in body and "Wren&lt;moor&gt;" in body
    for chart in (tmp_path / "charts").glob("*.svg"):
        ElementTree.parse(chart)


def test_split_files_cannot_leave_their_folder(runner, sample_copy, tmp_path):
    with closing(sqlite3.connect(_file(sample_copy))) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("UPDATE area SET area_id = '../../escaped' WHERE area_id = 'A2'")
        db.execute("UPDATE team SET area_id = '../../escaped' WHERE area_id = 'A2'")
        db.commit()
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(cli, ["--db", sample_copy, "report", "bid", "--area", "A1",
                                 "--area", "../../escaped", "--export", str(out / "bid.md"),
                                 "--split"])
    assert result.exit_code == 2, result.output
    assert "'../../escaped' cannot name a file" in result.output
    assert not list(tmp_path.parent.glob("escaped*")) and not list(tmp_path.glob("*escaped*"))


def test_charts_into_a_folder_under_a_file_is_one_line(runner, sample_copy, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder")
    result = runner.invoke(cli, ["--db", sample_copy, "report", "bid", "--area", "A1",
                                 "--charts", str(taken / "charts")])
    assert result.exit_code == 2, result.output
    assert result.output.endswith(
        f"Error: cannot make the folder {taken / 'charts'}: Not a directory\n")


def test_a_saved_scenario_never_lands_on_a_database(sample_copy):
    from workforce.errors import UserError
    from workforce.pipeline.scenario import Scenario, save_scenario

    before = snapshot(sample_copy)
    with pytest.raises(UserError, match="will not write over .*: it is \\(part of\\) an SQLite"):
        save_scenario(Scenario(), _file(sample_copy))
    assert snapshot(sample_copy) == before


def test_an_xlsx_export_never_breaks_on_a_stored_character(runner, sample_copy, tmp_path):
    from openpyxl import load_workbook

    _stored_hostile(sample_copy)
    target = tmp_path / "areas.xlsx"
    result = runner.invoke(cli, ["--db", sample_copy, "export", "areas", "--format", "xlsx",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    names = [c.value for c in load_workbook(target).active["B"]]
    assert "Wren<moor> & 'co' \"x\" ]]> [link=https://evil.example]x[/] [31m" in names
