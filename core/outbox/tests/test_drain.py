"""Drained outbox tasks (core.outbox.drain): recorded pending, run in batches by the drain the
commit wakes, each row once, a failure due again, a lost drain found by the relay."""

from datetime import timedelta
from unittest import mock

import pytest
from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.utils import timezone

from core.outbox.drain import outbox_claim, outbox_drain, outbox_drain_of, outbox_enqueue_drained
from core.outbox.models import OutboxTask
from core.outbox.services import outbox_done, outbox_relay
from core.outbox.tasks import OutboxedTask, drain_outbox

pytestmark = pytest.mark.django_db

runs: list[str] = []
fail_values: set[str] = set()


@shared_task(base=OutboxedTask, name="outbox.tests.drained", outbox_drained=True)
def drained(value: str, outbox_id: int | None = None) -> str:
    if value in fail_values:
        raise OperationalError("deadlock detected")
    runs.append(value)
    outbox_done(outbox_id)
    return value


DRAIN = outbox_drain_of(drained.name)


@pytest.fixture(autouse=True)
def clean():
    runs.clear()
    fail_values.clear()
    for key in (DRAIN.key, f"{DRAIN.key}.later"):
        cache.delete(key)
    yield
    for key in (DRAIN.key, f"{DRAIN.key}.later"):
        cache.delete(key)


def enqueue(*values: str) -> None:
    with transaction.atomic():
        for value in values:
            outbox_enqueue_drained(task=drained, kwargs={"value": value}, dedupe_key=f"drained:{value}")


def test_rows_are_written_pending_and_one_wake_up_follows_the_commit(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(drain_outbox, "apply_async") as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue("a", "b", "c")
        assert publish.call_count == 0  # nothing before the commit
    assert publish.call_count == 1  # one message for the three rows
    assert publish.call_args.args == ((drained.name,),)
    rows = OutboxTask.objects.order_by("pk")
    assert [(row.published_at, row.attempts, row.done_at) for row in rows] == [(None, 0, None)] * 3


def test_the_woken_drain_runs_every_row_once_and_marks_it_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("a", "b", "c")
    assert sorted(runs) == ["a", "b", "c"]
    assert not OutboxTask.objects.filter(done_at__isnull=True).exists()
    assert outbox_drain(drained.name) == 0  # run again: nothing is due, nothing runs twice
    assert sorted(runs) == ["a", "b", "c"]


def test_a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(settings):
    enqueue("a")
    assert len(outbox_claim(task_name=drained.name, limit=10)) == 1
    assert outbox_claim(task_name=drained.name, limit=10) == []
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    assert len(outbox_claim(task_name=drained.name, limit=10, now=later)) == 1


def test_a_failed_row_is_recorded_due_again_and_a_drain_comes_back_for_it(settings):
    settings.OUTBOX_DRAIN_RETRY_SECONDS = 7
    enqueue("a", "b")
    fail_values.add("a")
    with mock.patch.object(drain_outbox, "apply_async") as publish:
        assert outbox_drain(drained.name) == 2
    assert runs == ["b"]
    row = OutboxTask.objects.get(dedupe_key="drained:a")
    assert row.done_at is None and "deadlock" in row.last_error
    assert timedelta(seconds=6) < row.due_at - timezone.now() <= timedelta(seconds=7)
    assert publish.call_args.kwargs == {"countdown": 8}  # after the 7 s the request is held

    fail_values.clear()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(seconds=8)):
        outbox_drain(drained.name)
    assert runs == ["b", "a"]


def test_a_full_batch_asks_for_a_helper(settings):
    settings.OUTBOX_DRAIN_BATCH = 2
    enqueue("a", "b", "c")
    with mock.patch.object(drain_outbox, "apply_async") as publish:
        assert outbox_drain(drained.name) == 3
    assert publish.call_args_list == [mock.call((drained.name,), countdown=0)]


def test_a_drain_yields_to_a_surge_and_comes_back(settings):
    settings.DRAIN_YIELD_PER_SECOND = 3
    enqueue("a", "b", "c")
    with mock.patch.object(drain_outbox, "apply_async") as publish:
        assert outbox_drain(drained.name) == 0
    assert runs == [] and publish.call_args.kwargs == {"countdown": settings.DRAIN_YIELD_STEP_SECONDS + 1}
    settings.DRAIN_YIELD_MAX_SECONDS = 0  # the oldest row has waited long enough
    assert outbox_drain(drained.name) == 3


def test_the_relay_wakes_the_drain_instead_of_publishing_each_row():
    enqueue("a", "b")  # no commit callbacks ran: as if the wake-up was lost
    with mock.patch.object(drained, "apply_async") as one_by_one:
        result = outbox_relay()
    assert one_by_one.call_count == 0
    assert result["published"] == 0 and result["drains_woken"] == 1
    assert sorted(runs) == ["a", "b"]
