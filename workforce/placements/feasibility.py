"""Who may be placed where: each hard rule a named function that can say why not.

Pair rules judge a trainee and a team; supervisor rules judge a supervisor for a
programme. A team is a candidate for a trainee when every pair rule passes and at
least one of its supervisors passes every supervisor rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from workforce.placements.instance import Applicant, Instance, Supervisor, TeamSlot

#: Mean Earth radius in km (IUGG), for great-circle distances.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distances_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distances between numpy arrays of points, element-wise."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


# --- supervisor rules ------------------------------------------------------------------

SupervisorRule = Callable[[Instance, str, Supervisor], str | None]
SUPERVISOR_RULES: dict[str, SupervisorRule] = {}


def supervisor_rule(func: SupervisorRule) -> SupervisorRule:
    SUPERVISOR_RULES[func.__name__] = func
    return func


@supervisor_rule
def profession(instance: Instance, programme: str, s: Supervisor) -> str | None:
    allowed = instance.programmes[programme].supervisor_professions
    return None if s.profession in allowed else f"{s.staff_id} is a {s.profession}"


def _local(instance: Instance, programme: str, rule: str) -> str:
    """Said after a reason when the threshold is the tool's own choice, not the profession's."""
    if rule in instance.programmes[programme].local_rules:
        return "; a local rule, off with apply_local_rules: false"
    return ""


@supervisor_rule
def band(instance: Instance, programme: str, s: Supervisor) -> str | None:
    minimum = instance.programmes[programme].min_band
    if s.band_rank >= instance.band_rank[minimum]:
        return None
    return f"{s.staff_id} is below band {minimum}{_local(instance, programme, 'min_band')}"


@supervisor_rule
def aimh_level(instance: Instance, programme: str, s: Supervisor) -> str | None:
    minimum = instance.programmes[programme].min_aimh_level
    if s.aimh_level >= minimum:
        return None
    return (f"{s.staff_id} holds AiMH level {s.aimh_level} (needs {minimum}"
            f"{_local(instance, programme, 'min_aimh_level')})")


@supervisor_rule
def years_qualified(instance: Instance, programme: str, s: Supervisor) -> str | None:
    minimum = instance.programmes[programme].min_years_qualified
    if s.qualified_on is None:
        return f"{s.staff_id} has no qualified_on date"
    years = (instance.starts_on - s.qualified_on).days / 365.25
    if years >= minimum:
        return None
    return (f"{s.staff_id} qualified {years:.1f} years before the cycle (needs {minimum:g}"
            f"{_local(instance, programme, 'min_years_qualified')})")


@supervisor_rule
def supervisor_capacity(instance: Instance, programme: str, s: Supervisor) -> str | None:
    return None if s.capacity > 0 else f"{s.staff_id} takes no supervisees"


@supervisor_rule
def supervision_hours(instance: Instance, programme: str, s: Supervisor) -> str | None:
    rules = instance.programmes[programme]
    if s.hours + 1e-9 >= rules.supervision_hours:
        return None
    return (f"{s.staff_id} has {s.hours:.3g} of the {rules.supervision_hours:g} hours a week a "
            f"{rules.label[0].lower() + rules.label[1:]} trainee needs")


@supervisor_rule
def supervisor_training(instance: Instance, programme: str, s: Supervisor) -> str | None:
    """A supervisor with no training date recorded is not held to the rule (the date is
    optional in the staff file)."""
    limit = instance.programmes[programme].max_years_since_supervisor_training
    if limit is None or s.trained_on is None:
        return None
    years = (instance.starts_on - s.trained_on).days / 365.25
    if years <= limit:
        return None
    return (f"{s.staff_id} last attended supervisor training {years:.1f} years before the "
            f"cycle (the programme asks for it every {limit:g})")


def trainee_places(instance: Instance, s: Supervisor, programmes: list[str]) -> int:
    """How many trainees `s` can take: their own limit, and as many as their hours allow
    at the most any of `programmes` (those they may supervise) needs, so that a plan
    mixing programmes never exceeds their hours."""
    need = max(instance.programmes[p].supervision_hours for p in programmes)
    if need <= 0 or math.isinf(s.hours):
        return max(s.capacity, 0)
    by_hours = math.floor(s.hours / need + 1e-9)
    return max(min(s.capacity, by_hours), 0)


# --- pair rules ------------------------------------------------------------------------

PairRule = Callable[[Instance, Applicant, TeamSlot], str | None]
PAIR_RULES: dict[str, PairRule] = {}


def pair_rule(func: PairRule) -> PairRule:
    PAIR_RULES[func.__name__] = func
    return func


@pair_rule
def employed(instance: Instance, a: Applicant, team: TeamSlot) -> str | None:
    if a.employing_team is None or a.employing_team == team.team_id:
        return None
    return f"{a.trainee_id} is employed by {a.employing_team} and trains there"


@pair_rule
def excluded(instance: Instance, a: Applicant, team: TeamSlot) -> str | None:
    if a.employing_team == team.team_id:  # their own service: where they work
        return None
    return f"{a.trainee_id} excludes {team.team_id}" if team.team_id in a.excluded else None


@pair_rule
def distance(instance: Instance, a: Applicant, team: TeamSlot) -> str | None:
    if a.employing_team == team.team_id:
        return None
    km = distance_km(a.lat, a.lon, team.lat, team.lon)
    return None if km <= a.max_travel_km else f"{km:.0f} km away (limit {a.max_travel_km:g} km)"


@pair_rule
def team_capacity(instance: Instance, a: Applicant, team: TeamSlot) -> str | None:
    return None if team.capacity > 0 else f"{team.team_id} takes no trainees"


@pair_rule
def listed(instance: Instance, a: Applicant, team: TeamSlot) -> str | None:
    if (not instance.strict_preferences or team.team_id in a.preferences
            or a.employing_team == team.team_id):
        return None
    return f"{team.team_id} is not in {a.trainee_id}'s preferences (--strict-preferences)"


# --- candidates ------------------------------------------------------------------------

class Candidate(NamedTuple):
    """A team a trainee may be placed in (a named tuple: there are millions nationally)."""

    team_id: str
    rank: int | None  # preference rank, None when unlisted
    cost: int  # preference cost: the rank, or the cycle's unlisted cost
    km: float


def eligible_supervisors(instance: Instance) -> dict[tuple[str, str], list[Supervisor]]:
    """(team, programme) -> the team's supervisors who pass every supervisor rule,
    worked out once per instance (the solver, summary and explanations all ask)."""
    if "eligible" not in instance.memo:
        instance.memo["eligible"] = _supervisors_passing_every_rule(instance)
    return instance.memo["eligible"]


def _supervisors_passing_every_rule(instance: Instance) -> dict[tuple[str, str], list[Supervisor]]:
    """(team, programme) -> the team's supervisors who pass every supervisor rule."""
    out: dict[tuple[str, str], list[Supervisor]] = {}
    for s in instance.supervisors:
        for programme in instance.programmes:
            if s.added_for not in (None, programme):  # a what-if place for one programme
                continue
            if not any(rule(instance, programme, s) for rule in SUPERVISOR_RULES.values()):
                out.setdefault((s.team_id, programme), []).append(s)
    return out


