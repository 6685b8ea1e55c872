"""What a bulletin says, read from the same selectors as the pages, so that every number in the
files equals the page's: the ranking from ``metrics.board.ranking_board`` (the monthly one: the
frozen snapshot in force, never live figures), the hot categories and addresses from
``metrics.analysis_figures.period_figures`` (the analysis page's kept figures), the early warnings
from ``metrics.early_warning.cached_early_warnings`` (the dashboard's)."""

from dataclasses import dataclass
from datetime import date

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from governance.figures import topic_about
from governance.models import ProactiveTask, Topic
from hotline.models import Ticket
from metrics.analyses import AddressRow, Period, PeriodKind, VolumeRow, period_of, week_start_of
from metrics.analysis_figures import PeriodFigures, period_figures
from metrics.board import Board, BoardRow, ranking_board
from metrics.early_warning import EarlyWarning, cached_early_warnings
from metrics.models import ASSESSED_KINDS
from metrics.selectors import scheme_in_force, snapshot_in_force
from units.models import Unit

WARNINGS_SHOWN = 10
TASKS_SHOWN = 30


@dataclass(frozen=True)
class TaskRow:
    """A proactive task (主动治理) opened in the period."""

    title: str
    place: str
    owners: str
    deadline: date
    status: str


@dataclass(frozen=True)
class TopicRow:
    """A 每月一题 topic of the period's month(s) and its tickets received in the period."""

    month: date
    title: str
    lead: str
    tickets: int


@dataclass(frozen=True)
class RankingSection:
    """One ranking table of the month (a kind of unit, a level for departments): its top and bottom
    lists as published, and the units below the minimum sample."""

    title: str
    version: int
    top: list[BoardRow]
    bottom: list[BoardRow]
    unranked: list[BoardRow]


@dataclass(frozen=True)
class BulletinContent:
    period: Period
    tickets: int
    top_categories: list[VolumeRow]
    top_addresses: list[AddressRow]
    warnings: list[EarlyWarning]
    warnings_week: date
    rankings: list[RankingSection]  # the monthly bulletin only
    tasks: list[TaskRow] = ()
    topics: list[TopicRow] = ()

    @property
    def title(self) -> str:
        if self.period.kind == PeriodKind.MONTH:
            when = f"{self.period.first_day:%Y-%m}"
        elif self.period.kind == PeriodKind.WEEK:
            when = f"{self.period.first_day:%Y-%m-%d} – {self.period.last_day:%Y-%m-%d}"
        else:
            when = f"{self.period.first_day:%Y-%m-%d}"
        return _("12345 hotline %(kind)s %(when)s") % {
            "kind": PeriodKind(self.period.kind).label,
            "when": when,
        }


def month_frozen(month: date) -> bool:
    """Whether every kind of unit with a scheme in force for ``month`` has its frozen ranking, and
    there is at least one: the monthly bulletin waits for the freeze (metrics.tasks)."""
    assessed = [kind for kind in ASSESSED_KINDS if scheme_in_force(unit_kind=kind, on=month) is not None]
    return bool(assessed) and all(
        snapshot_in_force(month=month, unit_kind=kind) is not None for kind in assessed
    )


def _sections(board: Board) -> list[RankingSection]:
    kind = Unit.Kind(board.unit_kind).label
    return [
        RankingSection(
            title=f"{kind} {table.label}".strip(),
            version=board.snapshot.version,
            top=[row for row in table.ranked if row.is_top],
            bottom=[row for row in table.ranked if row.is_bottom],
            unranked=table.unranked,
        )
        for table in board.tables
    ]


def monthly_rankings(month: date) -> list[RankingSection]:
    """The frozen month's tables, kind by kind; a kind with no snapshot is left out."""
    sections = []
    for kind in ASSESSED_KINDS:
        if snapshot_in_force(month=month, unit_kind=kind) is None:
            continue
        sections += _sections(ranking_board(month=month, unit_kind=kind))
    return sections


def _tickets(figures: PeriodFigures) -> int:
    return sum(row.count for row in figures.volumes.get("channel", []))


def tasks_opened(period: Period) -> list[TaskRow]:
    """The proactive tasks opened in the period, oldest first (two queries: the tasks, their owners)."""
    tasks = (
        ProactiveTask.objects.filter(opened_at__gte=period.start, opened_at__lt=period.end)
        .select_related("street")
        .prefetch_related("owners")
        .order_by("opened_at", "pk")[:TASKS_SHOWN]
    )
    return [
        TaskRow(
            title=task.title,
            place=task.street.name if task.street else task.address,
            owners="、".join(owner.name for owner in task.owners.all()),
            deadline=localtime(task.deadline).date(),
            status=task.get_status_display(),
        )
        for task in tasks
    ]


def period_topics(period: Period) -> list[TopicRow]:
    """The topics of the months the period touches, each with its tickets received in the period:
    of its categories or with one of its words (the topic page's rule, over the period's window)."""
    topics = (
        Topic.objects.filter(month__gte=period.first_day.replace(day=1), month__lte=period.last_day)
        .select_related("lead_unit")
        .prefetch_related("categories")
    )
    rows = []
    for topic in topics:  # a few a month
        count = Ticket.objects.filter(
            topic_about(topic), received_at__gte=period.start, received_at__lt=period.end
        ).count()
        rows.append(TopicRow(topic.month, topic.title, topic.lead_unit.name, count))
    return rows


def bulletin_content(*, kind: str, first_day: date) -> BulletinContent:
    period = period_of(kind, first_day)
    figures = period_figures(period)
    # The warnings of the period's last week: the week itself, the day's week, the month's last one.
    week = week_start_of(period.last_day)
    return BulletinContent(
        period=period,
        tickets=_tickets(figures),
        top_categories=figures.top_categories,
        top_addresses=figures.top_addresses,
        warnings=cached_early_warnings(week_start=week)[:WARNINGS_SHOWN],
        warnings_week=week,
        rankings=monthly_rankings(period.first_day) if kind == PeriodKind.MONTH else [],
        tasks=tasks_opened(period),
        topics=period_topics(period),
    )
