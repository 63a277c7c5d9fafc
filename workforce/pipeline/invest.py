"""The investment planner: with a yearly budget, which of the levers an area can buy
minimise the cumulative level-3 shortfall, and then the cost.

The levers are those an area really funds: new funded posts by band (the way senior
level-3 capacity grows), bought supervision hours, backfilled AiMH level 2/3 training for
staff in post, recruit-to-train posts, and hosting placements (the supervisor's time for
the placement's length). Doctorate places are commissioned nationally: not a lever.

A multi-period mixed-integer model in OR-Tools over the central rates. Its stocks follow
`flows.year`, the projection's own definition of every flow, on arrays of linear
expressions: `least` is exact (a binary chooses which side is smaller), `fill` is "at
most either", which the objective fills because a higher AiMH level never hurts. Its budget
is `project.funding`, the projection's spend. The chosen scenario is then projected, so
the figures printed are exactly those `pipeline project --scenario` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np

from workforce.errors import CannotDo, UserError
from workforce.pipeline.flows import (
    Layout,
    YearLevers,
    placement_places,
    recruit_mix,
    senior_level_3,
    year,
)
from workforce.pipeline.project import (
    Prices,
    Projection,
    baseline_qualifiers,
    funding,
    in_training,
    on_placement_today,
    project,
)
from workforce.pipeline.rates import PipelineRates
from workforce.pipeline.scenario import Scenario
from workforce.pipeline.stocks import Stocks
from workforce.reference import ReferenceData

SOLVER = "SCIP"
#: Posts and training are funded in tenths of an FTE.
STEP = 10
#: Slack allowed on the best shortfall (and cost) when a later pass optimises the next aim.
SLACK = 1e-6
LEVERS = ("posts", "supervisor_hours", "training", "recruit_to_train", "placements")


@dataclass(frozen=True)
class Investment:
    projection: Projection
    scenario: Scenario
    cost_by_year: dict[int, float] = field(hash=False)
    budget: float = 0.0
    model_shortfall: float = 0.0  # the model's own objective: equals the projection's

    def to_dict(self) -> dict:
        return {**self.projection.to_dict(), "scenario": self.scenario.to_dict(),
                "cost": {"budget_a_year": self.budget,
                         "by_year": {str(y): c for y, c in self.cost_by_year.items()},
                         "total": round(sum(self.cost_by_year.values()))}}


class _Linear:
    """The optimiser's backend for `flows.year`: arrays of OR-Tools linear expressions."""

    def __init__(self, solver: Any, big: float):
        self.solver, self.big = solver, big
        self.count = 0

    def var(self, low: float = 0.0) -> Any:
        self.count += 1
        return self.solver.NumVar(low, self.solver.infinity(), f"v{self.count}")

    def least(self, a: Any, b: Any) -> Any:
        if all(isinstance(x, int | float | np.floating) for x in (a, b)):
            return min(a, b)
        smaller = self.var(-self.solver.infinity())
        a_is = self.solver.BoolVar(f"z{self.count}")
        self.solver.Add(smaller <= a)
        self.solver.Add(smaller <= b)
        self.solver.Add(smaller >= a - self.big * (1 - a_is))
        self.solver.Add(smaller >= b - self.big * a_is)
        return smaller

    def fill(self, stock: np.ndarray, capacity: Any) -> np.ndarray:
        if isinstance(capacity, int | float) and capacity == 0:
            return np.zeros(stock.shape)
        taken = np.empty(stock.shape, dtype=object)
        for index in np.ndindex(stock.shape):
            taken[index] = self.var()
            self.solver.Add(taken[index] <= stock[index])
        self.solver.Add(self.solver.Sum(taken.flat) <= capacity)
        return taken

    def settle(self, stock: np.ndarray) -> np.ndarray:
        settled = np.empty(stock.shape, dtype=object)
        for index in np.ndindex(stock.shape):
            settled[index] = self.var(-self.solver.infinity())
            self.solver.Add(settled[index] == stock[index])
        return settled


