"""Callbacks (回访): the citizen's two answers, by phone through an operator or on the web through a
signed single-use link."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.lifecycle.hotline_actions import assignment_callback
from dispatch.models import Assignment
from hotline.models import Callback, CallbackLink, Ticket
from hotline.services.transitions import ticket_event_record

CALLBACK_SALT = "hotline.callback-link"
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


@transaction.atomic
def callback_link_issue(*, ticket: Ticket) -> str:
    """A token for /callback/<token>/; the nonce row makes it single-use and lets it expire. Only
    the latest link sent can be answered: issuing one supersedes the ticket's earlier links (the
    ticket row's lock queues concurrent issues; a unique constraint backs it)."""
    now = timezone.now()
    list(Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("pk", flat=True))
    CallbackLink.objects.filter(ticket=ticket, superseded_at__isnull=True).update(superseded_at=now)
    link = CallbackLink.objects.create(
        ticket=ticket,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + timedelta(days=settings.HOTLINE_CALLBACK_LINK_DAYS),
    )
    return signing.dumps(link.nonce, salt=CALLBACK_SALT)


def _nonce(token: str) -> str | None:
    try:
        return signing.loads(token, salt=CALLBACK_SALT)
    except signing.BadSignature:
        return None


def _live_links():
    return CallbackLink.objects.filter(
        used_at__isnull=True, superseded_at__isnull=True, expires_at__gt=timezone.now()
    )


def callback_link_ticket(token: str) -> Ticket | None:
    """The ticket behind a valid, unused, unexpired, current link; None otherwise."""
    nonce = _nonce(token)
    link = _live_links().select_related("ticket").filter(nonce=nonce).first() if nonce else None
    return link.ticket if link else None


def callback_link_superseded(token: str) -> bool:
    """Whether the token is a genuine link that a newer one for its ticket replaced."""
    nonce = _nonce(token)
    return bool(nonce) and CallbackLink.objects.filter(nonce=nonce, superseded_at__isnull=False).exists()


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
    nonce = _nonce(token) if ticket else None
    used = _live_links().filter(nonce=nonce).update(used_at=timezone.now())
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
