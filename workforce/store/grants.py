"""Least privilege on a shared PostgreSQL: grant an existing database role what its job needs.

- manager (team manager): reads and writes staff and their competency evidence;
- lead (workforce lead): reads everything, adds trainees and saves plans;
- reporter (bid writer): no table at all; a schema of views, first on its search path,
  shows staff without names, competency summaries without evidence and plans without
  trainees, every person under an opaque id. Enough for `report bid`, and the server
  refuses `select name from staff`.

Everyone who writes may add to the change log (never edit it). Granting is repeatable.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from workforce.errors import UserError

ROLES = ("manager", "lead", "reporter")
REPORTING = "workforce_reporting"
LOG = ("change_log", "change_row")
#: Tables each writing role may read, and those it may also write.
READS = {
    "manager": ("area", "team", "staff", "attainment", "attainment_summary",
                "intervention_training", "establishment", *LOG),
    "lead": None,  # every table
}
WRITES = {
    "manager": ("staff", "attainment", "attainment_summary", "intervention_training"),
    "lead": ("placement_cycle", "trainee", "trainee_preference", "trainee_exclusion", "plan",
             "plan_assignment"),
}
OPAQUE = "md5({column})"  # a person's id as the reporter sees it
#: The reporter's views: each selects these columns (or expressions) of its table.
REPORTER_VIEWS = {
    "alembic_version": ["version_num"],
    "area": ["*"],
    "team": ["*"],
    "staff": [f"{OPAQUE.format(column='staff_id')} AS staff_id", "team_id", "profession",
              "role", "band", "fte", "aimh_level", "working_towards_level", "supervisor",
              "max_supervisees", "qualified_on", "team_shares", "supervisor_trained_on",
              "supervision_hours", "started_on", "annual_cost"],
    "establishment": ["*"],
    "attainment_summary": [f"{OPAQUE.format(column='staff_id')} AS staff_id", "level",
                           "achieved", "earliest_review_due"],
    "placement_cycle": ["*"],
    "plan": ["*"],
    # The bid report's pipeline counts a plan's trainees by programme.
    "trainee": [f"{OPAQUE.format(column='trainee_id')} AS trainee_id", "programme", "year",
                "cycle_id"],
    "plan_assignment": ["plan_id", f"{OPAQUE.format(column='trainee_id')} AS trainee_id",
                        "team_id", f"{OPAQUE.format(column='supervisor_id')} AS supervisor_id",
                        "preference_rank", "pinned"],
}


def grant(engine: Engine, job: str, role: str) -> list[str]:
    """Grant `role` the privileges of `job`; return the statements run."""
    if job not in ROLES:
        raise UserError(f"{job!r} is not one of {', '.join(ROLES)}")
    if engine.dialect.name != "postgresql":
        raise UserError("grant works on a shared PostgreSQL database; an SQLite file is "
                        "protected by its file permissions (readable by you only)")
    with engine.begin() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                  {"r": role}).scalar():
            raise UserError(f"no database role {role!r}: create it first "
                            f"(CREATE ROLE \"{role}\" LOGIN)")
        tables = sorted(inspect(connection).get_table_names())
        statements = (_reporter(role, tables) if job == "reporter"
                      else _writer(job, role, tables))
        for statement in statements:
            connection.execute(text(statement))
    return statements


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _writer(job: str, role: str, tables: list[str]) -> list[str]:
    who = _quote(role)
    reads = [t for t in tables if READS[job] is None or t in READS[job] or t == "alembic_version"]
    statements = [f"GRANT USAGE ON SCHEMA public TO {who}"]
    statements += [f"GRANT SELECT ON {_quote(t)} TO {who}" for t in reads]
    statements += [f"GRANT INSERT, UPDATE, DELETE ON {_quote(t)} TO {who}"
                   for t in WRITES[job] if t in tables]
    statements += [f"GRANT INSERT ON {_quote(t)} TO {who}" for t in LOG]
    statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return statements


def _reporter(role: str, tables: list[str]) -> list[str]:
    who = _quote(role)
    statements = [f"CREATE SCHEMA IF NOT EXISTS {REPORTING}",
                  f"GRANT USAGE ON SCHEMA {REPORTING} TO {who}"]
    for table, columns in REPORTER_VIEWS.items():
        if table in tables:
            statements.append(f"CREATE OR REPLACE VIEW {REPORTING}.{_quote(table)} AS SELECT "
                              f"{', '.join(columns)} FROM public.{_quote(table)}")
            statements.append(f"GRANT SELECT ON {REPORTING}.{_quote(table)} TO {who}")
    statements.append(f"ALTER ROLE {who} SET search_path = {REPORTING}")
    return statements
