"""Side rules as a linear programme: the flow's own model with a row for each rule.

The min-cost flow's network, written as a linear programme (a variable per arc, flow kept
at every node), is exact for capacities and per-programme limits; `--apart` and
`--together` add one row per pair and team they share (x[a,team] + x[b,team] <= 1, or
x[a,team] = x[b,team]). The matrix is built from the network's arrays, not an object per
pair, so a national cycle fits in memory. GLOP solves it, the objective's priorities in
turn; each optimum is kept for the next by fixing what complementary slackness fixes
(the optimal face), so when the first optimum is whole the later ones stay whole, and
the plan is the optimum, proven, at every priority.

Where an optimum is fractional, a mixed-integer programme (HiGHS) on the same model takes
over: on every trainee in a region (`WHOLE_MIP_UP_TO`), which proves its plan; nationally
on the trainees around the fractions only, the rest fixed where the linear optimum put
them, with the linear optimum as the bound reported and the gap to it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from workforce.errors import CannotDo
from workforce.placements.cpsat import describe_side, supervisor_places
from workforce.placements.flow import Network, assign_supervisors, build_network
from workforce.placements.instance import Instance
from workforce.placements.prepare import Prepared
from workforce.placements.solution import Assignment, Progress

#: How far from 0 or 1 a trainee's flow may be and still count as whole.
WHOLE = 1e-6

#: Up to this many trainees to place, a fractional optimum goes to the mixed-integer
#: programme whole, which proves its plan (a region's cycle takes a second or two); above
#: it only the trainees around the fractions do, fast, with the linear optimum as the
#: bound (nationally the whole takes minutes and over a gigabyte, the part seconds).
WHOLE_MIP_UP_TO = 2000

#: The mixed-integer solver: HiGHS, quiet (its banner would land in the JSON on standard
#: output). SCIP, in this OR-Tools build, called the national neighbourhood infeasible
#: where HiGHS, and GLOP with the neighbourhood emptied, found it feasible.
MIP_SOLVER, MIP_QUIET = "highs", "output_flag=false\nlog_to_console=false"


@dataclass
class Outcome:
    """What the linear model found: a plan (None when the MIP found none in time), each
    stage's status, value and proven bound, the most that can be placed, and the solver."""

    plan: list[Assignment] | None
    stages: dict[str, str]
    bounds: dict[str, dict]
    most_placed: int
    solver: str = "linear_programme"
    stopped: bool = False


def side_rows(instance: Instance, prep: Prepared, net: Network):
    """The side rules' rows over the network's arcs: (matrix, lower, upper), one row per
    pair and team. A pinned trainee is a constant: their partner's arc to the pinned
    team is fixed by the row's bounds."""
    import numpy as np
    import scipy.sparse as sp

    table = prep.table
    index = {t: i for i, t in enumerate(table.trainee_ids)}
    pinned = {p.trainee_id: p.team_id for p in prep.pinned}
    named = sorted({index[t] for pair in (*instance.side.together, *instance.side.apart)
                    for t in pair})
    arcs: dict[str, dict[str, int]] = {}
    trainee = table.trainee[net.choice_rows]
    for k in np.nonzero(np.isin(trainee, named))[0].tolist():
        row = int(net.choice_rows[k])
        arcs.setdefault(table.trainee_ids[table.trainee[row]], {})[
            table.team_ids[table.team[row]]] = net.choices.start + k
    rows: list[tuple[list[tuple[int, float]], float, float]] = []

    def term(t: str, team_id: str, sign: float) -> tuple[list[tuple[int, float]], float]:
        """Trainee t in team_id as (arc terms, constant)."""
        if t in pinned:
            return [], sign * (pinned[t] == team_id)
        arc = arcs.get(t, {}).get(team_id)
        return ([(arc, sign)] if arc is not None else []), 0.0

    def teams(t: str) -> set[str]:
        return {pinned[t]} if t in pinned else set(arcs.get(t, {}))

    for kind, pairs in (("together", instance.side.together), ("apart", instance.side.apart)):
        for a, b in pairs:
            shared = teams(a) | teams(b) if kind == "together" else teams(a) & teams(b)
            for team_id in sorted(shared):
                terms_a, const_a = term(a, team_id, 1.0)
                terms_b, const_b = term(b, team_id, -1.0 if kind == "together" else 1.0)
                const = const_a + const_b
                if kind == "together":
                    rows.append((terms_a + terms_b, -const, -const))
                else:
                    rows.append((terms_a + terms_b, -np.inf, 1.0 - const))
    for terms, low, high in rows:
        if not terms and not low <= 0 <= high:
            raise CannotDo("the side rules cannot all be met: " + describe_side(instance.side)
                           + " with the pins given")
    cols = [arc for terms, _, _ in rows for arc, _ in terms]
    coef = [c for terms, _, _ in rows for _, c in terms]
    row_of = [r for r, (terms, _, _) in enumerate(rows) for _ in terms]
    matrix = sp.csr_matrix((np.array(coef, dtype=float), (row_of, cols)),
                           shape=(len(rows), len(net.tails)))
    return (matrix, np.array([r[1] for r in rows], dtype=float),
            np.array([r[2] for r in rows], dtype=float))


