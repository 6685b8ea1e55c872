"""Deadline arithmetic with the real 2026 calendar (chinese-calendar) — no database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from dispatch.deadlines.arithmetic import add_natural, add_working_days

SH = ZoneInfo("Asia/Shanghai")


def package_or_weekdays(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_seven_working_days_across_the_national_day_holiday():
    # 2026-09-30 (Wed) 17:55; Oct 1–7 are holidays, Sat Oct 10 is a make-up working day.
    due = add_working_days(at(2026, 9, 30, 17, 55), 7, package_or_weekdays)
    # Working days after the start: Oct 8, 9, 10 (调休 Saturday), 12, 13, 14, 15.
    assert due == at(2026, 10, 15, 17, 55)


def test_a_deadline_can_land_on_a_make_up_working_saturday():
    due = add_working_days(at(2026, 10, 8, 9, 0), 2, package_or_weekdays)
    assert due == at(2026, 10, 10, 9, 0) and due.weekday() == 5


def test_two_hours_across_midnight():
    assert add_natural(at(2026, 11, 22, 23, 10), minutes=120) == at(2026, 11, 23, 1, 10)


def test_fifteen_natural_days_across_a_month_end():
    assert add_natural(at(2026, 1, 25, 10, 0), days=15) == at(2026, 2, 9, 10, 0)


def test_a_start_on_friday_evening():
    # Fri 2026-11-20 17:55 + 7 working days: Mon 23 … Tue Dec 1, same time of day.
    assert add_working_days(at(2026, 11, 20, 17, 55), 7, package_or_weekdays) == at(2026, 12, 1, 17, 55)


def test_a_start_on_a_rest_day_counts_from_the_next_working_day():
    # Sat 2026-11-21 10:00: the clock starts Mon 00:00, so 1 working day ends Tue 00:00.
    assert add_working_days(at(2026, 11, 21, 10, 0), 1, package_or_weekdays) == at(2026, 11, 24, 0, 0)


def test_seven_working_days_from_2026_12_28_run_into_an_unannounced_2027():
    holidays = {date(2027, 1, 1)}  # what an administrator entered as a calendar day

    def is_workday(day: date) -> bool:
        return day not in holidays and package_or_weekdays(day)

    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))
    # Dec 29, 30, 31, (Jan 1 holiday), Jan 4, 5, 6, 7.
    assert add_working_days(at(2026, 12, 28, 9, 0), 7, is_workday) == at(2027, 1, 7, 9, 0)


def test_holidays_never_make_a_deadline_earlier():
    start = at(2026, 9, 28, 9, 0)
    with_holidays = add_working_days(start, 7, package_or_weekdays)
    weekdays_only = add_working_days(start, 7, lambda d: d.weekday() < 5)
    assert with_holidays >= weekdays_only
