"""Competency audit and gap report over a national-scale workforce, from the database.

50,000 staff in 2,000 teams with fully itemised AiMH attainments (every competency at
every level each person holds, plus part of their next level): about 6 million rows.
Times `gaps` (all teams) and `audit` (one area) end to end, each against a plain SQL
count over the same rows measured in the same run.

Run: python benchmarks/bench_competencies.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workforce.competencies.audit import competency_audit  # noqa: E402
from workforce.competencies.gaps import gap_report  # noqa: E402
from workforce.competencies.levels import refresh_summaries  # noqa: E402
from workforce.reference import load_reference  # noqa: E402
from workforce.store.db import get_engine, migrate, session_scope  # noqa: E402
from workforce.store.models import Staff  # noqa: E402

PROFESSIONS = ["clinical_psychologist", "child_psychotherapist", "health_visitor", "midwife",
               "mental_health_nurse", "peer_support_worker", "administrator"]


def generate(path: Path, staff: int, teams: int, seed: int = 11,
             areas: int | None = None) -> None:
    """Write a migrated database with areas (one per 50 teams unless `areas` says),
    teams, staff and attainments in bulk."""
    ref = load_reference()
    engine = get_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    rng = random.Random(seed)
    ids = ref.framework.competency_ids()
    areas = areas or max(teams // 50, 1)
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO area (area_id, name, population, population_0_2, "
                    "births_per_year) VALUES (?, ?, ?, ?, ?)",
                    [(f"A{a:03d}", f"Area {a}", 1_400_000, 27_000, 13_500)
                     for a in range(areas)])
    con.executemany("INSERT INTO team (team_id, name, area_id, organisation, lat, lon, "
                    "max_trainees, families_per_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(f"T{t:05d}", f"Team {t}", f"A{t % areas:03d}", "Trust",
                      52.0, -1.0, 2, 100) for t in range(teams)])
    people = []
    for s in range(staff):
        level = rng.choice([0, 1, 2, 2, 3, 3])
        people.append((f"S{s:06d}", f"Person {s}", f"T{s % teams:05d}",
                       rng.choice(PROFESSIONS), "lead" if s < teams else "practitioner",
                       rng.choice(["6", "7", "8a", "8b", "8c"]), 1.0, level,
                       level + 1 if level < 3 else None, 0, None, "2010-01-01"))
    con.executemany("INSERT INTO staff (staff_id, name, team_id, profession, role, band, fte, "
                    "aimh_level, working_towards_level, supervisor, max_supervisees, "
                    "qualified_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", people)
    rows = []
    evidenced = dt.date(2025, 1, 1)
    for staff_id, *_, level, towards, _s, _m, _q in people:
        for lv in range(1, level + 1):
            due = (evidenced.replace(year=2028) if rng.random() > 0.01
                   else dt.date(2026, 1, 1)).isoformat()
            rows.extend((staff_id, c, lv, "achieved", evidenced.isoformat(), due, "Assessor")
                        for c in ids)
        if towards:
            rows.extend((staff_id, c, towards, "achieved", evidenced.isoformat(), None,
                         "Assessor") for c in rng.sample(ids, 20))
        if len(rows) > 200_000:
            con.executemany("INSERT INTO attainment (staff_id, competency_id, level, status, "
                            "evidenced_on, review_due, assessed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            rows)
            rows = []
    con.executemany("INSERT INTO attainment (staff_id, competency_id, level, status, "
                    "evidenced_on, review_due, assessed_by) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def summarise(path: Path) -> None:
    """Build everyone's attainment summary with the code imports use to keep it current."""
    engine = get_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        refresh_summaries(session, list(session.scalars(select(Staff.staff_id))))
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()


def best_of(runs: int, func):
    """The fastest of `runs` timings, and the last result."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return min(times), result


ALL_ROWS = "SELECT staff_id, level, count(*) FROM attainment GROUP BY staff_id, level"
GAP_ROWS = ("SELECT s.team_id, count(*), sum(m.achieved) FROM staff s "
            "LEFT JOIN attainment_summary m ON m.staff_id = s.staff_id GROUP BY s.team_id")
AREA_ROWS = ("SELECT a.staff_id, count(*) FROM attainment a JOIN staff s USING (staff_id) "
             "JOIN team t USING (team_id) WHERE t.area_id = ? GROUP BY a.staff_id")


def main() -> None:
    quick = "--quick" in sys.argv
    staff, teams = (5_000, 200) if quick else (50_000, 2_000)
    today, area = dt.date(2026, 11, 23), "A000"
    ref = load_reference()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.sqlite"
        seconds, _ = best_of(1, lambda: generate(path, staff, teams))
        summary_s, _ = best_of(1, lambda: summarise(path))
        con = sqlite3.connect(path)
        rows = con.execute("SELECT count(*) FROM attainment").fetchone()[0]
        all_s, _ = best_of(3, lambda: con.execute(ALL_ROWS).fetchall())
        gap_rows_s, _ = best_of(3, lambda: con.execute(GAP_ROWS).fetchall())
        area_s, _ = best_of(3, lambda: con.execute(AREA_ROWS, (area,)).fetchall())
        con.close()
        engine = get_engine(f"sqlite:///{path}")
        gaps_s, report = best_of(3, lambda: gap_report(engine, ref, today=today))
        audit_s, audit = best_of(3, lambda: competency_audit(engine, ref, area=area,
                                                             today=today))
        engine.dispose()
    audited = sum(len(t.people) for t in audit.teams)
    print(f"workforce: {staff:,} staff, {teams:,} teams, {rows:,} attainment rows "
          f"(generated in {seconds:.0f} s; attainment summary built in {summary_s:.1f} s "
          "by the code imports use to keep it current)")
    print("best of 3 runs each:")
    line("SQL: count every attainment row by person and level", all_s)
    line("SQL: count the staff and summary rows gaps reads", gap_rows_s)
    line(f"SQL: count the attainment rows of area {area}", area_s)
    line(f"gaps, every team ({len(report.teams):,}), end to end", gaps_s,
         f"{gaps_s / all_s:.2f}x the full count, {gaps_s / gap_rows_s:.0f}x the count of "
         "its rows; target < 2 s")
    line(f"audit, area {area} ({audited:,} people), end to end", audit_s,
         f"{audit_s / area_s:.0f}x the count of its rows")


def line(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<55} {seconds:6.2f} s  {note}".rstrip())


if __name__ == "__main__":
    main()
