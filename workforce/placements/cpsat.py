"""Side rules with CP-SAT: trainees placed together or apart, which no flow can hold.

CP-SAT chooses teams and takes the objective's priorities one at a time, each fixed
before the next. It starts from a plan that holds the side rules (the flow re-solved with
each clashing apart pair's team closed to one of them); when that start places as many as
the flow's maximum, priority 1 is proven without search, which matters nationally, where
presolve alone takes seconds. Supervisor places are shared out within each team.

When placements miss each other (`Instance.shares_a_date` is false), each placed trainee
also chooses a supervisor, and every place holds at every date (`_dated_places`); the
flow's plan, which placed everyone as if together, is then only a start, not a bound.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from workforce.errors import CannotDo
from workforce.placements.feasibility import Candidate
from workforce.placements.flow import assign_supervisors, flow_plan
from workforce.placements.instance import Instance
from workforce.placements.prepare import Prepared, count_groups
from workforce.placements.solution import Assignment, Progress


def violates_side_rules(instance: Instance, assignments: list[Assignment]) -> bool:
    side = instance.side
    team_of = {a.trainee_id: a.team_id for a in assignments}
    if side.max_per_programme_per_team is not None and any(
            n > side.max_per_programme_per_team
            for n in count_groups(instance, assignments).values()):
        return True
    if any(team_of.get(x) != team_of.get(y) for x, y in side.together):
        return True
    return any(x in team_of and team_of.get(x) == team_of.get(y) for x, y in side.apart)


def repair(instance: Instance, prep: Prepared, plan: list[Assignment]) -> list[Assignment]:
    """A plan that holds the side rules, as CP-SAT's start: re-solve the flow with each
    clashing apart pair's team closed to one of them until none clash, then drop trainees
    whose together-partner is placed elsewhere."""
    side = instance.side
    pinned = {p.trainee_id for p in prep.pinned}
    table = prep.table
    while True:
        team_of = {a.trainee_id: a.team_id for a in prep.pinned + plan}
        clash = {(y if y not in pinned else x, team_of[x]) for x, y in side.apart
                 if x in team_of and team_of.get(y) == team_of[x]
                 and not {x, y} <= pinned}  # two pinned together: CP-SAT will say so
        if not clash:
            break
        table = table.without(clash)
        plan = flow_plan(instance, replace(prep, table=table))
    while True:
        team_of = {a.trainee_id: a.team_id for a in prep.pinned + plan}
        drop = {t for x, y in side.together if team_of.get(x) != team_of.get(y)
                for t in (x, y)} - pinned
        if not drop & team_of.keys():
            return plan
        plan = [a for a in plan if a.trainee_id not in drop]


class _Callback:
    """Reports progress and stops the search when asked (Ctrl-C in the command)."""

    def __init__(self, on_progress: Progress | None, stop: threading.Event | None):
        from ortools.sat.python import cp_model

        outer = self

        class Inner(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                if on_progress:
                    on_progress(outer.stage, self.ObjectiveValue(), self.BestObjectiveBound(),
                                self.WallTime())
                if stop is not None and stop.is_set():
                    outer.stopped = True
                    self.StopSearch()

        self.stopped = False
        self.stage = "placed"  # the objective stage being solved, named in progress
        self.inner = Inner()


def cp_sat(instance: Instance, prep: Prepared, hint: list[Assignment], bound: int, seed: int,
            workers: int, time_limit: float | None, on_progress: Progress | None,
            stop: threading.Event | None
            ) -> tuple[list[Assignment], str, bool, dict, dict]:
    """Team choice with CP-SAT; each supervisor's places are shared out within a team.

    Returns the plan, its status, whether Ctrl-C stopped it, each objective stage's status
    (so a plan can say which priorities are proven optimal), and each solved stage's value
    with CP-SAT's proven bound and the gap between them."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    by_id = {a.trainee_id: a for a in prep.free}
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    for a in prep.free:
        for c in prep.cands[a.trainee_id]:
            x[a.trainee_id, c.team_id] = model.new_bool_var(f"place_{a.trainee_id}_{c.team_id}")
    for a in prep.free:
        model.add_at_most_one(x[a.trainee_id, c.team_id] for c in prep.cands[a.trainee_id])
    by_team: dict[str, list[tuple[str, str]]] = {}
    for key in x:
        by_team.setdefault(key[1], []).append(key)
    programmes = sorted(instance.programmes)

    def at_most(vars_: list, limit: int) -> None:
        if len(vars_) > limit:  # fewer could never break it: leave it out of the model
            model.add(sum(vars_) <= max(limit, 0))

    dated = not instance.shares_a_date
    side = instance.side
    # With dates, places hold at every date and each trainee has a supervisor variable;
    # otherwise supervisor places are a small flow inside each team: a (team, programme)
    # group's trainees are shared among its eligible supervisors, each within their places.
    hinted_places: dict[tuple[str, str, str], int] = {}
    for h in hint:
        key = (h.team_id, by_id[h.trainee_id].programme, h.supervisor_id)
        hinted_places[key] = hinted_places.get(key, 0) + 1
    places: dict[str, list] = {}
    shares_made: list = []
    supervised = _dated_places(model, instance, prep, x, hint) if dated else {}
    for team_id, keys in ([] if dated else by_team.items()):
        own_room = []  # the places of what-if supervisors, beyond the team's places
        for p in programmes:
            group = [x[k] for k in keys if by_id[k[0]].programme == p]
            if not group:
                continue
            shares = []
            for s in prep.eligible.get((team_id, p), []):
                if prep.sup_left[s.staff_id] > 0:
                    share = model.new_int_var(0, min(prep.sup_left[s.staff_id], len(group)),
                                              f"places_{team_id}_{p}_{s.staff_id}")
                    model.add_hint(share, hinted_places.get((team_id, p, s.staff_id), 0))
                    places.setdefault(s.staff_id, []).append(share)
                    shares_made.append(share)
                    shares.append(share)
                    if s.added_for:
                        own_room.append(share)
            model.add(sum(group) == sum(shares))
        if own_room:
            model.add(sum(x[k] for k in keys) - sum(own_room) <= max(prep.team_left[team_id], 0))
        else:
            at_most([x[k] for k in keys], prep.team_left[team_id])
    for staff_id, shares in places.items():
        at_most(shares, prep.sup_left[staff_id])
    shares_made += supervised.values()
    pinned_team = {p.trainee_id: p.team_id for p in prep.pinned}
    if side.max_per_programme_per_team is not None and not dated:
        for team_id, keys in by_team.items():
            for p in programmes:
                at_most([x[k] for k in keys if by_id[k[0]].programme == p],
                        side.max_per_programme_per_team - prep.pinned_groups.get((team_id, p), 0))

    def teams_of(trainee: str) -> set[str]:
        if trainee in pinned_team:
            return {pinned_team[trainee]}
        return {c.team_id for c in prep.cands.get(trainee, ())}

    def placed_in(trainee: str, team_id: str):
        if trainee in pinned_team:
            return 1 if pinned_team[trainee] == team_id else 0
        return x.get((trainee, team_id), 0)

    for a_id, b_id in side.together:  # only where either could go: elsewhere both are 0
        for team_id in sorted(teams_of(a_id) | teams_of(b_id)):
            model.add(placed_in(a_id, team_id) == placed_in(b_id, team_id))
    for a_id, b_id in side.apart:  # only where both could go
        for team_id in sorted(teams_of(a_id) & teams_of(b_id)):
            model.add(placed_in(a_id, team_id) + placed_in(b_id, team_id) <= 1)
    hinted = {(h.trainee_id, h.team_id) for h in hint}
    for key, var in x.items():
        model.add_hint(var, key in hinted)
    preference = {(t, c.team_id): c.cost for t, cs in prep.cands.items() for c in cs}
    not_short = {(t, c.team_id): 0 if prep.short[c.team_id] else instance.gap_team_weight
                 for t, cs in prep.cands.items() for c in cs}
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    callback = _Callback(on_progress, stop)
    started = time.perf_counter()
    placed = sum(x.values())
    if dated:  # the flow's plan placed everyone together: trainees in sequence may add more
        bound = None
    else:
        model.add(placed <= bound)  # the flow's maximum: lets CP-SAT prove stage 1 at once
    # The objective's priorities in turn, each fixed before the next, each with small
    # coefficients CP-SAT can prove: placed, preference cost, teams not short, tie-break.
    anchors = instance.anchors
    kept = sum(v for (t, team_id), v in x.items() if anchors.get(t) == team_id)
    stages = [("placed", placed, True),
              *([("anchored", kept, True)] if not isinstance(kept, int) else []),
              ("preference_cost", sum(preference[k] * v for k, v in x.items()), False),
              ("teams_not_short", sum(not_short[k] * v for k, v in x.items()), False),
              ("team_priority", sum(prep.priority[k[0]] * v for k, v in x.items()), False)]
    proven: dict[str, str] = {name: "not reached" for name, _, _ in stages}
    bounds: dict[str, dict] = {}  # each solved stage's value and CP-SAT's proven bound
    values: dict[tuple[str, str], bool] = {}
    if len(hint) == bound:  # the start places as many as the flow's maximum: proven already
        proven["placed"] = "optimal"
        values = {key: key in hinted for key in x}
        model.add(placed == bound)
        stages = stages[1:]
    for number, (name, objective, maximise) in enumerate(stages):
        if callback.stopped:
            proven[name] = "stopped"
            continue
        callback.stage = name
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        if time_limit:
            # Half of what is left to each stage but the last (the first pays for presolve,
            # and at national scale that alone takes seconds); the last takes the rest.
            left = time_limit - (time.perf_counter() - started)
            share = left if number == len(stages) - 1 else left / 2
            solver.parameters.max_time_in_seconds = max(share, 0.1)
        status = solver.solve(model, callback.inner)
        if status == cp_model.INFEASIBLE:
            raise CannotDo("the side rules cannot all be met: " + describe_side(side)
                           + (" with the pins given" if instance.pins else ""))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # no plan: keep the start
            proven[name] = "stopped" if callback.stopped else "timed out"
            if not values:
                return hint, "feasible", callback.stopped, proven, bounds  # the flow's plan
            break
        proven[name] = "optimal" if status == cp_model.OPTIMAL else "feasible"
        value, bound_found = solver.objective_value, solver.best_objective_bound
        bounds[name] = {"value": round(value), "bound": round(bound_found),
                        "gap_pct": round(100 * abs(value - bound_found) / max(abs(value), 1), 3)}
        values = {k: bool(solver.value(v)) for k, v in x.items()}
        supervisor_of = {(t, team_id): staff_id for (t, team_id, staff_id), v
                         in supervised.items() if solver.value(v)}
        if status != cp_model.OPTIMAL:
            break  # an unproven stage: fixing its value could make the next infeasible
        model.add(objective == round(solver.objective_value))
        model.clear_hints()
        for var in [*x.values(), *shares_made]:
            model.add_hint(var, solver.value(var))
    chosen = {k[0]: next(c for c in prep.cands[k[0]] if c.team_id == k[1])
              for k, v in values.items() if v}
    if dated:
        result = [Assignment(t, c.team_id, supervisor_of[t, c.team_id], c.rank, c.cost, c.km)
                  for t, c in sorted(chosen.items())]
    else:
        result = assign_supervisors(prep, chosen, supervisor_places(prep, chosen))
    optimal = all(state == "optimal" for state in proven.values())
    return result, "optimal" if optimal else "feasible", callback.stopped, proven, bounds


