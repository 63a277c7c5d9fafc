"""Why each trainee was placed where they were, or not placed at all.

For a placed trainee: the team's rank, distance and supervisor, and why each team they
ranked higher did not take them. For an unplaced trainee, team by team: the rule that
makes it ineligible, or, where it is eligible but full, who holds its places and whether
they ranked it higher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workforce.errors import NotFound
from workforce.placements.feasibility import distance_km, eligible_supervisors, why_not
from workforce.placements.instance import Applicant, Instance

#: How many teams beyond a trainee's own list an explanation looks at, nearest first.
NEAREST_TEAMS = 10


@dataclass(frozen=True)
class Placed:
    trainee_id: str
    team_id: str
    supervisor_id: str


@dataclass
class TeamReason:
    team_id: str
    rank: int | None
    km: float
    eligible: bool
    reasons: list[str]
    held_by: list[dict] = field(default_factory=list)


@dataclass
class Explanation:
    trainee_id: str
    programme: str
    placed: bool
    team_id: str | None
    supervisor_id: str | None
    rank: int | None
    km: float | None
    summary: str
    teams: list[TeamReason]


def explain(instance: Instance, plan: list[Placed], trainee: str | None = None
            ) -> list[Explanation]:
    applicants = {a.trainee_id: a for a in instance.applicants}
    if trainee is not None and trainee not in applicants:
        raise NotFound(f"no trainee {trainee!r} in cycle {instance.cycle_id}")
    teams = {t.team_id: t for t in instance.teams}
    eligible = eligible_supervisors(instance)
    placed = {p.trainee_id: p for p in plan}
    at_team: dict[str, list[Placed]] = {}
    for p in plan:
        at_team.setdefault(p.team_id, []).append(p)
    out = []
    for a in instance.applicants:
        if trainee is not None and a.trainee_id != trainee:
            continue
        here = placed.get(a.trainee_id)
        looked = _teams_to_explain(instance, a, here)
        reasons = []
        for team_id in looked:
            team = teams[team_id]
            km = distance_km(a.lat, a.lon, team.lat, team.lon)
            blockers = why_not(instance, a, team)
            reason = TeamReason(team_id, a.rank(team_id), round(km, 1), not blockers,
                                blockers)
            if not blockers and (here is None or here.team_id != team_id):
                _full(instance, a, team_id, at_team.get(team_id, []), eligible, applicants,
                      reason)
            reasons.append(reason)
        out.append(_summarise(a, here, teams, reasons))
    return out


def _teams_to_explain(instance: Instance, a: Applicant, here: Placed | None) -> list[str]:
    """The trainee's own list (above their placement, if placed), then the nearest others."""
    if here is not None:
        rank = a.rank(here.team_id)
        return [t for t in a.preferences[: (rank - 1) if rank else None]]
    nearest = sorted(instance.teams, key=lambda t: distance_km(a.lat, a.lon, t.lat, t.lon))
    others = [t.team_id for t in nearest if t.team_id not in a.preferences][:NEAREST_TEAMS]
    return [*a.preferences, *others]


def _full(instance: Instance, a: Applicant, team_id: str, holders: list[Placed], eligible,
          applicants: dict[str, Applicant], reason: TeamReason) -> None:
    team = next(t for t in instance.teams if t.team_id == team_id)
    sups = {s.staff_id: s for s in eligible.get((team_id, a.programme), [])}
    load = {s: sum(1 for h in holders if h.supervisor_id == s) for s in sups}
    if len(holders) >= team.capacity:
        competing, what = holders, f"team full ({team.capacity} places)"
    elif all(load[s] >= sups[s].capacity for s in sups):
        competing = [h for h in holders if h.supervisor_id in sups]
        what = "every eligible supervisor full (" + ", ".join(
            f"{s} takes {sups[s].capacity}" for s in sorted(sups)) + ")"
    else:
        reason.reasons.append("eligible with room: the plan placed them elsewhere by the "
                              "objective's priorities")
        return
    mine = a.preference_cost(team_id)
    for h in competing:
        other = applicants[h.trainee_id]
        reason.held_by.append({"trainee_id": h.trainee_id, "supervisor_id": h.supervisor_id,
                               "their_rank": other.rank(team_id),
                               "preferred_it_more": other.preference_cost(team_id) < mine})
    reason.eligible = True
    reason.reasons.append(what)


def _summarise(a: Applicant, here: Placed | None, teams, reasons: list[TeamReason]
               ) -> Explanation:
    if here is not None:
        rank = a.rank(here.team_id)
        team = teams[here.team_id]
        km = distance_km(a.lat, a.lon, team.lat, team.lon)
        choice = (f"their choice {rank}" if rank else
                  "a team they did not list" + (" (they listed none)" if not a.preferences
                                                else ""))
        summary = f"placed in {here.team_id}, {choice}, {km:.0f} km away, " \
                  f"supervised by {here.supervisor_id}"
        return Explanation(a.trainee_id, a.programme, True, here.team_id, here.supervisor_id,
                           rank, round(km, 1), summary, reasons)
    eligible = [r for r in reasons if r.eligible]
    if not eligible:
        summary = "not placed: no team they can reach is eligible"
    else:
        summary = "not placed: every eligible team is full (" + ", ".join(
            r.team_id for r in eligible) + ")"
    return Explanation(a.trainee_id, a.programme, False, None, None, None, None, summary,
                       reasons)


def holder_text(holder: dict) -> str:
    """'R12 (ranked it 1, preferred it more)': who holds a place and how they ranked it."""
    rank = f"ranked it {holder['their_rank']}" if holder["their_rank"] else "did not list it"
    more = ", preferred it more" if holder["preferred_it_more"] else ""
    return f"{holder['trainee_id']} ({rank}{more})"


def reason_lines(explanation: Explanation) -> list[str]:
    """One line per team, for JSON's `unassigned[].reasons` and the terminal."""
    lines = []
    for r in explanation.teams:
        held = "; ".join(holder_text(h) for h in r.held_by)
        lines.append(f"{r.team_id}: {'; '.join(r.reasons)}" + (f"; held by {held}" if held
                                                                 else ""))
    return lines
