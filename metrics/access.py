"""Who sees which figures. Rankings are read out to every unit (人民评判), so anyone acting for a
unit may read the ranking tables; the tickets behind a figure are shown only for units the user may
look into: all of them for the hotline, administrators and city leaders; the district and its units
for a district's supervisors and leaders; their own units for streets and departments."""

from django.db.models import Q, QuerySet

from accounts.models import Membership, Role
from accounts.selectors import user_has_role
from units.models import Unit

READERS = (
    Role.LEADER,
    Role.DISTRICT_SUPERVISOR,
    Role.DISPATCHER,
    Role.ADMINISTRATOR,
    Role.STREET_OFFICIAL,
    Role.DEPARTMENT_STAFF,
)
ANALYSTS = (Role.LEADER, Role.DISTRICT_SUPERVISOR, Role.DISPATCHER, Role.ADMINISTRATOR)


def drillable_units(user) -> QuerySet[Unit]:
    if user_has_role(user, Role.DISPATCHER, Role.ADMINISTRATOR):
        return Unit.objects.all()
    memberships = Membership.objects.filter(user=user, unit__is_active=True)
    if memberships.filter(role=Role.LEADER, unit__kind=Unit.Kind.CITY).exists():
        return Unit.objects.all()
    districts = memberships.filter(
        role__in=[Role.DISTRICT_SUPERVISOR, Role.LEADER], unit__kind=Unit.Kind.DISTRICT
    ).values("unit_id")
    own = memberships.filter(role__in=[Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF]).values("unit_id")
    return Unit.objects.filter(Q(pk__in=districts) | Q(parent_id__in=districts) | Q(pk__in=own))
