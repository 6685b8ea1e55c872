"""What the drills count as routed, and routed once (health.drills.observe)."""

import pytest

from dispatch.models import Assignment, RoutingDecision
from health.drills.observe import routing_figures, unrouted_ids
from hotline.models import Ticket
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db
MARKER = "drill-x-1"


def ticket(*, status=Ticket.Status.PENDING, decisions=0, leads=0, marker=MARKER):
    filed = TicketFactory(content=f"路灯不亮 {marker}", status=status)
    for _ in range(decisions):
        RoutingDecision.objects.create(ticket=filed, status=RoutingDecision.Status.QUEUED, rule="t")
    for _ in range(leads):
        Assignment.objects.create(ticket=filed, unit=StreetFactory(), role=Assignment.Role.LEAD)
    return filed


def test_dispatched_and_queued_with_a_decision_are_routed_a_bare_pending_ticket_is_not():
    ticket(status=Ticket.Status.DISPATCHED, decisions=1, leads=1)
    ticket(decisions=1)  # in the dispatchers' queue: the router proposed, nobody applied it yet
    stranded = ticket()
    ticket(marker="another-drill")

    figures = routing_figures(marker=MARKER)

    assert (figures.filed, figures.routed, figures.routed_once) == (3, 2, 2)
    assert unrouted_ids(marker=MARKER) == [stranded.pk]


def test_two_decisions_or_two_leads_are_not_routed_once():
    ticket(status=Ticket.Status.DISPATCHED, decisions=2, leads=1)
    ticket(status=Ticket.Status.DISPATCHED, decisions=1, leads=2)

    figures = routing_figures(marker=MARKER)

    assert (figures.routed, figures.routed_once, figures.decided_twice, figures.doubled_leads) == (2, 0, 1, 1)
