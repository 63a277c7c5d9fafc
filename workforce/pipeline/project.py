"""The projection: a pure function from stocks, rates and a scenario to a year-by-year
result, with a seeded Monte Carlo range over the rates, vectorised over draws.

Draw 0 uses every rate's central value (the central path, the one the investment planner
optimises); the other draws take each rate from a triangular distribution between its
low and high values, peaked at the central one, from one seeded numpy Generator. The
range is the 10th-90th percentile of the draws, widened where needed to contain the
central path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from workforce.economics.cost import Costing, annual_cost
from workforce.errors import UserError
from workforce.pipeline.flows import (
    Draws,
    Layout,
    YearLevers,
    placement_places,
    recruit_mix,
    senior_level_3,
    year,
)
from workforce.pipeline.rates import PipelineRates
from workforce.pipeline.scenario import Scenario
from workforce.pipeline.stocks import Stocks
from workforce.reference import ReferenceData

PERCENTILES = (10, 90)
#: Level-3 FTE this close to the need counts as meeting it (float noise, not a figure).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Prices:
    """What each lever costs, as the bid report costs a post (by default Agenda for Change
    midpoint pay, the area's high cost area supplement and on-costs)."""

    placement: dict[str, float]  # hosting one placement: supervisor time for its length
    trainee_post: dict[str, float]  # a recruit-to-train post, for each year of training
    supervisor_hour: float  # one bought hour a week, for a year
    training: dict[int, float]  # backfilled training of one FTE, by level
    post: dict[str, float]  # one FTE, for a year

    @classmethod
    def of(cls, ref: ReferenceData, rates: PipelineRates, costing: Costing) -> Prices:
        levers = rates.levers
        hour = annual_cost(ref, levers.supervisor_band, 1 / levers.hours_per_fte_week, costing)
        placement = {name: (p.supervision_hours + levers.placement_other_contact_hours)
                     * hour * p.placement_months / 12
                     for name, p in rates.programmes.items() if p.kind == "placement"}
        trainee_post = {name: annual_cost(ref, p.salaried_band, 1.0, costing)
                        + p.supervision_hours * hour
                        for name, p in rates.programmes.items()
                        if p.kind == "recruit_to_train"}
        t = levers.training
        backfill = annual_cost(ref, t.backfill_band, 1.0, costing) / t.working_days
        training = {level: t.fee[level] + t.days[level] * backfill for level in t.fee}
        posts = {b.band: annual_cost(ref, b.band, 1.0, costing) for b in ref.bands.bands
                 if b.costed}
        return cls(placement, trainee_post, hour, training, posts)


def in_training(rates: PipelineRates, trainees: Mapping[int, Mapping[str, Any]],
                when: int, kind: str) -> dict[str, Any]:
    """Funded trainees of `kind` the area has in year `when`, by programme: hosted
    placements that year; recruit-to-train trainees of every cohort still training."""
    out = {}
    for name in rates.of_kind(kind):
        span = 1 if kind == "placement" else rates.programmes[name].years
        out[name] = sum((trainees.get(start, {}).get(name, 0)
                         for start in range(when - span + 1, when + 1)), 0)
    return out


def funding(prices: Prices, rates: PipelineRates, scenario: Any, when: int) -> Any:
    """What a scenario spends in year `when`: the placements it hosts, its recruit-to-train
    trainees still training, the year's supervision hours and training, and every post
    funded so far. Linear in the scenario (its parts may hold the optimiser's variables),
    so the optimiser's budget uses this same definition."""
    spend = prices.supervisor_hour * scenario.supervisor_hours.get(when, 0)
    for level, fte in scenario.training.get(when, {}).items():
        spend = spend + prices.training[level] * fte
    for kind, price in (("placement", prices.placement),
                        ("recruit_to_train", prices.trainee_post)):
        part = scenario.placements if kind == "placement" else scenario.recruit_to_train
        for name, trainees in in_training(rates, part, when, kind).items():
            spend = spend + price[name] * trainees
    for start, funded in scenario.posts.items():
        if start <= when:
            for band, fte in funded.items():
                spend = spend + prices.post[band] * fte
    return spend


@dataclass(frozen=True)
class YearResult:
    year: int
    level_3_fte: float
    level_3_fte_low: float
    level_3_fte_high: float
    level_3_fte_needed: float
    fte_by_band: dict[str, float]  # in post, on the central path
    funded_fte_by_band: dict[str, float]  # the establishment: today's posts and new ones
    cost: float

    def to_dict(self) -> dict:
        return {"year": self.year, "level_3_fte": self.level_3_fte,
                "level_3_fte_low": self.level_3_fte_low,
                "level_3_fte_high": self.level_3_fte_high,
                "level_3_fte_needed": self.level_3_fte_needed,
                "fte_by_band": self.fte_by_band,
                "funded_fte_by_band": self.funded_fte_by_band, "cost": self.cost}


@dataclass(frozen=True)
class Projection:
    area_id: str
    years: list[YearResult]
    gap_closes: dict[str, int | None]  # central, low (earliest), high (latest)
    cumulative_level_3_shortfall: float  # FTE-years, on the central path
    draws: int
    seed: int

    def gap_closes_text(self) -> str:
        """When the level-3 gap closes, with its range, to follow "the gap closes": "in 2034
        (range 2033 to 2036)", "after 2036 (range 2035 to after 2036)", or without the
        range when it is that one year."""
        last = self.years[-1].year

        def when(year: int | None) -> str:
            return str(year) if year else f"after {last}"

        closes = self.gap_closes
        central = f"in {closes['central']}" if closes["central"] else f"after {last}"
        if closes["low"] == closes["high"] == closes["central"]:
            return central
        return f"{central} (range {when(closes['low'])} to {when(closes['high'])})"

    def to_dict(self) -> dict:
        return {"area_id": self.area_id, "years": [y.to_dict() for y in self.years],
                "gap_closes": self.gap_closes,
                "cumulative_level_3_shortfall": self.cumulative_level_3_shortfall}


def draw_rates(rates: PipelineRates, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Each rate for draw 0 (central) and `draws` triangular draws, shape (draws+1,)."""
    rng = np.random.default_rng(seed)
    u = rng.random((draws, len(rates.rates)))
    out = {}
    for i, (name, rate) in enumerate(rates.rates.items()):
        low, mode, high = rate.low, rate.central, rate.high
        if high > low:
            cut = (mode - low) / (high - low)
            ui = u[:, i]
            values = np.where(ui < cut, low + np.sqrt(ui * (high - low) * (mode - low)),
                              high - np.sqrt((1 - ui) * (high - low) * (high - mode)))
        else:
            values = np.full(draws, low)
        out[name] = np.concatenate(([mode], values))
    return out


def baseline_qualifiers(stocks: Stocks) -> dict[str, float]:
    """Today's trainees in their final year: the area hosts as many again every year, so
    as many qualify every year."""
    return {name: counts[-1] for name, counts in stocks.trainees.items()}


def project(ref: ReferenceData, rates: PipelineRates, stocks: Stocks, scenario: Scenario,
            years: int = 10, draws: int = 1000, seed: int = 0,
            check_places: bool = True) -> Projection:
    """Project `stocks` `years` years on under `scenario`; refused, with `check_places`,
    if it funds more trainees than the area can host and supervise."""
    layout = Layout.of(ref)
    r = draw_rates(rates, draws, seed)
    mix = recruit_mix(rates, r, layout)
    stock = np.broadcast_to(stocks.staff, (draws + 1, *stocks.staff.shape)).copy()
    establishment = stocks.establishment.astype(float)
    cohorts: dict[str, list[Any]] = {name: [0.0] * p.years
                                     for name, p in rates.programmes.items()}
    baseline = baseline_qualifiers(stocks)
    calendar = range(stocks.start_year + 1, stocks.start_year + years + 1)
    prices = Prices.of(ref, rates, stocks.costing)
    need = stocks.need.level_3_fte
    level_3 = np.empty((years, draws + 1))
    out: list[dict[str, Any]] = []
    for t, when in enumerate(calendar):
        establishment = establishment.copy()
        for band, fte in scenario.new_posts(when).items():
            establishment[layout.bands.index(band)] += fte
        if check_places:
            _check_places(rates, layout, stock[0], stocks, scenario, when)
        levers = YearLevers(scenario.intake(when), scenario.hours(when),
                            scenario.trained(when))
        stock, cohorts = year(Draws(), layout, rates, stock, establishment, cohorts, r,
                              levers, baseline, mix)
        level_3[t] = senior_level_3(stock, layout)
        by_band = stock[0].sum(axis=-1)
        # Staff on pay with no range (band 1, closed; voluntary-sector pay) are left out of
        # the pay bill.
        paybill = sum(annual_cost(ref, band, fte, stocks.costing)
                      for band, fte in zip(layout.bands, by_band, strict=True)
                      if fte > 0 and ref.bands.by_name[band].costed)
        shown = [band for band, fte, funded in zip(layout.bands, by_band, establishment,
                                                   strict=True)
                 if fte > 0.005 or funded > 0.005 or band in stocks.need.fte_by_band]
        out.append({"year": when,
                    "fte_by_band": {b: round(float(by_band[layout.bands.index(b)]), 2)
                                    for b in shown},
                    "funded_fte_by_band": {b: round(float(establishment[layout.bands.index(b)]),
                                                    2) for b in shown},
                    "cost": round(paybill + float(funding(prices, rates, scenario, when)))})
    central = level_3[:, 0]
    low, high = (np.percentile(level_3[:, 1:], PERCENTILES, axis=1) if draws
                 else (central, central))
    low, high = np.minimum(low, central), np.maximum(high, central)
    results = [YearResult(o["year"], round(float(c), 2), round(float(lo), 2),
                          round(float(hi), 2), round(need, 2), o["fte_by_band"],
                          o["funded_fte_by_band"], o["cost"])
               for o, c, lo, hi in zip(out, central, low, high, strict=True)]
    return Projection(stocks.area_id, results, _gap_closes(level_3, need, list(calendar)),
                      round(float(np.maximum(0.0, need - central).sum()), 2), draws, seed)


def on_placement_today(stocks: Stocks) -> float:
    """Today's trainees on placement in the area: hosted again every year."""
    return float(sum(sum(counts) for counts in stocks.trainees.values()))


def _check_places(rates: PipelineRates, layout: Layout, stock: np.ndarray, stocks: Stocks,
                  scenario: Scenario, when: int) -> None:
    """A scenario may fund only the trainees the area's teams can host and its level-3
    staff supervise (on the central path), beyond today's trainees."""
    funded = sum(sum(in_training(rates, part, when, kind).values())
                 for kind, part in (("placement", scenario.placements),
                                    ("recruit_to_train", scenario.recruit_to_train)))
    places = min(float(placement_places(rates, stock, layout)), stocks.team_places)
    free = max(0.0, places - on_placement_today(stocks))
    if funded > free + TOLERANCE:
        raise UserError(f"the scenario has {funded} funded trainees in {when}, but the "
                        f"area's teams can host and its level-3 staff supervise only "
                        f"{free:.1f} more")


def _gap_closes(level_3: np.ndarray, need: float, calendar: list[int]) -> dict:
    """The first year level-3 FTE meets the need: on the central path, and the 10th and
    90th percentile over the draws (None: not within the projection)."""
    met = level_3 >= need - TOLERANCE
    first = np.where(met.any(axis=0), met.argmax(axis=0), len(calendar)).astype(float)
    central = first[0]
    if level_3.shape[1] > 1:
        earliest = np.percentile(first[1:], PERCENTILES[0], method="lower")
        latest = np.percentile(first[1:], PERCENTILES[1], method="higher")
    else:
        earliest = latest = central
    earliest, latest = min(earliest, central), max(latest, central)

    def year_of(index: float) -> int | None:
        return calendar[int(index)] if index < len(calendar) else None

    return {"central": year_of(central), "low": year_of(earliest), "high": year_of(latest)}
