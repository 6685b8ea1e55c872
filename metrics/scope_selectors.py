"""Who sees which appeals and exclusions: the hotline and administrators all; a unit's people their
unit's; a district's supervisors those of the district's units (as for the figures)."""

from django.db.models import QuerySet

from accounts.permissions import SCOPE_DECIDERS
from accounts.selectors import user_has_role
from dispatch.assignment_states import UNIT
from dispatch.models import Assignment
from dispatch.selectors import assignment_standings
from metrics.access import drillable_units
from metrics.models import Appeal, Exclusion, ReasonCode, ScopeEvent


def visible_appeals(user) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(unit__in=drillable_units(user))
        .select_related("assignment__ticket", "unit", "filed_by", "decided_by")
        .order_by("-filed_at", "-pk")
    )


def pending_appeals(user) -> QuerySet[Appeal]:
    return visible_appeals(user).filter(decision=Appeal.Decision.PENDING).order_by("filed_at", "pk")


def visible_exclusions(user) -> QuerySet[Exclusion]:
    return (
        Exclusion.objects.filter(assignment__unit__in=drillable_units(user))
        .select_related("assignment__ticket", "assignment__unit", "excluded_by")
        .order_by("-excluded_at", "-pk")
    )


def ticket_scope_events(ticket) -> QuerySet[ScopeEvent]:
    """Every assessment-scope decision on the ticket's orders, for its page."""
    return (
        ScopeEvent.objects.filter(assignment__ticket=ticket)
        .select_related("actor", "assignment__unit")
        .order_by("at", "pk")
    )


def ticket_assessment(user, ticket) -> dict:
    """For the ticket page: the scope decisions on its orders, and which lead orders this user may
    appeal (their unit's, in scope, no appeal waiting) or exclude (the hotline)."""
    leads = [a for a in ticket.assignments.select_related("unit") if a.role == Assignment.Role.LEAD]
    excluded = set(Exclusion.objects.filter(assignment__in=leads).values_list("assignment_id", flat=True))
    waiting = set(
        Appeal.objects.filter(assignment__in=leads, decision=Appeal.Decision.PENDING).values_list(
            "assignment_id", flat=True
        )
    )
    open_leads = [a for a in leads if a.pk not in excluded]
    return {
        "events": ticket_scope_events(ticket),
        "appealable": [
            a for a in open_leads if a.pk not in waiting and UNIT in assignment_standings(user, a)
        ],
        "excludable": open_leads if user_has_role(user, *SCOPE_DECIDERS) else [],
        "reasons": ReasonCode.choices,
    }
