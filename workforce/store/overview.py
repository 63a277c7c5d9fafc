"""A short overview of what the database holds: teams, staff by band and AiMH level, trainees."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import UserError
from workforce.reference import ReferenceData
from workforce.store.models import Area, PlacementCycle, Staff, Team, Trainee


@dataclass(frozen=True)
class Overview:
    areas: int
    teams: list[dict]          # per area: area_id, name, teams
    staff: int
    staff_fte: float
    by_band_level: dict[str, dict[int, int]]  # band -> AiMH level -> people
    cycle: str | None
    trainees_by_programme: dict[str, int]


def current_cycle(session: Session, today: dt.date | None = None) -> str | None:
    """The cycle containing today (a cycle runs a year from its start), else the next to
    start; None when every cycle is over. Two cycles containing today is ambiguous: refused."""
    today = today or dt.date.today()
    cycles = sorted(session.scalars(select(PlacementCycle)),
                    key=lambda c: (c.starts_on, c.cycle_id))
    containing = [c for c in cycles if c.starts_on <= today < _a_year_after(c.starts_on)]
    if len(containing) > 1:
        raise UserError(f"{len(containing)} placement cycles contain today ({today}): "
                        f"{', '.join(c.cycle_id for c in containing)}; choose one with --cycle")
    if containing:
        return containing[0].cycle_id
    upcoming = [c for c in cycles if c.starts_on > today]
    return upcoming[0].cycle_id if upcoming else None


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def overview(engine: Engine, ref: ReferenceData, today: dt.date | None = None) -> Overview:
    with Session(engine) as session:
        areas = session.scalars(select(Area).order_by(Area.area_id)).all()
        team_counts = dict(session.execute(
            select(Team.area_id, func.count()).group_by(Team.area_id)).all())
        band_level = Counter(session.execute(select(Staff.band, Staff.aimh_level)).all())
        staff, fte = session.execute(select(func.count(), func.coalesce(func.sum(Staff.fte), 0))
                                     ).one()
        cycle = current_cycle(session, today)
        programmes = dict(session.execute(
            select(Trainee.programme, func.count()).where(Trainee.cycle_id == cycle)
            .group_by(Trainee.programme)).all()) if cycle else {}
    order = ref.bands.order
    by_band: dict[str, dict[int, int]] = {}
    for (band, level), count in sorted(band_level.items(), key=lambda kv: (order.get(kv[0][0], 99),
                                                                            kv[0][1])):
        by_band.setdefault(band, {})[level] = count
    return Overview(
        areas=len(areas),
        teams=[{"area_id": a.area_id, "name": a.name, "teams": team_counts.get(a.area_id, 0)}
               for a in areas],
        staff=staff,
        staff_fte=round(float(fte), 2),
        by_band_level=by_band,
        cycle=cycle,
        trainees_by_programme=dict(sorted(programmes.items())),
    )
