"""The pipeline benchmark's national instance still projects (at a small size)."""

from __future__ import annotations

from benchmarks.bench_pipeline import national, run
from workforce.pipeline.rates import load_pipeline_rates


def test_national_instance_projects_the_same_central_path_with_and_without_draws(ref):
    rates = load_pipeline_rates(ref)
    areas = national(ref, rates, areas=4)
    assert len({a.area_id for a in areas}) == 4 and all(a.staff.sum() > 0 for a in areas)
    (_, closed_single), (_, closed) = run(ref, rates, areas, 5, 0), run(ref, rates, areas, 5, 50)
    assert closed == closed_single
