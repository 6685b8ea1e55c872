from celery import shared_task

from core.outbox.drain import outbox_enqueue_drained
from core.outbox.services import outbox_done
from core.outbox.tasks import OutboxedTask
from dispatch.enforcement.tasks import enforce_deadlines  # noqa: F401  (registered for beat)
from dispatch.services import ticket_route
from dispatch.stranded import routing_outbox_key


@shared_task(base=OutboxedTask, outbox_drained=True)
def route_ticket(ticket_id: int, outbox_id: int | None = None) -> str:
    """Route a newly filed ticket; run twice, it routes once (the service checks and locks).
    Intake's rows are run in batches by the outbox drain (a burst of calls costs a broker message
    per batch, not per ticket); published on its own (the relay, an operator), deadlocks and broker
    errors are retried (OutboxedTask). The outbox row is done once routed."""
    decision = ticket_route(ticket_id=ticket_id)
    outbox_done(outbox_id)
    return decision.status if decision else "skipped"


def route_ticket_after_commit(ticket_id: int) -> None:
    """Record in the caller's transaction that the ticket must be routed; the commit wakes the
    routing drain. The ticket is routed even if the broker is down now (the outbox relay wakes the
    drain later). Called in the transaction that files the ticket, so no routing row for it can
    exist yet."""
    outbox_enqueue_drained(
        task=route_ticket, kwargs={"ticket_id": ticket_id}, dedupe_key=routing_outbox_key(ticket_id)
    )
