"""Writing bulletins: one kind and period (``bulletin_generate``), and every one the schedule makes
due (``bulletins_generate_due``), which the beat task runs. Idempotent twice over: a period that has
its bulletin is skipped, and the unique (kind, first_day) makes a racing second run's insert fail
(its files are then removed)."""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from bulletins.chart import category_chart
from bulletins.content import bulletin_content, month_frozen
from bulletins.models import Bulletin
from bulletins.pdf import bulletin_pdf
from bulletins.word import bulletin_docx
from metrics.analyses import PeriodKind, period_of
from metrics.periods import previous_month

logger = logging.getLogger(__name__)


def bulletin_generate(*, kind: str, first_day: date, now: datetime | None = None) -> Bulletin | None:
    """The bulletin of the period starting ``first_day``, generated unless it exists; None for a
    month whose ranking is not frozen yet (the next run tries again)."""
    period = period_of(kind, first_day)
    existing = Bulletin.objects.filter(kind=kind, first_day=period.first_day).first()
    if existing is not None:
        return existing
    if kind == PeriodKind.MONTH and not month_frozen(period.first_day):
        return None
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        content = bulletin_content(kind=kind, first_day=period.first_day)
        chart = category_chart(content.top_categories)
        generated = f"{timezone.localtime(now):%Y-%m-%d %H:%M}"
        docx = bulletin_docx(content, chart=chart, generated=generated)
        pdf = bulletin_pdf(content, chart=chart, generated=generated)
    bulletin = Bulletin(
        kind=kind,
        first_day=period.first_day,
        last_day=period.last_day,
        generated_at=now,
        has_chart=chart is not None,
    )
    bulletin.docx.save("bulletin.docx", ContentFile(docx), save=False)
    bulletin.pdf.save("bulletin.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError:
        bulletin.docx.delete(save=False)
        bulletin.pdf.delete(save=False)
        return Bulletin.objects.get(kind=kind, first_day=period.first_day)
    return bulletin


def _at() -> time:
    hours, minutes = settings.BULLETINS_AT.split(":")
    return time(int(hours), int(minutes))


def _due_day(kind: str, first_day: date) -> date:
    """The day a period's bulletin is due (at BULLETINS_AT): the next day, the first chosen weekday
    after the week, the chosen day of the next month."""
    period = period_of(kind, first_day)
    if kind == PeriodKind.DAY:
        return period.next_day
    if kind == PeriodKind.WEEK:
        return period.next_day + timedelta(
            days=(settings.BULLETINS_WEEKLY_WEEKDAY - period.next_day.weekday()) % 7
        )
    return period.next_day.replace(day=settings.BULLETINS_MONTHLY_DAY)


def _recent_periods(kind: str, today: date) -> list[date]:
    """The first days of the ``BULLETINS_CATCH_UP[kind]`` periods before the current one, oldest first."""
    current = period_of(kind, today).first_day
    days = []
    for _n in range(settings.BULLETINS_CATCH_UP[kind]):
        current = (
            previous_month(current)
            if kind == PeriodKind.MONTH
            else period_of(kind, current - timedelta(1)).first_day
        )
        days.append(current)
    return days[::-1]


def bulletins_due(*, now: datetime) -> list[tuple[str, date]]:
    """(kind, first day) of every period within the catch-up window whose bulletin is due by ``now``
    and missing."""
    local = timezone.localtime(now)
    due = []
    for kind in PeriodKind:
        for first_day in _recent_periods(kind, local.date()):
            when = datetime.combine(_due_day(kind, first_day), _at(), tzinfo=local.tzinfo)
            if when <= local:
                due.append((kind.value, first_day))
    done = (
        set(Bulletin.objects.filter(first_day__gte=min(d for _k, d in due)).values_list("kind", "first_day"))
        if due
        else set()
    )
    return [item for item in due if item not in done]


def bulletins_generate_due(*, now: datetime | None = None) -> dict[str, str]:
    """Generate every bulletin due and missing → {"kind first_day": "generated" | "waiting"}."""
    now = now or timezone.now()
    done = {}
    for kind, first_day in bulletins_due(now=now):
        bulletin = bulletin_generate(kind=kind, first_day=first_day, now=now)
        done[f"{kind} {first_day:%Y-%m-%d}"] = "generated" if bulletin else "waiting"
        if bulletin is None:
            logger.info("bulletin %s %s waits for the frozen ranking", kind, first_day)
    return done
