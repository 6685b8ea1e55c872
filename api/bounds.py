"""Sane ranges for the dates and numbers users send, to the API and to pages alike: a date, month
or moment within ``INPUT_DATE_WINDOW_YEARS`` years of today (Beijing), so that no date arithmetic
downstream runs off the calendar (year 1 or 9999) and no query asks about the year 10000.

Serializer fields, filter fields and form fields take ``validate_in_date_window`` as a validator;
query strings that a page reads by hand go through ``month_in_window`` / ``date_in_window``."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

# The largest id a database row can have (a 64-bit integer, SQLite and PostgreSQL alike): an id
# sent beyond it finds nothing rather than overflowing the database driver.
ID_MAX = 2**63 - 1


class IdField(serializers.IntegerField):
    """The id of a row: a whole number from 1 to ``ID_MAX``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def date_window(today: date | None = None) -> tuple[date, date]:
    """The first and last date a user may name, both included."""
    today = today or timezone.localdate()
    years = settings.INPUT_DATE_WINDOW_YEARS
    return _shift_years(today, -years), _shift_years(today, years)


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            try:
                return timezone.localtime(value).date()
            except OverflowError:  # a moment at the very edge of the calendar
                return date.min if value.year < 2 else date.max
        return value.date()
    return value


def is_in_date_window(value: date | datetime) -> bool:
    first, last = date_window()
    return first <= _local_date(value) <= last


def validate_in_date_window(value: date | datetime) -> None:
    if not is_in_date_window(value):
        first, last = date_window()
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s.") % {"first": first, "last": last},
            code="out_of_range",
        )


def year_window() -> tuple[int, int]:
    first, last = date_window()
    return first.year, last.year


def validate_year_in_window(value: int) -> None:
    first, last = year_window()
    if not first <= value <= last:
        raise ValidationError(
            _("Give a year from %(first)d to %(last)d.") % {"first": first, "last": last},
            code="out_of_range",
        )


def date_in_window(value: str) -> date | None:
    """``YYYY-MM-DD`` from a query string as a date, or None when absent, malformed or out of range."""
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return day if is_in_date_window(day) else None


def month_in_window(value: str) -> date | None:
    """``YYYY-MM`` from a query string as the month's first day, or None when absent, malformed or
    out of range (a month counts when any of its days is in the window)."""
    if len(value or "") != 7:
        return None
    try:
        first = date.fromisoformat(f"{value}-01")
    except ValueError:
        return None
    window_first, window_last = date_window()
    return first if window_first.replace(day=1) <= first <= window_last else None


class WindowDateField(serializers.DateField):
    """A date within the window (the validator says which)."""

    def __init__(self, **kwargs):
        kwargs["validators"] = [*kwargs.get("validators", ()), validate_in_date_window]
        super().__init__(**kwargs)


class WindowDateTimeField(serializers.DateTimeField):
    """A moment within the window."""

    def __init__(self, **kwargs):
        kwargs["validators"] = [*kwargs.get("validators", ()), validate_in_date_window]
        super().__init__(**kwargs)
