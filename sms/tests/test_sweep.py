"""The sweep: a pending message whose task was lost gets a new one, once; messages in the middle of
being sent or waiting for their retry are left to their task."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from sms.models import SmsMessage
from sms.sweep import sms_requeue_lost
from sms.tasks import SWEEP_LOCK_KEY, send_sms, sweep_sms
from sms.tests.conftest import receipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost(gateway, file_ticket):
    """A receipt written and committed, whose sending task never ran (the broker was down)."""
    ticket, _never_run = file_ticket()
    return receipt(ticket)


def later(settings, extra=1):
    return timezone.now() + timedelta(seconds=settings.SMS_SWEEP_GRACE_SECONDS + extra)


def test_a_lost_message_is_requeued_and_sent_once(
    lost, gateway, settings, django_capture_on_commit_callbacks
):
    assert sms_requeue_lost(enqueue=lambda pk: None) == 0  # still within its grace period

    with django_capture_on_commit_callbacks(execute=True):
        count = sms_requeue_lost(enqueue=send_sms.delay, now=later(settings))

    assert count == 1
    lost.refresh_from_db()
    assert lost.status == "sent" and [sent["message_id"] for sent in gateway.sent] == [lost.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert sms_requeue_lost(enqueue=send_sms.delay, now=later(settings, extra=600)) == 0
    assert len(gateway.sent) == 1


def test_the_beat_task_requeues_through_the_sending_task(
    lost, gateway, settings, django_capture_on_commit_callbacks
):
    SmsMessage.objects.filter(pk=lost.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_sms.apply().get() == 1
    lost.refresh_from_db()
    assert lost.status == "sent" and len(gateway.sent) == 1


def test_a_requeued_message_waits_another_grace_period(lost, settings):
    queued = []
    now = later(settings)
    assert sms_requeue_lost(enqueue=queued.append, now=now) == 1
    assert sms_requeue_lost(enqueue=queued.append, now=now + timedelta(seconds=1)) == 0


def test_messages_being_sent_or_done_are_left_alone(lost, settings):
    SmsMessage.objects.filter(pk=lost.pk).update(claimed_at=later(settings), claim="live")
    assert sms_requeue_lost(enqueue=lambda pk: None, now=later(settings)) == 0
    SmsMessage.objects.filter(pk=lost.pk).update(claimed_at=None, claim="", status="failed")
    assert sms_requeue_lost(enqueue=lambda pk: None, now=later(settings)) == 0


def test_a_message_waiting_for_its_retry_is_not_requeued_early(lost, settings):
    retry_at = timezone.now() + timedelta(minutes=10)
    SmsMessage.objects.filter(pk=lost.pk).update(next_attempt_at=retry_at, attempts=2)
    assert sms_requeue_lost(enqueue=lambda pk: None, now=retry_at) == 0
    assert (
        sms_requeue_lost(
            enqueue=lambda pk: None, now=retry_at + timedelta(seconds=settings.SMS_SWEEP_GRACE_SECONDS)
        )
        == 1
    )


def test_a_run_takes_a_capped_batch(gateway, file_ticket, settings):
    settings.SMS_SWEEP_BATCH = 2
    for _ in range(3):
        file_ticket()
    queued = []
    assert sms_requeue_lost(enqueue=queued.append, now=later(settings)) == 2


def test_a_run_skips_while_another_holds_the_lock(lost, settings):
    SmsMessage.objects.filter(pk=lost.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    cache.set(SWEEP_LOCK_KEY, "other", 60)
    try:
        assert sweep_sms.apply().get() == 0
    finally:
        cache.delete(SWEEP_LOCK_KEY)
    assert SmsMessage.objects.get(pk=lost.pk).status == "pending"
