"""One enforcement sweep: record every warning and breach that is due, batch by batch.

Exactly once comes from the unique constraint on (clock, kind): an alert inserted twice is ignored,
whichever worker, rerun or retry inserts it. The ``warned``/``breached`` flags only take a recorded
clock out of the partial indexes so that the next sweep does not read it again. On PostgreSQL each
batch is locked with ``FOR UPDATE SKIP LOCKED``, so two workers take different clocks; SQLite runs
one writer at a time."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from dispatch.enforcement.notices import CrossedClock, clock_alert_notices
from dispatch.enforcement.thresholds import BREACH, WARNING, Threshold, clocks_past
from dispatch.models import Assignment, Clock, ClockAlert
from notifications.services import notify_many

logger = logging.getLogger(__name__)


@dataclass
class EnforcementReport:
    warnings: int = 0  # alerts recorded by this run
    breaches: int = 0
    batches: int = 0  # batches that found clocks to record


@dataclass(frozen=True)
class _Batch:
    picked: int  # clocks the query returned
    handled: int  # of those, clocks this batch dealt with
    recorded: int  # alerts that did not exist before


def clocks_enforce(
    *, now: datetime | None = None, batch_size: int = 1000, max_batches: int = 50
) -> EnforcementReport:
    """Record the warnings and breaches due at ``now`` (default: this moment), with the time each one
    really happened. After an outage one run catches up on everything, up to ``max_batches``
    batches; the rest is left for the next run. Warning and breach batches alternate so that a long
    backlog of one does not starve the other."""
    now = now or timezone.now()
    report = EnforcementReport()
    pending = [WARNING, BREACH]
    while pending and report.batches < max_batches:
        for threshold in list(pending):
            if report.batches >= max_batches:
                break
            batch = _enforce_batch(threshold=threshold, now=now, batch_size=batch_size)
            if batch.picked:
                report.batches += 1
            if threshold is WARNING:
                report.warnings += batch.recorded
            else:
                report.breaches += batch.recorded
            # Fewer than a full batch: nothing is left. None handled: what is left is held by
            # someone else right now; the next run will see it.
            if batch.picked < batch_size or not batch.handled:
                pending.remove(threshold)
    if report.warnings or report.breaches:
        logger.info("deadline enforcement at %s: %s", now.isoformat(), report)
    return report


def _enforce_batch(*, threshold: Threshold, now: datetime, batch_size: int) -> _Batch:
    with transaction.atomic():
        rows = (
            clocks_past(threshold, now)
            .select_for_update(skip_locked=True)
            .values_list("pk", "kind", threshold.at_field, "due_at", "assignment_id")[:batch_size]
        )
        picked = [CrossedClock(*row) for row in rows]
        clocks = _on_free_assignments(picked) if threshold is BREACH else picked
        if not clocks:
            return _Batch(picked=len(picked), handled=0, recorded=0)

        ids = [clock.pk for clock in clocks]
        known = set(
            ClockAlert.objects.filter(clock_id__in=ids, kind=threshold.alert).values_list(
                "clock_id", flat=True
            )
        )
        ClockAlert.objects.bulk_create(
            [
                ClockAlert(clock_id=clock.pk, kind=threshold.alert, happened_at=clock.at, recorded_at=now)
                for clock in clocks
            ],
            ignore_conflicts=True,
        )
        Clock.objects.filter(pk__in=ids).update(**{threshold.flag_field: True})

        # An alert that already existed was notified (and its assignment marked) in the
        # transaction that recorded it; its flag was cleared since, or a retry raced us.
        fresh = [clock for clock in clocks if clock.pk not in known]
        if threshold is BREACH and fresh:
            Assignment.objects.filter(
                pk__in={clock.assignment_id for clock in fresh}, is_overdue=False
            ).update(is_overdue=True)
        notify_many(notices=clock_alert_notices(threshold=threshold, clocks=fresh, now=now))
    return _Batch(picked=len(picked), handled=len(clocks), recorded=len(fresh))


def _on_free_assignments(clocks: list[CrossedClock]) -> list[CrossedClock]:
    """The clocks whose assignment nobody else is changing right now.

    An official's action locks the assignment, then stops its clock; a breach batch holds the clock
    and would then wait for the assignment. Skipping the assignments locked elsewhere (the clock
    comes back in the next batch or run) means the sweep never waits for a person, and never
    deadlocks with one."""
    free = set(
        Assignment.objects.filter(pk__in={clock.assignment_id for clock in clocks})
        .order_by("pk")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    return [clock for clock in clocks if clock.assignment_id in free]
