"""Files a command writes that can name people (reports, documents, spreadsheets, charts):
readable by their owner only, never written over a database, and recorded in the database
the command read, so that an erasure lists the copies made before it that can hold the
person."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App
from commands.render import warn


def write_report(path: Path, body: str | bytes) -> None:
    from workforce.store.copies import record_copy, write_private

    write_private(path, body)
    context = click.get_current_context(silent=True)
    app = context.find_object(App) if context is not None else None
    if app is None or not app.read_database:
        return  # nothing from the database: nothing of anyone to list
    command = context.command_path.partition(" ")[2]  # without the program's name
    if not record_copy(app.engine(), "report", command, path):
        warn(f"Note: {path} is not recorded in the database (another user was writing, or "
             "your role may not record it): an erasure will not list it")
