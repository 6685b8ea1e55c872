"""The SMS drain (sms.tasks.drain_sms): the texts queued by many calls go out through one woken
drain, each once; a gateway that cannot take one now hands it to its own retrying task; a surge
of new texts makes the drain yield."""

from unittest import mock

import pytest
from django.core.cache import cache

from sms.gateways import GatewayUnavailable
from sms.models import SmsMessage
from sms.tasks import SMS_DRAIN, drain_sms, send_sms
from sms.tests.conftest import receipt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def free_keys():
    for key in (SMS_DRAIN.key, f"{SMS_DRAIN.key}.later"):
        cache.delete(key)
    yield
    for key in (SMS_DRAIN.key, f"{SMS_DRAIN.key}.later"):
        cache.delete(key)


def test_the_receipts_of_many_calls_go_out_through_one_drain_each_once(gateway, file_ticket):
    filed = [file_ticket(caller_phone=f"1381234567{n}") for n in range(3)]
    with mock.patch.object(drain_sms, "apply_async") as publish:
        for _ticket, callbacks in filed:
            for callback in callbacks:
                callback()
    assert publish.call_count == 1  # one wake-up for the three commits

    assert drain_sms() == 3
    assert sorted(sent["message_id"] for sent in gateway.sent) == sorted(receipt(t).pk for t, _ in filed)
    assert drain_sms() == 0 and len(gateway.sent) == 3  # run again: nothing sent twice
    assert set(SmsMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_text_the_gateway_cannot_take_now_goes_to_its_retrying_task(gateway, file_ticket):
    ticket, _callbacks = file_ticket()
    gateway.failures = [GatewayUnavailable("timeout")]
    with mock.patch.object(send_sms, "apply_async") as retry:
        assert drain_sms() == 1
    message = receipt(ticket)
    assert message.status == "pending" and message.attempts == 1
    assert retry.call_args.args == ((message.pk,),) and retry.call_args.kwargs["countdown"] > 0


def test_the_drain_yields_to_a_surge_of_new_texts(gateway, file_ticket, settings):
    for n in range(3):
        file_ticket(caller_phone=f"1391234567{n}")
    settings.DRAIN_YIELD_PER_SECOND = 3
    with mock.patch.object(drain_sms, "apply_async") as later:
        assert drain_sms() == 0
    assert gateway.sent == [] and later.call_args.kwargs == {
        "countdown": settings.DRAIN_YIELD_STEP_SECONDS + 1
    }
    settings.DRAIN_YIELD_PER_SECOND = 0
    assert drain_sms() == 3


@pytest.mark.parametrize("texts", [2, 6])
def test_a_batch_costs_the_same_queries_however_many_texts_it_holds(gateway, file_ticket, texts, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sms.sending import sms_send_due

    for n in range(texts):
        file_ticket(caller_phone=f"1371234567{n}")
    with CaptureQueriesContext(connection) as queries:
        assert sms_send_due(limit=settings.SMS_DRAIN_BATCH, retry_later=None) == texts
    # the ids (locked), the claim, the claimed rows, the sent ones written together
    assert len([q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]) == 4
    assert len(gateway.sent) == texts
    assert set(SmsMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert all(message.provider_id == f"rec-{message.pk}" for message in SmsMessage.objects.all())


def test_a_text_another_run_holds_is_left_to_it(gateway, file_ticket, settings):
    from django.utils import timezone

    from sms.sending import sms_send_due

    held, _ = file_ticket(caller_phone="13612345670")
    free, _ = file_ticket(caller_phone="13612345671")
    SmsMessage.objects.filter(ticket=held).update(claimed_at=timezone.now(), claim="another-run")
    assert sms_send_due(limit=settings.SMS_DRAIN_BATCH, retry_later=None) == 1
    assert [sent["message_id"] for sent in gateway.sent] == [receipt(free).pk]
    assert receipt(held).status == "pending" and receipt(held).claim == "another-run"
