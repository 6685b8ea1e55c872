"""Who receives a notice: the people behind a unit, a district or a role, as user ids.

Each function answers for many units in a few queries, so a sweep that notifies about a thousand
clocks does not ask once per clock. Only active users in active units count, as for roles
(``accounts.selectors.user_roles``)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from accounts.models import Membership, Role
from units.models import Unit

# City → district → street → community is the deepest chain above a unit that can have a district.
_MAX_DEPTH = 5


def _active_memberships():
    return Membership.objects.filter(user__is_active=True, unit__is_active=True)


def unit_member_ids(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """unit id → the users who act for that unit, in any role."""
    members: dict[int, set[int]] = defaultdict(set)
    pairs = _active_memberships().filter(unit_id__in=set(unit_ids)).values_list("unit_id", "user_id")
    for unit_id, user_id in pairs:
        members[unit_id].add(user_id)
    return members


def unit_districts(unit_ids: Iterable[int]) -> dict[int, int]:
    """unit id → the district it lies in (a district is its own). A street's parent is its district,
    a district department's too, a community's grandparent; city-level units have none. The chain
    of parents is read in one query."""
    chain = [f"{'parent__' * depth}{name}" for depth in range(_MAX_DEPTH) for name in ("id", "kind")]
    districts: dict[int, int] = {}
    for row in Unit.objects.filter(pk__in=set(unit_ids)).order_by().values_list(*chain):
        for depth in range(_MAX_DEPTH):
            at, kind = row[2 * depth], row[2 * depth + 1]
            if kind == Unit.Kind.DISTRICT:
                districts[row[0]] = at
                break
    return districts


def district_supervisor_ids(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """unit id → the supervisors of the unit's district."""
    districts = unit_districts(unit_ids)
    by_district: dict[int, set[int]] = defaultdict(set)
    pairs = (
        _active_memberships()
        .filter(role=Role.DISTRICT_SUPERVISOR, unit_id__in=set(districts.values()))
        .values_list("unit_id", "user_id")
    )
    for district_id, user_id in pairs:
        by_district[district_id].add(user_id)
    return {unit_id: by_district[district_id] for unit_id, district_id in districts.items()}


def unit_people_ids(unit_ids: Iterable[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """``unit_member_ids`` and ``district_supervisor_ids`` together, in two queries instead of
    three: the districts, then every membership either asks for."""
    unit_ids = set(unit_ids)
    districts = unit_districts(unit_ids)
    rows = (
        _active_memberships()
        .filter(
            Q(unit_id__in=unit_ids) | Q(role=Role.DISTRICT_SUPERVISOR, unit_id__in=set(districts.values()))
        )
        .values_list("unit_id", "user_id", "role")
    )
    members: dict[int, set[int]] = defaultdict(set)
    by_district: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id, role in rows:
        if unit_id in unit_ids:
            members[unit_id].add(user_id)
        if role == Role.DISTRICT_SUPERVISOR:
            by_district[unit_id].add(user_id)
    supervisors = {unit_id: by_district[district_id] for unit_id, district_id in districts.items()}
    return members, supervisors


def role_holder_ids(role: Role | str) -> set[int]:
    """Everyone holding ``role`` in some unit, e.g. every hotline dispatcher."""
    return set(_active_memberships().filter(role=role).values_list("user_id", flat=True))
