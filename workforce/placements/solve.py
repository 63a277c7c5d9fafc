"""Solve a placement problem: a min-cost flow for the core, CP-SAT for the side rules.

The objective, in strict priority:
1. place as many trainees as possible;
2. then minimise total preference cost (rank r costs r; an acceptable unlisted team costs
   the length of the trainee's list + 1);
3. then prefer teams short of level 2/3 staff (weight `gap_team_weight` from data);
4. then a deterministic tie-break: among otherwise equal teams, the one earlier in the
   trainee's candidate order (preference cost, then team id).

Priorities 2-4 are folded into one integer arc cost whose weights are chosen from the
instance's size so that no amount of a lower priority can outweigh one unit of a higher
one; priority 1 is the flow's maximum. Network: source -> trainee -> (team, programme)
-> eligible supervisor -> team -> sink, with capacities 1, 1, supervisor capacity,
team capacity; "at most N of a programme per team" is a capacity on the (team,
programme) node. Rules a flow cannot hold (trainees placed together or apart) go to
CP-SAT, which takes the priorities one at a time, each fixed before the next. It starts
from a plan that holds them (the flow re-solved with each clashing apart pair's team closed
to one of them); when that start places as many as the flow's maximum, priority 1 is
proven without search, which matters nationally, where presolve alone takes seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import repeat

from workforce.errors import CannotDo
from workforce.placements.feasibility import (
    PAIR_RULES,
    SUPERVISOR_RULES,
    Candidate,
    candidates,
    distance_km,
    eligible_supervisors,
)
from workforce.placements.instance import Instance, Supervisor

Progress = Callable[[float, float, float], None]  # best objective, bound, seconds


@dataclass(frozen=True)
class Assignment:
    trainee_id: str
    team_id: str
    supervisor_id: str
    preference_rank: int | None
    preference_cost: int
    km: float
    pinned: bool = False


@dataclass
class Solution:
    status: str  # optimal | feasible
    assignments: list[Assignment]
    unassigned: list[str]
    upper_bound: int
    solver: str
    seconds: float
    settings: dict = field(default_factory=dict)
    interrupted: bool = False

    @property
    def placed(self) -> int:
        return len(self.assignments)

    @property
    def preference_cost(self) -> int:
        return sum(a.preference_cost for a in self.assignments)


@dataclass
class Weights:
    """Integer weights that make the lower priorities strict tie-breaks."""

    preference: int
    gap: int

    @classmethod
    def for_instance(cls, n: int, most_candidates: int, gap_weight: int) -> Weights:
        gap = n * max(most_candidates, 1) + 1
        return cls(preference=n * max(gap_weight, 0) * gap + gap, gap=gap)

    def arc(self, candidate: Candidate, order: int, short: bool, gap_weight: int) -> int:
        return (candidate.cost * self.preference + (0 if short else gap_weight) * self.gap
                + order)


def ortools_version() -> str:
    import ortools

    return ortools.__version__


# --- pins ------------------------------------------------------------------------------

def _check_pins(instance: Instance, eligible) -> tuple[dict[str, int], dict[str, int]]:
    """Validate pinned placements; return the team and supervisor places they use."""
    teams = {t.team_id: t for t in instance.teams}
    sups = {s.staff_id: s for s in instance.supervisors}
    applicants = {a.trainee_id: a for a in instance.applicants}
    team_used: dict[str, int] = {}
    sup_used: dict[str, int] = {}
    for trainee_id, (team_id, staff_id) in sorted(instance.pins.items()):
        a = applicants.get(trainee_id)
        if a is None or team_id not in teams or staff_id not in sups:
            raise CannotDo(f"pin {trainee_id} -> {team_id}/{staff_id} names someone or a team "
                           f"not in cycle {instance.cycle_id}")
        broken = [name for name, rule in PAIR_RULES.items()
                  if rule(instance, a, teams[team_id])]
        broken += [name for name, rule in SUPERVISOR_RULES.items()
                   if rule(instance, a.programme, sups[staff_id])]
        if sups[staff_id].team_id != team_id:
            broken.append("supervisor_in_team")
        if broken:
            raise CannotDo(f"pin {trainee_id} -> {team_id}/{staff_id} breaks "
                           f"{', '.join(broken)}")
        team_used[team_id] = team_used.get(team_id, 0) + 1
        sup_used[staff_id] = sup_used.get(staff_id, 0) + 1
    for team_id, used in team_used.items():
        if used > teams[team_id].capacity:
            names = sorted(t for t, (tm, _) in instance.pins.items() if tm == team_id)
            raise CannotDo(f"pins {', '.join(names)} need {used} places in {team_id}, which "
                           f"takes {teams[team_id].capacity}")
    for staff_id, used in sup_used.items():
        if used > sups[staff_id].capacity:
            names = sorted(t for t, (_, s) in instance.pins.items() if s == staff_id)
            raise CannotDo(f"pins {', '.join(names)} need {used} supervision places with "
                           f"{staff_id}, who takes {sups[staff_id].capacity}")
    return team_used, sup_used


# --- the flow core ---------------------------------------------------------------------

@dataclass
class _Prepared:
    free: list  # applicants to place (not pinned)
    cands: dict[str, list[Candidate]]
    eligible: dict[tuple[str, str], list[Supervisor]]
    team_left: dict[str, int]
    sup_left: dict[str, int]
    short: dict[str, bool]
    weights: Weights
    pinned: list[Assignment]
    pinned_groups: dict[tuple[str, str], int]  # (team, programme) -> pinned trainees


def prepare(instance: Instance) -> _Prepared:
    eligible = eligible_supervisors(instance)
    team_used, sup_used = _check_pins(instance, eligible)
    cands = candidates(instance, eligible)
    free = [a for a in instance.applicants if a.trainee_id not in instance.pins]
    most = max((len(c) for c in cands.values()), default=1)
    pinned = []
    for a in instance.applicants:
        if a.trainee_id in instance.pins:
            team_id, staff_id = instance.pins[a.trainee_id]
            team = next(t for t in instance.teams if t.team_id == team_id)
            pinned.append(Assignment(a.trainee_id, team_id, staff_id, a.rank(team_id),
                                     a.preference_cost(team_id),
                                     distance_km(a.lat, a.lon, team.lat, team.lon), True))
    pinned_groups = _count_groups(instance, pinned)
    limit = instance.side.max_per_programme_per_team
    programme_of = {a.trainee_id: a.programme for a in instance.applicants}
    for (team_id, programme), count in sorted(pinned_groups.items()):
        if limit is not None and count > limit:
            names = sorted(p.trainee_id for p in pinned if p.team_id == team_id
                           and programme_of[p.trainee_id] == programme)
            raise CannotDo(f"pins {', '.join(names)} put {count} {programme} trainees in "
                           f"{team_id}; the side rule allows at most {limit} per programme "
                           f"per team")
    return _Prepared(
        free=free, cands=cands, eligible=eligible,
        team_left={t.team_id: t.capacity - team_used.get(t.team_id, 0) for t in instance.teams},
        sup_left={s.staff_id: s.capacity - sup_used.get(s.staff_id, 0)
                  for s in instance.supervisors},
        short={t.team_id: t.short for t in instance.teams},
        weights=Weights.for_instance(len(instance.applicants), most, instance.gap_team_weight),
        pinned=pinned, pinned_groups=pinned_groups)


@dataclass
class Network:
    """The flow network as arrays OR-Tools takes, with what each arc means."""

    tails: list[int]
    heads: list[int]
    capacities: list[int]
    costs: list[int]
    supply: int
    choice_arcs: list[tuple[int, str, Candidate]]  # arc index, trainee, team choice
    group_arcs: list[tuple[int, tuple[str, str], str]]  # arc index, (team, programme), staff

    def solve(self):
        """Max-flow with min cost; returns the flow on every arc."""
        import numpy as np
        from ortools.graph.python import min_cost_flow

        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            np.array(self.tails, dtype=np.int32), np.array(self.heads, dtype=np.int32),
            np.array(self.capacities, dtype=np.int64), np.array(self.costs, dtype=np.int64))
        flow.set_node_supply(0, self.supply)
        flow.set_node_supply(1, -self.supply)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise CannotDo(f"the min-cost flow solver failed (status {status})")
        return flow.flows(np.arange(len(self.tails), dtype=np.int32))


def _count_groups(instance: Instance, plan: list[Assignment]) -> dict[tuple[str, str], int]:
    programme = {a.trainee_id: a.programme for a in instance.applicants}
    counts: dict[tuple[str, str], int] = {}
    for a in plan:
        key = (a.team_id, programme[a.trainee_id])
        counts[key] = counts.get(key, 0) + 1
    return counts


def build_network(instance: Instance, prep: _Prepared) -> Network:
    """source -> trainee -> (team, programme) -> supervisor -> team -> sink."""
    nodes: dict[tuple, int] = {("source",): 0, ("sink",): 1}

    def node(key: tuple) -> int:
        if key not in nodes:
            nodes[key] = len(nodes)
        return nodes[key]

    net = Network([], [], [], [], len(prep.free), [], [])
    tails, heads, caps, costs = net.tails, net.heads, net.capacities, net.costs

    def arc(tail: int, head: int, capacity: int, cost: int) -> int:
        tails.append(tail)
        heads.append(head)
        caps.append(capacity)
        costs.append(cost)
        return len(tails) - 1

    weights, gap_weight, short = prep.weights, instance.gap_team_weight, prep.short
    for a in prep.free:  # whole lists at a time: there are millions of these arcs nationally
        trainee = node(("t", a.trainee_id))
        arc(0, trainee, 1, 0)
        cands = prep.cands[a.trainee_id]
        net.choice_arcs.extend(zip(range(len(tails), len(tails) + len(cands)),
                                   repeat(a.trainee_id), cands))
        tails.extend(repeat(trainee, len(cands)))
        heads.extend([node(("g", c.team_id, a.programme)) for c in cands])
        caps.extend(repeat(1, len(cands)))
        costs.extend([weights.arc(c, order, short[c.team_id], gap_weight)
                      for order, c in enumerate(cands)])
    team_of: dict[str, str] = {}
    limit = instance.side.max_per_programme_per_team
    for group in sorted(k[1:] for k in list(nodes) if k[0] == "g"):
        out = node(("g", *group))
        if limit is not None:  # at most N of a programme per team: a capacity on the group
            out = node(("g_out", *group))
            arc(nodes[("g", *group)], out, max(limit - prep.pinned_groups.get(group, 0), 0), 0)
        for s in prep.eligible[group]:
            if prep.sup_left[s.staff_id] > 0:
                net.group_arcs.append((arc(out, node(("s", s.staff_id)),
                                           prep.sup_left[s.staff_id], 0), group, s.staff_id))
                team_of[s.staff_id] = s.team_id
    for staff_id, team_id in team_of.items():
        arc(nodes[("s", staff_id)], node(("team", team_id)), prep.sup_left[staff_id], 0)
    for key in [k for k in nodes if k[0] == "team"]:
        arc(nodes[key], 1, max(prep.team_left[key[1]], 0), 0)
    return net


def _flow(instance: Instance, prep: _Prepared) -> list[Assignment]:
    net = build_network(instance, prep)
    flows = net.solve()
    chosen = {trainee: c for index, trainee, c in net.choice_arcs if flows[index] > 0}
    per_group: dict[tuple[str, str], list[str]] = {}
    for index, group, staff_id in net.group_arcs:
        per_group.setdefault(group, []).extend([staff_id] * int(flows[index]))
    return _assign_supervisors(prep, chosen, per_group)


def _assign_supervisors(prep: _Prepared, chosen: dict[str, Candidate],
                        per_group: dict[tuple[str, str], list[str]]) -> list[Assignment]:
    """Hand each placed trainee one supervisor place of their (team, programme) group."""
    by_id = {a.trainee_id: a for a in prep.free}
    out = []
    for trainee_id in sorted(chosen):
        c = chosen[trainee_id]
        staff_id = per_group[(c.team_id, by_id[trainee_id].programme)].pop(0)
        out.append(Assignment(trainee_id, c.team_id, staff_id, c.rank, c.cost, c.km))
    return out


# --- side rules with CP-SAT ------------------------------------------------------------

def _violates_side_rules(instance: Instance, assignments: list[Assignment]) -> bool:
    side = instance.side
    team_of = {a.trainee_id: a.team_id for a in assignments}
    if side.max_per_programme_per_team is not None and any(
            n > side.max_per_programme_per_team
            for n in _count_groups(instance, assignments).values()):
        return True
    if any(team_of.get(x) != team_of.get(y) for x, y in side.together):
        return True
    return any(x in team_of and team_of.get(x) == team_of.get(y) for x, y in side.apart)


def _repair(instance: Instance, prep: _Prepared, plan: list[Assignment]) -> list[Assignment]:
    """A plan that holds the side rules, as CP-SAT's start: re-solve the flow with each
    clashing apart pair's team closed to one of them until none clash, then drop trainees
    whose together-partner is placed elsewhere."""
    side = instance.side
    pinned = {p.trainee_id for p in prep.pinned}
    cands = prep.cands
    while True:
        team_of = {a.trainee_id: a.team_id for a in prep.pinned + plan}
        clash = {(y if y not in pinned else x, team_of[x]) for x, y in side.apart
                 if x in team_of and team_of.get(y) == team_of[x]
                 and not {x, y} <= pinned}  # two pinned together: CP-SAT will say so
        if not clash:
            break
        closed = {t for t, _ in clash}
        cands = {t: [c for c in cs if (t, c.team_id) not in clash] if t in closed else cs
                 for t, cs in cands.items()}
        plan = _flow(instance, replace(prep, cands=cands))
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
                    on_progress(self.ObjectiveValue(), self.BestObjectiveBound(), self.WallTime())
                if stop is not None and stop.is_set():
                    outer.stopped = True
                    self.StopSearch()

        self.stopped = False
        self.inner = Inner()


def _cp_sat(instance: Instance, prep: _Prepared, hint: list[Assignment], bound: int, seed: int,
            workers: int, time_limit: float | None, on_progress: Progress | None,
            stop: threading.Event | None) -> tuple[list[Assignment], str, bool, dict]:
    """Team choice with CP-SAT; each supervisor's places are shared out within a team.

    Returns the plan, its status, whether Ctrl-C stopped it, and each objective stage's
    status (so a plan can say which priorities are proven optimal)."""
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

    # Supervisor places as a small flow inside each team: a (team, programme) group's
    # trainees are shared among its eligible supervisors, each within their places.
    hinted_places: dict[tuple[str, str, str], int] = {}
    for h in hint:
        key = (h.team_id, by_id[h.trainee_id].programme, h.supervisor_id)
        hinted_places[key] = hinted_places.get(key, 0) + 1
    places: dict[str, list] = {}
    shares_made: list = []
    for team_id, keys in by_team.items():
        at_most([x[k] for k in keys], prep.team_left[team_id])
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
            model.add(sum(group) == sum(shares))
    for staff_id, shares in places.items():
        at_most(shares, prep.sup_left[staff_id])
    side = instance.side
    pinned_team = {p.trainee_id: p.team_id for p in prep.pinned}
    if side.max_per_programme_per_team is not None:
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
    order = {(t, c.team_id): i for t, cs in prep.cands.items() for i, c in enumerate(cs)}
    preference = {(t, c.team_id): c.cost for t, cs in prep.cands.items() for c in cs}
    not_short = {(t, c.team_id): 0 if prep.short[c.team_id] else instance.gap_team_weight
                 for t, cs in prep.cands.items() for c in cs}
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    callback = _Callback(on_progress, stop)
    started = time.perf_counter()
    placed = sum(x.values())
    model.add(placed <= bound)  # the flow's maximum: lets CP-SAT prove stage 1 at once
    # The objective's priorities in turn, each fixed before the next, each with small
    # coefficients CP-SAT can prove: placed, preference cost, teams not short, tie-break.
    stages = [("placed", placed, True),
              ("preference_cost", sum(preference[k] * v for k, v in x.items()), False),
              ("teams_not_short", sum(not_short[k] * v for k, v in x.items()), False),
              ("tie_break", sum(order[k] * v for k, v in x.items()), False)]
    proven: dict[str, str] = {name: "not reached" for name, _, _ in stages}
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
            raise CannotDo("the side rules cannot all be met: " + _describe_side(side)
                           + (" with the pins given" if instance.pins else ""))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # no plan: keep the start
            proven[name] = "stopped" if callback.stopped else "timed out"
            if not values:
                return hint, "feasible", callback.stopped, proven  # the repaired flow plan
            break
        proven[name] = "optimal" if status == cp_model.OPTIMAL else "feasible"
        values = {k: bool(solver.value(v)) for k, v in x.items()}
        if status != cp_model.OPTIMAL:
            break  # an unproven stage: fixing its value could make the next infeasible
        model.add(objective == round(solver.objective_value))
        model.clear_hints()
        for var in [*x.values(), *shares_made]:
            model.add_hint(var, solver.value(var))
    chosen = {k[0]: next(c for c in prep.cands[k[0]] if c.team_id == k[1])
              for k, v in values.items() if v}
    per_group = _supervisor_places(prep, chosen)
    result = _assign_supervisors(prep, chosen, per_group)
    optimal = all(state == "optimal" for state in proven.values())
    return result, "optimal" if optimal else "feasible", callback.stopped, proven


def _supervisor_places(prep: _Prepared, chosen: dict[str, Candidate]
                       ) -> dict[tuple[str, str], list[str]]:
    """Match the trainees placed in each team to supervisor places (a small max flow)."""
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
                graph.add_edge(("s", s.staff_id), "sink", capacity=max(prep.sup_left[s.staff_id],
                                                                       0))
        _, flows = nx.maximum_flow(graph, "source", "sink")
        for programme in sorted(groups):
            for node, amount in sorted(flows[("p", programme)].items(), key=lambda kv: kv[0]):
                out.setdefault((team_id, programme), []).extend([node[1]] * amount)
    return out


def _describe_side(side) -> str:
    parts = []
    if side.max_per_programme_per_team is not None:
        parts.append(f"at most {side.max_per_programme_per_team} per programme per team")
    parts += [f"{a} with {b}" for a, b in side.together]
    parts += [f"{a} apart from {b}" for a, b in side.apart]
    return "; ".join(parts)


# --- entry point -----------------------------------------------------------------------

def solve(instance: Instance, seed: int = 0, workers: int = 1, time_limit: float | None = None,
          on_progress: Progress | None = None, stop: threading.Event | None = None
          ) -> Solution:
    """The best plan for `instance` by the objective in the module docstring."""
    started = time.perf_counter()
    prep = prepare(instance)
    flow_plan = _flow(instance, prep)
    upper_bound = len(flow_plan) + len(prep.pinned)
    solver, status, interrupted, stages = "min_cost_flow", "optimal", False, None
    plan = flow_plan
    if instance.side.active and _violates_side_rules(instance, prep.pinned + flow_plan):
        solver = "cp_sat"
        plan, status, interrupted, stages = _cp_sat(instance, prep,
                                                    _repair(instance, prep, flow_plan),
                                                    len(flow_plan), seed, workers,
                                                    time_limit, on_progress, stop)
    elif on_progress:
        on_progress(float(len(plan)), float(upper_bound), time.perf_counter() - started)
    assignments = sorted(prep.pinned + plan, key=lambda a: a.trainee_id)
    placed = {a.trainee_id for a in assignments}
    return Solution(
        status=status, assignments=assignments,
        unassigned=[a.trainee_id for a in instance.applicants if a.trainee_id not in placed],
        upper_bound=upper_bound, solver=solver, seconds=time.perf_counter() - started,
        settings={"ortools": ortools_version(), "seed": seed, "workers": workers,
                  "time_limit": time_limit, "strict_preferences": instance.strict_preferences,
                  "side_rules": _describe_side(instance.side) or None,
                  "stages": stages},
        interrupted=interrupted)
