"""The investment planner: optimal against brute force, nothing funded without money, only
levers an area can buy, and on the sample region its saved scenario reproduces what it
reported."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.cli import cli
from tests.pipeline.builders import START, bundled, stocks
from workforce.pipeline.invest import invest
from workforce.pipeline.project import Prices, funding, project
from workforce.pipeline.scenario import Scenario


@pytest.fixture(scope="module")
def small(ref):
    """A lead at 8b, level-3 staff at 8a who could fill a new 8b post, and level-2 staff
    who need supervision to reach level 3."""
    rates = bundled(ref)
    start = stocks(ref, rates, {("8b", 3): 1.0, ("8b", 2): 0.5, ("8a", 3): 1.0,
                                ("8a", 2): 1.0, ("7", 1): 2.0}, need=3.0)
    return rates, start


def test_the_plan_is_optimal_against_every_scenario_within_budget(ref, small):
    rates, start = small
    prices = Prices.of(ref, rates, start.costing)
    budget = 0.35 * prices.post["8b"] + 2 * prices.supervisor_hour
    years = (START + 1, START + 2)
    best: tuple[float, float] | None = None
    for tenths in itertools.product(range(5), repeat=2):
        for hours in itertools.product(range(3), repeat=2):
            plan = Scenario(posts={y: {"8b": n / 10} for y, n in zip(years, tenths,
                                                                     strict=True) if n},
                            supervisor_hours={y: float(h) for y, h in zip(years, hours,
                                                                          strict=True) if h})
            spend = [funding(prices, rates, plan, y) for y in years]
            if max(spend) > budget:
                continue
            result = project(ref, rates, start, plan, 2, draws=0)
            key = (result.cumulative_level_3_shortfall, round(sum(spend)))
            best = key if best is None or key < best else best
    chosen = invest(ref, rates, start, budget, years=2, draws=0,
                    levers=("posts", "supervisor_hours"), post_bands=["8b"])
    assert best is not None and best[0] < project(ref, rates, start, Scenario(), 2,
                                                  draws=0).cumulative_level_3_shortfall
    assert chosen.projection.cumulative_level_3_shortfall == best[0]
    assert sum(chosen.cost_by_year.values()) == pytest.approx(best[1], abs=1)
    assert chosen.model_shortfall == pytest.approx(best[0], abs=0.005)


def test_a_zero_budget_funds_nothing(ref, small):
    rates, start = small
    chosen = invest(ref, rates, start, 0.0, years=3, draws=0)
    assert not any(chosen.scenario.to_dict().values())
    assert set(chosen.cost_by_year.values()) == {0}
    assert chosen.projection.to_dict() == project(ref, rates, start, Scenario(), 3,
                                                  draws=0).to_dict()


def test_a_hosted_placement_costs_the_supervisor_time_for_its_length_only(ref, small):
    """Six months of clinical psychology placement: formal supervision plus the other
    contact, for half a year; no doctorate place is for sale."""
    rates, start = small
    prices = Prices.of(ref, rates, start.costing)
    programme = rates.programmes["clinical_psychology"]
    hours = programme.supervision_hours + rates.levers.placement_other_contact_hours
    assert prices.placement["clinical_psychology"] == pytest.approx(
        hours * prices.supervisor_hour * programme.placement_months / 12)
    hosted = Scenario(placements={START + 1: {"clinical_psychology": 1}})
    assert [funding(prices, rates, hosted, y) for y in (START + 1, START + 2)] == [
        pytest.approx(prices.placement["clinical_psychology"]), 0]
    assert "clinical_psychology" not in prices.trainee_post


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
    projected.pop("sensitivity")
    assert projected == {k: v for k, v in invested.items() if k not in ("scenario", "cost")}
    assert any(invested["scenario"].values())
    shortfall = invested["cumulative_level_3_shortfall"]
    assert shortfall == projected["cumulative_level_3_shortfall"]
    assert shortfall < baseline["cumulative_level_3_shortfall"]
    assert max(invested["cost"]["by_year"].values()) <= 150000


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.dictionaries(st.tuples(st.sampled_from(("7", "8a", "8b", "8c")),
                                       st.integers(1, 3)),
                             st.floats(0.2, 3.0), min_size=1, max_size=6),
       vacant=st.dictionaries(st.sampled_from(("7", "8a", "8b")), st.floats(0.0, 1.5),
                              max_size=2),
       budget=st.sampled_from((20_000.0, 60_000.0, 150_000.0)))
def test_the_model_objective_is_the_projected_shortfall_of_its_plan(ref, small, cells, vacant,
                                                                   budget):
    rates, _ = small
    start = stocks(ref, rates, {**cells, ("8a", 3): 1.0}, need=6.0, vacant=vacant)
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
    assert any(chosen.scenario.to_dict().values())
    assert chosen.model_shortfall == pytest.approx(
        chosen.projection.cumulative_level_3_shortfall, abs=0.006)
