"""Creating a ticket: one call, one transaction, the first event of its history."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from dispatch.tasks import route_ticket_after_commit
from hotline.caller import address_key
from hotline.geo import to_wgs84
from hotline.idempotency import Idempotency, IdempotencyKeyReused
from hotline.models import Category, RequestType, Tag, Ticket
from hotline.services.attachments import attachment_add
from hotline.services.numbering import ticket_number_take
from hotline.services.transitions import ticket_event_record
from sms.services import sms_receipt_queue


@dataclass(frozen=True)
class TicketDraft:
    """What intake knows about a call, already validated (see hotline.api.serializers)."""

    channel: str
    request_type: RequestType
    category: Category
    content: str
    caller_name: str = ""
    caller_phone: str = ""
    caller_anonymous: bool = False
    confidential: bool | None = None
    sms_consent: bool | None = None
    address: str = ""
    longitude: float | None = None
    latitude: float | None = None
    crs: str = "wgs84"
    tier: str = ""
    tags: tuple[str, ...] = ()
    received_at: datetime | None = None
    attachments: tuple[UploadedFile, ...] = field(default=())


def _insert(
    draft: TicketDraft, operator, idempotency: Idempotency | None, *, number: str, received_at: datetime
) -> tuple[Ticket, dict[str, list]]:
    """→ (the ticket, the related rows written with it by name: its events, tags, attachments)."""
    longitude = latitude = None
    if draft.longitude is not None and draft.latitude is not None:
        longitude, latitude = (round(v, 6) for v in to_wgs84(draft.longitude, draft.latitude, draft.crs))
    ticket = Ticket.objects.create(
        number=number,
        received_at=received_at,
        channel=draft.channel,
        caller_name="" if draft.caller_anonymous else draft.caller_name,
        caller_phone="" if draft.caller_anonymous else draft.caller_phone,
        caller_anonymous=draft.caller_anonymous,
        confidential=(
            draft.request_type.confidential_by_default if draft.confidential is None else draft.confidential
        ),
        sms_consent=draft.sms_consent,
        request_type=draft.request_type,
        category=draft.category,
        address=draft.address,
        address_key=address_key(draft.address),
        longitude=longitude,
        latitude=latitude,
        input_crs=draft.crs if longitude is not None else "",
        content=draft.content,
        tier=draft.tier or draft.category.default_tier,
        operator=operator,
        idempotency_scope=idempotency.scope if idempotency else "",
        idempotency_key=idempotency.key if idempotency else None,
        request_fingerprint=idempotency.fingerprint if idempotency else "",
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in draft.tags]
    if tags:
        ticket.tags.set(tags)
    attachments = [attachment_add(ticket=ticket, upload=upload) for upload in draft.attachments]
    event = ticket_event_record(
        ticket=ticket,
        action="receive",
        actor=operator,
        to_status=ticket.status,
        payload={"channel": ticket.channel},
        is_public=True,
        at=received_at,
    )
    return ticket, {"events": [event], "tags": tags, "attachments": attachments}


def _as_prefetched(ticket: Ticket, **rows: list) -> None:
    """Hand the related rows just written to the ticket as Django's prefetch would, so that an
    answer built from the ticket reads nothing back."""
    for name, related in rows.items():
        queryset = getattr(ticket, name).all()
        queryset._result_cache, queryset._prefetch_done = list(related), True
        ticket.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _earlier_filing(idempotency: Idempotency | None) -> Ticket | None:
    """The ticket an earlier request with this key (in this scope) filed, if any. Raises
    IdempotencyKeyReused when that request asked for something else; tickets filed before
    fingerprints were kept have none and match any retry."""
    if idempotency is None:
        return None
    ticket = Ticket.objects.filter(
        idempotency_scope=idempotency.scope, idempotency_key=idempotency.key
    ).first()
    if ticket is not None and ticket.request_fingerprint not in ("", idempotency.fingerprint):
        raise IdempotencyKeyReused
    return ticket


def ticket_create(
    *,
    draft: TicketDraft,
    operator=None,
    idempotency: Idempotency | None = None,
    outcome: Callable[[Ticket], Ticket] | None = None,
) -> tuple[Ticket, bool]:
    """→ (ticket, created). ``outcome`` closes the call at once (merge, direct answer, disposition)
    in the same transaction, so a refused outcome saves nothing; without one the ticket goes to
    routing once committed. A retried request (same scope, key and fingerprint) returns the ticket
    the first one made — also when the retries race each other (the unique key decides); the same
    key with other content raises IdempotencyKeyReused.

    The number is taken before the transaction opens (hotline.services.numbering), so concurrent
    intakes do not wait for each other's commits. A retry is found by the unique key when its
    insert fails rather than by a read before every intake; the number it took is left unused.
    A new ticket comes back with its events, tags and attachments as written (no reading back)."""
    received_at = draft.received_at or timezone.now()
    number = ticket_number_take(received_at=received_at)
    try:
        with transaction.atomic():
            ticket, written = _insert(draft, operator, idempotency, number=number, received_at=received_at)
            if outcome is not None:
                return outcome(ticket), True
            route_ticket_after_commit(ticket.pk)
            sms_receipt_queue(ticket=ticket, event=written["events"][0])
    except IntegrityError:
        existing = _earlier_filing(idempotency)
        if existing is None:
            raise
        return existing, False
    # Not before an outcome ran: it adds events of its own, and the answer reads them.
    _as_prefetched(ticket, **written)
    return ticket, True
