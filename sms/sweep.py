"""Finding messages whose sending task was lost (a broker outage at commit, a worker killed during
a retry countdown) and handing them to new tasks."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sms.models import SmsMessage
from sms.sending import claimable

logger = logging.getLogger(__name__)


def sms_requeue_lost(*, enqueue: Callable[[int], object], now=None) -> int:
    """Re-queue up to SMS_SWEEP_BATCH pending messages that should have been tried more than
    SMS_SWEEP_GRACE_SECONDS ago and that nobody holds; → how many. Their next attempt moves to now,
    so the next sweep leaves them to the new task for another grace period. Rows locked by another
    sweep are skipped (PostgreSQL); a task queued twice still sends once (sms.sending)."""
    now = now or timezone.now()
    due = now - timedelta(seconds=settings.SMS_SWEEP_GRACE_SECONDS)
    with transaction.atomic():
        ids = list(
            SmsMessage.objects.filter(claimable(now), next_attempt_at__lte=due)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[: settings.SMS_SWEEP_BATCH]
        )
        SmsMessage.objects.filter(pk__in=ids).update(next_attempt_at=now)
        for message_id in ids:
            transaction.on_commit(lambda message_id=message_id: enqueue(message_id), robust=True)
    if ids:
        logger.info("SMS sweep re-queued %d lost messages", len(ids))
    return len(ids)
