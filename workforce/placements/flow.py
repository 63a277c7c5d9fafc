"""The min-cost flow: the core model, exact for capacities and per-programme limits.

Network: source -> trainee -> (team, programme) -> eligible supervisor -> team -> sink,
with capacities 1, 1, supervisor places, team places; "at most N of a programme per
team" is a capacity on the (team, programme) node. A what-if place (`whatif
--add-capacity`) is a supervisor of one programme whose arc goes straight to the sink:
its room is its own, so no other programme can use it. The arc costs are `prepare.Weights`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workforce.errors import CannotDo
from workforce.placements.feasibility import Candidate
from workforce.placements.instance import Instance
from workforce.placements.prepare import Prepared
from workforce.placements.solution import Assignment


@dataclass
class Network:
    """The flow network as the arrays OR-Tools takes, with what each arc means."""

    tails: Any  # int32 arrays, one entry an arc
    heads: Any
    capacities: Any  # int64
    costs: Any  # int64
    supply: int
    choices: slice  # the arcs trainee -> (team, programme), one per row of `choice_rows`
    choice_rows: Any  # the candidate-table row of each choice arc
    group_arcs: list[tuple[int, tuple[str, str], str]]  # arc index, (team, programme), staff
    #: each priority's own term on the choice arcs (`prepare.py`), unweighted: "moved"
    #: (away from where the trainee belongs), "cost", "not_short", "priority"
    terms: dict[str, Any]

    def solve(self):
        """Max-flow with min cost; returns the flow on every arc."""
        import numpy as np
        from ortools.graph.python import min_cost_flow

        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.capacities,
                                                  self.costs)
        flow.set_node_supply(0, self.supply)
        flow.set_node_supply(1, -self.supply)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise CannotDo(f"the min-cost flow solver failed (status {status})")
        return flow.flows(np.arange(len(self.tails), dtype=np.int32))


def build_network(instance: Instance, prep: Prepared) -> Network:
    """source -> trainee -> (team, programme) -> supervisor -> team -> sink.

    The trainee arcs, millions nationally, are built as whole arrays from the candidate
    table; the few thousand group, supervisor and team arcs one by one."""
    import numpy as np

    table = prep.table
    programmes = list(instance.programmes)
    width = len(programmes)
    free = {a.trainee_id for a in prep.free}
    is_free = np.array([t in free for t in table.trainee_ids], dtype=bool)
    programme_of = np.array([programmes.index(a.programme) for a in instance.applicants],
                            dtype=np.int64)
    priority = np.array([prep.priority[t] for t in table.trainee_ids], dtype=np.int64)
    not_short = np.array([0 if prep.short[t] else instance.gap_team_weight
                          for t in table.team_ids], dtype=np.int64)
    rows = np.nonzero(is_free[table.trainee])[0] if len(table) else np.zeros(0, np.int64)
    trainee, team = table.trainee[rows].astype(np.int64), table.team[rows].astype(np.int64)
    groups, group_of_row = np.unique(team * width + programme_of[trainee], return_inverse=True)
    # Nodes: 0 source, 1 sink, 2 + i trainee i, then one per (team, programme) group, then
    # the group outlets, supervisors and teams numbered as they come.
    first_group = 2 + len(table.trainee_ids)
    free_nodes = 2 + np.nonzero(is_free)[0]
    tails = [np.zeros(len(free_nodes), np.int64), 2 + trainee]
    heads = [free_nodes, first_group + group_of_row.astype(np.int64)]
    caps = [np.ones(len(free_nodes), np.int64), np.ones(len(rows), np.int64)]
    terms = {"moved": away_from_anchor(instance, table, rows), "cost": table.cost[rows],
             "not_short": not_short[team], "priority": priority[trainee]}
    costs = [np.zeros(len(free_nodes), np.int64),
             prep.weights.arcs(terms["cost"], terms["not_short"], terms["priority"],
                               terms["moved"])]
    choices = slice(len(free_nodes), len(free_nodes) + len(rows))
    small: list[tuple[int, int, int]] = []  # tail, head, capacity of the other arcs
    nodes: dict[tuple, int] = {}

    def node(key: tuple) -> int:
        return nodes.setdefault(key, first_group + len(groups) + len(nodes))

    group_arcs = []
    limit = instance.side.max_per_programme_per_team
    team_of: dict[str, str] = {}
    for number, key in enumerate(groups.tolist()):
        group = (table.team_ids[key // width], programmes[key % width])
        out = first_group + number
        if limit is not None:  # at most N of a programme per team: a capacity on the group
            out = node(("g_out", *group))
            small.append((first_group + number, out,
                          max(limit - prep.pinned_groups.get(group, 0), 0)))
        for s in prep.eligible[group]:
            if prep.sup_left[s.staff_id] > 0:
                group_arcs.append((choices.stop + len(small), group, s.staff_id))
                small.append((out, node(("s", s.staff_id)), prep.sup_left[s.staff_id]))
                team_of[s.staff_id] = s.team_id
    added = {s.staff_id for s in instance.supervisors if s.added_for}
    for staff_id, team_id in team_of.items():  # a what-if place has a room of its own
        head = 1 if staff_id in added else node(("team", team_id))
        small.append((nodes[("s", staff_id)], head, prep.sup_left[staff_id]))
    for key in [k for k in nodes if k[0] == "team"]:
        small.append((nodes[key], 1, max(prep.team_left[key[1]], 0)))
    arcs = np.array(small, dtype=np.int64).reshape(-1, 3)
    tails.append(arcs[:, 0])
    heads.append(arcs[:, 1])
    caps.append(arcs[:, 2])
    costs.append(np.zeros(len(arcs), np.int64))
    return Network(np.concatenate(tails).astype(np.int32), np.concatenate(heads).astype(np.int32),
                   np.concatenate(caps), np.concatenate(costs), len(prep.free), choices, rows,
                   group_arcs, terms)


def away_from_anchor(instance: Instance, table, rows):
    """For each candidate row, 1 unless it is to the team the trainee belongs in."""
    import numpy as np

    if not instance.anchors:
        return np.zeros(len(rows), np.int64)
    team_index = {t: i for i, t in enumerate(table.team_ids)}
    base = np.array([team_index.get(instance.anchors.get(t), -1) for t in table.trainee_ids],
                    dtype=np.int64)
    return (base[table.trainee[rows]] != table.team[rows]).astype(np.int64)


def flow_plan(instance: Instance, prep: Prepared) -> list[Assignment]:
    """The best plan without side rules: most placed, then the lower priorities."""
    import numpy as np

    net = build_network(instance, prep)
    flows = net.solve()
    table = prep.table
    chosen = {table.trainee_ids[table.trainee[row]]: table.candidate(row)
              for row in net.choice_rows[np.nonzero(flows[net.choices] > 0)[0]].tolist()}
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


