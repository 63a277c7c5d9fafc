"""Small placement instances for tests, built from plain data."""

from __future__ import annotations

import datetime as dt
import math

from workforce.placements.instance import Applicant, Instance, SideRules, Supervisor, TeamSlot
from workforce.reference import load_reference

REF = load_reference()
START = dt.date(2026, 9, 1)


def sup(staff_id, team_id, profession="clinical_psychologist", band="8a", level=3,
        qualified=dt.date(2010, 1, 1), capacity=1, hours=math.inf, trained=None) -> Supervisor:
    return Supervisor(staff_id, team_id, profession, REF.bands.order[band], level, qualified,
                      capacity, hours, trained)


def team(team_id, lat=52.0, lon=-1.0, capacity=2, short=False) -> TeamSlot:
    return TeamSlot(team_id, lat, lon, capacity, short)


def trainee(trainee_id, programme="clinical_psychology", lat=52.0, lon=-1.0, travel=50,
            prefs=(), excluded=(), year=1, employing=None, starts=None, ends=None) -> Applicant:
    return Applicant(trainee_id, programme, lat, lon, travel, tuple(prefs), frozenset(excluded),
                     year, employing_team=employing, starts_on=starts, ends_on=ends)


def instance(applicants, teams, supervisors, strict=False, pins=None, side=None) -> Instance:
    return Instance("test", START, tuple(applicants), tuple(teams), tuple(supervisors),
                    dict(REF.placement.programmes), dict(REF.bands.order),
                    REF.placement.gap_team_weight, strict, dict(pins or {}),
                    side or SideRules())
