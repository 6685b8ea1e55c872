"""Deadline arithmetic, pure: no database, no settings. Datetimes are timezone-aware.

Working days: the deadline falls at the same time of day on the N-th working day after the day of
the start. A start on a rest day counts from 00:00 of the next working day (so the deadline is the
end of the N-th working day). A holiday never makes a deadline earlier, only later."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta


def add_natural(start: datetime, *, minutes: int = 0, days: int = 0) -> datetime:
    return start + timedelta(minutes=minutes, days=days)


def add_working_days(start: datetime, days: int, is_workday: Callable[[date], bool]) -> datetime:
    day = start.date()
    if not is_workday(day):
        while not is_workday(day):
            day += timedelta(days=1)
        start = datetime.combine(day, time.min, tzinfo=start.tzinfo)
    counted, current = 0, day
    while counted < days:
        current += timedelta(days=1)
        if is_workday(current):
            counted += 1
    return datetime.combine(current, start.timetz())
