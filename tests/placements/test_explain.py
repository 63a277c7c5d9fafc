"""Explanations state the actual reason a place went to someone else; stability judges
by the same team-side priority as the solver."""

from __future__ import annotations

from tests.placements.builders import instance, sup, team, trainee
from workforce.placements.explain import Placed, explain, holder_text
from workforce.placements.solve import solve
from workforce.placements.stability import blocking_pairs


def plan_of(inst) -> list[Placed]:
    return [Placed(a.trainee_id, a.team_id, a.supervisor_id) for a in solve(inst).assignments]


def held_by(inst, trainee_id: str, team_id: str) -> list[str]:
    [e] = explain(inst, plan_of(inst), trainee_id)
    return [holder_text(h) for r in e.teams if r.team_id == team_id for h in r.held_by]


def test_a_higher_rank_is_named_as_the_reason():
    inst = instance([trainee("R1", prefs=["T1"]), trainee("R2", prefs=["T2", "T1"])],
                    [team("T1", capacity=1), team("T2", capacity=0)], [sup("S1", "T1")])
    assert held_by(inst, "R2", "T1") == ["R1 (ranked it higher (1 against 2))"]


def test_a_tie_names_the_team_side_priority_not_a_preference():
    inst = instance([trainee("R1", year=3), trainee("R2", year=1)],
                    [team("T1", capacity=1)], [sup("S1", "T1")])
    assert held_by(inst, "R2", "T1") == [
        "R1 (neither listed it; comes first in the team-side priority: a later training "
        "year (year 3 against 1))"]


def test_a_trainee_ranked_lower_holds_a_place_when_the_plan_needs_them_there():
    # R1 can only go to T1 (their second choice); R2 ranks T1 first but can also go to T2.
    # Placing both puts R1 in T1, and R2 is told why, not that R1 "preferred it more".
    inst = instance([trainee("R1", prefs=["T9", "T1"]), trainee("R2", prefs=["T1", "T2"]),
                     ], [team("T1", capacity=1), team("T2", lat=52.1, capacity=1),
                         team("T9", capacity=0)],
                    [sup("S1", "T1"), sup("S2", "T2")])
    assert held_by(inst, "R2", "T1") == [
        "R1 (the plan needs them there: moving them would place fewer trainees or raise the "
        "total preference cost)"]


def test_stability_uses_the_solvers_team_side_priority():
    inst = instance([trainee("R1", year=1), trainee("R2", year=3)],
                    [team("T1", capacity=1)], [sup("S1", "T1")])
    assert blocking_pairs(inst, plan_of(inst)) == []
    wrong = [Placed("R1", "T1", "S1")]  # the earlier year holds the place
    [pair] = blocking_pairs(inst, wrong)
    assert (pair.trainee_id, pair.displaces) == ("R2", "R1")


def test_only_the_trainees_asked_about_are_explained():
    inst = instance([trainee(f"R{i}") for i in range(5)], [team("T1", capacity=1)],
                    [sup("S1", "T1")])
    out = explain(inst, plan_of(inst), only={"R2", "R3"})
    assert [e.trainee_id for e in out] == ["R2", "R3"]
