"""Side rules by the linear model: a whole optimum is taken as it is; a fractional one
goes to the mixed-integer programme, with the linear optimum as the bound."""

from __future__ import annotations

from tests.placements.builders import instance, sup, team, trainee
from workforce.placements.instance import SideRules
from workforce.placements.solve import solve
from workforce.placements.validate import violations


def test_three_trainees_each_apart_from_the_others_need_the_mixed_integer_programme():
    # Two teams, three trainees who must all be apart: the linear programme places each
    # half in both teams (three "placed"), no plan can place more than two.
    inst = instance([trainee(f"R{i}") for i in range(3)],
                    [team("T1", capacity=3), team("T2", lat=52.01, capacity=3)],
                    [sup("S1", "T1", capacity=3), sup("S2", "T2", capacity=3)],
                    side=SideRules(apart=(("R0", "R1"), ("R1", "R2"), ("R0", "R2"))))
    result = solve(inst, time_limit=10)
    assert result.solver == "mixed_integer_programme" and result.status == "optimal"
    assert result.placed == result.upper_bound == 2  # proven by the programme, not the LP
    assert len({a.team_id for a in result.assignments}) == 2
    assert violations(inst, [(a.trainee_id, a.team_id, a.supervisor_id)
                             for a in result.assignments]) == []


def test_a_whole_linear_optimum_is_the_plan_and_proves_every_priority():
    inst = instance([trainee("R0", prefs=["T1"]), trainee("R1", prefs=["T1"]),
                     trainee("R2", prefs=["T2"])],
                    [team("T1", capacity=2), team("T2", lat=52.01, capacity=2)],
                    [sup("S1", "T1", capacity=2), sup("S2", "T2", capacity=2)],
                    side=SideRules(apart=(("R0", "R1"),), together=(("R1", "R2"),)))
    result = solve(inst)
    assert result.solver == "linear_programme" and result.status == "optimal"
    assert {a.trainee_id: a.team_id for a in result.assignments} == {
        "R0": "T1", "R1": "T2", "R2": "T2"}
    bounds = result.settings["stage_bounds"]
    assert bounds["preference_cost"]["value"] == bounds["preference_cost"]["bound"] == 4
    assert set(result.settings["stages"].values()) == {"optimal"}


def test_a_pinned_trainee_fixes_their_partners_team():
    inst = instance([trainee("R0", prefs=["T1"]), trainee("R1", prefs=["T1"])],
                    [team("T1", capacity=2), team("T2", lat=52.01, capacity=2)],
                    [sup("S1", "T1", capacity=2), sup("S2", "T2", capacity=2)],
                    pins={"R0": ("T2", "S2")}, side=SideRules(together=(("R0", "R1"),)))
    result = solve(inst)
    assert {a.trainee_id: a.team_id for a in result.assignments} == {"R0": "T2", "R1": "T2"}


def test_the_validator_holds_every_side_rule():
    inst = instance([trainee("R0"), trainee("R1"), trainee("R2")],
                    [team("T1", capacity=3), team("T2", lat=52.01, capacity=3)],
                    [sup("S1", "T1", capacity=3), sup("S2", "T2", capacity=3)],
                    side=SideRules(max_per_programme_per_team=1, apart=(("R0", "R1"),),
                                   together=(("R1", "R2"),)))
    assert violations(inst, [("R0", "T1", "S1"), ("R1", "T1", "S1")]) == [
        "T1 has 2 clinical_psychology trainees on 2026-09-01, the side rule allows 1",
        "R0 and R1 are to be apart but are both in T1",
        "R1 and R2 are to be together but are placed in T1 and nowhere"]


def test_the_linear_and_mixed_integer_plans_are_reproducible():
    for apart in ((("R0", "R1"),), (("R0", "R1"), ("R1", "R2"), ("R0", "R2"))):
        inst = instance([trainee(f"R{i}", prefs=["T1"]) for i in range(3)],
                        [team("T1", capacity=3), team("T2", lat=52.01, capacity=3)],
                        [sup("S1", "T1", capacity=3), sup("S2", "T2", capacity=3)],
                        side=SideRules(apart=apart))
        first, second = solve(inst), solve(inst)
        assert first.assignments == second.assignments
        assert first.settings["stage_bounds"] == second.settings["stage_bounds"]


def test_a_large_cycle_solves_only_around_the_fractions_and_reports_the_gap():
    # The triangle of apart trainees by T1 and T2, and R3 alone by T3, far away: above the
    # size for the whole programme, only the triangle is solved again; R3 stays as the
    # linear optimum placed them, and the bound is the linear optimum's.
    from workforce.placements.linear import linear_plan
    from workforce.placements.prepare import prepare

    inst = instance([*(trainee(f"R{i}") for i in range(3)), trainee("R3", lat=55.0)],
                    [team("T1", capacity=3), team("T2", lat=52.01, capacity=3),
                     team("T3", lat=55.0)],
                    [sup("S1", "T1", capacity=3), sup("S2", "T2", capacity=3),
                     sup("S3", "T3")],
                    side=SideRules(apart=(("R0", "R1"), ("R1", "R2"), ("R0", "R2"))))
    outcome = linear_plan(inst, prepare(inst), whole_up_to=0)
    assert {a.trainee_id for a in outcome.plan} >= {"R3"} and len(outcome.plan) == 3
    assert outcome.bounds["placed"] == {"value": 3, "bound": 4, "gap_pct": 33.333,
                                        "solver": "highs"}
    assert outcome.stages["placed"] == "feasible" and outcome.most_placed == 4
    assert outcome.bounds["preference_cost"]["bound"] is None  # fewer placed than bound
