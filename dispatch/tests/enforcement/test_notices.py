"""Who hears of a warning and of a breach, and that nobody hears twice."""

from datetime import UTC, datetime, timedelta

import pytest

from dispatch.enforcement.run import clocks_enforce
from dispatch.tests.enforcement.factories import AssignmentFactory, ClockFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def ids(*users):
    return sorted(user.pk for user in users)


def test_a_warning_tells_the_unit_only(people):
    ClockFactory(
        assignment=AssignmentFactory(unit=people.street),
        due_at=NOW + timedelta(hours=2),
        warn_at=NOW - timedelta(minutes=1),
    )
    clocks_enforce(now=NOW)

    assert told("deadline_warning") == ids(*people.officials)
    assert told("deadline_breach") == []


def test_a_breach_tells_the_unit_the_district_supervisor_and_every_dispatcher_once(people):
    clock = ClockFactory(
        assignment=AssignmentFactory(unit=people.street),
        due_at=NOW - timedelta(minutes=1),
        warn_at=NOW - timedelta(hours=2),
    )
    clocks_enforce(now=NOW)
    clocks_enforce(now=NOW + timedelta(minutes=1))

    assert told("deadline_breach") == ids(*people.officials, people.supervisor, *people.dispatchers)
    # The warning found after the deadline is recorded but only the breach is sent.
    assert told("deadline_warning") == []
    notice = Notification.objects.filter(kind="deadline_breach").first()
    assert notice.ticket_id == clock.assignment.ticket_id
    assert clock.assignment.ticket.number in notice.text
    assert notice.dedupe_key == f"clock:{clock.pk}:breach"


def test_a_district_department_breach_reaches_its_district_supervisor(people):
    ClockFactory(
        assignment=AssignmentFactory(unit=people.department),
        due_at=NOW - timedelta(minutes=1),
        warn_at=NOW - timedelta(hours=2),
    )
    clocks_enforce(now=NOW)

    assert told("deadline_breach") == ids(people.department_staff, people.supervisor, *people.dispatchers)


def test_each_clock_has_its_own_notice(people):
    for kind in ("sign", "contact"):
        ClockFactory(
            assignment=AssignmentFactory(unit=people.street),
            kind=kind,
            due_at=NOW - timedelta(minutes=1),
            warn_at=NOW - timedelta(hours=2),
        )
    clocks_enforce(now=NOW)

    assert Notification.objects.filter(user=people.officials[0], kind="deadline_breach").count() == 2
