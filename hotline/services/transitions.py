"""The one service that moves a ticket between states: check the table, compare-and-set the row,
write the event in the same transaction."""

from django.db import transaction
from django.utils import timezone

from accounts.selectors import user_roles
from hotline.models import Ticket, TicketEvent
from hotline.ticket_states import SYSTEM, TransitionError, ticket_move


def ticket_event_record(
    *,
    ticket: Ticket,
    action: str,
    actor=None,
    unit=None,
    assignment=None,
    reason: str = "",
    payload: dict | None = None,
    is_public: bool = False,
    from_status: str = "",
    to_status: str = "",
    at=None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        assignment=assignment,
        action=action,
        actor=actor,
        unit=unit,
        reason=reason,
        payload=payload or {},
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


@transaction.atomic
def ticket_transition(
    *,
    ticket: Ticket,
    action: str,
    actor,
    reason: str = "",
    payload: dict | None = None,
    changes: dict | None = None,
    unit=None,
    is_public: bool = False,
) -> Ticket:
    """Apply ``action`` if the table allows it for the actor's roles (no actor: the platform itself,
    which the table admits only where it names SYSTEM). Two people acting at once:
    the second finds the row no longer in the state it read and gets a TransitionError (409)."""
    roles = user_roles(actor) if actor is not None else frozenset({SYSTEM})
    move = ticket_move(status=ticket.status, action=action, roles=roles)
    now = timezone.now()
    updated = Ticket.objects.filter(pk=ticket.pk, status=ticket.status).update(
        status=move.target, status_changed_at=now, **(changes or {})
    )
    if not updated:
        current = Ticket.objects.values_list("status", flat=True).get(pk=ticket.pk)
        ticket_move(status=current, action=action, roles=roles)  # raises with the real state
        raise TransitionError(f"ticket {ticket.number} changed meanwhile; reload and try again")
    ticket_event_record(
        ticket=ticket,
        action=action,
        actor=actor,
        unit=unit,
        reason=reason,
        payload=payload,
        is_public=is_public,
        from_status=ticket.status,
        to_status=move.target,
        at=now,
    )
    ticket.refresh_from_db()
    return ticket
