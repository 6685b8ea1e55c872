from celery import shared_task

from dispatch.enforcement.tasks import enforce_deadlines  # noqa: F401  (registered for beat)
from dispatch.services import ticket_route


@shared_task
def route_ticket(ticket_id: int) -> str:
    """Route a newly filed ticket; run twice, it routes once (the service checks and locks)."""
    decision = ticket_route(ticket_id=ticket_id)
    return decision.status if decision else "skipped"
