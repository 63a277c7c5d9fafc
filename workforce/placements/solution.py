"""What a solve returns: each placement, the plan's status and the settings that made it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: (objective stage, its best value so far, its bound, seconds): stage "placed" reports the
#: trainees placed so far and the most that could be
Progress = Callable[[str, float, float, float], None]


@dataclass(frozen=True)
class Assignment:
    trainee_id: str
    team_id: str
    supervisor_id: str
    preference_rank: int | None
    preference_cost: int
    km: float
    pinned: bool = False


@dataclass
class Solution:
    status: str  # optimal | feasible
    assignments: list[Assignment]
    unassigned: list[str]
    upper_bound: int
    solver: str
    seconds: float
    settings: dict = field(default_factory=dict)
    interrupted: bool = False
    #: each unplaced trainee's acceptable teams, all full in this plan (none: no team
    #: they can reach has an eligible supervisor and a place)
    open_to: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return len(self.assignments)

    @property
    def preference_cost(self) -> int:
        return sum(a.preference_cost for a in self.assignments)


def ortools_version() -> str:
    import ortools

    return ortools.__version__
