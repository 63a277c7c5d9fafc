"""The investment planner: with a yearly budget, which placements, supervision hours and
posts minimise the cumulative level-3 shortfall, and then the cost.

A multi-period mixed-integer model in OR-Tools over the central rates. Its stocks follow
`flows.year`, the projection's own definition of every flow, on arrays of linear
expressions; the one non-linear step (level-2 FTE in reflective supervision: the smaller
of those at level 2 and what supervision capacity takes, most senior first) is stated as
"at most either", which the objective fills because level-3 FTE never hurts. Its budget
is `project.funding`, the projection's spend. The chosen scenario is then projected, so
the figures printed are exactly those `pipeline project --scenario` gives.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workforce.errors import CannotDo, UserError
from workforce.pipeline.flows import (
    Layout,
    on_placement,
    placement_places,
    senior_level_3,
    year,
)
from workforce.pipeline.project import (
    Prices,
    Projection,
    baseline_on_placement,
    funding,
    project,
    scenario_spend,
)
from workforce.pipeline.rates import RATES, PipelineRates
from workforce.pipeline.scenario import Scenario
from workforce.pipeline.stocks import Stocks
from workforce.reference import ReferenceData

SOLVER = "SCIP"
#: Posts are funded in tenths of an FTE.
POST_STEP = 10
#: Slack allowed on the best shortfall (and cost) when a later pass optimises the next aim.
SHORTFALL_SLACK = 1e-6


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

    def __init__(self, solver: Any):
        self.solver = solver
        self.count = 0

    def _var(self, low: float = 0.0) -> Any:
        self.count += 1
        return self.solver.NumVar(low, self.solver.infinity(), f"v{self.count}")

    def fill(self, level_2: np.ndarray, capacity: np.ndarray, layout: Layout) -> np.ndarray:
        taken = np.empty(level_2.shape, dtype=object)
        for index in np.ndindex(level_2.shape):
            taken[index] = self._var()
            self.solver.Add(taken[index] <= level_2[index])
        self.solver.Add(self.solver.Sum(taken.flat) <= capacity.flat[0])
        return taken

    def settle(self, stock: np.ndarray) -> np.ndarray:
        settled = np.empty(stock.shape, dtype=object)
        for index in np.ndindex(stock.shape):
            settled[index] = self._var(-self.solver.infinity())
            self.solver.Add(settled[index] == stock[index])
        return settled


def invest(ref: ReferenceData, rates: PipelineRates, stocks: Stocks, budget: float,
           years: int = 10, draws: int = 1000, seed: int = 0,
           programmes: Sequence[str] | None = None, supervisor_hours: bool = True,
           post_bands: Sequence[str] | None = None) -> Investment:
    """The scenario within `budget` a year that minimises the cumulative level-3 shortfall
    over `years`, then its total cost, then a fixed tie-break; `programmes`,
    `supervisor_hours` and `post_bands` choose the levers (all programmes, hours, and the
    bands the need model asks for)."""
    from ortools.linear_solver import pywraplp

    if budget < 0:
        raise UserError(f"--budget must be 0 or more, not {budget:g}")
    programmes = list(rates.programmes) if programmes is None else list(programmes)
    bands = list(stocks.need.fte_by_band) if post_bands is None else list(post_bands)
    layout, prices = Layout.of(ref, rates), Prices.of(ref, rates, stocks.costing)
    solver = pywraplp.Solver.CreateSolver(SOLVER)
    solver.SetNumThreads(1)
    calendar = list(range(stocks.start_year + 1, stocks.start_year + years + 1))

    def levers(unit: float, name: str, step: float = 1.0) -> Any:
        return solver.IntVar(0, np.floor(budget / (unit * step)), name)

    placements = {t: {p: levers(prices.placement[p], f"placements_{t}_{p}")
                      for p in programmes} for t in calendar}
    hours = {t: levers(prices.supervisor_hour, f"hours_{t}") if supervisor_hours else 0
             for t in calendar}
    tenths = {t: {b: levers(prices.post[b], f"posts_{t}_{b}", 1 / POST_STEP) for b in bands}
              for t in calendar}
    posts = {t: {b: (1 / POST_STEP) * n for b, n in by_band.items()}
             for t, by_band in tenths.items()}
    spend = {t: funding(prices, rates, placements, hours, posts, t) for t in calendar}
    for t in calendar:
        solver.Add(spend[t] <= budget)

    backend = _Linear(solver)
    r = {name: np.full((1, 1), rates.rates[name].central) for name in RATES}
    stock = stocks.staff.astype(object)
    cohorts: dict[str, list[Any]] = {n: list(c) for n, c in stocks.trainees.items()}
    need = stocks.need.level_3_fte
    shortfall = []
    big = 1.0 + sum(v.ub() for by in placements.values() for v in by.values()) * max(
        (p.years for p in rates.programmes.values()), default=1) + sum(
        sum(c) for c in stocks.trainees.values()) * years
    for i, t in enumerate(calendar):
        # Funded trainees on placement fit in the places left: at most max(0, places - today's).
        funded = solver.Sum(on_placement(rates, placements, t).values())
        today = baseline_on_placement(stocks.trainees, i)
        if math.isfinite(stocks.team_places):
            solver.Add(funded <= max(0.0, stocks.team_places - today))
        room = solver.BoolVar(f"room_{t}")
        solver.Add(funded <= big * room)
        solver.Add(funded <= placement_places(rates, stock, layout).flat[0] - today
                   + big * (1 - room))
        intake = {n: stocks.trainees[n][0] + placements[t].get(n, 0) for n in rates.programmes}
        stock, cohorts = year(backend, layout, rates, stock, cohorts, r, intake, posts[t],
                              hours[t])
        short = backend._var()
        solver.Add(short >= need - senior_level_3(stock, layout))
        shortfall.append(short)
    total_shortfall = solver.Sum(shortfall)
    solver.Minimize(total_shortfall)
    _solve(solver, pywraplp)
    best = solver.Objective().Value()
    solver.Add(total_shortfall <= best + SHORTFALL_SLACK * max(1.0, best))
    total_spend = solver.Sum(spend.values())
    solver.Minimize(total_spend)
    _solve(solver, pywraplp)
    # Tie-break, so equal plans always come out the same: fewest levers, earliest years,
    # programmes in the rates file's order, hours, then posts in band order.
    cheapest = solver.Objective().Value()
    solver.Add(total_spend <= cheapest + SHORTFALL_SLACK * max(1.0, cheapest))
    levers_in_order = [v for t in calendar for v in (*placements[t].values(), hours[t],
                                                      *tenths[t].values())
                       if not isinstance(v, int)]
    solver.Minimize(solver.Sum((i + 1) * v for i, v in enumerate(levers_in_order)))
    _solve(solver, pywraplp)
    scenario = Scenario(
        placements={t: {p: round(v.solution_value()) for p, v in by.items()
                        if round(v.solution_value())} for t, by in placements.items()},
        supervisor_hours={t: float(round(h.solution_value())) for t, h in hours.items()
                          if supervisor_hours and round(h.solution_value())},
        posts={t: {b: round(n.solution_value()) / POST_STEP for b, n in by.items()
                   if round(n.solution_value())} for t, by in tenths.items()})
    scenario = Scenario(**{k: {t: v for t, v in part.items() if v}
                           for k, part in vars(scenario).items()})
    projection = project(ref, rates, stocks, scenario, years, draws, seed)
    cost = {t: round(scenario_spend(prices, rates, scenario, t)) for t in calendar}
    return Investment(projection, scenario, cost, budget, round(best, 6))


def _solve(solver: Any, pywraplp: Any) -> None:
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise CannotDo(f"the investment model found no optimal plan (status {status})")
