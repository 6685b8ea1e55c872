"""Who a user is in the organisation: their roles and the units they act for.

Every role check in pages and APIs goes through ``user_has_role`` so there is one answer."""

from django.db.models import Q, QuerySet

from accounts.models import HOTLINE_ROLES, Membership, Role
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


def acts_for(user, unit_id: int, *roles: Role | str) -> bool:
    """Whether the user acts for that unit in one of ``roles``. Reads the user's memberships once per
    user object (one request), so a list that asks for every row costs no query per row."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_unit_roles_cache", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, unit__is_active=True).values_list("unit_id", "role")
        )
        user._unit_roles_cache = cached
    return any((unit_id, role) in cached for role in roles)


def memberships_preload(user) -> None:
    """Fill both per-user caches above (roles; units and roles) with one query, for a user object
    that is kept beyond one request (accounts.api_tokens)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return
    pairs = frozenset(
        Membership.objects.filter(user=user, unit__is_active=True).values_list("unit_id", "role")
    )
    user._unit_roles_cache = pairs
    user._roles_cache = frozenset(role for _, role in pairs)


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


# Who looks into the work of units: the units a user acts for in these roles…
OWN_UNIT_ROLES = (Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF)
# …and the units (districts) whose whole territory a user looks into, in these.
TERRITORY_ROLES = (Role.DISTRICT_SUPERVISOR, Role.LEADER)
# How far down a territory reaches: its streets and departments (1), their communities (2).
TERRITORY_DEPTH = 2


def leads_the_city(user) -> bool:
    """Whether the user leads the city (and so looks into every unit's work)."""
    return Membership.objects.filter(
        user=user, unit__is_active=True, role=Role.LEADER, unit__kind=Unit.Kind.CITY
    ).exists()


def districts_in_reach(user) -> list[int]:
    """Ids of the active districts the user supervises or leads (empty for anyone else)."""
    return list(
        Membership.objects.filter(
            user=user, unit__is_active=True, role__in=TERRITORY_ROLES, unit__kind=Unit.Kind.DISTRICT
        ).values_list("unit_id", flat=True)
    )


def units_in_reach(user) -> list[int]:
    """Ids of the units whose work the user looks into — the one rule every list of tickets,
    assignments, whistles and figures builds on: the units they act for as a street official or
    department staff, and each unit they supervise or lead (a district) with its streets and
    departments and their communities. Empty for anyone else; who sees the whole city (the hotline,
    administrators, city leaders) is each list's own business, before it asks this.

    One small query that answers a list, so that the lists over millions of orders filter by
    ``unit_id = ANY(…)``, which the planner estimates from statistics and serves from an index,
    instead of an OR of subqueries, which makes it scan every order."""
    memberships = Membership.objects.filter(user=user, unit__is_active=True)
    own = memberships.filter(role__in=OWN_UNIT_ROLES).values("unit_id")
    territories = memberships.filter(role__in=TERRITORY_ROLES).values("unit_id")
    reach = Q(pk__in=own) | Q(pk__in=territories)
    lineage = "parent_id"
    for _level in range(TERRITORY_DEPTH):
        reach |= Q(**{f"{lineage}__in": territories})
        lineage = "parent__" + lineage
    return list(Unit.objects.filter(reach).values_list("pk", flat=True))


def units_to_pick(user, *, kinds) -> QuerySet[Unit]:
    """The active units of ``kinds`` a user may name in a form (dispatch, a return's suggestion, a
    summons): the whole city for the hotline, administrators and the units' own people (they name
    other units: where a return should go, which department to summon); a supervisor's or leader's
    reach for them; nothing for anyone else."""
    units = Unit.objects.filter(is_active=True, kind__in=kinds).select_related("parent__parent")
    roles = user_roles(user)
    if user.is_staff or not roles.isdisjoint({*HOTLINE_ROLES, Role.ADMINISTRATOR, *OWN_UNIT_ROLES}):
        return units
    if not roles.isdisjoint(TERRITORY_ROLES):
        return units if leads_the_city(user) else units.filter(pk__in=units_in_reach(user))
    return units.none()
