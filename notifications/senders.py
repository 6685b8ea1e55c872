"""Where notices go besides the in-app list: SMS, e-mail, a messaging app.

``settings.NOTIFICATION_SENDERS`` lists dotted paths to classes that implement ``Sender``; each is
instantiated without arguments and given the ids of the notifications just created, after the
transaction that created them commits (a rolled-back notice is never sent). A sender that is slow
or may fail should enqueue its own Celery task with those ids rather than send inline; one failing
sender is logged and does not stop the others."""

from typing import Protocol, runtime_checkable

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


@runtime_checkable
class Sender(Protocol):
    def send(self, notification_ids: list[int]) -> None: ...


def configured_senders() -> list[Sender]:
    return [import_string(path)() for path in getattr(settings, "NOTIFICATION_SENDERS", [])]


def senders_enabled() -> bool:
    return bool(getattr(settings, "NOTIFICATION_SENDERS", []))


def send_after_commit(notification_ids: list[int]) -> None:
    if not notification_ids:
        return
    for sender in configured_senders():
        transaction.on_commit(_sending(sender, list(notification_ids)), robust=True)


def _sending(sender: Sender, notification_ids: list[int]):
    # A named function, not a partial: Django names the callback when it logs a failure.
    def send_notifications():
        sender.send(notification_ids)

    return send_notifications
