"""Writing to the outbox and publishing from it.

``outbox_enqueue`` writes the row in the caller's transaction and publishes it once that commits.
A publish that fails (broker down) is logged and left to the relay; the caller's request has
already succeeded. ``outbox_relay`` publishes what is due again: rows whose publish failed, and
rows published a lease ago whose task has not reported done (a killed worker, a task that gave up);
for tasks run by a drain (core.outbox.drain) it wakes the drain instead of publishing each row.
Tasks are idempotent, so publishing twice is harmless; the relay only bounds how late work is."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.celery import app
from core.outbox.models import OutboxTask

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 2000


def outbox_enqueue(*, task, kwargs: dict, dedupe_key: str, first: bool = False) -> None:
    """Record that ``task(**kwargs)`` must run once the current transaction commits. The same
    ``dedupe_key`` twice records the work once. ``task``: a Celery task built on OutboxedTask.
    ``first``: the caller knows no row with this key can exist (what it is about was created in
    this transaction), so the row is inserted plainly and published without being read back.

    The row is written as published by that commit (one attempt, due again a lease later), so the
    publish after commit writes nothing when the broker takes the message: no second commit, no
    second wait for the disk on the caller's path. A publish that fails is written on the row then
    (not published, due at once for the relay); a process that dies between the commit and the
    publish leaves the row due after the lease, counted as one attempt."""
    now = timezone.now()
    row = OutboxTask(
        task=task.name,
        kwargs=kwargs,
        dedupe_key=dedupe_key,
        created_at=now,
        published_at=now,
        attempts=1,
        due_at=now + retry_delay(1),
    )
    # Lambdas, not partials: Django names a robust callback when it logs a failure.
    if first:
        row.save(force_insert=True)
        transaction.on_commit(lambda: _publish_written(row), robust=True)
        return
    OutboxTask.objects.bulk_create([row], ignore_conflicts=True)
    transaction.on_commit(lambda: _publish_after_commit(dedupe_key), robust=True)


def _publish_after_commit(dedupe_key: str) -> None:
    row = OutboxTask.objects.filter(dedupe_key=dedupe_key, done_at__isnull=True).first()
    if row is not None:
        _publish_written(row)


def _publish_written(row: OutboxTask) -> None:
    try:
        _send(row)
    except Exception as error:  # noqa: BLE001 - whatever the broker raises, the row stays for the relay
        _record_failure(row, error, now=timezone.now(), published_at=None, attempts=F("attempts") - 1)


def retry_delay(attempts: int) -> timedelta:
    """How long a published row may stay not done before it is published again: the lease, doubled
    for each publish after the first (a task that keeps failing is not hammered), up to a ceiling."""
    seconds = settings.OUTBOX_LEASE_SECONDS * 2 ** min(max(attempts - 1, 0), 16)
    return timedelta(seconds=min(seconds, settings.OUTBOX_MAX_RETRY_DELAY_SECONDS))


def outbox_publish(*, row: OutboxTask, now: datetime | None = None) -> bool:
    """Hand the row's task to the broker. → whether the broker took it. A failure is recorded on
    the row (due at once, for the next relay run) and never raised."""
    now = now or timezone.now()
    try:
        _send(row)
    except Exception as error:  # noqa: BLE001 - whatever the broker raises, the row stays for the relay
        _record_failure(row, error, now=now)
        return False
    attempts = row.attempts + 1
    # Not only while not done: an eager or quick task may already have marked it done.
    OutboxTask.objects.filter(pk=row.pk).update(
        attempts=F("attempts") + 1, published_at=now, due_at=now + retry_delay(attempts)
    )
    return True


def _send(row: OutboxTask) -> None:
    task_by_name(row.task).apply_async(kwargs={**row.kwargs, "outbox_id": row.pk})


def _record_failure(row: OutboxTask, error: BaseException, *, now: datetime, **fields) -> None:
    logger.warning("outbox: publishing %s failed: %r", row.dedupe_key, error)
    OutboxTask.objects.filter(pk=row.pk, done_at__isnull=True).update(
        due_at=now, last_error=_describe(error), **fields
    )


def task_by_name(name: str):
    if name not in app.tasks:
        app.loader.import_default_modules()  # a web process registers tasks as it imports them
    return app.tasks[name]


def outbox_done(outbox_id: int | None) -> None:
    """The task's work succeeded (called by the task itself). Without an id (the task was called
    directly, not through the outbox) there is nothing to mark."""
    if outbox_id is not None:
        OutboxTask.objects.filter(pk=outbox_id, done_at__isnull=True).update(done_at=timezone.now())


def outbox_failed(*, outbox_id: int | None, error: BaseException) -> None:
    """The task failed (and may retry): say why on the row, for the people who watch it."""
    if outbox_id is not None:
        OutboxTask.objects.filter(pk=outbox_id, done_at__isnull=True).update(last_error=_describe(error))


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]


def outbox_relay(*, now: datetime | None = None, batch_size: int | None = None) -> dict:
    """Publish again the rows that are due (oldest due first, at most ``batch_size``), and prune done
    rows past their keeping time. Stops at the first failed publish: the broker is down, and the
    rest would only wait for the same timeout."""
    now = now or timezone.now()
    batch_size = batch_size or settings.OUTBOX_RELAY_BATCH
    due = list(
        OutboxTask.objects.filter(done_at__isnull=True, due_at__lte=now).order_by("due_at")[:batch_size]
    )
    published, drains = 0, set()
    for row in due:
        if getattr(task_by_name(row.task), "outbox_drained", False):
            drains.add(row.task)  # its drain runs them in batches (core.outbox.drain)
            continue
        if not outbox_publish(row=row, now=now):
            break
        published += 1
    if drains:
        from core.outbox.drain import outbox_drain_of  # it imports this module

        for name in sorted(drains):
            outbox_drain_of(name).wake(countdown=0)
    return {
        "due": len(due),
        "published": published,
        "drains_woken": len(drains),
        "pruned": outbox_prune(now=now),
    }


def outbox_prune(*, now: datetime | None = None) -> int:
    """Delete done rows older than settings.OUTBOX_KEEP_DONE_DAYS, a capped batch per call."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.OUTBOX_KEEP_DONE_DAYS)
    old = OutboxTask.objects.filter(done_at__lt=cutoff).order_by("done_at").values_list("pk", flat=True)
    ids = list(old[: settings.OUTBOX_RELAY_BATCH])
    return OutboxTask.objects.filter(pk__in=ids).delete()[0] if ids else 0
