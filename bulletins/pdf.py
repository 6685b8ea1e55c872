"""The bulletin as a PDF (reportlab), in the built-in CID font STSong-Light: Chinese without any font
file, offline."""

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from bulletins.content import BulletinContent
from bulletins.tables import Table, content_tables, summary_text

FONT = "STSong-Light"


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=FONT),
        "heading": ParagraphStyle("heading", parent=base["Heading2"], fontName=FONT),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, wordWrap="CJK"),
        "cell": ParagraphStyle(
            "cell", parent=base["BodyText"], fontName=FONT, fontSize=8, leading=10, wordWrap="CJK"
        ),
    }


def _escaped(text: str) -> str:
    """Paragraph text is markup: a citizen's address must stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(table: Table, styles) -> list:
    flow = [Paragraph(_escaped(table.title), styles["heading"])]
    if not table.rows:
        return [*flow, Paragraph(_escaped(table.empty or "—"), styles["body"])]
    data = [
        [Paragraph(_escaped(text), styles["cell"]) for text in row] for row in [table.header, *table.rows]
    ]
    grid = PdfTable(data, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [*flow, grid]


def bulletin_pdf(content: BulletinContent, *, chart: bytes | None, generated: str) -> bytes:
    styles = _styles()
    out = BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=landscape(A4), title=content.title, leftMargin=1.5 * cm, rightMargin=1.5 * cm
    )
    flow = [
        Paragraph(_escaped(content.title), styles["title"]),
        Paragraph(_escaped(_("Generated at %(when)s.") % {"when": generated}), styles["body"]),
        Paragraph(_escaped(summary_text(content)), styles["body"]),
    ]
    if chart is not None:
        flow += [
            Image(BytesIO(chart), width=16 * cm, height=7.2 * cm),
            Paragraph(
                _escaped(_("Tickets of the hot categories, numbered as in the table below.")), styles["body"]
            ),
        ]
    for table in content_tables(content):
        flow += [Spacer(1, 0.3 * cm), *_table(table, styles)]
    document.build(flow)
    return out.getvalue()
