from celery import shared_task

from core.outbox.services import outbox_done, outbox_enqueue
from core.outbox.tasks import OutboxedTask
from dispatch.enforcement.tasks import enforce_deadlines  # noqa: F401  (registered for beat)
from dispatch.services import ticket_route
from dispatch.stranded import routing_outbox_key


@shared_task(base=OutboxedTask)
def route_ticket(ticket_id: int, outbox_id: int | None = None) -> str:
    """Route a newly filed ticket; run twice, it routes once (the service checks and locks).
    Deadlocks and broker errors are retried (OutboxedTask); the outbox row is done once routed."""
    decision = ticket_route(ticket_id=ticket_id)
    outbox_done(outbox_id)
    return decision.status if decision else "skipped"


def route_ticket_after_commit(ticket_id: int) -> None:
    """Record in the caller's transaction that the ticket must be routed, and publish that once it
    commits. The ticket is routed even if the broker is down now (the outbox relay publishes later).
    Called in the transaction that files the ticket, so no routing row for it can exist yet."""
    outbox_enqueue(
        task=route_ticket,
        kwargs={"ticket_id": ticket_id},
        dedupe_key=routing_outbox_key(ticket_id),
        first=True,
    )
