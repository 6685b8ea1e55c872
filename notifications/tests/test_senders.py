"""Other channels (SMS, e-mail) plug in as senders named in settings.NOTIFICATION_SENDERS: the real
loading by dotted path, one outbox row per sender written with the notices, sending after commit,
a failing sender recorded on its own row and sent again by the relay, a wrong path failing loudly.
The two senders below are the plug-ins; what is tested is the machinery that finds and runs them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.outbox.models import OutboxTask
from core.outbox.services import outbox_relay
from notifications.models import Notification
from notifications.senders import notifications_send, senders_enabled
from notifications.services import notify_users
from notifications.tasks import send_notifications

pytestmark = pytest.mark.django_db

RECORDING = f"{__name__}.RecordingSender"
FLAKY = f"{__name__}.FlakySender"
sent: dict[str, list[list[int]]] = {}


class RecordingSender:
    def send(self, notification_ids: list[int]) -> None:
        sent.setdefault(RECORDING, []).append(list(notification_ids))


class FlakySender:
    down = True

    def send(self, notification_ids: list[int]) -> None:
        if FlakySender.down:
            raise ConnectionError("SMS gateway down")
        sent.setdefault(FLAKY, []).append(list(notification_ids))


@pytest.fixture(autouse=True)
def senders(settings):
    sent.clear()
    FlakySender.down = True
    settings.NOTIFICATION_SENDERS = [RECORDING]


def rows():
    return {row.kwargs["sender"]: row for row in OutboxTask.objects.filter(task=send_notifications.name)}


def test_each_configured_sender_is_loaded_by_path_after_commit_and_repeats_are_not_sent(
    make_user, django_capture_on_commit_callbacks
):
    a, b = make_user(), make_user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_users(users=[a], kind="test", text="t", dedupe_key="k")
    first = Notification.objects.get(user=a).pk
    assert sent == {}  # nothing before commit; the work is recorded in the same transaction
    assert rows()[RECORDING].kwargs == {"sender": RECORDING, "notification_ids": [first]}
    assert rows()[RECORDING].done_at is None
    for callback in callbacks:
        callback()
    assert sent == {RECORDING: [[first]]}
    assert rows()[RECORDING].done_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=[a, b], kind="test", text="t", dedupe_key="k")  # a already has it
    assert sent[RECORDING] == [[first], [Notification.objects.get(user=b).pk]]


def test_a_failing_sender_is_recorded_on_its_own_row_and_the_relay_sends_it_later(
    make_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SENDERS = [FLAKY, RECORDING]
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=[make_user()], kind="test", text="t", dedupe_key="k")
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert sent == {RECORDING: [ids]}  # the other sender was not stopped
    flaky = rows()[FLAKY]
    assert flaky.done_at is None and flaky.last_error == "ConnectionError: SMS gateway down"

    FlakySender.down = False
    outbox_relay(now=timezone.now() + timedelta(hours=1))
    assert sent == {RECORDING: [ids], FLAKY: [ids]}  # the recording sender is not sent again
    assert all(row.done_at is not None for row in rows().values())


def test_a_sender_path_that_names_nothing_fails_loudly_and_stays_due(
    make_user, settings, django_capture_on_commit_callbacks
):
    missing = f"{__name__}.NoSuchSender"
    with pytest.raises(ImportError):
        notifications_send(sender=missing, notification_ids=[1])
    settings.NOTIFICATION_SENDERS = [missing]
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=[make_user()], kind="test", text="t", dedupe_key="k")
    row = rows()[missing]
    assert row.done_at is None and "NoSuchSender" in row.last_error


def test_no_senders_no_outbox_rows_and_no_callbacks(make_user, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_SENDERS = []
    assert not senders_enabled()
    with django_capture_on_commit_callbacks() as callbacks:
        notify_users(users=[make_user()], kind="test", text="t", dedupe_key="k")
    assert callbacks == [] and rows() == {}
    assert Notification.objects.count() == 1
