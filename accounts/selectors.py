"""Who a user is in the organisation: their roles and the units they act for.

Every role check in pages and APIs goes through ``user_has_role`` so there is one answer."""

from django.db.models import Q, QuerySet

from accounts.models import Membership, Role
from units.models import Unit


def user_roles(user) -> frozenset[str]:
    """The roles a user holds through active memberships, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, unit__is_active=True).values_list("role", flat=True)
        )
        user._roles_cache = cached
    return cached


def user_has_role(user, *roles: Role | str) -> bool:
    return not user_roles(user).isdisjoint(roles)


def user_units(user, *roles: Role | str) -> QuerySet[Unit]:
    """The active units a user acts for, in any of ``roles`` (all roles when none is given)."""
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Unit.objects.filter(is_active=True, pk__in=memberships.values("unit_id"))


def user_memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit", "unit__parent")
        .order_by("role", "unit__code")
    )


def units_in_reach(user, *, generations: int) -> list[int]:
    """Ids of the units whose work the user looks into: those they act for as a street official or
    department staff, and each district they supervise or lead with its units down ``generations``
    levels (1: its streets and departments; 2: their communities too). Empty for anyone else.

    One small query that answers a list, so that the lists over millions of orders filter by
    ``unit_id = ANY(…)``, which the planner estimates from statistics and serves from an index,
    instead of an OR of subqueries, which makes it scan every order."""
    memberships = Membership.objects.filter(user=user, unit__is_active=True)
    own = memberships.filter(role__in=[Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF]).values("unit_id")
    districts = memberships.filter(role__in=[Role.DISTRICT_SUPERVISOR, Role.LEADER]).values("unit_id")
    reach = Q(pk__in=own) | Q(pk__in=districts)
    lineage = "parent_id"
    for _generation in range(generations):
        reach |= Q(**{f"{lineage}__in": districts})
        lineage = "parent__" + lineage
    return list(Unit.objects.filter(reach).values_list("pk", flat=True))
