"""Reads of the unit tree. Units are reference data: every signed-in user may read them."""

from django.db.models import Q, QuerySet

from units.models import Unit


def unit_list(*, search: str = "") -> QuerySet[Unit]:
    units = Unit.objects.filter(is_active=True).select_related("parent", "department_kind")
    if search:
        units = units.filter(Q(name__contains=search) | Q(code__startswith=search))
    return units
