"""Which assumption matters: the level-3 shortfall in the projection's last year with each
rate at its low and at its high value, every other rate central (one at a time, the
tornado a reader scans to see where a better figure would change the answer most)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from workforce.pipeline.project import project
from workforce.pipeline.rates import PipelineRates, Rate
from workforce.pipeline.scenario import Scenario
from workforce.pipeline.stocks import Stocks
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class Swing:
    rate: str
    low_value: float
    high_value: float
    shortfall_at_low: float  # level-3 FTE short of the need in the last year, rate at low
    shortfall_at_high: float
    assumed: bool

    @property
    def swing(self) -> float:
        return round(abs(self.shortfall_at_high - self.shortfall_at_low), 2)

    def to_dict(self) -> dict:
        return {"rate": self.rate, "low": self.low_value, "high": self.high_value,
                "shortfall_at_low": self.shortfall_at_low,
                "shortfall_at_high": self.shortfall_at_high, "swing": self.swing,
                "assumption": self.assumed}


@dataclass(frozen=True)
class Sensitivity:
    year: int
    central: float  # the last year's shortfall with every rate central
    swings: list[Swing]  # largest swing first

    def to_dict(self) -> dict:
        return {"year": self.year, "shortfall_central": self.central,
                "rates": [s.to_dict() for s in self.swings]}


def sensitivity(ref: ReferenceData, rates: PipelineRates, stocks: Stocks, scenario: Scenario,
                years: int) -> Sensitivity:
    """Every rate whose low and high differ, at each end, the others central."""

    def shortfall(changed: PipelineRates) -> tuple[int, float]:
        last = project(ref, changed, stocks, scenario, years, draws=0,
                       check_places=False).years[-1]
        return last.year, round(max(0.0, last.level_3_fte_needed - last.level_3_fte), 2)

    year, central = shortfall(rates)
    swings = []
    for name, rate in rates.rates.items():
        if rate.low == rate.high:
            continue
        ends = [shortfall(_fixed(rates, rate, value))[1] for value in (rate.low, rate.high)]
        swings.append(Swing(name, rate.low, rate.high, *ends, rate.assumed))
    swings.sort(key=lambda s: (-s.swing, s.rate))
    return Sensitivity(year, central, swings)


def _fixed(rates: PipelineRates, rate: Rate, value: float) -> PipelineRates:
    """The rates with `rate` at `value` as its central figure."""
    changed = dict(rates.rates)
    changed[rate.name] = dataclasses.replace(rate, low=value, central=value, high=value)
    return dataclasses.replace(rates, rates=changed)
