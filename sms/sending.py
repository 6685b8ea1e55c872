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
from django.db.models import F, Q
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
    mine = SmsMessage.objects.filter(pk=message_id, status=Status.PENDING, claim=claim)
    try:
        provider_id = (gateway or configured_gateway()).send(
            phone=message.phone, text=message.text, sign=settings.SMS_SIGN, message_id=message.pk
        )
    except GatewayRejected as exc:
        mine.update(status=Status.FAILED, last_error=str(exc)[:500], claimed_at=None, claim="")
        return SendOutcome("failed")
    except GatewayUnavailable as exc:
        if message.attempts >= settings.SMS_MAX_ATTEMPTS:
            mine.update(status=Status.FAILED, last_error=str(exc)[:500], claimed_at=None, claim="")
            return SendOutcome("failed")
        delay = retry_delay(message.attempts)
        mine.update(
            last_error=str(exc)[:500],
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            claimed_at=None,
            claim="",
        )
        return SendOutcome("retry", retry_in=delay)
    mine.update(
        status=Status.SENT,
        provider_id=provider_id,
        sent_at=timezone.now(),
        last_error="",
        claimed_at=None,
        claim="",
    )
    return SendOutcome("sent")


def sms_send_due(*, limit: int, retry_later) -> int:
    """Send up to ``limit`` pending messages that nobody holds and whose attempt is due, oldest
    first; → how many were tried. A message sent by another run meanwhile is skipped (the claim in
    ``sms_send``); one the gateway could not take now goes to ``retry_later(message_id, seconds)``."""
    now = timezone.now()
    ids = list(
        SmsMessage.objects.filter(claimable(now), next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for message_id in ids:
        outcome = sms_send(message_id=message_id)
        if outcome.status == "retry":
            retry_later(message_id, outcome.retry_in)
    return len(ids)


def sms_surging() -> bool:
    """Whether texts are being queued faster than a drain should keep up with (core.wake.surge)."""
    now = timezone.now()
    return surge(
        SmsMessage.objects.filter(claimable(now), next_attempt_at__lte=now), "next_attempt_at", now=now
    )