def conservation(net: Network):
    """Flow in equals flow out at every node but the source (0) and sink (1)."""
    import numpy as np
    import scipy.sparse as sp

    arcs = len(net.tails)
    nodes = int(max(net.tails.max(initial=1), net.heads.max(initial=1))) + 1
    matrix = sp.csr_matrix(
        (np.concatenate([np.ones(arcs), -np.ones(arcs)]),
         (np.concatenate([net.heads, net.tails]).astype(np.int64),
          np.concatenate([np.arange(arcs), np.arange(arcs)]))), shape=(nodes, arcs))[2:]
    return matrix, np.zeros(matrix.shape[0]), np.zeros(matrix.shape[0])


def _stages(instance: Instance, prep: Prepared, net: Network) -> list[list[tuple]]:
    """The priorities as weighted groups solved in turn: (name, term, weight); the
    weights minimise, so a priority to maximise weighs less than nothing.
    Placed and preference cost share one objective (a placement outweighs any cost), or,
    with anchors, placed and kept; each weight stays small enough for a simplex's
    tolerances."""
    import numpy as np

    n = len(prep.free)
    ones = np.ones(len(net.choice_rows), dtype=np.int64)
    cost = ("preference_cost", net.terms["cost"], 1)
    if instance.anchors:
        kept = ones - net.terms["moved"]
        groups = [[("placed", ones, -(n + 1)), ("anchored", kept, -1)], [cost]]
    else:
        groups = [[("placed", ones, -(n * instance.unlisted_cost + 1)), cost]]
    return groups + [[("teams_not_short", net.terms["not_short"], 1)],
                     [("team_priority", net.terms["priority"], 1)]]


