"""The monthly trend of the analysis page and the dashboard: tickets received per month (the city's
and the districts' from MonthlyVolume, which the periodic task keeps) and a unit's published rates."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dispatch.selectors import current_leads
from hotline.models import Ticket
from metrics.analyses import DISTRICT, within_district
from metrics.models import MonthlyVolume, RankingRow
from metrics.periods import month_bounds, month_of, next_month, previous_month
from units.models import Unit


@dataclass(frozen=True)
class TrendPoint:
    month: date
    tickets: int
    # From the unit's frozen monthly snapshot (the version in force), when there is one.
    response_rate: Decimal | None = None
    resolution_rate: Decimal | None = None
    satisfaction_rate: Decimal | None = None
    composite: Decimal | None = None


RATE_COLUMNS = ("response_rate", "resolution_rate", "satisfaction_rate", "composite")


def _stored_volumes(*, first: date, last: date, unit: Unit | None) -> dict[date, int]:
    """{month: tickets} from MonthlyVolume for the city (``unit`` None or the city) or a district;
    empty for any other unit, whose volumes are not stored."""
    if unit is None or unit.kind in (Unit.Kind.CITY, Unit.Kind.HOTLINE):
        rows = MonthlyVolume.objects.filter(month__gte=first, month__lte=last).values_list("month", "tickets")
        return dict(rows)
    if unit.kind == DISTRICT:
        rows = MonthlyVolume.objects.filter(month__gte=first, month__lte=last).values_list(
            "month", "districts"
        )
        return {month: districts.get(str(unit.pk), 0) for month, districts in rows}
    return {}


def monthly_trend(*, months: int = 12, end_month: date, unit: Unit | None = None) -> list[TrendPoint]:
    """The ``months`` months up to ``end_month`` (included), oldest first: tickets received each
    month (in the city, in ``unit``'s territory when it is a district, or with ``unit`` as lead
    unit), and ``unit``'s published rates from the frozen monthly snapshots — None for a month not
    frozen. The city's and the districts' counts come from MonthlyVolume (kept by the periodic
    task); only months it does not hold, and other units' counts, are counted from the tickets, over
    those months alone. At most three queries."""
    last = month_of(end_month)
    first = last
    for _step in range(months - 1):
        first = previous_month(first)
    per_month = _stored_volumes(first=first, last=last, unit=unit)
    missing = [month for month in _months(first, last) if month not in per_month]
    if missing:
        start, _end = month_bounds(missing[0])
        _start, end = month_bounds(missing[-1])
        tickets = Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
        if unit is not None and unit.kind == DISTRICT:
            tickets = tickets.filter(pk__in=current_leads().filter(within_district(unit)).values("ticket_id"))
        elif unit is not None and unit.kind not in (Unit.Kind.CITY, Unit.Kind.HOTLINE):
            tickets = tickets.filter(pk__in=current_leads().filter(unit=unit).values("ticket_id"))
        counted = dict(
            tickets.order_by()
            .annotate(
                month=TruncMonth(
                    "received_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
                )
            )
            .values("month")
            .annotate(count=Count("pk"))
            .values_list("month", "count")
        )
        per_month |= {month: counted.get(month, 0) for month in missing}
    rates: dict[date, dict] = {}
    if unit is not None:
        rows = (
            RankingRow.objects.filter(unit=unit, snapshot__month__gte=first, snapshot__month__lte=last)
            .order_by("snapshot__month", "snapshot__version")
            .values("snapshot__month", *RATE_COLUMNS)
        )
        for row in rows:  # ascending versions: the newest one of each month stays
            rates[row.pop("snapshot__month")] = row
    return [
        TrendPoint(month=month, tickets=per_month.get(month, 0), **rates.get(month, {}))
        for month in _months(first, last)
    ]


def _months(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months
