"""Least privilege on a shared PostgreSQL: grant an existing database role what its job needs.

- manager (team manager): reads and writes staff and their competency evidence;
- lead (workforce lead): reads everything, adds trainees and saves plans;
- reporter (bid writer): reads published reports only (`workforce report publish` writes
  them, protected): no table with a row per person, no plan, no trainee. `report bid
  --release NAME` renders one; the server refuses every other table.

Everyone who writes may add to the change log (never edit it), and reads in its entries
and rows only what their job may read in the tables (row-level security): a manager never
sees a trainee's old values, id or placement there. The server itself stamps each entry's
time and database user, and refuses writes to personal tables that bypass the log (the
migration copy_records_and_server_log). Granting is repeatable, and needs the tables' owner (with
CREATEROLE for the reporter's search path).
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from workforce.errors import UserError

ROLES = ("manager", "lead", "reporter")
#: The schema of the per-person views earlier versions gave a reporter; dropped on grant.
REPORTING = "workforce_reporting"
LOG = ("change_log", "change_row")
COPIES = "copy_record"  # writers record the exports they make, for erasures to list
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
                      else [*_writer(job, role, tables), *_log_policies(job, role)])
        me = connection.execute(text("SELECT current_user")).scalar()
        for statement in statements:
            _run(connection, statement, me)
    return statements


def _run(connection, statement: str, me: str) -> None:
    """Run one statement; a privilege the granting role lacks is said in one line."""
    try:
        connection.execute(text(statement))
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        cause = str(exc.orig).strip().splitlines()[0]
        raise UserError(f"grant needs the owner of the workforce tables with the CREATEROLE "
                        f"attribute, and {me!r} was refused ({cause}): run it as the owner "
                        f"after a superuser's ALTER ROLE {_quote(me)} CREATEROLE") from None


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
    if COPIES in tables:  # the new row's id is read back: that column only
        statements.append(f"GRANT INSERT, SELECT (id) ON {COPIES} TO {who}")
    statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return statements


def _log_policies(job: str, role: str) -> list[str]:
    """Row-level security on the change log: the role reads the entries about, and the rows
    of, the tables it may read, and adds them only for the tables it may write."""
    who = _quote(role)
    reads = READS[job]
    statements = []
    for table, column in (("change_log", "about"), ("change_row", "table_name")):
        seen = "true" if reads is None else _in(column, [t for t in reads if t not in LOG])
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for verb, clause, rule in (("SELECT", "USING", seen),
                                   ("INSERT", "WITH CHECK", _in(column, WRITES[job]))):
            policy = _quote(f"{role} {verb.lower()}")
            statements += [f"DROP POLICY IF EXISTS {policy} ON {table}",
                           f"CREATE POLICY {policy} ON {table} FOR {verb} TO {who} "
                           f"{clause} ({rule})"]
    return statements


def _in(column: str, tables) -> str:
    return f"{column} IN (" + ", ".join(f"'{t}'" for t in tables) + ")"


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
