"""The one service that moves a ticket between states: check the table, compare-and-set the row,
write the event in the same transaction."""

from django.db import transaction
from django.utils import timezone

from accounts.selectors import user_roles
from core.transitions import transition_apply
from hotline.models import Ticket, TicketEvent
from hotline.ticket_states import SYSTEM, TicketTransitionError, ticket_move


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
    the second finds the row no longer in the state it read and gets a TicketTransitionError (409)."""
    roles = user_roles(actor) if actor is not None else frozenset({SYSTEM})
    now = timezone.now()
    move = transition_apply(
        row=ticket,
        move_for=lambda status: ticket_move(status=status, action=action, roles=roles),
        changes={"status_changed_at": now, **(changes or {})},
        conflict=TicketTransitionError,
        label=f"ticket {ticket.number}",
    )
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
    _apply_in_memory(ticket, {"status": move.target, "status_changed_at": now, **(changes or {})})
    return ticket


def _apply_in_memory(ticket: Ticket, values: dict) -> None:
    """Give the caller's instance the values just written, without reading the row back; a value
    computed by the database (an F expression) needs the read."""
    if any(hasattr(value, "resolve_expression") for value in values.values()):
        ticket.refresh_from_db()
        return
    for name, value in values.items():
        setattr(ticket, name, value)
