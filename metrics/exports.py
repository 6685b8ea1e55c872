"""Every ranking table as CSV and Excel, from the same rows and the same displayed figures as the
page (metrics.board.BoardRow.shown), so a number in a file is the number on the screen. Text cells
go through spreadsheet_text, so a unit named "=HYPERLINK(…)" stays text in both files."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from metrics.board import Board, percent, rounded
from metrics.department_assessment import DepartmentLine
from metrics.territory import LEVEL_LABELS

# What spreadsheet programs read as the start of a formula (or of a cell to re-parse).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """A cell's value with formula injection defused: text starting like a formula gets a leading
    apostrophe (OWASP's advice), so it shows as typed and never runs. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(row: list) -> list:
    return ["" if value is None else spreadsheet_text(value) for value in row]


def board_table(board: Board) -> tuple[list[str], list[list]]:
    header = [
        _("Rank"),
        _("Unit code"),
        _("Unit"),
        _("Response rate (%)"),
        _("Resolution rate (%)"),
        _("Satisfaction rate (%)"),
        _("Composite score"),
        _("Change against last month"),
        _("Responded in time"),
        _("Response deadlines"),
        _("Solved"),
        _("Partly solved"),
        _("Satisfied"),
        _("Basically satisfied"),
        _("Valid callbacks"),
        _("Ranked"),
        _("Table"),
        _("On-time reply rate (%)"),
        _("Replied by the deadline"),
        _("Reply deadlines"),
        _("Not replied"),
        _("Returns"),
        _("Mis-dispatches"),
    ]
    rows = []
    for row in board.rows:
        shown, counts = row.shown, row.counts
        rows.append(
            [
                row.rank,
                row.unit_code,
                row.unit_name,
                shown["response"],
                shown["resolution"],
                shown["satisfaction"],
                shown["composite"],
                row.rank_change,
                counts.response_met,
                counts.response_due,
                counts.solved,
                counts.partly,
                counts.satisfied,
                counts.basic,
                counts.valid_callbacks,
                _("yes") if row.ranked else _("below the minimum sample"),
                str(LEVEL_LABELS.get(row.level, "")),
                shown["on_time_reply"],
                counts.reply_met,
                counts.reply_due,
                counts.not_replied,
                counts.returns,
                counts.misdispatches,
            ]
        )
    return header, rows


def department_table(
    ranked: list[DepartmentLine], unranked: list[DepartmentLine]
) -> tuple[list[str], list[list]]:
    header = [
        _("Whistle rank"),
        _("Unit code"),
        _("Unit"),
        _("Summonses"),
        _("Acknowledged on time (%)"),
        _("Arrived on time (%)"),
        _("Ratings"),
        _("Mean rating (1–5)"),
        _("Whistle score"),
        _("Orders composite score"),
        _("Orders rank"),
    ]
    rows = [
        [
            line.whistle_rank,
            line.unit_code,
            line.unit_name,
            line.summonses,
            percent(line.acknowledge_rate),
            percent(line.arrival_rate),
            line.ratings,
            rounded(line.mean_rating),
            percent(line.whistle_score),
            percent(line.orders_composite),
            line.orders_rank,
        ]
        for line in [*ranked, *unranked]
    ]
    return header, rows


def as_csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_cells(header))
    writer.writerows(_cells(row) for row in rows)
    # A byte-order mark so that Excel opens the Chinese text as UTF-8.
    return "\ufeff" + out.getvalue()


def as_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "".join("-" if char in "/\\?*[]:" else char for char in title)[:31]
    sheet.append([spreadsheet_text(value) for value in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_text(value) for value in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
