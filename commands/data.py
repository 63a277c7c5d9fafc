"""`workforce import` and `workforce export`: spreadsheets in and out, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.options import OnceCommand
from commands.render import say, warn

TABLES = ("areas", "teams", "staff", "trainees", "attainments", "training", "establishment")


@click.command("import", cls=OnceCommand)
@click.argument("table", type=click.Choice(TABLES))
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option("--template", is_flag=True, help="Print an empty CSV with the table's columns.")
@pass_app
def import_(app: App, table: str, file: Path | None, dry_run: bool, template: bool) -> None:
    """Import TABLE from FILE (CSV or XLSX). One bad row and nothing is written.

    Import in this order: areas, teams, staff, attainments, trainees, training,
    establishment. Rows are matched by their id, so importing the same file again
    changes nothing.
    """
    if template:
        from workforce.io.contracts import template as header

        click.echo(header(table), nl=False)
        return
    if file is None:
        raise click.UsageError("give the FILE to import, or --template for an empty one")
    from workforce.io.importer import import_file

    result = import_file(app.engine(), app.reference(), table, file, dry_run=dry_run)
    for note in result.notes:
        warn(f"Note: {note}")
    verb = "Would import" if dry_run else "Imported"
    say(f"{verb} {result.rows} {table} rows from {result.file}: {result.created} new, "
        f"{result.updated} updated, {result.unchanged} unchanged.")


@click.command("export", cls=OnceCommand)
@click.argument("table", type=click.Choice((*TABLES, "changes")))
@click.option("--format", "fmt", type=click.Choice(("csv", "json", "xlsx")), default="csv",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (needed for xlsx).")
@pass_app
def export(app: App, table: str, fmt: str, output: Path | None) -> None:
    """Export TABLE in the same columns its import takes (`changes` is the change log)."""
    from workforce.io.exporter import export_table

    written = export_table(app.engine(), table, fmt, output)
    if isinstance(written, str):
        click.echo(written, nl=False)
        return
    say(f"Wrote {table} to {output}", style="green")
    if not written:
        warn("Note: the export is not recorded in the database (another user was writing, or "
             "your role may not record it): an erasure will not list it")


COMMANDS = [import_, export]
