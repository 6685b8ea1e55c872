"""Reads about supervision orders: who sees which, where a user stands on one, which level a user
issues at, and the month's counts per unit beside the ranking."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import HOTLINE_ROLES, Membership, Role
from accounts.selectors import (
    districts_in_reach,
    leads_the_city,
    units_in_reach,
    user_has_role,
    user_roles,
    user_units,
)
from supervision.models import Level, SupervisionOrder
from supervision.states import DECIDER, UNIT
from units.models import Unit
from units.tree import unit_districts

# The kinds of unit an order may ask to answer: every unit that handles work, not the hotline or
# the city itself.
SUPERVISED_KINDS = tuple(kind for kind in Unit.Kind.values if kind not in {"city", "hotline"})
# Who answers for the unit an order names.
ANSWERER_ROLES = (
    Role.STREET_OFFICIAL,
    Role.DEPARTMENT_STAFF,
    Role.SUB_UNIT_STAFF,
    Role.DISTRICT_SUPERVISOR,
)
# Who may issue at all (the level and the reach decide the rest): not operators, not the units.
ISSUER_ROLES = (Role.DISPATCHER, Role.DISTRICT_SUPERVISOR, Role.LEADER)


def sees_every_order(user) -> bool:
    roles = user_roles(user)
    return (
        user.is_staff
        or not roles.isdisjoint({*HOTLINE_ROLES, Role.ADMINISTRATOR})
        or (Role.LEADER in roles and leads_the_city(user))
    )


def visible_orders(user) -> QuerySet[SupervisionOrder]:
    """The one answer to "which orders may this user see", for every list and detail: the hotline,
    administrators and city leaders all; a supervisor or district leader their districts' units; a
    unit's people the orders it must answer; anyone what they issued."""
    orders = SupervisionOrder.objects.all()
    if not getattr(user, "is_authenticated", False):
        return orders.none()
    if sees_every_order(user):
        return orders
    units = set(units_in_reach(user)) | set(
        user_units(user, Role.SUB_UNIT_STAFF).values_list("pk", flat=True)
    )
    return orders.filter(
        Q(unit_id__in=units) | Q(district_id__in=districts_in_reach(user)) | Q(issued_by=user)
    )


def issue_level(user, unit: Unit) -> str | None:
    """The level ``user`` issues an order to ``unit`` at, or None if they may not: a city leader the
    city's, anywhere; a district supervisor or leader the district's, within their district; a
    dispatcher the hotline's."""
    if not unit.is_active or unit.kind not in SUPERVISED_KINDS or not user_has_role(user, *ISSUER_ROLES):
        return None
    if user_has_role(user, Role.LEADER) and leads_the_city(user):
        return Level.CITY
    if user_has_role(user, Role.DISTRICT_SUPERVISOR, Role.LEADER):
        district = unit_districts([unit.pk]).get(unit.pk)
        if district is not None and district in districts_in_reach(user):
            return Level.DISTRICT
    if user_has_role(user, Role.DISPATCHER):
        return Level.HOTLINE
    return None


def may_issue(user) -> bool:
    """Whether to offer the action at all (the unit is checked when it is named)."""
    return user_has_role(user, *ISSUER_ROLES)


def decides_level(user, *, level: str, district_id: int | None) -> bool:
    """Whether ``user`` speaks for ``level`` on an order of that district."""
    if level == Level.HOTLINE:
        return user_has_role(user, Role.DISPATCHER)
    if level == Level.DISTRICT:
        return district_id is not None and district_id in districts_in_reach(user)
    return user_has_role(user, Role.LEADER) and leads_the_city(user)


def order_standings(user, order: SupervisionOrder) -> set[str]:
    standings = set()
    if Membership.objects.filter(
        user=user, unit_id=order.unit_id, unit__is_active=True, role__in=ANSWERER_ROLES
    ).exists():
        standings.add(UNIT)
    if order.issued_by_id == user.pk or decides_level(user, level=order.level, district_id=order.district_id):
        standings.add(DECIDER)
    return standings


def decider_ids(order: SupervisionOrder) -> frozenset[int]:
    """Who hears that an order was answered: its issuer; for an order the system issued on
    escalation, the people who decide at its level (the district's supervisors and leaders, or
    the city's leaders)."""
    if order.issued_by_id is not None:
        return frozenset({order.issued_by_id})
    people = Membership.objects.filter(user__is_active=True, unit__is_active=True)
    if order.level == Level.DISTRICT:
        people = people.filter(unit_id=order.district_id, role__in=(Role.DISTRICT_SUPERVISOR, Role.LEADER))
    else:
        people = people.filter(role=Role.LEADER, unit__kind=Unit.Kind.CITY)
    return frozenset(people.values_list("user_id", flat=True))


@dataclass(frozen=True)
class SupervisedCounts:
    received: int = 0  # orders issued to the unit in the month (an escalation is another order)
    overdue: int = 0  # of those, flagged unanswered past their deadline


def supervision_counts(*, month: date, unit_kind: str) -> dict[int, SupervisedCounts]:
    """unit id → the month's orders received and overdue, for every unit of ``unit_kind`` that had
    any: one aggregate query, however many units."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(month.replace(day=1), time.min, tzinfo=tz)
    following = month.replace(day=28).toordinal() + 4  # a day of the next month
    end = datetime.combine(date.fromordinal(following).replace(day=1), time.min, tzinfo=tz)
    rows = (
        SupervisionOrder.objects.filter(issued_at__gte=start, issued_at__lt=end, unit__kind=unit_kind)
        .values("unit_id")
        .annotate(received=Count("pk"), overdue=Count("pk", filter=Q(flagged_at__isnull=False)))
        .order_by()
    )
    return {row["unit_id"]: SupervisedCounts(row["received"], row["overdue"]) for row in rows}
