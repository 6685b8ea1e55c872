"""Reads of the unit tree. Units are reference data: every signed-in user may read them."""

import re

from django.db.models import Case, Q, QuerySet, Value, When

from units.models import Unit

# "八里庄街道（朝阳区）": a name with its district, as pickers show it (full-width or plain brackets).
LABELLED_NAME = re.compile(r"^(?P<name>.+?)\s*[（(](?P<district>[^（）()]+)[）)]$")


def unit_list(*, search: str = "") -> QuerySet[Unit]:
    units = Unit.objects.filter(is_active=True).select_related("parent", "department_kind")
    if search:
        units = units.filter(Q(name__contains=search) | Q(code__startswith=search))
    return units


def unit_district(unit: Unit) -> Unit | None:
    """The district a unit lies in (itself for a district; None above districts). Reads ``parent``
    and ``parent.parent``: select them with the unit where many are labelled."""
    node = unit
    while node is not None and node.kind != Unit.Kind.DISTRICT:
        node = node.parent
    return node


def unit_label(unit: Unit) -> str:
    """The unit's name with its district beside it where the name alone is ambiguous across the
    city (streets, communities, departments): "八里庄街道（朝阳区）"."""
    district = unit_district(unit)
    if district is None or district.pk == unit.pk:
        return unit.name
    return f"{unit.name}（{district.name}）"


def units_matching(units: QuerySet[Unit], search: str) -> QuerySet[Unit]:
    """What a picker lists for a few typed characters: names containing them or codes starting
    with them, an exact name or code first."""
    search = search.strip()
    found = units.filter(Q(name__contains=search) | Q(code__startswith=search))
    exact = Case(When(Q(name=search) | Q(code=search), then=Value(0)), default=Value(1))
    return found.annotate(exact=exact).order_by("exact", "name", "code")


def units_named(units: QuerySet[Unit], text: str) -> list[Unit]:
    """The units ``text`` names: the one with that code, else those with that exact name, or with
    that name in that district when it reads as a picker's label ("八里庄街道（朝阳区）")."""
    text = text.strip()
    by_code = list(units.filter(code=text)[:1])
    if by_code:
        return by_code
    named = list(units.filter(name=text)[:2])
    if named:
        return named
    labelled = LABELLED_NAME.match(text)
    if labelled is None:
        return []
    district = labelled["district"]
    return list(
        units.filter(name=labelled["name"])
        .filter(Q(parent__name=district) | Q(parent__parent__name=district))
        .select_related("parent")[:2]
    )