class _Model:
    """The linear model in OR-Tools' model builder, with its bounds kept as arrays so a
    stage's optimum can be fixed by changing only the bounds that move."""

    def __init__(self, instance: Instance, prep: Prepared, net: Network):
        import numpy as np
        import scipy.sparse as sp
        from ortools.linear_solver.python import model_builder_helper as mb

        parts = [conservation(net), side_rows(instance, prep, net)]
        self.matrix = sp.vstack([p[0] for p in parts]).tocsr()
        self.row_low = np.concatenate([p[1] for p in parts])
        self.row_high = np.concatenate([p[2] for p in parts])
        self.var_low = np.zeros(len(net.tails))
        self.var_high = net.capacities.astype(float)
        self.choices = net.choices
        self.model = mb.ModelBuilderHelper()
        self.model.fill_model_from_sparse_data(self.var_low, self.var_high,
                                               np.zeros(len(net.tails)), self.row_low,
                                               self.row_high, self.matrix)
        self.describe = describe_side(instance.side) + (" with the pins given"
                                                        if instance.pins else "")

    def objective(self, coefficients) -> None:
        """Set the objective on the choice arcs (every other arc costs nothing)."""
        self.model.clear_objective()
        self.model.set_objective_coefficients(
            list(range(self.choices.start, self.choices.stop)),
            coefficients.astype(float).tolist())

    def solve_lp(self):
        """GLOP's optimum: (the solver, every arc's flow)."""
        from ortools.linear_solver.python import model_builder_helper as mb

        solver = mb.ModelSolverHelper("glop")
        solver.solve(self.model)
        if solver.status() == mb.SolveStatus.INFEASIBLE:
            raise CannotDo("the side rules cannot all be met: " + self.describe)
        if solver.status() != mb.SolveStatus.OPTIMAL:
            raise CannotDo(f"the linear programme failed ({solver.status_string()})")
        return solver, solver.variable_values()

    def keep_optimal_face(self, solver, flows) -> None:
        """Restrict the model to this stage's optimal solutions without adding a row:
        by complementary slackness, they are the feasible points that keep every arc of
        nonzero reduced cost at its bound and every row of nonzero dual tight. The
        restricted model is a face of the first, so its vertices stay whole when the
        first's are, which an added objective row would not promise."""
        import numpy as np

        reduced = solver.reduced_costs()
        at_low, at_high = reduced > WHOLE, reduced < -WHOLE
        for j in np.nonzero(at_low & (self.var_high > self.var_low))[0].tolist():
            self.var_high[j] = self.var_low[j]
            self.model.set_var_upper_bound(j, self.var_low[j])
        for j in np.nonzero(at_high & (self.var_low < self.var_high))[0].tolist():
            self.var_low[j] = self.var_high[j]
            self.model.set_var_lower_bound(j, self.var_high[j])
        activity = self.matrix @ flows  # the model's first rows (not those keep_value adds)
        duals = solver.dual_values()[:len(self.row_low)]
        tight = (np.abs(duals) > WHOLE) & (self.row_low < self.row_high)
        for i in np.nonzero(tight)[0].tolist():
            if abs(activity[i] - self.row_high[i]) < abs(activity[i] - self.row_low[i]):
                self.row_low[i] = self.row_high[i]
                self.model.set_constraint_lower_bound(i, self.row_high[i])
            else:
                self.row_high[i] = self.row_low[i]
                self.model.set_constraint_upper_bound(i, self.row_low[i])

    def keep_value(self, coefficients, value: float) -> None:
        """No worse than `value` (whole) on this objective from now on: an added row."""
        import numpy as np

        row = self.model.add_linear_constraint()
        self.model.set_constraint_lower_bound(row, -np.inf)
        self.model.set_constraint_upper_bound(row, round(value) + 0.5)
        for k in np.nonzero(coefficients)[0].tolist():
            self.model.set_constraint_coefficient(row, self.choices.start + k,
                                                  float(coefficients[k]))

    def solve_around(self, flows, touched, seconds: float | None):
        """The mixed-integer programme on the trainees a fractional optimum touches
        (`touched`: a mask over the choice arcs), every other trainee's flow fixed at its
        whole value there. The model is left as it was. Returns (solver name, solver,
        flows or None when none was found)."""
        import numpy as np
        from ortools.linear_solver.python import model_builder_helper as mb

        start = self.choices.start
        choice = flows[self.choices]
        fixed = np.nonzero(~touched)[0]
        for k, value in zip(fixed.tolist(), np.round(choice[fixed]).tolist(), strict=True):
            self.model.set_var_lower_bound(start + k, value)
            self.model.set_var_upper_bound(start + k, value)
        free = np.nonzero(touched)[0].tolist()
        for k in free:  # no hint: HiGHS, given one for only these, crashes the process
            self.model.set_var_integrality(start + k, True)
        solver = mb.ModelSolverHelper(MIP_SOLVER)
        solver.set_solver_specific_parameters(MIP_QUIET)
        if seconds is not None:
            solver.set_time_limit_in_seconds(max(seconds, 0.1))
        solver.solve(self.model)
        found = solver.status() in (mb.SolveStatus.OPTIMAL, mb.SolveStatus.FEASIBLE) \
            and solver.has_solution()
        result = solver.variable_values() if found else None
        for k in fixed.tolist():
            self.model.set_var_lower_bound(start + k, self.var_low[start + k])
            self.model.set_var_upper_bound(start + k, self.var_high[start + k])
        for k in free:
            self.model.set_var_integrality(start + k, False)
        return MIP_SOLVER, solver, result


def whole(flows) -> bool:
    import numpy as np

    return bool(np.all((flows < WHOLE) | (flows > 1 - WHOLE)))


