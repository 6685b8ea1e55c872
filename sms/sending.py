"""Sending one message: claim the row, call the gateway, record the outcome.

Exactly once: the claim is a compare-and-set on a pending row that nobody holds (or whose holder's
lease ran out), so two runs of the task at the same moment call the gateway once; the outcome is
written only by the run that holds the claim, and a sent or failed row is never claimed again. A
worker that dies while holding a claim leaves the row pending; once the lease (longer than any
gateway timeout) runs out, the sweep hands it to a new task. Only then can a message go out twice,
which is why the provider is given the message id ({message_id}) to de-duplicate on."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from core.wake import surge
from sms.gateways import GatewayRejected, GatewayUnavailable, SmsGateway, configured_gateway
from sms.models import SmsMessage

Status = SmsMessage.Status


@dataclass(frozen=True)
class SendOutcome:
    status: str  # "sent", "failed", "retry", or "skipped" (not pending, or held by another run)
    retry_in: int | None = None  # seconds, when status is "retry"


def retry_delay(attempts: int) -> int:
    """Exponential backoff after the ``attempts``-th failure: base, 2×base, 4×base … capped."""
    return min(
        settings.SMS_RETRY_BACKOFF_SECONDS * 2 ** (attempts - 1), settings.SMS_RETRY_BACKOFF_MAX_SECONDS
    )


def claimable(now):
    lease_start = now - timedelta(seconds=settings.SMS_SEND_LEASE_SECONDS)
    return Q(status=Status.PENDING) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease_start))


def sms_send(*, message_id: int, gateway: SmsGateway | None = None) -> SendOutcome:
    now = timezone.now()
    claim = uuid.uuid4().hex
    claimed = SmsMessage.objects.filter(claimable(now), pk=message_id).update(
        claimed_at=now, claim=claim, attempts=F("attempts") + 1
    )
    if not claimed:
        return SendOutcome("skipped")
    message = SmsMessage.objects.get(pk=message_id)
    outcome, fields = _deliver(message, gateway or configured_gateway())
    SmsMessage.objects.filter(pk=message_id, status=Status.PENDING, claim=claim).update(**fields)
    return outcome


def _deliver(message: SmsMessage, gateway: SmsGateway) -> tuple[SendOutcome, dict]:
    """Hand one claimed message to the gateway; → the outcome and what to write on the row (only
    while the claim is still this run's)."""
    released = {"claimed_at": None, "claim": ""}
    try:
        provider_id = gateway.send(
            phone=message.phone, text=message.text, sign=settings.SMS_SIGN, message_id=message.pk
        )
    except GatewayRejected as exc:
        return SendOutcome("failed"), {"status": Status.FAILED, "last_error": str(exc)[:500], **released}
    except GatewayUnavailable as exc:
        if message.attempts >= settings.SMS_MAX_ATTEMPTS:
            return SendOutcome("failed"), {"status": Status.FAILED, "last_error": str(exc)[:500], **released}
        delay = retry_delay(message.attempts)
        next_attempt_at = timezone.now() + timedelta(seconds=delay)
        return SendOutcome("retry", retry_in=delay), {
            "last_error": str(exc)[:500],
            "next_attempt_at": next_attempt_at,
            **released,
        }
    sent = {"status": Status.SENT, "provider_id": provider_id, "sent_at": timezone.now(), "last_error": ""}
    return SendOutcome("sent"), {**sent, **released}


def sms_send_due(*, limit: int, retry_later) -> int:
    """Send up to ``limit`` pending messages that nobody holds and whose attempt is due, oldest
    first; → how many were taken. They are claimed together (rows another run holds are skipped,
    PostgreSQL), handed to the gateway one by one, and the sent ones recorded together; one the
    gateway could not take now goes to ``retry_later(message_id, seconds)``."""
    now = timezone.now()
    claim = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            SmsMessage.objects.filter(claimable(now), next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return 0
        SmsMessage.objects.filter(pk__in=ids).update(claimed_at=now, claim=claim, attempts=F("attempts") + 1)
    gateway = configured_gateway()
    provider_ids = {}
    mine = SmsMessage.objects.filter(status=Status.PENDING, claim=claim)
    for message in mine.filter(pk__in=ids).order_by("next_attempt_at", "pk"):
        outcome, fields = _deliver(message, gateway)
        if outcome.status == "sent":
            provider_ids[message.pk] = fields["provider_id"]
            continue
        mine.filter(pk=message.pk).update(**fields)
        if outcome.status == "retry":
            retry_later(message.pk, outcome.retry_in)
    if provider_ids:  # the sent ones in one statement, still only while the claim is this run's
        mine.filter(pk__in=provider_ids).update(
            status=Status.SENT,
            provider_id=Case(*(When(pk=pk, then=Value(value)) for pk, value in provider_ids.items())),
            sent_at=timezone.now(),
            last_error="",
            claimed_at=None,
            claim="",
        )
    return len(ids)


def sms_surging() -> bool:
    """Whether texts are being queued faster than a drain should keep up with (core.wake.surge)."""
    now = timezone.now()
    return surge(
        SmsMessage.objects.filter(claimable(now), next_attempt_at__lte=now), "next_attempt_at", now=now
    )
