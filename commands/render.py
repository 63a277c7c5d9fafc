"""The one owner of the console: tables, errors, progress and exports.

Commands hand over a JSON-ready payload and one or more `View`s (titled tables); this
module turns them into what `--format` asks for (the text formats are in
commands/formats.py). Nothing else builds a Console.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from commands.formats import (  # noqa: F401 (commands import the formats from here)
    View,
    csv_of,
    file_name,
    text,
    to_csv,
    to_html,
    to_json,
    to_markdown,
)

FORMATS = ("table", "json", "csv", "markdown")
EXPORTS = (".svg", ".html")
UNBOUNDED = 100_000  # columns: wider than any table
PROSE = 60  # columns: the widest a column of sentences grows before wrapping between words


def report_options(func: Callable) -> Callable:
    """The output options every reporting command takes."""
    func = click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path),
                        help="Also save the report as FILE (its help says which types).")(func)
    func = click.option("-o", "--output", type=click.Path(path_type=Path),
                        help="Write the output to FILE instead of the terminal (with --format "
                             "csv, an existing folder gets one CSV file a table).")(func)
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format; JSON is stable for scripts.")(func)
    return func


def console(record: bool = False, file=None, width: int | None = None):
    """A console that never reads text as markup: a name like "[/]" or "[link=...]" is
    shown as itself, never styled, linked or refused."""
    from rich.console import Console

    return Console(record=record, file=file, width=width, highlight=False, markup=False,
                   emoji=False)


def rich_table(view: View, room: int | None = None):
    """The view as a rich table, never reading its text as markup ("[c]" shows as itself).

    No column is narrower than its longest word, so a number, a code or an id is never
    split; a column of sentences wraps between words at about PROSE characters. Given the
    `room` a terminal has, the widest columns give way first, down to their longest word.
    A view without rows says why instead."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if not view.rows:
        return Group(Text(view.title, style="italic"), Text(view.notes), Text(""))
    cells = [[text(v) for v in row] for row in view.rows]
    columns = [[name, *(row[i] for row in cells if i < len(row))]
               for i, name in enumerate(view.columns)]
    least = [max(len(w) for cell in column for w in [*cell.split(), ""]) for column in columns]
    widths = [min(max(len(cell) for cell in column), max(PROSE, low))
              for column, low in zip(columns, least, strict=True)]
    if room is not None:
        widths = _fit(widths, least, room - (3 * len(widths) + 1))  # padding and rules
    table = Table(title=Text(view.title), caption=Text(view.notes) if view.notes else None,
                  box=box.SIMPLE_HEAVY, title_justify="left", caption_justify="left")
    for name, width in zip(view.columns, widths, strict=True):
        table.add_column(Text(name), justify=view.justify.get(name, "left"), width=width,
                         overflow="fold")
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _fit(widths: list[int], least: list[int], room: int) -> list[int]:
    """Narrow the widest column that can still give way, one character at a time, until
    the columns fit `room` or none can give way."""
    widths = list(widths)
    while sum(widths) > room:
        can = [i for i, (w, low) in enumerate(zip(widths, least, strict=True)) if w > low]
        if not can:
            break
        widths[max(can, key=widths.__getitem__)] -= 1
    return widths


def show(screen, items: Sequence[Any], heading: str = "") -> None:
    """Print views (and charts) on `screen`. A terminal keeps its width, and a table too
    wide for it wraps between words, widened past the terminal only when a single word
    cannot fit; a file or a pipe gets every table at its natural width, unwrapped."""
    from rich.console import Group
    from rich.text import Text

    width = screen.width
    if screen.is_terminal:
        items = [rich_table(i, width) if isinstance(i, View) else i for i in items]
    else:
        items = [rich_table(i) if isinstance(i, View) else i for i in items]
    screen.width = UNBOUNDED  # measure each item as if there were room for it
    sizes = [screen.measure(item).maximum for item in items]
    if not screen.is_terminal:
        width = max([80, *(size for item, size in zip(items, sizes, strict=True)
                           if not isinstance(item, Group))])
    screen.width = width
    if heading:
        screen.rule(Text(heading))
    for item, size in zip(items, sizes, strict=True):
        screen.width = width if isinstance(item, Group) else max(width, size)
        screen.print(item, soft_wrap=isinstance(item, Group) and not screen.is_terminal)
    screen.width = width


