"""The everyday commands as a user pipes them: every table in every format, numbers whole,
an empty result explained, and an option given twice refused rather than dropped."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import click
import pytest

from commands.cli import cli


def run(runner, url, *args):
    result = runner.invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result


def csv_rows(body: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body)))


def test_a_csv_of_the_audit_holds_every_person_of_every_team(runner, sample_engine):
    url = str(sample_engine.url)
    teams = json.loads(run(runner, url, "competencies", "audit", "--format", "json").stdout)["teams"]
    rows = csv_rows(run(runner, url, "competencies", "audit", "--format", "csv").stdout)
    people = [(r["team"], r["staff"]) for r in rows if r["table"] == "people"]
    assert people == [(t["team_id"], p["staff_id"]) for t in teams for p in t["people"]]
    assert len({t for t, _ in people}) == len(teams) > 1
    assert {r["team"] for r in rows if r["table"] == "definition of a PAIR team"} == {
        t["team_id"] for t in teams}


def test_a_csv_of_progress_holds_every_competency_still_needed(runner, sample_engine):
    url = str(sample_engine.url)
    teams = json.loads(run(runner, url, "competencies", "audit", "--format", "json").stdout)["teams"]
    person = next(p["staff_id"] for t in teams for p in t["people"] if p["next_level"] == 2)
    path = json.loads(run(runner, url, "competencies", "progress", person,
                          "--format", "json").stdout)
    rows = csv_rows(run(runner, url, "competencies", "progress", person, "--format", "csv").stdout)
    assert [r["competency"] for r in rows] == [s["competency_id"] for d in path["domains"]
                                               for s in d["steps"]]
    assert len({r["domain"] for r in rows}) == len(path["domains"]) > 1
    assert {r["staff"] for r in rows} == {person}


def test_a_csv_folder_of_the_gap_report_gets_one_file_a_table(runner, sample_copy, tmp_path):
    url = sample_copy  # writing the folder records it as a copy of the people in it
    markdown = run(runner, url, "competencies", "gaps", "--format", "markdown").stdout
    run(runner, url, "competencies", "gaps", "--format", "csv", "-o", str(tmp_path))
    files = sorted(tmp_path.glob("*.csv"))
    assert len(files) == markdown.count("\n## ") > 2
    assert files[0].name == "01-teams-worst-first.csv"


def test_piped_output_keeps_every_row_of_a_wide_table_on_one_line(runner, sample_engine):
    url = str(sample_engine.url)
    gaps = json.loads(run(runner, url, "competencies", "gaps", "--format", "json").stdout)
    lines = run(runner, url, "competencies", "gaps").stdout.splitlines()
    for team in gaps["teams"]:
        line = next(line for line in lines if line.startswith(f"  {team['team_id']} "))
        assert team["area_id"] in line and f"{team['clinical_fte']:g}" in line.split()
    assert any("meets the definition on what is known" in line for line in lines)


def test_piped_bid_report_keeps_every_pound_figure_whole(runner, sample_engine):
    url = str(sample_engine.url)
    metrics = json.loads(run(runner, url, "report", "bid", "--area", "A1", "--format",
                             "json").stdout)["metrics"]
    words = set(run(runner, url, "report", "bid", "--area", "A1").stdout.split())
    pounds = [m["value"] for m in metrics if m["unit"] == "GBP a year" and isinstance(m["value"], int | float)]
    assert pounds
    for value in pounds:
        assert {f"£{value:,.0f}", f"{value:,.0f}"} & words, value


@pytest.mark.parametrize(("args", "why"), [
    (["competencies", "gaps"], "no teams yet: `workforce import teams FILE`"),
    (["competencies", "audit"], "no teams yet: `workforce import teams FILE`"),
    (["placements", "list"], "no saved plans yet"),
    (["log"], "no changes recorded yet"),
])
def test_an_empty_database_says_why_and_what_to_do(runner, sqlite_url, args, why):
    run(runner, sqlite_url, "init")
    result = run(runner, sqlite_url, *args)
    assert why in " ".join(result.output.split())


def test_an_empty_csv_says_why_on_standard_error(runner, sqlite_url):
    run(runner, sqlite_url, "init")
    result = run(runner, sqlite_url, "competencies", "gaps", "--format", "csv")
    assert result.stdout.splitlines()[0].startswith("table,")
    assert "Teams, worst first: none: no teams yet" in result.stderr


def test_a_bid_for_every_area_of_an_empty_database_is_refused_with_the_reason(runner, sqlite_url):
    run(runner, sqlite_url, "init")
    result = runner.invoke(cli, ["--db", sqlite_url, "report", "bid", "--all"])
    assert result.exit_code == 1
    assert "no areas yet" in result.output and "workforce import areas FILE" in result.output


def test_explaining_a_trainee_at_their_first_choice_says_so(runner, sample_copy):
    run(runner, sample_copy, "placements", "plan", "--cycle", "2026-27", "--save", "p")
    plan = json.loads(run(runner, sample_copy, "placements", "explain", "p", "--format",
                          "json").stdout)
    first = next(e for e in plan["explanations"] if e["placed"] and e["rank"] == 1)
    shown = run(runner, sample_copy, "placements", "explain", "p", first["trainee_id"]).stdout
    assert (f"placed at their first choice, {first['team_id']}: no team they ranked higher"
            in " ".join(shown.split()))


@pytest.mark.parametrize("name", ["[/]", "[link=https://evil.example]Ann[/link]"])
def test_a_name_that_looks_like_markup_is_shown_as_itself(runner, sample_copy, name):
    with sqlite3.connect(sample_copy.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE staff SET name = ? WHERE staff_id = 'S040'", (name,))
    audit = run(runner, sample_copy, "competencies", "audit", "--team", "T05")
    assert name in audit.stdout
    progress = run(runner, sample_copy, "competencies", "progress", "S040")
    assert name in progress.stdout


def commands(group: click.Group, path=()):
    """Every command of the CLI with its path, the groups included."""
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


SINGLE = [(path, option) for path, command in commands(cli) for option in command.params
          if isinstance(option, click.Option) and not option.multiple and not option.count
          and (not option.is_flag or option.secondary_opts) and option.name != "help"]


def test_every_command_has_single_value_options_to_check():
    assert len({path for path, _ in SINGLE}) > 15


@pytest.mark.parametrize(("path", "option"), SINGLE,
                         ids=[" ".join(p) + " " + o.opts[0] for p, o in SINGLE])
def test_a_single_value_option_given_twice_is_refused(runner, path, option):
    flag = option.opts[0]
    twice = [flag, flag] if option.is_flag else [flag, "one", flag, "two"]
    result = runner.invoke(cli, [*path, *twice])
    assert result.exit_code == 2, result.output
    assert "was given 2 times, but takes one value: give it once" in result.output


def test_an_option_that_takes_many_values_is_honoured_in_full(runner, sample_engine):
    payload = json.loads(run(runner, str(sample_engine.url), "report", "bid", "--area", "A1",
                             "--area", "A2", "--format", "json").stdout)
    assert {"A1", "A2"} <= {m["area_id"] for m in payload["metrics"]}


@pytest.mark.parametrize("args", [["competencies", "gaps"], ["competencies", "audit"]])
def test_the_gap_report_and_the_audit_start_without_networkx(sample_engine, args):
    import subprocess
    import sys

    script = ("import sys, io, contextlib\n"
              "from commands.cli import cli\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    cli([ '--db', {str(sample_engine.url)!r}, *{args!r}], standalone_mode=False)\n"
              "print('networkx' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