def linear_plan(instance: Instance, prep: Prepared, time_limit: float | None = None,
                on_progress: Progress | None = None, stop: threading.Event | None = None,
                whole_up_to: int = WHOLE_MIP_UP_TO) -> Outcome:
    """The best plan holding the side rules: each priority by the linear programme while
    its optimum is whole, then by the mixed-integer programme within the time limit."""
    import numpy as np
    from ortools.linear_solver.python import model_builder_helper as mb

    started = time.perf_counter()
    net = build_network(instance, prep)
    model = _Model(instance, prep, net)
    choices = net.choices
    groups = _stages(instance, prep, net)
    outcome = Outcome(None, {name: "not reached" for group in groups for name, _, _ in group},
                      {}, len(prep.free))
    best = None  # the last whole plan's flows on the choice arcs
    trainee = prep.table.trainee[net.choice_rows]
    team = prep.table.team[net.choice_rows]
    partners = _partners(instance, prep)
    for group in groups:
        if stop is not None and stop.is_set():
            outcome.stopped = True
            break
        objective = sum(weight * term for _, term, weight in group)
        model.objective(objective)
        solver, flows = model.solve_lp()
        bound = solver.objective_value()
        if group[0][0] == "placed":
            outcome.most_placed = int(np.floor(flows[choices].sum() + WHOLE))
        if whole(flows[choices]):  # a whole optimum is the optimum, proven
            best = flows[choices]
            _record(outcome, group, best, "glop")
            model.keep_optimal_face(solver, flows)
            _report(on_progress, outcome, group, started)
            continue
        outcome.solver = "mixed_integer_programme"
        choice = flows[choices]
        found, touched = None, None
        for touched in _neighbourhoods(choice, trainee, team, partners,
                                       len(prep.free) <= whole_up_to):
            left = None if time_limit is None else time_limit - (time.perf_counter() - started)
            if left is not None and left <= 0:
                break
            name, solver, flows_now = model.solve_around(flows, touched, left)
            if flows_now is not None and (found is None or np.dot(objective, flows_now[choices])
                                          < np.dot(objective, found) - 0.5):
                found, status = flows_now[choices], solver.status()
            if found is not None and np.dot(objective, np.round(found)) - bound < 0.5:
                break  # as good as the linear optimum: no wider search can do better
        if found is None:
            for stage, _, _ in group:
                outcome.stages[stage] = "timed out"
            break
        best = found
        proven = (float(np.dot(objective, np.round(best))) - bound < 0.5
                  or (touched.all() and status == mb.SolveStatus.OPTIMAL))
        if proven and group[0][0] == "placed":
            outcome.most_placed = int(round(best.sum()))
        _record(outcome, group, best, name, choice if not proven else None)
        _report(on_progress, outcome, group, started)
        if not proven:
            break  # an unproven stage: fixing its value could make the next infeasible
        model.keep_value(objective, float(np.dot(objective, np.round(best))))
    if best is None:
        return outcome
    table = prep.table
    picked = net.choice_rows[np.nonzero(best > 0.5)[0]].tolist()
    chosen = {table.trainee_ids[table.trainee[row]]: table.candidate(row) for row in picked}
    outcome.plan = assign_supervisors(prep, chosen, supervisor_places(prep, chosen))
    return outcome


def _neighbourhoods(choice, trainee, team, partners, everyone: bool):
    """The trainees to solve again around a fractional optimum, as masks over the choice
    arcs, narrowest first: those split, with those placed whole in the teams they are
    split over; then with those placed whole in any team a split trainee could go to
    (nationally seconds, then about forty: the second places what the first could not);
    each with their side-rule partners. Every trainee, when `everyone`."""
    import numpy as np

    if everyone:
        yield np.ones(len(trainee), bool)
        return
    split = (choice > WHOLE) & (choice < 1 - WHOLE)
    placed = choice > 1 - WHOLE
    for teams in (np.unique(team[split]),
                  np.unique(team[np.isin(trainee, np.unique(trainee[split]))])):
        near = np.unique(trainee[split | (np.isin(team, teams) & placed)])
        yield np.isin(trainee, np.union1d(near, partners(near)))


def _partners(instance: Instance, prep: Prepared):
    """A function from trainee indexes to those a side rule pairs them with."""
    import numpy as np

    index = {t: i for i, t in enumerate(prep.table.trainee_ids)}
    linked: dict[int, set[int]] = {}
    for a, b in (*instance.side.together, *instance.side.apart):
        linked.setdefault(index[a], set()).add(index[b])
        linked.setdefault(index[b], set()).add(index[a])
    return lambda trainees: np.array(sorted({p for t in trainees.tolist()
                                             for p in linked.get(t, ())}), dtype=np.int64)


def _record(outcome: Outcome, group: list[tuple], flows, solver: str, relaxed=None) -> None:
    """Each priority of the group: its value in the plan and a proven bound on it. With
    no `relaxed` flows the plan is the optimum and each value is its own bound; else the
    linear optimum `relaxed` bounds the group's first priority, and each later one while
    the plan meets every bound before it (otherwise no bound is known: None)."""
    import numpy as np

    whole_flows = np.round(flows)
    met = True
    for name, term, weight in group:
        got = round(float(np.dot(term, whole_flows)))
        bound: float | None = got
        if relaxed is not None:
            best = float(np.dot(term, relaxed))
            bound = (np.floor(best + WHOLE) if weight < 0 else np.ceil(best - WHOLE)) \
                if met else None
            met = met and bound == got
        outcome.stages[name] = "optimal" if bound == got and relaxed is None else "feasible"
        outcome.bounds[name] = {
            "value": got, "bound": None if bound is None else round(bound),
            "gap_pct": None if bound is None else
            round(100 * abs(got - bound) / max(abs(got), 1), 3), "solver": solver}


def _report(on_progress: Progress | None, outcome: Outcome, group: list[tuple],
            started: float) -> None:
    if on_progress:
        for name, _, _ in group:
            bound = outcome.bounds[name]["bound"]
            on_progress(name, outcome.bounds[name]["value"],
                        outcome.bounds[name]["value"] if bound is None else bound,
                        time.perf_counter() - started)
