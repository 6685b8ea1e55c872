"""Callbacks (回访): the citizen's two answers, by phone through an operator or on the web through a
signed single-use link."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.lifecycle.hotline_actions import assignment_callback
from dispatch.models import Assignment
from hotline.models import Callback, Ticket
from hotline.services.callback_links import callback_link_nonce, callback_link_ticket, live_callback_links
from hotline.services.transitions import ticket_event_record

# Tickets the hotline closed itself; a dispatched ticket's callback follows its lead unit's reply
# (dispatch.lifecycle.hotline_actions.assignment_callback).
CLOSED_AT_THE_HOTLINE = (Ticket.Status.ANSWERED, Ticket.Status.DISPOSED)


@transaction.atomic
def ticket_callback_record(
    *, ticket: Ticket, via: str, satisfaction: str, solved: str = "", comment: str = "", recorded_by=None
) -> Callback:
    if ticket.status not in CLOSED_AT_THE_HOTLINE:
        raise ValidationError(
            {
                "ticket": _(
                    "Only a ticket closed at the hotline is called back here; a dispatched one after its unit's reply."
                )
            }
        )
    callback = Callback.objects.create(
        ticket=ticket,
        via=via,
        solved=solved,
        satisfaction=satisfaction,
        comment=comment,
        recorded_by=recorded_by,
    )
    ticket_event_record(
        ticket=ticket,
        action="callback",
        actor=recorded_by,
        payload={"via": via, "solved": solved, "satisfaction": satisfaction},
        is_public=True,
        at=callback.recorded_at,
    )
    return callback


def replied_lead_assignment(ticket: Ticket) -> Assignment | None:
    """The lead assignment of a dispatched ticket waiting for its callback after the unit's reply."""
    if ticket.status != Ticket.Status.DISPATCHED:
        return None
    return (
        ticket.assignments.filter(role=Assignment.Role.LEAD, status=Assignment.Status.REPLIED)
        .select_related("unit")
        .order_by("-pk")
        .first()
    )


def callback_link_answerable(ticket: Ticket) -> bool:
    """Closed at the hotline, or dispatched and replied by its lead unit."""
    return ticket.status in CLOSED_AT_THE_HOTLINE or replied_lead_assignment(ticket) is not None


@transaction.atomic
def callback_link_answer(*, token: str, satisfaction: str, solved: str, comment: str = "") -> Callback:
    """Use the link once: the compare-and-set on used_at lets exactly one submission through, and
    none through a link superseded in the meantime. A dispatched ticket's answer is the callback of
    its lead assignment (``assignment_callback`` via web), counted like a phone callback."""
    ticket = callback_link_ticket(token)
    nonce = callback_link_nonce(token) if ticket else None
    used = live_callback_links().filter(nonce=nonce).update(used_at=timezone.now())
    if ticket is None or not used:
        raise ValidationError({"token": _("This link is invalid, expired or already used.")})
    if ticket.status in CLOSED_AT_THE_HOTLINE:
        return ticket_callback_record(
            ticket=ticket, via=Callback.Via.WEB, satisfaction=satisfaction, solved=solved, comment=comment
        )
    assignment = replied_lead_assignment(ticket)
    if assignment is None:
        raise ValidationError(
            {"token": _("The handling unit has not replied yet; please answer after its reply.")}
        )
    return assignment_callback(
        assignment=assignment,
        actor=None,
        via=Callback.Via.WEB,
        satisfaction=satisfaction,
        solved=solved,
        comment=comment,
    )
