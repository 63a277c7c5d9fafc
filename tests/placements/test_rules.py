"""One test per hard rule, looked up by name: a trainee the rule stops, and one it lets in."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.placements.builders import REF, instance, sup, team, trainee
from workforce.placements.feasibility import PAIR_RULES, SUPERVISOR_RULES, why_not
from workforce.placements.solve import solve
from workforce.placements.validate import violations

# For each rule: (instance where the only option breaks it, the same instance made clean).
CASES = {
    "profession": (dict(s=dict(profession="health_visitor")), {}),
    "band": (dict(s=dict(band="6")), {}),
    "aimh_level": (dict(s=dict(level=2)), {}),
    "years_qualified": (dict(s=dict(qualified=dt.date(2025, 6, 1))), {}),
    "supervisor_capacity": (dict(s=dict(capacity=0)), {}),
    "supervision_hours": (dict(s=dict(hours=0.5)), dict(s=dict(hours=1.0))),
    "supervisor_training": (dict(s=dict(trained=dt.date(2019, 1, 1))),
                            dict(s=dict(trained=dt.date(2022, 1, 1)))),
    "excluded": (dict(a=dict(excluded=["T1"])), {}),
    # employed elsewhere; employed here, which no distance or exclusion then stops
    "employed": (dict(a=dict(employing="T9")),
                 dict(a=dict(employing="T1", lat=54.0, excluded=["T1"]))),
    "distance": (dict(a=dict(lat=54.0)), {}),
    "team_capacity": (dict(t=dict(capacity=0)), {}),
    "listed": (dict(strict=True, a=dict(prefs=[])), dict(strict=True, a=dict(prefs=["T1"]))),
}


def build(spec: dict):
    return instance([trainee("R1", **spec.get("a", {}))], [team("T1", **spec.get("t", {}))],
                    [sup("S1", "T1", **spec.get("s", {}))], strict=spec.get("strict", False))


def test_every_rule_in_the_registries_has_a_case():
    assert set(CASES) == set(PAIR_RULES) | set(SUPERVISOR_RULES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_stops_a_placement_and_says_so(name):
    broken = build(CASES[name][0])
    solution = solve(broken)
    assert solution.unassigned == ["R1"]
    reasons = why_not(broken, broken.applicants[0], broken.teams[0])
    assert any(r.startswith(name) or (name == "supervisor_capacity" and "supervisor" in r)
               or (name == "profession" and r.startswith("profession")) for r in reasons), reasons


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_allows_a_clean_placement(name):
    clean = build(CASES[name][1])
    solution = solve(clean)
    assert [a.trainee_id for a in solution.assignments] == ["R1"]
    assert violations(clean, [("R1", "T1", "S1")]) == []


@pytest.mark.parametrize("name", sorted(set(CASES) - {"team_capacity", "supervisor_capacity"}))
def test_validator_catches_a_plan_that_breaks_the_rule(name):
    broken = build(CASES[name][0])
    assert violations(broken, [("R1", "T1", "S1")]) != []


def test_the_explanation_names_the_hours():
    broken = build(CASES["supervision_hours"][0])
    assert why_not(broken, broken.applicants[0], broken.teams[0]) == [
        "supervision_hours: S1 has 0.5 of the 1 hours a week a clinical psychology trainee "
        "needs"]


def test_hours_limit_how_many_a_supervisor_takes_and_the_validator_checks_them():
    inst = instance([trainee("R1"), trainee("R2"), trainee("R3")], [team("T1", capacity=3)],
                    [sup("S1", "T1", capacity=3, hours=2.5)])
    result = solve(inst)
    assert result.placed == 2  # 2.5 hours a week: two trainees at an hour each
    assert violations(inst, [("R1", "T1", "S1"), ("R2", "T1", "S1"), ("R3", "T1", "S1")]) \
        == ["S1 has 2.5 supervision hours a week, plan needs 3 on 2026-09-01"]


def test_validator_catches_over_capacity():
    inst = instance([trainee("R1"), trainee("R2")], [team("T1", capacity=1)],
                    [sup("S1", "T1", capacity=2)])
    assert violations(inst, [("R1", "T1", "S1"), ("R2", "T1", "S1")]) == [
        "T1 takes 1 trainees, plan has 2 on 2026-09-01"]


def test_reflective_supervision_of_the_team_comes_off_each_supervisors_hours():
    from types import SimpleNamespace as Row

    from workforce.placements.instance import supervision_hours

    start = dt.date(2026, 9, 1)
    supervisors = [Row(staff_id="S1", team_id="T1", fte=1.0, supervision_hours=None),
                   Row(staff_id="S2", team_id="T1", fte=0.5, supervision_hours=3.0)]
    others = [Row(team_id="T1", qualified_on=dt.date(2025, 1, 1)),  # new: an hour a week
              Row(team_id="T1", qualified_on=dt.date(2010, 1, 1)),  # fortnightly: half
              Row(team_id="T1", qualified_on=None)]  # no date: counted as new
    rules = REF.placement
    assert rules.supervision.reflective_hours_new == 1.0
    assert rules.supervision.reflective_hours_experienced == 0.5
    hours = supervision_hours(supervisors, others, rules, start)
    share = 2.5 / 2
    assert hours == {"S1": rules.supervision.hours_per_fte * 1.0 - share, "S2": 3.0 - share}


def test_a_local_threshold_says_it_is_local_and_a_professions_own_does_not():
    broken = build(CASES["aimh_level"][0])
    assert why_not(broken, broken.applicants[0], broken.teams[0]) == [
        "aimh_level: S1 holds AiMH level 2 (needs 3; a local rule, off with "
        "apply_local_rules: false)"]
    early = build(CASES["years_qualified"][0])
    reasons = why_not(early, early.applicants[0], early.teams[0])
    assert reasons and not any("local rule" in r for r in reasons)
