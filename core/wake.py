"""Drains: work recorded in a table (outbox rows, pending SMS) run by a worker in batches, instead
of one broker message per row published by the request that recorded it.

A transaction that records such work calls ``Drain.wake_after_commit``. Once it commits, it takes
the drain's wake-up key (``cache.add``: one Redis round trip on the request's path) and, if it was
free, publishes the drain task to run DRAIN_WINDOW_SECONDS later; every commit in that window finds
the key taken and publishes nothing, so a surge of calls costs about one broker message per window.
The drain (``Drain.run``) takes batches until it finds none, then clears the key and looks once
more, so work committed while the key was taken is always seen by a run that starts after it:

- a commit that finds the key taken comes after the last clearing, and the run that was published
  with it (or the one running) clears it only before its last look, which comes after that commit;
- the key expires after DRAIN_WAKE_SECONDS: a drain that died, or one busy for longer, is joined by
  another on the next wake-up.

Yielding to a surge: while the drain's rows arrive faster than DRAIN_YIELD_PER_SECOND, it runs
nothing and comes back DRAIN_YIELD_STEP_SECONDS later (leaving the key taken, so the commits
meanwhile start no drain), until its oldest waiting row is DRAIN_YIELD_MAX_SECONDS old. The people
filing tickets get the box's CPU first; the work behind them waits a bounded time.

Nothing is lost when the broker or the cache is down: the work is in the table, and the beat sweep
behind each drain (outbox relay, SMS sweep) wakes it again."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Drain:
    """``name``: the wake-up key's name; ``publish(countdown)``: publish the drain task to run that
    many seconds from now."""

    name: str
    publish: Callable[[float], object]

    @property
    def key(self) -> str:
        return f"core.wake.{self.name}"

    def wake(
        self, *, countdown: float | None = None, key: str | None = None, hold: int | None = None
    ) -> bool:
        """Publish a run ``countdown`` seconds from now (DRAIN_WINDOW_SECONDS by default) unless a
        wake-up is pending (``key`` taken, for ``hold`` seconds); → whether this call published. A
        cache or broker failure is logged, never raised: the sweep behind the drain finds the work."""
        countdown = settings.DRAIN_WINDOW_SECONDS if countdown is None else countdown
        key = key or self.key
        hold = settings.DRAIN_WAKE_SECONDS + int(countdown) if hold is None else hold
        try:
            if not cache.add(key, 1, timeout=hold):
                return False
            try:
                self.publish(countdown)
            except Exception:
                cache.delete(key)  # nothing is on its way: the next wake-up must publish
                raise
        except Exception:  # noqa: BLE001 - whatever the cache or broker raises, the work stays recorded
            logger.warning("wake-up of %s failed; its sweep will find the work", self.name, exc_info=True)
            return False
        return True

    def wake_after_commit(self) -> None:
        """``wake`` once the current transaction commits (at once outside one)."""

        def wake_drain():  # a named function: Django names a robust callback when it logs a failure
            self.wake()

        transaction.on_commit(wake_drain, robust=True)

    def come_back(self, seconds: int) -> None:
        """One run a second after ``seconds`` from now, at most one asked for per ``seconds`` (a
        drain that yields, a row that failed). The key is free again before that run starts, so
        a run that yields once more can ask for the next one: the chain holds until the surge ends."""
        self.wake(countdown=seconds + 1, key=f"{self.key}.later", hold=seconds)

    def run(self, take_batch: Callable[[], int], *, surging: Callable[[], bool] = lambda: False) -> int:
        """Run ``take_batch`` (→ how many rows it took) until it takes none; → rows taken in all.
        Stops early, arranging a later run, while ``surging()`` (see the module's docstring). The
        key is cleared before the last look, and on the way out whatever happened (clearing it too
        often costs only an extra publish), except when yielding: then it is left to expire."""
        taken, last_look = 0, False
        try:
            while True:
                if surging():
                    self.come_back(settings.DRAIN_YIELD_STEP_SECONDS)
                    return taken
                batch = take_batch()
                taken += batch
                if batch:
                    last_look = False
                elif last_look:
                    cache.delete(self.key)
                    return taken
                else:
                    cache.delete(self.key)
                    last_look = True
        except BaseException:
            cache.delete(self.key)
            raise


def surge(due: QuerySet, field: str, *, now: datetime) -> bool:
    """Whether the rows of ``due`` (work waiting, due by ``field``) arrive faster than
    DRAIN_YIELD_PER_SECOND while the oldest is younger than DRAIN_YIELD_MAX_SECONDS: two look-ups on
    an index of waiting rows by ``field``. A rate of 0 never yields."""
    rate = settings.DRAIN_YIELD_PER_SECOND
    if rate <= 0:
        return False
    oldest = due.order_by(field).values_list(field, flat=True).first()
    if oldest is None or now - oldest >= timedelta(seconds=settings.DRAIN_YIELD_MAX_SECONDS):
        return False
    return due.filter(**{f"{field}__gt": now - timedelta(seconds=1)})[:rate].count() >= rate
