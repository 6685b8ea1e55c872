from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from dispatch.deadlines.calendar import calendar_warnings, workday_checker
from dispatch.deadlines.clocks import clock_stop, clocks_start
from dispatch.deadlines.defaults import START
from dispatch.deadlines.policy import clock_plan
from dispatch.models import Assignment, CalendarDay, DeadlinePolicy
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def policies():
    call_command("load_deadline_policies")


def assignment(tier="T3"):
    return Assignment.objects.create(ticket=TicketFactory(tier=tier), unit=StreetFactory(), role="lead")


def test_defaults_load_once():
    call_command("load_deadline_policies")
    assert DeadlinePolicy.objects.count() == 4


def test_an_admin_calendar_day_beats_the_package():
    CalendarDay.objects.create(date=date(2026, 10, 10), is_workday=False, note="调休取消")
    is_workday = workday_checker(date(2026, 10, 1), date(2026, 10, 31))
    assert (
        not is_workday(date(2026, 10, 10))
        and not is_workday(date(2026, 10, 1))
        and is_workday(date(2026, 10, 9))
    )


def test_unannounced_next_year_warns_until_entered():
    assert calendar_warnings(date(2026, 11, 22))
    CalendarDay.objects.create(date=date(2027, 1, 1), is_workday=False)
    assert calendar_warnings(date(2026, 11, 22)) == []


def test_a_policy_change_affects_new_clocks_not_running_ones():
    a = assignment("T3")
    start = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    clocks_start(assignment=a, start=start)
    old_due = a.clocks.get(kind="reply").due_at
    DeadlinePolicy.objects.create(
        tier="T3",
        effective_from=start + timedelta(hours=1),
        sign_minutes=60,
        contact_minutes=600,
        reply_amount=5,
        reply_unit="working_days",
    )
    assert a.clocks.get(kind="reply").due_at == old_due
    later = clock_plan(kind="reply", tier="T3", start=start + timedelta(hours=2))
    assert later.due_at < old_due + timedelta(hours=2) and later.policy.reply_amount == 5


def test_starting_twice_starts_once_and_stopping_stores_the_result_once():
    a = assignment("T1")
    start = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    clocks_start(assignment=a, start=start)
    clocks_start(assignment=a, start=start)
    assert a.clocks.count() == 3
    sign = clock_stop(assignment=a, kind="sign", at=start + timedelta(minutes=20))  # T1 sign limit: 15 min
    assert sign.result == "missed"
    assert clock_stop(assignment=a, kind="sign", at=start + timedelta(minutes=1)) is None
    DeadlinePolicy.objects.filter(tier="T1").update(sign_minutes=60)
    sign.refresh_from_db()
    assert sign.result == "missed"  # history is not rewritten by a later policy edit


def test_default_limits_and_warning_point():
    start = datetime(2026, 11, 23, 9, 0, tzinfo=SH)  # a Monday
    plan = clock_plan(kind="reply", tier="T1", start=start)
    assert (plan.due_at - start, plan.warn_at - start) == (timedelta(hours=2), timedelta(minutes=90))
    assert clock_plan(kind="reply", tier="T3", start=start).due_at == datetime(2026, 12, 2, 9, 0, tzinfo=SH)
    assert START.year == 2020


@pytest.mark.django_db
def test_a_database_without_policies_gets_the_defaults_back_not_an_error():
    DeadlinePolicy.objects.all().delete()
    plan = clock_plan(kind="reply", tier="T1", start=datetime(2026, 3, 2, 9, 0, tzinfo=SH))
    assert plan.due_at == datetime(2026, 3, 2, 11, 0, tzinfo=SH)
    assert DeadlinePolicy.objects.count() == 4


def test_a_lead_orders_clocks_count_for_its_unit_an_assisting_ones_for_none():
    start = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    lead = assignment()
    assisting = Assignment.objects.create(ticket=lead.ticket, unit=StreetFactory(), role="assist")
    clocks_start(assignment=lead, start=start)
    clocks_start(assignment=assisting, start=start)
    assert set(lead.clocks.values_list("assessed_unit_id", flat=True)) == {lead.unit_id}
    assert set(assisting.clocks.values_list("assessed_unit_id", flat=True)) == {None}
