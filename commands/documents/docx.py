"""The bid report as a Word document (python-docx), built only from Word's own styles
(Title, Heading 1/2, Table Grid, List Bullet, Caption), so a writer's template restyles it."""

from __future__ import annotations

import io
from pathlib import Path

from commands.documents.draw import to_png
from commands.documents.model import BidDocument
from commands.render import View, text

TABLE_STYLE = "Table Grid"


def write_docx(doc: BidDocument, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from commands.written import write_report

    word = Document()
    page = word.sections[0]  # A4, as UK bids are printed
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)
    page.left_margin = page.right_margin = Cm(2.0)
    word.core_properties.title = doc.title
    word.core_properties.author = "workforce"
    word.core_properties.comments = ""
    word.add_paragraph(doc.title, style="Title")
    word.add_paragraph(doc.subtitle, style="Subtitle")
    for view in doc.summaries:  # one screen on the place first
        word.add_heading(view.title, level=1)
        _table(word, view, WD_ALIGN_PARAGRAPH, Pt)
    word.add_heading("Assumptions", level=1)
    for line in doc.assumptions:
        word.add_paragraph(line, style="List Bullet")
    word.add_heading(doc.context.title, level=1)
    _table(word, doc.context, WD_ALIGN_PARAGRAPH, Pt)
    if doc.summary:
        word.add_heading("Summary", level=1)
        _table(word, doc.summary, WD_ALIGN_PARAGRAPH, Pt)
    for part in doc.parts:
        word.add_heading(f"{part.name} ({part.area_id})", level=1)
        for view in part.views:
            word.add_heading(view.title.removeprefix(f"{part.name} ({part.area_id}): "),
                             level=2)
            _table(word, view, WD_ALIGN_PARAGRAPH, Pt)
        for chart in part.charts:
            word.add_picture(io.BytesIO(to_png(chart)), width=Cm(16))
            word.add_paragraph(chart.title, style="Caption")
    word.add_heading(doc.notes.title, level=1)
    for number, note in doc.notes.rows:
        word.add_paragraph(f"{number}. {note}")
    word.add_heading("Sources", level=1)
    for source in doc.sources:
        word.add_paragraph(source)
    body = io.BytesIO()
    word.save(body)
    write_report(path, body.getvalue())


def _table(word, view: View, align, points) -> None:
    from docx.oxml import OxmlElement

    table = word.add_table(rows=1, cols=len(view.columns), style=TABLE_STYLE)
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every printed page
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, column in zip(table.rows[0].cells, view.columns, strict=True):
        cell.text = column
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in view.rows:
        cells = table.add_row().cells
        for cell, column, value in zip(cells, view.columns, row, strict=True):
            cell.text = text(value)
            if view.justify.get(column) == "right":
                cell.paragraphs[0].alignment = align.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = points(9)
    if view.notes:
        word.add_paragraph(view.notes, style="Caption")
