"""Blocking pairs: a trainee and a team who would both rather be matched to each other.

The team-side order (documented in the README): a team prefers trainees who ranked it
higher (unlisted after every listed rank), then the team-side priority the solver's
tie-break uses (`priority.py`: later training year, course requirement, seeded lottery).
A pair (trainee, team) blocks the plan when the trainee is eligible there, prefers it to
where they are (or is unplaced), and the team either has a free place with a free
eligible supervisor or would rather have them than a trainee it holds whose supervisor
could take them instead.

A pair the hard rules forbid is no reason to change the plan, so it is left out and
counted by rule: the trainee is pinned; the team would have to let go a trainee it
employs (who can train nowhere else) or one pinned there; or the move would break a side
rule the plan was made with (apart, together, at most N of a programme in a team).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from workforce.placements.explain import Placed
from workforce.placements.feasibility import PAIR_RULES, eligible_supervisors
from workforce.placements.instance import Applicant, Instance
from workforce.placements.priority import team_priority

#: Why a blocking pair was left out, by the hard rule that forbids it.
LEFT_OUT = {
    "pinned": "the trainee is pinned where they are",
    "employed": "the team would have to let go a trainee it employs, who can train nowhere "
                "else",
    "pinned_there": "the team would have to let go a trainee pinned there",
    "apart": "the trainee is to be kept apart from someone in that team (--apart)",
    "together": "the trainee is to be placed with someone who would stay behind (--together)",
    "max_per_programme": "the team already has as many of the trainee's programme as "
                         "--max-per-programme allows",
}


@dataclass(frozen=True)
class BlockingPair:
    trainee_id: str
    team_id: str
    displaces: str | None  # the trainee the team would let go, None for a free place
    trainee_rank: int | None
    current_team: str | None


@dataclass
class Stability:
    pairs: list[BlockingPair]
    left_out: Counter  # LEFT_OUT key -> blocking pairs the hard rules forbid


def blocking_pairs(instance: Instance, plan: list[Placed]) -> list[BlockingPair]:
    return stability(instance, plan).pairs


def stability(instance: Instance, plan: list[Placed]) -> Stability:
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
    out = Stability([], Counter())
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
            pair = None
            if len(there) < team.capacity and free_sup:
                pair = BlockingPair(a.trainee_id, team.team_id, None, a.rank(team.team_id),
                                    here and here.team_id)
            else:
                mine = team_order_key(a, team.team_id)
                kept_by = None  # the rule that keeps a trainee the team would let go
                for h in sorted(there, key=lambda h: team_order_key(applicants[h.trainee_id],
                                                                     team.team_id),
                                reverse=True):
                    frees = h.supervisor_id in load or free_sup
                    if not frees or team_order_key(applicants[h.trainee_id],
                                                   team.team_id) <= mine:
                        continue
                    kept_by = _kept(instance, applicants[h.trainee_id], team.team_id)
                    if kept_by is None:
                        pair = BlockingPair(a.trainee_id, team.team_id, h.trainee_id,
                                            a.rank(team.team_id), here and here.team_id)
                        break
                if pair is None:
                    if kept_by is not None:
                        out.left_out[kept_by] += 1
                    continue
            forbidden = _forbidden(instance, a, team.team_id, there, pair.displaces)
            if forbidden:
                out.left_out[forbidden] += 1
            else:
                out.pairs.append(pair)
    return out


def _kept(instance: Instance, holder: Applicant, team_id: str) -> str | None:
    """Why the team cannot let `holder` go, or None when it can."""
    if holder.employing_team == team_id:
        return "employed"
    if instance.pins.get(holder.trainee_id, ("",))[0] == team_id:
        return "pinned_there"
    return None


def _forbidden(instance: Instance, a: Applicant, team_id: str, there: list[Placed],
               displaced: str | None) -> str | None:
    """The hard rule that forbids moving `a` into `team_id` (letting `displaced` go)."""
    if a.trainee_id in instance.pins:
        return "pinned"
    side = instance.side
    staying = {h.trainee_id for h in there} - {displaced}
    if any(a.trainee_id in pair and set(pair) & staying for pair in side.apart):
        return "apart"
    if any(a.trainee_id in pair for pair in side.together):
        return "together"
    if side.max_per_programme_per_team is not None:
        programme = {t.trainee_id: t.programme for t in instance.applicants}
        same = sum(programme[t] == a.programme for t in staying)
        if same >= side.max_per_programme_per_team:
            return "max_per_programme"
    return None
