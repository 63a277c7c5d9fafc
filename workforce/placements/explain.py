"""Why each trainee was placed where they were, or not placed at all.

For a placed trainee: the team's rank, distance and supervisor, and why each team they
ranked higher did not take them. For an unplaced trainee, team by team: the rule that
makes it ineligible, or, where it is eligible but full, who holds its places and why
the plan gave the place to them.

Explanations are built only for the trainees asked about: a national plan prints the
reasons of its unplaced trainees, not of all ten thousand.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from workforce.errors import NotFound
from workforce.placements.feasibility import (
    distance_km,
    eligible_supervisors,
    nearest_teams,
    why_not,
)
from workforce.placements.instance import Applicant, Instance, Supervisor
from workforce.placements.priority import Priority, team_priority, why_first

#: How many of an unplaced trainee's full teams its one-line summary names.
SHOWN = 6

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


@dataclass
class _Context:
    """What every explanation in one call shares, indexed once."""

    instance: Instance
    applicants: dict[str, Applicant]
    teams: dict
    staff_of: dict[str, list[Supervisor]]
    eligible: dict[tuple[str, str], list[Supervisor]]
    at_team: dict[str, list[Placed]]
    priority: dict[str, Priority]
    unlisted: int


def explain(instance: Instance, plan: list[Placed], trainee: str | None = None,
            only: Collection[str] | None = None) -> list[Explanation]:
    """Explanations for `trainee`, or the trainees in `only`, or everyone."""
    applicants = {a.trainee_id: a for a in instance.applicants}
    if trainee is not None and trainee not in applicants:
        raise NotFound(f"no trainee {trainee!r} in cycle {instance.cycle_id}")
    wanted = ([applicants[trainee]] if trainee is not None else
              [a for a in instance.applicants if only is None or a.trainee_id in only])
    staff_of: dict[str, list[Supervisor]] = {}
    for s in instance.supervisors:
        staff_of.setdefault(s.team_id, []).append(s)
    at_team: dict[str, list[Placed]] = {}
    for p in plan:
        at_team.setdefault(p.team_id, []).append(p)
    ctx = _Context(instance, applicants, {t.team_id: t for t in instance.teams}, staff_of,
                   eligible_supervisors(instance), at_team, team_priority(instance),
                   instance.unlisted_cost)
    placed = {p.trainee_id: p for p in plan}
    unplaced = [a for a in wanted if a.trainee_id not in placed]
    nearest = nearest_teams(instance, unplaced, NEAREST_TEAMS)
    out = []
    for a in wanted:
        here = placed.get(a.trainee_id)
        if here is not None:
            rank = a.rank(here.team_id)
            looked = list(a.preferences[: (rank - 1) if rank else None])
        else:
            looked = [*a.preferences,
                      *[t for t in nearest[a.trainee_id] if t not in a.preferences]]
        out.append(_summarise(a, here, ctx.teams, [_team_reason(ctx, a, here, t)
                                                   for t in looked]))
    return out


def _team_reason(ctx: _Context, a: Applicant, here: Placed | None, team_id: str) -> TeamReason:
    team = ctx.teams[team_id]
    km = distance_km(a.lat, a.lon, team.lat, team.lon)
    blockers = why_not(ctx.instance, a, team, ctx.staff_of.get(team_id, []))
    reason = TeamReason(team_id, a.rank(team_id), round(km, 1), not blockers, blockers)
    if not blockers and (here is None or here.team_id != team_id):
        _full(ctx, a, team_id, reason)
    return reason


def _full(ctx: _Context, a: Applicant, team_id: str, reason: TeamReason) -> None:
    """Why an eligible team did not take `a`: who holds its places, and why them."""
    team = ctx.teams[team_id]
    at_team = ctx.at_team.get(team_id, [])
    holders = ctx.instance.busiest(a.trainee_id, at_team)
    sups = {s.staff_id: s for s in ctx.eligible.get((team_id, a.programme), [])}
    busy = {s: ctx.instance.busiest(a.trainee_id, [h for h in at_team if h.supervisor_id == s])
            for s in sups}  # each supervisor's trainees there on their busiest day
    load = {s: len(busy[s]) for s in sups}
    if len(holders) >= team.capacity:
        competing, what = holders, f"team full ({team.capacity} places)"
    elif all(load[s] >= sups[s].capacity for s in sups):
        competing = [h for h in at_team if any(h in busy[s] for s in sups)]
        what = "every eligible supervisor full (" + ", ".join(
            f"{s} takes {sups[s].capacity}" for s in sorted(sups)) + ")"
    else:
        reason.reasons.append("eligible with room: the plan placed them elsewhere by the "
                              "objective's priorities")
        return
    for h in competing:
        other = ctx.applicants[h.trainee_id]
        reason.held_by.append({"trainee_id": h.trainee_id, "supervisor_id": h.supervisor_id,
                               "their_rank": other.rank(team_id),
                               "why": _why_them(ctx, a, other, team_id, h.supervisor_id in sups)})
    reason.reasons.append(what)


def _why_them(ctx: _Context, a: Applicant, other: Applicant, team_id: str,
              could_supervise_a: bool) -> str:
    """The actual reason `other` holds a place in `team_id` that `a` wanted."""
    if not could_supervise_a:
        return f"with a supervisor who cannot take {a.programme}"
    mine = a.preference_cost(team_id, ctx.unlisted)
    theirs = other.preference_cost(team_id, ctx.unlisted)
    if theirs < mine:
        return (f"ranked it higher ({other.rank(team_id)} against "
                f"{a.rank(team_id) or 'unlisted'})")
    first, second = ctx.priority[other.trainee_id], ctx.priority[a.trainee_id]
    if theirs == mine and first.position < second.position:
        same = "ranked it the same" if a.rank(team_id) else "neither listed it"
        return f"{same}; comes first in the team-side priority: {why_first(first, second)}"
    return ("the plan needs them there: moving them would place fewer trainees or raise the "
            "total preference cost")


def _summarise(a: Applicant, here: Placed | None, teams, reasons: list[TeamReason]
               ) -> Explanation:
    if here is not None:
        rank = a.rank(here.team_id)
        team = teams[here.team_id]
        km = distance_km(a.lat, a.lon, team.lat, team.lon)
        choice = (f"their choice {rank}" if rank else
                  "a team they did not list" + (" (they listed none)" if not a.preferences
                                                else ""))
        supervisor = (f"supervised by {here.supervisor_id}" if here.supervisor_id
                      else "supervisor erased on request")
        summary = f"placed in {here.team_id}, {choice}, {km:.0f} km away, {supervisor}"
        return Explanation(a.trainee_id, a.programme, True, here.team_id, here.supervisor_id,
                           rank, round(km, 1), summary, reasons)
    summary = unplaced_summary(tuple(r.team_id for r in reasons if r.eligible))
    return Explanation(a.trainee_id, a.programme, False, None, None, None, None, summary,
                       reasons)


def unplaced_summary(open_to: tuple[str, ...]) -> str:
    """Why a trainee is not placed, from the solver's own data: the teams they could go to
    (every one full in the plan), or that there are none."""
    if not open_to:
        return "not placed: no team they can reach is eligible"
    more = f" and {len(open_to) - SHOWN} more" if len(open_to) > SHOWN else ""
    return f"not placed: every eligible team is full ({', '.join(open_to[:SHOWN])}{more})"


def holder_text(holder: dict) -> str:
    """'R12 (ranked it higher (1 against 3))': who holds a place and why they do."""
    return f"{holder['trainee_id']} ({holder['why']})"


def reason_lines(explanation: Explanation) -> list[str]:
    """One line per team, for JSON's `unassigned[].reasons` and the terminal."""
    lines = []
    for r in explanation.teams:
        held = "; ".join(holder_text(h) for h in r.held_by)
        lines.append(f"{r.team_id}: {'; '.join(r.reasons)}" + (f"; held by {held}" if held
                                                                 else ""))
    return lines
