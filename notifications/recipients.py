"""Who receives a notice: the people behind a unit, a district or a role, as user ids.

Each function answers for many units in a few queries, so a sweep that notifies about a thousand
clocks does not ask once per clock. Only active users in active units count, as for roles
(``accounts.selectors.user_roles``)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from accounts.models import Membership, Role
from units.tree import unit_districts


def _active_memberships():
    return Membership.objects.filter(user__is_active=True, unit__is_active=True)


def unit_member_ids(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """unit id → the users who act for that unit, in any role."""
    members: dict[int, set[int]] = defaultdict(set)
    pairs = _active_memberships().filter(unit_id__in=set(unit_ids)).values_list("unit_id", "user_id")
    for unit_id, user_id in pairs:
        members[unit_id].add(user_id)
    return members


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
    """``unit_member_ids`` and ``district_supervisor_ids`` together, in one query for the
    memberships either asks for (the districts come from the copy of the unit tree, units.tree)."""
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
