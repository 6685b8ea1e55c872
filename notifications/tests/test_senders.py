"""Other channels (SMS, e-mail) plug in as senders, told of new notices after commit."""

import pytest

from notifications.models import Notification
from notifications.senders import Sender
from notifications.services import notify_users

pytestmark = pytest.mark.django_db

sent: list[list[int]] = []


class RecordingSender:
    def send(self, notification_ids: list[int]) -> None:
        sent.append(sorted(notification_ids))


class BrokenSender:
    def send(self, notification_ids: list[int]) -> None:
        raise ConnectionError("SMS gateway down")


@pytest.fixture(autouse=True)
def senders(settings):
    sent.clear()
    settings.NOTIFICATION_SENDERS = [f"{__name__}.BrokenSender", f"{__name__}.RecordingSender"]


def test_a_sender_satisfies_the_protocol():
    assert isinstance(RecordingSender(), Sender)


def test_senders_get_the_new_notices_after_commit_and_repeats_are_not_sent(
    make_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SENDERS = [f"{__name__}.RecordingSender"]
    a, b = make_user(), make_user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_users(users=[a], kind="test", text="t", dedupe_key="k")
    assert sent == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert sent == [[Notification.objects.get(user=a).pk]]

    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=[a, b], kind="test", text="t", dedupe_key="k")

    assert sent[-1] == [Notification.objects.get(user=b).pk]


def test_a_failing_sender_does_not_stop_the_others(make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=[make_user()], kind="test", text="t", dedupe_key="k")
    assert len(sent) == 1


def test_no_senders_no_callbacks(make_user, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_SENDERS = []
    with django_capture_on_commit_callbacks() as callbacks:
        notify_users(users=[make_user()], kind="test", text="t", dedupe_key="k")
    assert callbacks == []
