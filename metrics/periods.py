"""Months as assessment periods: [first day 00:00, first day of the next month 00:00) in the
city's time zone (settings.TIME_ZONE), read when called, never at import."""

from datetime import date, datetime, time

from django.utils import timezone


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(month_of(month), time.min, tzinfo=zone),
        datetime.combine(next_month(month_of(month)), time.min, tzinfo=zone),
    )


def last_month(now: datetime | None = None) -> date:
    """The month before the one ``now`` (default: this moment) falls in, in the city's time zone."""
    return previous_month(month_of(timezone.localdate(now or timezone.now())))
