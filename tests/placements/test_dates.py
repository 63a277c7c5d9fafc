"""Placement dates: places hold at every date, so trainees in sequence share a supervisor
and overlapping ones cannot; CP-SAT solves exactly where placements miss each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.placements.builders import instance, sup, team, trainee
from tests.placements.test_solve import brute_force_optimum, holds_side_rules, instances
from workforce.errors import CannotDo
from workforce.placements.instance import SideRules
from workforce.placements.solve import solve
from workforce.placements.validate import violations

MARCH = dt.date(2027, 3, 1)  # six months into a cycle that starts on 1 September 2026


def one_place(*trainees):
    """One team and one supervisor, each with a single place."""
    return instance(list(trainees), [team("T1", capacity=1)], [sup("S1", "T1", capacity=1)])


def plan_of(result):
    return [(a.trainee_id, a.team_id, a.supervisor_id) for a in result.assignments]


def test_clinical_psychology_placements_default_to_six_months_from_the_cycle_start():
    inst = one_place(trainee("R1"), trainee("R2", programme="child_psychotherapy"))
    assert inst.dates == {"R1": (dt.date(2026, 9, 1), MARCH),
                          "R2": (dt.date(2026, 9, 1), dt.date(2027, 9, 1))}


def test_two_six_month_trainees_share_one_supervisor_in_sequence():
    inst = one_place(trainee("R1"), trainee("R2", starts=MARCH))
    result = solve(inst)
    assert plan_of(result) == [("R1", "T1", "S1"), ("R2", "T1", "S1")]
    assert result.solver == "cp_sat" and result.status == "optimal"
    assert result.upper_bound == 2
    assert violations(inst, plan_of(result)) == []


def test_two_overlapping_trainees_cannot_share_one_supervisor():
    # R2's placement starts on R1's last day; R3 follows R1 but overlaps R2.
    inst = one_place(trainee("R1"), trainee("R2", starts=dt.date(2027, 2, 28)),
                     trainee("R3", starts=dt.date(2027, 6, 1), ends=dt.date(2027, 8, 31)))
    result = solve(inst)
    assert result.solver == "cp_sat" and result.status == "optimal"
    assert plan_of(result) == [("R1", "T1", "S1"), ("R3", "T1", "S1")]
    assert result.upper_bound == 2
    assert violations(inst, [("R1", "T1", "S1"), ("R2", "T1", "S1")]) == [
        "T1 takes 1 trainees, plan has 2 on 2027-02-28",
        "S1 supervises 1, plan has 2 on 2027-02-28"]


def test_a_trainee_with_only_an_end_date_starts_the_programme_length_before():
    inst = one_place(trainee("R1", ends=dt.date(2027, 2, 28)), trainee("R2", starts=MARCH))
    assert inst.dates["R1"] == (dt.date(2026, 9, 1), MARCH)
    assert solve(inst).placed == 2


def test_hours_hold_at_every_date():
    # Two hours a week: R1 and R2 at once, then R3 once R1 has finished.
    inst = instance([trainee("R1"), trainee("R2", ends=dt.date(2027, 8, 31)),
                     trainee("R3", starts=MARCH)],
                    [team("T1", capacity=3)], [sup("S1", "T1", capacity=3, hours=2)])
    result = solve(inst)
    assert result.placed == 3 and violations(inst, plan_of(result)) == []
    assert violations(inst, [("R1", "T1", "S1"), ("R2", "T1", "S1"),
                             ("R3", "T1", "S1")]) == []
    crowded = inst.with_changes(applicants=inst.applicants[1:] + (
        trainee("R4", starts=dt.date(2026, 12, 1)),))
    assert violations(crowded, [("R2", "T1", "S1"), ("R3", "T1", "S1"),
                                ("R4", "T1", "S1")]) == [
        "S1 has 2 supervision hours a week, plan needs 3 on 2027-03-01"]


def test_the_flow_is_kept_when_every_placement_shares_a_day():
    # Six months and a year from the same start overlap: no trainee can follow another.
    inst = one_place(trainee("R1"), trainee("R2", programme="child_psychotherapy"))
    result = solve(inst)
    assert result.solver == "min_cost_flow" and result.placed == 1


def test_pinned_trainees_take_their_places_only_for_their_dates():
    inst = one_place(trainee("R1"), trainee("R2", starts=MARCH))
    inst = inst.with_changes(pins={"R1": ("T1", "S1")})
    result = solve(inst)
    assert plan_of(result) == [("R1", "T1", "S1"), ("R2", "T1", "S1")]
    assert [a.pinned for a in result.assignments] == [True, False]


def test_pins_in_sequence_share_a_place_and_overlapping_pins_are_named():
    both = {"R1": ("T1", "S1"), "R2": ("T1", "S1")}
    inst = one_place(trainee("R1"), trainee("R2", starts=MARCH)).with_changes(pins=both)
    assert [a.trainee_id for a in solve(inst).assignments] == ["R1", "R2"]
    overlapping = one_place(trainee("R1"), trainee("R2", starts=dt.date(2027, 2, 1)))
    with pytest.raises(CannotDo, match="pins R1, R2 need 2 places in T1, which takes 1"):
        solve(overlapping.with_changes(pins=both))


START_DAYS = [None, dt.date(2026, 9, 1), dt.date(2026, 12, 1), MARCH]
END_DAYS = [None, dt.date(2026, 11, 30), dt.date(2027, 2, 28), dt.date(2027, 8, 31)]


@st.composite
def dated_instances(draw):
    """Small random instances (at most four trainees, for brute force) with random
    placement dates and, sometimes, trainees kept apart."""
    inst = draw(instances())
    applicants = []
    for a in inst.applicants[:4]:
        starts, ends = draw(st.sampled_from(START_DAYS)), draw(st.sampled_from(END_DAYS))
        if starts and ends and ends <= starts:
            ends = None
        applicants.append(replace(a, starts_on=starts, ends_on=ends))
    ids = [a.trainee_id for a in applicants]
    apart = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids))
                          .filter(lambda p: p[0] != p[1]), max_size=1))
    return inst.with_changes(applicants=tuple(applicants), side=SideRules(apart=tuple(apart)))


@settings(max_examples=40, deadline=None)
@given(dated_instances())
def test_random_dated_plans_are_valid_and_the_best_possible(inst):
    result = solve(inst, time_limit=10)
    plan = plan_of(result)
    assert violations(inst, plan) == [] and holds_side_rules(inst.side, plan)
    assert result.status == "optimal"
    assert (result.placed, result.preference_cost) == brute_force_optimum(inst)
    assert result.upper_bound == result.placed


def test_explanations_and_blocking_pairs_count_only_trainees_there_at_the_same_time():
    from tests.placements.test_explain import held_by
    from workforce.placements.explain import Placed
    from workforce.placements.stability import blocking_pairs

    # One place: R1 until February, then R3, who ranked T1; R2 (also from March) did not.
    inst = one_place(trainee("R1"), trainee("R2", starts=MARCH),
                     trainee("R3", starts=MARCH, prefs=["T1"]))
    assert held_by(inst, "R2", "T1") == ["R3 (ranked it higher (1 against unlisted))"]
    assert blocking_pairs(inst, [Placed("R1", "T1", "S1"), Placed("R3", "T1", "S1")]) == []
    assert [p.trainee_id for p in blocking_pairs(inst, [Placed("R1", "T1", "S1")])] == ["R2",
                                                                                         "R3"]