def _dated_places(model, instance: Instance, prep: Prepared, x: dict, hint: list[Assignment]
                  ) -> dict[tuple[str, str, str], object]:
    """Places that hold at every date: each placed trainee takes one eligible supervisor of
    their team, and each team's, supervisor's and (side rule) team programme's trainees
    present at once, pinned ones included, stay within its places. Presence changes only
    when a placement starts, so the start days are the only dates to check."""
    by_id = {a.trainee_id: a for a in prep.free}
    pinned_sup = {p.trainee_id: p.supervisor_id for p in prep.pinned}
    pinned_team = {p.trainee_id: p.team_id for p in prep.pinned}
    hinted = {(h.trainee_id, h.team_id, h.supervisor_id) for h in hint}
    team_places = {m.team_id: m.capacity for m in instance.teams}
    y: dict[tuple[str, str, str], object] = {}
    limits: dict[tuple, tuple[int, list, list[str]]] = {}  # places, (trainee, var), pinned

    def uses(key: tuple, places: int, trainee: str, var) -> None:
        limits.setdefault(key, (places, [], []))[1].append((trainee, var))

    for (t, team_id), var in x.items():
        programme = by_id[t].programme
        mine, own_room = [], []
        for s in prep.eligible.get((team_id, programme), []):
            y[t, team_id, s.staff_id] = model.new_bool_var(f"sup_{t}_{s.staff_id}")
            model.add_hint(y[t, team_id, s.staff_id], (t, team_id, s.staff_id) in hinted)
            mine.append(y[t, team_id, s.staff_id])
            if s.added_for:  # a what-if place's trainee has a room of their own
                own_room.append(y[t, team_id, s.staff_id])
            uses(("s", s.staff_id), prep.sup_places[s.staff_id], t, y[t, team_id, s.staff_id])
        model.add(sum(mine) == var)
        uses(("t", team_id), team_places[team_id], t, var - sum(own_room) if own_room else var)
        if instance.side.max_per_programme_per_team is not None:
            uses(("g", team_id, programme), instance.side.max_per_programme_per_team, t, var)
    programme_of = {a.trainee_id: a.programme for a in instance.applicants}
    for t, staff_id in pinned_sup.items():
        for key in (("s", staff_id), ("t", pinned_team[t]),
                    ("g", pinned_team[t], programme_of[t])):
            if key in limits:
                limits[key][2].append(t)
    dates = instance.dates
    for places, free, pinned in limits.values():
        seen = set()
        for day in sorted({dates[t][0] for t, _ in free} | {dates[t][0] for t in pinned}):
            present = [(t, v) for t, v in free if dates[t][0] <= day < dates[t][1]]
            left = places - sum(dates[t][0] <= day < dates[t][1] for t in pinned)
            key = (tuple(t for t, _ in present), left)
            if len(present) > left and key not in seen:
                seen.add(key)
                model.add(sum(v for _, v in present) <= max(left, 0))
    return y


