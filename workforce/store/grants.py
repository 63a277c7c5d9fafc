"""Least privilege on a shared PostgreSQL: grant an existing database role what its job needs.

- manager (team manager): reads and writes staff and their competency evidence;
- lead (workforce lead): reads everything, adds trainees and saves plans;
- reporter (bid writer): reads published reports only (`workforce report publish` writes
  them, protected): no table with a row per person, no plan, no trainee. `report bid
  --release NAME` renders one; the server refuses every other table.

Everyone who writes may add to the change log (never edit it). Granting is repeatable.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from workforce.errors import UserError

ROLES = ("manager", "lead", "reporter")
#: The schema of the per-person views earlier versions gave a reporter; dropped on grant.
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
#: All a reporter may read: the schema's version (every command checks it) and the
#: published reports, one row per report.
REPORTER_READS = ("alembic_version", "published_report")


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


# -- the reporter: published reports only -------------------------------------------------

def _reporter(role: str, tables: list[str]) -> list[str]:
    """Take back anything granted before (the views of earlier versions showed one row per
    person under a guessable id), then grant the published reports alone."""
    who = _quote(role)
    statements = [f"DROP SCHEMA IF EXISTS {REPORTING} CASCADE",
                  f"ALTER ROLE {who} RESET search_path",
                  f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
                  f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}",
                  f"GRANT USAGE ON SCHEMA public TO {who}"]
    statements += [f"GRANT SELECT ON {_quote(t)} TO {who}" for t in REPORTER_READS
                   if t in tables]
    return statements
