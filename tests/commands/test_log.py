"""`workforce log`: who changed what and when, row by row, with values before and after."""

from __future__ import annotations

import datetime as dt
import getpass
import json

from commands.cli import cli


def _entries(runner, url, *args):
    result = runner.invoke(cli, ["--db", url, "log", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["entries"]


def test_an_updated_row_is_logged_with_its_fields_before_and_after(runner, sample_copy, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("WORKFORCE_USER", "Team manager on a shared account")
    staff = tmp_path / "staff.csv"
    staff.write_text("staff_id,name,team_id,profession,role,band,fte,aimh_level\n"
                     "S005,Saffron Marrowbone,T01,health_visitor,practitioner,8a,0.8,2\n")
    assert runner.invoke(cli, ["--db", sample_copy, "import", "staff", str(staff)]).exit_code == 0
    entry = _entries(runner, sample_copy, "--staff", "S005")[-1]
    assert (entry["action"], entry["subject"]) == ("import", "staff")
    assert entry["actor"] == "Team manager on a shared account"
    assert entry["os_user"] == getpass.getuser() and entry["db_user"] == ""
    [row] = entry["rows"]
    assert (row["table"], row["key"], row["team_id"]) == ("staff", "S005", "T01")
    assert row["changes"] == {"band": ["7", "8a"], "fte": [1.0, 0.8]}


def test_log_filters_by_team_and_date(runner, sample_copy):
    team = _entries(runner, sample_copy, "--team", "T05")
    assert [e["subject"] for e in team] == ["teams", "staff"]
    assert {r["team_id"] for e in team for r in e["rows"]} == {"T05"}
    assert len(_entries(runner, sample_copy)) == 5
    assert _entries(runner, sample_copy, "--since", "2999-01-01") == []
    last = dt.datetime.fromisoformat(_entries(runner, sample_copy)[-1]["at"]).date()
    assert len(_entries(runner, sample_copy, "--since", last.isoformat())) >= 1
    assert _entries(runner, sample_copy, "--since",
                    (last + dt.timedelta(days=1)).isoformat()) == []


def test_a_pin_is_logged_against_the_trainee_and_supervisor(runner, sample_copy):
    assert runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save", "p"]
                         ).exit_code == 0
    plan = _entries(runner, sample_copy)[-1]
    assert plan["action"] == "save_plan" and plan["rows_changed"] == plan["detail"]["placed"]
    pinned = runner.invoke(cli, ["--db", sample_copy, "placements", "pin", "p", "R03"])
    assert pinned.exit_code == 0, pinned.output
    supervisor = pinned.output.split("supervisor ")[1].split(")")[0]
    [pin] = [e for e in _entries(runner, sample_copy, "--staff", supervisor)
             if e["action"] == "pin"]
    assert pin["rows"] == [{"table": "plan_assignment", "key": "p/R03", "staff_id": supervisor,
                            "trainee_id": "R03", "team_id": pin["detail"]["team_id"],
                            "changes": {"pinned": [False, True]}}]