def supervisor_places(prep: Prepared, chosen: dict[str, Candidate]
                       ) -> dict[tuple[str, str], list[str]]:
    """Match the trainees placed in each team to supervisor places (a small max flow).
    The team's own supervisors share its places left; a what-if place has its own room."""
    import networkx as nx

    by_id = {a.trainee_id: a for a in prep.free}
    teams = sorted({c.team_id for c in chosen.values()})
    out: dict[tuple[str, str], list[str]] = {}
    for team_id in teams:
        graph = nx.DiGraph()
        groups: dict[str, int] = {}
        for t, c in chosen.items():
            if c.team_id == team_id:
                groups[by_id[t].programme] = groups.get(by_id[t].programme, 0) + 1
        for programme, count in groups.items():
            graph.add_edge("source", ("p", programme), capacity=count)
            for s in prep.eligible[(team_id, programme)]:
                graph.add_edge(("p", programme), ("s", s.staff_id), capacity=count)
                graph.add_edge(("s", s.staff_id), "sink" if s.added_for else "room",
                               capacity=max(prep.sup_left[s.staff_id], 0))
        graph.add_edge("room", "sink", capacity=max(prep.team_left[team_id], 0))
        _, flows = nx.maximum_flow(graph, "source", "sink")
        for programme in sorted(groups):
            for node, amount in sorted(flows[("p", programme)].items(), key=lambda kv: kv[0]):
                out.setdefault((team_id, programme), []).extend([node[1]] * amount)
    return out


def describe_side(side) -> str:
    parts = []
    if side.max_per_programme_per_team is not None:
        parts.append(f"at most {side.max_per_programme_per_team} per programme per team")
    parts += [f"{a} with {b}" for a, b in side.together]
    parts += [f"{a} apart from {b}" for a, b in side.apart]
    return "; ".join(parts)