def invest(ref: ReferenceData, rates: PipelineRates, stocks: Stocks, budget: float,
           years: int = 10, draws: int = 1000, seed: int = 0,
           levers: Sequence[str] = LEVERS, programmes: Sequence[str] | None = None,
           post_bands: Sequence[str] | None = None) -> Investment:
    """The scenario within `budget` a year that minimises the cumulative level-3 shortfall
    over `years`, then its total cost, then a fixed tie-break; `levers` chooses which
    kinds may be bought, `programmes` the trainees (every programme) and `post_bands` the
    bands of new posts (those the need model asks for)."""
    from ortools.linear_solver import pywraplp

    if budget < 0:
        raise UserError(f"--budget must be 0 or more, not {budget:g}")
    programmes = list(rates.programmes) if programmes is None else list(programmes)
    bands = list(stocks.need.fte_by_band) if post_bands is None else list(post_bands)
    layout, prices = Layout.of(ref), Prices.of(ref, rates, stocks.costing)
    solver = pywraplp.Solver.CreateSolver(SOLVER)
    solver.SetNumThreads(1)
    calendar = list(range(stocks.start_year + 1, stocks.start_year + years + 1))

    def amounts(lever: str, names: Sequence[Any], price: dict, step: float = 1.0) -> dict:
        if lever not in levers:
            return {t: {} for t in calendar}
        return {t: {n: solver.IntVar(0, np.floor(budget / (price[n] * step)),
                                     f"{lever}_{t}_{n}") for n in names} for t in calendar}

    placements = amounts("placements", [p for p in programmes if p in prices.placement],
                         prices.placement)
    trainee_posts = amounts("recruit_to_train",
                            [p for p in programmes if p in prices.trainee_post],
                            prices.trainee_post)
    hours = amounts("supervisor_hours", ["hours"], {"hours": prices.supervisor_hour})
    tenths = {"posts": amounts("posts", bands, prices.post, 1 / STEP),
              "training": amounts("training", list(prices.training), prices.training,
                                  1 / STEP)}
    fte = {part: {t: {n: (1 / STEP) * v for n, v in by.items()} for t, by in chosen.items()}
           for part, chosen in tenths.items()}
    chosen = SimpleNamespace(placements=placements, recruit_to_train=trainee_posts,
                             supervisor_hours={t: h.get("hours", 0) for t, h in hours.items()},
                             training=fte["training"], posts=fte["posts"])
    spend = {t: funding(prices, rates, chosen, t) for t in calendar}
    for t in calendar:
        solver.Add(spend[t] <= budget)

    bound = _bound(stocks, budget, prices, years)
    backend = _Linear(solver, bound)
    r = {name: rate.central for name, rate in rates.rates.items()}
    mix = recruit_mix(rates, r, layout)
    stock = stocks.staff.astype(object)
    establishment = stocks.establishment.astype(object)
    cohorts: dict[str, list[Any]] = {n: [0.0] * p.years for n, p in rates.programmes.items()}
    baseline = baseline_qualifiers(stocks)
    need = stocks.need.level_3_fte
    today = on_placement_today(stocks)
    shortfall = []
    for t in calendar:
        establishment = establishment.copy()
        for band, amount in chosen.posts[t].items():
            establishment[layout.bands.index(band)] += amount
        # Funded trainees fit in the places left: at most max(0, places - today's).
        funded = solver.Sum([*in_training(rates, placements, t, "placement").values(),
                             *in_training(rates, trainee_posts, t,
                                          "recruit_to_train").values()])
        if np.isfinite(stocks.team_places):
            solver.Add(funded <= max(0.0, stocks.team_places - today))
        room = solver.BoolVar(f"room_{t}")
        solver.Add(funded <= bound * room)
        solver.Add(funded <= placement_places(rates, stock, layout) - today
                   + bound * (1 - room))
        stock, cohorts = year(backend, layout, rates, stock, establishment, cohorts, r,
                              YearLevers({**placements[t], **trainee_posts[t]},
                                         chosen.supervisor_hours[t], chosen.training[t]),
                              baseline, mix)
        short = backend.var()
        solver.Add(short >= need - senior_level_3(stock, layout))
        shortfall.append(short)
    total_shortfall = solver.Sum(shortfall)
    solver.Minimize(total_shortfall)
    _solve(solver, pywraplp)
    best = solver.Objective().Value()
    solver.Add(total_shortfall <= best + SLACK * max(1.0, best))
    total_spend = solver.Sum(spend.values())
    solver.Minimize(total_spend)
    _solve(solver, pywraplp)
    # Tie-break, so equal plans always come out the same: fewest levers, earliest years,
    # in the order of LEVERS.
    cheapest = solver.Objective().Value()
    solver.Add(total_spend <= cheapest + SLACK * max(1.0, cheapest))
    ordered = [v for t in calendar for part in (tenths["posts"], hours, tenths["training"],
                                                 trainee_posts, placements)
               for v in part[t].values()]
    solver.Minimize(solver.Sum((i + 1) * v for i, v in enumerate(ordered)))
    _solve(solver, pywraplp)

    def solved(part: dict, scale: float = 1.0, key=lambda n: n) -> dict:
        return {t: {key(n): round(v.solution_value()) / scale for n, v in by.items()
                    if round(v.solution_value())} for t, by in part.items()}

    whole = {"placements": solved(placements), "recruit_to_train": solved(trainee_posts),
             "posts": solved(tenths["posts"], STEP), "training": solved(tenths["training"], STEP),
             "supervisor_hours": {t: h["hours"] for t, h in solved(hours).items()
                                  if "hours" in h}}
    for part in ("placements", "recruit_to_train"):
        whole[part] = {t: {n: int(c) for n, c in by.items()} for t, by in whole[part].items()}
    scenario = Scenario(**{k: {t: v for t, v in part.items() if v} for k, part in whole.items()})
    projection = project(ref, rates, stocks, scenario, years, draws, seed)
    cost = {t: round(float(funding(prices, rates, scenario, t))) for t in calendar}
    return Investment(projection, scenario, cost, budget, round(best, 6))


def _bound(stocks: Stocks, budget: float, prices: Prices, years: int) -> float:
    """More than any FTE or trainee count the model can reach: its big M."""
    cheapest = min([*prices.post.values(), *prices.placement.values(),
                    *prices.trainee_post.values(), *prices.training.values()])
    return float(2 * (stocks.establishment.sum() + stocks.staff.sum()
                      + sum(sum(c) for c in stocks.trainees.values()) * (years + 1)
                      + budget / cheapest * (years + 1) * STEP) + 10)


def _solve(solver: Any, pywraplp: Any) -> None:
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise CannotDo(f"the investment model found no optimal plan (status {status})")
