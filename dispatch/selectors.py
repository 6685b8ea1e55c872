from datetime import datetime

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import acts_for, leads_the_city, units_in_reach, user_has_role, user_roles
from dispatch.assignment_states import HOTLINE as HOTLINE_STANDING
from dispatch.assignment_states import UNIT, WORKING, assignment_actions
from dispatch.models import Assignment, Clock, RoutingDecision, UnitRequest
from hotline.models import Ticket, Tier
from hotline.selectors.tickets import visible_tickets
from hotline.ticket_states import HOTLINE
from units.models import Unit

TIER_ORDER = Case(
    *(When(tier=tier, then=Value(rank)) for rank, tier in enumerate(Tier.values)),
    default=Value(len(Tier.values)),
    output_field=IntegerField(),
)


def dispatch_queue(user) -> QuerySet[Ticket]:
    """Tickets waiting for a person to dispatch them: most urgent tier first, then oldest, each
    with the router's newest decision (its proposal, evidence and candidates)."""
    decisions = RoutingDecision.objects.select_related("lead_unit", "district").order_by("-created_at", "-id")
    return (
        visible_tickets(user)
        .filter(status=Ticket.Status.PENDING)
        .annotate(tier_rank=TIER_ORDER)
        .order_by("tier_rank", "received_at")
        .prefetch_related(Prefetch("routing_decisions", queryset=decisions, to_attr="decisions"))
    )


# The role that acts for each kind of assigned unit.
ACTING_ROLE = {
    Unit.Kind.STREET: Role.STREET_OFFICIAL,
    Unit.Kind.DEPARTMENT: Role.DEPARTMENT_STAFF,
    Unit.Kind.ENTERPRISE: Role.DEPARTMENT_STAFF,
    Unit.Kind.DISTRICT: Role.DISTRICT_SUPERVISOR,
}


def assignment_standings(user, assignment: Assignment) -> frozenset[str]:
    """How the user stands towards an assignment: as its unit (a member in the acting role), as
    the hotline, both, or neither."""
    standings = set()
    role = ACTING_ROLE.get(assignment.unit.kind)
    if role and acts_for(user, assignment.unit_id, role):
        standings.add(UNIT)
    if user_has_role(user, *HOTLINE):
        standings.add(HOTLINE_STANDING)
    return frozenset(standings)


def assignment_reach(user) -> list[int] | None:
    """The ids of the units whose assignments the user sees, or None for every unit: the hotline,
    administrators and city leaders see all; a street official their streets', department staff
    their departments', a district supervisor those of every unit in their reach (``units_in_reach``,
    the rule ``visible_tickets`` uses, so a ticket and its assignments agree); no role, none."""
    roles = user_roles(user)
    if not roles:
        return []
    if not roles.isdisjoint(HOTLINE | {Role.ADMINISTRATOR}):
        return None
    if leads_the_city(user):
        return None
    return units_in_reach(user)


def visible_assignments(user) -> QuerySet[Assignment]:
    """Assignments of the tickets the user may see (``assignment_reach``), with their tickets."""
    return _assignments_within(assignment_reach(user))


def _assignments_within(reach: list[int] | None) -> QuerySet[Assignment]:
    assignments = Assignment.objects.select_related(
        "ticket", "ticket__category", "ticket__request_type", "unit"
    )
    if reach is None:
        return assignments
    return assignments.filter(unit_id__in=reach) if reach else assignments.none()


def current_leads() -> QuerySet[Assignment]:
    """The lead assignments in force: at most one per ticket (a returned one was replaced)."""
    return Assignment.objects.filter(role=Assignment.Role.LEAD).exclude(status=Assignment.Status.RETURNED)


def lead_assignment(ticket: Ticket) -> Assignment | None:
    """The ticket's lead assignment in force (its step is what the ticket's header shows)."""
    return current_leads().filter(ticket=ticket).select_related("unit").order_by("-pk").first()


