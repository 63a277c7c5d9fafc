"""A plan summarised by programme, for course leads: placed, unplaced by reason, and the
supervision places still free for each programme."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from workforce.placements.feasibility import eligible_supervisors
from workforce.placements.instance import Instance
from workforce.placements.solution import Solution


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: str
    label: str
    trainees: int
    placed: int
    no_eligible_team: int  # unplaced: no team they can reach has an eligible supervisor
    eligible_teams_full: int  # unplaced: every team they could go to is full
    places_left: int  # more trainees of this programme the teams could still take


def by_programme(instance: Instance, solution: Solution) -> list[ProgrammeSummary]:
    """One row per programme of the reference data, in its order.

    `places_left` counts, team by team, the free places of the supervisors eligible for
    the programme, capped by the team's own free places (a place free for several
    programmes counts in each)."""
    programme_of = {a.trainee_id: a.programme for a in instance.applicants}
    trainees = Counter(programme_of.values())
    placed = Counter(programme_of[a.trainee_id] for a in solution.assignments)
    none = Counter(programme_of[t] for t in solution.unassigned if not solution.open_to.get(t))
    full = Counter(programme_of[t] for t in solution.unassigned if solution.open_to.get(t))
    team_used = Counter(a.team_id for a in solution.assignments)
    sup_used = Counter(a.supervisor_id for a in solution.assignments)
    team_left = {t.team_id: max(t.capacity - team_used[t.team_id], 0) for t in instance.teams}
    eligible = eligible_supervisors(instance)
    out = []
    for name, rules in instance.programmes.items():
        left = 0
        for team_id, free in team_left.items():
            sups = eligible.get((team_id, name), [])
            left += min(free, sum(max(s.capacity - sup_used[s.staff_id], 0) for s in sups))
        out.append(ProgrammeSummary(name, rules.label, trainees[name], placed[name], none[name],
                                    full[name], left))
    return out


def employment_errors(instance: Instance, solution: Solution) -> list[str]:
    """An employed trainee not placed in their employing team is an error of the data
    (the team, its places or its supervisors are not as the trainee's record implies):
    one line each, naming the team."""
    placed = {a.trainee_id for a in solution.assignments}
    missing = [a for a in instance.applicants
               if a.employing_team is not None and a.trainee_id not in placed]
    if not missing:
        return []
    teams = {t.team_id: t for t in instance.teams}
    eligible = eligible_supervisors(instance)
    out = []
    for a in missing:
        team = teams.get(a.employing_team)
        label = instance.programmes[a.programme].label
        if team is None:
            why = "which is not a team in the database"
        elif team.capacity <= 0:
            why = "which takes no trainees (max_trainees is 0)"
        elif not eligible.get((team.team_id, a.programme)):
            why = f"which has no supervisor eligible for {label}"
        else:
            why = "whose places and eligible supervisors are all taken"
        out.append(f"{a.trainee_id} is employed by {a.employing_team}, {why}: check the "
                   "trainees and staff files")
    return out
