"""Whose orders make a ranked unit's figures, and which table a unit is ranked in.

- A district answers for its territory, as the city ranks it: every lead order of the district
  itself (its fallback 兜底 orders), of its direct children (its streets/townships and its own
  district-level departments and enterprises) and of their children (communities) — not only the
  orders the district leads.
- Every other kind answers for its own orders.
- Departments and enterprises are ranked in two tables by level: city-level (their parent is the
  city) and district-level (their parent is a district). A city does not compare its municipal
  bureaus with a district's sections."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import Unit

DISTRICT = Unit.Kind.DISTRICT
LEVELLED_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE)
CITY_LEVEL, DISTRICT_LEVEL = "city", "district"
LEVEL_LABELS = {CITY_LEVEL: _("City-level"), DISTRICT_LEVEL: _("District-level")}


def level_of(*, unit_kind: str, parent_kind: str | None) -> str:
    """ "city" or "district" for a department or enterprise (by its parent); "" for the other kinds,
    and for a department hung anywhere else (ranked in a table of its own rather than mixed in)."""
    if unit_kind not in LEVELLED_KINDS:
        return ""
    if parent_kind == Unit.Kind.CITY:
        return CITY_LEVEL
    if parent_kind == DISTRICT:
        return DISTRICT_LEVEL
    return ""


def territory_map(*, unit_kind: str) -> dict[int, int]:
    """{unit id whose orders count: the ranked unit of ``unit_kind`` they count for}, in one query."""
    if unit_kind != DISTRICT:
        return {pk: pk for pk in Unit.objects.filter(kind=unit_kind).values_list("pk", flat=True)}
    rows = Unit.objects.filter(
        Q(kind=DISTRICT) | Q(parent__kind=DISTRICT) | Q(parent__parent__kind=DISTRICT)
    ).values_list("pk", "kind", "parent_id", "parent__kind", "parent__parent_id")
    found = {}
    for pk, kind, parent_id, parent_kind, grandparent_id in rows:
        if kind == DISTRICT:
            found[pk] = pk
        elif parent_kind == DISTRICT:
            found[pk] = parent_id
        else:
            found[pk] = grandparent_id
    return found


def territory_ids(unit: Unit) -> list[int]:
    """The units whose orders make ``unit``'s figures (itself, and for a district its territory)."""
    if unit.kind != DISTRICT:
        return [unit.pk]
    return list(
        Unit.objects.filter(Q(pk=unit.pk) | Q(parent_id=unit.pk) | Q(parent__parent_id=unit.pk)).values_list(
            "pk", flat=True
        )
    )
