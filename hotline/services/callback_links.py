"""Web callback links (回访链接): signed, single-use, expiring, and only the latest one of a ticket
live. Apart from answering them (hotline.services.callbacks), so that whoever sends a link — the
hotline's page, the reply SMS — need not import the lifecycle that records the answer."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from hotline.models import CallbackLink, Ticket

CALLBACK_SALT = "hotline.callback-link"


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


def callback_link_nonce(token: str) -> str | None:
    try:
        return signing.loads(token, salt=CALLBACK_SALT)
    except signing.BadSignature:
        return None


def live_callback_links():
    return CallbackLink.objects.filter(
        used_at__isnull=True, superseded_at__isnull=True, expires_at__gt=timezone.now()
    )


def callback_link_ticket(token: str) -> Ticket | None:
    """The ticket behind a valid, unused, unexpired, current link; None otherwise."""
    nonce = callback_link_nonce(token)
    link = live_callback_links().select_related("ticket").filter(nonce=nonce).first() if nonce else None
    return link.ticket if link else None


def callback_link_superseded(token: str) -> bool:
    """Whether the token is a genuine link that a newer one for its ticket replaced."""
    nonce = callback_link_nonce(token)
    return bool(nonce) and CallbackLink.objects.filter(nonce=nonce, superseded_at__isnull=False).exists()


@transaction.atomic
def callback_link_current_or_issue(*, ticket: Ticket) -> str:
    """The token of the ticket's live link, or a new one when it has none: a message that carries
    the link (the reply SMS) must not void a link the citizen already holds."""
    list(Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("pk", flat=True))
    live = live_callback_links().filter(ticket=ticket).values_list("nonce", flat=True).first()
    if live is not None:
        return signing.dumps(live, salt=CALLBACK_SALT)
    return callback_link_issue(ticket=ticket)
