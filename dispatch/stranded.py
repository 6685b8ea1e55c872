"""Tickets whose routing failed or is late: pending, with no routing decision, a while after
filing. The outbox keeps publishing their routing; meanwhile dispatchers see them and can dispatch
them by hand (the routing task then finds them dispatched and does nothing)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from core.outbox.models import OutboxTask
from dispatch.models import RoutingDecision
from hotline.models import Ticket
from hotline.selectors.tickets import visible_tickets

ROUTING_KEY_PREFIX = "route-ticket:"


def routing_outbox_key(ticket_id: int) -> str:
    """The outbox row that routes this ticket (one per ticket, however often intake is retried)."""
    return f"{ROUTING_KEY_PREFIX}{ticket_id}"


def unrouted_tickets() -> QuerySet[Ticket]:
    """Pending tickets the router has not decided on: neither routed nor queued for a dispatcher
    with the router's proposal. Every ticket, whoever looks (for drills and monitoring); people
    get ``stranded_tickets``."""
    decided = RoutingDecision.objects.filter(ticket=OuterRef("pk"))
    return Ticket.objects.filter(status=Ticket.Status.PENDING).filter(~Exists(decided))


def stranded_tickets(user, *, now: datetime | None = None) -> QuerySet[Ticket]:
    """The unrouted tickets ``user`` may see that were filed more than
    settings.ROUTING_LATE_AFTER_SECONDS ago, oldest first, each with its routing outbox row's
    ``routing_attempts`` (times published) and ``routing_error`` (the last failure, if any)."""
    now = now or timezone.now()
    late = now - timedelta(seconds=settings.ROUTING_LATE_AFTER_SECONDS)
    row = OutboxTask.objects.filter(
        dedupe_key=Concat(Value(ROUTING_KEY_PREFIX), Cast(OuterRef("pk"), output_field=CharField()))
    )
    return (
        visible_tickets(user)
        .filter(pk__in=unrouted_tickets().filter(received_at__lt=late).values("pk"))
        .annotate(
            routing_attempts=Subquery(row.values("attempts")[:1]),
            routing_error=Subquery(row.values("last_error")[:1]),
        )
        .select_related("category")
        .order_by("received_at", "id")
    )
