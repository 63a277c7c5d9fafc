"""One test per hard rule, looked up by name: a trainee the rule stops, and one it lets in."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.placements.builders import instance, sup, team, trainee
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


def test_validator_catches_over_capacity():
    inst = instance([trainee("R1"), trainee("R2")], [team("T1", capacity=1)],
                    [sup("S1", "T1", capacity=2)])
    assert violations(inst, [("R1", "T1", "S1"), ("R2", "T1", "S1")]) == [
        "T1 takes 1 trainees, plan has 2"]
