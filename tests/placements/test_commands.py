"""The placement commands on the sample region."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from commands.cli import cli
from workforce.reference.files import sample_dir


@pytest.fixture
def db(sample_copy) -> str:
    return sample_copy


def run(runner, db, *args):
    return runner.invoke(cli, ["--db", db, *args])


def test_sample_plans_optimally_with_explained_gaps(runner, db):
    # Speed is measured by benchmarks/, not asserted here: a loaded machine is not a slow tool.
    result = run(runner, db, "placements", "plan", "--cycle", "2026-27", "--format", "json",
                 "--save", "first", "--reasons")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["plan"]["status"] == "optimal" and data["plan"]["solver"] == "min_cost_flow"
    assert data["summary"]["trainees"] == 30
    assert data["summary"]["placed"] == data["summary"]["upper_bound"] < 30
    unplaced = {u["trainee_id"]: u for u in data["unassigned"]}
    assert {"R01", "R19", "R29", "R30"} <= set(unplaced)
    assert any("excluded: R30 excludes T10" in r for r in unplaced["R30"]["reasons"])
    assert all("distance" in r for r in unplaced["R29"]["reasons"])
    music = [a for a in data["assignments"] if a["trainee_id"] in ("R06", "R15", "R17")]
    assert len(music) <= 2
    brief = json.loads(run(runner, db, "placements", "plan", "--format", "json").output)
    assert [{k: v for k, v in u.items() if k != "reasons"} for u in data["unassigned"]] == \
        brief["unassigned"]  # without --reasons: the same one-line reasons, from the solver


def test_explain_names_the_rule_and_who_holds_the_place(runner, db):
    run(runner, db, "placements", "plan", "--save", "p")
    r30 = json.loads(run(runner, db, "placements", "explain", "p", "R30", "--format",
                         "json").output)["explanations"][0]
    t10 = next(t for t in r30["teams"] if t["team_id"] == "T10")
    assert t10["reasons"] == ["excluded: R30 excludes T10"]
    t11 = next(t for t in r30["teams"] if t["team_id"] == "T11")
    assert "profession: no supervisor who is a child_psychotherapist" in t11["reasons"]
    plan = json.loads(run(runner, db, "placements", "explain", "p", "--format", "json").output)
    music_out = next(e for e in plan["explanations"]
                     if e["trainee_id"] in ("R06", "R15") and not e["placed"])
    t01 = next(t for t in music_out["teams"] if t["team_id"] == "T01")
    assert t01["eligible"] and t01["held_by"]


def test_whatif_extra_music_place_gains_a_placement(runner, db):
    run(runner, db, "placements", "plan", "--save", "base")
    result = run(runner, db, "placements", "whatif", "base", "--add-capacity",
                 "T01:music_therapy:1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["placed_after"] == data["placed_before"] + 1
    assert any(g["trainee_id"] in ("R06", "R15") for g in data["gained"])


def test_pin_then_replan_keeps_the_pin_and_diff_shows_changes(runner, db):
    run(runner, db, "placements", "plan", "--save", "a")
    first = json.loads(run(runner, db, "placements", "plan", "--format", "json").output)
    trainee = first["assignments"][0]["trainee_id"]
    assert run(runner, db, "placements", "pin", "a", trainee).exit_code == 0
    again = json.loads(run(runner, db, "placements", "plan", "--keep-pins", "a", "--save", "b",
                           "--format", "json").output)
    kept = next(x for x in again["assignments"] if x["trainee_id"] == trainee)
    assert kept["pinned"] is True
    diff = json.loads(run(runner, db, "placements", "diff", "a", "b", "--format", "json").output)
    assert set(diff) >= {"gained", "lost", "moved"}
    listed = json.loads(run(runner, db, "placements", "list", "--format", "json").output)
    assert [p["name"] for p in listed["plans"]] == ["a", "b"]
    assert listed["plans"][0]["solver_version"].startswith("OR-Tools")


def test_side_rules_and_an_infeasible_request(runner, db):
    result = run(runner, db, "placements", "plan", "--max-per-programme", "1", "--format",
                 "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    programme = {row["trainee_id"]: row["programme"] for row in
                 csv.DictReader((sample_dir() / "trainees.csv").open(encoding="utf-8"))}
    groups = Counter((a["team_id"], programme[a["trainee_id"]]) for a in data["assignments"])
    assert max(groups.values()) == 1
    assert data["plan"]["status"] == "optimal" and data["plan"]["solver"] == "min_cost_flow"
    apart = run(runner, db, "placements", "plan", "--apart", "R12:R24", "--format", "json",
                "--time-limit", "10")
    assert apart.exit_code == 0, apart.output
    placed = {a["trainee_id"]: a["team_id"] for a in json.loads(apart.output)["assignments"]}
    assert json.loads(apart.output)["plan"]["solver"] in ("linear_programme",
                                                          "mixed_integer_programme")
    assert placed.get("R12") is None or placed.get("R12") != placed.get("R24")
    run(runner, db, "placements", "plan", "--save", "pinned")
    first = json.loads(run(runner, db, "placements", "explain", "pinned", "--format",
                           "json").output)["explanations"]
    placed = next(e["trainee_id"] for e in first if e["placed"])
    run(runner, db, "placements", "pin", "pinned", placed)
    bad = run(runner, db, "placements", "plan", "--keep-pins", "pinned", "--max-per-programme",
              "0")
    assert bad.exit_code == 1
    assert f"pins {placed} put 1 " in bad.output
    assert "the side rule allows at most 0 per programme per team" in bad.output


def test_stability_reports_blocking_pairs_or_none(runner, db):
    run(runner, db, "placements", "plan", "--save", "s")
    data = json.loads(run(runner, db, "placements", "stability", "s", "--format", "json").output)
    assert isinstance(data["stable"], bool)
    for pair in data["blocking_pairs"]:
        assert pair["trainee_id"].startswith("R") and pair["team_id"].startswith("T")


def test_unknown_plan_and_cycle_are_exit_2(runner, db):
    assert run(runner, db, "placements", "explain", "nope").exit_code == 2
    result = run(runner, db, "placements", "plan", "--cycle", "1999-00")
    assert result.exit_code == 2 and "no placement cycle '1999-00'" in result.output
    saved = run(runner, db, "placements", "plan", "--save", "dup")
    assert saved.exit_code == 0
    again = run(runner, db, "placements", "plan", "--save", "dup")
    assert again.exit_code == 2 and "add --replace" in again.output


@pytest.mark.parametrize(("rule", "message"), [
    (["--together", "R99:R01"], "--together R99:R01: no trainee 'R99' in cycle 2026-27"),
    (["--apart", "R01:R01"], "--apart R01:R01: R01 is paired with themselves"),
    (["--apart", "R02:R32"], "--apart R02:R32: R32 is in cycle 2025-26, not 2026-27"),
    (["--together", "R29:R01"], "--together R29:R01: R29 and R01 can never share a team"),
])
def test_every_side_rule_typo_exits_2_naming_the_trainee(runner, db, rule, message):
    result = run(runner, db, "placements", "plan", "--cycle", "2026-27", *rule)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_plan_and_list_restate_the_options_and_side_rules(runner, db):
    result = run(runner, db, "placements", "plan", "--together", "R12:R24", "--lottery-seed",
                 "5", "--save", "opts", "--format", "json")
    options = json.loads(result.output)["plan"]["options"]
    assert options["together"] == [["R12", "R24"]] and options["lottery_seed"] == 5
    listed = json.loads(run(runner, db, "placements", "list", "--format", "json").output)
    assert listed["plans"][0]["options"] == options
    shown = run(runner, db, "placements", "list", "--format", "markdown").output
    assert "R12 with R24" in shown and "lottery seed 5" in shown


def test_summary_by_programme_in_every_format(runner, db):
    data = json.loads(run(runner, db, "placements", "plan", "--format", "json").output)
    rows = {r["programme"]: r for r in data["by_programme"]}
    assert sum(r["trainees"] for r in rows.values()) == data["summary"]["trainees"]
    assert sum(r["placed"] for r in rows.values()) == data["summary"]["placed"]
    assert all(r["placed"] + r["no_eligible_team"] + r["eligible_teams_full"] == r["trainees"]
               for r in rows.values())
    csv_out = run(runner, db, "placements", "plan", "--by-programme", "--format", "csv").output
    parsed = list(csv.DictReader(csv_out.strip().splitlines()))  # stderr mixed in: a blank
    assert [r["placed"] for r in parsed] == [str(r["placed"]) for r in data["by_programme"]]
    for fmt in ("table", "markdown"):
        out = run(runner, db, "placements", "plan", "--format", fmt).output
        assert "By programme" in out and "Music therapy" in out


def test_whatif_keeps_the_base_plans_side_rules_and_options(runner, db):
    run(runner, db, "placements", "plan", "--apart", "R12:R24", "--lottery-seed", "4",
        "--save", "base")
    data = json.loads(run(runner, db, "placements", "whatif", "base", "--add-capacity",
                          "T01:music_therapy:1", "--format", "json").output)
    assert data["options"]["apart"] == [["R12", "R24"]] and data["options"]["lottery_seed"] == 4
    team = {a["trainee_id"]: a["team_id"] for a in data["assignments"]}
    assert team.get("R12") is None or team.get("R12") != team.get("R24")


def test_whatif_says_why_nothing_changed(runner, db):
    run(runner, db, "placements", "plan", "--save", "base")
    data = json.loads(run(runner, db, "placements", "whatif", "base", "--add-capacity",
                          "T08:child_psychotherapy:1", "--keep-placed", "--format",
                          "json").output)
    assert data["placed_after"] == data["placed_before"] and not data["moved"]
    assert {"trainee_id": "R30", "team_id": "T08",
            "reasons": ["distance: 182 km away (limit 30 km)"]} in data["unchanged_because"]


def test_whatif_keep_placed_moves_no_one_it_need_not(runner, db):
    run(runner, db, "placements", "plan", "--save", "base")
    free = json.loads(run(runner, db, "placements", "whatif", "base", "--add-capacity",
                          "T01:music_therapy:1", "--format", "json").output)
    kept = json.loads(run(runner, db, "placements", "whatif", "base", "--add-capacity",
                          "T01:music_therapy:1", "--keep-placed", "--format", "json").output)
    assert kept["placed_after"] == free["placed_after"]
    assert kept["moved_from_base"] <= free["moved_from_base"]
    assert kept["moved_from_base"] == 0 and kept["keep_placed"]


def test_an_employed_ieyp_trainee_imports_and_is_placed_where_they_work(runner, db, tmp_path,
                                                                       monkeypatch):
    import yaml

    from workforce.reference.files import reference_path

    # No source describes the programme's supervisors, so a hub switches it on itself.
    rules = yaml.safe_load(reference_path("placement_rules.yaml").read_text(encoding="utf-8"))
    rules["programmes"]["infant_early_years"]["offered"] = True
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(rules), encoding="utf-8")
    monkeypatch.setenv("WORKFORCE_PLACEMENT_RULES", str(tmp_path / "rules.yaml"))
    path = tmp_path / "employed.csv"
    path.write_text("trainee_id,name,programme,year,cycle,lat,lon,max_travel_km,"
                    "employing_team,course_requires_placement\n"
                    "R40,Ivy Fernsby,infant_early_years,1,2026-27,52.0,-1.0,10,T01,yes\n"
                    "R41,Oak Fernsby,infant_early_years,1,2026-27,52.0,-1.0,10,T10,no\n",
                    encoding="utf-8")
    assert run(runner, db, "import", "trainees", str(path)).exit_code == 0
    data = json.loads(run(runner, db, "placements", "plan", "--format", "json").output)
    team = {a["trainee_id"]: a["team_id"] for a in data["assignments"]}
    assert team["R40"] == "T01"  # 90 km away, beyond their travel limit: they work there
    assert team.get("R41") == "T10" or any(e.startswith("R41 is employed by T10, ")
                                           for e in data["data_errors"])
    bad = tmp_path / "bad.csv"
    bad.write_text(path.read_text(encoding="utf-8").replace("T10", "T99"), encoding="utf-8")
    result = run(runner, db, "import", "trainees", str(bad))
    assert result.exit_code == 2 and "employing_team" in result.output


def test_a_trainee_with_later_dates_is_planned_exactly_with_cp_sat(runner, db, tmp_path):
    before = json.loads(run(runner, db, "placements", "plan", "--format", "json").output)
    assert before["plan"]["solver"] == "min_cost_flow"  # the sample's dates are the defaults
    path = tmp_path / "later.csv"
    path.write_text("trainee_id,name,programme,year,cycle,lat,lon,max_travel_km,starts_on\n"
                    "R42,Rowan Fernsby,clinical_psychology,2,2026-27,52.0,-1.0,400,2027-03-01\n",
                    encoding="utf-8")
    assert run(runner, db, "import", "trainees", str(path)).exit_code == 0
    data = json.loads(run(runner, db, "placements", "plan", "--format", "json").output)
    assert data["plan"]["solver"] == "cp_sat" and data["plan"]["status"] == "optimal"
    assert data["summary"]["placed"] == data["summary"]["upper_bound"]
    assert data["summary"]["placed"] >= before["summary"]["placed"]
