"""The min-cost flow: the core model, exact for capacities and per-programme limits.

Network: source -> trainee -> (team, programme) -> eligible supervisor -> team -> sink,
with capacities 1, 1, supervisor places, team places; "at most N of a programme per
team" is a capacity on the (team, programme) node. The arc costs are `prepare.Weights`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from workforce.errors import CannotDo
from workforce.placements.feasibility import Candidate
from workforce.placements.instance import Instance
from workforce.placements.prepare import Prepared
from workforce.placements.solution import Assignment


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


def build_network(instance: Instance, prep: Prepared) -> Network:
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
        rank = prep.priority[a.trainee_id]
        costs.extend([weights.arc(c, rank, short[c.team_id], gap_weight) for c in cands])
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


def flow_plan(instance: Instance, prep: Prepared) -> list[Assignment]:
    """The best plan without side rules: most placed, then the lower priorities."""
    net = build_network(instance, prep)
    flows = net.solve()
    chosen = {trainee: c for index, trainee, c in net.choice_arcs if flows[index] > 0}
    per_group: dict[tuple[str, str], list[str]] = {}
    for index, group, staff_id in net.group_arcs:
        per_group.setdefault(group, []).extend([staff_id] * int(flows[index]))
    return assign_supervisors(prep, chosen, per_group)


def assign_supervisors(prep: Prepared, chosen: dict[str, Candidate],
                        per_group: dict[tuple[str, str], list[str]]) -> list[Assignment]:
    """Hand each placed trainee one supervisor place of their (team, programme) group."""
    by_id = {a.trainee_id: a for a in prep.free}
    out = []
    for trainee_id in sorted(chosen):
        c = chosen[trainee_id]
        staff_id = per_group[(c.team_id, by_id[trainee_id].programme)].pop(0)
        out.append(Assignment(trainee_id, c.team_id, staff_id, c.rank, c.cost, c.km))
    return out


