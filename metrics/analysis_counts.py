"""The analysis page's counts of what is not dispatched or not kept: tickets closed without dispatch
by disposition, return requests and mis-dispatches per unit, and each street's whistle rate against
its normal band. Every figure is aggregated by the database; the number of queries is the same for
ten tickets, units or streets as for ten thousand.

Which rows count, for a period [start, end):

- **Dispositions** (不派单): tickets *received* in the period that closed without dispatch
  (``Ticket.disposition`` set: answered from the knowledge base, 转110/119/120/122, the legal
  channel, a repeat, …). Such a ticket has no lead unit; in a district's figures it counts where its
  newest routing decision placed it (the district the router read from the call).
- **Returns** (退单) and **mis-dispatches** (误派) per unit, as the ranking counts them
  (``metrics.computation``): the unit's return requests *filed* in the period, and those *approved*
  in the period (the order was not the unit's and went elsewhere); refused ones, decided in the
  period, beside them. In a district's figures: the units that lie in it (the district, its
  streets and departments, their communities).
- **Whistle rate** (吹哨率): a street's whistles blown in the period per 1,000 tickets dispatched to
  it in the period (``streets.statistics``), classified against the band in force on the period's
  first day (``WhistleRateBand``): below, within or above. No tickets: no rate."""

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dispatch.models import RoutingDecision, UnitRequest
from hotline.models import Disposition, Ticket
from metrics.models import WhistleRateBand
from streets.statistics import street_whistle_stats
from units.models import Unit

BELOW, WITHIN, ABOVE = "below", "within", "above"
BAND_LABELS = {BELOW: _("Below the band"), WITHIN: _("Within the band"), ABOVE: _("Above the band")}
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class DispositionRow:
    key: str
    label: str
    count: int


def disposition_counts(
    *, start: datetime, end: datetime, district: Unit | None = None
) -> list[DispositionRow]:
    """Every disposition, in the order of ``Disposition``, with its count (zeros included). One
    query."""
    tickets = Ticket.objects.filter(received_at__gte=start, received_at__lt=end).exclude(disposition="")
    if district is not None:
        newest = RoutingDecision.objects.filter(ticket_id=OuterRef("pk")).order_by("-created_at", "-id")
        tickets = tickets.annotate(routed_district=Subquery(newest.values("district_id")[:1])).filter(
            routed_district=district.pk
        )
    counts = dict(
        tickets.order_by()
        .values("disposition")
        .annotate(count=Count("pk"))
        .values_list("disposition", "count")
    )
    return [
        DispositionRow(key=value, label=str(label), count=counts.get(value, 0))
        for value, label in Disposition.choices
    ]


@dataclass(frozen=True)
class ReturnRow:
    unit_id: int
    code: str
    name: str
    kind: str
    returns: int  # return requests filed in the period
    misdispatches: int  # return requests approved in the period
    refused: int  # return requests refused in the period


def _in_district(district: Unit) -> Q:
    return (
        Q(assignment__unit_id=district.pk)
        | Q(assignment__unit__parent_id=district.pk)
        | Q(assignment__unit__parent__parent_id=district.pk)
    )


def return_counts(*, start: datetime, end: datetime, district: Unit | None = None) -> list[ReturnRow]:
    """Per unit with a return request filed or decided in the period: its returns, mis-dispatches
    and refusals; the most returns first, then by code. One query."""
    filed = Q(requested_at__gte=start, requested_at__lt=end)
    decided = Q(decided_at__gte=start, decided_at__lt=end)
    approved = decided & Q(decision=UnitRequest.Decision.APPROVED)
    refused = decided & Q(decision=UnitRequest.Decision.REFUSED)
    requests = UnitRequest.objects.filter(filed | approved | refused, kind=UnitRequest.Kind.RETURN)
    if district is not None:
        requests = requests.filter(_in_district(district))
    rows = (
        requests.order_by()
        .values(
            "assignment__unit_id",
            "assignment__unit__code",
            "assignment__unit__name",
            "assignment__unit__kind",
        )
        .annotate(
            returns=Count("pk", filter=filed),
            misdispatches=Count("pk", filter=approved),
            refused=Count("pk", filter=refused),
        )
    )
    lines = [
        ReturnRow(
            unit_id=row["assignment__unit_id"],
            code=row["assignment__unit__code"],
            name=row["assignment__unit__name"],
            kind=row["assignment__unit__kind"],
            returns=row["returns"],
            misdispatches=row["misdispatches"],
            refused=row["refused"],
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-line.returns, -line.misdispatches, line.code))


def band_in_force(*, on) -> WhistleRateBand | None:
    """The newest band effective on ``on``."""
    return WhistleRateBand.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def band_of(rate: Decimal | None, band: WhistleRateBand | None) -> str | None:
    """ "below", "within" or "above" the band ([low, high] is within); None without a rate or band."""
    if rate is None or band is None:
        return None
    if rate < band.low_per_1000:
        return BELOW
    if rate > band.high_per_1000:
        return ABOVE
    return WITHIN


@dataclass(frozen=True)
class WhistleRateRow:
    unit_id: int
    code: str
    name: str
    whistles: int
    tickets: int
    rate: Decimal | None  # per 1,000 tickets, two places
    band: str | None  # BELOW, WITHIN, ABOVE; None: no rate (or no band)


def whistle_rates(
    *, start: datetime, end: datetime, district: Unit | None = None
) -> tuple[WhistleRateBand | None, list[WhistleRateRow]]:
    """The band in force and, per street (of the city or ``district``) that blew a whistle or was
    dispatched a ticket in the period, its rate and where it lies; the highest rate first, streets
    without a rate last, ties by code. Four queries."""
    streets = Unit.objects.filter(kind=Unit.Kind.STREET)
    if district is not None:
        streets = streets.filter(parent_id=district.pk)
    names = {pk: (code, name) for pk, code, name in streets.values_list("pk", "code", "name")}
    stats = street_whistle_stats(start=start, end=end, street_ids=None if district is None else list(names))
    band = band_in_force(on=timezone.localdate(start))
    rows = []
    for street_id, figures in stats.items():
        if street_id not in names or (figures.whistles == 0 and figures.tickets == 0):
            continue
        exact = None if figures.tickets == 0 else Decimal(figures.whistles * 1000) / figures.tickets
        rate = None if exact is None else exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        code, name = names[street_id]
        rows.append(
            WhistleRateRow(
                unit_id=street_id,
                code=code,
                name=name,
                whistles=figures.whistles,
                tickets=figures.tickets,
                rate=rate,
                band=band_of(exact, band),
            )
        )
    known = sorted((row for row in rows if row.rate is not None), key=lambda row: (-row.rate, row.code))
    return band, known + sorted((row for row in rows if row.rate is None), key=lambda row: row.code)


def counts_figures(*, start: datetime, end: datetime, district: Unit | None = None) -> dict:
    """The three tables as plain data (for the page and, as JSON, for the API)."""
    band, rates = whistle_rates(start=start, end=end, district=district)
    dispositions = disposition_counts(start=start, end=end, district=district)
    return {
        "dispositions": [asdict(row) for row in dispositions],
        "dispositions_total": sum(row.count for row in dispositions),
        "returns": [asdict(row) for row in return_counts(start=start, end=end, district=district)],
        "whistle_band": None
        if band is None
        else {
            "effective_from": band.effective_from,
            "low_per_1000": band.low_per_1000,
            "high_per_1000": band.high_per_1000,
        },
        "whistle_rates": [
            {**asdict(row), "band_label": str(BAND_LABELS[row.band]) if row.band else ""} for row in rates
        ],
    }
