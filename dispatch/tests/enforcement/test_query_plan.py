"""The sweep's queries read the partial indexes (PostgreSQL), so their cost is what is due.

Two ways to make it testable on a small table: with enough rows and fresh statistics (ANALYZE) the
planner chooses the index on its own, as it does with a million clocks (see the
``benchmark_enforcement`` command); with ``enable_seqscan = off`` it proves the index can serve the
query at all — that the filter matches the index's condition — which is the intent under test."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from benchmarks.enforcement import sweep_query_plan
from dispatch.enforcement.thresholds import BREACH, WARNING
from dispatch.models import Clock
from dispatch.tests.enforcement.factories import ClockFactory

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's; SQLite has no partial-index plan to check",
    ),
]


@pytest.mark.parametrize("threshold", [WARNING, BREACH], ids=lambda t: t.alert)
def test_the_sweep_query_can_only_be_served_by_its_partial_index(threshold):
    ClockFactory(due_at=NOW - timedelta(minutes=1), warn_at=NOW - timedelta(hours=1))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = sweep_query_plan(threshold, now=NOW)
    assert f"Index Scan using {threshold.index_name}" in plan


@pytest.mark.parametrize("threshold", [WARNING, BREACH], ids=lambda t: t.alert)
def test_with_statistics_the_planner_chooses_the_partial_index(threshold):
    clock = ClockFactory(due_at=NOW - timedelta(minutes=1), warn_at=NOW - timedelta(hours=1))
    # 6,000 running clocks due next month on one assignment (the unique key includes the cycle).
    Clock.objects.bulk_create(
        Clock(
            assignment=clock.assignment,
            kind=kind,
            cycle=cycle,
            policy=clock.policy,
            started_at=NOW,
            due_at=NOW + timedelta(days=10, minutes=cycle),
            warn_at=NOW + timedelta(days=5, minutes=cycle),
        )
        for cycle in range(2, 2002)
        for kind in Clock.Kind.values
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dispatch_clock")

    plan = sweep_query_plan(threshold, now=NOW)

    assert f"Index Scan using {threshold.index_name}" in plan
    assert "Seq Scan" not in plan
