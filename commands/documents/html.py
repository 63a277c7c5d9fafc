"""The bid report as one self-contained HTML page for print: embedded CSS (light, A4),
real tables, the charts as inline SVG, and each area starting on a new page."""

from __future__ import annotations

from html import escape

from commands.documents.draw import to_inline_svg
from commands.documents.model import BidDocument
from commands.render import View, text

CSS = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #000;
       background: #fff; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; border-bottom: 1px solid #000; margin-top: 14pt; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; page-break-inside: avoid; }
th, td { border: 1px solid #666; padding: 2pt 5pt; vertical-align: top; }
th { background: #e6e6e6; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
p.caption { font-size: 8.5pt; color: #333; margin: 2pt 0 8pt; }
figure { margin: 8pt 0; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
ul.sources { list-style: none; padding-left: 0; }
section.area, h2.notes { page-break-before: always; break-before: page; }
@media screen { body { padding: 1em; } }
""".strip()


def to_html(doc: BidDocument) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(doc.title)}</title>", f"<style>\n{CSS}\n</style>", "</head>",
           "<body>", f"<h1>{escape(doc.title)}</h1>", f"<p>{escape(doc.subtitle)}</p>"]
    for view in doc.summaries:  # one screen on the place first
        out += [f"<h2>{escape(view.title)}</h2>", *_table(view)]
    out += ["<h2>Assumptions</h2>", "<ul>",
           *(f"<li>{escape(line)}</li>" for line in doc.assumptions), "</ul>"]
    out += [f"<h2>{escape(doc.context.title)}</h2>", *_table(doc.context)]
    if doc.summary:
        out += ["<h2>Summary</h2>", *_table(doc.summary)]
    for part in doc.parts:
        out += ['<section class="area">', f"<h2>{escape(part.name)} ({escape(part.area_id)})</h2>"]
        prefix = f"{part.name} ({part.area_id}): "
        for view in part.views:
            out += [f"<h3>{escape(view.title.removeprefix(prefix))}</h3>", *_table(view)]
        for chart in part.charts:
            out += ["<figure>", to_inline_svg(chart),
                    f"<figcaption>{escape(chart.title)}</figcaption>", "</figure>"]
        out.append("</section>")
    out += [f'<h2 class="notes">{escape(doc.notes.title)}</h2>', "<ol>",
            *(f"<li>{escape(note)}</li>" for _, note in doc.notes.rows), "</ol>",
            "<h2>Sources</h2>", '<ul class="sources">',
            *(f"<li>{escape(source)}</li>" for source in doc.sources), "</ul>",
            "</body>", "</html>"]
    return "\n".join(out) + "\n"


RIGHT = ' class="n"'


def _table(view: View) -> list[str]:
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in view.columns)
           + "</tr></thead>", "<tbody>"]
    for row in view.rows:
        out.append("<tr>" + "".join(
            f"<td{RIGHT if view.justify.get(c) == 'right' else ''}>{escape(text(v))}</td>"
            for c, v in zip(view.columns, row, strict=True))
            + "</tr>")
    out.append("</tbody></table>")
    if view.notes:
        out.append(f'<p class="caption">{escape(view.notes)}</p>')
    return out
