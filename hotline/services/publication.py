"""Whether Open311 publishes what a caller said: set per ticket, over its category's default."""

from django.db import transaction

from hotline.models import Ticket
from hotline.services.transitions import ticket_event_record

OPEN311_PUBLICATION_EVENT = "open311_publication"


@transaction.atomic
def ticket_open311_publication_set(*, ticket_id: int, public: bool | None, actor) -> bool:
    """``public`` True or False decides for this ticket; None leaves it to the category. The change
    is recorded as an event; setting what is already set writes nothing. → whether it changed."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    before = ticket.open311_public_content
    if before is public:
        return False
    ticket.open311_public_content = public
    ticket.save(update_fields=["open311_public_content"])
    ticket_event_record(
        ticket=ticket, action=OPEN311_PUBLICATION_EVENT, actor=actor, payload={"from": before, "to": public}
    )
    return True
