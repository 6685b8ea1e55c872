"""One enforcement sweep: record every warning and breach that is due, batch by batch.

Exactly once comes from the unique constraint on (clock, kind): an alert inserted twice is ignored,
whichever worker, rerun or retry inserts it. The ``warned``/``breached`` flags only take a recorded
clock out of the partial indexes so that the next sweep does not read it again. On PostgreSQL each
batch is locked with ``FOR UPDATE SKIP LOCKED``, so two workers take different clocks; SQLite runs
one writer at a time."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.sweep import Settled, sweep_batches
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


def clocks_enforce(
    *, now: datetime | None = None, batch_size: int = 1000, max_batches: int = 50
) -> EnforcementReport:
    """Record the warnings and breaches due at ``now`` (default: this moment), with the time each one
    really happened. After an outage one run catches up on everything, up to ``max_batches``
    batches; the rest is left for the next run. Breach and warning batches alternate so that a long
    backlog of one does not starve the other. Breaches go first: a clock past its deadline is past
    its warning point too, and the breach batch records both, writing each clock once."""
    now = now or timezone.now()
    tally = sweep_batches(
        [BREACH, WARNING],
        fetch=lambda threshold, limit: [
            CrossedClock(*row) for row in batch_query(threshold, now=now, batch_size=limit)
        ],
        settle=lambda threshold, picked: _settle_batch(threshold=threshold, picked=picked, now=now),
        batch_size=batch_size,
        max_batches=max_batches,
    )
    report = EnforcementReport(
        warnings=tally.recorded["warnings"], breaches=tally.recorded["breaches"], batches=tally.batches
    )
    if report.warnings or report.breaches:
        logger.info("deadline enforcement at %s: %s", now.isoformat(), report)
    return report


def batch_query(threshold: Threshold, *, now: datetime, batch_size: int):
    """The clocks one batch takes, locked, skipping those another worker holds."""
    return (
        clocks_past(threshold, now)
        .select_for_update(skip_locked=True)
        .values_list("pk", "kind", "due_at", "assignment_id", "warn_at", "warned")[:batch_size]
    )


def _settle_batch(*, threshold: Threshold, picked: list[CrossedClock], now: datetime) -> Settled:
    """Record the alerts of the locked clocks ``picked``, in the batch's transaction. A breach batch
    leaves out the clocks whose assignment someone else holds (none handled: the sweep stops this
    threshold for now)."""
    clocks = _on_free_assignments(picked) if threshold is BREACH else picked
    if not clocks:
        return Settled(handled=0)

    alerts = [(threshold, clock) for clock in clocks]
    if threshold is BREACH:
        alerts += [(WARNING, clock) for clock in clocks if not clock.warned]
    fresh = _alerts_record(alerts, now=now)
    flags = [BREACH.flag_field, WARNING.flag_field] if threshold is BREACH else [WARNING.flag_field]
    Clock.objects.filter(pk__in=[clock.pk for clock in clocks]).update(**dict.fromkeys(flags, True))

    # An alert that already existed was notified (and its assignment marked) in the
    # transaction that recorded it; its flag was cleared since, or a retry raced us.
    if fresh[BREACH]:
        Assignment.objects.filter(
            pk__in={clock.assignment_id for clock in fresh[BREACH]}, is_overdue=False
        ).update(is_overdue=True)
    notify_many(
        notices=[
            *clock_alert_notices(threshold=WARNING, clocks=fresh[WARNING], now=now),
            *clock_alert_notices(threshold=BREACH, clocks=fresh[BREACH], now=now),
        ]
    )
    return Settled(
        handled=len(clocks), recorded={"warnings": len(fresh[WARNING]), "breaches": len(fresh[BREACH])}
    )


def _alerts_record(
    alerts: list[tuple[Threshold, CrossedClock]], *, now: datetime
) -> dict[Threshold, list[CrossedClock]]:
    """Insert the alerts (those recorded before are ignored) and say which are new, by threshold."""
    known = set(
        ClockAlert.objects.filter(
            clock_id__in={clock.pk for _threshold, clock in alerts},
            kind__in={threshold.alert for threshold, _clock in alerts},
        ).values_list("clock_id", "kind")
    )
    ClockAlert.objects.bulk_create(
        [
            ClockAlert(
                clock_id=clock.pk,
                kind=threshold.alert,
                happened_at=getattr(clock, threshold.at_field),
                recorded_at=now,
            )
            for threshold, clock in alerts
        ],
        ignore_conflicts=True,
    )
    fresh: dict[Threshold, list[CrossedClock]] = {WARNING: [], BREACH: []}
    for threshold, clock in alerts:
        if (clock.pk, threshold.alert) not in known:
            fresh[threshold].append(clock)
    return fresh


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
