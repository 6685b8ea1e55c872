"""Thin tasks: send one message by id (retried with backoff while the gateway is unavailable), the
drain that sends what was queued in batches (woken when a transaction that queued a text commits),
and the beat sweep that hands lost messages to new tasks."""

import logging

from celery import shared_task
from django.conf import settings

from core.locks import single_run
from core.wake import Drain
from sms.sending import sms_send, sms_send_due, sms_surging
from sms.sweep import sms_requeue_lost

logger = logging.getLogger(__name__)

SWEEP_LOCK_KEY = "sms:sweep:lock"
SWEEP_LOCK_SECONDS = 120


@shared_task(bind=True, name="sms.send", max_retries=None)
def send_sms(self, message_id: int) -> str:
    """Run twice, it sends once (sms.sending). The row counts the attempts and decides when to give
    up (SMS_MAX_ATTEMPTS), so a message re-queued by the sweep keeps its count."""
    outcome = sms_send(message_id=message_id)
    if outcome.status == "retry":
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="sms.sweep")
def sweep_sms() -> int:
    """Every minute: pending messages whose task was lost get a new one. A run that finds another
    going skips."""
    with single_run(SWEEP_LOCK_KEY, SWEEP_LOCK_SECONDS) as held:
        if not held:
            logger.info("SMS sweep skipped: another run holds the lock")
            return 0
        return sms_requeue_lost(enqueue=send_sms.delay)


@shared_task(name="sms.drain")
def drain_sms() -> int:
    """Send the pending messages that are due, in batches, until none is (core.wake; yields to a
    surge of new ones). A message the gateway could not take now is handed to its own ``sms.send``
    task, retried after the backoff."""

    def take_batch() -> int:
        return sms_send_due(
            limit=settings.SMS_DRAIN_BATCH,
            retry_later=lambda message_id, seconds: send_sms.apply_async((message_id,), countdown=seconds),
        )

    return SMS_DRAIN.run(take_batch, surging=sms_surging)


def _publish_drain(countdown: float) -> None:
    drain_sms.apply_async(countdown=countdown)


SMS_DRAIN = Drain(name="sms", publish=_publish_drain)
