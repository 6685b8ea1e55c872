"""Reads about proactive tasks: who sees which, where a user stands on one, which units a creator
may name. The figures (a task's effect, a topic's tickets) are ``governance.figures``'."""

from django.db.models import Q, QuerySet

from accounts.models import HOTLINE_ROLES, Membership, Role
from accounts.permissions import ANALYSTS
from accounts.selectors import (
    leads_the_city,
    units_in_reach,
    units_to_pick,
    user_has_role,
    user_roles,
    user_units,
)
from governance.models import ProactiveTask
from governance.states import CREATOR, OWNER
from units.models import Unit

# The kinds of unit that may own a task: every unit that handles work, not the hotline or the city.
OWNER_KINDS = tuple(kind for kind in Unit.Kind.values if kind not in {"city", "hotline"})
# Who answers for an owner unit.
OWNER_ROLES = (Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF, Role.SUB_UNIT_STAFF)


def sees_every_task(user) -> bool:
    roles = user_roles(user)
    return (
        user.is_staff
        or not roles.isdisjoint({*HOTLINE_ROLES, Role.ADMINISTRATOR})
        or (Role.LEADER in roles and leads_the_city(user))
    )


def visible_tasks(user) -> QuerySet[ProactiveTask]:
    """The one answer to "which tasks may this user see", for every list and detail: the hotline,
    administrators and city leaders all; a supervisor or district leader those owned by or placed
    in their districts' units; an owner unit's people its tasks; anyone what they created."""
    tasks = ProactiveTask.objects.all()
    if not getattr(user, "is_authenticated", False):
        return tasks.none()
    if sees_every_task(user):
        return tasks
    units = set(units_in_reach(user)) | set(
        user_units(user, Role.SUB_UNIT_STAFF).values_list("pk", flat=True)
    )
    owned = ProactiveTask.owners.through.objects.filter(unit_id__in=units).values("proactivetask_id")
    return tasks.filter(Q(street_id__in=units) | Q(pk__in=owned) | Q(created_by=user))


def may_create(user) -> bool:
    return user_has_role(user, *ANALYSTS)


def owner_choices(user) -> QuerySet[Unit]:
    """The units a creator may give a task to: their reach (the whole city for the hotline,
    administrators and city leaders)."""
    return (
        units_to_pick(user, kinds=OWNER_KINDS).order_by("code") if may_create(user) else Unit.objects.none()
    )


def street_choices(user) -> QuerySet[Unit]:
    return owner_choices(user).filter(kind=Unit.Kind.STREET)


def task_standings(user, task: ProactiveTask) -> set[str]:
    standings = set()
    if Membership.objects.filter(
        user=user, unit__in=task.owners.all(), unit__is_active=True, role__in=OWNER_ROLES
    ).exists():
        standings.add(OWNER)
    if task.created_by_id == user.pk:
        standings.add(CREATOR)
    return standings
