"""Generate a national-scale placement instance as plain data (no database).

2,000 teams spread over England, about 6,000 supervisors, 10,000 trainees whose travel
limits reach 30-50 teams each. Seeded, so every run measures the same instance.
"""

from __future__ import annotations

import datetime as dt
import random

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
