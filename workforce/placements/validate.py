"""An independent check of every hard rule on a finished plan.

Deliberately shares no code with the model builder (feasibility.py, solve.py): it
re-derives distances, eligibility and capacities from the instance's plain data, so a
bug in the solver's model cannot hide itself. Every plan the planner prints or saves
passes through `violations`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter

from workforce.placements.instance import Instance

_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the atan2 form of the haversine formula."""
    a = (math.sin(math.radians(lat2 - lat1) / 2) ** 2 + math.cos(math.radians(lat1))
         * math.cos(math.radians(lat2)) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * _RADIUS_KM * math.atan2(math.sqrt(a), math.sqrt(max(0.0, 1 - a)))


def _span(instance: Instance, a) -> tuple[dt.date, dt.date]:
    """The trainee's placement as [first day, day after the last), from their own dates or
    their programme's months, counted here month by month."""
    rules = instance.programmes[a.programme]

    def shift(day: dt.date, months: int) -> dt.date:
        year, month = day.year, day.month
        for _ in range(abs(months)):
            month += 1 if months > 0 else -1
            if month in (0, 13):
                year, month = year + (1 if month else -1), 1 if month else 12
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    if a.starts_on is None and a.ends_on is None:
        start = shift(instance.starts_on, rules.placement_starts_after_months)
        return start, shift(start, rules.placement_months)
    if a.ends_on is None:
        return a.starts_on, shift(a.starts_on, rules.placement_months)
    end = a.ends_on + dt.timedelta(days=1)
    return a.starts_on or shift(end, -rules.placement_months), end


def violations(instance: Instance, plan: list[tuple[str, str, str]]) -> list[str]:
    """Every hard rule the plan (trainee, team, supervisor) breaks; empty when it is valid."""
    problems: list[str] = []
    trainees = {a.trainee_id: a for a in instance.applicants}
    teams = {t.team_id: t for t in instance.teams}
    staff = {s.staff_id: s for s in instance.supervisors}
    seen = Counter(t for t, _, _ in plan)
    problems += [f"{t} is placed {n} times" for t, n in sorted(seen.items()) if n > 1]
    for trainee_id, team_id, staff_id in plan:
        a, team, s = trainees.get(trainee_id), teams.get(team_id), staff.get(staff_id)
        if a is None or team is None or s is None:
            problems.append(f"{trainee_id} -> {team_id}/{staff_id} names an unknown "
                            "trainee, team or supervisor")
            continue
        rules = instance.programmes[a.programme]
        if s.team_id != team_id:
            problems.append(f"{trainee_id}: supervisor {staff_id} is not in {team_id}")
        if s.added_for is not None and s.added_for != a.programme:
            problems.append(f"{trainee_id}: {staff_id} is a what-if place for "
                            f"{s.added_for} only")
        if s.profession not in rules.supervisor_professions:
            problems.append(f"{trainee_id}: {staff_id} ({s.profession}) may not supervise "
                            f"{a.programme}")
        if s.band_rank < instance.band_rank[rules.min_band]:
            problems.append(f"{trainee_id}: {staff_id} is below band {rules.min_band}")
        if s.aimh_level < rules.min_aimh_level:
            problems.append(f"{trainee_id}: {staff_id} is below AiMH level "
                            f"{rules.min_aimh_level}")
        limit = rules.max_years_since_supervisor_training
        if limit is not None and s.trained_on is not None and (
                (instance.starts_on - s.trained_on).days / 365.25 > limit):
            problems.append(f"{trainee_id}: {staff_id} last trained in supervision over "
                            f"{limit:g} years before the cycle")
        if s.qualified_on is None or (
                (instance.starts_on - s.qualified_on).days / 365.25 < rules.min_years_qualified):
            problems.append(f"{trainee_id}: {staff_id} qualified under "
                            f"{rules.min_years_qualified:g} years before the cycle")
        if a.employing_team is not None:  # trains where they work, wherever that is
            if team_id != a.employing_team:
                problems.append(f"{trainee_id}: employed by {a.employing_team}, placed in "
                                f"{team_id}")
            continue
        if _km(a.lat, a.lon, team.lat, team.lon) > a.max_travel_km + 1e-6:
            problems.append(f"{trainee_id}: {team_id} is beyond {a.max_travel_km:g} km")
        if team_id in a.excluded:
            problems.append(f"{trainee_id}: {team_id} is excluded")
        if instance.strict_preferences and team_id not in a.preferences:
            problems.append(f"{trainee_id}: {team_id} is not in their preferences")
    known = [(t, team, s) for t, team, s in plan if t in trainees]
    spans = {t: _span(instance, trainees[t]) for t, _, _ in known}
    for day in sorted({start for start, _ in spans.values()}):
        here = [(t, team, s) for t, team, s in known if spans[t][0] <= day < spans[t][1]]
        in_room = Counter(team for _, team, s in here  # a what-if place's room is its own
                          if s not in staff or staff[s].added_for is None)
        limit = instance.side.max_per_programme_per_team
        by_programme = Counter((team, trainees[t].programme) for t, team, _ in here)
        for (team_id, programme), n in sorted(by_programme.items()):
            if limit is not None and n > limit:
                problems.append(f"{team_id} has {n} {programme} trainees on {day}, the side "
                                f"rule allows {limit}")
        for team_id, n in sorted(in_room.items()):
            if team_id in teams and n > teams[team_id].capacity:
                problems.append(f"{team_id} takes {teams[team_id].capacity} trainees, plan has "
                                f"{n} on {day}")
        for staff_id, n in sorted(Counter(s for _, _, s in here).items()):
            if staff_id in staff and n > staff[staff_id].capacity:
                problems.append(f"{staff_id} supervises {staff[staff_id].capacity}, plan has "
                                f"{n} on {day}")
        hours: dict[str, float] = {}
        for trainee_id, _, staff_id in here:
            if staff_id in staff:
                need = instance.programmes[trainees[trainee_id].programme].supervision_hours
                hours[staff_id] = hours.get(staff_id, 0.0) + need
        for staff_id, used in sorted(hours.items()):
            if used > staff[staff_id].hours + 1e-6:
                problems.append(f"{staff_id} has {staff[staff_id].hours:g} supervision hours a "
                                f"week, plan needs {used:g} on {day}")
    placed = {t: (team, s) for t, team, s in plan}
    for x, y in instance.side.apart:
        if x in placed and placed[x][0] == placed.get(y, ("",))[0]:
            problems.append(f"{x} and {y} are to be apart but are both in {placed[x][0]}")
    for x, y in instance.side.together:
        if placed.get(x, ("",))[0] != placed.get(y, ("",))[0]:
            problems.append(f"{x} and {y} are to be together but are placed in "
                            f"{placed.get(x, ('nowhere',))[0]} and "
                            f"{placed.get(y, ('nowhere',))[0]}")
    for trainee_id, pin in sorted(instance.pins.items()):
        if placed.get(trainee_id) != pin:
            problems.append(f"{trainee_id}: pinned to {pin[0]}/{pin[1]} but not placed there")
    return problems
