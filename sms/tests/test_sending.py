"""Sending a message: exactly once however often its task runs, retried while the gateway is down,
given up after the allowed attempts or at once when the provider refuses it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from sms.gateways import GatewayRejected, GatewayUnavailable, SmsGateway
from sms.gateways.log import LogGateway
from sms.models import SmsMessage
from sms.sending import retry_delay, sms_send
from sms.tasks import send_sms
from sms.tests.conftest import receipt
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db


def test_the_shipped_senders_satisfy_the_protocol(gateway):
    assert isinstance(LogGateway(), SmsGateway)
    assert isinstance(gateway(), SmsGateway)


def test_the_task_run_twice_sends_once(gateway, file_ticket):
    ticket, _callbacks = file_ticket()
    message = receipt(ticket)

    assert send_sms.apply(args=[message.pk]).get() == "sent"
    assert send_sms.apply(args=[message.pk]).get() == "skipped"

    assert [sent["message_id"] for sent in gateway.sent] == [message.pk]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.provider_id) == ("sent", 1, f"rec-{message.pk}")
    assert message.sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_once(gateway, file_ticket):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; CI runs this on PostgreSQL")
    ticket, _callbacks = file_ticket()
    message = receipt(ticket)
    # Without a test transaction the commit has sent it already: back to pending, as if not.
    SmsMessage.objects.filter(pk=message.pk).update(status="pending", attempts=0, sent_at=None)
    gateway.sent.clear()

    outcomes = run_at_once(lambda: sms_send(message_id=message.pk).status, workers=4)

    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert len(gateway.sent) == 1


def test_a_message_held_by_a_live_send_is_left_alone(gateway, file_ticket):
    ticket, _callbacks = file_ticket()
    message = receipt(ticket)
    SmsMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now(), claim="other")

    assert sms_send(message_id=message.pk).status == "skipped"
    assert gateway.sent == []


def test_a_dead_senders_claim_runs_out(gateway, file_ticket, settings):
    ticket, _callbacks = file_ticket()
    message = receipt(ticket)
    stale = timezone.now() - timedelta(seconds=settings.SMS_SEND_LEASE_SECONDS + 1)
    SmsMessage.objects.filter(pk=message.pk).update(claimed_at=stale, claim="dead", attempts=1)

    assert sms_send(message_id=message.pk).status == "sent"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_an_unavailable_gateway_is_retried_with_growing_delays_then_given_up(gateway, file_ticket, settings):
    settings.SMS_MAX_ATTEMPTS = 3
    settings.SMS_RETRY_BACKOFF_SECONDS = 10
    ticket, _callbacks = file_ticket()
    message = receipt(ticket)
    gateway.failures = [GatewayUnavailable("HTTP 503")] * 3

    first, second, third = (sms_send(message_id=message.pk) for _ in range(3))

    assert (first.status, first.retry_in) == ("retry", 10)
    assert (second.status, second.retry_in) == ("retry", 20)
    assert third.status == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("failed", 3, "HTTP 503")
    assert sms_send(message_id=message.pk).status == "skipped"


def test_a_refusal_is_not_retried(gateway, file_ticket):
    ticket, _callbacks = file_ticket()
    message = receipt(ticket)
    gateway.failures = [GatewayRejected("code=isv.MOBILE_NUMBER_ILLEGAL")]

    assert send_sms.apply(args=[message.pk]).get() == "failed"

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "MOBILE_NUMBER_ILLEGAL" in message.last_error


def test_the_backoff_is_capped(settings):
    settings.SMS_RETRY_BACKOFF_SECONDS = 30
    settings.SMS_RETRY_BACKOFF_MAX_SECONDS = 100
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_the_log_gateway_logs_the_masked_number_and_answers_a_log_id(caplog):
    with caplog.at_level("INFO", logger="sms"):
        provider_id = LogGateway().send(phone="13812345678", text="您好", sign="北京12345", message_id=7)
    assert provider_id == "log-7"
    assert "138****5678" in caplog.text and "【北京12345】您好" in caplog.text
    assert "13812345678" not in caplog.text
