"""Rows for metrics tests, built directly (fast) with the same shape the lifecycle services write:
cycle-1 sign and contact clocks with their results, reply clocks, and callback events on the
assignment."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import factory

from dispatch.models import Assignment, Clock
from dispatch.tests.enforcement.factories import DeadlinePolicyFactory
from hotline.models import Callback, TicketEvent
from hotline.tests.factories import TicketFactory
from metrics.models import ScoringScheme

RESULTS = {"met", "missed", "running", "cancelled"}


class ScoringSchemeFactory(factory.django.DjangoModelFactory):
    """A test scheme: 20/40/40, k = 0.8, partly = 0.5, ranked from 5 orders, top 1 and bottom 1."""

    class Meta:
        model = ScoringScheme
        django_get_or_create = ["unit_kind", "effective_from"]

    unit_kind = "street"
    effective_from = date(2025, 2, 1)
    weight_response = Decimal("0.2")
    weight_resolution = Decimal("0.4")
    weight_satisfaction = Decimal("0.4")
    basic_credit = Decimal("0.8")
    partly_credit = Decimal("0.5")
    min_assessed = 5
    top_n = 1
    bottom_n = 1


def _clock(assignment: Assignment, kind: str, result: str, due: datetime, cycle: int = 1) -> Clock:
    assert result in RESULTS, result
    stopped = {"met": due - timedelta(hours=1), "missed": due + timedelta(hours=1), "cancelled": due}
    return Clock.objects.create(
        assignment=assignment,
        kind=kind,
        cycle=cycle,
        policy=DeadlinePolicyFactory(),
        started_at=due - timedelta(hours=24),
        due_at=due,
        warn_at=due - timedelta(hours=6),
        stopped_at=stopped.get(result),
        result="" if result == "running" else result,
    )


def callback_record(assignment: Assignment, *, at: datetime, solved: str, satisfaction: str) -> TicketEvent:
    """What hotline_actions.assignment_callback leaves behind: the event and the Callback row."""
    Callback.objects.create(
        ticket=assignment.ticket, via="phone", solved=solved, satisfaction=satisfaction, recorded_at=at
    )
    return TicketEvent.objects.create(
        ticket=assignment.ticket,
        action="callback",
        assignment=assignment,
        unit=assignment.unit,
        at=at,
        payload={"solved": solved, "satisfaction": satisfaction},
        from_status="replied",
        to_status="called_back",
    )


def order(
    unit,
    *,
    due: datetime,
    sign: str = "met",
    contact: str = "met",
    callbacks: tuple[tuple[datetime, str, str], ...] = (),
    role: str = Assignment.Role.LEAD,
    ticket=None,
    replies: tuple[tuple[str, datetime], ...] = (),
) -> Assignment:
    """An assignment of ``unit`` whose cycle-1 sign and contact clocks are due at ``due`` with the
    given results ('met', 'missed', 'running', 'cancelled'), its reply clocks as (result, due) for
    cycle 1, 2 …, and its callbacks as (at, solved, satisfaction)."""
    assignment = Assignment.objects.create(
        ticket=ticket or TicketFactory(), unit=unit, role=role, assigned_at=due - timedelta(hours=24)
    )
    _clock(assignment, Clock.Kind.SIGN, sign, due - timedelta(hours=20))
    _clock(assignment, Clock.Kind.CONTACT, contact, due)
    for cycle, (result, reply_due) in enumerate(replies, start=1):
        _clock(assignment, Clock.Kind.REPLY, result, reply_due, cycle=cycle)
    for at, solved, satisfaction in callbacks:
        callback_record(assignment, at=at, solved=solved, satisfaction=satisfaction)
    return assignment
