"""Reads for the daily bulletin (日通报), weekly summary (周汇总) and monthly analysis (月分析).

Every figure is aggregated by the database (GROUP BY through the ORM): the number of queries is
the same for ten units or a thousand, ten categories or five hundred.

Which tickets count: those *received* in the period [start, end) — every call that became a ticket,
merged repeat calls included (a repeat is a sign of a problem, and the address ranking needs it).

Where a ticket belongs: to the unit of its **lead assignment in force** (主办, not returned: after an
approved return the ticket was re-dispatched and the new lead assignment counts; a ticket has at most
one). Its **district** is that unit when it is a district, else the unit's parent or grandparent that
is a district (a street or a district department → its district; a community → its street's
district). The routing decision's district is not used: it is what the router proposed, not where
the order went. A ticket not dispatched (answered directly, closed without dispatch, waiting) is in
the city's figures and in no district's.

Periods, in the city's time zone (settings.TIME_ZONE): the daily bulletin is one day, the weekly
summary an ISO week (Monday to Sunday), the monthly analysis a calendar month."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import districts_in_reach, leads_the_city, user_has_role
from dispatch.selectors import current_leads
from hotline.models import Channel, Ticket
from hotline.models.reference import in_interface_language
from metrics.computation import unit_counts
from metrics.formulas import Counts, figure, rates_of, response_rate
from metrics.periods import month_bounds, month_of, next_month
from metrics.selectors import scheme_in_force
from units.models import Unit

DISTRICT = Unit.Kind.DISTRICT
STREET = Unit.Kind.STREET


# --- periods -------------------------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    DAY = "day", _("Daily bulletin")
    WEEK = "week", _("Weekly summary")
    MONTH = "month", _("Monthly analysis")


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: date
    last_day: date  # inclusive, for display
    start: datetime
    end: datetime  # exclusive

    @property
    def previous_day(self) -> date:
        """A day in the period before this one."""
        return self.first_day - timedelta(days=1)

    @property
    def next_day(self) -> date:
        """The first day of the period after this one."""
        return self.last_day + timedelta(days=1)


def week_start_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def period_of(kind: str, day: date) -> Period:
    """The day, ISO week or month that ``day`` falls in, as [start, end) in the city's time zone."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.MONTH:
        first = month_of(day)
        start, end = month_bounds(first)
        return Period(kind, first, next_month(first) - timedelta(days=1), start, end)
    first = week_start_of(day) if kind == PeriodKind.WEEK else day
    length = 7 if kind == PeriodKind.WEEK else 1
    return Period(
        kind,
        first,
        first + timedelta(days=length - 1),
        _midnight(first),
        _midnight(first + timedelta(length)),
    )


# --- who sees which territory ----------------------------------------------------------------


def analysis_districts(user) -> QuerySet[Unit] | None:
    """The territory whose figures ``user`` may read: None for the whole city (dispatchers,
    administrators, city leaders); otherwise the districts they supervise or lead, by code (empty
    for anyone else)."""
    if user_has_role(user, Role.DISPATCHER, Role.ADMINISTRATOR):
        return None
    if leads_the_city(user):
        return None
    return Unit.objects.filter(pk__in=districts_in_reach(user)).order_by("code")


# --- where a ticket belongs --------------------------------------------------------------------


def _district_of_unit() -> Case:
    """On an Assignment queryset: the id of the district its unit lies in (None for a city unit)."""
    return Case(
        When(unit__kind=DISTRICT, then=F("unit_id")),
        When(unit__parent__kind=DISTRICT, then=F("unit__parent_id")),
        When(unit__parent__parent__kind=DISTRICT, then=F("unit__parent__parent_id")),
        output_field=IntegerField(),
    )


def within_district(district: Unit) -> Q:
    """On an Assignment queryset: its unit is the district or lies in it."""
    return Q(unit_id=district.pk) | Q(unit__parent_id=district.pk) | Q(unit__parent__parent_id=district.pk)


def tickets_received(*, start: datetime, end: datetime, district: Unit | None = None) -> QuerySet[Ticket]:
    """The tickets received in [start, end); with ``district``, those whose lead unit lies in it."""
    tickets = Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
    if district is not None:
        tickets = tickets.filter(pk__in=current_leads().filter(within_district(district)).values("ticket_id"))
    return tickets


# --- volumes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolumeRow:
    key: str | int
    label: str
    count: int
    # The English wording of a request type or category (blank for channels, and in figures kept
    # before it existed): the figures are kept for every reader, whatever their language.
    label_en: str = ""

    @property
    def display_label(self) -> str:
        return in_interface_language(self.label, self.label_en)


def _top_category(attribute: str) -> Case:
    """The level-1 ancestor's ``attribute`` of the ticket's category (a leaf, normally level 3)."""
    return Case(
        When(category__level=1, then=F(f"category__{attribute}")),
        When(category__level=2, then=F(f"category__parent__{attribute}")),
        default=F(f"category__parent__parent__{attribute}"),
    )


# field → (values to group by: {alias: expression or lookup}, the key alias, the label alias)
VOLUME_FIELDS = {
    "channel": ({"key": F("channel")}, None),
    "request_type": (
        {
            "key": F("request_type_id"),
            "label": F("request_type__name"),
            "label_en": F("request_type__name_en"),
        },
        "label",
    ),
    "category": (
        {"key": _top_category("id"), "label": _top_category("name"), "label_en": _top_category("name_en")},
        "label",
    ),
    "category_leaf": (
        {"key": F("category_id"), "label": F("category__path"), "label_en": F("category__path_en")},
        "label",
    ),
}


