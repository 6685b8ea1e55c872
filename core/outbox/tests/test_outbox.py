"""The outbox on its own, with a task of its own: recorded in the transaction, published on commit,
relayed when the publish failed or the task never reported done, pruned when old."""

from datetime import timedelta
from unittest import mock

import kombu.exceptions
import pytest
from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.celery import app
from core.outbox.models import OutboxTask
from core.outbox.services import outbox_done, outbox_enqueue, outbox_prune, outbox_relay, retry_delay
from core.outbox.tasks import RELAY_LOCK_KEY, OutboxedTask, relay_outbox

pytestmark = pytest.mark.django_db

runs: list[str] = []
failures: list[int] = []


@shared_task(base=OutboxedTask, name="outbox.tests.record")
def record(value: str, outbox_id: int | None = None) -> str:
    """Fails while ``failures`` holds a count above zero (a deadlock, as the database says it)."""
    if failures and failures[0] > 0:
        failures[0] -= 1
        raise OperationalError("deadlock detected")
    runs.append(value)
    outbox_done(outbox_id)
    return value


@pytest.fixture(autouse=True)
def clean():
    runs.clear()
    failures.clear()
    cache.delete(RELAY_LOCK_KEY)
    yield
    cache.delete(RELAY_LOCK_KEY)


@pytest.fixture
def as_a_worker_would():
    """Eager tasks that propagate errors (the test settings) cannot retry: Celery raises the Retry
    to the caller. A worker does not propagate; neither do eager tasks here, so retries happen."""
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def broker_down():
    return mock.patch.object(
        record, "apply_async", side_effect=kombu.exceptions.OperationalError("Connection refused")
    )


def test_a_row_is_written_in_the_transaction_and_published_once_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
    row = OutboxTask.objects.get()
    assert (row.task, row.kwargs, row.done_at, runs) == ("outbox.tests.record", {"value": "a"}, None, [])

    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert runs == ["a"] and row.done_at is not None and row.attempts == 1


def test_a_rolled_back_transaction_leaves_no_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
        raise RuntimeError("the caller failed")
    assert not OutboxTask.objects.exists()


def test_the_same_key_records_the_work_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
    assert OutboxTask.objects.count() == 1 and runs == ["a"]


def test_a_broker_error_at_commit_is_recorded_and_the_relay_publishes_later(
    django_capture_on_commit_callbacks,
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")  # raises nothing
    row = OutboxTask.objects.get()
    assert row.done_at is None and row.attempts == 0 and "Connection refused" in row.last_error
    assert row.due_at <= timezone.now()  # due at once, for the next relay run

    with broker_down():
        assert outbox_relay() == {"due": 1, "published": 0, "drains_woken": 0, "pruned": 0}
    assert outbox_relay()["published"] == 1

    row.refresh_from_db()
    assert runs == ["a"] and row.done_at is not None


def test_the_relay_skips_done_rows_and_rows_within_their_lease(settings):
    now = timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)

    def row(key, **fields):
        return OutboxTask.objects.create(task=record.name, kwargs={"value": key}, dedupe_key=key, **fields)

    row("done", due_at=now - lease, done_at=now - lease)
    row(
        "leased",
        due_at=now + timedelta(seconds=5),
        published_at=now - lease + timedelta(seconds=5),
        attempts=1,
    )
    row("lease-over", due_at=now - timedelta(seconds=1), published_at=now - lease, attempts=1)
    row("never-published", due_at=now - timedelta(seconds=1))

    assert outbox_relay(now=now)["published"] == 2
    assert sorted(runs) == ["lease-over", "never-published"]
    assert outbox_relay(now=now)["published"] == 0  # both done now; nothing runs twice


def test_a_row_whose_task_never_reported_done_is_published_again_after_the_lease(
    settings, django_capture_on_commit_callbacks
):
    """A worker killed mid-task: the broker took the message, the row was never marked done."""
    # Accepted by the broker, never run.
    with mock.patch.object(record, "apply_async"), django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
    row = OutboxTask.objects.get()
    assert (row.attempts, row.done_at) == (1, None)

    assert outbox_relay()["published"] == 0  # within the lease: the worker may still be at it
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    assert outbox_relay(now=later)["published"] == 1
    row.refresh_from_db()
    assert runs == ["a"] and row.done_at is not None and row.attempts == 2


