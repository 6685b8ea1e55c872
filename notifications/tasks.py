import hashlib

from celery import shared_task

from core.outbox.services import outbox_done, outbox_enqueue
from core.outbox.tasks import OutboxedTask
from notifications.senders import notifications_send, sender_paths


@shared_task(base=OutboxedTask)
def send_notifications(sender: str, notification_ids: list[int], outbox_id: int | None = None) -> int:
    """Hand new notices to one outside channel (settings.NOTIFICATION_SENDERS)."""
    notifications_send(sender=sender, notification_ids=notification_ids)
    outbox_done(outbox_id)
    return len(notification_ids)


def send_after_commit(notification_ids: list[int]) -> None:
    """Record, in the current transaction, that every configured sender must send these notices."""
    if not notification_ids:
        return
    ids = sorted(notification_ids)
    for path in sender_paths():
        digest = hashlib.sha256(f"{path}:{ids}".encode()).hexdigest()[:40]
        outbox_enqueue(
            task=send_notifications,
            kwargs={"sender": path, "notification_ids": ids},
            dedupe_key=f"send-notifications:{digest}",
        )
