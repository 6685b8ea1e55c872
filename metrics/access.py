"""Who sees which figures. Rankings are read out to every unit (人民评判), so anyone acting for a
unit may read the ranking tables; the tickets behind a figure are shown only for units the user may
look into: all of them for the hotline, administrators and city leaders; the district and its units
for a district's supervisors and leaders (``units_in_reach``); their own units for streets and departments."""

from django.db.models import QuerySet

from accounts.models import Role
from accounts.selectors import leads_the_city, units_in_reach, user_has_role
from units.models import Unit


def drillable_units(user) -> QuerySet[Unit]:
    if user_has_role(user, Role.DISPATCHER, Role.ADMINISTRATOR):
        return Unit.objects.all()
    if leads_the_city(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=units_in_reach(user))
