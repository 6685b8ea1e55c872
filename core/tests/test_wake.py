"""Drains (core.wake): one publish per window, the last look after clearing the key, yielding to a
surge, and a failed publish that leaves the next wake-up free to try."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.outbox.models import OutboxTask
from core.wake import Drain, surge


class Recorder:
    def __init__(self, fail: bool = False):
        self.countdowns: list[float] = []
        self.fail = fail

    def __call__(self, countdown: float):
        if self.fail:
            raise ConnectionError("broker down")
        self.countdowns.append(countdown)


@pytest.fixture
def drain():
    published = Recorder()
    drain = Drain(name="tests.wake", publish=published)
    cache.delete(drain.key)
    cache.delete(f"{drain.key}.later")
    yield drain, published
    cache.delete(drain.key)
    cache.delete(f"{drain.key}.later")


def test_a_window_of_wake_ups_publishes_one_run_after_the_window(drain, settings):
    drain, published = drain
    assert [drain.wake() for _ in range(5)] == [True, False, False, False, False]
    assert published.countdowns == [settings.DRAIN_WINDOW_SECONDS]


def test_a_failed_publish_frees_the_key_for_the_next_wake_up(drain):
    drain, published = drain
    failing = Drain(name=drain.name, publish=Recorder(fail=True))
    assert failing.wake() is False  # logged, not raised
    assert drain.wake() is True and len(published.countdowns) == 1


def test_a_run_takes_batches_until_empty_then_clears_the_key(drain):
    drain, published = drain
    drain.wake()
    batches = iter([3, 2, 0, 0])
    assert drain.run(lambda: next(batches)) == 5
    assert drain.wake() is True  # cleared: the next commit publishes again


def test_work_committed_while_the_key_was_taken_is_seen_by_the_last_look(drain):
    """The commit that found the key taken published nothing: the run's look after clearing the
    key is what finds its row."""
    drain, published = drain
    drain.wake()
    looks = []

    def take_batch():
        looks.append(cache.get(drain.key))
        if len(looks) == 1:
            assert drain.wake() is False  # a commit now finds the key taken…
            return 1
        return 1 if len(looks) == 3 else 0  # …and its row is found after the key was cleared

    assert drain.run(take_batch) == 2
    assert looks[2] is None  # that look came after clearing


def test_a_run_that_yields_arranges_one_later_run_and_keeps_the_key(drain, settings):
    drain, published = drain
    drain.wake()
    taken = []
    assert drain.run(lambda: taken.append(1) or 1, surging=lambda: True) == 0
    assert taken == []
    # The later run starts a second after the request stops being held: when it yields again,
    # it can ask for the next one, so the chain lasts as long as the surge.
    assert published.countdowns[-1] == settings.DRAIN_YIELD_STEP_SECONDS + 1
    assert drain.wake() is False  # the commits meanwhile start no drain that would only yield
    drain.run(lambda: 0, surging=lambda: True)
    assert len(published.countdowns) == 2  # one later run per step, however many yield
    cache.delete(f"{drain.key}.later")  # the step has passed: the held request has expired
    drain.run(lambda: 0, surging=lambda: True)
    assert len(published.countdowns) == 3


def test_a_run_that_raises_clears_the_key(drain):
    drain, published = drain
    drain.wake()

    def broken():
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError):
        drain.run(broken)
    assert drain.wake() is True


@pytest.mark.django_db
def test_a_surge_is_rows_arriving_faster_than_the_rate_while_the_oldest_is_young(settings):
    settings.DRAIN_YIELD_PER_SECOND = 3
    settings.DRAIN_YIELD_MAX_SECONDS = 30
    now = timezone.now()

    def rows(*ages: float):
        OutboxTask.objects.all().delete()
        OutboxTask.objects.bulk_create(
            OutboxTask(task="t", dedupe_key=f"k{i}", due_at=now - timedelta(seconds=age))
            for i, age in enumerate(ages)
        )
        return surge(OutboxTask.objects.filter(done_at__isnull=True, due_at__lte=now), "due_at", now=now)

    assert rows(0.1, 0.2, 0.3) is True
    assert rows(0.1, 0.2, 5) is False  # two a second
    assert rows(0.1, 0.2, 0.3, 31) is False  # the oldest has waited long enough
    assert rows() is False
    settings.DRAIN_YIELD_PER_SECOND = 0
    assert rows(0.1, 0.2, 0.3) is False
