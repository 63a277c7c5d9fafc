"""A placement round as a workforce lead runs it on the sample region: what-if
supervisors, pins into a chosen team, every trainee in CSV and XLSX, and stability that
leaves out what the hard rules forbid."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from commands.cli import cli
from tests.placements.builders import instance, sup, team, trainee
from workforce.placements.explain import Placed
from workforce.placements.stability import stability


@pytest.fixture
def db(sample_copy) -> str:
    return sample_copy


def run(runner, db, *args):
    return runner.invoke(cli, ["--db", db, *args])


def plan_json(runner, db, *args) -> dict:
    result = run(runner, db, "placements", "plan", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_adding_a_supervisor_who_adds_nothing_says_why(runner, db):
    run(runner, db, "placements", "plan", "--save", "base")
    data = json.loads(run(runner, db, "placements", "whatif", "base", "--add-supervisor",
                          "S002", "--add-supervisor", "S008", "--format", "json").output)
    assert data["placed_after"] == data["placed_before"]
    notes = {s["staff_id"]: s for s in data["added_supervisors"]}
    assert notes["S002"]["already_supervisor"] and notes["S002"]["programmes"] == []
    assert notes["S008"]["note"].startswith("eligible for no programme: clinical_psychology: "
                                            "profession: S008 is a peer_support_worker")
    assert data["nothing_changed_because"] == [
        "S002 adds no supervision place: already a supervisor",
        "S008 adds no supervision place: eligible for no programme"]
    table = run(runner, db, "placements", "whatif", "base", "--add-supervisor", "S008")
    assert "Nothing changed because" in table.output and "peer_support_worker" in table.output


def test_an_unplaced_trainee_pinned_into_a_team_is_placed_there_on_replanning(runner, db):
    first = plan_json(runner, db, "--save", "base")
    unplaced = {u["trainee_id"] for u in first["unassigned"]}
    assert "R06" in unplaced  # music therapy, every eligible team full (T01)
    pinned = run(runner, db, "placements", "pin", "base", "R06", "--team", "T01")
    assert pinned.exit_code == 0, pinned.output
    assert "Pinned R06 -> T01 (supervisor S012)" in pinned.output
    again = plan_json(runner, db, "--keep-pins", "base")
    placed = {a["trainee_id"]: a for a in again["assignments"]}
    assert placed["R06"]["team_id"] == "T01" and placed["R06"]["pinned"]
    assert again["summary"]["placed"] == first["summary"]["placed"]  # someone else moved
    assert run(runner, db, "placements", "pin", "base", "R06", "--unpin").exit_code == 0
    assert "R06" not in {a["trainee_id"] for a in plan_json(
        runner, db, "--keep-pins", "base")["assignments"]}


def test_a_placed_trainee_can_be_pinned_into_another_team(runner, db):
    first = plan_json(runner, db, "--save", "base")
    team_of = {a["trainee_id"]: a["team_id"] for a in first["assignments"]}
    assert team_of["R04"] == "T07"
    assert run(runner, db, "placements", "pin", "base", "R04", "--team", "T06").exit_code == 0
    again = plan_json(runner, db, "--keep-pins", "base")
    assert {a["trainee_id"]: a["team_id"] for a in again["assignments"]}["R04"] == "T06"


@pytest.mark.parametrize("trainee, team_id, message", [
    ("R01", "T01", "cannot pin R01 in T01: distance: 106 km away (limit 35 km)"),
    ("R02", "T01", "cannot pin R02 in T01: employed: R02 is employed by T12 and trains there"),
    ("R06", "T04", "cannot pin R06 in T04: profession: no supervisor who is a music_therapist"),
])
def test_a_pin_no_eligible_supervisor_could_take_is_refused(runner, db, trainee, team_id,
                                                             message):
    run(runner, db, "placements", "plan", "--save", "base")
    result = run(runner, db, "placements", "pin", "base", trainee, "--team", team_id)
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_explain_as_csv_holds_every_trainee_and_team_considered(runner, db):
    run(runner, db, "placements", "plan", "--save", "base")
    as_json = json.loads(run(runner, db, "placements", "explain", "base", "--format",
                             "json").output)["explanations"]
    out = run(runner, db, "placements", "explain", "base", "--format", "csv").output
    rows = list(csv.DictReader(out.strip().splitlines()))
    assert {r["trainee_id"] for r in rows} == {e["trainee_id"] for e in as_json}
    assert len(rows) == sum(max(len(e["teams"]), 1) for e in as_json)
    considered = {(e["trainee_id"], t["team_id"]) for e in as_json for t in e["teams"]}
    assert considered == {(r["trainee_id"], r["team"]) for r in rows if r["team"]}


def test_the_plans_csv_lists_every_trainee_with_programme_and_unplaced_reason(runner, db):
    data = plan_json(runner, db)
    out = run(runner, db, "placements", "plan", "--format", "csv").output
    rows = list(csv.DictReader(out.strip().splitlines()))  # stderr mixed in: a blank line
    trainees = [r for r in rows if r["table"] in ("placements", "Not placed")]
    assert len(trainees) == data["summary"]["trainees"] == 30
    assert all(r["programme"] for r in trainees)
    unplaced = {r["trainee"]: r for r in trainees if r["table"] == "Not placed"}
    assert set(unplaced) == {u["trainee_id"] for u in data["unassigned"]}
    assert unplaced["R06"]["programme"] == "music_therapy"
    assert unplaced["R06"]["why"] == "not placed: every eligible team is full (T01)"


def test_plan_and_explain_export_xlsx(runner, db, tmp_path):
    path = tmp_path / "plan.xlsx"
    result = run(runner, db, "placements", "plan", "--save", "base", "--export", str(path))
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames == ["Placements", "Not placed", "By programme"]
    placed = [r for r in book["Placements"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert len(placed) == 24 and book["Placements"]["A1"].value == "trainee"
    explained = tmp_path / "explain.xlsx"
    assert run(runner, db, "placements", "explain", "base", "--export",
               str(explained)).exit_code == 0
    rows = list(load_workbook(explained)["Explanations"].iter_rows(values_only=True))
    assert rows[0][0] == "trainee_id" and {r[0] for r in rows[1:] if r[0] and r[1]} >= {
        "R01", "R06", "R30"}


def test_stability_leaves_out_pairs_the_hard_rules_forbid():
    # T1's one place is R0's, who is employed there; R1 (final year) ranks T1 first and
    # the team would rather have R1, but R0 can train nowhere else.
    inst = instance([trainee("R0", employing="T1"), trainee("R1", prefs=["T1"], year=3)],
                    [team("T1", capacity=1), team("T2", lat=52.01)],
                    [sup("S1", "T1"), sup("S2", "T2")])
    found = stability(inst, [Placed("R0", "T1", "S1"), Placed("R1", "T2", "S2")])
    assert found.pairs == [] and found.left_out == {"employed": 1}
    free = inst.with_changes(applicants=(trainee("R0"), inst.applicants[1]))
    assert [p.displaces for p in stability(free, [Placed("R0", "T1", "S1"),
                                                  Placed("R1", "T2", "S2")]).pairs] == ["R0"]


def test_stability_counts_the_pairs_a_side_rule_forbids(runner, db):
    run(runner, db, "placements", "plan", "--save", "plain")
    plain = json.loads(run(runner, db, "placements", "stability", "plain", "--format",
                           "json").output)
    assert ("R14", "T11") in {(p["trainee_id"], p["team_id"]) for p in plain["blocking_pairs"]}
    assert plain["left_out"] == []
    run(runner, db, "placements", "plan", "--apart", "R14:R08", "--save", "sides")
    sides = json.loads(run(runner, db, "placements", "stability", "sides", "--format",
                           "json").output)
    assert ("R14", "T11") not in {(p["trainee_id"], p["team_id"])
                                  for p in sides["blocking_pairs"]}
    assert [(r["rule"], r["pairs"]) for r in sides["left_out"]] == [("apart", 1)]
