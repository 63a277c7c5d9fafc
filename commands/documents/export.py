"""Write a bid report to the file a bid writer asked for, chosen by its suffix: one file
for all areas, or with `split` one file per area; and each chart as its own SVG."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from commands.documents.draw import to_svg
from commands.documents.model import BidDocument, bid_document
from commands.render import View, to_csv, to_json, to_markdown

SUFFIXES = (".docx", ".html", ".svg", ".md", ".csv", ".json")
CSV_COLUMNS = ["area_id", "area", "section", "metric", "label", "value", "unit", "assumption",
               "source", "band", "suppressed", "perturbed"]


def figures_view(payload: dict) -> View:
    """Every metric row, for CSV: the JSON's keys as columns."""
    return View("Figures", CSV_COLUMNS, [[r[c] for c in CSV_COLUMNS]
                                         for r in payload["metrics"]])


def write_export(bid, path: Path, split: bool = False, svg_theme: str = "light") -> list[Path]:
    """Write `bid` to `path`, or with `split` one file per area beside it (the areas' total
    has none); return the files written."""
    from workforce.reports.bid import TOTAL

    if not split:
        _write(bid, path, svg_theme)
        return [path]
    written = []
    for area in bid.areas:
        if area.area_id == TOTAL:
            continue
        one = path.with_name(f"{path.stem}-{file_part(area.area_id)}{path.suffix}")
        _write(replace(bid, areas=[area]), one, svg_theme)
        written.append(one)
    return written


def file_part(name: str) -> str:
    """An id as part of a file name, refused unless it is a safe id, so that no file built
    from a stored id can land outside its folder."""
    from workforce.errors import UserError
    from workforce.io.cells import is_safe_id

    if not is_safe_id(name):
        raise UserError(f"{name!r} cannot name a file: ids are letters, digits, '-', '_' and "
                        "'.', not starting with '.' (correct it with an import)")
    return name


def write_charts(doc: BidDocument, folder: Path) -> list[Path]:
    """Each chart of `doc` as its own SVG file in `folder`."""
    from commands.written import write_report
    from workforce.errors import UserError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file of that name, or no permission
        raise UserError(f"cannot make the folder {folder}: {exc.strerror}") from None
    written = []
    for chart in doc.charts:
        path = folder / f"{file_part(chart.name)}.svg"
        write_report(path, to_svg(chart))
        written.append(path)
    return written


def _write(bid, path: Path, svg_theme: str) -> None:
    from commands.written import write_report

    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        payload = bid.to_dict()
        body = to_json(payload) if suffix == ".json" else to_csv(figures_view(payload))
        write_report(path, body)
        return
    doc = bid_document(bid)
    if suffix == ".docx":
        from commands.documents.docx import write_docx

        write_docx(doc, path)
        return
    if suffix == ".html":
        from commands.documents.html import to_html

        body = to_html(doc)
    elif suffix == ".svg":
        from commands.documents.terminal import to_terminal_svg

        body = to_terminal_svg(doc, svg_theme)
    else:
        body = markdown(doc)
    write_report(path, body)


def markdown(doc: BidDocument) -> str:
    """The assumptions, every table as Markdown (the notes last), then the sources."""
    head = [f"# {doc.title}\n", f"{doc.subtitle}\n", *(f"- {a}" for a in doc.assumptions), ""]
    return "\n".join([*head, to_markdown(doc.views), "## Sources\n",
                      *(f"- {s}" for s in doc.sources)]) + "\n"
