"""Side rules checked before solving, so a typo is named rather than solved around.

A pair that names an unknown trainee, a trainee of another cycle or one trainee twice, or
a `together` pair with no team both could ever go to, is a mistake in the request: each
is a `UserError` (exit 2) naming the trainee.
"""

from __future__ import annotations

from workforce.errors import UserError
from workforce.placements.feasibility import CandidateTable
from workforce.placements.instance import Instance


def check_names(instance: Instance, cycle_of: dict[str, str]) -> None:
    """Every trainee a side rule names is in this cycle, and no pair names one twice.

    `cycle_of`: the cycle of each named trainee the database knows, in any cycle."""
    here = {a.trainee_id for a in instance.applicants}
    for option, pairs in (("--together", instance.side.together),
                          ("--apart", instance.side.apart)):
        for x, y in pairs:
            if x == y:
                raise UserError(f"{option} {x}:{y}: {x} is paired with themselves")
            for t in (x, y):
                if t in here:
                    continue
                if t in cycle_of:
                    raise UserError(f"{option} {x}:{y}: {t} is in cycle {cycle_of[t]}, not "
                                    f"{instance.cycle_id}")
                raise UserError(f"{option} {x}:{y}: no trainee {t!r} in cycle "
                                f"{instance.cycle_id}")


def check_together(instance: Instance, table: CandidateTable) -> None:
    """Each `together` pair has at least one team both could be placed in."""
    if not instance.side.together:
        return
    named = sorted({t for pair in instance.side.together for t in pair})
    teams = {t: set(c) for t, c in table.teams_of(named).items()}
    for t, (team_id, _) in instance.pins.items():
        if t in teams:
            teams[t] = {team_id}
    for x, y in instance.side.together:
        if not teams[x] & teams[y]:
            raise UserError(f"--together {x}:{y}: {x} and {y} can never share a team (no team "
                            "takes both: check their programmes, travel limits and exclusions)")
