"""Acceptance 3: a month for 10 streets and for 300 streets costs the same number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from dispatch.models import Assignment, Clock, UnitRequest
from dispatch.tests.enforcement.factories import DeadlinePolicyFactory
from hotline.models import Ticket, TicketEvent
from hotline.tests.factories import CategoryFactory, RequestTypeFactory
from metrics import services
from metrics.computation import unit_counts
from metrics.periods import month_bounds
from metrics.ranking import ranking_compute
from metrics.tests.factories import ScoringSchemeFactory
from units.models import Unit
from units.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

JANUARY = date(2025, 1, 1)
DUE = datetime(2025, 1, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def add_streets(district: Unit, first: int, count: int) -> None:
    """``count`` streets, each with one lead order signed and contacted in time and one return
    request (refused); the first, third … order replied in time and called back, the others
    replied late and not called back in the month (not replied)."""
    policy, request_type, category = DeadlinePolicyFactory(), RequestTypeFactory(), CategoryFactory()
    requester = UserFactory()
    streets = Unit.objects.bulk_create(
        Unit(code=f"{district.code}{n:04d}", name=f"街道{n}", kind="street", parent=district)
        for n in range(first, first + count)
    )
    tickets = Ticket.objects.bulk_create(
        Ticket(
            number=f"Q{n:06d}",
            channel="phone",
            request_type=request_type,
            category=category,
            content="测试",
            tier="T3",
        )
        for n in range(first, first + count)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(ticket=ticket, unit=street, role="lead", status="called_back")
        for ticket, street in zip(tickets, streets, strict=True)
    )
    Clock.objects.bulk_create(
        Clock(
            assignment=assignment,
            assessed_unit_id=assignment.unit_id,
            kind=kind,
            cycle=1,
            policy=policy,
            started_at=DUE - timedelta(days=1),
            due_at=DUE,
            warn_at=DUE - timedelta(hours=6),
            stopped_at=DUE - timedelta(hours=2),
            result="met",
        )
        for assignment in assignments
        for kind in ("sign", "contact")
    )
    Clock.objects.bulk_create(
        Clock(
            assignment=assignment,
            assessed_unit_id=assignment.unit_id,
            kind="reply",
            cycle=1,
            policy=policy,
            started_at=DUE - timedelta(days=1),
            due_at=DUE,
            warn_at=DUE - timedelta(hours=6),
            stopped_at=DUE + timedelta(hours=n % 2),
            result="missed" if n % 2 else "met",
        )
        for n, assignment in enumerate(assignments)
    )
    UnitRequest.objects.bulk_create(
        UnitRequest(
            assignment=assignment,
            kind="return",
            reason="不属本街道",
            requested_by=requester,
            requested_at=DUE,
            decision="refused",
        )
        for assignment in assignments
    )
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=assignment.ticket_id,
            assignment=assignment,
            unit_id=assignment.unit_id,
            action="callback",
            at=DUE + timedelta(days=2),
            payload={"solved": "solved", "satisfaction": "basic"},
        )
        for assignment in assignments[::2]
    )


def test_the_number_of_queries_does_not_grow_with_the_number_of_units():
    ScoringSchemeFactory(unit_kind="street", effective_from=JANUARY, min_assessed=1)
    district = DistrictFactory()
    start, end = month_bounds(JANUARY)

    add_streets(district, 1, 10)
    with CaptureQueriesContext(connection) as ten:
        small = ranking_compute(month=JANUARY, unit_kind="street")
    with CaptureQueriesContext(connection) as ten_counts:
        unit_counts(unit_kind="street", start=start, end=end)

    add_streets(district, 11, 290)
    with CaptureQueriesContext(connection) as three_hundred:
        large = ranking_compute(month=JANUARY, unit_kind="street")
    with CaptureQueriesContext(connection) as three_hundred_counts:
        counts = unit_counts(unit_kind="street", start=start, end=end)

    assert (len(small.ranked), len(large.ranked)) == (10, 300)
    assert {line.counts.not_replied for line in large.ranked} == {0, 1}
    assert {line.counts.returns for line in large.ranked} == {1}
    # Two groups of equal units, each sharing one rank: the 150 that replied above the 150 that did not.
    assert {line.standing.rank for line in large.ranked} == {1, 151}
    assert len(counts) == 300
    # unit_counts: the kind's units, the longest first-contact limit of any policy (the window of
    # sign-for clocks to look at), then the deadlines, responded, not replied, callback and return
    # aggregates; ranking_compute adds the scheme, the units' names and last month's ranks.
    assert len(ten.captured_queries) == len(three_hundred.captured_queries) == 10
    assert len(ten_counts.captured_queries) == len(three_hundred_counts.captured_queries) == 7


def test_a_districts_territory_costs_the_same_with_10_or_300_streets():
    ScoringSchemeFactory(unit_kind="district", effective_from=JANUARY, min_assessed=1)
    district = DistrictFactory()
    start, end = month_bounds(JANUARY)
    add_streets(district, 1, 10)
    with CaptureQueriesContext(connection) as ten:
        small = ranking_compute(month=JANUARY, unit_kind="district")
    add_streets(district, 11, 290)
    with CaptureQueriesContext(connection) as three_hundred:
        large = ranking_compute(month=JANUARY, unit_kind="district")
    assert len(ten.captured_queries) == len(three_hundred.captured_queries) == 10
    assert [line.counts.response_due for line in (*small.ranked, *large.ranked)] == [10, 300]
    assert (large.ranked[0].counts.not_replied, large.ranked[0].counts.returns) == (150, 300)
    assert unit_counts(unit_kind="district", start=start, end=end)[district.pk] == large.ranked[0].counts


def test_freezing_300_units_writes_their_rows_in_batches(django_assert_max_num_queries):
    """Ten reads, the snapshot, and the rows in bulk (SQLite caps the parameters of one statement,
    so there it takes a few inserts; PostgreSQL takes one)."""
    ScoringSchemeFactory(unit_kind="street", effective_from=JANUARY, min_assessed=1)
    add_streets(DistrictFactory(), 1, 300)
    with django_assert_max_num_queries(24):
        snapshot, _created = services.snapshot_freeze(month=JANUARY, unit_kind="street")
    assert snapshot.rows.count() == 300
