"""The progress line says what its numbers are."""

from __future__ import annotations

from commands.render import progress_text
from tests.placements.builders import instance, sup, team, trainee
from workforce.placements.instance import SideRules
from workforce.placements.solve import solve


def test_progress_names_the_stage_and_its_numbers():
    assert progress_text("placed", 7, 9) == "placed so far 7, at most 9"
    assert progress_text("preference_cost", 40, 38) == "preference cost so far 40, at least 38"


def test_the_solver_reports_each_stage_by_name():
    seen = []
    inst = instance([trainee("R1", prefs=["T1"]), trainee("R2", prefs=["T1"])],
                    [team("T1"), team("T2", lat=52.1)],
                    [sup("S1", "T1", capacity=2), sup("S2", "T2")],
                    side=SideRules(apart=(("R1", "R2"),)))
    solve(inst, on_progress=lambda *args: seen.append(args))
    assert seen and {stage for stage, *_ in seen} <= {"placed", "preference_cost",
                                                       "teams_not_short", "team_priority"}
    plain = instance([trainee("R1")], [team("T1")], [sup("S1", "T1")])
    seen.clear()
    solve(plain, on_progress=lambda *args: seen.append(args))
    assert seen[0][:3] == ("placed", 1.0, 1.0)
