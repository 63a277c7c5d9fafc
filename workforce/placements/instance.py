"""A placement problem as plain data: trainees, teams, supervisors, rules and pins.

The solver, the validator and the benchmark work on these dataclasses; `load_instance`
reads one cycle from the database. Keeping the solver away from the database lets it be
tested with generated instances and run at national scale.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import NotFound, UserError
from workforce.reference import ReferenceData
from workforce.reference.placement_rules import PlacementRules, Programme
from workforce.store.models import (
    PlacementCycle,
    Staff,
    Team,
    Trainee,
    TraineeExclusion,
    TraineePreference,
)


@dataclass(frozen=True)
class Supervisor:
    staff_id: str
    team_id: str
    profession: str
    band_rank: int  # position in the band list: higher is more senior
    aimh_level: int
    qualified_on: dt.date | None
    capacity: int  # most trainees, whatever their hours (max_supervisees or FTE default)
    hours: float = math.inf  # weekly hours left for trainees after reflective supervision
    trained_on: dt.date | None = None  # last attended supervisor training
    #: a what-if place (`whatif --add-capacity`): supervises only this programme, and its
    #: trainees have a room of their own beyond the team's places
    added_for: str | None = None


@dataclass(frozen=True)
class TeamSlot:
    team_id: str
    lat: float
    lon: float
    capacity: int
    short: bool = False  # short of level 2/3 staff in the gap report


@dataclass(frozen=True)
class Applicant:
    trainee_id: str
    programme: str
    lat: float
    lon: float
    max_travel_km: float
    preferences: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()
    year: int = 1
    course_requires: bool = False  # the trainee's course requires this cycle's placement
    employing_team: str | None = None  # employed by this team and trained in it
    starts_on: dt.date | None = None  # the placement's first day (None: programme default)
    ends_on: dt.date | None = None  # its last day (None: programme default)

    def rank(self, team_id: str) -> int | None:
        """Where the trainee ranked the team (1 is first choice), None when unlisted."""
        return self.preferences.index(team_id) + 1 if team_id in self.preferences else None

    def preference_cost(self, team_id: str, unlisted_cost: int) -> int:
        """The objective's cost of this team: its rank, or the cycle's unlisted cost."""
        return self.rank(team_id) or unlisted_cost


@dataclass(frozen=True)
class SideRules:
    """Rules a min-cost flow cannot hold, solved with CP-SAT when any is given."""

    max_per_programme_per_team: int | None = None
    together: tuple[tuple[str, str], ...] = ()  # pairs placed in the same team
    apart: tuple[tuple[str, str], ...] = ()  # pairs never placed in the same team

    @property
    def active(self) -> bool:
        return bool(self.max_per_programme_per_team is not None or self.together or self.apart)


@dataclass(frozen=True)
class Instance:
    cycle_id: str
    starts_on: dt.date
    applicants: tuple[Applicant, ...]
    teams: tuple[TeamSlot, ...]
    supervisors: tuple[Supervisor, ...]
    programmes: dict[str, Programme] = field(hash=False)
    band_rank: dict[str, int] = field(hash=False)
    gap_team_weight: int = 1
    strict_preferences: bool = False
    pins: dict[str, tuple[str, str]] = field(default_factory=dict, hash=False)
    side: SideRules = SideRules()
    lottery_seed: int = 0  # seeds the team-side priority's last tie-break
    #: trainee -> team in the plan a minimal-disruption re-plan starts from (empty: none)
    base: dict[str, str] = field(default_factory=dict, hash=False)
    #: What the rules work out once per instance (feasibility.eligible keeps its answer
    #: here); a changed copy (with_changes) starts empty.
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @cached_property
    def anchors(self) -> dict[str, str]:
        """Where each trainee belongs unless more can be placed otherwise: their employing
        team, else their team in the base plan of a minimal-disruption re-plan."""
        return {**self.base, **{a.trainee_id: a.employing_team for a in self.applicants
                                if a.employing_team}}

    @cached_property
    def unlisted_cost(self) -> int:
        """What an acceptable team a trainee did not list costs: one more than the longest
        list in the cycle, the same for everyone. (Each trainee's own list length + 1 would
        let a trainee who listed one team lose an unlisted place to one who listed four,
        only because their list was shorter.)"""
        return max((len(a.preferences) for a in self.applicants), default=0) + 1

    @cached_property
    def dates(self) -> dict[str, tuple[dt.date, dt.date]]:
        """trainee -> their placement as [first day, day after the last)."""
        return {a.trainee_id: self.programmes[a.programme].placement_dates(
            self.starts_on, a.starts_on, a.ends_on) for a in self.applicants}

    @cached_property
    def shares_a_date(self) -> bool:
        """Whether one day falls in every placement. Then the trainees present on that day
        are all of them, so capacity held on it holds on every day, and one capacity per
        team and supervisor (the min-cost flow) is exact. (Intervals that overlap pairwise
        always share a day, so this is also "no two placements miss each other".)"""
        spans = self.dates.values()
        return not spans or max(s for s, _ in spans) < min(e for _, e in spans)

    def busiest(self, trainee_id: str, others: list) -> list:
        """Of `others` (placements, with trainee_id), those there together on the busiest
        day of the trainee's placement: the ones whose places the trainee would need. All
        of them when one day falls within every placement."""
        start, end = self.dates[trainee_id]
        spans = {o.trainee_id: self.dates[o.trainee_id] for o in others}
        best: list = []
        for day in sorted({start} | {s for s, _ in spans.values() if start <= s < end}):
            here = [o for o in others if spans[o.trainee_id][0] <= day < spans[o.trainee_id][1]]
            best = here if len(here) > len(best) else best
        return best

    def at_once(self, trainee_ids: list[str]) -> list[list[str]]:
        """The trainees of `trainee_ids` there together on each day one of them starts
        (who is there grows only on those days)."""
        spans = {t: self.dates[t] for t in trainee_ids}
        return [[t for t in trainee_ids if spans[t][0] <= day < spans[t][1]]
                for day in sorted({s for s, _ in spans.values()})]

    def with_changes(self, **changes) -> Instance:
        return replace(self, **changes)


def supervisor_capacity(staff, rules: PlacementRules) -> int:
    """A supervisor's own limit, else the programme default for their FTE (`staff`: a
    Staff row, or any row with its max_supervisees and fte)."""
    if staff.max_supervisees is not None:
        return staff.max_supervisees
    return rules.supervisees_for_fte(staff.fte)


def supervision_hours(supervisors, others, rules: PlacementRules, starts_on: dt.date
                      ) -> dict[str, float]:
    """Each supervisor's weekly hours left for trainees: their own figure (else hours per
    FTE from the rules) less their share of the reflective supervision their team's other
    staff need (an hour a week for those qualified under the rules' years, or with no
    date; half that otherwise), shared equally among the team's supervisors.

    `supervisors`, `others`: rows with team_id and qualified_on (supervisors also staff_id,
    fte and supervision_hours)."""
    rules_ = rules.supervision
    reflective: dict[str, float] = {}
    for row in others:
        new = (row.qualified_on is None
               or (starts_on - row.qualified_on).days / 365.25 < rules_.new_years)
        reflective[row.team_id] = reflective.get(row.team_id, 0.0) + (
            rules_.reflective_hours_new if new else rules_.reflective_hours_experienced)
    per_team: dict[str, int] = {}
    for s in supervisors:
        per_team[s.team_id] = per_team.get(s.team_id, 0) + 1
    return {s.staff_id: max((s.supervision_hours if s.supervision_hours is not None
                             else rules_.hours_per_fte * s.fte)
                            - reflective.get(s.team_id, 0.0) / per_team[s.team_id], 0.0)
            for s in supervisors}


def load_instance(engine: Engine, ref: ReferenceData, cycle_id: str,
                  short_teams: set[str] | None = None, strict_preferences: bool = False,
                  pins: dict[str, tuple[str, str]] | None = None,
                  side: SideRules | None = None, extra_supervisors: set[str] = frozenset(),
                  lottery_seed: int = 0) -> Instance:
    """Read the trainees of `cycle_id` and every team and supervisor from the database."""
    with Session(engine) as session:
        cycle = session.get(PlacementCycle, cycle_id)
        if cycle is None:
            known = ", ".join(sorted(session.scalars(select(PlacementCycle.cycle_id)))) or "none"
            raise NotFound(f"no placement cycle {cycle_id!r} (cycles: {known})")
        # Plain rows, not ORM objects: a national cycle has tens of thousands of them.
        in_cycle = Trainee.cycle_id == cycle_id
        trainees = session.execute(select(
            Trainee.trainee_id, Trainee.programme, Trainee.lat, Trainee.lon,
            Trainee.max_travel_km, Trainee.year, Trainee.course_requires_placement,
            Trainee.employing_team, Trainee.starts_on, Trainee.ends_on)
            .where(in_cycle).order_by(Trainee.trainee_id)).all()
        prefs: dict[str, list[str]] = {}
        for trainee_id, team_id in session.execute(
                select(TraineePreference.trainee_id, TraineePreference.team_id)
                .join(Trainee, Trainee.trainee_id == TraineePreference.trainee_id)
                .where(in_cycle).order_by(TraineePreference.trainee_id, TraineePreference.rank)):
            prefs.setdefault(trainee_id, []).append(team_id)
        excluded: dict[str, set[str]] = {}
        for trainee_id, team_id in session.execute(
                select(TraineeExclusion.trainee_id, TraineeExclusion.team_id)
                .join(Trainee, Trainee.trainee_id == TraineeExclusion.trainee_id)
                .where(in_cycle)):
            excluded.setdefault(trainee_id, set()).add(team_id)
        teams = session.execute(select(Team.team_id, Team.lat, Team.lon, Team.max_trainees)
                                .order_by(Team.team_id)).all()
        unplaced = [t.team_id for t in teams if t.lat is None or t.lon is None]
        if unplaced:
            raise UserError(f"teams {', '.join(unplaced)} have no lat/lon: placements measure "
                            "travel to every team, so add them to the teams file and import it")
        others = session.execute(select(Staff.team_id, Staff.qualified_on).where(
            Staff.supervisor.is_(False), Staff.staff_id.not_in(sorted(extra_supervisors)))).all()
        staff = session.execute(select(
            Staff.staff_id, Staff.team_id, Staff.profession, Staff.band, Staff.aimh_level,
            Staff.qualified_on, Staff.max_supervisees, Staff.fte, Staff.supervision_hours,
            Staff.supervisor_trained_on).where(
            (Staff.supervisor.is_(True)) | (Staff.staff_id.in_(sorted(extra_supervisors))))
            .order_by(Staff.staff_id)).all()
        missing = sorted(set(extra_supervisors) - {s.staff_id for s in staff})
        if missing:
            raise NotFound(f"no staff member {missing[0]!r}: see `workforce export staff`")
    short_teams = short_teams or set()
    hours = supervision_hours(staff, others, ref.placement, cycle.starts_on)
    return Instance(
        cycle_id=cycle_id, starts_on=cycle.starts_on,
        applicants=tuple(Applicant(t.trainee_id, t.programme, t.lat, t.lon, t.max_travel_km,
                                   tuple(prefs.get(t.trainee_id, ())),
                                   frozenset(excluded.get(t.trainee_id, ())), t.year,
                                   bool(t.course_requires_placement), t.employing_team,
                                   t.starts_on, t.ends_on)
                         for t in trainees),
        teams=tuple(TeamSlot(t.team_id, t.lat, t.lon, t.max_trainees, t.team_id in short_teams)
                    for t in teams),
        supervisors=tuple(Supervisor(s.staff_id, s.team_id, s.profession,
                                     ref.bands.rank.get(s.band, -1), s.aimh_level,
                                     s.qualified_on,
                                     supervisor_capacity(s, ref.placement),
                                     hours[s.staff_id], s.supervisor_trained_on)
                          for s in staff),
        programmes=dict(ref.placement.programmes),
        band_rank=dict(ref.bands.rank),
        gap_team_weight=ref.placement.gap_team_weight,
        strict_preferences=strict_preferences,
        pins=dict(pins or {}),
        side=side or SideRules(),
        lottery_seed=lottery_seed,
    )
