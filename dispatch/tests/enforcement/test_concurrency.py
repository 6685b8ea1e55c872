"""Sweeps beside other sweeps and beside an official at work, each on its own database connection
(PostgreSQL)."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from dispatch.enforcement.run import clocks_enforce
from dispatch.models import Assignment, ClockAlert
from dispatch.tests.enforcement.factories import AssignmentFactory, ClockFactory
from notifications.models import Notification
from tests.threads import run_at_once

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WORKERS = 4

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the workers split batches with row locks (FOR UPDATE SKIP LOCKED); "
        "SQLite lets one writer in at a time, so there is no concurrency to test",
    ),
]


def sweep_at_once(**options):
    return run_at_once(lambda: clocks_enforce(now=NOW, **options), WORKERS)


def test_concurrent_runs_double_nothing(people):
    clocks = [
        ClockFactory(
            assignment=AssignmentFactory(unit=people.street),
            due_at=NOW - timedelta(minutes=i + 1),
            warn_at=NOW - timedelta(hours=2, minutes=i),
        )
        for i in range(60)
    ]

    reports = sweep_at_once(batch_size=7)
    # A clock held by one worker is skipped by the others; what is left (if anything) is for the
    # next run, as in production a minute later.
    reports.append(clocks_enforce(now=NOW, batch_size=7))

    assert sum(r.warnings for r in reports) == sum(r.breaches for r in reports) == len(clocks)
    assert ClockAlert.objects.filter(kind="warning").count() == len(clocks)
    assert ClockAlert.objects.filter(kind="breach").count() == len(clocks)
    assert Assignment.objects.filter(is_overdue=True).count() == len(clocks)
    recipients = len(people.officials) + 1 + len(people.dispatchers)
    assert Notification.objects.filter(kind="deadline_breach").count() == len(clocks) * recipients
    assert len(reports) > 2 and sum(1 for r in reports[:-1] if r.breaches) > 1, "the work was split"


def test_the_sweep_does_not_wait_for_an_assignment_someone_is_changing(people):
    def overdue():
        return ClockFactory(
            assignment=AssignmentFactory(unit=people.street),
            due_at=NOW - timedelta(minutes=1),
            warn_at=NOW - timedelta(hours=2),
        )

    busy, free = overdue(), overdue()
    locked, release = threading.Event(), threading.Event()

    def official_acting():
        try:
            with transaction.atomic():
                Assignment.objects.select_for_update().get(pk=busy.assignment_id)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    official = threading.Thread(target=official_acting)
    official.start()
    assert locked.wait(10)
    try:
        started = time.monotonic()
        report = clocks_enforce(now=NOW)
        waited = time.monotonic() - started
    finally:
        release.set()
        official.join()

    assert waited < 2 and report.breaches == 1
    assert set(ClockAlert.objects.filter(kind="breach").values_list("clock_id", flat=True)) == {free.pk}
    assert clocks_enforce(now=NOW).breaches == 1  # the next run, once the official is done