#: Trainees whose distances to every team are computed in one array operation.
CHUNK = 512


@dataclass
class CandidateTable:
    """Every acceptable (trainee, team) pair as parallel numpy arrays, one row a pair,
    grouped by trainee (in the instance's order), each trainee's rows by preference cost,
    then team id. Arrays, not objects: there are millions of pairs nationally, and the
    flow network is built from them in a few array operations."""

    trainee_ids: list[str]  # row's `trainee` indexes this: the instance's applicants
    team_ids: list[str]  # row's `team` indexes this: teams in id order
    trainee: Any  # int32 array
    team: Any  # int32 array
    rank: Any  # int32 array, 0 when the trainee did not list the team
    cost: Any  # int64 array: the rank, or the cycle's unlisted cost
    km: Any  # float64 array

    def __len__(self) -> int:
        return len(self.trainee)

    def where(self, keep) -> CandidateTable:
        """The rows where the boolean array `keep` is true."""
        return replace(self, trainee=self.trainee[keep], team=self.team[keep],
                       rank=self.rank[keep], cost=self.cost[keep], km=self.km[keep])

    def without(self, pairs: set[tuple[str, str]]) -> CandidateTable:
        """The table less the (trainee, team) pairs given."""
        import numpy as np

        if not pairs:
            return self
        trainee = {t: i for i, t in enumerate(self.trainee_ids)}
        team = {t: i for i, t in enumerate(self.team_ids)}
        width = max(len(self.team_ids), 1)
        drop = np.array([trainee[a] * width + team[b] for a, b in pairs], dtype=np.int64)
        return self.where(~np.isin(self.trainee.astype(np.int64) * width + self.team, drop))

    def candidate(self, row: int) -> Candidate:
        rank = int(self.rank[row])
        return Candidate(self.team_ids[self.team[row]], rank or None, int(self.cost[row]),
                         float(self.km[row]))

    def by_trainee(self) -> dict[str, list[Candidate]]:
        """Each trainee's candidates as objects (for CP-SAT, which builds one variable each)."""
        out: dict[str, list[Candidate]] = {t: [] for t in self.trainee_ids}
        for row in range(len(self)):
            out[self.trainee_ids[self.trainee[row]]].append(self.candidate(row))
        return out

    def teams_of(self, trainee_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """The candidate teams of the trainees named, in candidate order."""
        import numpy as np

        index = {t: i for i, t in enumerate(self.trainee_ids)}
        starts = np.searchsorted(self.trainee, np.arange(len(self.trainee_ids) + 1))
        return {t: tuple(self.team_ids[c] for c in
                         self.team[starts[index[t]]:starts[index[t] + 1]].tolist())
                for t in trainee_ids}


def candidates(instance: Instance,
               eligible: dict[tuple[str, str], list[Supervisor]] | None = None
               ) -> CandidateTable:
    """Each trainee's acceptable teams: every hard rule but capacity sharing passes."""
    import numpy as np

    eligible = eligible if eligible is not None else eligible_supervisors(instance)
    # Columns in team-id order, so each trainee's unlisted teams come out already sorted.
    added = {s.team_id for s in instance.supervisors if s.added_for}  # rooms of their own
    teams = sorted((t for t in instance.teams if t.capacity > 0 or t.team_id in added),
                   key=lambda t: t.team_id)
    team_ids = [t.team_id for t in teams]
    team_lat = np.array([t.lat for t in teams])
    team_lon = np.array([t.lon for t in teams])
    programmes = {name: i for i, name in enumerate(instance.programmes)}
    column = {t.team_id: i for i, t in enumerate(teams)}
    supervised = np.zeros((len(programmes), len(teams)), dtype=bool)
    for team_id, name in eligible:
        if team_id in column:
            supervised[programmes[name], column[team_id]] = True
    parts: list[tuple] = []
    # Chunks of trainees close in latitude, so each chunk looks only at a band of teams.
    order = sorted(range(len(instance.applicants)), key=lambda i: instance.applicants[i].lat)
    for start in range(0, len(order), CHUNK):
        index = np.array(order[start:start + CHUNK])
        chunk = [instance.applicants[i] for i in index.tolist()]
        a_lat = np.array([a.lat for a in chunk])[:, None]
        a_lon = np.array([a.lon for a in chunk])[:, None]
        limits = np.array([a.max_travel_km for a in chunk])[:, None]
        # A cheap box first (a degree of latitude is at least 110.5 km; of longitude, at
        # least that times the cosine of the box's most polar latitude), then the exact
        # great-circle distance for the pairs inside it.
        box_deg = limits / 110.5
        band = np.nonzero((team_lat >= (a_lat - box_deg).min())
                          & (team_lat <= (a_lat + box_deg).max()))[0]
        lat_deg, lon_deg = team_lat[band][None, :], team_lon[band][None, :]
        polar = np.minimum(np.abs(a_lat) + box_deg, 89.0)
        inside = (np.abs(lat_deg - a_lat) <= box_deg) & (
            np.abs(lon_deg - a_lon) <= box_deg / np.cos(np.radians(polar)))
        inside &= supervised[[programmes[a.programme] for a in chunk]][:, band]
        rows, cols = np.nonzero(inside)
        km = distances_km(a_lat[rows, 0], a_lon[rows, 0], lat_deg[0, cols], lon_deg[0, cols])
        keep = km <= limits[rows, 0]
        parts.append((index[rows[keep]], band[cols[keep]], km[keep]))
    trainee = np.concatenate([p[0] for p in parts] or [np.zeros(0, int)]).astype(np.int32)
    team = np.concatenate([p[1] for p in parts] or [np.zeros(0, int)]).astype(np.int32)
    km = np.concatenate([p[2] for p in parts] or [np.zeros(0)])
    # An employed trainee's one candidate is their employing team, wherever it is, when it
    # has a place and an eligible supervisor.
    employed = {i: a for i, a in enumerate(instance.applicants) if a.employing_team}
    if employed:
        others = ~np.isin(trainee, list(employed))
        own = [(i, column[a.employing_team]) for i, a in employed.items()
               if a.employing_team in column
               and supervised[programmes[a.programme], column[a.employing_team]]]
        own_rows = np.array([i for i, _ in own], dtype=np.int32)
        own_cols = np.array([c for _, c in own], dtype=np.int32)
        own_km = distances_km(np.array([instance.applicants[i].lat for i, _ in own]),
                              np.array([instance.applicants[i].lon for i, _ in own]),
                              team_lat[own_cols], team_lon[own_cols])
        trainee = np.concatenate([trainee[others], own_rows])
        team = np.concatenate([team[others], own_cols])
        km = np.concatenate([km[others], own_km])
    # Ranks and exclusions by one key per (trainee, team): trainee * teams + team.
    width = max(len(teams), 1)
    key = trainee.astype(np.int64) * width + team
    listed_keys, listed_ranks, excluded_keys = [], [], []
    for i, a in enumerate(instance.applicants):
        for r, team_id in enumerate(a.preferences, start=1):
            if team_id in column:
                listed_keys.append(i * width + column[team_id])
                listed_ranks.append(r)
        excluded_keys.extend(i * width + column[t] for t in a.excluded if t in column)
    rank = np.zeros(len(key), dtype=np.int32)
    if listed_keys:
        sorter = np.argsort(listed_keys)
        sorted_keys = np.array(listed_keys, dtype=np.int64)[sorter]
        at = np.minimum(np.searchsorted(sorted_keys, key), len(sorted_keys) - 1)
        hit = sorted_keys[at] == key
        rank[hit] = np.array(listed_ranks, dtype=np.int32)[sorter][at[hit]]
    own_team = np.zeros(len(key), dtype=bool)
    if employed:
        own_team = np.isin(trainee, list(employed))
    keep = own_team | ~np.isin(key, np.array(excluded_keys, dtype=np.int64))
    if instance.strict_preferences:
        keep &= (rank > 0) | own_team
    # An employing team costs as a first choice: it is where the trainee works.
    cost = np.where(own_team, 1, np.where(rank > 0, rank, instance.unlisted_cost))
    cost = cost.astype(np.int64)
    ordered = np.lexsort((team, cost, trainee))  # by trainee, then cost, then team id
    ordered = ordered[keep[ordered]]
    return CandidateTable([a.trainee_id for a in instance.applicants], team_ids,
                          trainee[ordered], team[ordered], rank[ordered], cost[ordered],
                          km[ordered])


def nearest_teams(instance: Instance, applicants: list[Applicant], k: int
                  ) -> dict[str, list[str]]:
    """Each applicant's `k` nearest teams beyond their own list, nearest first, with the
    distances to every team computed a chunk of trainees at a time."""
    import numpy as np

    teams = list(instance.teams)
    team_lat = np.array([t.lat for t in teams])[None, :]
    team_lon = np.array([t.lon for t in teams])[None, :]
    out: dict[str, list[str]] = {}
    for start in range(0, len(applicants), CHUNK):
        chunk = applicants[start:start + CHUNK]
        km = distances_km(np.array([a.lat for a in chunk])[:, None],
                          np.array([a.lon for a in chunk])[:, None], team_lat, team_lon)
        for row, a in zip(km, chunk, strict=True):
            want = min(k + len(a.preferences), len(teams))
            near = np.argpartition(row, want - 1)[:want] if want else np.array([], int)
            ordered = sorted(near.tolist(), key=lambda i: (row[i], teams[i].team_id))
            out[a.trainee_id] = [teams[i].team_id for i in ordered
                                 if teams[i].team_id not in a.preferences][:k]
    return out


def why_not(instance: Instance, a: Applicant, team: TeamSlot,
            staff: list[Supervisor] | None = None) -> list[str]:
    """Every rule that stops `a` being placed in `team`, as readable reasons; `staff`,
    the team's supervisors, when the caller has them indexed."""
    reasons = [f"{name}: {msg}" for name, rule in PAIR_RULES.items()
               if (msg := rule(instance, a, team))]
    if staff is None:
        staff = [s for s in instance.supervisors if s.team_id == team.team_id]
    if not staff:
        return [*reasons, "no_supervisor: the team has no supervisors"]
    per_supervisor = [[f"{name}: {msg}" for name, rule in SUPERVISOR_RULES.items()
                       if (msg := rule(instance, a.programme, s))] for s in staff]
    if all(per_supervisor):
        professions = instance.programmes[a.programme].supervisor_professions
        if not any(s.profession in professions for s in staff):
            reasons.append(f"profession: no supervisor who is a "
                           f"{' or '.join(professions) if len(professions) < 4 else 'clinician'}")
        else:
            reasons.extend(sorted({p for problems in per_supervisor for p in problems
                                   if not p.startswith("profession")}))
    return reasons
