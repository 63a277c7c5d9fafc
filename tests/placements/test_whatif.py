"""What-if places: N more places for one programme in a team, and nothing else."""

from __future__ import annotations

import datetime as dt

from tests.placements.builders import instance, sup, team, trainee
from workforce.placements.instance import SideRules
from workforce.placements.planning import ExtraCapacity, with_extra_capacity
from workforce.placements.solve import solve
from workforce.placements.validate import violations


def full_team():
    """T1 is full (one place, held by R0); R1 (clinical psychology) and R2 (music
    therapy) want it, and S1 could supervise either programme were there room."""
    return instance([trainee("R0", year=3, prefs=["T1"]),
                     trainee("R1", prefs=["T1"], travel=5),
                     trainee("R2", programme="music_therapy", prefs=["T1"], travel=5)],
                    [team("T1", capacity=1)],
                    [sup("S1", "T1", capacity=3), sup("S2", "T1", profession="music_therapist",
                                                     capacity=1)])


def placed(result) -> dict[str, str]:
    return {a.trainee_id: a.supervisor_id for a in result.assignments}


def test_an_added_place_takes_only_its_programme():
    base = full_team()
    assert placed(solve(base)) == {"R0": "S1"}
    music = with_extra_capacity(base, [ExtraCapacity("T1", "music_therapy", 1)])
    result = solve(music)
    assert placed(result) == {"R0": "S1", "R2": "new:T1:music_therapy"}
    psychology = with_extra_capacity(base, [ExtraCapacity("T1", "clinical_psychology", 1)])
    added = [t for t, s in placed(solve(psychology)).items() if s.startswith("new:")]
    assert added in (["R0"], ["R1"])  # clinical psychology trainees only


def test_an_added_place_brings_its_room_even_where_the_team_takes_no_one():
    base = full_team()
    closed = base.with_changes(teams=(team("T1", capacity=0),))
    result = solve(with_extra_capacity(closed, [ExtraCapacity("T1", "music_therapy", 2)]))
    assert placed(result) == {"R2": "new:T1:music_therapy"}


def test_added_places_hold_with_side_rules_and_with_dates():
    base = with_extra_capacity(full_team(), [ExtraCapacity("T1", "music_therapy", 1)])
    apart = solve(base.with_changes(side=SideRules(apart=(("R0", "R2"),))), time_limit=10)
    assert placed(apart) == {"R1": "S1", "R2": "new:T1:music_therapy"}  # R0 kept from R2
    assert violations(base, [(a.trainee_id, a.team_id, a.supervisor_id)
                             for a in apart.assignments]) == []
    # R1 follows R0 in the team's one place; R2, there all year, needs the added place.
    later = (base.applicants[0], trainee("R1", prefs=["T1"], travel=5,
                                         starts=dt.date(2027, 3, 1)), base.applicants[2])
    dated = solve(base.with_changes(applicants=later), time_limit=10)
    assert dated.solver == "cp_sat" and placed(dated) == {
        "R0": "S1", "R1": "S1", "R2": "new:T1:music_therapy"}


def test_the_validator_refuses_another_programme_in_an_added_place():
    inst = with_extra_capacity(full_team(), [ExtraCapacity("T1", "music_therapy", 1)])
    assert "R1: new:T1:music_therapy is a what-if place for music_therapy only" in violations(
        inst, [("R0", "T1", "S1"), ("R1", "T1", "new:T1:music_therapy")])
    assert violations(inst, [("R0", "T1", "S1"), ("R2", "T1", "new:T1:music_therapy")]) == []
