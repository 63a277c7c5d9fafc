"""The benchmark generators still produce instances the product handles (small sizes)."""

from __future__ import annotations

import datetime as dt

from benchmarks.bench_competencies import generate, summarise
from benchmarks.national_instance import national
from workforce.competencies.gaps import gap_report
from workforce.placements.solve import solve
from workforce.placements.validate import violations
from workforce.store.db import get_engine


def test_workforce_generator_loads_and_reports(tmp_path, ref):
    path = tmp_path / "national.sqlite"
    generate(path, staff=300, teams=12)
    summarise(path)
    report = gap_report(get_engine(f"sqlite:///{path}"), ref, today=dt.date(2026, 11, 23))
    assert len(report.teams) == 12 and sum(t.staff for t in report.teams) == 300


def test_national_instance_generator_solves_validly():
    instance = national(trainees=300, teams=60, supervisors=180)
    result = solve(instance)
    assert result.placed == result.upper_bound > 0
    assert violations(instance, [(a.trainee_id, a.team_id, a.supervisor_id)
                                 for a in result.assignments]) == []


def test_the_bid_benchmark_makes_one_team_areas_of_two_or_three_staff(tmp_path, ref):
    path = tmp_path / "small.sqlite"
    generate(path, staff=10, teams=4, areas=4)
    report = gap_report(get_engine(f"sqlite:///{path}"), ref, today=dt.date(2026, 11, 23))
    assert len(report.areas) == 4 and all(a.teams == 1 for a in report.areas)
    assert sorted(a.headcount["staff"] for a in report.areas) == [2, 2, 3, 3]
