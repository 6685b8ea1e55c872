"""Reads of sub-orders (二次派单): who sees which, how a user stands towards one, the sub-units a unit
may hand down to, its sub-units' open and late work, and a sub-unit's inbox."""

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import acts_for, user_roles, user_units
from dispatch.assignment_states import UNIT as ASSIGNMENT_UNIT
from dispatch.assignment_states import WORKING as ASSIGNMENT_WORKING
from dispatch.models import Assignment, Clock, SubOrder
from dispatch.selectors import assignment_reach, assignment_standings
from dispatch.sub_order_states import OPEN, SUB_UNIT, UNIT, WORKING, sub_order_actions
from hotline.models import Ticket
from units.models import Unit

# The units that hand work down (a township is a street in the tree), and the kinds they hand it to.
HANDING_KINDS = (Unit.Kind.STREET, Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE)
SUB_UNIT_KINDS = (Unit.Kind.COMMUNITY, Unit.Kind.STATION, Unit.Kind.SECTION)


def late_q(*, at: datetime | None = None) -> Q:
    """A sub-order past its inner deadline and not reported (nor closed)."""
    return Q(status__in=WORKING, deadline__lt=at or timezone.now())


def visible_sub_orders(user) -> QuerySet[SubOrder]:
    """The sub-orders of the assignments the user sees (``assignment_reach``: the unit that handed
    them down, its district, the hotline …) and those handed to the sub-units the user works for."""
    sub_orders = SubOrder.objects.select_related("assignment__ticket", "assignment__unit", "sub_unit")
    reach = assignment_reach(user)
    if reach is None:
        return sub_orders
    if Role.SUB_UNIT_STAFF not in user_roles(user):
        return sub_orders.filter(assignment__unit_id__in=reach) if reach else sub_orders.none()
    handed_here = user_units(user, Role.SUB_UNIT_STAFF).values("pk")
    return sub_orders.filter(Q(assignment__unit_id__in=reach) | Q(sub_unit_id__in=handed_here))


def sub_order_standings(user, sub_order: SubOrder) -> frozenset[str]:
    """As the unit that handed it down (acting for the assignment's unit), as the sub-unit's staff,
    or neither."""
    standings = set()
    if ASSIGNMENT_UNIT in assignment_standings(user, sub_order.assignment):
        standings.add(UNIT)
    if acts_for(user, sub_order.sub_unit_id, Role.SUB_UNIT_STAFF):
        standings.add(SUB_UNIT)
    return frozenset(standings)


def sub_units_of(unit: Unit) -> QuerySet[Unit]:
    """The active direct children a unit may hand work down to."""
    return Unit.objects.filter(parent=unit, is_active=True, kind__in=SUB_UNIT_KINDS).order_by("code")


def assignment_deadline(assignment: Assignment) -> datetime | None:
    """The assignment's own deadline now: its running reply clock of the current cycle (an approved
    extension has already moved it). An inner deadline may not be later."""
    return (
        assignment.clocks.filter(kind=Clock.Kind.REPLY, cycle=assignment.cycle, stopped_at__isnull=True)
        .values_list("due_at", flat=True)
        .first()
    )


def may_hand_down(user, assignment: Assignment) -> bool:
    """The assignment's unit's people, while they work on it, if it has sub-units to hand to."""
    return (
        assignment.unit.kind in HANDING_KINDS
        and assignment.status in ASSIGNMENT_WORKING
        and ASSIGNMENT_UNIT in assignment_standings(user, assignment)
    )


def sub_order_available_actions(user, sub_order: SubOrder) -> list[str]:
    return sub_order_actions(status=sub_order.status, standings=sub_order_standings(user, sub_order))


def ticket_sub_orders(user, ticket: Ticket) -> list[dict]:
    """For the ticket page: each sub-order of the ticket the user sees, with the steps this user
    may take now, and for each assignment the user may hand down, its sub-units and deadline."""
    now = timezone.now()
    rows = visible_sub_orders(user).filter(assignment__ticket=ticket).order_by("issued_at", "pk")
    return [
        {
            "sub_order": sub_order,
            "late": sub_order.status in WORKING and sub_order.deadline < now,
            "actions": sub_order_available_actions(user, sub_order),
        }
        for sub_order in rows
    ]


def hand_down_forms(user, ticket: Ticket) -> list[dict]:
    """The assignments of the ticket the user may hand down now, with their sub-units to pick and
    the latest inner deadline allowed."""
    forms = []
    for assignment in ticket.assignments.select_related("unit"):
        if not may_hand_down(user, assignment):
            continue
        sub_units = list(sub_units_of(assignment.unit))
        deadline = assignment_deadline(assignment)
        if sub_units and deadline is not None:
            forms.append({"assignment": assignment, "sub_units": sub_units, "deadline": deadline})
    return forms


def sub_unit_workload(user) -> list[dict]:
    """下级工单: per sub-unit below the units the user sees, its open sub-orders and how many of them
    are late; the sub-units with the most late work first."""
    rows = (
        visible_sub_orders(user)
        .filter(status__in=OPEN)
        .order_by()
        .values("sub_unit_id", "sub_unit__name", "assignment__unit__name")
        .annotate(open=Count("pk"), late=Count("pk", filter=late_q()))
    )
    return sorted(rows, key=lambda row: (-row["late"], -row["open"], row["sub_unit__name"]))


def sub_inbox(user) -> QuerySet[SubOrder]:
    """A sub-unit's orders: those handed to the units the user works for as sub-unit staff, open
    ones first by inner deadline, then the closed ones, newest first."""
    return (
        SubOrder.objects.filter(sub_unit__in=user_units(user, Role.SUB_UNIT_STAFF))
        .select_related("assignment__ticket", "assignment__ticket__category", "assignment__unit", "sub_unit")
        .order_by(F("closed_at").desc(nulls_first=True), "deadline", "pk")
    )