def _volume_rows(
    field: str, *, start: datetime, end: datetime, district: Unit | None, limit: int | None = None
) -> list[VolumeRow]:
    if field not in VOLUME_FIELDS:
        raise ValueError(f"volume_by: field must be one of {', '.join(VOLUME_FIELDS)}, not {field!r}")
    groups, label_alias = VOLUME_FIELDS[field]
    rows = (
        tickets_received(start=start, end=end, district=district)
        .order_by()
        .values(**groups)
        .annotate(count=Count("pk"))
        .order_by("-count", "key")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        VolumeRow(
            key=row["key"],
            label=row[label_alias] if label_alias else _channel_label(row["key"]),
            label_en=row.get("label_en") or "",
            count=row["count"],
        )
        for row in rows
    ]


def _channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def volume_by(field: str, *, start: datetime, end: datetime, district: Unit | None = None) -> list[VolumeRow]:
    """Tickets received in [start, end) grouped by ``field``: ``channel``, ``request_type``,
    ``category`` (the level-1 category, 一级分类) or ``category_leaf`` (the ticket's own category);
    rows (key, label, count) by count, largest first. One query."""
    return _volume_rows(field, start=start, end=end, district=district)


def top_categories(
    *, start: datetime, end: datetime, limit: int = 10, district: Unit | None = None
) -> list[VolumeRow]:
    """The ``limit`` most frequent categories (the tickets' own, full path as the label). One query."""
    return _volume_rows("category_leaf", start=start, end=end, district=district, limit=limit)


@dataclass(frozen=True)
class AddressRow:
    address_key: str
    address: str  # one of the addresses as callers gave them
    count: int


def top_addresses(
    *, start: datetime, end: datetime, limit: int = 10, min_count: int = 2, district: Unit | None = None
) -> list[AddressRow]:
    """High-frequency places: normalised addresses (``Ticket.address_key``) with at least
    ``min_count`` tickets, the most frequent first, each with one sample of the address as given.
    One query."""
    rows = (
        tickets_received(start=start, end=end, district=district)
        .exclude(address_key="")
        .order_by()
        .values("address_key")
        .annotate(count=Count("pk"), sample=Min("address"))
        .filter(count__gte=min_count)
        .order_by("-count", "address_key")[:limit]
    )
    return [AddressRow(row["address_key"], row["sample"], row["count"]) for row in rows]


def district_volumes(*, start: datetime, end: datetime) -> dict[int, int]:
    """{district id: tickets received in [start, end) whose lead unit lies in the district}. One
    query; districts without tickets are absent."""
    rows = (
        current_leads()
        .filter(ticket__received_at__gte=start, ticket__received_at__lt=end)
        .annotate(district=_district_of_unit())
        .filter(district__isnull=False)
        .order_by()
        .values("district")
        .annotate(count=Count("ticket_id", distinct=True))
    )
    return {row["district"]: row["count"] for row in rows}


# --- streets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreetLine:
    unit_id: int
    code: str
    name: str
    district_id: int | None
    tickets: int
    counts: Counts
    response_rate: Decimal | None
    resolution_rate: Decimal | None
    satisfaction_rate: Decimal | None
    composite: Decimal | None


def street_table(
    *, start: datetime, end: datetime, district: Unit | None = None, as_of: datetime | None = None
) -> list[StreetLine]:
    """Per street (of the city, or of ``district``): the tickets received in the period whose lead
    unit it is, and its three rates and composite for the same period as ``metrics.computation``
    defines them, under the street scheme in force on the period's first day (without a scheme,
    only the response rate, which needs no credits). Active streets, and inactive ones with tickets;
    by code. Five queries, whatever the number of streets."""
    tickets = dict(
        current_leads()
        .filter(unit__kind=STREET, ticket__received_at__gte=start, ticket__received_at__lt=end)
        .order_by()
        .values("unit_id")
        .annotate(count=Count("ticket_id", distinct=True))
        .values_list("unit_id", "count")
    )
    streets = Unit.objects.filter(kind=STREET).filter(Q(is_active=True) | Q(pk__in=list(tickets)))
    if district is not None:
        streets = streets.filter(parent=district)
    counts = unit_counts(unit_kind=STREET, start=start, end=end, as_of=as_of)
    scheme = scheme_in_force(unit_kind=STREET, on=timezone.localdate(start))
    terms = scheme.terms() if scheme is not None else None
    lines = []
    for pk, code, name, parent_id in streets.order_by("code").values_list("pk", "code", "name", "parent_id"):
        sample = counts.get(pk, Counts())
        if terms is not None:
            rates = rates_of(sample, terms)
            figures = (rates.response, rates.resolution, rates.satisfaction, rates.composite)
        else:
            figures = (response_rate(met=sample.response_met, due=sample.response_due), None, None, None)
        response, resolution, satisfaction, composite = (figure(value) for value in figures)
        lines.append(
            StreetLine(
                unit_id=pk,
                code=code,
                name=name,
                district_id=parent_id,
                tickets=tickets.get(pk, 0),
                counts=sample,
                response_rate=response,
                resolution_rate=resolution,
                satisfaction_rate=satisfaction,
                composite=composite,
            )
        )
    return lines
