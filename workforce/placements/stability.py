"""Blocking pairs: a trainee and a team who would both rather be matched to each other.

The team-side order (documented in the README): a team prefers trainees who ranked it
higher (unlisted after every listed rank), then the team-side priority the solver's
tie-break uses (`priority.py`: later training year, course requirement, seeded lottery).
A pair (trainee, team) blocks the plan when the trainee is eligible there, prefers it to
where they are (or is unplaced), and the team either has a free place with a free
eligible supervisor or would rather have them than a trainee it holds whose supervisor
could take them instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.placements.explain import Placed
from workforce.placements.feasibility import PAIR_RULES, eligible_supervisors
from workforce.placements.instance import Applicant, Instance
from workforce.placements.priority import team_priority


@dataclass(frozen=True)
class BlockingPair:
    trainee_id: str
    team_id: str
    displaces: str | None  # the trainee the team would let go, None for a free place
    trainee_rank: int | None
    current_team: str | None


def blocking_pairs(instance: Instance, plan: list[Placed]) -> list[BlockingPair]:
    applicants = {a.trainee_id: a for a in instance.applicants}
    unlisted = instance.unlisted_cost
    priority = team_priority(instance)

    def team_order_key(a: Applicant, team_id: str) -> tuple[int, int]:
        """How much a team wants `a`: lower is better."""
        return a.preference_cost(team_id, unlisted), priority[a.trainee_id].position

    eligible = eligible_supervisors(instance)
    placed = {p.trainee_id: p for p in plan}
    holders: dict[str, list[Placed]] = {}
    for p in plan:
        holders.setdefault(p.team_id, []).append(p)
    pairs = []
    for a in instance.applicants:
        here = placed.get(a.trainee_id)
        current_cost = (a.preference_cost(here.team_id, unlisted) if here else None)
        for team in instance.teams:
            if here is not None and team.team_id == here.team_id:
                continue
            if any(rule(instance, a, team) for rule in PAIR_RULES.values()):
                continue
            sups = eligible.get((team.team_id, a.programme), [])
            if not sups:
                continue
            cost = a.preference_cost(team.team_id, unlisted)
            if current_cost is not None and cost >= current_cost:
                continue
            there = instance.busiest(a.trainee_id, holders.get(team.team_id, []))
            load = {s.staff_id: len(instance.busiest(a.trainee_id, [
                h for h in holders.get(team.team_id, []) if h.supervisor_id == s.staff_id]))
                for s in sups}
            free_sup = any(load[s.staff_id] < s.capacity for s in sups)
            if len(there) < team.capacity and free_sup:
                pairs.append(BlockingPair(a.trainee_id, team.team_id, None,
                                          a.rank(team.team_id), here and here.team_id))
                continue
            mine = team_order_key(a, team.team_id)
            for h in sorted(there, key=lambda h: team_order_key(applicants[h.trainee_id],
                                                                 team.team_id), reverse=True):
                frees = h.supervisor_id in load or free_sup
                if frees and team_order_key(applicants[h.trainee_id], team.team_id) > mine:
                    pairs.append(BlockingPair(a.trainee_id, team.team_id, h.trainee_id,
                                              a.rank(team.team_id), here and here.team_id))
                    break
    return pairs

