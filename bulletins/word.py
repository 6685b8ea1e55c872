"""The bulletin as a Word document (python-docx)."""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm

from bulletins.content import BulletinContent
from bulletins.tables import Table, content_tables, summary_text


def _table(document, table: Table) -> None:
    document.add_heading(table.title, level=2)
    if not table.rows:
        document.add_paragraph(table.empty or "—")
        return
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = text
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text


def bulletin_docx(content: BulletinContent, *, chart: bytes | None, generated: str) -> bytes:
    document = Document()
    document.add_heading(content.title, level=1)
    document.add_paragraph(_("Generated at %(when)s.") % {"when": generated})
    document.add_paragraph(summary_text(content))
    if chart is not None:
        document.add_picture(BytesIO(chart), width=Cm(16))
        document.add_paragraph(_("Tickets of the hot categories, numbered as in the table below."))
    for table in content_tables(content):
        _table(document, table)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
