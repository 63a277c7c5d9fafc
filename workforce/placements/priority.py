"""Team-side priority: which of two trainees a team takes when nothing else separates them.

The order, from data: a later training year first (a final-year trainee needs the placement
to qualify), then a trainee whose course requires this placement, then a seeded lottery.
The lottery's seed is recorded with the plan, so the same seed draws the same order; it
replaces ordering by trainee id, which would favour whoever was given an early id. The
solver's last tie-break and `stability` both use this one order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from workforce.placements.instance import Applicant, Instance


@dataclass(frozen=True)
class Priority:
    """A trainee's place in the team-side order (0 comes first) and why."""

    position: int
    year: int
    course_requires: bool
    lottery: int  # the trainee's draw in the seeded lottery, 1 is drawn first


def lottery_draws(trainee_ids: list[str], seed: int) -> dict[str, int]:
    """Each trainee's draw (1 first) from a lottery seeded with `seed`, over sorted ids so
    the draw does not depend on the order the database returns them in."""
    order = sorted(trainee_ids)
    random.Random(seed).shuffle(order)
    return {t: i for i, t in enumerate(order, start=1)}


def _ranked(instance: Instance) -> tuple[list[Applicant], dict[str, int]]:
    """The applicants in team-side order, and the lottery's draws."""
    draws = lottery_draws([a.trainee_id for a in instance.applicants], instance.lottery_seed)
    return sorted(instance.applicants, key=lambda a: (-a.year, not a.course_requires,
                                                      draws[a.trainee_id])), draws


def team_positions(instance: Instance) -> dict[str, int]:
    """Every trainee's position in the team-side order, 0 first (what the solver needs)."""
    ranked, _ = _ranked(instance)
    return {a.trainee_id: i for i, a in enumerate(ranked)}


def team_priority(instance: Instance) -> dict[str, Priority]:
    """Every trainee's team-side priority in `instance`, with the facts behind it."""
    ranked, draws = _ranked(instance)
    return {a.trainee_id: Priority(i, a.year, a.course_requires, draws[a.trainee_id])
            for i, a in enumerate(ranked)}


def why_first(winner: Priority, loser: Priority) -> str:
    """Why `winner` comes before `loser` in the team-side order, in words."""
    if winner.year != loser.year:
        return f"a later training year (year {winner.year} against {loser.year})"
    if winner.course_requires != loser.course_requires:
        return "their course requires the placement"
    return f"drawn earlier in the plan's lottery ({winner.lottery} against {loser.lottery})"