def test_a_transient_error_is_retried_and_the_row_then_done(
    as_a_worker_would, django_capture_on_commit_callbacks
):
    failures.append(2)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
    row = OutboxTask.objects.get()
    assert runs == ["a"] and failures == [0] and row.done_at is not None
    assert "deadlock detected" in row.last_error  # what went wrong on the way stays readable


def test_a_task_that_exhausts_its_retries_stays_due_for_the_relay(
    as_a_worker_would, settings, django_capture_on_commit_callbacks
):
    failures.append(OutboxedTask.max_retries + 1)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a")
    row = OutboxTask.objects.get()
    assert runs == [] and row.done_at is None and "deadlock" in row.last_error

    later = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    outbox_relay(now=later)
    row.refresh_from_db()
    assert runs == ["a"] and row.done_at is not None


def test_the_relay_stops_at_the_first_failed_publish():
    now = timezone.now()
    for key in "abc":
        OutboxTask.objects.create(task=record.name, kwargs={"value": key}, dedupe_key=key, due_at=now)
    with broker_down() as publish:
        assert outbox_relay(now=now)["published"] == 0
    assert publish.call_count == 1


def test_the_relay_publishes_a_capped_batch_oldest_due_first():
    now = timezone.now()
    for minutes in (1, 3, 2):
        OutboxTask.objects.create(
            task=record.name,
            kwargs={"value": str(minutes)},
            dedupe_key=str(minutes),
            due_at=now - timedelta(minutes=minutes),
        )
    assert outbox_relay(now=now, batch_size=2)["published"] == 2
    assert runs == ["3", "2"]


def test_a_relay_finding_another_running_skips():
    cache.add(RELAY_LOCK_KEY, "another run", timeout=60)
    OutboxTask.objects.create(task=record.name, kwargs={"value": "a"}, dedupe_key="a", due_at=timezone.now())
    assert relay_outbox() == {"skipped": True}
    assert runs == [] and cache.get(RELAY_LOCK_KEY) == "another run"


def test_republishing_backs_off_up_to_a_ceiling(settings):
    settings.OUTBOX_LEASE_SECONDS = 90
    settings.OUTBOX_MAX_RETRY_DELAY_SECONDS = 3600
    delays = [retry_delay(attempts).total_seconds() for attempts in (1, 2, 3, 4, 6, 50)]
    assert delays == [90, 180, 360, 720, 2880, 3600]


def test_old_done_rows_are_pruned(settings):
    now = timezone.now()
    old = now - timedelta(days=settings.OUTBOX_KEEP_DONE_DAYS, minutes=1)
    recent = now - timedelta(days=settings.OUTBOX_KEEP_DONE_DAYS - 1)
    OutboxTask.objects.create(task=record.name, dedupe_key="old", due_at=old, done_at=old)
    OutboxTask.objects.create(task=record.name, dedupe_key="recent", due_at=recent, done_at=recent)
    OutboxTask.objects.create(task=record.name, dedupe_key="old-not-done", due_at=now + timedelta(hours=1))
    OutboxTask.objects.filter(dedupe_key="old-not-done").update(created_at=old)

    assert outbox_prune(now=now) == 1
    assert sorted(OutboxTask.objects.values_list("dedupe_key", flat=True)) == ["old-not-done", "recent"]


def test_first_work_is_published_after_commit_without_reading_its_row_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a", first=True)
    with CaptureQueriesContext(connection) as captured, mock.patch.object(record, "apply_async") as publish:
        for callback in callbacks:
            callback()
    row = OutboxTask.objects.get()
    publish.assert_called_once_with(kwargs={"value": "a", "outbox_id": row.pk})
    assert captured.captured_queries == []
    assert (row.attempts, row.done_at) == (1, None)  # written as published; the task marks it done


def test_first_work_whose_publish_fails_is_left_due_for_the_relay(django_capture_on_commit_callbacks):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=record, kwargs={"value": "a"}, dedupe_key="record:a", first=True)
    row = OutboxTask.objects.get()
    assert (row.attempts, row.published_at, row.done_at) == (0, None, None)
    assert row.due_at <= timezone.now() and "Connection refused" in row.last_error
