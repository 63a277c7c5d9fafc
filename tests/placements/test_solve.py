"""The solver: objective priorities, pins, side rules, determinism, and random instances
(with supervision hours and training dates) checked against an independent validator, an
independent min-cost flow and, with side rules, brute force."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.placements.builders import instance, sup, team, trainee
from workforce.errors import CannotDo, UserError
from workforce.placements.instance import SideRules
from workforce.placements.solve import solve
from workforce.placements.validate import violations


def test_more_placements_beat_better_preferences():
    # R1 prefers T1, but only R1 can go to T2: placing both needs R1 in T2.
    inst = instance([trainee("R1", prefs=["T1", "T2"]), trainee("R2", prefs=["T1"], travel=5)],
                    [team("T1", capacity=1), team("T2", lat=52.2, capacity=1)],
                    [sup("S1", "T1"), sup("S2", "T2")])
    result = solve(inst)
    assert {a.trainee_id: a.team_id for a in result.assignments} == {"R1": "T2", "R2": "T1"}


def test_unlisted_team_costs_the_longest_list_plus_one_for_everyone():
    inst = instance([trainee("R1", prefs=["T1"]), trainee("R2", prefs=["T3", "T4", "T5"])],
                    [team("T1", capacity=0), team("T2", capacity=1)] + [
                        team(t, capacity=0) for t in ("T3", "T4", "T5")],
                    [sup("S1", "T2")])
    [a] = solve(inst).assignments
    assert (a.team_id, a.preference_rank, a.preference_cost) == ("T2", None, 4)


def test_a_one_team_list_never_loses_an_unlisted_place_because_of_its_length():
    # Both trainees can only go to T9, which neither listed; their lists' lengths must not
    # decide who gets it: the team-side priority does (R1 is in a later year).
    four = ["T1", "T2", "T3", "T4"]
    inst = instance([trainee("R1", prefs=["T1"], year=2), trainee("R2", prefs=four, year=1)],
                    [team(t, capacity=0) for t in four] + [team("T9", capacity=1)],
                    [sup("S9", "T9")])
    result = solve(inst)
    assert [(a.trainee_id, a.team_id) for a in result.assignments] == [("R1", "T9")]


def test_the_final_year_trainee_wins_a_tie():
    inst = instance([trainee("R1", prefs=["T1"], year=1), trainee("R2", prefs=["T1"], year=3),
                     trainee("R3", prefs=["T1"], year=2)],
                    [team("T1", capacity=1)], [sup("S1", "T1")])
    assert [a.trainee_id for a in solve(inst).assignments] == ["R2"]


def test_a_course_requirement_wins_a_tie_within_a_year_and_the_lottery_decides_the_rest():
    tied = [trainee(f"R{i}", prefs=["T1"]) for i in range(1, 6)]
    required = replace(tied[3], course_requires=True)
    inst = instance([*tied[:3], required, tied[4]], [team("T1", capacity=1)],
                    [sup("S1", "T1")])
    assert [a.trainee_id for a in solve(inst).assignments] == ["R4"]
    plain = instance(tied, [team("T1", capacity=1)], [sup("S1", "T1")])
    winners = {solve(plain.with_changes(lottery_seed=seed)).assignments[0].trainee_id
               for seed in range(12)}
    assert len(winners) > 1  # the lottery, not the trainee id, settles a full tie
    first = {seed: solve(plain.with_changes(lottery_seed=seed)).assignments[0].trainee_id
             for seed in range(3)}
    assert first == {seed: solve(plain.with_changes(lottery_seed=seed)).assignments[0]
                     .trainee_id for seed in range(3)}


def test_strict_preferences_leave_unlisted_teams_out():
    inst = instance([trainee("R1", prefs=["T1"])], [team("T1", capacity=0), team("T2")],
                    [sup("S1", "T2")], strict=True)
    assert solve(inst).unassigned == ["R1"]


def test_short_teams_win_ties():
    inst = instance([trainee("R1")], [team("T1"), team("T2", short=True)],
                    [sup("S1", "T1"), sup("S2", "T2")])
    assert solve(inst).assignments[0].team_id == "T2"


def test_pins_are_kept_even_against_preference():
    inst = instance([trainee("R1", prefs=["T1"])], [team("T1"), team("T2")],
                    [sup("S1", "T1"), sup("S2", "T2")], pins={"R1": ("T2", "S2")})
    [a] = solve(inst).assignments
    assert (a.team_id, a.pinned) == ("T2", True)


def test_pins_beyond_capacity_are_named():
    inst = instance([trainee("R1"), trainee("R2")], [team("T1", capacity=1)],
                    [sup("S1", "T1", capacity=2)], pins={"R1": ("T1", "S1"), "R2": ("T1", "S1")})
    with pytest.raises(CannotDo, match="pins R1, R2 need 2 places in T1, which takes 1"):
        solve(inst)


def test_at_most_n_per_programme_is_a_flow_capacity():
    inst = instance([trainee(f"R{i}") for i in range(4)],
                    [team("T1", capacity=4), team("T2", lat=52.1, capacity=4)],
                    [sup("S1", "T1", capacity=4), sup("S2", "T2", capacity=4)],
                    side=SideRules(max_per_programme_per_team=2))
    result = solve(inst)
    assert result.solver == "min_cost_flow" and result.placed == 4
    assert sorted(a.team_id for a in result.assignments) == ["T1", "T1", "T2", "T2"]


LINEAR = ("linear_programme", "mixed_integer_programme")


def test_apart_and_together_are_held_by_the_linear_model():
    inst = instance([trainee(f"R{i}", prefs=["T1"]) for i in range(4)],
                    [team("T1", capacity=4), team("T2", lat=52.1, capacity=4)],
                    [sup("S1", "T1", capacity=4), sup("S2", "T2", capacity=4)],
                    side=SideRules(apart=(("R0", "R1"),), together=(("R2", "R3"),)))
    result = solve(inst, time_limit=10)
    assert result.solver in LINEAR and result.status == "optimal" and result.placed == 4
    teams = {a.trainee_id: a.team_id for a in result.assignments}
    assert teams["R0"] != teams["R1"] and teams["R2"] == teams["R3"]
    assert result.preference_cost == 1 + 2 + 1 + 1
    assert set(result.settings["stages"].values()) == {"optimal"}
    assert violations(inst, [(a.trainee_id, a.team_id, a.supervisor_id)
                             for a in result.assignments]) == []


def test_side_rules_share_a_supervisor_between_programmes_within_their_places():
    # S1 supervises both programmes but takes one trainee; R2/R3 kept apart bring in the
    # linear model.
    inst = instance([trainee("R0", prefs=["T1"]),
                     trainee("R1", programme="cyp_iapt_0_5", prefs=["T1"]),
                     trainee("R2", lat=55.0, prefs=["T2"]), trainee("R3", lat=55.0, prefs=["T2"])],
                    [team("T1"), team("T2", lat=55.0), team("T3", lat=55.1, capacity=1)],
                    [sup("S1", "T1"), sup("S2", "T2", capacity=2), sup("S3", "T3")],
                    side=SideRules(apart=(("R2", "R3"),)))
    result = solve(inst, time_limit=10)
    assert result.solver in LINEAR and result.placed == result.upper_bound == 3
    assert violations(inst, [(a.trainee_id, a.team_id, a.supervisor_id)
                             for a in result.assignments]) == []


def test_pins_over_the_per_programme_limit_are_named():
    inst = instance([trainee("R1"), trainee("R2")], [team("T1")], [sup("S1", "T1", capacity=2)],
                    pins={"R1": ("T1", "S1"), "R2": ("T1", "S1")},
                    side=SideRules(max_per_programme_per_team=1))
    with pytest.raises(CannotDo, match="pins R1, R2 put 2 clinical_psychology trainees in T1"):
        solve(inst)


def test_together_with_a_pinned_trainee_out_of_reach_is_named_before_solving():
    inst = instance([trainee("R1"), trainee("R2", lat=55.0)],
                    [team("T1"), team("T2", lat=55.0)], [sup("S1", "T1"), sup("S2", "T2")],
                    pins={"R1": ("T1", "S1")}, side=SideRules(together=(("R1", "R2"),)))
    with pytest.raises(UserError, match="--together R1:R2: R1 and R2 can never share a team"):
        solve(inst, time_limit=10)


def test_a_stopped_solve_keeps_a_plan_that_holds_every_rule():
    import threading

    stop = threading.Event()
    stop.set()  # as if Ctrl-C came at once
    inst = instance([trainee(f"R{i}", prefs=["T1"]) for i in range(4)],
                    [team("T1", capacity=4), team("T2", lat=52.1, capacity=4)],
                    [sup("S1", "T1", capacity=4), sup("S2", "T2", capacity=4)],
                    side=SideRules(apart=(("R0", "R1"),), together=(("R2", "R3"),)))
    result = solve(inst, time_limit=10, stop=stop)
    plan = [(a.trainee_id, a.team_id, a.supervisor_id) for a in result.assignments]
    assert result.interrupted and result.status == "feasible"
    assert "stopped" in result.settings["stages"].values()
    assert violations(inst, plan) == [] and holds_side_rules(inst.side, plan)


def test_same_input_and_seed_give_the_same_plan():
    inst = instance([trainee(f"R{i}", prefs=["T1", "T2"]) for i in range(6)],
                    [team("T1", capacity=3), team("T2", capacity=3)],
                    [sup("S1", "T1", capacity=3), sup("S2", "T2", capacity=3)],
                    side=SideRules(max_per_programme_per_team=3))
    assert solve(inst, seed=3).assignments == solve(inst, seed=3).assignments


# --- random instances -------------------------------------------------------------------

@st.composite
def instances(draw):
    n_teams = draw(st.integers(1, 4))
    teams_ = [team(f"T{i}", lat=52 + draw(st.floats(0, 0.5)), capacity=draw(st.integers(0, 3)),
                   short=draw(st.booleans())) for i in range(n_teams)]
    supervisors = [sup(f"S{i}", f"T{draw(st.integers(0, n_teams - 1))}",
                       profession=draw(st.sampled_from(["clinical_psychologist",
                                                        "child_psychotherapist",
                                                        "health_visitor"])),
                       band=draw(st.sampled_from(["6", "7", "8b"])),
                       level=draw(st.integers(1, 3)), capacity=draw(st.integers(0, 3)),
                       hours=draw(st.sampled_from([math.inf, 0.5, 1.0, 1.5, 2.5])),
                       trained=draw(st.sampled_from([None, dt.date(2018, 1, 1),
                                                     dt.date(2024, 1, 1)])))
                   for i in range(draw(st.integers(0, 5)))]
    ids = [t.team_id for t in teams_]
    applicants = [trainee(f"R{i}", programme=draw(st.sampled_from(
        ["clinical_psychology", "child_psychotherapy", "cyp_iapt_0_5"])),
        travel=draw(st.sampled_from([10, 40, 100])),
        prefs=draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)))
        for i in range(draw(st.integers(1, 7)))]
    return instance(applicants, teams_, supervisors)


def independent_optimum(inst) -> tuple[int, int]:
    """Max placements and their min preference cost, by networkx on a network built here."""
    from workforce.placements.validate import violations as check

    graph = nx.DiGraph()
    unlisted = 1 + max(len(a.preferences) for a in inst.applicants)
    for a in inst.applicants:
        graph.add_edge("src", a.trainee_id, capacity=1, weight=0)
        for t in inst.teams:
            for s in inst.supervisors:
                if s.team_id == t.team_id and not check(inst, [(a.trainee_id, t.team_id,
                                                                s.staff_id)]):
                    cost = (a.preferences.index(t.team_id) + 1 if t.team_id in a.preferences
                            else unlisted)
                    graph.add_edge(a.trainee_id, ("ap", a.trainee_id, t.team_id), capacity=1,
                                   weight=cost)
                    graph.add_edge(("ap", a.trainee_id, t.team_id), ("s", s.staff_id),
                                   capacity=1, weight=0)
    for s in inst.supervisors:
        # every programme in the data needs an hour a week, so hours cap places exactly
        assert {p.supervision_hours for p in inst.programmes.values()} == {1.0}
        places = s.capacity if math.isinf(s.hours) else min(s.capacity, int(s.hours))
        graph.add_edge(("s", s.staff_id), ("t", s.team_id), capacity=places, weight=0)
    for t in inst.teams:
        graph.add_edge(("t", t.team_id), "sink", capacity=t.capacity, weight=0)
    if "sink" not in graph:
        return 0, 0
    flow = nx.max_flow_min_cost(graph, "src", "sink")
    placed = sum(flow["src"].values())
    return placed, nx.cost_of_flow(graph, flow)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_random_plans_are_valid_maximal_and_cheapest(inst):
    result = solve(inst)
    plan = [(a.trainee_id, a.team_id, a.supervisor_id) for a in result.assignments]
    assert violations(inst, plan) == []
    placed, cost = independent_optimum(inst)
    assert result.placed == result.upper_bound == placed
    assert result.preference_cost == cost


@st.composite
def side_rule_instances(draw):
    inst = draw(instances())
    ids = [a.trainee_id for a in inst.applicants][:4]  # brute force stays small
    pairs = st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids))
                     .filter(lambda p: p[0] != p[1]), max_size=2)
    return inst.with_changes(applicants=inst.applicants[:4],
                             side=SideRules(apart=tuple(draw(pairs)),
                                            together=tuple(draw(pairs))))


def holds_side_rules(side: SideRules, plan) -> bool:
    team_of = {trainee: team_id for trainee, team_id, _ in plan}
    return all(team_of.get(x) == team_of.get(y) for x, y in side.together) and not any(
        x in team_of and team_of.get(x) == team_of.get(y) for x, y in side.apart)


def brute_force_optimum(inst) -> tuple[int, int]:
    """Most placed, then least preference cost, over every plan that holds every rule (the
    empty plan always does, as there are no pins)."""
    from itertools import product

    alone = inst.with_changes(side=SideRules())  # one trainee alone breaks no side rule
    options = [[None] + [(a.trainee_id, s.team_id, s.staff_id) for s in inst.supervisors
                         if not violations(alone, [(a.trainee_id, s.team_id, s.staff_id)])]
               for a in inst.applicants]
    rank = {a.trainee_id: a.preferences for a in inst.applicants}
    unlisted = 1 + max(len(a.preferences) for a in inst.applicants)
    best = (0, 0)
    for choice in product(*options):
        plan = [c for c in choice if c]
        if not holds_side_rules(inst.side, plan) or violations(inst, plan):
            continue
        cost = sum(rank[t].index(tm) + 1 if tm in rank[t] else unlisted
                   for t, tm, _ in plan)
        if (len(plan), -cost) > (best[0], -best[1]):
            best = (len(plan), cost)
    return best


@settings(max_examples=40, deadline=None)
@given(side_rule_instances())
def test_random_side_rules_are_held_and_the_plan_is_the_best_possible(inst):
    try:
        result = solve(inst, time_limit=10)
    except UserError as e:  # a together pair with no team both could go to, named
        x, y = e.args[0].split()[1].rstrip(":").split(":")
        teams_of = {t: {s.team_id for s in inst.supervisors
                        if not violations(inst, [(t, s.team_id, s.staff_id)])} for t in (x, y)}
        assert not teams_of[x] & teams_of[y]
        return
    plan = [(a.trainee_id, a.team_id, a.supervisor_id) for a in result.assignments]
    assert violations(inst, plan) == [] and holds_side_rules(inst.side, plan)
    assert result.status == "optimal"
    best = brute_force_optimum(inst)
    assert (result.placed, result.preference_cost) == best
    if result.settings["stage_bounds"]:  # the reported bound is a true lower bound, and tight
        reported = result.settings["stage_bounds"]["preference_cost"]
        assert reported["bound"] <= best[1] == reported["value"]


def test_a_minimal_disruption_replan_places_the_most_then_moves_the_fewest():
    # The base plan has R1 in T2; T1 is R1's first choice and has room. Plain re-planning
    # moves R1 to T1; with the base plan, R1 stays unless moving places more trainees.
    inst = instance([trainee("R1", prefs=["T1", "T2"]),
                     trainee("R2", prefs=["T2"], lat=52.06, travel=5)],  # T2 only
                    [team("T1", capacity=1), team("T2", lat=52.03, capacity=1)],
                    [sup("S1", "T1"), sup("S2", "T2")])
    alone = inst.with_changes(applicants=inst.applicants[:1])
    assert solve(alone).assignments[0].team_id == "T1"
    assert solve(alone.with_changes(base={"R1": "T2"})).assignments[0].team_id == "T2"
    both = solve(inst.with_changes(base={"R1": "T2"}))  # placing both needs R1 moved
    assert {a.trainee_id: a.team_id for a in both.assignments} == {"R1": "T1", "R2": "T2"}


def test_a_minimal_disruption_replan_with_side_rules_keeps_the_base_team_too():
    # R1 and R2 must be apart; both prefer T1, so either way round costs the same. A base
    # plan the other way round from the plain plan is kept as it is.
    inst = instance([trainee("R1", prefs=["T1", "T2"]), trainee("R2", prefs=["T1", "T2"],
                                                                year=3)],
                    [team("T1"), team("T2", lat=52.03)],
                    [sup("S1", "T1", capacity=2), sup("S2", "T2", capacity=2)],
                    side=SideRules(apart=(("R1", "R2"),)))
    plain = {a.trainee_id: a.team_id for a in solve(inst, time_limit=10).assignments}
    assert sorted(plain.values()) == ["T1", "T2"]
    swapped = {"R1": plain["R2"], "R2": plain["R1"]}
    kept = solve(inst.with_changes(base=swapped))
    assert {a.trainee_id: a.team_id for a in kept.assignments} == swapped
    both_in_t1 = solve(inst.with_changes(base={"R1": "T1", "R2": "T1"}), time_limit=10)
    assert both_in_t1.solver in LINEAR and both_in_t1.placed == 2
    assert both_in_t1.settings["stages"]["anchored"] == "optimal"


def test_an_employed_trainee_is_placed_in_their_employing_team():
    # R1 prefers T2 and T1 is beyond their travel limit, but T1 employs them; R2 wants T1
    # too, and T1 has one place: it goes to the trainee it employs.
    inst = instance([trainee("R1", prefs=["T2"], lat=53.0, travel=10, employing="T1"),
                     trainee("R2", prefs=["T1"], year=3)],
                    [team("T1", capacity=1), team("T2", lat=53.0)],
                    [sup("S1", "T1"), sup("S2", "T2")])
    result = solve(inst)
    assert {a.trainee_id: a.team_id for a in result.assignments} == {"R1": "T1"}


def test_an_employing_team_without_an_eligible_supervisor_is_a_data_error():
    from workforce.placements.summary import employment_errors

    inst = instance([trainee("R1", employing="T1")], [team("T1"), team("T2")],
                    [sup("S1", "T1", profession="health_visitor"), sup("S2", "T2")])
    result = solve(inst)
    assert result.unassigned == ["R1"]
    assert employment_errors(inst, result) == [
        "R1 is employed by T1, which has no supervisor eligible for Clinical psychology: "
        "check the trainees and staff files"]
