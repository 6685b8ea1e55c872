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


def callback_link_issue(*, ticket: Ticket) -> str:
    """A token for /callback/<token>/; the nonce row makes it single-use and lets it expire."""
    link = CallbackLink.objects.create(
        ticket=ticket,
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + timedelta(days=settings.HOTLINE_CALLBACK_LINK_DAYS),
    )
    return signing.dumps(link.nonce, salt=CALLBACK_SALT)


def callback_link_ticket(token: str) -> Ticket | None:
    """The ticket behind a valid, unused, unexpired link; None otherwise."""
    try:
        nonce = signing.loads(token, salt=CALLBACK_SALT)
    except signing.BadSignature:
        return None
    link = (
        CallbackLink.objects.select_related("ticket")
        .filter(nonce=nonce, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return link.ticket if link else None


@transaction.atomic
def callback_link_answer(*, token: str, satisfaction: str, solved: str, comment: str = "") -> Callback:
    """Use the link once: the compare-and-set on used_at lets exactly one submission through."""
    ticket = callback_link_ticket(token)
    nonce = signing.loads(token, salt=CALLBACK_SALT) if ticket else None
    used = CallbackLink.objects.filter(nonce=nonce, used_at__isnull=True).update(used_at=timezone.now())
    if ticket is None or not used:
        raise ValidationError({"token": _("This link is invalid, expired or already used.")})
    return ticket_callback_record(
        ticket=ticket, via=Callback.Via.WEB, satisfaction=satisfaction, solved=solved, comment=comment
    )
