"""`workforce erase`, `log` and `backup`: erasure on request, who changed what and when, and a
consistent copy of the database."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.options import OnceCommand
from commands.render import View, emit, report_options, say, warn

#: Near matches listed one a line; a short name can resemble many values.
NEAR_SHOWN = 20


@click.command(cls=OnceCommand)
@click.argument("kind", type=click.Choice(("staff", "trainee")))
@click.argument("person_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Erase without asking for confirmation.")
@pass_app
def erase(app: App, kind: str, person_id: str, yes: bool) -> None:
    """Erase a staff member's or trainee's personal data on request (UK GDPR art. 17).

    Their record, competency evidence, preferences and placements are removed; their name
    (as a whole value, any case or spacing) and id are erased from other rows and the
    change log; saved plans keep their totals. Values that only resemble the name, and
    backups and exports made before, are listed for you to deal with. The change log
    records that an erasure happened, without the name. Cannot be undone.
    """
    from workforce.store.erasure import erase as erase_person
    from workforce.store.erasure import must_own
    from workforce.store.people import person_name

    engine = app.engine()
    must_own(engine)
    name = person_name(engine, kind, person_id)
    if not yes:
        click.confirm(f"Erase {kind} {person_id} ({name}) and all their personal data? "
                      "This cannot be undone", abort=True)
    result = erase_person(engine, kind, person_id)
    removed = ", ".join(f"{n} {t}" for t, n in result.removed.items())
    cleared = ", ".join(f"{n} {c}" for c, n in result.cleared.items()) or "none"
    say(f"Erased {kind} {person_id}. Rows removed: {removed}; name, id or reference cleared: "
        f"{cleared}; change log rows removed: {result.log_rows_removed}.")
    # Stored values and paths go out as they are, never read as console markup.
    if result.near:
        click.echo(f"Left as they are, {len(result.near)} value(s) resembling the name (check "
                   "each; correct any that is this person with an import or by hand):", err=True)
        for near in result.near[:NEAR_SHOWN]:
            click.echo(f"  {near}", err=True)
        if len(result.near) > NEAR_SHOWN:
            click.echo(f"  and {len(result.near) - NEAR_SHOWN} more", err=True)
    if result.copies:
        click.echo(f"Copies made before this erasure still hold the person "
                   f"({len(result.copies)}); delete or redact them too:", err=True)
        for copy in result.copies:
            click.echo(f"  {copy.at:%Y-%m-%d %H:%M} {copy.kind} of {copy.what}: {copy.path}",
                       err=True)
    for note in result.notes:
        warn(f"Note: {note}")


def _change_text(changes: dict) -> str:
    return "; ".join(f"{f}: {'' if b is None else b} → {'' if a is None else a}"
                     for f, (b, a) in changes.items())


@click.command("log", cls=OnceCommand)
@click.option("--staff", metavar="ID", help="Only changes to this staff member's rows.")
@click.option("--team", metavar="ID", help="Only changes to this team's rows.")
@click.option("--since", type=click.DateTime(("%Y-%m-%d",)), metavar="DATE",
              help="Only changes on or after DATE (YYYY-MM-DD).")
@report_options
@pass_app
def log(app: App, staff, team, since, fmt, output, export) -> None:
    """Who changed what, and when: imports, recorded attainments, plans, pins, erasures.

    With --staff or --team, each changed row is listed with its fields before and after.
    """
    from dataclasses import asdict

    from workforce.store.changelog import hidden_entries, read_log

    engine = app.engine()
    entries = read_log(engine, staff, team, since.date() if since else None)
    hidden = hidden_entries(engine)
    views = [View("Change log", ["id", "at", "os user", "db user", "action", "subject",
                                 "rows"],
                  [[e.id, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.os_user, e.db_user, e.action,
                    e.subject, e.rows_changed] for e in entries],
                  justify={"id": "right", "rows": "right"},
                  empty="no changes recorded for these filters" if staff or team or since
                  else "no changes recorded yet: imports, plans and erasures are logged")]
    if staff or team:
        views.append(View(f"Rows changed for {' '.join(filter(None, (staff, team)))}",
                          ["id", "table", "row", "before → after"],
                          [[e.id, r["table"], r["key"], _change_text(r["changes"])]
                           for e in entries for r in e.rows],
                          empty="no rows changed for them in the log"))
    emit({"entries": [asdict(e) for e in entries], "hidden_entries": hidden}, views, fmt,
         output, export)
    if hidden:
        warn(f"Note: {hidden} entries of the whole log are about tables your database role "
             f"may not read, and are hidden from it")


@click.command(cls=OnceCommand)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def backup(app: App, file: Path) -> None:
    """Copy the SQLite database to FILE, consistently, even while it is in use.

    For PostgreSQL it prints the pg_dump command to run instead (exit code 1).
    """
    from workforce.store.backup import backup as copy

    pages, recorded = copy(app.engine(), file)
    say(f"Backed up the database to {file} ({pages} pages, readable by you only).")
    if not recorded:
        warn("Note: another user was writing, so the backup is not recorded in the database: "
             "an erasure will not list it")


@click.command(cls=OnceCommand)
@click.argument("job", type=click.Choice(("manager", "lead", "reporter")))
@click.argument("role")
@pass_app
def grant(app: App, job: str, role: str) -> None:
    """Grant an existing PostgreSQL ROLE what JOB needs, and no more.

    manager: reads and writes staff and competency evidence. lead: reads everything, adds
    trainees and saves plans. reporter: no table; views without names, evidence or
    trainees, enough for `report bid`. Run it again after `workforce init` upgrades.
    """
    from workforce.store.grants import grant as grant_role

    statements = grant_role(app.engine(), job, role)
    say(f"Granted {role} the {job}'s privileges ({len(statements)} statements).")


COMMANDS = [erase, log, backup, grant]
