"""What every placement model starts from: checked pins, candidates, places left, weights.

The objective, in strict priority:
1. place as many trainees as possible;
1b. then keep as many trainees as possible where they belong (`Instance.anchors`): an
   employed trainee in their employing team and, in a minimal-disruption re-plan
   (whatif --keep-placed), a trainee in their base plan's team (the fewest moves);
2. then minimise total preference cost (rank r costs r; an acceptable team the trainee did
   not list costs the cycle's constant `Instance.unlisted_cost`);
3. then prefer teams short of level 2/3 staff (weight `gap_team_weight` from data);
4. then the team-side priority (`priority.py`): among otherwise equal plans, place the
   trainees earlier in that order (later training year, course requirement, lottery).

The flow folds priorities 2-4 into one integer arc cost whose weights (`Weights`) are
chosen from the instance's size so that no amount of a lower priority can outweigh one
unit of a higher one; priority 1 is the flow's maximum. CP-SAT takes them one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from workforce.errors import CannotDo
from workforce.placements.feasibility import (
    PAIR_RULES,
    SUPERVISOR_RULES,
    Candidate,
    CandidateTable,
    candidates,
    distance_km,
    eligible_supervisors,
    trainee_places,
)
from workforce.placements.instance import Instance, Supervisor
from workforce.placements.priority import team_positions
from workforce.placements.side_rules import check_together
from workforce.placements.solution import Assignment


@dataclass
class Weights:
    """Integer weights that make the lower priorities strict tie-breaks.

    The team-side priority adds the trainee's position (below n) for each placed trainee,
    so it sums to under n * n; a unit of the gap term outweighs all of it, and a unit of
    preference cost outweighs every gap term and priority together."""

    preference: int
    gap: int
    move: int = 0  # on every arc but one to where the trainee belongs (`Instance.anchors`)

    @classmethod
    def for_instance(cls, n: int, gap_weight: int, unlisted_cost: int = 1,
                     anchored: bool = False) -> Weights:
        gap = n * n + 1
        preference = n * max(gap_weight, 0) * gap + gap
        return cls(preference, gap,
                   n * unlisted_cost * preference + preference if anchored else 0)

    def arcs(self, cost, not_short, priority, moved):
        """Arc costs from numpy arrays: preference cost, the gap term (the team's weight
        when it is not short), the trainee's team-side position, and whether the arc takes
        the trainee away from where they belong."""
        return moved * self.move + cost * self.preference + not_short * self.gap + priority


def check_pins(instance: Instance, eligible) -> tuple[dict[str, int], dict[str, int]]:
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
    def crowds(of) -> list[tuple[str, list[str]]]:
        """Each team or supervisor with the pinned trainees there together on each day."""
        pinned: dict[str, list[str]] = {}
        for trainee_id, pin in sorted(instance.pins.items()):
            pinned.setdefault(of(pin), []).append(trainee_id)
        return [(key, sorted(group)) for key, ids in sorted(pinned.items())
                for group in instance.at_once(ids)]

    for team_id, names in crowds(lambda pin: pin[0]):
        if len(names) > teams[team_id].capacity:
            raise CannotDo(f"pins {', '.join(names)} need {len(names)} places in {team_id}, "
                           f"which takes {teams[team_id].capacity}")
    for staff_id, names in crowds(lambda pin: pin[1]):
        if len(names) > sups[staff_id].capacity:
            raise CannotDo(f"pins {', '.join(names)} need {len(names)} supervision places "
                           f"with {staff_id}, who takes {sups[staff_id].capacity}")
        used = sum(instance.programmes[applicants[t].programme].supervision_hours
                   for t in names)
        if used > sups[staff_id].hours + 1e-9:
            raise CannotDo(f"pins {', '.join(names)} need {used:g} supervision hours a week "
                           f"with {staff_id}, who has {sups[staff_id].hours:.3g}")
    return team_used, sup_used


@dataclass
class Prepared:
    free: list  # applicants to place (not pinned)
    table: CandidateTable
    eligible: dict[tuple[str, str], list[Supervisor]]
    team_left: dict[str, int]
    sup_left: dict[str, int]
    sup_places: dict[str, int]  # each supervisor's trainee places, before pins take any
    short: dict[str, bool]
    weights: Weights
    priority: dict[str, int]  # trainee -> team-side position, 0 first
    pinned: list[Assignment]
    pinned_groups: dict[tuple[str, str], int]  # (team, programme) -> pinned trainees

    @cached_property
    def cands(self) -> dict[str, list[Candidate]]:
        """Each trainee's candidates as objects, for the models that want them one by one."""
        return self.table.by_trainee()


def prepare(instance: Instance) -> Prepared:
    """Check the pins, then gather what every model needs: candidates, places left,
    weights and the team-side priority."""
    eligible = eligible_supervisors(instance)
    may_take: dict[str, list[str]] = {}
    for (_, programme), sups in eligible.items():
        for s in sups:
            may_take.setdefault(s.staff_id, []).append(programme)
    places = {s.staff_id: trainee_places(instance, s, may_take[s.staff_id])
              if s.staff_id in may_take else 0 for s in instance.supervisors}
    team_used, sup_used = check_pins(instance, eligible)
    table = candidates(instance, eligible)
    check_together(instance, table)
    free = [a for a in instance.applicants if a.trainee_id not in instance.pins]
    pinned = []
    for a in instance.applicants:
        if a.trainee_id in instance.pins:
            team_id, staff_id = instance.pins[a.trainee_id]
            team = next(t for t in instance.teams if t.team_id == team_id)
            pinned.append(Assignment(a.trainee_id, team_id, staff_id, a.rank(team_id),
                                     a.preference_cost(team_id, instance.unlisted_cost),
                                     distance_km(a.lat, a.lon, team.lat, team.lon), True))
    pinned_groups = count_groups(instance, pinned)
    limit = instance.side.max_per_programme_per_team
    programme_of = {a.trainee_id: a.programme for a in instance.applicants}
    for (team_id, programme), count in sorted(pinned_groups.items()):
        if limit is not None and count > limit:
            names = sorted(p.trainee_id for p in pinned if p.team_id == team_id
                           and programme_of[p.trainee_id] == programme)
            raise CannotDo(f"pins {', '.join(names)} put {count} {programme} trainees in "
                           f"{team_id}; the side rule allows at most {limit} per programme "
                           f"per team")
    return Prepared(
        free=free, table=table, eligible=eligible,
        team_left={t.team_id: t.capacity - team_used.get(t.team_id, 0) for t in instance.teams},
        sup_left={s.staff_id: places[s.staff_id] - sup_used.get(s.staff_id, 0)
                  for s in instance.supervisors},
        sup_places=places,
        short={t.team_id: t.short for t in instance.teams},
        weights=Weights.for_instance(len(instance.applicants), instance.gap_team_weight,
                                     instance.unlisted_cost, bool(instance.anchors)),
        priority=team_positions(instance),
        pinned=pinned, pinned_groups=pinned_groups)


def count_groups(instance: Instance, plan: list[Assignment]) -> dict[tuple[str, str], int]:
    programme = {a.trainee_id: a.programme for a in instance.applicants}
    counts: dict[tuple[str, str], int] = {}
    for a in plan:
        key = (a.team_id, programme[a.trainee_id])
        counts[key] = counts.get(key, 0) + 1
    return counts