def inbox(user) -> QuerySet[Assignment]:
    """Open assignments the user's units must act on, the most pressing first, with their running
    reply clock (due time) for the countdown. The tickets come for the page's rows only (a second
    query), not joined to every open order before the sort, which needs the order and its clock.

    A unit's few hundred open orders each look their clock up in the running reply clocks' index
    (a cost that does not grow with the city); the city-wide inbox joins those clocks once instead
    (the current cycle's: at most one, clocks being unique per order, kind and cycle), rather than
    running a lookup for each of the city's open orders."""
    reach = assignment_reach(user)
    open_orders = (
        _assignments_within(reach)
        .exclude(status__in=[Assignment.Status.CLOSED, Assignment.Status.RETURNED])
        .select_related(None)
        .select_related("unit")
        .prefetch_related(
            Prefetch("ticket", queryset=Ticket.objects.select_related("category", "request_type"))
        )
    )
    if reach is None:
        running_reply = FilteredRelation(
            "clocks",
            condition=Q(
                clocks__kind=Clock.Kind.REPLY, clocks__stopped_at__isnull=True, clocks__cycle=F("cycle")
            ),
        )
        open_orders = open_orders.annotate(running_reply=running_reply).annotate(
            reply_due=F("running_reply__due_at"), reply_started=F("running_reply__started_at")
        )
    else:
        running_reply = Clock.objects.filter(
            assignment=OuterRef("pk"), kind=Clock.Kind.REPLY, stopped_at__isnull=True, cycle=OuterRef("cycle")
        )
        open_orders = open_orders.annotate(
            reply_due=Subquery(running_reply.values("due_at")[:1]),
            reply_started=Subquery(running_reply.values("started_at")[:1]),
        )
    return open_orders.order_by(F("reply_due").asc(nulls_last=True), "assigned_at")


def pending_requests(user) -> QuerySet[UnitRequest]:
    """Returns and extension requests waiting for the hotline, oldest first."""
    visible = visible_assignments(user).filter(pk=OuterRef("assignment_id"))
    return (
        UnitRequest.objects.filter(Exists(visible), decision=UnitRequest.Decision.PENDING)
        .select_related("assignment__ticket", "assignment__unit", "suggested_unit", "requested_by")
        .order_by("requested_at")
    )


def reply_clock_breached(assignment: Assignment, *, at: datetime) -> bool:
    """Whether the reply clock of the assignment's current cycle is still running past its due time
    (which an approved extension has already moved). Reads prefetched clocks when there are."""
    return any(
        clock.kind == Clock.Kind.REPLY
        and clock.cycle == assignment.cycle
        and clock.stopped_at is None
        and clock.due_at <= at
        for clock in assignment.clocks.all()
    )


def assignment_available_actions(user, assignment: Assignment) -> list[str]:
    """The table's actions for this user now, less a callback on expiry before the deadline passed
    and a relay through the hotline for a caller who is not confidential."""
    actions = assignment_actions(
        role=assignment.role, status=assignment.status, standings=assignment_standings(user, assignment)
    )
    if "callback_expired" in actions and not reply_clock_breached(assignment, at=timezone.now()):
        actions.remove("callback_expired")
    if "request_relay" in actions and not assignment.ticket.confidential:
        actions.remove("request_relay")
    return actions


EXPIRED_STATES = (Assignment.Status.DISPATCHED, *WORKING)


def expired_unreplied(user) -> QuerySet[Assignment]:
    """Lead orders whose reply deadline (with approved extensions) passed without a reply: the
    hotline calls the citizen back itself (DOMAIN §4.6). Longest overdue first.

    A join on the running reply clock of the order's cycle (at most one: unique per order, kind
    and cycle), so the oldest due times come first from the clocks' index and a page stops after
    its rows, rather than sorting every open order of the city by a subquery."""
    return (
        visible_assignments(user)
        .filter(
            role=Assignment.Role.LEAD,
            status__in=EXPIRED_STATES,
            clocks__kind=Clock.Kind.REPLY,
            clocks__cycle=F("cycle"),
            clocks__stopped_at__isnull=True,
            clocks__due_at__lte=timezone.now(),
        )
        .annotate(reply_due=F("clocks__due_at"))
        .order_by("reply_due", "pk")
    )


def assignment_blocks(user, ticket: Ticket) -> list[dict]:
    """For the ticket page: each assignment the user may see, its clocks, and the steps this user
    may take now (only those get a button)."""
    visible = (
        visible_assignments(user).filter(ticket=ticket).prefetch_related("clocks").order_by("role", "id")
    )
    return [
        {
            "assignment": assignment,
            "id_str": str(assignment.pk),
            "clocks": sorted(assignment.clocks.all(), key=lambda clock: (clock.cycle, clock.due_at)),
            "actions": assignment_available_actions(user, assignment),
        }
        for assignment in visible
    ]
