"""Views as text formats: JSON, CSV, Markdown and HTML, each safe to open and to paste.

Every format holds every view. A CSV of several views is one tidy table whose first column
names the view and whose next columns name the team, person or area each row belongs to.
Cells a spreadsheet would run as a formula get an apostrophe first (as `export` does); a
Markdown cell escapes HTML and pipes and keeps its row on one line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from workforce.io.sources import csv_text, neutralise, to_json  # noqa: F401 (formats)

NA = "n/a"
NA_MEANS = "not recorded, or not computable from what is recorded"


@dataclass
class View:
    """A titled table: what every format but JSON shows.

    In a tidy CSV, `name` (the title by default) names the table and `scope` what all its
    rows belong to ({"team": "T01"}), one column each. `empty` says why there may be no
    rows and what to do; `na` says why a figure is n/a.
    """

    title: str
    columns: list[str]
    rows: list[list[Any]]
    caption: str = ""
    justify: dict[str, str] = field(default_factory=dict)
    scope: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    empty: str = ""
    na: str = NA_MEANS

    @property
    def notes(self) -> str:
        """The caption, then what n/a means when a cell shows it, or why there are no rows."""
        lines = [self.caption] if self.caption else []
        if not self.rows:
            lines.insert(0, f"None: {self.empty}" if self.empty else "None.")
        elif any(v is None for row in self.rows for v in row):
            lines.append(f"{NA}: {self.na}.")
        return "\n".join(lines)


def text(value: Any) -> str:
    """A cell as text, the same in every format; a figure that cannot be given is n/a."""
    if value is None:
        return NA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value)
    return str(value)


def safe_cell(value: Any) -> Any:
    """A CSV cell: lists joined by ';', None blank, formula-like text behind an apostrophe
    (as `export` writes it)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ";".join(map(str, value))
    return neutralise(value)


def to_csv(view: View) -> str:
    """One view as CSV: its columns, then its rows."""
    return _csv([*view.scope, *view.columns],
                ([*view.scope.values(), *row] for row in view.rows))


def csv_of(views: Sequence[View]) -> str:
    """Every view as one tidy CSV: `table`, then each scope key, then every view's columns
    in the order they first appear (blank where a view has no such column). A single
    unscoped view keeps its own columns.

    >>> print(csv_of([View("teams", ["team", "FTE"], [["T1", 2.5]]),
    ...               View("bands", ["band", "FTE"], [["7", 1.0]], scope={"team": "T1"})]))
    table,team,FTE,band
    teams,T1,2.5,
    bands,T1,1.0,7
    <BLANKLINE>
    """
    if len(views) == 1 and not views[0].scope:
        return to_csv(views[0])
    scopes = list(dict.fromkeys(k for v in views for k in v.scope))
    columns = list(dict.fromkeys(c for v in views for c in v.columns if c not in scopes))
    head = ["table", *scopes, *columns]  # a view's own "team" column fills the team scope
    return _csv(head, ({"table": v.name or v.title, **v.scope,
                        **dict(zip(v.columns, row, strict=False))}
                       for v in views for row in v.rows), by_name=True)


def _csv(columns: list[str], rows, by_name: bool = False) -> str:
    if not columns:
        return ""
    return csv_text([[safe_cell(c) for c in columns],
                     *([safe_cell(v) for v in ([row.get(c) for c in columns] if by_name
                                               else row)] for row in rows)])


def file_name(number: int, view: View) -> str:
    """A view's file in a folder of CSVs: its place, its name and what it belongs to, in
    letters a file system takes everywhere."""
    words = " ".join([view.name or view.title, *map(str, view.scope.values())])
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:60].rstrip("-")
    return f"{number:02d}-{slug or 'table'}.csv"


def md_cell(value: str) -> str:
    """Markdown-safe text: HTML escaped, pipes escaped, line breaks as <br>."""
    return re.sub(r"\r\n|\r|\n", "<br>", escape(value, quote=False).replace("|", "\\|"))


def to_markdown(views: Sequence[View], heading: str = "") -> str:
    out = [f"# {md_cell(heading)}\n"] if heading else []
    for view in views:
        out.append(f"## {md_cell(view.title)}\n")
        if view.rows:
            out.append("| " + " | ".join(md_cell(c) for c in view.columns) + " |")
            out.append("|" + "|".join(_md_align(view, c) for c in view.columns) + "|")
            for row in view.rows:
                out.append("| " + " | ".join(md_cell(text(v)) for v in row) + " |")
            out.append("")
        if view.notes:
            out.extend(escape(line, quote=False) + "\n" for line in view.notes.splitlines())
    return "\n".join(out) + "\n"


def _md_align(view: View, column: str) -> str:
    return "---:" if view.justify.get(column) == "right" else "---"


def to_html(views: Sequence[View], heading: str = "", terminal: str = "") -> str:
    """A standalone HTML page: real tables (for pasting into a bid), then the terminal text."""
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(heading or 'workforce')}</title>",
           "<style>body{font-family:sans-serif}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #999;padding:2px 6px}td.n{text-align:right}</style>",
           "</head><body>"]
    if heading:
        out.append(f"<h1>{escape(heading)}</h1>")
    for view in views:
        out.append(f"<h2>{escape(view.title)}</h2>")
        if view.rows:
            out.append("<table><thead><tr>"
                       + "".join(f"<th>{escape(c)}</th>" for c in view.columns)
                       + "</tr></thead><tbody>")
            for row in view.rows:
                out.append("<tr>" + "".join(
                    f'<td{" class=n" if view.justify.get(c) == "right" else ""}>'
                    f"{escape(text(v))}</td>" for c, v in zip(view.columns, row, strict=False))
                    + "</tr>")
            out.append("</tbody></table>")
        out.extend(f"<p>{escape(line)}</p>" for line in view.notes.splitlines())
    if terminal:
        out.append(f"<h2>As shown in the terminal</h2><pre>{escape(terminal)}</pre>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