def emit(payload: Any, views: Sequence[View], fmt: str = "table", output: Path | None = None,
         export: Path | None = None, heading: str = "", extras: Sequence[Any] = (),
         empty: str = "") -> None:
    """Show a report in the chosen format, to the terminal or `output`, and `export` it.

    Every view reaches every format: CSV is one tidy table of them all, or with `-o DIR`
    one file a view. A view without rows, or a report without views (`empty` says why),
    says why: on standard error for CSV."""
    if not views and empty:
        views = [View("Nothing to show", [], [], empty=empty)]
    if export is not None and export.suffix.lower() not in EXPORTS:
        raise click.UsageError(f"--export {export}: use a .svg or .html file name")
    # os.path.isdir, unlike Path.is_dir, says no for a name too long to look up
    folder = output is not None and os.path.isdir(output)
    if folder and fmt != "csv":
        raise click.UsageError(f"-o {output} is a folder: give a file name, or use --format "
                               "csv to write one CSV file a table into it")
    if fmt == "table" or export is not None:
        recorder = console(record=True, file=io.StringIO() if fmt != "table" or output else None)
        show(recorder, [*views, *extras], heading)
        if fmt == "table" and output is not None:
            _write(recorder.export_text(clear=False), output)
        if export is not None:
            from workforce.store.people import printable

            if export.suffix.lower() == ".svg":
                body = recorder.export_svg(title=heading or "workforce", clear=False)
            else:
                body = to_html(views, heading, recorder.export_text(clear=False))
            _write(printable(body), export)
        if fmt == "table":
            return
    if fmt == "csv":
        for view in views:
            if not view.rows:
                warn(f"{view.title}: none: {view.empty or 'no rows'}")
    if folder:
        for number, view in enumerate(views, 1):
            _write(to_csv(view), output / file_name(number, view))
        say(f"Wrote {len(views)} CSV file(s), one a table, to {output}")
        return
    body = {"json": lambda: to_json(payload),
            "csv": lambda: csv_of(views) if views else "",
            "markdown": lambda: to_markdown(views, heading)}[fmt]()
    if output is not None:
        _write(body, output)
    else:
        click.echo(body, nl=False)


def _write(body: str, output: Path) -> None:
    """Reports can name people: owner-only, never onto a database."""
    from commands.written import write_report

    write_report(output, body)


def say(message: str, style: str = "") -> None:
    """A line of human output to the terminal."""
    screen = console()
    screen.print(message, style=style or None, soft_wrap=not screen.is_terminal)


def warn(message: str) -> None:
    """A line on standard error, which scripts reading JSON on stdout never see."""
    screen = console(file=sys.stderr)
    screen.print(message, style="yellow", soft_wrap=not screen.is_terminal)


def progress_text(stage: str, best: float, bound: float) -> str:
    """What a solver's numbers are, in words: 'placed so far 7, at most 9'."""
    if stage == "placed":
        return f"placed so far {best:,.0f}, at most {bound:,.0f}"
    return f"{stage.replace('_', ' ')} so far {best:,.0f}, at least {bound:,.0f}"


@contextmanager
def solving(title: str) -> Iterator[Callable[[str, float, float, float], None]]:
    """A live progress line on standard error while a solver runs; yields its update hook."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                  TimeElapsedColumn(), console=console(file=sys.stderr),
                  transient=True) as progress:
        task = progress.add_task(title, total=None)

        def update(stage: str, best: float, bound: float, seconds: float) -> None:
            progress.update(task, description=f"{title}: {progress_text(stage, best, bound)}")

        yield update
