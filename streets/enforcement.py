"""The sweep that records each summoned department late to acknowledge or to arrive, once, with the
time it really became late, and tells the people who must act.

Exactly once comes from the unique constraint on (summons, kind): an alert inserted twice is
ignored, whichever worker, rerun or retry inserts it. The ``acknowledge_flagged``/``arrive_flagged``
flags only take a settled summons out of the partial indexes so that the next sweep does not read it
again. On PostgreSQL each batch is locked with ``FOR UPDATE SKIP LOCKED``, so two workers take
different summonses; SQLite runs one writer at a time.

A summons whose whistle was closed before (or at) the due time was never late: the street settled
the matter first. The sweep flags it without an alert, so that it leaves the index. A whistle closed
after the due time does not excuse the department: that summons is late like any other."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from core.sweep import Settled, sweep_batches
from notifications.events import Subject
from notifications.services import Notice, event_notices, notify_many
from streets.models import Summons, SummonsAlert, Whistle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lateness:
    alert: str  # the SummonsAlert kind recorded
    due_field: str
    done_field: str  # set when the department does it: the summons is no longer waited for
    flag_field: str  # set once settled: takes the summons out of the partial index below
    index_name: str
    notice_kind: str


ACKNOWLEDGE = Lateness(
    SummonsAlert.Kind.ACKNOWLEDGE,
    "acknowledge_due",
    "acknowledged_at",
    "acknowledge_flagged",
    "summons_ack_due_idx",
    "summons_late_acknowledge",
)
ARRIVE = Lateness(
    SummonsAlert.Kind.ARRIVE,
    "arrive_due",
    "arrived_at",
    "arrive_flagged",
    "summons_arrive_due_idx",
    "summons_late_arrival",
)


@dataclass
class SummonsEnforcementReport:
    late_acknowledgements: int = 0  # alerts recorded by this run
    late_arrivals: int = 0
    batches: int = 0  # batches that found summonses to settle


@dataclass(frozen=True)
class LateSummons:
    pk: int
    due: datetime
    department_id: int
    street_id: int  # the whistling street
    whistle_closed_at: datetime | None


def summonses_past(lateness: Lateness, now: datetime) -> QuerySet[Summons]:
    """Summonses past their ``lateness`` due time and not settled yet, earliest first.

    The filter is exactly the partial index's condition and the order its column, so the database
    walks the index from its start and stops at ``now`` (or at the caller's LIMIT): the cost is
    what is due, however many summonses are waiting."""
    return Summons.objects.filter(
        **{
            f"{lateness.done_field}__isnull": True,
            lateness.flag_field: False,
            f"{lateness.due_field}__lte": now,
        }
    ).order_by(lateness.due_field)


def summonses_batch(lateness: Lateness, *, now: datetime, batch_size: int):
    """One batch as the sweep reads it: the summons table alone, so that the plan stays a walk of the
    partial index (a join would let the planner scan the whistles), locking only summons rows."""
    return (
        summonses_past(lateness, now)
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", lateness.due_field, "department_id", "whistle_id")[:batch_size]
    )


def summonses_enforce(
    *, now: datetime | None = None, batch_size: int = 1000, max_batches: int = 50
) -> SummonsEnforcementReport:
    """Record the late acknowledgements and arrivals due at ``now`` (default: this moment), each with
    its due time as the time it happened. After an outage one run catches up on everything, up to
    ``max_batches`` batches; the rest is left for the next run. Acknowledge and arrival batches
    alternate so that a long backlog of one does not starve the other."""
    now = now or timezone.now()
    tally = sweep_batches(
        [ACKNOWLEDGE, ARRIVE],
        fetch=lambda lateness, limit: list(summonses_batch(lateness, now=now, batch_size=limit)),
        settle=lambda lateness, rows: _settle_batch(lateness=lateness, rows=rows, now=now),
        batch_size=batch_size,
        max_batches=max_batches,
    )
    report = SummonsEnforcementReport(
        late_acknowledgements=tally.recorded[ACKNOWLEDGE.alert],
        late_arrivals=tally.recorded[ARRIVE.alert],
        batches=tally.batches,
    )
    if report.late_acknowledgements or report.late_arrivals:
        logger.info("summons enforcement at %s: %s", now.isoformat(), report)
    return report


def _settle_batch(*, lateness: Lateness, rows: list[tuple], now: datetime) -> Settled:
    """Settle the locked summonses ``rows`` (as ``summonses_batch`` reads them), in the batch's
    transaction: each one is flagged, with an alert and notices unless its whistle was closed in
    time."""
    whistles = {
        pk: (street_id, closed_at)
        for pk, street_id, closed_at in Whistle.objects.filter(
            pk__in={whistle_id for *_, whistle_id in rows}
        ).values_list("pk", "street_id", "closed_at")
    }
    picked = []
    for pk, due, department_id, whistle_id in rows:
        street_id, closed_at = whistles[whistle_id]
        picked.append(LateSummons(pk, due, department_id, street_id, closed_at))
    late = [s for s in picked if s.whistle_closed_at is None or s.whistle_closed_at > s.due]
    ids = [s.pk for s in late]
    known = set(
        SummonsAlert.objects.filter(summons_id__in=ids, kind=lateness.alert).values_list(
            "summons_id", flat=True
        )
    )
    SummonsAlert.objects.bulk_create(
        [
            SummonsAlert(summons_id=s.pk, kind=lateness.alert, happened_at=s.due, recorded_at=now)
            for s in late
        ],
        ignore_conflicts=True,
    )
    Summons.objects.filter(pk__in=[s.pk for s in picked]).update(**{lateness.flag_field: True})
    # An alert that already existed was notified in the transaction that recorded it; its flag
    # was cleared since (a restore, a manual fix).
    fresh = [s for s in late if s.pk not in known]
    notify_many(notices=late_summons_notices(lateness=lateness, summonses=fresh))
    return Settled(handled=len(picked), recorded={lateness.alert: len(fresh)})


def dedupe_key(lateness: Lateness, summons_id: int) -> str:
    return f"summons:{summons_id}:late_{lateness.alert}"


def late_summons_notices(*, lateness: Lateness, summonses: list[LateSummons]) -> list[Notice]:
    """The notices for newly recorded alerts, in a fixed number of queries however many summonses:
    the summoned department's members and the whistling street's members; for a late arrival also
    the supervisors of the street's district."""
    if not summonses:
        return []
    names = {
        pk: (department, street, address)
        for pk, department, street, address in Summons.objects.filter(
            pk__in=[s.pk for s in summonses]
        ).values_list("pk", "department__name", "whistle__street__name", "whistle__address")
    }

    def subject(summons: LateSummons) -> Subject:
        department, street, address = names[summons.pk]
        return Subject(
            dedupe_key=dedupe_key(lateness, summons.pk),
            values={
                "department": department,
                "street": street,
                "address": address,
                "due": f"{timezone.localtime(summons.due):%Y-%m-%d %H:%M}",
            },
            unit_id=summons.department_id,
            street_id=summons.street_id,
        )

    # Who is told and the words are the table's (notifications.events: summons_late_*).
    return event_notices((lateness.notice_kind, subject(summons)) for summons in summonses)
