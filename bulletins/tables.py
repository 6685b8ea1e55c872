"""A bulletin's content as headed tables of text, the one form both files are written from (so the
Word and the PDF file cannot differ): rates as the pages show them (``BoardRow.shown``: percentages
to two places, the composite out of 100)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from bulletins.content import BulletinContent, RankingSection
from metrics.board import BoardRow

DASH = "—"


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    empty: str = ""  # said instead of an empty table


def _text(value) -> str:
    return DASH if value is None else str(value)


def change_text(change: int | None) -> str:
    if change is None:
        return DASH
    return f"+{change}" if change > 0 else str(change)


def ranking_header() -> list[str]:
    return [
        _("Rank"),
        _("Code"),
        _("Unit"),
        _("Response rate (%)"),
        _("Resolution rate (%)"),
        _("Satisfaction rate (%)"),
        _("Composite score"),
        _("Change against last month"),
    ]


def ranking_cells(row: BoardRow) -> list[str]:
    shown = row.shown
    return [
        _text(row.rank),
        row.unit_code,
        row.unit_name,
        _text(shown["response"]),
        _text(shown["resolution"]),
        _text(shown["satisfaction"]),
        _text(shown["composite"]),
        change_text(row.rank_change),
    ]


def unranked_cells(row: BoardRow) -> list[str]:
    return [row.unit_code, row.unit_name, str(row.counts.response_due), str(row.counts.valid_callbacks)]


def ranking_tables(section: RankingSection) -> list[Table]:
    tables = [
        Table(
            _("%(table)s: top") % {"table": section.title},
            ranking_header(),
            [ranking_cells(r) for r in section.top],
        ),
        Table(
            _("%(table)s: bottom") % {"table": section.title},
            ranking_header(),
            [ranking_cells(r) for r in section.bottom],
        ),
    ]
    if section.unranked:
        tables.append(
            Table(
                _("%(table)s: below the minimum sample, not ranked") % {"table": section.title},
                [_("Code"), _("Unit"), _("Response deadlines"), _("Valid callbacks")],
                [unranked_cells(r) for r in section.unranked],
            )
        )
    return tables


def content_tables(content: BulletinContent) -> list[Table]:
    tables = []
    for section in content.rankings:
        tables += ranking_tables(section)
    tables += [
        Table(
            _("Hot categories"),
            ["#", _("Category"), _("Tickets")],
            [[str(n), row.label, str(row.count)] for n, row in enumerate(content.top_categories, 1)],
            _("No tickets in the period."),
        ),
        Table(
            _("High-frequency addresses"),
            ["#", _("Address"), _("Tickets")],
            [[str(n), row.address, str(row.count)] for n, row in enumerate(content.top_addresses, 1)],
            _("No address with repeated tickets."),
        ),
        Table(
            _("Early warnings (week of %(day)s)") % {"day": f"{content.warnings_week:%Y-%m-%d}"},
            [_("Street"), _("Category"), _("Tickets this week"), _("Threshold")],
            [[w.street.name, w.category.path, str(w.count), f"{w.threshold:.1f}"] for w in content.warnings],
            _("No early warning."),
        ),
        Table(
            _("Monthly topics (每月一题)"),
            [_("Month"), _("Topic"), _("Lead department"), _("Tickets")],
            [[f"{t.month:%Y-%m}", t.title, t.lead, str(t.tickets)] for t in content.topics],
            _("No topic for the period."),
        ),
        Table(
            _("Proactive tasks opened"),
            [_("Task"), _("Place"), _("Owners"), _("Deadline"), _("Status")],
            [[t.title, t.place, t.owners, f"{t.deadline:%Y-%m-%d}", t.status] for t in content.tasks],
            _("No proactive task opened in the period."),
        ),
    ]
    return tables


def summary_text(content: BulletinContent) -> str:
    period = content.period
    return _("Tickets received from %(first)s to %(last)s: %(count)s.") % {
        "first": f"{period.first_day:%Y-%m-%d}",
        "last": f"{period.last_day:%Y-%m-%d}",
        "count": content.tickets,
    }
