"""Solve a placement problem: the strategy that picks among the models.

The objective and its weights are described in `prepare.py`. Every instance is first
solved as a min-cost flow (`flow.py`), which is exact for capacities and per-programme
limits when one day falls in every placement, and whose maximum then bounds the number
placed. When side rules are given and the flow's plan breaks one, the flow's model with
a row for each rule is solved as a linear programme (`linear.py`): optimal, proven, when
its solution is whole, else a mixed-integer programme bounded by it. CP-SAT (`cpsat.py`)
takes over when placements miss each other (trainees in sequence can share a place,
which the flow cannot see, and CP-SAT holds every place at every date), and when the
mixed-integer programme finds no plan in the time limit, started from the flow's plan
repaired to hold the side rules.
"""

from __future__ import annotations

import threading
import time

from workforce.placements.cpsat import cp_sat, describe_side, repair, violates_side_rules
from workforce.placements.flow import flow_plan
from workforce.placements.instance import Instance
from workforce.placements.linear import linear_plan
from workforce.placements.prepare import prepare
from workforce.placements.solution import Progress, Solution, ortools_version


def preference_bound(plan: list, flow: list, bounds: dict) -> dict:
    """The plan's preference cost against a proven lower bound: the flow without the side
    rules is optimal for a relaxation, so, when the plan places as many as the flow, its
    preference cost bounds that of any plan holding the rules; CP-SAT's own bound, when it
    proved a higher one, is used instead."""
    value = sum(a.preference_cost for a in plan)
    bound = max(sum(a.preference_cost for a in flow),
                bounds.get("preference_cost", {}).get("bound") or 0)
    return {"value": value, "bound": bound,
            "gap_pct": round(100 * (value - bound) / max(value, 1), 3)}


def solve(instance: Instance, seed: int = 0, workers: int = 1, time_limit: float | None = None,
          on_progress: Progress | None = None, stop: threading.Event | None = None
          ) -> Solution:
    """The best plan for `instance` by the objective in `prepare.py`."""
    started = time.perf_counter()
    prep = prepare(instance)
    plan = flow_plan(instance, prep)
    upper_bound = len(plan) + len(prep.pinned)
    solver, status, interrupted, stages, bounds = "min_cost_flow", "optimal", False, None, None
    side_broken = instance.side.active and violates_side_rules(instance, prep.pinned + plan)
    linear = (linear_plan(instance, prep, time_limit, on_progress, stop)
              if side_broken and instance.shares_a_date else None)
    if linear is not None and linear.plan is not None:
        flow, plan = plan, linear.plan
        solver, stages, bounds = linear.solver, linear.stages, linear.bounds
        interrupted = linear.stopped
        status = "optimal" if all(s == "optimal" for s in stages.values()) else "feasible"
        upper_bound = len(prep.pinned) + min(len(flow), linear.most_placed)
        if len(plan) == len(flow):
            bounds["preference_cost"] = {**bounds["preference_cost"],
                                         **preference_bound(plan, flow, bounds)}
    elif side_broken or not instance.shares_a_date:
        solver = "cp_sat"
        flow = plan
        plan, status, interrupted, stages, bounds = cp_sat(
            instance, prep, repair(instance, prep, plan) if side_broken else plan, len(plan),
            seed, workers, time_limit, on_progress, stop)
        proven = bounds.get("placed", {}).get("bound")
        if not instance.shares_a_date:  # the flow bounds nothing: CP-SAT's bound does
            upper_bound = len(prep.pinned) + (len(prep.free) if proven is None else proven)
        elif proven is not None:  # the flow ignores the side rules: CP-SAT's may be tighter
            upper_bound = min(upper_bound, len(prep.pinned) + proven)
        if instance.shares_a_date and len(plan) == len(flow):
            bounds["preference_cost"] = preference_bound(plan, flow, bounds)
    elif on_progress:
        on_progress("placed", float(upper_bound), float(upper_bound),
                    time.perf_counter() - started)
    assignments = sorted(prep.pinned + plan, key=lambda a: a.trainee_id)
    placed = {a.trainee_id for a in assignments}
    unassigned = [a.trainee_id for a in instance.applicants if a.trainee_id not in placed]
    return Solution(
        status=status, assignments=assignments, unassigned=unassigned,
        open_to=prep.table.teams_of(unassigned),
        upper_bound=upper_bound, solver=solver, seconds=time.perf_counter() - started,
        settings={"ortools": ortools_version(), "seed": seed, "workers": workers,
                  "time_limit": time_limit, "strict_preferences": instance.strict_preferences,
                  "lottery_seed": instance.lottery_seed,
                  "side_rules": describe_side(instance.side) or None,
                  "side": {"max_per_programme_per_team":
                           instance.side.max_per_programme_per_team,
                           "together": [list(p) for p in instance.side.together],
                           "apart": [list(p) for p in instance.side.apart]},
                  "stages": stages, "stage_bounds": bounds},
        interrupted=interrupted)
