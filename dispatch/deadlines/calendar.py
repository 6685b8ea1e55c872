"""Which days are working days: an administrator's CalendarDay first, then the State Council's
yearly notice as packaged by chinese-calendar (holidays off, 调休 make-up weekend days on), and for
a year the package does not know yet, Monday to Friday — so a deadline is always computable, and
administrators are told to enter the new year's calendar."""

from collections.abc import Callable
from datetime import date
from functools import cache

import chinese_calendar
from django.utils.translation import gettext as _

from dispatch.deadlines.reference import deadline_reference
from dispatch.models import CalendarDay


@cache
def calendar_known_until() -> int:
    """The last year chinese-calendar has the State Council's notice for."""
    year = date.today().year - 1
    while True:
        try:
            chinese_calendar.is_workday(date(year + 1, 1, 1))
        except NotImplementedError:
            return year
        year += 1


def _package_workday(day: date) -> bool:
    if day.year <= calendar_known_until():
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def workday_checker(start: date, end: date) -> Callable[[date], bool]:
    """An ``is_workday`` for dates from ``start`` to ``end`` and beyond, with the administrators'
    overrides from this process's copy (``dispatch.deadlines.reference``): no query per clock."""
    overrides = deadline_reference().calendar_days

    def is_workday(day: date) -> bool:
        if day in overrides:
            return overrides[day]
        return _package_workday(day)

    return is_workday


def calendar_warnings(today: date) -> list[str]:
    """Shown to administrators: next year's holidays are not known yet."""
    next_year = today.year + 1
    if next_year <= calendar_known_until() or CalendarDay.objects.filter(date__year=next_year).exists():
        return []
    return [
        _(
            "The holiday calendar for %(year)s has not been entered: deadlines reaching into it count "
            "Monday to Friday only until the State Council's notice is entered as calendar days."
        )
        % {"year": next_year}
    ]
