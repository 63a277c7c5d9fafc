"""An area's level-3 outlook for the bid report: the projection at today's rates and, when a
bid's scenario is given, the projection with it funded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from workforce.economics.need import Population
from workforce.pipeline.project import Projection, project
from workforce.pipeline.rates import load_pipeline_rates
from workforce.pipeline.scenario import Scenario, load_scenario
from workforce.pipeline.sensitivity import Sensitivity, sensitivity
from workforce.pipeline.stocks import read_stocks
from workforce.reference import ReferenceData

#: What the bid report projects: ten years, 1,000 draws, seed 0 (as `pipeline project`).
YEARS, DRAWS, SEED = 10, 1000, 0


@dataclass(frozen=True)
class Outlook:
    today: Projection  # at today's rates, nothing extra funded
    with_bid: Projection | None  # with the bid's scenario funded
    swings: Sensitivity | None = None  # which rate moves the last year's shortfall most


def outlook(engine: Engine, ref: ReferenceData, area_id: str, plan: str | None = None,
            scenario: Path | None = None, population: Population | None = None,
            today: dt.date | None = None) -> Outlook:
    """The area's outlook; `population` replaces the area's own (the bid's overrides)."""
    rates = load_pipeline_rates(ref)
    stocks = read_stocks(engine, ref, rates, area_id, plan, today, population)
    calendar = range(stocks.start_year + 1, stocks.start_year + YEARS + 1)
    base = project(ref, rates, stocks, Scenario(), YEARS, DRAWS, SEED)
    funded = (project(ref, rates, stocks, load_scenario(scenario, ref, rates, calendar),
                      YEARS, DRAWS, SEED) if scenario is not None else None)
    return Outlook(base, funded, sensitivity(ref, rates, stocks, Scenario(), YEARS))
