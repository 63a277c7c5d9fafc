"""The investment planner: optimal against brute force, nothing funded without money, and
on the sample region its saved scenario reproduces what it reported."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.cli import cli
from tests.pipeline.builders import START, bundled, stocks
from workforce.errors import UserError
from workforce.pipeline.invest import invest
from workforce.pipeline.project import Prices, project
from workforce.pipeline.scenario import Scenario

PROGRAMMES = ("cyp_iapt_0_5", "infant_early_years")


@pytest.fixture(scope="module")
def small(ref):
    """Two one-year programmes whose qualifiers join at band 8b, so a placement funded in
    the first year can reach level 3 in a senior post by the second."""
    rates = bundled(ref)
    programmes = dict(rates.programmes)
    for name in PROGRAMMES:
        programmes[name] = dataclasses.replace(programmes[name], band="8b")
    rates = dataclasses.replace(rates, programmes=programmes)
    start = stocks(ref, rates, {("psychology_psychotherapy", "8b", 3): 1.0,
                                ("psychology_psychotherapy", "8b", 2): 0.5,
                                ("other_clinical", "7", 1): 2.0}, need=3.0)
    return rates, start


def test_the_plan_is_optimal_against_every_scenario_within_budget(ref, small):
    rates, start = small
    prices = Prices.of(ref, rates, start.costing)
    budget = 2.5 * prices.placement["cyp_iapt_0_5"]
    years = (START + 1, START + 2)
    best: tuple[float, float] | None = None
    for counts in itertools.product(range(4), repeat=4):
        placements = {y: {p: n for p, n in zip(PROGRAMMES, counts[2 * i:2 * i + 2],
                                                strict=True) if n}
                      for i, y in enumerate(years)}
        spend = [sum(prices.placement[p] * n for p, n in placements[y].items()) for y in years]
        if max(spend) > budget:
            continue
        try:
            result = project(ref, rates, start, Scenario(placements=placements), 2, draws=0)
        except UserError:  # more trainees than the level-3 staff can supervise
            continue
        key = (result.cumulative_level_3_shortfall, round(sum(spend)))
        best = key if best is None or key < best else best
    chosen = invest(ref, rates, start, budget, years=2, draws=0, programmes=PROGRAMMES,
                    supervisor_hours=False, post_bands=[])
    assert best is not None and best[0] < project(ref, rates, start, Scenario(), 2,
                                                  draws=0).cumulative_level_3_shortfall
    assert chosen.projection.cumulative_level_3_shortfall == best[0]
    assert round(sum(chosen.cost_by_year.values())) == best[1]
    assert chosen.model_shortfall == pytest.approx(best[0], abs=0.005)


def test_a_zero_budget_funds_nothing(ref, small):
    rates, start = small
    chosen = invest(ref, rates, start, 0.0, years=3, draws=0)
    assert chosen.scenario.to_dict() == {"placements": {}, "supervisor_hours": {}, "posts": {}}
    assert set(chosen.cost_by_year.values()) == {0}
    assert chosen.projection.to_dict() == project(ref, rates, start, Scenario(), 3,
                                                  draws=0).to_dict()


def test_the_saved_scenario_reproduces_the_sample_shortfall_over_ten_years(runner, sample_copy,
                                                                           tmp_path):
    saved = tmp_path / "bid.yaml"
    common = ["--area", "A1", "--years", "10", "--draws", "50", "--format", "json"]
    chosen = runner.invoke(cli, ["--db", sample_copy, "pipeline", "invest", *common,
                                 "--budget", "150000", "--save-scenario", str(saved)])
    assert chosen.exit_code == 0, chosen.output
    invested = json.loads(chosen.output)
    replayed = runner.invoke(cli, ["--db", sample_copy, "pipeline", "project", *common,
                                   "--scenario", str(saved)])
    nothing = runner.invoke(cli, ["--db", sample_copy, "pipeline", "project", *common])
    assert replayed.exit_code == nothing.exit_code == 0, replayed.output + nothing.output
    projected, baseline = json.loads(replayed.output), json.loads(nothing.output)
    assert projected == {k: v for k, v in invested.items() if k not in ("scenario", "cost")}
    assert invested["scenario"]["placements"] or invested["scenario"]["posts"]
    shortfall = invested["cumulative_level_3_shortfall"]
    assert shortfall == projected["cumulative_level_3_shortfall"]
    assert shortfall < baseline["cumulative_level_3_shortfall"]
    assert max(invested["cost"]["by_year"].values()) <= 150000


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.dictionaries(st.tuples(st.sampled_from(("psychology_psychotherapy",
                                                        "other_clinical")),
                                       st.sampled_from(("7", "8a", "8b", "8c")),
                                       st.integers(1, 3)),
                             st.floats(0.2, 3.0), min_size=1, max_size=6),
       budget=st.sampled_from((20_000.0, 60_000.0, 150_000.0)))
def test_the_model_objective_is_the_projected_shortfall_of_its_plan(ref, small, cells, budget):
    rates, _ = small
    start = stocks(ref, rates, {**cells, ("psychology_psychotherapy", "8a", 3): 1.0}, need=6.0)
    chosen = invest(ref, rates, start, budget, years=4, draws=0)
    assert chosen.model_shortfall == pytest.approx(
        chosen.projection.cumulative_level_3_shortfall, abs=0.006)
    assert max(chosen.cost_by_year.values()) <= budget


def test_on_the_sample_the_model_agrees_with_the_projection(ref, sample_engine):
    import datetime as dt

    from workforce.pipeline.stocks import read_stocks

    rates = bundled(ref)
    start = read_stocks(sample_engine, ref, rates, "A3", today=dt.date(2026, 11, 23))
    chosen = invest(ref, rates, start, 120_000, years=10, draws=0)
    assert chosen.scenario.to_dict() != Scenario().to_dict()
    assert chosen.model_shortfall == pytest.approx(
        chosen.projection.cumulative_level_3_shortfall, abs=0.006)
