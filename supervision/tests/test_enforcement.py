"""Acceptance 1 and 2: an unanswered order is flagged once and escalated once, exactly one level up;
after an outage one run catches up; running again changes nothing."""

from datetime import timedelta

import pytest

from notifications.models import Notification
from supervision.enforcement import supervision_enforce
from supervision.models import Level, SupervisionEvent, SupervisionOrder
from supervision.services import supervision_answer, supervision_issue
from supervision.tasks import enforce_supervision

pytestmark = pytest.mark.django_db
Status = SupervisionOrder.Status


def issue(s, unit=None, *, by=None):
    return supervision_issue(
        actor=by or s.people.dispatcher, unit=unit or s.street, subject="积水未处理", reason="多次来电"
    )


def fresh(order):
    return SupervisionOrder.objects.get(pk=order.pk)


def test_an_order_within_its_deadline_is_left_alone(s):
    order = issue(s)
    assert supervision_enforce(now=order.deadline - timedelta(minutes=1)).flagged == 0
    assert fresh(order).status == Status.ISSUED


def test_the_sweep_twice_flags_once_and_escalates_once(s):
    order = issue(s)
    later = order.deadline + timedelta(minutes=1)
    first = supervision_enforce(now=later)
    second = supervision_enforce(now=later + timedelta(minutes=5))
    assert (first.flagged, first.escalated) == (1, 1)
    assert (second.flagged, second.escalated) == (0, 0)
    order = fresh(order)
    assert order.status == Status.ESCALATED and order.flagged_at == later
    up = order.escalated_to
    assert (up.level, up.unit, up.status, up.issued_by) == (Level.DISTRICT, s.street, Status.ISSUED, None)
    assert up.deadline > later
    assert list(order.events.values_list("action", flat=True)) == ["issue", "flag", "escalate"]
    assert SupervisionOrder.objects.count() == 2
    assert Notification.objects.filter(kind="supervision_overdue", user=s.people.official).count() == 1


def test_the_beat_task_runs_the_sweep(s, settings):
    order = issue(s)
    SupervisionOrder.objects.filter(pk=order.pk).update(deadline=order.issued_at)
    assert enforce_supervision()["flagged"] == 1
    assert enforce_supervision()["flagged"] == 0
    assert "supervision.enforce_supervision" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


@pytest.mark.parametrize(
    ("issuer", "unit", "level", "up"),
    [
        ("dispatcher", "street", Level.HOTLINE, Level.DISTRICT),
        ("supervisor", "street", Level.DISTRICT, Level.CITY),
        ("city_leader", "street", Level.CITY, None),
        # A unit in no district: the hotline's order goes straight to the city.
        ("dispatcher", "city_department", Level.HOTLINE, Level.CITY),
    ],
)
def test_escalation_goes_exactly_one_level(s, issuer, unit, level, up):
    order = issue(s, getattr(s, unit), by=getattr(s.people, issuer))
    assert order.level == level
    supervision_enforce(now=order.deadline + timedelta(minutes=1))
    order = fresh(order)
    if up is None:
        assert order.status == Status.OVERDUE and not hasattr(order, "escalated_to")
        assert SupervisionOrder.objects.count() == 1
    else:
        assert order.status == Status.ESCALATED and order.escalated_to.level == up
        assert SupervisionOrder.objects.count() == 2


def test_a_district_order_born_of_an_escalation_escalates_to_the_city_in_its_turn(s):
    order = issue(s)
    supervision_enforce(now=order.deadline + timedelta(minutes=1))
    district_order = fresh(order).escalated_to
    supervision_enforce(now=district_order.deadline + timedelta(minutes=1))
    city_order = fresh(district_order).escalated_to
    assert city_order.level == Level.CITY and city_order.escalated_from == district_order
    supervision_enforce(now=city_order.deadline + timedelta(days=30))
    assert fresh(city_order).status == Status.OVERDUE
    assert SupervisionOrder.objects.count() == 3


def test_after_a_three_day_outage_one_run_catches_up_and_a_second_changes_nothing(s):
    orders = [
        issue(s),
        issue(s, s.department),
        issue(s, by=s.people.supervisor),
        issue(s, by=s.people.city_leader),
    ]
    # Overdue at different points during the outage: 3 days, 2 days, 1 day and 1 hour before it ends.
    end = max(order.deadline for order in orders) + timedelta(days=3)
    for order, back in zip(
        orders, [timedelta(days=3), timedelta(days=2), timedelta(days=1), timedelta(hours=1)], strict=True
    ):
        SupervisionOrder.objects.filter(pk=order.pk).update(deadline=end - back)
    answered = issue(s)  # answered in time: never flagged
    supervision_answer(order=answered, actor=s.people.official, text="已处理")
    SupervisionOrder.objects.filter(pk=answered.pk).update(deadline=end - timedelta(days=2))

    report = supervision_enforce(now=end, batch_size=2)
    assert (report.flagged, report.escalated) == (4, 3)
    for order in orders:
        assert fresh(order).flagged_at == end
        assert SupervisionEvent.objects.filter(order=order, action="flag").count() == 1
        assert SupervisionOrder.objects.filter(escalated_from=order).count() == (
            0 if order.level == Level.CITY else 1
        )
    assert fresh(answered).status == Status.ANSWERED and fresh(answered).flagged_at is None
    # The escalated orders have their level's full time from the run: none is overdue yet.
    assert all(o.deadline > end for o in SupervisionOrder.objects.filter(escalated_from__isnull=False))

    rows, events, notices = (
        SupervisionOrder.objects.count(),
        SupervisionEvent.objects.count(),
        Notification.objects.count(),
    )
    again = supervision_enforce(now=end + timedelta(minutes=1))
    assert (again.flagged, again.escalated) == (0, 0)
    assert (
        SupervisionOrder.objects.count(),
        SupervisionEvent.objects.count(),
        Notification.objects.count(),
    ) == (rows, events, notices)


def test_a_late_answer_to_a_city_order_still_counts_and_is_not_flagged_again(s):
    order = issue(s, by=s.people.city_leader)
    supervision_enforce(now=order.deadline + timedelta(minutes=1))
    order = supervision_answer(order=fresh(order), actor=s.people.official, text="已整改")
    assert order.status == Status.ANSWERED
    assert supervision_enforce(now=order.deadline + timedelta(days=10)).flagged == 0
