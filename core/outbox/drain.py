"""Outbox rows run in batches by a drain instead of one broker message each (core.wake).

A task declared with ``outbox_drained = True`` (see dispatch.tasks.route_ticket) is recorded by
``outbox_enqueue_drained``: the row is written in the caller's transaction, due at once and not
published, and the commit wakes the ``outbox.drain`` task for that task's name (core.wake: about one
broker message per window, however many rows). A drain claims due rows with a lease (rows another
drain holds are skipped, so drains run side by side), runs the task's body for each in this process,
and the task marks its row done. A row whose run raised is due again shortly, and a drain is asked
to come back for it; a drain killed mid-batch leaves its rows due after the lease. The relay
(core.outbox.services.outbox_relay) wakes the drain of every drained task with due rows, so a lost
wake-up, a broker outage or a worker that died delays the work but never loses it. A drain yields
to a surge of new rows (core.wake), and one that finds a full batch due asks for a helper, so a
backlog is worked off by as many worker processes as there are."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.outbox.models import OutboxTask
from core.outbox.services import outbox_failed, retry_delay, task_by_name
from core.wake import Drain, surge

logger = logging.getLogger(__name__)


def outbox_drain_of(task_name: str) -> Drain:
    def publish(countdown: float):
        from core.outbox.tasks import drain_outbox  # the task module imports this one

        drain_outbox.apply_async((task_name,), countdown=countdown)

    return Drain(name=f"outbox.{task_name}", publish=publish)


def outbox_enqueue_drained(*, task, kwargs: dict, dedupe_key: str) -> None:
    """Record ``task(**kwargs)`` in the caller's transaction for the task's drain, which the commit
    wakes. The caller knows no row with this key can exist (what it is about was created in this
    transaction): the row is inserted plainly."""
    now = timezone.now()
    OutboxTask(task=task.name, kwargs=kwargs, dedupe_key=dedupe_key, created_at=now, due_at=now).save(
        force_insert=True
    )
    outbox_drain_of(task.name).wake_after_commit()


def _due(task_name: str, now):
    return OutboxTask.objects.filter(task=task_name, done_at__isnull=True, due_at__lte=now)


def outbox_claim(*, task_name: str, limit: int, now=None) -> list[OutboxTask]:
    """Take up to ``limit`` due rows of ``task_name``, oldest first, for a lease: rows locked by
    another claim are skipped (PostgreSQL), and a claimed row is not due until the lease runs out."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            _due(task_name, now)
            .order_by("due_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        OutboxTask.objects.filter(pk__in=ids).update(
            published_at=now, attempts=F("attempts") + 1, due_at=now + retry_delay(1)
        )
    return list(OutboxTask.objects.filter(pk__in=ids).order_by("due_at", "pk"))


def outbox_run(row: OutboxTask, task) -> bool:
    """Run one claimed row's task body here; → whether it succeeded. A failure is written on the
    row, which is due again after OUTBOX_DRAIN_RETRY_SECONDS, when a drain is asked to come back."""
    try:
        task.run(**row.kwargs, outbox_id=row.pk)
    except Exception as error:  # noqa: BLE001 - one row's failure must not stop the batch
        logger.warning("outbox drain: %s failed: %r", row.dedupe_key, error)
        outbox_failed(outbox_id=row.pk, error=error)
        retry_at = timezone.now() + timedelta(seconds=settings.OUTBOX_DRAIN_RETRY_SECONDS)
        OutboxTask.objects.filter(pk=row.pk, done_at__isnull=True).update(due_at=retry_at)
        outbox_drain_of(row.task).come_back(settings.OUTBOX_DRAIN_RETRY_SECONDS)
        return False
    return True


def outbox_drain(task_name: str, *, batch_size: int | None = None) -> int:
    """Run due rows of ``task_name`` in batches until none is due, or until a surge makes it yield
    (a drain comes back a moment later); → rows run."""
    task = task_by_name(task_name)
    limit = batch_size or settings.OUTBOX_DRAIN_BATCH
    drain = outbox_drain_of(task_name)

    def take_batch() -> int:
        rows = outbox_claim(task_name=task_name, limit=limit)
        if len(rows) == limit:
            drain.publish(0)  # more may be due: a helper takes the next batch meanwhile
        for row in rows:
            outbox_run(row, task)
        return len(rows)

    def surging() -> bool:
        return surge(_due(task_name, timezone.now()), "due_at", now=timezone.now())

    return drain.run(take_batch, surging=surging)
