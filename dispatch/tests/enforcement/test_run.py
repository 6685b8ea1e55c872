"""The sweep against the database: once per clock and kind, catching up with the real times, and
touching nothing that is not due."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dispatch.enforcement.run import EnforcementReport, clocks_enforce
from dispatch.models import Assignment, Clock, ClockAlert
from dispatch.tests.enforcement.factories import AssignmentFactory, ClockFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def alerts(kind):
    return dict(ClockAlert.objects.filter(kind=kind).values_list("clock_id", "happened_at"))


def test_two_runs_record_one_warning_and_one_breach_per_clock():
    overdue = ClockFactory.create_batch(3, due_at=NOW - timedelta(hours=1), warn_at=NOW - timedelta(hours=5))
    warned_only = ClockFactory(due_at=NOW + timedelta(hours=1), warn_at=NOW - timedelta(minutes=1))

    first = clocks_enforce(now=NOW)
    second = clocks_enforce(now=NOW)

    assert (first.warnings, first.breaches) == (4, 3)
    assert (second.warnings, second.breaches, second.batches) == (0, 0, 0)
    assert set(alerts("warning")) == {c.pk for c in [*overdue, warned_only]}
    assert set(alerts("breach")) == {c.pk for c in overdue}
    assert ClockAlert.objects.count() == 7
    assert set(Assignment.objects.filter(is_overdue=True)) == {c.assignment for c in overdue}


def test_a_three_day_outage_is_caught_up_in_one_run_with_the_real_times():
    down_since = NOW - timedelta(days=3)
    clocks = [
        ClockFactory(warn_at=down_since + timedelta(hours=h), due_at=down_since + timedelta(hours=h + 20))
        for h in range(0, 72, 3)  # 24 clocks; the last ones warned but not yet due at NOW
    ]
    not_yet = ClockFactory(warn_at=NOW + timedelta(minutes=1), due_at=NOW + timedelta(hours=1))

    report = clocks_enforce(now=NOW, batch_size=5)

    due = [c for c in clocks if c.due_at <= NOW]
    assert (report.warnings, report.breaches) == (24, len(due)) and len(due) == 18
    assert alerts("warning") == {c.pk: c.warn_at for c in clocks}
    assert alerts("breach") == {c.pk: c.due_at for c in due}
    assert set(ClockAlert.objects.values_list("recorded_at", flat=True)) == {NOW}
    assert not ClockAlert.objects.filter(clock=not_yet).exists()
    assert clocks_enforce(now=NOW) == EnforcementReport()


def test_max_batches_leaves_the_rest_for_the_next_run():
    ClockFactory.create_batch(6, due_at=NOW - timedelta(hours=1), warn_at=NOW - timedelta(hours=2))

    first = clocks_enforce(now=NOW, batch_size=2, max_batches=3)
    rest = clocks_enforce(now=NOW, batch_size=2, max_batches=50)

    assert first.batches == 3 and first.breaches < 6  # the rest is left for the next run
    assert (first.warnings + rest.warnings, first.breaches + rest.breaches) == (6, 6)
    # Warning and breach batches alternate: a backlog of one does not starve the other.
    assert first.warnings and first.breaches


def test_a_clock_past_its_deadline_is_recorded_in_one_batch_with_both_alerts():
    overdue = ClockFactory.create_batch(3, due_at=NOW - timedelta(hours=1), warn_at=NOW - timedelta(hours=5))

    report = clocks_enforce(now=NOW)

    assert (report.warnings, report.breaches, report.batches) == (3, 3, 1)
    assert alerts("warning") == {c.pk: c.warn_at for c in overdue}
    assert Clock.objects.filter(warned=True, breached=True).count() == 3


def test_stopped_and_future_clocks_are_untouched():
    stopped = ClockFactory(
        due_at=NOW - timedelta(hours=1),
        warn_at=NOW - timedelta(hours=2),
        stopped_at=NOW - timedelta(hours=3),
        result=Clock.Result.MET,
    )
    future = ClockFactory(due_at=NOW + timedelta(days=2), warn_at=NOW + timedelta(days=1))

    assert clocks_enforce(now=NOW) == EnforcementReport()
    for clock in (stopped, future):
        fresh = Clock.objects.get(pk=clock.pk)
        assert not fresh.warned and not fresh.breached and not fresh.alerts.exists()
        assert not Assignment.objects.get(pk=clock.assignment_id).is_overdue
    assert not Notification.objects.exists()


def test_the_unique_constraint_not_the_flag_keeps_each_alert_once():
    clock = ClockFactory(due_at=NOW - timedelta(hours=1), warn_at=NOW - timedelta(hours=2))
    clocks_enforce(now=NOW)
    notified = Notification.objects.count()
    # As if the flags were lost (a restore, a manual fix): the sweep sees the clock again.
    Clock.objects.filter(pk=clock.pk).update(warned=False, breached=False)
    Assignment.objects.filter(pk=clock.assignment_id).update(is_overdue=False)

    report = clocks_enforce(now=NOW + timedelta(minutes=1))

    assert (report.warnings, report.breaches) == (0, 0)
    assert ClockAlert.objects.filter(clock=clock).count() == 2
    assert ClockAlert.objects.get(clock=clock, kind="breach").recorded_at == NOW
    assert Notification.objects.count() == notified
    # The overdue mark was written with the breach; a second sighting does not write it again.
    assert not Assignment.objects.get(pk=clock.assignment_id).is_overdue
    assert Clock.objects.filter(pk=clock.pk, warned=True, breached=True).exists()


def test_the_number_of_queries_does_not_grow_with_the_clocks(django_assert_max_num_queries, people):
    def overdue_clocks(n):
        for _ in range(n):
            ClockFactory(
                assignment=AssignmentFactory(unit=people.street),
                due_at=NOW - timedelta(hours=1),
                warn_at=NOW - timedelta(hours=2),
            )

    overdue_clocks(2)
    with django_assert_max_num_queries(40) as few:
        clocks_enforce(now=NOW)
    overdue_clocks(20)  # 100 notices: still one INSERT within SQLite's parameter limit
    with django_assert_max_num_queries(len(few.captured_queries)):
        clocks_enforce(now=NOW)


def test_default_now_is_the_present():
    ClockFactory(due_at=timezone.now() - timedelta(seconds=1), warn_at=timezone.now() - timedelta(minutes=1))
    assert clocks_enforce().breaches == 1
