"""Whistle figures per department and per street for a period, for the metrics.

Every figure is aggregated by the database, grouped by unit: one query for the departments, two
for the streets (whistles, tickets), however many units there are. A period is [start, end).

What counts:

- a department's summonses are those *summoned* in the period; on time is what was stored when the
  step happened (``acknowledged_on_time``/``arrived_on_time``), so a summons not acknowledged (or
  not on site) yet counts in the denominator and not in the numerator; ratings are those of these
  summonses;
- a street's whistles are those *blown* in the period, closed are those of them closed so far, and
  the hours to close are averaged over the closed ones; its tickets are those dispatched to it
  (an assignment of the street, lead or assisting, made in the period).

A rate, share or mean with nothing to divide by is None, not 0."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from dispatch.models import Assignment
from streets.models import Summons, Whistle
from units.models import Unit


@dataclass(frozen=True)
class DepartmentWhistleStats:
    department_id: int
    summonses: int = 0
    acknowledged_on_time: int = 0
    arrived_on_time: int = 0
    acknowledge_rate: float | None = None  # acknowledged_on_time / summonses
    arrival_rate: float | None = None  # arrived_on_time / summonses
    ratings: int = 0
    mean_timeliness: float | None = None
    mean_cooperation: float | None = None
    mean_result: float | None = None


@dataclass(frozen=True)
class StreetWhistleStats:
    street_id: int
    whistles: int = 0
    tickets: int = 0
    whistle_rate_per_1000: float | None = None  # whistles per 1,000 tickets
    closed: int = 0
    closed_share: float | None = None  # closed / whistles
    mean_hours_to_close: float | None = None  # closed_at - blown_at, over the closed whistles


def _ratio(part: int, whole: int, *, per: int = 1) -> float | None:
    return part * per / whole if whole else None


def department_whistle_stats(
    *, start: datetime, end: datetime, department_ids: Iterable[int] | None = None
) -> dict[int, DepartmentWhistleStats]:
    """department id → its figures. With ``department_ids``, every one of them is present (zeros for
    a department not summoned); without, the departments summoned in the period."""
    summonses = Summons.objects.filter(summoned_at__gte=start, summoned_at__lt=end)
    if department_ids is not None:
        department_ids = set(department_ids)
        summonses = summonses.filter(department_id__in=department_ids)
    rows = (
        summonses.order_by()
        .values("department_id")
        .annotate(
            summonses=Count("pk"),
            acknowledged_on_time=Count("pk", filter=Q(acknowledged_on_time=True)),
            arrived_on_time=Count("pk", filter=Q(arrived_on_time=True)),
            ratings=Count("rating"),
            mean_timeliness=Avg("rating__timeliness"),
            mean_cooperation=Avg("rating__cooperation"),
            mean_result=Avg("rating__result"),
        )
    )
    stats = {
        row["department_id"]: DepartmentWhistleStats(
            **row,
            acknowledge_rate=_ratio(row["acknowledged_on_time"], row["summonses"]),
            arrival_rate=_ratio(row["arrived_on_time"], row["summonses"]),
        )
        for row in rows
    }
    for department_id in department_ids or ():
        stats.setdefault(department_id, DepartmentWhistleStats(department_id=department_id))
    return stats


def street_whistle_stats(
    *, start: datetime, end: datetime, street_ids: Iterable[int] | None = None
) -> dict[int, StreetWhistleStats]:
    """street id → its figures. With ``street_ids``, every one of them is present; without, the
    streets that blew a whistle or were dispatched a ticket in the period."""
    whistles = Whistle.objects.filter(blown_at__gte=start, blown_at__lt=end)
    assignments = Assignment.objects.filter(assigned_at__gte=start, assigned_at__lt=end)
    if street_ids is not None:
        street_ids = set(street_ids)
        whistles = whistles.filter(street_id__in=street_ids)
        assignments = assignments.filter(unit_id__in=street_ids)
    else:
        assignments = assignments.filter(unit__kind=Unit.Kind.STREET)

    to_close = ExpressionWrapper(F("closed_at") - F("blown_at"), output_field=DurationField())
    whistle_rows = {
        row.pop("street_id"): row
        for row in whistles.order_by()
        .values("street_id")
        .annotate(
            whistles=Count("pk"),
            closed=Count("pk", filter=Q(closed_at__isnull=False)),
            mean_to_close=Avg(to_close, filter=Q(closed_at__isnull=False)),
        )
    }
    tickets = dict(
        assignments.order_by()
        .values("unit_id")
        .annotate(tickets=Count("ticket_id", distinct=True))
        .values_list("unit_id", "tickets")
    )

    stats = {}
    for street_id in set(whistle_rows) | set(tickets) | (street_ids or set()):
        row = whistle_rows.get(street_id, {"whistles": 0, "closed": 0, "mean_to_close": None})
        mean_to_close: timedelta | None = row["mean_to_close"]
        stats[street_id] = StreetWhistleStats(
            street_id=street_id,
            whistles=row["whistles"],
            tickets=tickets.get(street_id, 0),
            whistle_rate_per_1000=_ratio(row["whistles"], tickets.get(street_id, 0), per=1000),
            closed=row["closed"],
            closed_share=_ratio(row["closed"], row["whistles"]),
            mean_hours_to_close=None if mean_to_close is None else mean_to_close / timedelta(hours=1),
        )
    return stats
