"""Writes for Open311: issuing API clients, and filing a POSTed request as a 12345 ticket."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from hotline.idempotency import Idempotency, IdempotencyKeyReused, client_scope, request_fingerprint
from hotline.models import Ticket
from hotline.services.intake import ticket_create
from open311.arguments import Submission
from open311.errors import Open311Error, problem
from open311.models import ApiClient, RequestToken

API_CLIENT_FIELDS = ("name", "contact", "is_active", "can_read_full")


def api_client_issue(*, name: str, contact: str = "", can_read_full: bool = False) -> ApiClient:
    """A new client with a fresh random key (256 bits, URL-safe). ``can_read_full``: its key reads
    full records, not the public view."""
    return ApiClient.objects.create(
        name=name, contact=contact, can_read_full=can_read_full, key=secrets.token_urlsafe(32)
    )


def api_client_update(*, client: ApiClient, **fields) -> ApiClient:
    """Name, contact, whether the key still works and whether it reads full records; the key
    itself never changes."""
    unknown = set(fields) - set(API_CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(client, name, value)
    client.save(update_fields=list(fields))
    return client


@dataclass(frozen=True)
class Filed:
    ticket: Ticket
    token: RequestToken
    created: bool


@transaction.atomic
def request_submit(*, client: ApiClient, submission: Submission, idempotency_key: str | None = None) -> Filed:
    """Create the ticket through intake (channel open311, its first event) and its token, in one
    transaction. A retry with the same idempotency key (per client) and the same submission answers
    with the ticket and token the first attempt made, and writes nothing; the same key with another
    submission is refused with 422."""
    idempotency = (
        Idempotency(
            scope=client_scope(client), key=idempotency_key, fingerprint=request_fingerprint(submission)
        )
        if idempotency_key
        else None
    )
    try:
        ticket, created = ticket_create(draft=submission.draft, idempotency=idempotency)
    except IdempotencyKeyReused as exc:
        raise Open311Error(422, [problem("Idempotency-Key", exc.message)]) from exc
    token = None if created else RequestToken.objects.filter(ticket=ticket).order_by("id").first()
    if token is None:
        token = RequestToken.objects.create(
            token=secrets.token_urlsafe(16), ticket=ticket, client=client, media_url=submission.media_url
        )
    return Filed(ticket=ticket, token=token, created=created)
