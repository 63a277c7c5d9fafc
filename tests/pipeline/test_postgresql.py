"""The same projection from a real PostgreSQL as from SQLite."""

from __future__ import annotations

import datetime as dt

from workforce.io.sample import load_sample
from workforce.pipeline.project import project
from workforce.pipeline.rates import load_pipeline_rates
from workforce.pipeline.scenario import Scenario
from workforce.pipeline.stocks import read_stocks
from workforce.placements.planning import plan_cycle
from workforce.placements.store import save_plan
from workforce.store.db import get_engine, migrate

TODAY = dt.date(2026, 11, 23)


def test_postgresql_gives_the_same_projection_as_sqlite(postgres_url, sample_copy, ref):
    rates = load_pipeline_rates(ref)
    sqlite, pg = get_engine(sample_copy), get_engine(postgres_url)
    migrate(pg)
    load_sample(pg, ref)
    results = []
    for engine in (sqlite, pg):
        _, plan = plan_cycle(engine, ref, "2026-27")
        save_plan(engine, "same", "2026-27", plan)
        stocks = read_stocks(engine, ref, rates, "A2", plan="same", today=TODAY)
        results.append((stocks.team_places, stocks.trainees,
                        project(ref, rates, stocks, Scenario(), 5, 100, 2).to_dict()))
    assert results[0] == results[1] and sum(map(sum, results[0][1].values())) > 0
