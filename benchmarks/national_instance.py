"""Generate a national-scale placement instance as plain data (no database).

2,000 teams spread over England, about 6,000 supervisors, 10,000 trainees whose travel
limits reach 30-50 teams each. Seeded, so every run measures the same instance.
`write_database` stores one in SQLite, so the benchmark can time the command itself.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

from workforce.placements.instance import Applicant, Instance, SideRules, Supervisor, TeamSlot
from workforce.reference import load_reference

PROFESSIONS = ["clinical_psychologist", "child_psychotherapist", "parent_infant_psychotherapist",
               "music_therapist", "health_visitor", "mental_health_nurse"]
PROGRAMMES = ["clinical_psychology", "child_psychotherapy", "music_therapy", "cyp_iapt_0_5"]


def national(trainees: int = 10_000, teams: int = 2_000, supervisors: int = 6_000,
             seed: int = 7, side: SideRules | None = None) -> Instance:
    ref = load_reference()
    rng = random.Random(seed)
    team_slots = [TeamSlot(f"T{i:04d}", rng.uniform(50.8, 54.8), rng.uniform(-3.2, 1.2),
                           rng.choice([0, 2, 3, 4, 5, 6]), rng.random() < 0.3)
                  for i in range(teams)]
    bands = ["6", "7", "8a", "8b", "8c"]
    sups = [Supervisor(f"S{i:05d}", rng.choice(team_slots).team_id,
                       rng.choices(PROFESSIONS, weights=[4, 2, 2, 1, 3, 2])[0],
                       ref.bands.order[rng.choice(bands)], rng.choice([2, 3, 3]),
                       dt.date(rng.randint(1995, 2025), 1, 1), rng.choice([1, 2, 2, 3]))
            for i in range(supervisors)]
    applicants = []
    for i in range(trainees):
        lat, lon = rng.uniform(50.8, 54.8), rng.uniform(-3.2, 1.2)
        listed = tuple(t.team_id for t in rng.sample(team_slots, rng.randint(0, 5)))
        programme = rng.choices(PROGRAMMES, weights=[4, 2, 1, 3])[0]
        applicants.append(Applicant(f"R{i:05d}", programme, lat, lon, rng.uniform(27, 34),
                                    listed, frozenset(), rng.randint(1, 3)))
    return Instance("national", dt.date(2026, 9, 1), tuple(applicants), tuple(team_slots),
                    tuple(sups), dict(ref.placement.programmes), dict(ref.bands.order),
                    ref.placement.gap_team_weight, False, {}, side or SideRules())


def write_database(instance: Instance, path: Path) -> str:
    """Write `instance` into a migrated SQLite database at `path`, as `workforce import`
    would leave it (in bulk, for speed); returns the database URL."""
    from workforce.store.db import get_engine, migrate

    url = f"sqlite:///{path}"
    engine = get_engine(url)
    migrate(engine)
    engine.dispose()
    band_of = {rank: band for band, rank in instance.band_rank.items()}
    con = sqlite3.connect(path)
    con.execute("INSERT INTO area (area_id, name) VALUES ('E', 'England')")
    con.executemany("INSERT INTO team (team_id, name, area_id, organisation, lat, lon, "
                    "max_trainees) VALUES (?, ?, 'E', 'Trust', ?, ?, ?)",
                    [(t.team_id, f"Team {t.team_id}", t.lat, t.lon, t.capacity)
                     for t in instance.teams])
    con.executemany("INSERT INTO staff (staff_id, name, team_id, profession, role, band, fte, "
                    "aimh_level, supervisor, max_supervisees, qualified_on) "
                    "VALUES (?, ?, ?, ?, 'practitioner', ?, 1.0, ?, 1, ?, ?)",
                    [(s.staff_id, f"Person {s.staff_id}", s.team_id, s.profession,
                      band_of[s.band_rank], s.aimh_level, s.capacity,
                      s.qualified_on.isoformat()) for s in instance.supervisors])
    con.execute("INSERT INTO placement_cycle (cycle_id, starts_on) VALUES (?, ?)",
                (instance.cycle_id, instance.starts_on.isoformat()))
    con.executemany("INSERT INTO trainee (trainee_id, name, programme, year, cycle_id, lat, "
                    "lon, max_travel_km) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(a.trainee_id, f"Trainee {a.trainee_id}", a.programme, a.year,
                      instance.cycle_id, a.lat, a.lon, a.max_travel_km)
                     for a in instance.applicants])
    con.executemany("INSERT INTO trainee_preference (trainee_id, team_id, rank) "
                    "VALUES (?, ?, ?)",
                    [(a.trainee_id, team_id, rank) for a in instance.applicants
                     for rank, team_id in enumerate(a.preferences, start=1)])
    con.commit()
    con.close()
    return url
