"""Where notices go besides the in-app list: SMS, e-mail, a messaging app.

``settings.NOTIFICATION_SENDERS`` lists dotted paths to classes that implement ``Sender``; each is
instantiated without arguments and given the ids of the notifications just created, in a Celery
task recorded in the outbox by the transaction that created them: a rolled-back notice is never
sent, and a committed one is sent even if the broker or a worker was down at the time. One failing
sender is recorded on its own outbox row and retried later; it does not stop the others. Delivery
is at least once (a worker killed mid-send sends again), so a sender that must not repeat itself
skips the notification ids it has already delivered."""

from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string


@runtime_checkable
class Sender(Protocol):
    def send(self, notification_ids: list[int]) -> None: ...


def sender_paths() -> list[str]:
    return list(getattr(settings, "NOTIFICATION_SENDERS", []))


def senders_enabled() -> bool:
    return bool(sender_paths())


def notifications_send(*, sender: str, notification_ids: list[int]) -> None:
    import_string(sender)().send(notification_ids)
