"""The one owner of the console: tables, JSON, CSV, Markdown, errors and exports.

Commands hand over a JSON-ready payload and one or more `View`s (titled tables); this
module turns them into what `--format` asks for. Nothing else builds a Console.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

FORMATS = ("table", "json", "csv", "markdown")
EXPORTS = (".svg", ".html")


@dataclass
class View:
    """A titled table: what every format but JSON shows."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    caption: str = ""
    justify: dict[str, str] = field(default_factory=dict)


def report_options(func: Callable) -> Callable:
    """The output options every reporting command takes."""
    func = click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path),
                        help="Also save the report as FILE (its help says which types).")(func)
    func = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write the output to FILE instead of the terminal.")(func)
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format; JSON is stable for scripts.")(func)
    return func


def console(record: bool = False, file=None, width: int | None = None):
    from rich.console import Console

    return Console(record=record, file=file, width=width, highlight=False)


def to_json(payload: Any) -> str:
    return json.dumps(payload, indent=2, default=_default, ensure_ascii=False) + "\n"


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | tuple):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def text(value: Any) -> str:
    """A cell as text, the same in every format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value)
    return str(value)


def to_csv(view: View) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(view.columns)
    for row in view.rows:
        writer.writerow(["" if v is None else (";".join(map(str, v)) if isinstance(v, list | tuple)
                                               else v) for v in row])
    return buffer.getvalue()


def to_markdown(views: Sequence[View], heading: str = "") -> str:
    out = [f"# {heading}\n"] if heading else []
    for view in views:
        out.append(f"## {view.title}\n")
        out.append("| " + " | ".join(view.columns) + " |")
        out.append("|" + "|".join(_md_align(view, c) for c in view.columns) + "|")
        for row in view.rows:
            out.append("| " + " | ".join(text(v).replace("|", "\\|") for v in row) + " |")
        if view.caption:
            out.append(f"\n{view.caption}")
        out.append("")
    return "\n".join(out) + "\n"


def to_html(views: Sequence[View], heading: str = "", terminal: str = "") -> str:
    """A standalone HTML page: real tables (for pasting into a bid), then the terminal text."""
    from html import escape

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(heading or 'workforce')}</title>",
           "<style>body{font-family:sans-serif}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #999;padding:2px 6px}td.n{text-align:right}</style>",
           "</head><body>"]
    if heading:
        out.append(f"<h1>{escape(heading)}</h1>")
    for view in views:
        out.append(f"<h2>{escape(view.title)}</h2><table><thead><tr>"
                   + "".join(f"<th>{escape(c)}</th>" for c in view.columns)
                   + "</tr></thead><tbody>")
        for row in view.rows:
            out.append("<tr>" + "".join(
                f'<td{" class=n" if view.justify.get(c) == "right" else ""}>'
                f"{escape(text(v))}</td>" for c, v in zip(view.columns, row, strict=False))
                + "</tr>")
        out.append("</tbody></table>")
        if view.caption:
            out.append(f"<p>{escape(view.caption)}</p>")
    if terminal:
        out.append(f"<h2>As shown in the terminal</h2><pre>{escape(terminal)}</pre>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _md_align(view: View, column: str) -> str:
    return "---:" if view.justify.get(column) == "right" else "---"


def rich_table(view: View):
    """The view as a rich table; text is never read as markup, so "[c]" shows as itself."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(view.title), caption=Text(view.caption) if view.caption else None,
                  box=box.SIMPLE_HEAVY, title_justify="left", caption_justify="left")
    for column in view.columns:
        table.add_column(Text(column), justify=view.justify.get(column, "left"), overflow="fold")
    for row in view.rows:
        table.add_row(*(Text(text(v)) for v in row))
    return table


def emit(payload: Any, views: Sequence[View], fmt: str = "table", output: Path | None = None,
         export: Path | None = None, heading: str = "", extras: Sequence[Any] = ()) -> None:
    """Show a report in the chosen format, to the terminal or `output`, and `export` it."""
    if export is not None and export.suffix.lower() not in EXPORTS:
        raise click.UsageError(f"--export {export}: use a .svg or .html file name")
    if fmt == "table" or export is not None:
        recorder = console(record=True, file=io.StringIO() if fmt != "table" or output else None)
        if heading:
            recorder.rule(heading)
        for item in (*(rich_table(v) for v in views), *extras):
            recorder.print(item)
        if fmt == "table" and output is not None:
            _write(recorder.export_text(clear=False), output)
        if export is not None:
            from commands.documents.printable import printable

            if export.suffix.lower() == ".svg":
                body = recorder.export_svg(title=heading or "workforce", clear=False)
            else:
                body = to_html(views, heading, recorder.export_text(clear=False))
            _write(printable(body), export)
        if fmt == "table":
            return
    body = {"json": lambda: to_json(payload),
            "csv": lambda: to_csv(views[0]) if views else "",
            "markdown": lambda: to_markdown(views, heading)}[fmt]()
    if output is not None:
        _write(body, output)
    else:
        click.echo(body, nl=False)


def _write(body: str, output: Path) -> None:
    """Reports can name people: owner-only, never onto a database."""
    from workforce.store.copies import write_private

    write_private(output, body)


def say(message: str, style: str = "") -> None:
    """A line of human output to the terminal."""
    console().print(message, style=style or None)


def warn(message: str) -> None:
    """A line on standard error, which scripts reading JSON on stdout never see."""
    console(file=sys.stderr).print(message, style="yellow")


def progress_text(stage: str, best: float, bound: float) -> str:
    """What a solver's numbers are, in words: 'placed so far 7, at most 9'."""
    if stage == "placed":
        return f"placed so far {best:,.0f}, at most {bound:,.0f}"
    return f"{stage.replace('_', ' ')} so far {best:,.0f}, at least {bound:,.0f}"


@contextmanager
def solving(title: str) -> Iterator[Callable[[str, float, float, float], None]]:
    """A live progress line on standard error while a solver runs; yields its update hook."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task(title, total=None)

        def update(stage: str, best: float, bound: float, seconds: float) -> None:
            progress.update(task, description=f"{title}: {progress_text(stage, best, bound)}")

        yield update
